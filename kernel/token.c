// SPDX-License-Identifier: GPL-2.0
/*
 * The token table: every local key in use maps to a token that is unique
 * on this host (RFC 8684 section 3.1 wants keys unique per host, and joins
 * will find their connection by token).  A token is reserved first, by a
 * connecting socket or by a request sock answering an MP_CAPABLE SYN, and
 * later bound to its meta-socket.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/hash.h>
#include <linux/memblock.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "protocol.h"

#define TOKEN_HASH_BITS		12
/* How often to draw a new key when its token is taken (section 3.1: a
 * host that cannot find a unique key falls back to TCP).
 */
#define TOKEN_TRIES		4

struct token_entry {
	struct hlist_node	node;
	u32			token;
	struct mptcp_sock	*msk;	/* NULL while only reserved */
};

struct token_bucket {
	spinlock_t		lock;
	struct hlist_head	head;
};

static struct token_bucket token_table[1 << TOKEN_HASH_BITS];
static struct kmem_cache *token_cache;

static struct token_bucket *token_bucket(u32 token)
{
	return &token_table[hash_32(token, TOKEN_HASH_BITS)];
}

static struct token_entry *token_find(struct token_bucket *b, u32 token)
{
	struct token_entry *e;

	hlist_for_each_entry(e, &b->head, node)
		if (e->token == token)
			return e;
	return NULL;
}

/* Reserve the token of @key; -EBUSY when another connection holds it. */
int mptcp_token_reserve_key(u64 key, u32 *token)
{
	struct token_bucket *b;
	struct token_entry *e;

	e = kmem_cache_zalloc(token_cache, GFP_ATOMIC);
	if (!e)
		return -ENOMEM;

	mptcp_key_derive(key, &e->token, NULL);
	b = token_bucket(e->token);
	spin_lock_bh(&b->lock);
	if (token_find(b, e->token)) {
		spin_unlock_bh(&b->lock);
		kmem_cache_free(token_cache, e);
		return -EBUSY;
	}
	hlist_add_head(&e->node, &b->head);
	spin_unlock_bh(&b->lock);
	*token = e->token;
	return 0;
}

/* Draw a fresh key whose token is free, and reserve that token. */
int mptcp_token_reserve(u64 *key, u32 *token)
{
	int i, err = -EBUSY;

	for (i = 0; i < TOKEN_TRIES && err == -EBUSY; i++) {
		get_random_bytes(key, sizeof(*key));
		err = mptcp_token_reserve_key(*key, token);
	}
	return err;
}

/* A connecting socket's key and token. */
int mptcp_token_new(struct mptcp_sock *msk)
{
	int err;

	err = mptcp_token_reserve(&msk->local_key, &msk->token);
	if (err)
		return err;
	mptcp_key_derive(msk->local_key, NULL, &msk->local_idsn);
	mptcp_token_attach(msk->token, msk);
	return 0;
}

void mptcp_token_attach(u32 token, struct mptcp_sock *msk)
{
	struct token_bucket *b = token_bucket(token);
	struct token_entry *e;

	spin_lock_bh(&b->lock);
	e = token_find(b, token);
	if (e)
		e->msk = msk;
	spin_unlock_bh(&b->lock);
}

/**
 * mptcp_token_get - the connection a join names
 * @net: the namespace the join arrived in
 * @token: the token from its MP_JOIN SYN
 *
 * Returns the msk with a reference held, or NULL: unknown, not yet
 * attached, or in another namespace (tokens are host-unique, joins are
 * not allowed to cross namespaces).
 */
struct mptcp_sock *mptcp_token_get(const struct net *net, u32 token)
{
	struct token_bucket *b = token_bucket(token);
	struct mptcp_sock *msk = NULL;
	struct token_entry *e;

	spin_lock_bh(&b->lock);
	e = token_find(b, token);
	if (e && e->msk && net_eq(sock_net((struct sock *)e->msk), net) &&
	    refcount_inc_not_zero(&((struct sock *)e->msk)->sk_refcnt))
		msk = e->msk;
	spin_unlock_bh(&b->lock);
	return msk;
}

/**
 * mptcp_token_next - walk the connections of a namespace
 * @net: the namespace
 * @pos: where the walk is; start at 0
 *
 * Returns the next attached msk of @net with a reference held, or NULL at
 * the end.  Connections that come or go meanwhile may be seen or missed.
 */
struct mptcp_sock *mptcp_token_next(const struct net *net, u64 *pos)
{
	while (*pos < ((u64)ARRAY_SIZE(token_table) << 32)) {
		struct token_bucket *b = &token_table[*pos >> 32];
		u32 skip = (u32)*pos, i = 0;
		struct mptcp_sock *msk = NULL;
		struct token_entry *e;

		spin_lock_bh(&b->lock);
		hlist_for_each_entry(e, &b->head, node) {
			if (i++ < skip || !e->msk ||
			    !net_eq(sock_net((struct sock *)e->msk), net) ||
			    !refcount_inc_not_zero(&((struct sock *)e->msk)->sk_refcnt))
				continue;
			msk = e->msk;
			break;
		}
		spin_unlock_bh(&b->lock);
		if (msk) {
			*pos = (*pos & ~0xffffffffULL) | i;
			return msk;
		}
		*pos = ((*pos >> 32) + 1) << 32;
	}
	return NULL;
}

void mptcp_token_release(u32 token)
{
	struct token_bucket *b = token_bucket(token);
	struct token_entry *e;

	spin_lock_bh(&b->lock);
	e = token_find(b, token);
	if (e)
		hlist_del(&e->node);
	spin_unlock_bh(&b->lock);
	if (e)
		kmem_cache_free(token_cache, e);
}

void __init mptcp_token_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(token_table); i++) {
		spin_lock_init(&token_table[i].lock);
		INIT_HLIST_HEAD(&token_table[i].head);
	}
	token_cache = kmem_cache_create("mptcp_token", sizeof(struct token_entry),
					0, SLAB_PANIC, NULL);
}
