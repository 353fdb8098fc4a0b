// SPDX-License-Identifier: GPL-2.0
/*
 * MP_JOIN under syncookies (RFC 8684 section 3.2).
 *
 * A SYN answered with a cookie leaves no request sock behind, yet a
 * join's third ACK can only be checked against the nonces of its SYN and
 * SYN-ACK.  Those few bytes wait here, in a small table indexed by a keyed
 * hash of the SYN's addresses, ports and sequence number (the ACK gives
 * the same back: its seq is the SYN's plus one).  A slot is taken by the
 * next SYN that hashes to it; that only costs the earlier join a reset,
 * and an attacker who cannot guess the key cannot aim at a slot.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/jhash.h>
#include <linux/spinlock.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "protocol.h"

#define JOIN_COOKIE_SLOTS	1024

struct join_cookie {
	spinlock_t	lock;
	u32		hash;		/* the whole hash: slots are shared */
	possible_net_t	net;
	u32		token;
	u32		local_nonce;
	u32		remote_nonce;
	u8		local_id;
	u8		remote_id;
	bool		backup;
	bool		local_backup;
	bool		valid;
};

static struct join_cookie join_cookies[JOIN_COOKIE_SLOTS];
static u32 join_cookie_seed __read_mostly;

static u32 join_cookie_hash(const struct sk_buff *skb, u32 syn_seq)
{
	const struct tcphdr *th = tcp_hdr(skb);
	u32 ports = (u32)ntohs(th->source) << 16 | ntohs(th->dest);
	u32 saddr, daddr;

	net_get_random_once(&join_cookie_seed, sizeof(join_cookie_seed));
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (skb->protocol == htons(ETH_P_IPV6)) {
		saddr = ipv6_addr_hash(&ipv6_hdr(skb)->saddr);
		daddr = ipv6_addr_hash(&ipv6_hdr(skb)->daddr);
	} else
#endif
	{
		saddr = (__force u32)ip_hdr(skb)->saddr;
		daddr = (__force u32)ip_hdr(skb)->daddr;
	}
	return jhash_3words(saddr, daddr ^ ports, syn_seq, join_cookie_seed);
}

/**
 * mptcp_join_cookie_save - keep a join's state past its cookie SYN-ACK
 * @mreq: the request sock about to be freed, its join answered
 * @syn: the SYN
 */
void mptcp_join_cookie_save(const struct mptcp_request_sock *mreq,
			    const struct sk_buff *syn)
{
	u32 hash = join_cookie_hash(syn, TCP_SKB_CB(syn)->seq);
	struct join_cookie *c = &join_cookies[hash % JOIN_COOKIE_SLOTS];

	spin_lock_bh(&c->lock);
	c->hash = hash;
	write_pnet(&c->net, sock_net((const struct sock *)mreq->msk));
	c->token = mreq->msk->token;
	c->local_nonce = mreq->local_nonce;
	c->remote_nonce = mreq->remote_nonce;
	c->local_id = mreq->local_id;
	c->remote_id = mreq->remote_id;
	c->backup = mreq->backup;
	c->local_backup = mreq->local_backup;
	c->valid = true;
	spin_unlock_bh(&c->lock);
}

/**
 * mptcp_join_cookie_restore - a join's third ACK came back with a cookie
 * @mreq: the request sock rebuilt from the cookie
 * @ack: the ACK
 * @net: the listener's namespace
 *
 * Fills in @mreq as the SYN left it and takes a reference on the
 * connection.  Returns false if the state is gone (overwritten, or never
 * there) or the connection takes no more subflows.
 */
bool mptcp_join_cookie_restore(struct mptcp_request_sock *mreq,
			       const struct sk_buff *ack, const struct net *net)
{
	u32 hash = join_cookie_hash(ack, TCP_SKB_CB(ack)->seq - 1);
	struct join_cookie *c = &join_cookies[hash % JOIN_COOKIE_SLOTS];
	struct mptcp_sock *msk;
	u32 token;

	spin_lock_bh(&c->lock);
	if (!c->valid || c->hash != hash || !net_eq(read_pnet(&c->net), net)) {
		spin_unlock_bh(&c->lock);
		return false;
	}
	c->valid = false;	/* one ACK rebuilds it; a copy finds nothing */
	token = c->token;
	mreq->local_nonce = c->local_nonce;
	mreq->remote_nonce = c->remote_nonce;
	mreq->local_id = c->local_id;
	mreq->remote_id = c->remote_id;
	mreq->backup = c->backup;
	mreq->local_backup = c->local_backup;
	spin_unlock_bh(&c->lock);

	msk = mptcp_token_get(net, token);
	if (!msk)
		return false;
	if (!mptcp_join_allowed(msk)) {
		sock_put((struct sock *)msk);
		return false;
	}
	mreq->msk = msk;
	mreq->join = true;
	return true;
}

void __init mptcp_join_cookie_init(void)
{
	int i;

	for (i = 0; i < JOIN_COOKIE_SLOTS; i++)
		spin_lock_init(&join_cookies[i].lock);
}
