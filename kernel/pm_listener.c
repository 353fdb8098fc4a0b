// SPDX-License-Identifier: GPL-2.0
/*
 * The listening sockets of port endpoints (ip mptcp endpoint add ADDR
 * signal port P).  An ADD_ADDR that names a port invites the peer to join
 * there, so something must listen on it: an MPTCP socket of the kernel's,
 * owned by the endpoint, that takes joins and nothing else (a connection
 * opened to it would be a connection nobody accept()s).
 *
 * A join that arrives on a port other than its connection's is checked
 * against what that connection announced (RFC 8684 section 3.4.1: the
 * port belongs to the address announcement), on the SYN and again on the
 * third ACK, unless net.mptcp.join_any_port says the token is enough.
 *
 * With join_any_port at 2 the token is enough at a port nobody listens on
 * too -- a server behind a load balancer that rewrites ports, a client
 * that announced nothing.  The TCP core asks mptcp_join_catcher() before
 * it resets a segment no socket matched (kernel/patches/0002), and a SYN
 * with a known token goes to a listener of the namespace's own: one per
 * family, in no lookup table, taking joins only.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/net.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mib.h"
#include "protocol.h"

/* The listener msk and its subflow are both kernel sockets, so by
 * default of one lock class; the subflow is locked inside the msk.  A
 * class of their own for the msk keeps lockdep's view as for a user's.
 */
static struct lock_class_key listener_slock_key[2], listener_lock_key[2];

/* A kernel MPTCP socket listening on @addr (port 0: any free one) for
 * joins and nothing else.
 */
static int joins_listen(struct net *net, const struct mptcp_addr_info *addr,
			struct socket **res)
{
	bool v6 = addr->family == AF_INET6;
	struct sockaddr_storage ss = {};
	struct socket *sock;
	struct sock *sk, *ssk;
	int len, err;

	err = sock_create_kern(net, addr->family, SOCK_STREAM, IPPROTO_MPTCP, &sock);
	if (err)
		return err;
	sk = sock->sk;
	sock_lock_init_class_and_name(sk, "slock-mptcp-endpoint", &listener_slock_key[v6],
				      "sk_lock-mptcp-endpoint", &listener_lock_key[v6]);
	/* The TCP listener, marked before it listens: no SYN may find it
	 * unmarked.  A deleted endpoint's port must be free again at once,
	 * with the subflows that joined through it still around: reuseaddr.
	 */
	lock_sock(sk);
	ssk = mptcp_first_subflow(sk);
	if (!IS_ERR(ssk)) {
		mptcp_subflow_ctx(ssk)->endpoint_listener = 1;
		ssk->sk_reuse = SK_CAN_REUSE;
	}
	release_sock(sk);
	if (IS_ERR(ssk)) {
		err = PTR_ERR(ssk);
		goto fail;
	}

	if (v6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = addr->port;
		sin6->sin6_addr = addr->addr6;
		len = sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = addr->port;
		sin->sin_addr = addr->addr;
		len = sizeof(*sin);
	}
	err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	if (err)
		goto fail;

	err = kernel_listen(sock, SOMAXCONN);
	if (err)
		goto fail;
	*res = sock;
	return 0;

fail:
	sock_release(sock);
	return err;
}

int mptcp_endpoint_listen(struct net *net, struct mptcp_endpoint *e)
{
	return joins_listen(net, &e->addr, &e->lsk);
}

/* Process context, the endpoint unlinked: LISTENER_CLOSED goes out. */
void mptcp_endpoint_unlisten(struct mptcp_endpoint *e)
{
	if (e->lsk) {
		sock_release(e->lsk);
		e->lsk = NULL;
	}
}

/* Whether @msk announced the address and port @skb (a join's SYN or third
 * ACK) was sent to.  Any context.
 */
static bool port_announced(struct mptcp_sock *msk, const struct sk_buff *skb)
{
	struct mptcp_signal *sig = &msk->sig;
	struct mptcp_addr_info a;
	bool found = false;
	int i;

	mptcp_skb_local_addr(skb, &a);
	a.port = tcp_hdr(skb)->dest;
	spin_lock_bh(&sig->lock);
	for (i = 0; i < sig->local_nr && !found; i++)
		found = mptcp_addr_equal(&sig->local[i].addr, &a, true);
	spin_unlock_bh(&sig->lock);
	return found;
}

/**
 * mptcp_join_port_check - may a join to @skb's port go on?
 * @msk: the connection its token named
 * @skb: the SYN or the third ACK
 * @ack: which of the two, for the counters
 *
 * A join to the connection's own port is always fine (section 3.2).
 */
bool mptcp_join_port_check(struct mptcp_sock *msk, const struct sk_buff *skb, bool ack)
{
	struct net *net = sock_net((struct sock *)msk);

	if (tcp_hdr(skb)->dest == inet_sk((struct sock *)msk)->inet_sport)
		return true;
	if (!READ_ONCE(mptcp_pernet(net)->join_any_port) && !port_announced(msk, skb)) {
		__mptcp_mib_inc(net, ack ? MPTCP_MIB_MISMATCH_PORT_ACK_RX :
					   MPTCP_MIB_MISMATCH_PORT_SYN_RX);
		return false;
	}
	__mptcp_mib_inc(net, ack ? MPTCP_MIB_JOIN_PORT_ACK_RX : MPTCP_MIB_JOIN_PORT_SYN_RX);
	return true;
}

/* --- joins to ports nobody listens on (join_any_port 2) ------------------------ */

/* One of the namespace's catchers, opened; pm_lock held.  A catcher is
 * bound to a loopback address (an ephemeral port there is all
 * it holds) and then taken out of the listening hash: nothing reaches it
 * but what mptcp_join_catcher() hands it.  Its TCP listener stays in
 * TCP_LISTEN, RCU-freed as every listener is, which is what lets the TCP
 * core use it as it uses one it looked up.
 */
static int join_catcher_open(struct net *net, struct mptcp_pernet *pn, int family)
{
	struct mptcp_addr_info lo = { .family = family };
	int i = family == AF_INET6;
	struct socket *sock;
	struct sock *ssk;
	int err;

	if (pn->catcher[i])
		return 0;
	if (family == AF_INET6)
		lo.addr6 = in6addr_loopback;
	else
		lo.addr.s_addr = htonl(INADDR_LOOPBACK);
	err = joins_listen(net, &lo, &sock);
	if (err)
		return err;
	ssk = READ_ONCE(mptcp_sk(sock->sk)->first);
	lock_sock(ssk);
	inet_unhash(ssk);
	release_sock(ssk);
	pn->catcher[i] = sock;
	rcu_assign_pointer(pn->catcher_ssk[i], ssk);
	return 0;
}

/* A reader in mptcp_join_catcher() may still hold the listener: it is
 * closed, not freed, until RCU says so, as any listener closed under a
 * lookup.
 */
static void join_catchers_close(struct mptcp_pernet *pn)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(pn->catcher); i++) {
		if (!pn->catcher[i])
			continue;
		RCU_INIT_POINTER(pn->catcher_ssk[i], NULL);
		sock_release(pn->catcher[i]);
		pn->catcher[i] = NULL;
	}
}

int mptcp_join_catchers_set(struct net *net, bool on)
{
	struct mptcp_pernet *pn = mptcp_pernet(net);
	int err = 0;

	mutex_lock(&pn->pm_lock);
	if (on) {
		err = join_catcher_open(net, pn, AF_INET);
		if (!err && IS_ENABLED(CONFIG_MPTCP_IPV6))
			err = join_catcher_open(net, pn, AF_INET6);
	}
	if (!on || err)
		join_catchers_close(pn);
	mutex_unlock(&pn->pm_lock);
	return err;
}

/**
 * mptcp_join_catcher - a listener for a segment no socket matched
 * @net: its namespace
 * @skb: the segment, its TCP header pulled
 * @family: AF_INET or AF_INET6, the TCP core's caller
 *
 * Called by the TCP core under RCU before it resets @skb.  An MP_JOIN SYN
 * whose token names one of our connections gets the namespace's catcher,
 * when net.mptcp.join_any_port is 2; anything else NULL, and TCP's reset as
 * before.  The listener's conn_request then checks the join as any other.
 */
struct sock *mptcp_join_catcher(struct net *net, const struct sk_buff *skb, int family)
{
	const struct tcphdr *th = tcp_hdr(skb);
	struct mptcp_pernet *pn = mptcp_pernet(net);
	struct mptcp_rx_opts rx;
	struct mptcp_sock *msk;
	struct sock *lsk;

	if (!th->syn || th->ack || th->rst || READ_ONCE(pn->join_any_port) < 2)
		return NULL;
	lsk = rcu_dereference(pn->catcher_ssk[family == AF_INET6]);
	if (!lsk)
		return NULL;
	mptcp_parse_opt_bytes((const u8 *)(th + 1), __tcp_hdrlen(th) - sizeof(*th), &rx);
	if (!(rx.present & OPT_MPJ_SYN))
		return NULL;
	msk = mptcp_token_get(net, rx.join_token);
	if (!msk)
		return NULL;
	sock_put((struct sock *)msk);
	return lsk;
}
