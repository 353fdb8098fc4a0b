// SPDX-License-Identifier: GPL-2.0
/*
 * Path-manager core and the built-in "kernel" path manager: what a
 * connection may accept (the namespace's limits), the address ids it
 * uses, the subflows the kernel path manager opens from the namespace's
 * "subflow" endpoints (`ip mptcp endpoint add ADDR subflow`) and to the
 * addresses the peer announces, the "signal" endpoints it announces, and
 * endpoint changes reaching live connections.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/rculist.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/sock.h>

#include "protocol.h"

/* The most endpoints one connection opens subflows from at once. */
#define PM_BATCH	8

/* Whether @msk takes subflows at all: an established MPTCP connection.
 * Any context.
 */
bool mptcp_takes_joins(struct mptcp_sock *msk)
{
	struct sock *sk = (struct sock *)msk;

	/* a join's HMAC needs the client's key (fastopen.c) */
	if (READ_ONCE(msk->destroyed) || READ_ONCE(msk->fallback) ||
	    READ_ONCE(msk->rkey_pending))
		return false;
	return (1 << inet_sk_state_load(sk)) &
	       (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2);
}

/* Whether @msk takes one more subflow: below the namespace's subflow
 * limit (which counts the extra subflows, not the first).  Any context.
 */
bool mptcp_join_allowed(struct mptcp_sock *msk)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));

	if (!mptcp_takes_joins(msk))
		return false;
	/* a daemon managing the connection is the judge of how many */
	if (READ_ONCE(msk->pm) == &mptcp_pm_userspace)
		return READ_ONCE(msk->subflows_nr) < MPTCP_SUBFLOWS_MAX;
	return READ_ONCE(msk->subflows_nr) < READ_ONCE(pn->subflows_max) + 1;
}

void mptcp_skb_local_addr(const struct sk_buff *skb, struct mptcp_addr_info *a)
{
	memset(a, 0, sizeof(*a));
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct in6_addr *d = &ipv6_hdr(skb)->daddr;

		if (ipv6_addr_v4mapped(d)) {
			a->family = AF_INET;
			a->addr.s_addr = d->s6_addr32[3];
		} else {
			a->family = AF_INET6;
			a->addr6 = *d;
		}
		return;
	}
#endif
	a->family = AF_INET;
	a->addr.s_addr = ip_hdr(skb)->daddr;
}

/* The address id of the local address @skb arrived on: the endpoint's id
 * when it is one, or the id it was announced with, else 0, the id of the
 * connection's initial address; @backup: the endpoint is a backup one.
 * Any context.
 */
u8 mptcp_pm_local_id_of(struct mptcp_sock *msk, const struct sk_buff *skb, bool *backup)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));
	struct mptcp_endpoint *e;
	struct mptcp_addr_info a;
	u8 id = 0;

	mptcp_skb_local_addr(skb, &a);
	*backup = false;
	rcu_read_lock();
	e = mptcp_endpoint_lookup(pn, &a);
	if (e) {
		id = e->addr.id;
		*backup = READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_BACKUP;
	}
	rcu_read_unlock();
	/* else an address the connection announced (a userspace PM's) */
	return id ? : mptcp_signal_announced_id(msk, &a);
}

/* The two ends of a socket (an msk or a subflow), v4-mapped as IPv4. */
void mptcp_subflow_ends(const struct sock *sk, struct mptcp_addr_info *local,
			struct mptcp_addr_info *remote)
{
	const struct inet_sock *inet = inet_sk(sk);

	memset(local, 0, sizeof(*local));
	memset(remote, 0, sizeof(*remote));
	local->port = inet->inet_sport;
	remote->port = inet->inet_dport;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (sk->sk_family == AF_INET6 && !ipv6_addr_v4mapped(&sk->sk_v6_daddr)) {
		local->family = remote->family = AF_INET6;
		local->addr6 = sk->sk_v6_rcv_saddr;
		remote->addr6 = sk->sk_v6_daddr;
		return;
	}
#endif
	local->family = remote->family = AF_INET;
	local->addr.s_addr = inet->inet_rcv_saddr;
	remote->addr.s_addr = inet->inet_daddr;
}

static void msk_remote_addr(struct sock *sk, struct mptcp_addr_info *a)
{
	struct mptcp_addr_info local;

	mptcp_subflow_ends(sk, &local, a);
}

/* Whether a subflow of @family may join @sk: an IPv6 socket that is not
 * IPV6_V6ONLY speaks IPv4 too, so its connection may run on both (as
 * upstream, since 6.3); an IPv4 socket, IPv4 only.
 */
bool mptcp_family_ok(const struct sock *sk, int family)
{
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (sk->sk_family == AF_INET6)
		return family == AF_INET6 || (family == AF_INET && !ipv6_only_sock(sk));
#endif
	return family == AF_INET;
}

static bool is_local_addr_of(struct sock *sk, const struct mptcp_addr_info *a)
{
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (a->family == AF_INET6)
		return ipv6_addr_equal(&a->addr6, &sk->sk_v6_rcv_saddr);
#endif
	return a->addr.s_addr == inet_sk(sk)->inet_rcv_saddr;
}

static bool addr_is_any(const struct mptcp_addr_info *a)
{
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (a->family == AF_INET6)
		return ipv6_addr_any(&a->addr6);
#endif
	return !a->addr.s_addr;
}

/* The source address the routing picks towards @remote; @local keeps
 * "any" if there is no route (the connect then fails and says so).
 */
static void route_source(struct sock *sk, struct mptcp_addr_info *local, int ifindex,
			 const struct mptcp_addr_info *remote)
{
	struct net *net = sock_net(sk);

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (remote->family == AF_INET6) {
		struct flowi6 fl6 = {
			.daddr = remote->addr6,
			.flowi6_oif = ifindex,
			.flowi6_proto = IPPROTO_TCP,
		};
		struct dst_entry *dst;

		if (!ip6_dst_lookup(net, NULL, &dst, &fl6)) {
			local->addr6 = fl6.saddr;
			dst_release(dst);
		}
		return;
	}
#endif
	{
		struct flowi4 fl4 = {
			.daddr = remote->addr.s_addr,
			.flowi4_oif = ifindex,
			.flowi4_proto = IPPROTO_TCP,
		};
		struct rtable *rt = ip_route_output_key(net, &fl4);

		if (!IS_ERR(rt)) {
			local->addr.s_addr = fl4.saddr;
			ip_rt_put(rt);
		}
	}
}

/* The id of a local address with no endpoint: an implicit endpoint's,
 * else a free one of the connection's own, from the top of the range
 * down, where the endpoints' ids (handed out from 1 up) are not.
 */
static u8 implicit_id(struct mptcp_sock *msk, const struct mptcp_addr_info *addr)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));
	struct mptcp_signal *sig = &msk->sig;
	struct mptcp_endpoint *e;
	u8 id = U8_MAX;
	int i;

	/* The namespace's, unless a daemon manages the connection (its ids
	 * are its own) or the endpoint table is full.
	 */
	if (msk->pm != &mptcp_pm_userspace) {
		id = mptcp_endpoint_implicit(sock_net((struct sock *)msk), addr);
		if (id)
			return id;
		id = U8_MAX;
	}
	for (i = 0; i < sig->implicit_nr; i++)
		if (mptcp_addr_equal(&sig->implicit[i], addr, false))
			return sig->implicit[i].id;
	if (sig->implicit_nr == ARRAY_SIZE(sig->implicit))
		return 0;
again:
	for (i = 0; i < sig->implicit_nr; i++)
		if (sig->implicit[i].id == id) {
			id--;
			goto again;
		}
	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->endpoints, node)
		if (e->addr.id == id) {
			rcu_read_unlock();
			id--;
			goto again;
		}
	rcu_read_unlock();
	sig->implicit[sig->implicit_nr] = *addr;
	sig->implicit[sig->implicit_nr++].id = id;
	return id;
}

/* Whether @addr is a backup endpoint's. */
static bool addr_is_backup(struct mptcp_sock *msk, const struct mptcp_addr_info *addr)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));
	struct mptcp_endpoint *e;
	bool backup;

	rcu_read_lock();
	e = mptcp_endpoint_lookup(pn, addr);
	backup = e && (READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_BACKUP);
	rcu_read_unlock();
	return backup;
}

/**
 * mptcp_pm_local_id - settle the local address and id of a new subflow
 * @msk: the connection, locked
 * @local: in: the address asked for, "any" allowed; out: with the
 *	address the routing picks towards @remote, and its id
 * @ifindex: the device it is bound to, or 0
 * @remote: where it goes
 * @backup: set when the address is a backup endpoint's
 *
 * The id is 0 for the connection's initial address, the endpoint's for an
 * endpoint, else one of the connection's own: every address a connection
 * uses has its id, as the peer's RM_ADDR and MP_PRIO need.
 */
void mptcp_pm_local_id(struct mptcp_sock *msk, struct mptcp_addr_info *local,
		       int ifindex, const struct mptcp_addr_info *remote, bool *backup)
{
	struct sock *sk = (struct sock *)msk;

	if (addr_is_any(local))
		route_source(sk, local, ifindex, remote);
	if (addr_is_any(local) || is_local_addr_of(sk, local))
		local->id = 0;
	else
		local->id = mptcp_pm_addr_id(msk, local) ? : implicit_id(msk, local);
	/* a source the routing picked may be a backup endpoint's */
	if (!addr_is_any(local) && addr_is_backup(msk, local))
		*backup = true;
}

/* An address's id: its endpoint's, or 0 (the initial subflow's address,
 * or one the namespace has no endpoint for).
 */
u8 mptcp_pm_addr_id(struct mptcp_sock *msk, const struct mptcp_addr_info *addr)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));
	struct mptcp_endpoint *e;
	u8 id = 0;

	rcu_read_lock();
	e = mptcp_endpoint_lookup(pn, addr);
	if (e)
		id = e->addr.id;
	rcu_read_unlock();
	return id;
}

/* Removed subflows are on their way out: their ids are free again. */
static bool local_id_used(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_subflow_context *sf;

	mptcp_for_each_subflow(msk, sf)
		if (sf->local_id == id && !READ_ONCE(sf->removed))
			return true;
	return false;
}

/* Whether a live subflow runs from our address @id to @remote. */
static bool pair_used(struct mptcp_sock *msk, u8 id, const struct mptcp_addr_info *remote)
{
	struct mptcp_subflow_context *sf;
	struct mptcp_addr_info l, r;

	mptcp_for_each_subflow(msk, sf) {
		if (sf->local_id != id || READ_ONCE(sf->removed))
			continue;
		mptcp_subflow_ends(sf->tcp_sock, &l, &r);
		if (mptcp_addr_equal(&r, remote, true))
			return true;
	}
	return false;
}

/* A "fullmesh" endpoint opens a subflow to every peer address the
 * connection runs on (as upstream: those of its subflows, not every
 * address announced), each pair once.  Returns the subflows asked for.
 */
static int fullmesh_subflows(struct mptcp_sock *msk, const struct mptcp_endpoint *e)
{
	struct mptcp_addr_info seen[MPTCP_SUBFLOWS_MAX], l, r;
	u32 flags = READ_ONCE(e->flags);
	struct mptcp_subflow_context *sf;
	int i, nseen = 0, n = 0;

	mptcp_for_each_subflow(msk, sf) {
		if (READ_ONCE(sf->removed) || nseen == ARRAY_SIZE(seen))
			continue;
		mptcp_subflow_ends(sf->tcp_sock, &l, &r);
		if (r.family != e->addr.family)
			continue;
		for (i = 0; i < nseen && !mptcp_addr_equal(&seen[i], &r, true); i++)
			;
		if (i < nseen)
			continue;
		r.id = sf->remote_id;
		seen[nseen++] = r;
	}
	for (i = 0; i < nseen; i++) {
		struct mptcp_addr_info local = e->addr;

		if (pair_used(msk, e->addr.id, &seen[i]))
			continue;
		local.port = 0;
		if (mptcp_pm_request_subflow(msk, &local, e->ifindex, &seen[i],
					     flags & MPTCP_PM_ADDR_FLAG_BACKUP))
			break;
		n++;
	}
	return n;
}

/* The namespace's "signal" endpoints, announced on every connection (the
 * address it already runs on excepted, unless with a port of its own: a
 * port endpoint has a listener there, pm_listener.c).
 */
static void kernel_pm_announce(struct mptcp_sock *msk)
{
	struct sock *sk = (struct sock *)msk;
	struct mptcp_pernet *pn = mptcp_pernet(sock_net(sk));
	struct mptcp_endpoint *e;

	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->endpoints, node) {
		/* the initial address the peer knows, while a subflow runs
		 * from it; once the user removed that one, it may be
		 * announced under the endpoint's id, as upstream's
		 */
		if (!(READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_SIGNAL) ||
		    (!e->addr.port && is_local_addr_of(sk, &e->addr) && local_id_used(msk, 0)))
			continue;
		mptcp_signal_announce(msk, &e->addr);
	}
	rcu_read_unlock();
}

/* The built-in "kernel" path manager.  On either side, it announces the
 * "signal" endpoints; on a connection it initiated, it opens one subflow
 * from every "subflow" endpoint of the connection's family to the peer's
 * initial address, within the subflow limit.  Called again when an
 * endpoint is added: what is in use already is left alone.
 */
/* The endpoint of @sf's local address: its own, or for the first subflow
 * (id 0), one with the same address.  RCU.
 */
static struct mptcp_endpoint *subflow_endpoint(struct mptcp_sock *msk,
					       struct mptcp_subflow_context *sf)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));
	struct mptcp_addr_info local, remote;
	struct mptcp_endpoint *e;

	mptcp_subflow_ends(sf->tcp_sock, &local, &remote);
	e = mptcp_endpoint_lookup(pn, &local);
	return e && (!sf->local_id || e->addr.id == sf->local_id) ? e : NULL;
}

/* Subflows from the "subflow" endpoints to the peer's initial address
 * (fullmesh ones: to every peer address), as many as the limits take.
 * Like upstream's in practice, only the side that connected opens them:
 * the other end's port is rarely reachable from ours.
 */
static void kernel_pm_subflows(struct mptcp_sock *msk, u8 closing)
{
	struct sock *sk = (struct sock *)msk;
	struct mptcp_pernet *pn = mptcp_pernet(sock_net(sk));
	struct mptcp_endpoint *e;
	struct mptcp_addr_info remote;
	int n = 0;

	if (msk->passive)
		return;
	msk_remote_addr(sk, &remote);
	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->endpoints, node) {
		struct mptcp_addr_info local = e->addr;

		if (!(READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_SUBFLOW) ||
		    e->addr.family != remote.family)
			continue;
		if (is_local_addr_of(sk, &e->addr)) {
			/* The initial subflow's address: its endpoint counts
			 * as tried while a subflow runs from there (id 0), as
			 * upstream's; deleted and re-added, it opens a join.
			 */
			if (local_id_used(msk, 0) ||
			    (READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_FULLMESH))
				__set_bit(e->addr.id, msk->pm_ep_tried);
		} else if (READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_FULLMESH) {
			n += fullmesh_subflows(msk, e);
			if (n >= PM_BATCH)
				break;
			continue;
		} else if (local_id_used(msk, e->addr.id)) {
			continue;
		}
		if (test_bit(e->addr.id, msk->pm_ep_tried))
			continue;
		/* Those asked for in this call count, and one closing does
		 * not: one the limit would refuse stays untried, for when a
		 * subflow closes.
		 */
		if (READ_ONCE(msk->subflows_nr) - closing + msk->pm_req_nr >
		    READ_ONCE(pn->subflows_max))
			break;
		local.port = 0;
		if (mptcp_pm_request_subflow(msk, &local, e->ifindex, &remote,
					     READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_BACKUP))
			break;
		__set_bit(e->addr.id, msk->pm_ep_tried);
		if (++n == PM_BATCH)
			break;
	}
	rcu_read_unlock();
}

static void kernel_pm_established(struct mptcp_sock *msk)
{
	struct mptcp_endpoint *e;

	/* The first subflow's address may be a backup endpoint's: the
	 * peer hears so with MP_PRIO (MP_CAPABLE has no such bit).
	 */
	if (msk->first) {
		struct mptcp_subflow_context *sf = mptcp_subflow_ctx(msk->first);

		rcu_read_lock();
		e = subflow_endpoint(msk, sf);
		if (e && (READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_BACKUP) && !sf->request_bkup)
			mptcp_pm_set_backup(msk, sf, true);
		rcu_read_unlock();
	}
	kernel_pm_announce(msk);
	kernel_pm_subflows(msk, 0);
}

/* A subflow closed: the next endpoint may take its place (those tried
 * are not tried again), as upstream's kernel path manager does.
 */
static void kernel_pm_subflow_closed(struct mptcp_sock *msk, struct mptcp_subflow_context *sf)
{
	/* still counted, unless a path manager removed it already */
	kernel_pm_subflows(msk, !READ_ONCE(sf->removed));
}

/* The peer's MP_CAPABLE said C (no subflow to its initial address), the
 * namespace takes no announcement (the default limits), and no endpoint
 * is in use yet: then an announcement is taken all the same, from the
 * "subflow" endpoints, or they would never be used (as upstream).
 */
static bool c_flag_case(struct mptcp_sock *msk)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));
	struct mptcp_subflow_context *sf;

	if (!msk->remote_deny_join_id0 || READ_ONCE(pn->add_addr_accept_max))
		return false;
	mptcp_for_each_subflow(msk, sf)
		if (sf->local_id && !READ_ONCE(sf->removed))
			return false;
	return true;
}

/* The peer announced @addr: subflows to it while the namespace accepts
 * announcements (ip mptcp limits add_addr_accepted).  From every
 * "fullmesh" endpoint of its family, else from the address the routing
 * picks; of a family the socket can speak (mptcp_family_ok()).
 */
static void kernel_pm_addr_added(struct mptcp_sock *msk, const struct mptcp_addr_info *addr)
{
	struct sock *sk = (struct sock *)msk;
	struct mptcp_pernet *pn = mptcp_pernet(sock_net(sk));
	struct mptcp_peer_addr *peer = mptcp_signal_peer(msk, addr->id);
	struct mptcp_addr_info remote = *addr, local = {}, first;
	struct mptcp_endpoint *e;
	bool c_flag, fullmesh;
	int n = 0;

	/* The side that accepted follows an announcement only to the port
	 * it names: a client's listener.  Without one the address means
	 * "the port in use" (section 3.4.1), which on this side is the
	 * client's ephemeral port, where nothing listens; upstream tries
	 * it all the same and draws a reset.
	 */
	if (msk->passive && !addr->port)
		return;
	msk_remote_addr(sk, &first);
	c_flag = c_flag_case(msk);
	if (!peer || peer->accepted || !mptcp_family_ok(sk, remote.family) ||
	    (!c_flag && !peer->initial &&
	     msk->sig.accepted >= READ_ONCE(pn->add_addr_accept_max)))
		return;
	if (!remote.port)
		remote.port = first.port;

	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->endpoints, node) {
		u32 flags = READ_ONCE(e->flags);

		if (!(flags & MPTCP_PM_ADDR_FLAG_FULLMESH) || e->addr.family != remote.family)
			continue;
		local = e->addr;
		local.port = 0;
		if (!mptcp_pm_request_subflow(msk, &local, e->ifindex, &remote,
					      flags & MPTCP_PM_ADDR_FLAG_BACKUP))
			n++;
	}
	fullmesh = n;
	/* A peer that takes no subflow to its initial address leaves
	 * this announcement as the only place for our "subflow" endpoints.
	 */
	list_for_each_entry_rcu(e, &pn->endpoints, node) {
		u32 flags = READ_ONCE(e->flags);

		if (!c_flag || fullmesh || !(flags & MPTCP_PM_ADDR_FLAG_SUBFLOW) ||
		    e->addr.family != remote.family || is_local_addr_of(sk, &e->addr))
			continue;
		local = e->addr;
		local.port = 0;
		if (mptcp_pm_request_subflow(msk, &local, e->ifindex, &remote,
					     flags & MPTCP_PM_ADDR_FLAG_BACKUP))
			break;
		n++;
	}
	rcu_read_unlock();
	if (!n) {
		memset(&local, 0, sizeof(local));
		local.family = remote.family;
		n = !mptcp_pm_request_subflow(msk, &local, 0, &remote, false);
	}
	if (n) {
		peer->accepted = true;
		if (!peer->initial)
			msk->sig.accepted++;
	}
}

struct mptcp_pm_ops mptcp_pm_kernel = {
	.established	= kernel_pm_established,
	.subflow_closed	= kernel_pm_subflow_closed,
	.addr_added	= kernel_pm_addr_added,
	.name		= "kernel",
	.owner		= THIS_MODULE,
};

/* --- endpoint changes reach live connections ---------------------------------------- */

enum endpoint_change {
	ENDPOINT_ADDED,
	ENDPOINT_REMOVED,	/* ip mptcp endpoint delete */
	ENDPOINT_FLUSHED,	/* ip mptcp endpoint flush */
	ENDPOINT_BACKUP,
	ENDPOINT_FULLMESH,
	ENDPOINT_ID0,		/* delete id 0 ADDR: the initial subflow's address */
};

static void endpoint_changed(struct mptcp_sock *msk, enum endpoint_change what,
			     u8 id, bool backup, const struct mptcp_addr_info *addr)
{
	struct mptcp_subflow_context *sf;

	switch (what) {
	case ENDPOINT_ADDED:
		if (msk->pm == &mptcp_pm_kernel)
			kernel_pm_established(msk);
		break;
	case ENDPOINT_REMOVED:
	case ENDPOINT_FLUSHED:
		/* Whoever used it: the address is no longer ours to use.  The
		 * RM_ADDR goes before the closes, which could beat it; a flush
		 * withdraws only what was announced (as upstream), the other
		 * subflows just close.
		 */
		if (mptcp_signal_announced(msk, id) ||
		    (what == ENDPOINT_REMOVED && local_id_used(msk, id))) {
			mptcp_signal_remove(msk, id);
			mptcp_signal_flush((struct sock *)msk);
		}
		mptcp_signal_close_local(msk, id);
		__clear_bit(id, msk->pm_ep_tried);	/* the id may name another */
		/* The endpoint of the connection's initial address: the
		 * subflows from there go too (id 0 on the wire), as for
		 * "delete id 0 ADDR"; re-added, it opens a join from there.
		 */
		if (addr && is_local_addr_of((struct sock *)msk, addr) && local_id_used(msk, 0))
			endpoint_changed(msk, ENDPOINT_ID0, 0, false, addr);
		break;
	case ENDPOINT_ID0:
		if (msk->pm == &mptcp_pm_userspace ||
		    !is_local_addr_of((struct sock *)msk, addr))
			break;
		mptcp_signal_remove(msk, 0);
		mptcp_signal_flush((struct sock *)msk);
		mptcp_signal_close_local(msk, 0);
		break;
	case ENDPOINT_BACKUP:
		/* the first subflow counts as the endpoint of its address */
		rcu_read_lock();
		mptcp_for_each_subflow(msk, sf) {
			struct mptcp_endpoint *e = sf->local_id ? NULL : subflow_endpoint(msk, sf);

			if (sf->local_id == id || (e && e->addr.id == id))
				mptcp_signal_prio(msk, sf, backup);
		}
		rcu_read_unlock();
		break;
	case ENDPOINT_FULLMESH:
		/* Its subflows go and come back as the flag now says (to
		 * every peer address or to the initial one), as upstream.
		 */
		if (msk->pm != &mptcp_pm_kernel)
			break;
		mptcp_signal_close_local(msk, id);
		__clear_bit(id, msk->pm_ep_tried);
		kernel_pm_established(msk);
		break;
	}
}

/* Every established connection of @net, locked in turn: process context. */
static void for_each_connection(struct net *net, enum endpoint_change what,
				u8 id, bool backup, const struct mptcp_addr_info *addr)
{
	struct mptcp_sock *msk;
	u64 pos = 0;

	while ((msk = mptcp_token_next(net, &pos))) {
		struct sock *sk = (struct sock *)msk;

		lock_sock(sk);
		if (!msk->destroyed && msk->pm && msk->pm_established &&
		    !sock_flag(sk, SOCK_DEAD)) {
			endpoint_changed(msk, what, id, backup, addr);
			mptcp_pm_kick(sk);
		}
		release_sock(sk);
		sock_put(sk);
	}
}

void mptcp_pm_endpoint_added(struct net *net)
{
	for_each_connection(net, ENDPOINT_ADDED, 0, false, NULL);
}

void mptcp_pm_endpoint_removed(struct net *net, u8 id, bool flush,
			       const struct mptcp_addr_info *addr)
{
	for_each_connection(net, flush ? ENDPOINT_FLUSHED : ENDPOINT_REMOVED, id, false, addr);
}

/* The initial subflows running from @addr go, with an RM_ADDR for id 0. */
void mptcp_pm_remove_id0(struct net *net, const struct mptcp_addr_info *addr)
{
	for_each_connection(net, ENDPOINT_ID0, 0, false, addr);
}

void mptcp_pm_endpoint_backup(struct net *net, u8 id, bool backup)
{
	for_each_connection(net, ENDPOINT_BACKUP, id, backup, NULL);
}

void mptcp_pm_endpoint_fullmesh(struct net *net, u8 id)
{
	for_each_connection(net, ENDPOINT_FULLMESH, id, false, NULL);
}
