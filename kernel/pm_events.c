// SPDX-License-Identifier: GPL-2.0
/*
 * Path-manager events on the mptcp_pm family's "mptcp_pm_events" group,
 * with upstream's commands and attributes (`ip mptcp monitor`, mptcpd):
 * a connection created, established, closed; an address the peer
 * announced or removed; a subflow established, closed, its priority
 * changed; a listener opened or closed.  A message is built only when
 * someone in the namespace listens.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/mptcp_pm.h>

#include "protocol.h"

#define EV_GROUP	1	/* mptcp_pm_mcgrps[]: commands, then events */

static bool ev_wanted(const struct sock *sk)
{
	return genl_has_listeners(&mptcp_pm_family, sock_net(sk), EV_GROUP);
}

/* Whether a daemon listens to @sk's events: a userspace-managed connection
 * without one takes no joins and echoes no announcement (nobody would act
 * on them), as upstream.  Any context.
 */
bool mptcp_pm_daemon_listens(const struct sock *sk)
{
	return ev_wanted(sk);
}

static struct sk_buff *ev_new(u8 type, gfp_t gfp, void **hdr)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE, gfp);

	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &mptcp_pm_family, 0, type);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static void ev_send(const struct sock *sk, struct sk_buff *skb, void *hdr, int err,
		    gfp_t gfp)
{
	if (err) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&mptcp_pm_family, sock_net(sk), skb, 0, EV_GROUP, gfp);
}

/* A socket's two ends: family, addresses, ports.  An IPv6 socket's
 * v4-mapped ends stay IPv6 (::ffff:a.b.c.d), as upstream reports them:
 * daemons hand them back as such (subflow destroy, set flags).
 */
static int put_ends(struct sk_buff *skb, const struct sock *sk)
{
	const struct inet_sock *inet = inet_sk(sk);
	u16 family = sk->sk_family;

	if (nla_put_u16(skb, MPTCP_ATTR_FAMILY, family) ||
	    nla_put_be16(skb, MPTCP_ATTR_SPORT, inet->inet_sport) ||
	    nla_put_be16(skb, MPTCP_ATTR_DPORT, inet->inet_dport))
		return -EMSGSIZE;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (family == AF_INET6)
		return nla_put_in6_addr(skb, MPTCP_ATTR_SADDR6, &sk->sk_v6_rcv_saddr) ?:
		       nla_put_in6_addr(skb, MPTCP_ATTR_DADDR6, &sk->sk_v6_daddr);
#endif
	return nla_put_in_addr(skb, MPTCP_ATTR_SADDR4, inet->inet_rcv_saddr) ?:
	       nla_put_in_addr(skb, MPTCP_ATTR_DADDR4, inet->inet_daddr);
}

static int put_subflow(struct sk_buff *skb, const struct mptcp_subflow_context *sf)
{
	const struct sock *ssk = sf->tcp_sock;
	int sk_err = READ_ONCE(ssk->sk_err);

	return put_ends(skb, ssk) ?:
	       nla_put_u8(skb, MPTCP_ATTR_LOC_ID, sf->local_id) ?:
	       nla_put_u8(skb, MPTCP_ATTR_REM_ID, sf->remote_id) ?:
	       nla_put_u8(skb, MPTCP_ATTR_BACKUP, mptcp_subflow_backup(sf)) ?:
	       (ssk->sk_bound_dev_if ?
		nla_put_s32(skb, MPTCP_ATTR_IF_IDX, ssk->sk_bound_dev_if) : 0) ?:
	       (sk_err ? nla_put_u8(skb, MPTCP_ATTR_ERROR, sk_err) : 0);
}

/**
 * mptcp_event_conn - MPTCP_EVENT_CREATED, _ESTABLISHED or _CLOSED
 * @msk: the connection; its first subflow's ends are reported
 * @type: the event
 * @gfp: GFP_ATOMIC from softirq
 */
void mptcp_event_conn(struct mptcp_sock *msk, u8 type, gfp_t gfp)
{
	struct sock *sk = (struct sock *)msk;
	struct sock *ssk = READ_ONCE(msk->first);
	struct sk_buff *skb;
	void *hdr;
	int err;

	if (!ev_wanted(sk) || !(skb = ev_new(type, gfp, &hdr)))
		return;
	err = nla_put_u32(skb, MPTCP_ATTR_TOKEN, msk->token);
	if (!err && type != MPTCP_EVENT_CLOSED)
		err = (ssk ? put_subflow(skb, mptcp_subflow_ctx(ssk)) : put_ends(skb, sk)) ?:
		      nla_put_u8(skb, MPTCP_ATTR_SERVER_SIDE, msk->passive) ?:
		      (msk->remote_deny_join_id0 ?
		       nla_put_u16(skb, MPTCP_ATTR_FLAGS, MPTCP_PM_EV_FLAG_DENY_JOIN_ID0) : 0);
	ev_send(sk, skb, hdr, err, gfp);
}

/* MPTCP_EVENT_SUB_ESTABLISHED, _SUB_CLOSED or _SUB_PRIORITY */
void mptcp_event_subflow(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
			 u8 type, gfp_t gfp)
{
	struct sock *sk = (struct sock *)msk;
	struct sk_buff *skb;
	void *hdr;

	if (!ev_wanted(sk) || !(skb = ev_new(type, gfp, &hdr)))
		return;
	ev_send(sk, skb, hdr, nla_put_u32(skb, MPTCP_ATTR_TOKEN, msk->token) ?:
		put_subflow(skb, sf), gfp);
}

/* MPTCP_EVENT_ANNOUNCED (@a: the address, port 0 for the connection's) or
 * MPTCP_EVENT_REMOVED (@a: only its id).  Process context.
 */
void mptcp_event_addr(struct mptcp_sock *msk, u8 type, const struct mptcp_addr_info *a)
{
	struct sock *sk = (struct sock *)msk;
	struct sk_buff *skb;
	void *hdr;
	int err;

	if (!ev_wanted(sk) || !(skb = ev_new(type, GFP_KERNEL, &hdr)))
		return;
	err = nla_put_u32(skb, MPTCP_ATTR_TOKEN, msk->token) ?:
	      nla_put_u8(skb, MPTCP_ATTR_REM_ID, a->id);
	if (!err && type == MPTCP_EVENT_ANNOUNCED) {
		err = nla_put_u16(skb, MPTCP_ATTR_FAMILY, a->family) ?:
		      nla_put_be16(skb, MPTCP_ATTR_DPORT,
				   a->port ? : inet_sk(sk)->inet_dport);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
		if (!err && a->family == AF_INET6)
			err = nla_put_in6_addr(skb, MPTCP_ATTR_DADDR6, &a->addr6);
		else
#endif
		if (!err)
			err = nla_put_in_addr(skb, MPTCP_ATTR_DADDR4, a->addr.s_addr);
	}
	ev_send(sk, skb, hdr, err, GFP_KERNEL);
}

/* MPTCP_EVENT_LISTENER_CREATED or _CLOSED: @ssk is the listening subflow.
 * Upstream's name: its selftests look it up in kallsyms to learn that
 * listener events exist.
 */
void mptcp_event_pm_listener(const struct sock *ssk, u8 type)
{
	const struct inet_sock *inet = inet_sk(ssk);
	struct sk_buff *skb;
	void *hdr;
	int err;

	if (!ev_wanted(ssk) || !(skb = ev_new(type, GFP_KERNEL, &hdr)))
		return;
	err = nla_put_u16(skb, MPTCP_ATTR_FAMILY, ssk->sk_family) ?:
	      nla_put_be16(skb, MPTCP_ATTR_SPORT, inet->inet_sport);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (!err && ssk->sk_family == AF_INET6)
		err = nla_put_in6_addr(skb, MPTCP_ATTR_SADDR6, &ssk->sk_v6_rcv_saddr);
	else
#endif
	if (!err)
		err = nla_put_in_addr(skb, MPTCP_ATTR_SADDR4, inet->inet_rcv_saddr);
	ev_send(ssk, skb, hdr, err, GFP_KERNEL);
}
