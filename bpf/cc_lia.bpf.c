// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_lia: coupled congestion control for MPTCP, the Linked Increases
 * Algorithm of RFC 6356, as a BPF TCP congestion control.
 *
 * Uncoupled, each subflow is one Reno flow: two subflows through one
 * bottleneck take twice a TCP flow's share of it.  LIA couples only the
 * increase: in congestion avoidance subflow i grows, per packet acked, by
 *
 *	min(alpha / cwnd_total, 1 / cwnd_i),
 *	alpha = cwnd_total * max_j(cwnd_j / rtt_j^2) / (sum_j cwnd_j / rtt_j)^2
 *
 * so the connection as a whole is no more aggressive than one TCP flow on
 * its best path, and moves traffic off the more congested paths.  Slow
 * start and the halving on loss stay per subflow, as the RFC says.
 *
 * The other subflows' windows come from bpf_mptcp_cc_view() (the core
 * publishes each subflow's cwnd and srtt lock-free).  Alone -- a plain
 * TCP socket, or an MPTCP connection with one subflow -- it is Reno.
 *
 * Select it per connection: setsockopt(IPPROTO_TCP, TCP_CONGESTION,
 * "bpf_lia") on the MPTCP socket applies to all its subflows.
 */
#include "mptcp_cc.h"

char _license[] SEC("license") = "GPL";

/*
 * The increase as tcp_cong_avoid_ai()'s unit: one packet per w acked,
 *
 *	1/w = min(alpha / cwnd_total, 1 / cwnd_i)
 *	  w = max(cwnd_i, (sum_j cwnd_j / rtt_j)^2 / max_j(cwnd_j / rtt_j^2)).
 *
 * With m the subflow of the largest cwnd/rtt^2, the second term is
 * (sum_j cwnd_j * rtt_m / rtt_j)^2 / cwnd_m: integers, no alpha.
 */
static __always_inline __u32 lia_w(struct sock *sk, __u32 cwnd)
{
	struct mptcp_cc_peer peers[MPTCP_SUBFLOWS_MAX] = {};
	__u64 c[MPTCP_SUBFLOWS_MAX], r[MPTCP_SUBFLOWS_MAX];
	__u64 sum = 0, w;
	int n, m = 0;

	n = bpf_mptcp_cc_view(sk, peers, sizeof(peers));
	if (n < 2)
		return cwnd;	/* no one to couple with: Reno */
	for (int i = 0; i < MPTCP_SUBFLOWS_MAX; i++) {
		if (i >= n)
			break;
		c[i] = cc_clamp(peers[i].cwnd, 1, CC_CWND_MAX);
		r[i] = cc_clamp(peers[i].srtt_us, 1, CC_RTT_MAX);
		/* c_i / r_i^2 > c_m / r_m^2, multiplied out */
		if (i && c[i] * r[m] * r[m] > c[m] * r[i] * r[i])
			m = i;
	}
	/* sum scaled by 16 for the ratios' fractions */
	for (int i = 0; i < MPTCP_SUBFLOWS_MAX; i++) {
		if (i >= n)
			break;
		sum += (c[i] * r[m] << 4) / r[i];
	}
	if (sum >= 1ULL << 32)	/* a window beyond any real one: barely grow */
		return 0x7fffffff;
	w = sum * sum / (c[m] << 8);
	if (w > 0x7fffffff)
		w = 0x7fffffff;
	return w > cwnd ? w : cwnd;
}

SEC("struct_ops")
void BPF_PROG(lia_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	struct tcp_sock *tp = (struct tcp_sock *)sk;

	if (!cc_cwnd_limited(tp))
		return;
	if (tp->snd_cwnd < tp->snd_ssthresh) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	tcp_cong_avoid_ai(tp, lia_w(sk, tp->snd_cwnd), acked);
}

static __always_inline void lia_loss(struct sock *sk)
{
}

CC_RENO_LOSS(lia)

SEC(".struct_ops.link")
struct tcp_congestion_ops lia = {
	.cong_avoid	= (void *)lia_cong_avoid,
	.ssthresh	= (void *)lia_ssthresh,
	.undo_cwnd	= (void *)lia_undo_cwnd,
	.name		= "bpf_lia",
};
