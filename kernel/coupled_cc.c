// SPDX-License-Identifier: GPL-2.0
/*
 * What coupled congestion control (RFC 6356 LIA, OLIA) needs from the
 * core: each subflow's window and RTT, seen from any other subflow of the
 * same connection, at ACK time.
 *
 * A congestion-control callback runs with only its own subflow locked,
 * often in softirq; the subflow list is the msk lock's, so it must not be
 * walked there.  Instead each subflow publishes (cwnd, srtt) into a slot
 * of its msk when its congestion control asks for the view, and reads
 * everyone's slots, lock-free: the values are as of each subflow's last
 * ACK, which is what the coupled algorithms are defined on anyway.  A
 * slot is owned by a subflow socket (claimed with cmpxchg on first use),
 * freed when the subflow is detached or its context goes; an owner
 * pointer is compared, never followed.
 *
 * BPF congestion controls (bpf_tcp_ca, bpf/cc_*.bpf.c) call the kfunc
 * bpf_mptcp_cc_view(); on a plain TCP socket it returns 0 and they behave
 * as their uncoupled base.  What else an algorithm needs the others to
 * see (OLIA: each path's distance between losses) it publishes in its
 * slot with bpf_mptcp_cc_publish().
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/tcp.h>

#include "protocol.h"

static struct mptcp_cc_slot *slot_of(struct mptcp_sock *msk, const struct sock *ssk)
{
	for (int i = 0; i < MPTCP_CC_SLOTS; i++)
		if (READ_ONCE(msk->cc_slots[i].owner) == ssk)
			return &msk->cc_slots[i];
	return NULL;
}

static struct mptcp_cc_slot *slot_claim(struct mptcp_sock *msk, struct sock *ssk)
{
	struct mptcp_cc_slot *s = slot_of(msk, ssk);

	for (int i = 0; !s && i < MPTCP_CC_SLOTS; i++) {
		if (cmpxchg(&msk->cc_slots[i].owner, NULL, ssk))
			continue;
		s = &msk->cc_slots[i];
		/* nothing of a previous owner; unpublished reads as absent */
		WRITE_ONCE(s->cwnd, 0);
		WRITE_ONCE(s->ca_value, 0);
	}
	return s;	/* NULL: more subflows than slots; that one reads only */
}

/* @ssk leaves @msk: its window no longer counts for the others. */
void mptcp_cc_release(struct mptcp_sock *msk, struct sock *ssk)
{
	struct mptcp_cc_slot *s = slot_of(msk, ssk);

	if (s)
		cmpxchg(&s->owner, ssk, NULL);
}

/* @sk's connection, if @sk is an MPTCP subflow still in use; else NULL. */
static struct mptcp_sock *cc_msk(struct sock *sk)
{
	const struct mptcp_subflow_context *sf;

	if (!sk || sk->sk_protocol != IPPROTO_TCP || !sk_is_mptcp(sk))
		return NULL;
	sf = mptcp_subflow_ctx(sk);
	if (!sf || !sf->msk || sf->closing)
		return NULL;
	return mptcp_sk(sf->msk);
}

__bpf_kfunc_start_defs();

/**
 * bpf_mptcp_cc_view - publish @sk's window, read its connection's
 * @sk:		the socket a congestion-control callback runs for
 * @peers:	filled with one entry per subflow, @sk's marked self
 * @peers__sz:	its size in bytes
 *
 * Return: the entries filled: 0 when @sk is not an MPTCP subflow in use
 * (the caller then has no one to couple with).
 */
__bpf_kfunc int bpf_mptcp_cc_view(struct sock *sk, struct mptcp_cc_peer *peers,
				  u32 peers__sz)
{
	struct mptcp_sock *msk = cc_msk(sk);
	u32 max = peers__sz / sizeof(*peers);
	const struct tcp_sock *tp;
	struct mptcp_cc_slot *own;
	int n = 0;

	if (!msk)
		return 0;
	tp = tcp_sk(sk);
	own = slot_claim(msk, sk);
	if (own) {
		WRITE_ONCE(own->cwnd, tcp_snd_cwnd(tp));
		WRITE_ONCE(own->srtt_us, max(tp->srtt_us >> 3, 1U));
		WRITE_ONCE(own->mss, tp->mss_cache);
	}
	for (int i = 0; i < MPTCP_CC_SLOTS && n < max; i++) {
		const struct mptcp_cc_slot *s = &msk->cc_slots[i];
		struct mptcp_cc_peer *p = &peers[n];

		if (!READ_ONCE(s->owner))
			continue;
		p->cwnd = READ_ONCE(s->cwnd);
		p->srtt_us = READ_ONCE(s->srtt_us);
		p->mss = READ_ONCE(s->mss);
		p->ca_value = READ_ONCE(s->ca_value);
		p->self = s == own;
		if (p->cwnd && p->srtt_us)	/* published at all */
			n++;
	}
	return n;
}

/**
 * bpf_mptcp_cc_publish - a value of the algorithm's own for the others
 * @sk:		the socket a congestion-control callback runs for
 * @value:	what the others read as ca_value in its entry (OLIA: the
 *		packets between its last two losses)
 *
 * Return: 0, or -EINVAL when @sk is not an MPTCP subflow in use,
 * -ENOSPC when its connection has more subflows than slots.
 */
__bpf_kfunc int bpf_mptcp_cc_publish(struct sock *sk, u32 value)
{
	struct mptcp_sock *msk = cc_msk(sk);
	struct mptcp_cc_slot *own;

	if (!msk)
		return -EINVAL;
	own = slot_claim(msk, sk);
	if (!own)
		return -ENOSPC;
	WRITE_ONCE(own->ca_value, value);
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(mptcp_cc_kfunc_ids)
BTF_ID_FLAGS(func, bpf_mptcp_cc_view, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mptcp_cc_publish, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(mptcp_cc_kfunc_ids)

BTF_ID_LIST_SINGLE(tcp_ca_ops_id, struct, tcp_congestion_ops)

/* Only congestion controls call it: kfuncs not ours pass (0). */
static int mptcp_cc_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&mptcp_cc_kfunc_ids, kfunc_id))
		return 0;
	return prog->type == BPF_PROG_TYPE_STRUCT_OPS &&
	       prog->aux->attach_btf_id == tcp_ca_ops_id[0] ? 0 : -EACCES;
}

static const struct btf_kfunc_id_set mptcp_cc_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &mptcp_cc_kfunc_ids,
	.filter	= mptcp_cc_kfunc_filter,
};

static int __init mptcp_cc_kfunc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &mptcp_cc_kfunc_set);
}
late_initcall(mptcp_cc_kfunc_init);
