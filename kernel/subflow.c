// SPDX-License-Identifier: GPL-2.0
/*
 * Subflows: the hidden "mptcp" ULP on every TCP socket an MPTCP connection
 * uses, the callbacks through which the meta-socket hears about them, and
 * the listener side of the MP_CAPABLE handshake (request socks, the third
 * ACK, the new meta-socket for each accepted connection).
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <crypto/algapi.h>
#include <crypto/sha2.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <net/inet_common.h>
#include <net/ip6_route.h>
#include <net/mptcp.h>
#include <net/tcp.h>
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
#include <net/ipv6.h>
#include <net/transp_v6.h>
#endif

#include "mib.h"
#include <trace/events/mptcp.h>

#include "protocol.h"

static struct request_sock_ops mptcp_rsk_ops;
static struct tcp_request_sock_ops mptcp_rsk_ipv4_ops;
static struct inet_connection_sock_af_ops mptcp_af_ipv4;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
static struct request_sock_ops mptcp_rsk6_ops;
static struct tcp_request_sock_ops mptcp_rsk_ipv6_ops;
static struct inet_connection_sock_af_ops mptcp_af_ipv6;
static struct inet_connection_sock_af_ops mptcp_af_ipv6_mapped;
#endif

static const struct inet_connection_sock_af_ops *
subflow_af_ops(const struct sock *ssk)
{
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (ssk->sk_family == AF_INET6)
		return &mptcp_af_ipv6;
#endif
	return &mptcp_af_ipv4;
}

/* --- callbacks: every subflow event reaches the meta-socket --------------- */

static void subflow_data_ready(struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct sock *msk = READ_ONCE(sf->msk);

	if (sf->closing)
		return;
	if (sf->listener || !msk) {
		/* A listener: wake accept(); an orphan: nothing to feed. */
		sf->tcp_data_ready(ssk);
		return;
	}
	mptcp_rx_pull(msk, ssk);
}

static void subflow_write_space(struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct sock *msk = READ_ONCE(sf->msk);

	if (msk)
		mptcp_defer(msk, MPTCP_DEFER_PUSH);
}

static void subflow_state_change(struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct sock *msk = READ_ONCE(sf->msk);

	sf->tcp_state_change(ssk);
	if (!msk)
		return;
	/* The peer's FIN: whatever is queued before it must reach the msk. */
	if (ssk->sk_shutdown & RCV_SHUTDOWN)
		mptcp_rx_pull(msk, ssk);
	mptcp_defer(msk, MPTCP_DEFER_SUBFLOW);
}

static void subflow_error_report(struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct sock *msk = READ_ONCE(sf->msk);

	if (msk)
		mptcp_defer(msk, MPTCP_DEFER_SUBFLOW);
}

static void subflow_install_callbacks(struct sock *ssk, struct mptcp_subflow_context *sf)
{
	sf->tcp_data_ready = ssk->sk_data_ready;
	sf->tcp_state_change = ssk->sk_state_change;
	sf->tcp_write_space = ssk->sk_write_space;
	sf->tcp_error_report = ssk->sk_error_report;
	WRITE_ONCE(ssk->sk_data_ready, subflow_data_ready);
	WRITE_ONCE(ssk->sk_state_change, subflow_state_change);
	WRITE_ONCE(ssk->sk_write_space, subflow_write_space);
	WRITE_ONCE(ssk->sk_error_report, subflow_error_report);
}

/* Back to a plain TCP socket: what an MPTCP listener hands a client that
 * did not ask for MPTCP, and what a failed handshake leaves.
 */
static void subflow_restore_tcp(struct sock *ssk, const struct mptcp_subflow_context *from)
{
	struct inet_connection_sock *icsk = inet_csk(ssk);

	WRITE_ONCE(ssk->sk_data_ready, from->tcp_data_ready);
	WRITE_ONCE(ssk->sk_state_change, from->tcp_state_change);
	WRITE_ONCE(ssk->sk_write_space, from->tcp_write_space);
	WRITE_ONCE(ssk->sk_error_report, from->tcp_error_report);
	WRITE_ONCE(icsk->icsk_af_ops, from->tcp_af_ops);
	icsk->icsk_ulp_ops = NULL;
	rcu_assign_pointer(icsk->icsk_ulp_data, NULL);
	tcp_sk(ssk)->is_mptcp = 0;
}

/* --- the ULP ------------------------------------------------------------------ */

static struct mptcp_subflow_context *subflow_ctx_alloc(struct sock *ssk, gfp_t gfp)
{
	struct mptcp_subflow_context *sf = kzalloc(sizeof(*sf), gfp);

	if (!sf)
		return NULL;
	INIT_LIST_HEAD(&sf->node);
	sf->tcp_sock = ssk;
	return sf;
}

static int ulp_ctx_attach(struct sock *ssk)
{
	struct inet_connection_sock *icsk = inet_csk(ssk);
	struct mptcp_subflow_context *sf;

	/* Only our own kernel sockets carry the ULP: userspace setting
	 * TCP_ULP "mptcp" on a TCP socket is refused.
	 */
	if (!ssk->sk_kern_sock)
		return -EOPNOTSUPP;

	sf = subflow_ctx_alloc(ssk, GFP_KERNEL);
	if (!sf)
		return -ENOMEM;

	sf->tcp_af_ops = icsk->icsk_af_ops;
	subflow_install_callbacks(ssk, sf);
	rcu_assign_pointer(icsk->icsk_ulp_data, sf);
	WRITE_ONCE(icsk->icsk_af_ops, subflow_af_ops(ssk));
	tcp_sk(ssk)->is_mptcp = 1;
	return 0;
}

static void ulp_ctx_free(struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);

	if (!sf)
		return;
	if (sf->msk)
		mptcp_subflow_released(sf->msk, ssk);
	kfree_rcu(sf, rcu);
}

/* inet_csk_clone_lock() copied the listener into @newsk, ULP data pointer
 * included: give the child its own context, or make it plain TCP.
 */
static void ulp_ctx_clone(const struct request_sock *req, struct sock *newsk,
			  const gfp_t gfp)
{
	const struct mptcp_request_sock *mreq = mptcp_rsk(req);
	struct mptcp_subflow_context *listener = mptcp_subflow_ctx(newsk);
	struct mptcp_subflow_context *sf;

	if (!(mreq->mpc || mreq->join) ||
	    !(sf = subflow_ctx_alloc(newsk, gfp))) {
		subflow_restore_tcp(newsk, listener);
		return;
	}
	/* The callbacks the listener wrapped are TCP's: ours wrap the same. */
	sf->tcp_data_ready = listener->tcp_data_ready;
	sf->tcp_state_change = listener->tcp_state_change;
	sf->tcp_write_space = listener->tcp_write_space;
	sf->tcp_error_report = listener->tcp_error_report;
	sf->tcp_af_ops = listener->tcp_af_ops;
	sf->isn_local = tcp_rsk(req)->snt_isn;
	sf->isn_remote = tcp_rsk(req)->rcv_isn;
	sf->synack_seen = 1;	/* the passive side has no SYN-ACK to see */

	if (mreq->join) {
		sf->join = 1;
		sf->join_acked = 1;	/* we are the passive side */
		sf->backup = mreq->backup;
		sf->request_bkup = mreq->local_backup;
		sf->local_id = mreq->local_id;
		sf->remote_id = mreq->remote_id;
		sf->local_nonce = mreq->local_nonce;
		sf->remote_nonce = mreq->remote_nonce;
	} else {
		sf->mpc = 1;
		/* The client echoed our key in the ACK that created us. */
		sf->mpc_acked = 1;
		sf->local_key = mreq->local_key;
		sf->remote_key = mreq->remote_key;
	}
	rcu_assign_pointer(inet_csk(newsk)->icsk_ulp_data, sf);
}

static struct tcp_ulp_ops mptcp_hidden_ulp __read_mostly = {
	.name		= "mptcp",
	.owner		= THIS_MODULE,
	.init		= ulp_ctx_attach,
	.release	= ulp_ctx_free,
	.clone		= ulp_ctx_clone,
	.get_info	= mptcp_diag_subflow_info,
	.get_info_size	= mptcp_diag_subflow_info_size,
};

/* --- creating, attaching and closing subflows --------------------------------- */

/* Hand @ssk the msk's wait queue and socket: TCP's own wakeups and
 * SOCK_NOSPACE then reach whoever waits on the msk.  Unlike sock_graft(),
 * the msk socket keeps pointing at the msk.
 */
void mptcp_subflow_graft(struct sock *ssk, struct socket *parent)
{
	write_lock_bh(&ssk->sk_callback_lock);
	rcu_assign_pointer(ssk->sk_wq, &parent->wq);
	sk_set_socket(ssk, parent);
	ssk->sk_uid = SOCK_INODE(parent)->i_uid;
	security_sock_graft(ssk, parent);
	write_unlock_bh(&ssk->sk_callback_lock);
}

/**
 * mptcp_subflow_create - a new subflow TCP socket for @msk
 * @msk: the meta-socket, locked, with a struct socket
 * @family: AF_INET or AF_INET6
 * @pssk: the new socket, with the ULP attached and grafted onto @msk
 *
 * The TCP socket belongs to the msk alone: the kernel struct socket it was
 * created with is released at once.
 */
int mptcp_subflow_create(struct sock *msk, int family, struct sock **pssk)
{
	struct net *net = sock_net(msk);
	struct socket *sock;
	struct sock *ssk;
	int err;

	err = sock_create_kern(net, family, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (err)
		return err;

	ssk = sock->sk;
	lock_sock(ssk);
	err = tcp_set_ulp(ssk, "mptcp");
	if (err) {
		release_sock(ssk);
		sock_release(sock);
		return err;
	}

	/* Kernel sockets hold no netns reference (only a passive one),
	 * but TCP timers of a subflow may outlive the application's socket.
	 */
	sk_net_refcnt_upgrade(ssk);

	sock_hold(msk);		/* dropped when the context goes */
	mptcp_subflow_ctx(ssk)->msk = msk;
	mptcp_subflow_graft(ssk, msk->sk_socket);
	sock->sk = NULL;
	release_sock(ssk);

	sock_release(sock);
	*pssk = ssk;
	return 0;
}

/* Link @ssk into @msk's subflow list; the msk holds a reference. */
void mptcp_subflow_attach(struct mptcp_sock *msk, struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);

	sock_hold(ssk);
	list_add_tail(&sf->node, &msk->subflows);
}

/**
 * mptcp_subflow_close - detach a subflow and let TCP finish it
 * @msk: the meta-socket, locked
 * @sf: the subflow
 * @timeout: as for tcp_close(); 0 for an ordinary close
 *
 * TCP keeps delivering what the subflow has queued (and its FIN, which
 * carries our DATA_FIN) after we let go.
 */
void mptcp_subflow_close(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
			 long timeout)
{
	struct sock *ssk = sf->tcp_sock;

	list_del_init(&sf->node);
	if (msk->first == ssk)
		msk->first = NULL;
	spin_lock_bh(&((struct sock *)msk)->sk_lock.slock);
	if (!sf->removed)	/* else uncounted by rm_subflow() already */
		msk->subflows_nr--;
	spin_unlock_bh(&((struct sock *)msk)->sk_lock.slock);

	/* From now on the subflow only finishes what it has queued; its
	 * options keep reading the msk, which it still references.
	 */
	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	sf->closing = 1;
	release_sock(ssk);
	mptcp_cc_release(msk, ssk);	/* after closing: no claim again */

	tcp_close(ssk, timeout);
	sock_put(ssk);
}

/**
 * mptcp_subflow_reset - end one subflow at once with a reset
 * @sf: the subflow; its msk is locked
 * @reason: MPTCP_RST_*, sent in MP_TCPRST
 *
 * It stays on the msk's list, closed, for the caller to reap.
 */
void mptcp_subflow_reset(struct mptcp_subflow_context *sf, u8 reason)
{
	struct sock *ssk = sf->tcp_sock;

	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	sf->reset_reason = reason;
	/* A listener is left to tcp_close(): only inet_csk_listen_stop()
	 * drops the children in its queues.  Closing it here leaked them,
	 * and the msks behind them, on disconnect() or shutdown(SHUT_RD) of
	 * a listening socket (sysfuzz found that).
	 */
	if (ssk->sk_state != TCP_LISTEN) {
		/* Nor does a SYN_SENT subflow send one, as in tcp_disconnect():
		 * the peer holds nothing of it yet, and with TCP_FASTOPEN_CONNECT
		 * its SYN may not even have gone, its receive MSS still 0 for
		 * TCP's window arithmetic (sysfuzz found that: a divide error).
		 */
		if (!((1 << ssk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)))
			tcp_send_active_reset(ssk, SK_RST_REASON_NOT_SPECIFIED);
		tcp_set_state(ssk, TCP_CLOSE);
	}
	release_sock(ssk);
}

static int addr_to_sockaddr(const struct mptcp_addr_info *a,
			    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = a->port;
		sin6->sin6_addr = a->addr6;
		return sizeof(*sin6);
	}
#endif
	((struct sockaddr_in *)ss)->sin_family = AF_INET;
	((struct sockaddr_in *)ss)->sin_port = a->port;
	((struct sockaddr_in *)ss)->sin_addr = a->addr;
	return sizeof(struct sockaddr_in);
}

static int __subflow_join(struct sock *sk, const struct mptcp_addr_info *local,
			  int ifindex, const struct mptcp_addr_info *remote,
			  u8 remote_id, bool backup);

/**
 * mptcp_subflow_join - open one more subflow with MP_JOIN (section 3.2)
 * @sk: the msk, locked, process context, still held by the application
 * @local: the local address (port 0: any) and its id
 * @ifindex: the device to bind to, or 0
 * @remote: the peer's address and port
 * @remote_id: the peer's id for @remote
 * @backup: ask the peer to use the subflow as a backup only
 *
 * Returns once the SYN is sent; the subflow takes data once the peer has
 * acknowledged our third ACK (mptcp_subflow_active()).
 */
int mptcp_subflow_join(struct sock *sk, const struct mptcp_addr_info *local,
		       int ifindex, const struct mptcp_addr_info *remote,
		       u8 remote_id, bool backup)
{
	int err = __subflow_join(sk, local, ifindex, remote, remote_id, backup);

	if (trace_mptcp_pm_subflow_create_enabled()) {
		struct sockaddr_storage l, r;

		addr_to_sockaddr(local, &l);
		addr_to_sockaddr(remote, &r);
		trace_mptcp_pm_subflow_create(mptcp_sk(sk)->token, (struct sockaddr *)&l,
					      (struct sockaddr *)&r, backup, err);
	}
	return err;
}

static int __subflow_join(struct sock *sk, const struct mptcp_addr_info *local,
			  int ifindex, const struct mptcp_addr_info *remote,
			  u8 remote_id, bool backup)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct net *net = sock_net(sk);
	struct mptcp_subflow_context *sf;
	struct sockaddr_storage addr;
	struct sock *ssk;
	int len, err;

	if (!sk->sk_socket)
		return -ENOTCONN;
	err = mptcp_subflow_create(sk, local->family, &ssk);
	if (err) {
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYN_TX_CREAT_ERR);
		return err;
	}
	sf = mptcp_subflow_ctx(ssk);
	sf->join = 1;
	sf->local_id = local->id;
	sf->remote_id = remote_id;
	sf->request_bkup = backup;
	sf->local_key = msk->local_key;
	sf->remote_key = msk->remote_key;
	sf->token = msk->token;
	get_random_bytes(&sf->local_nonce, sizeof(sf->local_nonce));
	mptcp_subflow_inherit(sk, ssk);

	/* A fresh socket nobody else sees yet; the bind locks it itself. */
	len = addr_to_sockaddr(local, &addr);
	if (ifindex)
		WRITE_ONCE(ssk->sk_bound_dev_if, ifindex);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (local->family == AF_INET6)
		err = inet6_bind_sk(ssk, (struct sockaddr *)&addr, len);
	else
#endif
		err = inet_bind_sk(ssk, (struct sockaddr *)&addr, len);
	if (err) {
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYN_TX_BIND_ERR);
		tcp_close(ssk, 0);
		return err;
	}

	spin_lock_bh(&sk->sk_lock.slock);
	sf->subflow_id = ++msk->subflow_ids;
	msk->subflows_nr++;
	spin_unlock_bh(&sk->sk_lock.slock);
	mptcp_subflow_attach(msk, ssk);

	len = addr_to_sockaddr(remote, &addr);
	lock_sock(ssk);
	err = ssk->sk_prot->connect(ssk, (struct sockaddr *)&addr, len);
	release_sock(ssk);
	if (err) {
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYN_TX_CONN_ERR);
		mptcp_subflow_close(msk, sf, 0);
		return err;
	}
	__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYN_TX);
	return 0;
}

/* --- the client's SYN-ACK ------------------------------------------------------ */

/* A joining subflow's SYN-ACK must carry the truncated HMAC of the peer's
 * key and nonces (section 3.2); otherwise it is reset, never kept as TCP.
 */
static void subflow_join_synack(struct sock *ssk, struct mptcp_subflow_context *sf,
				const struct sk_buff *skb)
{
	struct net *net = sock_net(ssk);
	u8 hmac[SHA256_DIGEST_SIZE];
	struct mptcp_rx_opts rx;

	sf->isn_remote = TCP_SKB_CB(skb)->seq;
	mptcp_parse_options(skb, &rx);
	if (!(rx.present & OPT_MPJ_SYNACK))
		goto reset;
	/* Key-B + Key-A, R-B + R-A: the peer is B. */
	mptcp_join_hmac(sf->remote_key, sf->local_key, rx.join_nonce,
			sf->local_nonce, hmac);
	if (get_unaligned_be64(hmac) != rx.join_thmac) {
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYNACK_HMAC);
		goto reset;
	}
	sf->remote_nonce = rx.join_nonce;
	sf->remote_id = rx.join_id;
	sf->backup = rx.join_backup;
	__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYNACK_RX);
	if (rx.join_backup)
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYNACK_BACKUP_RX);
	if (READ_ONCE(sf->msk) &&
	    inet_sk(ssk)->inet_dport != inet_sk(READ_ONCE(sf->msk))->inet_dport)
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_PORT_SYNACK_RX);
	return;

reset:
	WRITE_ONCE(ssk->sk_err, EPROTO);
	sf->reset_reason = MPTCP_RST_EMPTCP;
	tcp_send_active_reset(ssk, SK_RST_REASON_MPTCP_RST_EMPTCP);
	tcp_done(ssk);
}


/* tcp_finish_connect() hands us the SYN-ACK here, the one place the TCP
 * core shows it to us: learn the server's key, or fall back.
 */
static void subflow_finish_connect(struct sock *ssk, const struct sk_buff *skb)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct sock *msk = READ_ONCE(sf->msk);
	struct mptcp_rx_opts rx;

	sf->tcp_af_ops->sk_rx_dst_set(ssk, skb);

	/* TCP calls us again whenever its cached route goes: only the first
	 * call, on the SYN-ACK, is the handshake.
	 */
	if (sf->synack_seen)
		return;
	sf->synack_seen = 1;
	if (msk && sf->join) {
		subflow_join_synack(ssk, sf, skb);
		return;
	}

	if (msk && sf->mpc_dropped && msk->sk_state == TCP_SYN_SENT) {
		mptcp_parse_options(skb, &rx);
		mptcp_active_synack_after_drop(sock_net(ssk), rx.present & OPT_MPC_SYNACK);
		return;		/* plain TCP, as the SYN it answers */
	}
	if (!msk || !sf->mpc || sf->remote_key || msk->sk_state != TCP_SYN_SENT)
		return;

	sf->isn_remote = TCP_SKB_CB(skb)->seq;
	mptcp_parse_options(skb, &rx);
	if (!(rx.present & OPT_MPC_SYNACK)) {
		/* No MP_CAPABLE: plain TCP from here on (section 3.1). */
		__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_MPC_FALLBACK_SYNACK);
		sf->mpc = 0;
		mptcp_sk(msk)->fallback = 1;
		return;
	}

	__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_MPC_SYNACK_RX);
	mptcp_active_synack_mpc(sock_net(ssk));
	mptcp_sk(msk)->remote_deny_join_id0 = rx.mpc_flags & MPC_FLAG_C;
	/* Either end asking for checksums makes both use them. */
	if (rx.mpc_flags & MPC_FLAG_A)
		WRITE_ONCE(mptcp_sk(msk)->csum, true);
	if (!mptcp_fastopen_synack_acked(ssk, sf)) {
		sf->mpc = 0;
		mptcp_sk(msk)->fallback = 1;
		return;
	}
	sf->remote_key = rx.sndr_key;
	mptcp_msk_set_remote_key(mptcp_sk(msk), ssk, rx.sndr_key);
}

/* --- the listener ------------------------------------------------------------- */

/* An MP_JOIN SYN (section 3.2): find the connection by its token and
 * answer with our nonce; the HMACs are checked on the third ACK.  Returns
 * 0, or the MPTCP_RST_* reason to refuse the join with (section 3.2: an
 * unknown token or a connection that takes no subflows is reset).  The
 * subflow limit is enforced on the third ACK, as upstream does (its
 * mptcp_join.sh counts the SYN-ACK), except under syncookies, where the
 * state to check it later would be kept for nothing.
 */
static int subflow_req_join(struct mptcp_request_sock *mreq,
			    const struct sock *listener, struct sk_buff *skb,
			    const struct mptcp_rx_opts *rx)
{
	bool cookie = ((struct request_sock *)mreq)->syncookie;
	struct net *net = sock_net(listener);
	struct mptcp_sock *msk;

	__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYN_RX);
	msk = mptcp_token_get(net, rx->join_token);
	if (!msk) {
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_NO_TOKEN);
		return MPTCP_RST_EMPTCP;
	}
	if (!(cookie ? mptcp_join_allowed(msk) : mptcp_takes_joins(msk)) ||
	    !mptcp_join_port_check(msk, skb, false)) {
		sock_put((struct sock *)msk);
		return MPTCP_RST_EPROHIBIT;
	}
	if (rx->join_backup)
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_SYN_BACKUP_RX);
	mreq->msk = msk;
	mreq->join = true;
	mreq->backup = rx->join_backup;
	mreq->remote_id = rx->join_id;
	mreq->remote_nonce = rx->join_nonce;
	mreq->local_id = mptcp_pm_local_id_of(msk, skb, &mreq->local_backup);
	get_random_bytes(&mreq->local_nonce, sizeof(mreq->local_nonce));
	tcp_rsk((struct request_sock *)mreq)->is_mptcp = 1;
	if (cookie)
		mptcp_join_cookie_save(mreq, skb);
	return 0;
}

/* Returns 0, or the MPTCP_RST_* reason to refuse the SYN with a reset. */
static int mptcp_req_init(struct request_sock *req, const struct sock *listener,
			  struct sk_buff *skb)
{
	struct mptcp_request_sock *mreq = mptcp_rsk(req);
	struct net *net = sock_net(listener);
	struct mptcp_rx_opts rx;

	mreq->mpc = false;
	mreq->join = false;
	mreq->fastopen = false;
	mreq->msk = NULL;
	mreq->token_held = false;
	tcp_rsk(req)->is_mptcp = 0;
	/* Request socks come from a SLAB_TYPESAFE_BY_RCU cache, not zeroed:
	 * a stale drop_req would keep the child out of the accept queue.
	 */
	tcp_rsk(req)->drop_req = false;

	mptcp_parse_options(skb, &rx);
	if (unlikely(rx.bad))	/* a malformed MP_CAPABLE is no MP_CAPABLE */
		__mptcp_mib_inc(net, MPTCP_MIB_OPT_MALFORMED);
	if (rx.present & OPT_MPJ_SYN)
		return subflow_req_join(mreq, listener, skb, &rx);
	if (rx.present & OPT_MPC_SYN)
		__mptcp_mib_inc(net, MPTCP_MIB_MPC_SYN_RX);
	/* A port endpoint's listener is there for joins only. */
	if (unlikely(mptcp_subflow_ctx(listener)->endpoint_listener)) {
		__mptcp_mib_inc(net, MPTCP_MIB_MPC_ENDP_ATTEMPT);
		return MPTCP_RST_EPROHIBIT;
	}
	if (!(rx.present & OPT_MPC_SYN))
		return 0;

	if (!mptcp_pernet(net)->enabled)
		return 0;

	if (mptcp_token_reserve(&mreq->local_key, &mreq->token)) {
		__mptcp_mib_inc(net, MPTCP_MIB_TOKEN_FALLBACK_INIT);
		return 0;
	}
	mreq->token_held = true;
	mreq->mpc = true;
	/* Section 3.1: checksums when either end asks for them. */
	mreq->csum = mptcp_pernet(net)->checksum_enabled || (rx.mpc_flags & MPC_FLAG_A);
	mreq->deny_join_id0 = rx.mpc_flags & MPC_FLAG_C;
	tcp_rsk(req)->is_mptcp = 1;
	return 0;
}

/* Route the SYN as TCP would, then read its MPTCP options.  A join we
 * refuse gets its reset here, with no request sock: the TCP core ignores
 * what conn_request() returns, but drops a SYN that has no route.
 */
static struct dst_entry *subflow_route_req(const struct tcp_request_sock_ops *tcp,
					   const struct request_sock_ops *rsk,
					   const struct sock *sk, struct sk_buff *skb,
					   struct flowi *fl, struct request_sock *req,
					   u32 tw_isn)
{
	struct dst_entry *dst = tcp->route_req(sk, skb, fl, req, tw_isn);
	int refuse;

	if (!dst)
		return NULL;
	refuse = mptcp_req_init(req, sk, skb);
	if (!refuse)
		return dst;
	dst_release(dst);
	mptcp_skb_set_reset_reason(skb, refuse);
	rsk->send_reset(sk, skb, refuse == MPTCP_RST_EMPTCP ?
			SK_RST_REASON_MPTCP_RST_EMPTCP :
			SK_RST_REASON_MPTCP_RST_EPROHIBIT);
	return NULL;
}

static struct dst_entry *subflow_v4_route_req(const struct sock *sk,
					      struct sk_buff *skb,
					      struct flowi *fl,
					      struct request_sock *req,
					      u32 tw_isn)
{
	return subflow_route_req(&tcp_request_sock_ipv4_ops, &mptcp_rsk_ops,
				 sk, skb, fl, req, tw_isn);
}

/* Fast Open's part in our SYN-ACKs (fastopen.c), then TCP's own, of the
 * request's family (a v4-mapped one is IPv4's).
 */
static int subflow_send_synack(const struct sock *sk, struct dst_entry *dst,
			       struct flowi *fl, struct request_sock *req,
			       struct tcp_fastopen_cookie *foc,
			       enum tcp_synack_type synack_type,
			       struct sk_buff *syn_skb)
{
	const struct tcp_request_sock_ops *tcp = &tcp_request_sock_ipv4_ops;

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (req->rsk_ops == &mptcp_rsk6_ops)
		tcp = &tcp_request_sock_ipv6_ops;
#endif
	mptcp_fastopen_synack((struct sock *)sk, req, foc, synack_type);
	return tcp->send_synack(sk, dst, fl, req, foc, synack_type, syn_skb);
}

static int subflow_v4_conn_request(struct sock *sk, struct sk_buff *skb)
{
	/* Same refusal as tcp_v4_conn_request(). */
	if (skb_rtable(skb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		tcp_listendrop(sk);
		return 0;
	}
	return tcp_conn_request(&mptcp_rsk_ops, &mptcp_rsk_ipv4_ops, sk, skb);
}

static void subflow_req_destructor(struct request_sock *req)
{
	struct mptcp_request_sock *mreq = mptcp_rsk(req);

	if (mreq->token_held)
		mptcp_token_release(mreq->token);
	if (mreq->msk)
		sock_put((struct sock *)mreq->msk);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (req->rsk_ops == &mptcp_rsk6_ops) {
		tcp6_request_sock_ops.destructor(req);
		return;
	}
#endif
	tcp_request_sock_ops.destructor(req);
}

struct request_sock *mptcp_subflow_reqsk_alloc(const struct request_sock_ops *ops,
					       struct sock *sk_listener,
					       bool attach_listener)
{
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (ops->family == AF_INET6)
		ops = &mptcp_rsk6_ops;
	else
#endif
		ops = &mptcp_rsk_ops;
	return inet_reqsk_alloc(ops, sk_listener, attach_listener);
}

void mptcp_subflow_reqsk_clone(struct request_sock *req,
			       struct request_sock *new_req)
{
	/* The token now belongs to the clone; the old request must not
	 * give it back when it is freed.  A join's msk reference is the
	 * clone's too (it copied the pointer).
	 */
	mptcp_rsk(req)->token_held = false;
	mptcp_rsk(req)->msk = NULL;
}

#ifdef CONFIG_SYN_COOKIES
/* A syncookie ACK: the SYN's state is gone, but an MP_CAPABLE third ACK
 * carries both keys, so the connection can be rebuilt from it; a join's
 * was kept aside (join_cookie.c).
 */
int mptcp_subflow_init_cookie_req(struct request_sock *req,
				  const struct sock *sk_listener,
				  struct sk_buff *skb)
{
	struct mptcp_request_sock *mreq = mptcp_rsk(req);
	struct mptcp_rx_opts rx;

	mreq->mpc = false;
	mreq->join = false;
	mreq->fastopen = false;
	mreq->msk = NULL;
	mreq->token_held = false;
	tcp_rsk(req)->is_mptcp = 0;
	/* Request socks come from a SLAB_TYPESAFE_BY_RCU cache, not zeroed:
	 * a stale drop_req would keep the child out of the accept queue.
	 */
	tcp_rsk(req)->drop_req = false;

	mptcp_parse_options(skb, &rx);
	if (rx.present & OPT_MPJ_ACK) {
		if (!mptcp_join_cookie_restore(mreq, skb, sock_net(sk_listener)))
			return -EINVAL;
		tcp_rsk(req)->is_mptcp = 1;
		return 0;
	}
	if (!(rx.present & (OPT_MPC_ACK | OPT_MPC_DATA)) ||
	    !mptcp_pernet(sock_net(sk_listener))->enabled)
		return 0;

	mreq->local_key = rx.rcvr_key;
	if (mptcp_token_reserve_key(mreq->local_key, &mreq->token))
		return 0;
	mreq->token_held = true;
	mreq->mpc = true;
	/* what we would have answered the SYN, or what the client's ACK
	 * says both ends settled on
	 */
	mreq->csum = mptcp_pernet(sock_net(sk_listener))->checksum_enabled ||
		     (rx.mpc_flags & MPC_FLAG_A);
	mreq->deny_join_id0 = rx.mpc_flags & MPC_FLAG_C;
	tcp_rsk(req)->is_mptcp = 1;
	return 0;
}
#endif

/* Dispose of a child we cannot make an MPTCP connection of: the TCP core
 * drops it (rsk_drop_req()) and the client gets a reset.
 */
static struct sock *subflow_drop_child(struct sock *child,
				       struct request_sock *req)
{
	tcp_rsk(req)->drop_req = true;
	inet_csk_prepare_for_destroy_sock(child);
	tcp_done(child);
	return child;
}

static bool subflow_join_hmac_ok(const struct mptcp_request_sock *mreq,
				 const struct mptcp_rx_opts *rx)
{
	const struct mptcp_sock *msk = mreq->msk;
	u8 hmac[SHA256_DIGEST_SIZE];

	/* Key-A + Key-B, R-A + R-B: the peer is A. */
	mptcp_join_hmac(msk->remote_key, msk->local_key, mreq->remote_nonce,
			mreq->local_nonce, hmac);
	return !crypto_memneq(hmac, rx->join_hmac, MPJ_HMAC_LEN);
}

/* The third ACK of a join: with a valid HMAC the child becomes a subflow
 * of the connection, never an accept()able socket (rsk_drop_req() keeps it
 * out of the listener's queue); otherwise it is reset.
 */
static struct sock *subflow_join_child(const struct sock *listener,
				       struct sk_buff *skb,
				       struct request_sock *req,
				       struct sock *child)
{
	struct mptcp_request_sock *mreq = mptcp_rsk(req);
	struct net *net = sock_net(listener);
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(child);
	enum sk_rst_reason reason = SK_RST_REASON_MPTCP_RST_EMPTCP;
	struct mptcp_rx_opts rx;

	tcp_rsk(req)->drop_req = true;
	mptcp_parse_options(skb, &rx);
	if (!(rx.present & OPT_MPJ_ACK) || !subflow_join_hmac_ok(mreq, &rx)) {
		__mptcp_mib_inc(net, MPTCP_MIB_JOIN_ACK_HMAC);
		goto refuse;
	}
	reason = SK_RST_REASON_MPTCP_RST_EPROHIBIT;
	/* The announcement may have been withdrawn since the SYN. */
	if (!mptcp_join_port_check(mreq->msk, skb, true) ||
	    !mptcp_join_attach(mreq->msk, child))
		goto refuse;
	__mptcp_mib_inc(net, MPTCP_MIB_JOIN_ACK_RX);
	return child;

refuse:
	subflow_restore_tcp(child, sf);
	kfree(sf);
	inet_csk_prepare_for_destroy_sock(child);
	tcp_done(child);
	mptcp_skb_set_reset_reason(skb, reason == SK_RST_REASON_MPTCP_RST_EMPTCP ?
				   MPTCP_RST_EMPTCP : MPTCP_RST_EPROHIBIT);
	req->rsk_ops->send_reset(listener, skb, reason);
	return child;
}

/* The third ACK of an MP_CAPABLE handshake must echo both keys, ours
 * unchanged (section 3.1); a data-carrying ACK counts too.  Without that,
 * the connection is plain TCP.  Decided per segment and never written to
 * the request but for the peer's key: another CPU may be creating the
 * child from the real third ACK at the same time.
 */
static bool mpc_ack_echoes_keys(struct mptcp_request_sock *mreq, const struct sk_buff *ack)
{
	struct mptcp_rx_opts rx;

	mptcp_parse_options(ack, &rx);
	if (!(rx.present & (OPT_MPC_ACK | OPT_MPC_DATA)) || rx.rcvr_key != mreq->local_key)
		return false;
	mreq->remote_key = rx.sndr_key;
	return true;
}

/* inet_connection_sock_af_ops.syn_recv_sock of a listening subflow: TCP
 * makes the child; we make it a subflow of a new msk, a joined subflow of
 * an existing one, or leave it plain TCP.  @ack is the third ACK, or the
 * SYN itself when a Fast Open cookie was valid (fastopen.c): NULL then
 * sends TCP the regular way.
 */
static struct sock *subflow_make_child(const struct sock *lssk, struct sk_buff *ack,
				       struct request_sock *req, struct dst_entry *route,
				       struct request_sock *req_unhash, bool *own_req,
				       void (*tcp_child_init)(struct sock *child,
							      const struct sock *parent))
{
	struct mptcp_request_sock *mreq = mptcp_rsk(req);
	const struct inet_connection_sock_af_ops *tcp_ops;
	struct net *net = sock_net(lssk);
	struct sock *child, *msk;
	bool fallback;

	if (TCP_SKB_CB(ack)->tcp_flags & TCPHDR_SYN) {
		if (mreq->join)		/* no Fast Open for joins */
			return NULL;
		/* Request socks are not zeroed: no stale key (ulp_ctx_clone()). */
		mreq->fastopen = mreq->mpc;
		mreq->remote_key = 0;
	}
	fallback = mreq->mpc && !mreq->fastopen && !mpc_ack_echoes_keys(mreq, ack);
	tcp_ops = mptcp_subflow_ctx(lssk)->tcp_af_ops;
	child = tcp_ops->syn_recv_sock(lssk, ack, req, route, req_unhash, own_req,
				       tcp_child_init);
	if (!child || !*own_req || !sk_is_mptcp(child))
		return child;

	if (mreq->join)
		return subflow_join_child(lssk, ack, req, child);

	if (fallback) {
		struct mptcp_subflow_context *sf = mptcp_subflow_ctx(child);

		__mptcp_mib_inc(net, MPTCP_MIB_MPC_FALLBACK_ACK);
		subflow_restore_tcp(child, sf);
		kfree(sf);
		return child;
	}

	msk = READ_ONCE(mptcp_subflow_ctx(lssk)->msk);
	msk = msk ? mptcp_msk_clone(msk, mreq, child) : NULL;
	if (!msk && mreq->fastopen) {
		/* Plain TCP then, and a SYN-ACK that says so: the request
		 * is this SYN's alone until that SYN-ACK is out.
		 */
		struct mptcp_subflow_context *sf = mptcp_subflow_ctx(child);

		subflow_restore_tcp(child, sf);
		kfree(sf);
		mreq->mpc = false;
		return child;
	}
	if (!msk)
		return subflow_drop_child(child, req);

	/* The token moved to the new msk with the clone. */
	mreq->token_held = false;
	if (!mreq->fastopen)	/* else when the third ACK comes (fastopen.c) */
		__mptcp_mib_inc(net, MPTCP_MIB_MPC_ACK_RX);
	return child;
}

/* --- hooks the TCP core calls ---------------------------------------------------- */

void mptcp_space(const struct sock *ssk, int *space, int *full_space)
{
	const struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	const struct sock *msk = sf ? READ_ONCE(sf->msk) : NULL;
	int rcvbuf;

	if (!msk)
		return;

	/* One receive window for the whole connection (section 3.3.4):
	 * every subflow advertises what the msk can still take.  Data
	 * waiting out of order does not count: it lies inside the window
	 * offered already, and charging it would shut the window on the
	 * very bytes it waits for (a path died with them; another path
	 * must be let to carry them again).  recv.c bounds it.
	 */
	rcvbuf = READ_ONCE(msk->sk_rcvbuf);
	*space = tcp_win_from_space(ssk, rcvbuf - (atomic_read(&msk->sk_rmem_alloc) -
						   READ_ONCE(mptcp_sk(msk)->rx_ofo_mem)));
	*full_space = tcp_win_from_space(ssk, rcvbuf);
}

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
void mptcpv6_handle_mapped(struct sock *ssk, bool mapped)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);

	/* tcp_v6_connect() just switched to the v4-mapped ops (or back):
	 * remember TCP's choice and put our overrides on top of it.
	 */
	if (!sf)
		return;
	sf->tcp_af_ops = inet_csk(ssk)->icsk_af_ops;
	WRITE_ONCE(inet_csk(ssk)->icsk_af_ops,
		   mapped ? &mptcp_af_ipv6_mapped : &mptcp_af_ipv6);
}

static struct dst_entry *subflow_v6_route_req(const struct sock *sk,
					      struct sk_buff *skb,
					      struct flowi *fl,
					      struct request_sock *req,
					      u32 tw_isn)
{
	return subflow_route_req(&tcp_request_sock_ipv6_ops, &mptcp_rsk6_ops,
				 sk, skb, fl, req, tw_isn);
}

static int subflow_v6_conn_request(struct sock *sk, struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return subflow_v4_conn_request(sk, skb);

	if (!ipv6_unicast_destination(skb)) {
		tcp_listendrop(sk);
		return 0;
	}
	if (ipv6_addr_v4mapped(&ipv6_hdr(skb)->saddr)) {
		__IP6_INC_STATS(sock_net(sk), NULL, IPSTATS_MIB_INHDRERRORS);
		return 0;
	}
	return tcp_conn_request(&mptcp_rsk6_ops, &mptcp_rsk_ipv6_ops, sk, skb);
}
#endif

/* --- registration ------------------------------------------------------------------ */

/* Everything the MPTCP side of a listener or connector needs from one
 * address family: request socks of our size whose destructor frees the
 * token, a SYN path that reads MP_CAPABLE, and the connection hooks.
 */
struct subflow_family {
	struct request_sock_ops *rsk;
	const struct request_sock_ops *tcp_rsk;
	struct tcp_request_sock_ops *req;
	const struct tcp_request_sock_ops *tcp_req;
	struct inet_connection_sock_af_ops *af;
	const struct inet_connection_sock_af_ops *tcp_af;
	const char *slab;
	struct dst_entry *(*route_req)(const struct sock *sk, struct sk_buff *skb,
				       struct flowi *fl, struct request_sock *req,
				       u32 tw_isn);
	int (*conn_request)(struct sock *sk, struct sk_buff *skb);
};

/* Our three hooks on top of whichever connection ops the TCP core uses. */
static void __init subflow_hook_af(struct inet_connection_sock_af_ops *af,
				   int (*conn_request)(struct sock *, struct sk_buff *))
{
	af->conn_request = conn_request;
	af->syn_recv_sock = subflow_make_child;
	af->sk_rx_dst_set = subflow_finish_connect;
}

static int __init subflow_family_init(const struct subflow_family *f)
{
	struct request_sock_ops *rsk = f->rsk;

	*rsk = *f->tcp_rsk;
	rsk->obj_size = sizeof(struct mptcp_request_sock);
	rsk->slab_name = (char *)f->slab;
	rsk->destructor = subflow_req_destructor;
	rsk->slab = kmem_cache_create(f->slab, rsk->obj_size, 0,
				      SLAB_ACCOUNT | SLAB_TYPESAFE_BY_RCU, NULL);
	if (!rsk->slab)
		return -ENOMEM;

	*f->req = *f->tcp_req;
	f->req->route_req = f->route_req;
	f->req->send_synack = subflow_send_synack;

	*f->af = *f->tcp_af;
	subflow_hook_af(f->af, f->conn_request);
	return 0;
}

int __init mptcp_subflow_init(void)
{
	static const struct subflow_family v4 __initconst = {
		.rsk = &mptcp_rsk_ops, .tcp_rsk = &tcp_request_sock_ops,
		.req = &mptcp_rsk_ipv4_ops, .tcp_req = &tcp_request_sock_ipv4_ops,
		.af = &mptcp_af_ipv4, .tcp_af = &ipv4_specific,
		.slab = "request_sock_mptcp",
		.route_req = subflow_v4_route_req,
		.conn_request = subflow_v4_conn_request,
	};
	int err;

	err = subflow_family_init(&v4);
	return err ? : tcp_register_ulp(&mptcp_hidden_ulp);
}

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
int __init mptcp_subflow_v6_init(void)
{
	static const struct subflow_family v6 __initconst = {
		.rsk = &mptcp_rsk6_ops, .tcp_rsk = &tcp6_request_sock_ops,
		.req = &mptcp_rsk_ipv6_ops, .tcp_req = &tcp_request_sock_ipv6_ops,
		.af = &mptcp_af_ipv6, .tcp_af = &ipv6_specific,
		.slab = "request_sock_mptcp6",
		.route_req = subflow_v6_route_req,
		.conn_request = subflow_v6_conn_request,
	};
	struct inet_connection_sock_af_ops *m = &mptcp_af_ipv6_mapped;
	int err;

	err = subflow_family_init(&v6);
	if (err)
		return err;

	/* The TCP core keeps its v4-mapped ops private.  They are IPv4
	 * underneath (transmit, checksums, MTU) and IPv6 towards the
	 * application (options, addresses), which is how we build ours.
	 */
	*m = ipv4_specific;
	m->setsockopt = ipv6_specific.setsockopt;
	m->getsockopt = ipv6_specific.getsockopt;
	m->addr2sockaddr = ipv6_specific.addr2sockaddr;
	m->sockaddr_len = ipv6_specific.sockaddr_len;
	subflow_hook_af(m, subflow_v6_conn_request);
	return 0;
}
#endif
