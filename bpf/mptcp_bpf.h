/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What a BPF MPTCP policy includes: the kernel's types (vmlinux.h, dumped
 * from the kernel we build), libbpf's helpers, and the kfuncs our core
 * offers a scheduler.  Names follow the mptcp_net-next "export" branch, so
 * schedulers written for it build here unchanged.
 */
#ifndef __MPTCP_BPF_H
#define __MPTCP_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MPTCP_SUBFLOWS_MAX	8

/* get_send() marked nothing on purpose: hold new data back until a busy
 * subflow can take it.  The core honours it while some subflow has data
 * in flight (their ACKs ask again), for a second at most.
 */
#define MPTCP_SCHED_WAIT	1

/* Mark @subflow to carry the current decision's data (several marks: the
 * same data on each, a redundant scheduler).  Marking a subflow of
 * another connection ejects the scheduler from this one.
 */
extern void mptcp_subflow_set_scheduled(struct mptcp_subflow_context *subflow,
					bool scheduled) __ksym;
/* Established, not closing, and allowed to carry data (a joined subflow
 * waits for its third ACK to be acknowledged).  NULL-safe.
 */
extern bool mptcp_subflow_active(struct mptcp_subflow_context *subflow) __ksym;
extern struct mptcp_subflow_context *bpf_mptcp_subflow_ctx(const struct sock *sk) __ksym;
extern struct sock *bpf_mptcp_subflow_tcp_sock(const struct mptcp_subflow_context *subflow) __ksym;
/* Nothing at TCP level waits for an ACK or for room to be sent. */
extern bool bpf_mptcp_subflow_queues_empty(struct sock *sk) __ksym;

/* bpf_for_each(mptcp_subflow, subflow, msk): the connection's subflows,
 * only inside a callback of the connection's own policy.
 */
extern int bpf_iter_mptcp_subflow_new(struct bpf_iter_mptcp_subflow *it,
				      struct mptcp_sock *msk) __ksym;
extern struct mptcp_subflow_context *
bpf_iter_mptcp_subflow_next(struct bpf_iter_mptcp_subflow *it) __ksym;
extern void bpf_iter_mptcp_subflow_destroy(struct bpf_iter_mptcp_subflow *it) __ksym;

/* Path managers: ask for a subflow (queued, opened after the callback
 * returns, within the namespace's limits), build on the built-in "kernel"
 * path manager, arm the one-shot timer.
 */
extern int bpf_mptcp_pm_subflow_create(struct mptcp_sock *msk,
				       const struct mptcp_addr_info *local,
				       const struct mptcp_addr_info *remote,
				       bool backup) __ksym;
extern int bpf_mptcp_pm_kernel_established(struct mptcp_sock *msk) __ksym;
extern int bpf_mptcp_pm_timer_arm(struct mptcp_sock *msk, __u32 ms) __ksym;

/* ... announce an address (ADD_ADDR) or withdraw one (RM_ADDR, its
 * subflows reset after the callback), ask for a subflow to be a backup or
 * not (MP_PRIO), reset a subflow (after the callback; never the last),
 * read the namespace's endpoints (returns the flags, < 0 past the last).
 */
extern int bpf_mptcp_pm_announce(struct mptcp_sock *msk,
				 const struct mptcp_addr_info *addr) __ksym;
extern int bpf_mptcp_pm_remove_addr(struct mptcp_sock *msk, __u8 id) __ksym;
extern int bpf_mptcp_pm_set_backup(struct mptcp_sock *msk,
				   struct mptcp_subflow_context *subflow, bool backup) __ksym;
extern int bpf_mptcp_pm_subflow_close(struct mptcp_sock *msk,
				      struct mptcp_subflow_context *subflow) __ksym;
extern int bpf_mptcp_pm_endpoint(struct mptcp_sock *msk, int idx,
				 struct mptcp_addr_info *addr) __ksym;

/* Coupled congestion control (bpf_tcp_ca): publish @sk's cwnd and srtt and
 * read every subflow's of its connection into @peers (at most
 * MPTCP_SUBFLOWS_MAX entries, @sk's with self set).  Returns how many; 0
 * on a plain TCP socket, whose congestion control then has no one to
 * couple with.
 */
extern int bpf_mptcp_cc_view(struct sock *sk, struct mptcp_cc_peer *peers,
			     __u32 peers__sz) __ksym;
/* A value of the algorithm's own in @sk's entry, for the others' view. */
extern int bpf_mptcp_cc_publish(struct sock *sk, __u32 value) __ksym;

#define MPTCP_PM_ADDR_FLAG_SIGNAL	(1 << 0)
#define MPTCP_PM_ADDR_FLAG_SUBFLOW	(1 << 1)
#define MPTCP_PM_ADDR_FLAG_BACKUP	(1 << 2)
#define MPTCP_PM_ADDR_FLAG_FULLMESH	(1 << 3)
#define MPTCP_PM_ENDPOINTS_MAX		8

#ifndef AF_INET
#define AF_INET		2
#define AF_INET6	10
#endif

static __always_inline bool v4_mapped(const struct in6_addr *a)
{
	return !(a->in6_u.u6_addr32[0] | a->in6_u.u6_addr32[1]) &&
	       a->in6_u.u6_addr32[2] == bpf_htonl(0xffff);
}

/* The addresses of a socket (the msk, or a subflow's TCP socket) as a
 * path manager passes them: a v4-mapped IPv6 pair is an IPv4 one, and the
 * local port is left 0 (any) for a new subflow.
 */
static __always_inline void mptcp_sock_addrs(const struct sock *sk,
					     struct mptcp_addr_info *local,
					     struct mptcp_addr_info *remote)
{
	const struct sock_common *c = &sk->__sk_common;

	__builtin_memset(local, 0, sizeof(*local));
	__builtin_memset(remote, 0, sizeof(*remote));
	remote->port = c->skc_dport;
	if (c->skc_family == AF_INET6 && !v4_mapped(&c->skc_v6_daddr)) {
		local->family = remote->family = AF_INET6;
		local->addr6 = c->skc_v6_rcv_saddr;
		remote->addr6 = c->skc_v6_daddr;
		return;
	}
	local->family = remote->family = AF_INET;
	local->addr.s_addr = c->skc_rcv_saddr;	/* v4-mapped: the same field */
	remote->addr.s_addr = c->skc_daddr;
}

/* A copy of an address the kernel handed over: BPF reads kernel memory
 * member by member, never across members as a struct copy would.
 */
static __always_inline void mptcp_addr_copy(struct mptcp_addr_info *dst,
					    const struct mptcp_addr_info *src)
{
	int i;

	__builtin_memset(dst, 0, sizeof(*dst));
	dst->id = src->id;
	dst->family = src->family;
	dst->port = src->port;
	for (i = 0; i < 4; i++)
		dst->addr6.in6_u.u6_addr32[i] = src->addr6.in6_u.u6_addr32[i];
}

/* Same family and address; ports are not compared. */
static __always_inline bool mptcp_addr_eq(const struct mptcp_addr_info *a,
					  const struct mptcp_addr_info *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->addr.s_addr == b->addr.s_addr;
	return !((a->addr6.in6_u.u6_addr32[0] ^ b->addr6.in6_u.u6_addr32[0]) |
		 (a->addr6.in6_u.u6_addr32[1] ^ b->addr6.in6_u.u6_addr32[1]) |
		 (a->addr6.in6_u.u6_addr32[2] ^ b->addr6.in6_u.u6_addr32[2]) |
		 (a->addr6.in6_u.u6_addr32[3] ^ b->addr6.in6_u.u6_addr32[3]));
}

static __always_inline struct sock *
mptcp_subflow_tcp_sock(const struct mptcp_subflow_context *subflow)
{
	return subflow->tcp_sock;
}

/* Backup as either end sees it: the peer asked (MP_JOIN/MP_PRIO B bit)
 * or we did.
 */
static __always_inline bool mptcp_subflow_is_backup(const struct mptcp_subflow_context *subflow)
{
	return subflow->backup || subflow->request_bkup;
}

/* TCP's view of a subflow: srtt and mdev in us (unscaled), cwnd, mss. */
struct subflow_tcp {
	__u32	srtt_us;
	__u32	mdev_us;
	__u32	cwnd;
	__u32	mss;
	__u32	unsent;		/* queued at TCP, not sent yet */
};

static __always_inline bool subflow_tcp_read(struct mptcp_subflow_context *subflow,
					     struct subflow_tcp *t)
{
	struct tcp_sock *tp = bpf_skc_to_tcp_sock(subflow->tcp_sock);

	if (!tp)
		return false;
	t->srtt_us = tp->srtt_us >> 3;
	t->mdev_us = tp->mdev_us >> 2;
	t->cwnd = tp->snd_cwnd;
	t->mss = tp->mss_cache ? : 1;
	t->unsent = tp->write_seq - tp->snd_nxt;
	return true;
}

/* Whether TCP can send what the subflow holds within one window: room
 * for another burst without committing data behind a full cwnd.
 */
static __always_inline bool subflow_tcp_has_room(const struct subflow_tcp *t)
{
	return t->unsent < t->cwnd * t->mss;
}

/* The usable subflows that matter to RTT-aware schedulers: the fastest
 * (lowest smoothed RTT) regular one, the fastest regular one with room,
 * and the first backup.
 */
struct rtt_pick {
	struct mptcp_subflow_context *fast, *avail, *bkup;
};

static __always_inline void pick_by_rtt(struct mptcp_sock *msk, struct rtt_pick *p)
{
	struct mptcp_subflow_context *subflow;
	__u32 rtt_fast = ~0U, rtt_avail = ~0U;

	p->fast = p->avail = p->bkup = NULL;
	bpf_for_each(mptcp_subflow, subflow, msk) {
		struct subflow_tcp t;

		if (!mptcp_subflow_active(subflow) || !subflow_tcp_read(subflow, &t))
			continue;
		if (mptcp_subflow_is_backup(subflow)) {
			if (!p->bkup)
				p->bkup = subflow;
			continue;
		}
		if (t.srtt_us < rtt_fast) {
			p->fast = subflow;
			rtt_fast = t.srtt_us;
		}
		if (subflow_tcp_has_room(&t) && t.srtt_us < rtt_avail) {
			p->avail = subflow;
			rtt_avail = t.srtt_us;
		}
	}
}

/* What every RTT-aware scheduler answers alike: no regular subflow (send
 * on a backup, or nothing), or none with room (wait for an ACK).  True
 * with *ret set when settled; false leaves p->fast vs p->avail to decide.
 */
static __always_inline bool rtt_pick_settled(const struct rtt_pick *p, int *ret)
{
	if (!p->fast) {
		*ret = p->bkup ? 0 : -1;
		if (p->bkup)
			mptcp_subflow_set_scheduled(p->bkup, true);
		return true;
	}
	if (!p->avail) {
		*ret = MPTCP_SCHED_WAIT;
		return true;
	}
	return false;
}

#endif /* __MPTCP_BPF_H */
