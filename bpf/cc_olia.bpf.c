// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_olia: the Opportunistic Linked Increases Algorithm (Khalili et al.,
 * "MPTCP is not Pareto-optimal", CoNEXT 2012; draft-khalili-mptcp-
 * congestion-control), coupled congestion control for MPTCP subflows.
 *
 * LIA (cc_lia.bpf.c) is no more aggressive than one TCP flow, but keeps
 * pushing traffic onto congested paths it need not use.  OLIA grows
 * subflow r, per packet acked in congestion avoidance, by
 *
 *	(w_r / rtt_r^2) / (sum_p w_p / rtt_p)^2  +  alpha_r / w_r
 *
 * where alpha_r moves window from the paths with the largest windows (M)
 * to the best paths (B: the largest l_p^2 / rtt_p, l_p the packets sent
 * between losses) that are not yet among them:
 *
 *	alpha_r = +1 / (|P| * |B \ M|)   r in B \ M
 *	alpha_r = -1 / (|P| * |M|)       r in M, when B \ M is not empty
 *	alpha_r = 0                      otherwise.
 *
 * Slow start and the halving on loss stay per subflow.  Each subflow
 * publishes its l with bpf_mptcp_cc_publish() and reads everyone's window,
 * RTT and l with bpf_mptcp_cc_view().  Alone it is Reno.
 */
#include "mptcp_cc.h"

char _license[] SEC("license") = "GPL";

#define L_MAX		(1U << 20)	/* packets */
#define FP_SHIFT	20		/* window changes in 2^-20 packets */
#define FP_ONE		(1LL << FP_SHIFT)

/* Per subflow, in the socket's congestion-control private area. */
struct olia {
	__u32	l_prev;		/* packets acked between the last two losses */
	__u32	l_now;		/* ... since the last loss */
	__s64	frac;		/* window change not yet applied */
};

static __always_inline struct olia *olia_of(struct sock *sk)
{
	return (struct olia *)((struct inet_connection_sock *)sk)->icsk_ca_priv;
}

/* What one pass over the subflows gathers.  The passes run under
 * bpf_loop(): the verifier checks each callback once, where unrolled
 * loops with this many data-dependent branches exceed its budget.
 */
struct olia_scan {
	struct mptcp_cc_peer peers[MPTCP_SUBFLOWS_MAX];
	__u64	w_max;		/* the largest window */
	__u64	l_best, r_best;	/* the best path's l and rtt (largest l^2/r) */
	__u64	w_self, r_self;
	__u64	sum;		/* sum_p w_p * r_self / r_p, scaled by 2^10 */
	__u32	n_max;		/* |M| */
	__u32	n_best_only;	/* |B \ M| */
	bool	self_max;
	bool	self_best_only;
	bool	found_self;
};

/* One subflow's window, RTT and l, clamped. */
struct olia_peer {
	__u64	w, r, l;
};

static __always_inline struct olia_peer peer_read(const struct mptcp_cc_peer *p)
{
	return (struct olia_peer){
		.w = cc_clamp(p->cwnd, 1, CC_CWND_MAX),
		.r = cc_clamp(p->srtt_us, 1, CC_RTT_MAX),
		.l = cc_clamp(p->ca_value, 1, L_MAX),
	};
}

/* pass 1: the largest window, the best path, the asking subflow */
static long scan_extremes(__u32 i, struct olia_scan *s)
{
	struct olia_peer v;

	if (i >= MPTCP_SUBFLOWS_MAX)
		return 1;
	v = peer_read(&s->peers[i]);
	if (v.w > s->w_max)
		s->w_max = v.w;
	/* l^2 / r > l_best^2 / r_best, multiplied out */
	if (v.l * v.l * s->r_best > s->l_best * s->l_best * v.r) {
		s->l_best = v.l;
		s->r_best = v.r;
	}
	if (s->peers[i].self) {
		s->w_self = v.w;
		s->r_self = v.r;
		s->found_self = true;
	}
	return 0;
}

/* pass 2: the coupling sum and the sets M and B \ M */
static long scan_sets(__u32 i, struct olia_scan *s)
{
	struct olia_peer v;
	bool is_max, is_best;

	if (i >= MPTCP_SUBFLOWS_MAX)
		return 1;
	v = peer_read(&s->peers[i]);
	s->sum += (v.w * s->r_self << 10) / v.r;
	is_max = v.w == s->w_max;
	is_best = v.l * v.l * s->r_best == s->l_best * s->l_best * v.r;
	if (is_max)
		s->n_max++;
	else if (is_best)
		s->n_best_only++;
	if (s->peers[i].self) {
		s->self_max = is_max;
		s->self_best_only = is_best && !is_max;
	}
	return 0;
}

/* The coupled increase for @acked packets, in 2^-20 packets; *coupled
 * false with nothing to couple (the caller then does Reno).
 */
static __always_inline __s64 olia_increase(struct sock *sk, __u32 acked, bool *coupled)
{
	struct olia_scan s = { .l_best = 0, .r_best = 1 };
	__u64 d, term1;
	__s64 alpha_inc = 0;
	int n;

	*coupled = false;
	n = bpf_mptcp_cc_view(sk, s.peers, sizeof(s.peers));
	if (n < 2 || n > MPTCP_SUBFLOWS_MAX)
		return 0;
	bpf_loop(n, scan_extremes, &s, 0);
	if (!s.found_self)
		return 0;
	bpf_loop(n, scan_sets, &s, 0);
	*coupled = true;

	/* term 1 = w_s / (sum_p w_p * r_s / r_p)^2 */
	if (s.sum && s.sum < (1ULL << 31)) {
		d = s.sum * s.sum;			/* (T * 2^10)^2 */
		term1 = (s.w_self << 40) / d;		/* w_s / T^2 in 2^-20 */
	} else {
		term1 = 0;
	}
	/* alpha_r / w_r; unsigned divisions (BPF has no signed one before v4) */
	if (s.n_best_only && s.self_best_only)
		alpha_inc = (__s64)((__u64)FP_ONE / ((__u64)n * s.n_best_only * s.w_self));
	else if (s.n_best_only && s.self_max)
		alpha_inc = -(__s64)((__u64)FP_ONE / ((__u64)n * s.n_max * s.w_self));

	return (__s64)acked * ((__s64)term1 + alpha_inc);
}

SEC("struct_ops")
void BPF_PROG(olia_init, struct sock *sk)
{
	struct olia *ca = olia_of(sk);

	ca->l_prev = 0;
	ca->l_now = 0;
	ca->frac = 0;
}

SEC("struct_ops")
void BPF_PROG(olia_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	struct tcp_sock *tp = (struct tcp_sock *)sk;
	struct olia *ca = olia_of(sk);
	bool coupled;
	__s64 frac;

	if (ca->l_now < L_MAX)
		ca->l_now += acked;
	bpf_mptcp_cc_publish(sk, ca->l_now > ca->l_prev ? ca->l_now : ca->l_prev);
	if (!cc_cwnd_limited(tp))
		return;
	if (tp->snd_cwnd < tp->snd_ssthresh) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	frac = ca->frac + olia_increase(sk, acked, &coupled);
	if (!coupled) {
		tcp_cong_avoid_ai(tp, tp->snd_cwnd, acked);	/* Reno */
		return;
	}
	if (frac >= FP_ONE) {
		if (tp->snd_cwnd < tp->snd_cwnd_clamp)
			tp->snd_cwnd += frac >> FP_SHIFT;
		frac &= FP_ONE - 1;
	} else if (frac <= -FP_ONE) {
		if (tp->snd_cwnd > 2)
			tp->snd_cwnd -= 1;
		frac += FP_ONE;
	}
	ca->frac = frac;
}

/* a loss: the distance since the previous one becomes l_prev */
static __always_inline void olia_loss(struct sock *sk)
{
	struct olia *ca = olia_of(sk);

	ca->l_prev = ca->l_now;
	ca->l_now = 0;
	ca->frac = 0;
}

CC_RENO_LOSS(olia)

SEC(".struct_ops.link")
struct tcp_congestion_ops olia = {
	.init		= (void *)olia_init,
	.cong_avoid	= (void *)olia_cong_avoid,
	.ssthresh	= (void *)olia_ssthresh,
	.undo_cwnd	= (void *)olia_undo_cwnd,
	.name		= "bpf_olia",
};
