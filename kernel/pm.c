// SPDX-License-Identifier: GPL-2.0
/*
 * Path-manager core and the built-in "kernel" path manager: what a
 * connection may accept (the namespace's limits), the address ids it
 * uses, and the subflows the kernel path manager opens from the
 * namespace's "subflow" endpoints (`ip mptcp endpoint add ADDR subflow`).
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/rculist.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "protocol.h"

/* The most endpoints one connection opens subflows from at once. */
#define PM_BATCH	8

/* Whether @msk takes one more subflow: an established MPTCP connection
 * below the namespace's subflow limit (which counts the extra subflows,
 * not the first).  Any context.
 */
bool mptcp_join_allowed(struct mptcp_sock *msk)
{
	struct sock *sk = (struct sock *)msk;
	struct mptcp_pernet *pn = mptcp_pernet(sock_net(sk));

	if (READ_ONCE(msk->destroyed) || READ_ONCE(msk->fallback))
		return false;
	if (!((1 << inet_sk_state_load(sk)) &
	      (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2)))
		return false;
	return READ_ONCE(msk->subflows_nr) < READ_ONCE(pn->subflows_max) + 1;
}

static void skb_local_addr(const struct sk_buff *skb, struct mptcp_addr_info *a)
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
 * when it is one, else 0, the id of the connection's initial address.
 */
u8 mptcp_pm_local_id_of(struct mptcp_sock *msk, const struct sk_buff *skb)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net((struct sock *)msk));
	struct mptcp_endpoint *e;
	struct mptcp_addr_info a;
	u8 id = 0;

	skb_local_addr(skb, &a);
	rcu_read_lock();
	e = mptcp_endpoint_lookup(pn, &a);
	if (e)
		id = e->addr.id;
	rcu_read_unlock();
	return id;
}

static void msk_remote_addr(struct sock *sk, struct mptcp_addr_info *a)
{
	memset(a, 0, sizeof(*a));
	a->port = inet_sk(sk)->inet_dport;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (sk->sk_family == AF_INET6 && !ipv6_addr_v4mapped(&sk->sk_v6_daddr)) {
		a->family = AF_INET6;
		a->addr6 = sk->sk_v6_daddr;
		return;
	}
#endif
	a->family = AF_INET;
	a->addr.s_addr = inet_sk(sk)->inet_daddr;
}

static bool is_local_addr_of(struct sock *sk, const struct mptcp_addr_info *a)
{
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (a->family == AF_INET6)
		return ipv6_addr_equal(&a->addr6, &sk->sk_v6_rcv_saddr);
#endif
	return a->addr.s_addr == inet_sk(sk)->inet_rcv_saddr;
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

/* The built-in "kernel" path manager: on a connection it initiated, one
 * subflow from every "subflow" endpoint of the connection's family to the
 * peer's initial address, within the subflow limit.
 */
static void kernel_pm_established(struct mptcp_sock *msk)
{
	struct sock *sk = (struct sock *)msk;
	struct mptcp_pernet *pn = mptcp_pernet(sock_net(sk));
	struct mptcp_endpoint *e;
	struct mptcp_addr_info remote;
	int n = 0;

	/* Like upstream's in practice: only the side that connected opens
	 * subflows; the other end's port is rarely reachable from ours.
	 */
	if (msk->passive)
		return;
	msk_remote_addr(sk, &remote);
	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->endpoints, node) {
		struct mptcp_addr_info local = e->addr;

		if (!(READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_SUBFLOW) ||
		    e->addr.family != remote.family || is_local_addr_of(sk, &e->addr))
			continue;
		local.port = 0;
		if (mptcp_pm_request_subflow(msk, &local, e->ifindex, &remote,
					     READ_ONCE(e->flags) & MPTCP_PM_ADDR_FLAG_BACKUP) ||
		    ++n == PM_BATCH)
			break;
	}
	rcu_read_unlock();
}

struct mptcp_pm_ops mptcp_pm_kernel = {
	.established	= kernel_pm_established,
	.name		= "kernel",
	.owner		= THIS_MODULE,
};
