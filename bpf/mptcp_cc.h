/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the coupled congestion controls (cc_*.bpf.c) share: TCP's Reno
 * pieces they build on (kfuncs of bpf_tcp_ca), the clamps that keep their
 * integer arithmetic below 2^64, and the kernel's cwnd-limited test.
 * The view of the connection's other subflows is in mptcp_bpf.h
 * (bpf_mptcp_cc_view(), bpf_mptcp_cc_publish()).
 */
#ifndef __MPTCP_CC_H
#define __MPTCP_CC_H

#include "mptcp_bpf.h"

extern __u32 tcp_reno_ssthresh(struct sock *sk) __ksym;
extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;
extern __u32 tcp_slow_start(struct tcp_sock *tp, __u32 acked) __ksym;
extern void tcp_cong_avoid_ai(struct tcp_sock *tp, __u32 w, __u32 acked) __ksym;

/* windows of a million packets, RTTs of a second (us) at most */
#define CC_CWND_MAX	(1U << 20)
#define CC_RTT_MAX	(1U << 20)

static __always_inline __u64 cc_clamp(__u64 v, __u64 lo, __u64 hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* As the kernel's tcp_is_cwnd_limited(): growth only for a window in use. */
static __always_inline bool cc_cwnd_limited(const struct tcp_sock *tp)
{
	if (tp->snd_cwnd < tp->snd_ssthresh)
		return tp->snd_cwnd < 2 * tp->max_packets_out;
	return BPF_CORE_READ_BITFIELD(tp, is_cwnd_limited);
}

/* Reno's answer to a loss and to its undo: the halving stays per subflow
 * in the coupled algorithms (RFC 6356 section 3).
 */
#define CC_RENO_LOSS(prefix)						\
SEC("struct_ops")							\
__u32 BPF_PROG(prefix##_ssthresh, struct sock *sk)			\
{									\
	prefix##_loss(sk);						\
	return tcp_reno_ssthresh(sk);					\
}									\
									\
SEC("struct_ops")							\
__u32 BPF_PROG(prefix##_undo_cwnd, struct sock *sk)			\
{									\
	return tcp_reno_undo_cwnd(sk);					\
}

#endif /* __MPTCP_CC_H */
