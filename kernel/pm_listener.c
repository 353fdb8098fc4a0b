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

int mptcp_endpoint_listen(struct net *net, struct mptcp_endpoint *e)
{
	bool v6 = e->addr.family == AF_INET6;
	struct sockaddr_storage ss = {};
	struct socket *sock;
	struct sock *sk, *ssk;
	int len, err;

	err = sock_create_kern(net, e->addr.family, SOCK_STREAM, IPPROTO_MPTCP, &sock);
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
		sin6->sin6_port = e->addr.port;
		sin6->sin6_addr = e->addr.addr6;
		len = sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = e->addr.port;
		sin->sin_addr = e->addr.addr;
		len = sizeof(*sin);
	}
	err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	if (err)
		goto fail;

	err = kernel_listen(sock, SOMAXCONN);
	if (err)
		goto fail;
	e->lsk = sock;
	return 0;

fail:
	sock_release(sock);
	return err;
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
