// SPDX-License-Identifier: GPL-2.0
/*
 * sock_diag for MPTCP (`ss -M`): inet_diag's IPPROTO_MPTCP handler.  The
 * meta-sockets are in no TCP hash table: connections are found through
 * the token table, listeners through their listening subflows in TCP's
 * listening hash.  INET_DIAG_INFO carries struct mptcp_info, as from
 * getsockopt(MPTCP_INFO).
 *
 * cb->args: [0] where the token walk is, [1] the listening hash bucket,
 * [2] the socket within it, [3] set once the connections are done.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <net/inet_hashtables.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "protocol.h"

static bool diag_match(struct sock *sk, const struct inet_diag_req_v2 *r,
		       const struct nlattr *bc)
{
	if (r->sdiag_family != AF_UNSPEC && sk->sk_family != r->sdiag_family)
		return false;
	if (!(r->idiag_states & (1 << inet_sk_state_load(sk))))
		return false;
	return !bc || inet_diag_bc_sk(bc, sk);
}

static const struct nlattr *diag_bytecode(struct netlink_callback *cb)
{
	struct inet_diag_dump_data *data = cb->data;

	return data->inet_diag_nla_bc;
}

static int diag_fill(struct sock *sk, struct sk_buff *skb, struct netlink_callback *cb,
		     const struct inet_diag_req_v2 *r, u16 flags)
{
	return inet_sk_diag_fill(sk, inet_csk(sk), skb, cb, r, flags,
				 netlink_net_capable(cb->skb, CAP_NET_ADMIN));
}

/* Listening msks, through their listening subflows; under the bucket lock,
 * as inet_diag_dump_icsk() fills TCP's.  Returns false when @skb is full.
 */
static bool dump_listeners(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct inet_diag_req_v2 *r)
{
	struct inet_hashinfo *h = sock_net(skb->sk)->ipv4.tcp_death_row.hashinfo;
	struct net *net = sock_net(skb->sk);
	const struct nlattr *bc = diag_bytecode(cb);
	unsigned long i;

	for (i = cb->args[1]; i <= h->lhash2_mask; i++, cb->args[2] = 0) {
		struct inet_listen_hashbucket *ilb = &h->lhash2[i];
		struct hlist_nulls_node *node;
		long num = 0;
		struct sock *ssk;

		spin_lock(&ilb->lock);
		sk_nulls_for_each(ssk, node, &ilb->nulls_head) {
			struct mptcp_subflow_context *sf;
			struct sock *sk;

			if (!net_eq(sock_net(ssk), net) || !sk_is_mptcp(ssk))
				continue;
			sf = mptcp_subflow_ctx(ssk);
			sk = sf ? READ_ONCE(sf->msk) : NULL;
			if (!sf || !sf->listener || !sk || num++ < cb->args[2] ||
			    !diag_match(sk, r, bc))
				continue;
			if (diag_fill(sk, skb, cb, r, NLM_F_MULTI) < 0) {
				spin_unlock(&ilb->lock);
				cb->args[1] = i;
				cb->args[2] = num - 1;
				return false;
			}
		}
		spin_unlock(&ilb->lock);
		cond_resched();
	}
	cb->args[1] = i;
	return true;
}

static void msk_diag_walk(struct sk_buff *skb, struct netlink_callback *cb,
			    const struct inet_diag_req_v2 *r)
{
	const struct nlattr *bc = diag_bytecode(cb);
	struct net *net = sock_net(skb->sk);
	struct mptcp_sock *msk;
	u64 pos = cb->args[0];

	if (!cb->args[3]) {
		while ((msk = mptcp_token_next(net, &pos))) {
			struct sock *sk = (struct sock *)msk;
			int err = 0;

			if (diag_match(sk, r, bc))
				err = diag_fill(sk, skb, cb, r, NLM_F_MULTI);
			sock_put(sk);
			if (err < 0)
				return;		/* again from this one */
			cb->args[0] = pos;
		}
		cb->args[3] = 1;
	}
	if (r->idiag_states & TCPF_LISTEN)
		dump_listeners(skb, cb, r);
}

/* One connection, named by its socket cookie. */
static int msk_diag_by_cookie(struct netlink_callback *cb,
			       const struct inet_diag_req_v2 *req)
{
	struct net *net = sock_net(cb->skb->sk);
	struct mptcp_sock *msk;
	struct sk_buff *rep;
	u64 pos = 0;
	int err;

	while ((msk = mptcp_token_next(net, &pos))) {
		if (!sock_diag_check_cookie((struct sock *)msk, req->id.idiag_cookie))
			break;
		sock_put((struct sock *)msk);
	}
	if (!msk)
		return -ENOENT;

	rep = nlmsg_new(nla_total_size(sizeof(struct mptcp_info)) +
			inet_diag_msg_attrs_size() + 256, GFP_KERNEL);
	if (!rep) {
		err = -ENOMEM;
		goto out;
	}
	err = diag_fill((struct sock *)msk, rep, cb, req, 0);
	if (err < 0) {
		kfree_skb(rep);
		goto out;
	}
	err = nlmsg_unicast(sock_net(cb->skb->sk)->diag_nlsk, rep,
			    NETLINK_CB(cb->skb).portid);
out:
	sock_put((struct sock *)msk);
	return err;
}

/* Recv-Q: received, not read; Send-Q: written, not DATA_ACKed. */
static void msk_diag_info(struct sock *sk, struct inet_diag_msg *r, void *info)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	r->idiag_rqueue = sk_rmem_alloc_get(sk);
	r->idiag_wqueue = 0;
	if (msk->local_key)	/* the DATA_FIN's DSN is not data */
		r->idiag_wqueue = max_t(s64, READ_ONCE(msk->write_seq) -
					     atomic64_read(&msk->snd_una), 0);
	if (inet_sk_state_load(sk) == TCP_LISTEN) {
		r->idiag_rqueue = READ_ONCE(sk->sk_ack_backlog);
		r->idiag_wqueue = READ_ONCE(sk->sk_max_ack_backlog);
	}
	if (info)
		mptcp_diag_fill_info(mptcp_sk(sk), info);
}

/* --- a subflow, as TCP's diag shows it (`ss -tOni`: "tcp-ulp-mptcp ...") -------- */

static u32 subflow_diag_flags(const struct mptcp_subflow_context *sf,
			      const struct sock *ssk)
{
	u32 flags = 0;

	/* Both ends took part in the handshake the subflow ran: we do not
	 * keep apart what we asked for and what the peer answered.
	 */
	if (sf->mpc)
		flags |= MPTCP_SUBFLOW_FLAG_MCAP_LOC | MPTCP_SUBFLOW_FLAG_MCAP_REM;
	if (sf->join)
		flags |= MPTCP_SUBFLOW_FLAG_JOIN_LOC | MPTCP_SUBFLOW_FLAG_JOIN_REM;
	if (READ_ONCE(sf->backup))
		flags |= MPTCP_SUBFLOW_FLAG_BKUP_REM;
	if (READ_ONCE(sf->request_bkup))
		flags |= MPTCP_SUBFLOW_FLAG_BKUP_LOC;
	if (READ_ONCE(sf->mpc_acked) || READ_ONCE(sf->join_acked))
		flags |= MPTCP_SUBFLOW_FLAG_FULLY_ESTABLISHED;
	if (!((1 << inet_sk_state_load(ssk)) & (TCPF_SYN_SENT | TCPF_SYN_RECV)))
		flags |= MPTCP_SUBFLOW_FLAG_CONNECTED;
	if (READ_ONCE(sf->map_valid))
		flags |= MPTCP_SUBFLOW_FLAG_MAPVALID;
	return flags;
}

/**
 * mptcp_diag_subflow_info - tcp_ulp_ops.get_info of the subflow ULP
 * @ssk: the subflow; inet_diag holds a reference (and on a dump the hash
 *	 bucket's lock), neither the socket lock nor the RCU read lock: the
 *	 fields are a snapshot, as any diag's, and the context (freed after
 *	 a grace period) is read under our own RCU read lock -- the debug
 *	 kernel's lockdep caught it read without one
 * @skb: the INET_DIAG reply
 *
 * Upstream's INET_ULP_INFO_MPTCP nest, which iproute2's ss prints and
 * upstream's selftests count subflows by.  Sequence numbers are
 * relative to the subflow's initial ones, as TCP's own diag shows them.
 */
int mptcp_diag_subflow_info(struct sock *ssk, struct sk_buff *skb)
{
	struct mptcp_subflow_context *sf;
	struct mptcp_sock *msk;
	struct nlattr *nest;
	int err = 0;

	if (inet_sk_state_load(ssk) == TCP_LISTEN)
		return 0;
	rcu_read_lock();
	sf = rcu_dereference(inet_csk(ssk)->icsk_ulp_data);
	if (!sf || !sf->msk)
		goto out;
	msk = mptcp_sk(sf->msk);

	nest = nla_nest_start_noflag(skb, INET_ULP_INFO_MPTCP);
	if (!nest) {
		err = -EMSGSIZE;
		goto out;
	}
	if (nla_put_u32(skb, MPTCP_SUBFLOW_ATTR_TOKEN_REM, READ_ONCE(msk->remote_token)) ||
	    nla_put_u32(skb, MPTCP_SUBFLOW_ATTR_TOKEN_LOC, READ_ONCE(msk->token)) ||
	    nla_put_u32(skb, MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ,
			READ_ONCE(tcp_sk(ssk)->write_seq) - sf->isn_local) ||
	    nla_put_u64_64bit(skb, MPTCP_SUBFLOW_ATTR_MAP_SEQ, READ_ONCE(sf->map_dsn),
			      MPTCP_SUBFLOW_ATTR_PAD) ||
	    nla_put_u32(skb, MPTCP_SUBFLOW_ATTR_MAP_SFSEQ, READ_ONCE(sf->map_len) ?
			READ_ONCE(sf->map_seq) - sf->isn_remote : 0) ||
	    nla_put_u32(skb, MPTCP_SUBFLOW_ATTR_SSN_OFFSET, sf->isn_remote) ||
	    nla_put_u16(skb, MPTCP_SUBFLOW_ATTR_MAP_DATALEN, READ_ONCE(sf->map_data_len)) ||
	    nla_put_u32(skb, MPTCP_SUBFLOW_ATTR_FLAGS, subflow_diag_flags(sf, ssk)) ||
	    nla_put_u8(skb, MPTCP_SUBFLOW_ATTR_ID_REM, READ_ONCE(sf->remote_id)) ||
	    nla_put_u8(skb, MPTCP_SUBFLOW_ATTR_ID_LOC, READ_ONCE(sf->local_id))) {
		nla_nest_cancel(skb, nest);
		err = -EMSGSIZE;
		goto out;
	}
	nla_nest_end(skb, nest);
out:
	rcu_read_unlock();
	return err;
}

size_t mptcp_diag_subflow_info_size(const struct sock *ssk)
{
	return nla_total_size(0) +		/* INET_ULP_INFO_MPTCP */
	       3 * nla_total_size(4) +		/* tokens, RELWRITE_SEQ */
	       nla_total_size_64bit(8) +	/* MAP_SEQ */
	       3 * nla_total_size(4) +		/* MAP_SFSEQ, SSN_OFFSET, FLAGS */
	       nla_total_size(2) +		/* MAP_DATALEN */
	       2 * nla_total_size(1);		/* the ids */
}

/* One handler per protocol number: IPPROTO_MPTCP requests come here. */
static const struct inet_diag_handler msk_diag = {
	.idiag_type	= IPPROTO_MPTCP,
	.idiag_info_size = sizeof(struct mptcp_info),
	.idiag_get_info	= msk_diag_info,
	.dump		= msk_diag_walk,
	.dump_one	= msk_diag_by_cookie,
	.owner		= THIS_MODULE,
};

static int __init msk_diag_register(void)
{
	return inet_diag_register(&msk_diag);
}
late_initcall(msk_diag_register);
