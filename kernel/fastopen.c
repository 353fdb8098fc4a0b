// SPDX-License-Identifier: GPL-2.0
/*
 * TCP Fast Open (RFC 7413) on MPTCP sockets: the first subflow's SYN
 * carries data, and a server with a cookie to check hands it to the
 * application before the handshake is over.
 *
 * SYN data lies outside the data sequence space.  RFC 8684 gives the SYN
 * no DSS, and upstream Linux, the peer we must meet on the wire, numbers
 * both the DSNs and the subflow sequence of the first mapping from after
 * the SYN's data: the client moves its subflow origin past what the
 * server acknowledged in the SYN-ACK, the server past what it took.
 *
 * The server meets the connection at its SYN, before the client's key
 * (which comes with the third ACK in version 1).  Until then the msk is
 * rkey_pending: it takes no join, its path manager waits, and what the
 * client sends stays on the subflow.  What the application writes waits
 * too, although TCP lets a Fast Open child send before its third ACK:
 * our DSS could carry no Data ACK yet, and upstream's client (6.18)
 * answers a mapping without one by sending its data with no MPTCP option
 * at all (checked with selftests/wire on the host), a fallback.  A client
 * that never sends its key fell back (section 3.1).
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/tcp.h>
#include <net/inet_common.h>
#include <net/mptcp.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "protocol.h"
#include "mib.h"

/* --- the client -------------------------------------------------------------------- */

/**
 * mptcp_sendmsg_fastopen - connect with @msg's first bytes in the SYN
 * @sk: the msk, locked
 * @msg: what sendmsg() was given; its iterator moves past the SYN's data
 * @len: its length
 * @copied_syn: set to the bytes the SYN took
 *
 * MSG_FASTOPEN on an unconnected socket, or the first write after a
 * connect() that TCP_FASTOPEN_CONNECT deferred.  TCP puts into the SYN
 * what the cookie cache allows (nothing without a cookie: the SYN then
 * asks for one); the rest goes out as MPTCP data once connected.  Returns
 * as TCP's tcp_sendmsg_fastopen() does: -EINPROGRESS from a non-blocking
 * socket whose handshake is under way.
 */
int mptcp_sendmsg_fastopen(struct sock *sk, struct msghdr *msg, size_t len,
			   int *copied_syn)
{
	struct sockaddr *uaddr = msg->msg_name;
	int flags = (msg->msg_flags & MSG_DONTWAIT) ? O_NONBLOCK : 0;
	struct tcp_fastopen_request *req;
	bool deferred;
	struct tcp_sock *tp;
	struct sock *ssk;
	int err;

	if (!(READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_fastopen) & TFO_CLIENT_ENABLE) ||
	    (uaddr && msg->msg_namelen >= sizeof(uaddr->sa_family) &&
	     uaddr->sa_family == AF_UNSPEC))
		return -EOPNOTSUPP;
	/* Anything but a fresh socket or a deferred SYN: what connect()
	 * says to it (-EISCONN, -EALREADY), with no SYN data to place.
	 */
	ssk = READ_ONCE(mptcp_sk(sk)->first);
	deferred = inet_test_bit(DEFER_CONNECT, sk) && ssk &&
		   inet_test_bit(DEFER_CONNECT, ssk) && ssk->sk_state == TCP_SYN_SENT;
	if (!deferred && sk->sk_state != TCP_CLOSE) {
		inet_clear_bit(DEFER_CONNECT, sk);
		return __inet_stream_connect(sk->sk_socket, uaddr, msg->msg_namelen,
					     flags, 1);
	}
	ssk = mptcp_first_subflow(sk);
	if (IS_ERR(ssk))
		return PTR_ERR(ssk);
	tp = tcp_sk(ssk);

	req = kzalloc(sizeof(*req), sk->sk_allocation);
	if (!req)
		return -ENOBUFS;
	req->data = msg;
	req->size = len;

	/* The subflow may go while the msk connects (a reset, a failed
	 * connect): ours is the last look at its request.
	 */
	sock_hold(ssk);
	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	if (tp->fastopen_req || (!deferred && ssk->sk_state != TCP_CLOSE)) {
		release_sock(ssk);
		sock_put(ssk);
		kfree(req);
		return -EALREADY;
	}
	tp->fastopen_req = req;
	err = 0;
	if (deferred) {
		/* connect() left the subflow in SYN_SENT, no SYN sent */
		err = tcp_connect(ssk);
		if (err) {
			tcp_set_state(ssk, TCP_CLOSE);
			inet_sk(ssk)->inet_dport = 0;
			ssk->sk_route_caps = 0;
		}
	}
	release_sock(ssk);

	/* As a connect() on the msk: it sends the SYN (mptcp_connect() ->
	 * tcp_connect(), which takes the data from @req) unless the
	 * deferred one went out above, and waits for the handshake as a
	 * blocking socket should.
	 */
	if (!err)
		err = __inet_stream_connect(sk->sk_socket, uaddr, msg->msg_namelen,
					    flags, 1);
	else
		mptcp_check_state(sk);	/* the msk fails with its subflow */

	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	/* gone already if the subflow was destroyed meanwhile */
	if (tp->fastopen_req == req) {
		*copied_syn = req->copied;
		tcp_free_fastopen_req(tp);
	}
	inet_clear_bit(DEFER_CONNECT, ssk);
	release_sock(ssk);
	sock_put(ssk);
	inet_clear_bit(DEFER_CONNECT, sk);
	return err;
}

/**
 * mptcp_fastopen_synack_acked - the SYN-ACK's verdict on our SYN's data
 * @ssk: the first subflow, locked, the SYN-ACK just processed
 * @sf: its context
 *
 * The data the server acknowledged has no DSN: our subflow sequence
 * numbers start after it.  Data it did not take, TCP sends again as
 * plain bytes that no mapping can cover: the connection falls back (as
 * with upstream), and false is returned.
 */
bool mptcp_fastopen_synack_acked(struct sock *ssk, struct mptcp_subflow_context *sf)
{
	const struct tcp_sock *tp = tcp_sk(ssk);
	u32 taken;

	if (!tp->syn_data)
		return true;
	taken = tp->snd_una - sf->isn_local - 1;
	if (!taken)
		return false;
	sf->isn_local += taken;
	return true;
}

/* --- the server -------------------------------------------------------------------- */

/**
 * mptcp_fastopen_synack - prepare a SYN-ACK of an MPTCP listener
 * @sk: the listener, or the child a Fast Open SYN made (TCP_SYNACK_FASTOPEN)
 * @req: the request
 * @foc: the cookie the SYN-ACK is to carry, if any (len -1: none)
 * @synack_type: which SYN-ACK
 *
 * Room first: MSS, window scale, timestamps and a cookie leave 8 bytes
 * of the 40, and our MP_CAPABLE needs 12.  A SYN-ACK that hands out a
 * cookie goes without timestamps (as upstream's); the one that answers a
 * valid cookie hands out none (the child already agreed to timestamps),
 * and the data its SYN carried goes to the new msk.  Joins take no part
 * in Fast Open.
 */
void mptcp_fastopen_synack(struct sock *sk, struct request_sock *req,
			   struct tcp_fastopen_cookie *foc,
			   enum tcp_synack_type synack_type)
{
	const struct mptcp_request_sock *mreq = mptcp_rsk(req);
	struct mptcp_subflow_context *sf;

	if (!foc || !tcp_rsk(req)->is_mptcp)
		return;
	if (mreq->join) {
		foc->len = -1;
		return;
	}
	if (synack_type != TCP_SYNACK_FASTOPEN) {
		if (foc->len >= 0)
			inet_rsk(req)->tstamp_ok = 0;
		return;
	}
	foc->len = -1;
	sf = sk_is_mptcp(sk) ? mptcp_subflow_ctx(sk) : NULL;
	if (sf && sf->msk && READ_ONCE(mptcp_sk(sf->msk)->rkey_pending))
		mptcp_rx_syn_data(sf->msk, sk);
}

/**
 * mptcp_fastopen_rkey - a segment on the first subflow of an msk whose
 * client key is still to come
 * @msk: the connection, rkey_pending
 * @ssk: its first subflow, locked
 * @rx: the segment's options (not a SYN)
 *
 * The third ACK, or the first data after it, repeats both keys; ours
 * must be right.  A segment with no MPTCP option at all met a middlebox
 * that strips them: plain TCP, as when a third ACK without MP_CAPABLE
 * makes the child (section 3.1).  Anything else (a DSS before the keys)
 * waits for the key on the subflow.
 */
void mptcp_fastopen_rkey(struct mptcp_sock *msk, struct sock *ssk,
			 const struct mptcp_rx_opts *rx)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct net *net = sock_net(ssk);

	if (rx->present & (OPT_MPC_ACK | OPT_MPC_DATA)) {
		if (rx->rcvr_key != msk->local_key)
			return;
		sf->remote_key = rx->sndr_key;
		mptcp_msk_set_remote_key(msk, ssk, rx->sndr_key);
		WRITE_ONCE(msk->rkey_pending, false);
		__mptcp_mib_inc(net, MPTCP_MIB_MPC_ACK_RX);
		/* Its data may wait on the subflow, ours in the send queue
		 * (this subflow took none before it was established: an
		 * upstream client that sees our data before its key is
		 * acknowledged sends its own with no option at all); the
		 * path manager may start.
		 */
		mptcp_defer((struct sock *)msk, MPTCP_DEFER_PUSH);
		mptcp_defer((struct sock *)msk, MPTCP_DEFER_SUBFLOW);
		return;
	}
	if (!rx->present && !rx->bad) {
		__mptcp_mib_inc(net, MPTCP_MIB_MPC_FALLBACK_ACK);
		WRITE_ONCE(msk->fallback, true);
		WRITE_ONCE(msk->rkey_pending, false);
	}
}
