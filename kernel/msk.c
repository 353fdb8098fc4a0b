// SPDX-License-Identifier: GPL-2.0
/*
 * The meta-socket: what socket(..., IPPROTO_MPTCP) returns.  Its life
 * (bind, listen, accept, connect, shutdown, close), its connection-level
 * state machine, and the deferral of subflow events to process context.
 * The data path is in send.c and recv.c.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <net/inet_common.h>
#include <net/mptcp.h>
#include <net/protocol.h>
#include <net/tcp.h>
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
#include <net/ipv6.h>
#include <net/transp_v6.h>
#endif

#include "mib.h"
#include "protocol.h"

/* Meta-sockets alive, for /proc/net/protocols (leak checks read it). */
static struct percpu_counter mptcp_sockets_allocated ____cacheline_aligned_in_smp;

static bool msk_established_ish(int state)
{
	return (1 << state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT);
}

void mptcp_set_state(struct sock *sk, int state)
{
	int old = sk->sk_state;

	if (old == state)
		return;
	/* MPCurrEstab counts connections that can still carry our data. */
	if (msk_established_ish(state) && !msk_established_ish(old))
		mptcp_mib_inc(sock_net(sk), MPTCP_MIB_CURR_ESTAB);
	else if (!msk_established_ish(state) && msk_established_ish(old))
		mptcp_mib_dec(sock_net(sk), MPTCP_MIB_CURR_ESTAB);
	inet_sk_state_store(sk, state);
}

/* Addresses live on the subflow; the msk shows the first subflow's, for
 * getsockname(), getpeername() and diag.
 */
static void msk_copy_addrs(struct sock *msk, const struct sock *ssk)
{
	struct inet_sock *mi = inet_sk(msk);
	const struct inet_sock *si = inet_sk(ssk);

	mi->inet_saddr = si->inet_saddr;
	mi->inet_rcv_saddr = si->inet_rcv_saddr;
	mi->inet_daddr = si->inet_daddr;
	mi->inet_sport = si->inet_sport;
	mi->inet_dport = si->inet_dport;
	mi->inet_num = si->inet_num;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	msk->sk_v6_daddr = ssk->sk_v6_daddr;
	msk->sk_v6_rcv_saddr = ssk->sk_v6_rcv_saddr;
	if (msk->sk_family == AF_INET6)
		inet6_sk(msk)->saddr = inet6_sk(ssk)->saddr;
#endif
}

/* --- deferred work ------------------------------------------------------------ */

static void mptcp_schedule_work(struct sock *sk)
{
	if (schedule_work(&mptcp_sk(sk)->work))
		sock_hold(sk);
}

/**
 * mptcp_defer - have process context do @bit's work for @sk
 * @sk: the msk
 * @bit: MPTCP_DEFER_*
 *
 * Any context, including a subflow's softirq with that subflow locked.
 * Cheap work (freeing acknowledged data) is done at once when no process
 * owns the msk; the rest goes to release_sock() or the worker.
 */
void mptcp_defer(struct sock *sk, int bit)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	spin_lock_bh(&sk->sk_lock.slock);
	if (msk->destroyed) {
		spin_unlock_bh(&sk->sk_lock.slock);
		return;
	}
	if (sock_owned_by_user(sk)) {
		set_bit(bit, &msk->deferred);
	} else if (bit == MPTCP_DEFER_CLEAN_UNA) {
		mptcp_clean_una(sk);
		/* New room at the connection level: a waiting writer pushes;
		 * without one, pending data needs the worker.
		 */
		if (msk->snd_nxt != msk->write_seq || READ_ONCE(msk->snd_fin))
			goto work;
	} else {
work:
		set_bit(bit == MPTCP_DEFER_CLEAN_UNA ? MPTCP_DEFER_PUSH : bit,
			&msk->deferred);
		mptcp_schedule_work(sk);
	}
	spin_unlock_bh(&sk->sk_lock.slock);
}

static void mptcp_close_subflows(struct sock *sk);
static void mptcp_reset_subflows(struct sock *sk);
static void mptcp_abort_subflows(struct sock *sk);
static void mptcp_destroy(struct sock *sk);

/* Orphaned before accept(): the listener went away with us in its queue.
 * Its first subflow is gone with the listener (reset, as TCP resets the
 * children it drops); subflows that joined meanwhile wait on the join
 * list and are ours to reset too.  A FIN would leave the peer's
 * connection half-closed on a subflow that can never carry its DATA_FIN
 * (sysfuzz found those left behind).
 */
static void mptcp_reap_unaccepted(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf, *tmp;
	LIST_HEAD(joined);

	msk->first = NULL;
	INIT_LIST_HEAD(&msk->subflows);
	spin_lock_bh(&sk->sk_lock.slock);
	list_splice_init(&msk->join_list, &joined);
	spin_unlock_bh(&sk->sk_lock.slock);
	list_for_each_entry_safe(sf, tmp, &joined, node) {
		mptcp_subflow_reset(sf, MPTCP_RST_EUNSPEC);
		mptcp_subflow_close(msk, sf, 0);
	}
	msk->in_accept_queue = 0;
	mptcp_set_state(sk, TCP_CLOSE);
	mptcp_destroy(sk);
	sock_set_flag(sk, SOCK_DEAD);
}

/* Joined subflows that softirq left on the join list take their place
 * among the others; each then sends the ACK that tells the peer its third
 * ACK arrived (section 3.2: until then it sends no data on it).
 */
static void mptcp_join_finish(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf, *tmp;
	LIST_HEAD(joined);

	/* Not before accept(): until then the listener owns the first
	 * subflow and may reap the msk (mptcp_reap_unaccepted()).
	 */
	if (READ_ONCE(msk->in_accept_queue))
		return;

	spin_lock_bh(&sk->sk_lock.slock);
	list_splice_tail_init(&msk->join_list, &joined);
	spin_unlock_bh(&sk->sk_lock.slock);

	list_for_each_entry_safe(sf, tmp, &joined, node) {
		struct sock *ssk = sf->tcp_sock;

		mptcp_subflow_inherit(sk, ssk);
		list_move_tail(&sf->node, &msk->subflows);
		lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
		if (sk->sk_socket)
			mptcp_subflow_graft(ssk, sk->sk_socket);
		tcp_send_ack(ssk);
		release_sock(ssk);
	}
}

static void mptcp_do_deferred(struct sock *sk, unsigned long todo)
{
	if (todo & BIT(MPTCP_DEFER_CLEAN_UNA))
		mptcp_clean_una(sk);
	if (todo & (BIT(MPTCP_DEFER_CLEAN_UNA) | BIT(MPTCP_DEFER_PUSH)))
		mptcp_push(sk);
	if (todo & BIT(MPTCP_DEFER_JOIN))
		mptcp_join_finish(sk);
	if (todo & BIT(MPTCP_DEFER_RETRANS))
		mptcp_retransmit(sk);
	mptcp_check_state(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		mptcp_pm_work(sk);
}

/* Both directions are complete: the peer's DATA_FIN is in, and ours, with
 * everything before it, is DATA_ACKed.  Lockless readers get a snapshot.
 */
bool mptcp_streams_done(const struct mptcp_sock *msk)
{
	return READ_ONCE(msk->rx_fin) && READ_ONCE(msk->snd_fin) &&
	       atomic64_read(&msk->snd_una) == READ_ONCE(msk->write_seq) + 1;
}

/* A closed msk is done once both DATA_FINs are through: everything we
 * sent, our DATA_FIN included, DATA_ACKed, and the peer's DATA_FIN taken
 * and acknowledged (or both at once: state CLOSE).  In FIN_WAIT2 it waits
 * for the peer's, as TCP's orphan does for the FIN: reaped there, its
 * subflows closed, and the peer's DATA_FIN, sent a moment later, was
 * never acknowledged -- the peer sat in LAST_ACK or FIN_WAIT1 for the
 * whole close_timeout (mptcp_close's simultaneous closes).  The orphan
 * timer bounds the wait.  A fallback has no Data ACKs: handing the last
 * byte to TCP is the end, TCP's FIN handshake the rest.  With no subflow
 * left to send on, nothing can happen any more.
 */
static bool mptcp_orphan_done(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	if (sk->sk_state == TCP_CLOSE || !mptcp_subflow_can_send(msk))
		return true;
	if (msk->snd_nxt != msk->write_seq)
		return false;
	return msk->fallback || mptcp_streams_done(msk);
}

/* Free a closed msk's connection-level state and let go of its subflows:
 * cleanly, or with resets when @abort (it outlived its timeout).  The
 * application's reference is the caller's to drop.
 */
static void mptcp_orphan_reap(struct sock *sk, bool abort)
{
	if (abort)
		mptcp_abort_subflows(sk);
	else
		mptcp_close_subflows(sk);
	mptcp_set_state(sk, TCP_CLOSE);
	mptcp_destroy(sk);
}

void mptcp_orphan_timer(struct timer_list *t)
{
	struct mptcp_sock *msk = from_timer(msk, t, orphan_timer);
	struct sock *sk = (struct sock *)msk;

	mptcp_defer(sk, MPTCP_DEFER_EXPIRE);
	sock_put(sk);
}

static void mptcp_worker(struct work_struct *work)
{
	struct mptcp_sock *msk = container_of(work, struct mptcp_sock, work);
	struct sock *sk = (struct sock *)msk;
	unsigned long todo;

	lock_sock(sk);
	todo = xchg(&msk->deferred, 0);
	if (todo & BIT(MPTCP_DEFER_ORPHAN)) {
		mptcp_reap_unaccepted(sk);
		release_sock(sk);
		sock_put(sk);		/* the reference accept() would have owned */
	} else if (!msk->destroyed) {
		bool reap, expired = todo & BIT(MPTCP_DEFER_EXPIRE);

		mptcp_do_deferred(sk, todo);
		/* A closed msk is reaped here, never in release_sock(): the
		 * application's reference it drops may be the last but ours.
		 */
		reap = sock_flag(sk, SOCK_DEAD) &&
		       (expired || mptcp_orphan_done(sk));
		if (reap)
			mptcp_orphan_reap(sk, expired && sk->sk_state != TCP_CLOSE);
		release_sock(sk);
		if (reap)
			sock_put(sk);	/* the application's */
	} else {
		release_sock(sk);
	}
	sock_put(sk);			/* the worker's */
}

/* release_sock(): do what softirqs deferred while we owned the socket.
 * Entered with the bh spinlock held and the socket still owned; the
 * spinlock is dropped around the work, which may lock subflows.
 */
static void mptcp_release_cb(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	unsigned long todo;

	while (READ_ONCE(msk->deferred) &&
	       (todo = xchg(&msk->deferred, 0) & ~BIT(MPTCP_DEFER_ORPHAN))) {
		spin_unlock_bh(&sk->sk_lock.slock);
		if (!msk->destroyed)
			mptcp_do_deferred(sk, todo);
		spin_lock_bh(&sk->sk_lock.slock);
	}
	/* The worker reaps a closed msk (see there). */
	if (sock_flag(sk, SOCK_DEAD) && !msk->destroyed && mptcp_orphan_done(sk))
		mptcp_schedule_work(sk);
}

/* --- the connection-level state machine ---------------------------------------- */

static void msk_fail(struct sock *sk, int err)
{
	WRITE_ONCE(sk->sk_err, err);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	mptcp_set_state(sk, TCP_CLOSE);
	mptcp_close_subflows(sk);
	sk_error_report(sk);
}

/* Detach subflows that can carry nothing any more or that a path manager
 * removed, unless it is the last one (its state tells the connection's
 * fate).  Returns whether any went.
 */
static bool mptcp_reap_subflows(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf, *tmp;
	bool reaped = false;

	list_for_each_entry_safe(sf, tmp, &msk->subflows, node) {
		struct sock *ssk = sf->tcp_sock;
		int state = inet_sk_state_load(ssk);

		if (list_is_singular(&msk->subflows))
			break;
		if (state != TCP_CLOSE && !READ_ONCE(sf->removed) &&
		    !(sf->rx_eof && (sk->sk_state == TCP_ESTABLISHED ||
				     sk->sk_state == TCP_FIN_WAIT1 ||
				     sk->sk_state == TCP_FIN_WAIT2)))
			continue;
		mptcp_pm_subflow_check_next(msk, sf);
		mptcp_sched_subflow_down(msk, sf);
		mptcp_subflow_close(msk, sf, 0);
		reaped = true;
	}
	return reaped;
}

/* Every subflow has delivered its FIN (or is gone): no more data can come,
 * DATA_FIN or not.
 */
static bool mptcp_all_subflows_eof(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;

	if (list_empty(&msk->subflows))
		return false;
	mptcp_for_each_subflow(msk, sf)
		if (!sf->rx_eof && inet_sk_state_load(sf->tcp_sock) != TCP_CLOSE)
			return false;
	return true;
}

/* Our DATA_FIN takes one DSN after the data (section 3.3.3) and a Data
 * ACK covers it.  After a fallback the subflow's FIN is the DATA_FIN
 * and TCP's acknowledgement of it the only one there will be: without
 * this a fallen-back connection that shut down its sending side stayed
 * in FIN_WAIT1 or CLOSING for good, and could not be disconnected and
 * connected again once "closed" (upstream's mptcp_connect -I against a
 * TCP server waits for that).
 */
static bool mptcp_data_fin_acked(const struct mptcp_sock *msk)
{
	const struct sock *ssk;

	if (!msk->snd_fin)
		return false;
	if (!msk->fallback)
		return atomic64_read(&msk->snd_una) == msk->write_seq + 1;
	if (msk->snd_nxt != msk->write_seq || list_empty(&msk->subflows))
		return false;
	ssk = list_first_entry(&msk->subflows, struct mptcp_subflow_context,
			       node)->tcp_sock;
	return (READ_ONCE(ssk->sk_shutdown) & SEND_SHUTDOWN) &&
	       ((1 << inet_sk_state_load(ssk)) &
		(TCPF_FIN_WAIT2 | TCPF_TIME_WAIT | TCPF_CLOSE));
}

/**
 * mptcp_check_state - move the msk to where its subflows and DATA_FINs say
 * @sk: the msk, locked
 */
void mptcp_check_state(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct sock *ssk = msk->first;
	int state = sk->sk_state;
	bool fin_acked;

	/* Until accept() the msk holds no reference on its subflow (the
	 * listener's queue does): closing it here would drop one we do not
	 * own.  accept() runs this check once it owns the subflow.
	 */
	if (state == TCP_LISTEN || state == TCP_CLOSE ||
	    READ_ONCE(msk->in_accept_queue))
		return;

	if (state == TCP_SYN_SENT) {
		if (!ssk)
			return;
		if (inet_sk_state_load(ssk) == TCP_ESTABLISHED) {
			if (msk->fallback)
				atomic64_set(&msk->wnd_end, msk->write_seq +
					     tcp_sk(ssk)->snd_wnd);
			msk_copy_addrs(sk, ssk);
			mptcp_set_state(sk, TCP_ESTABLISHED);
			if (!msk->fallback) {
				msk->ev_created = true;
				mptcp_event_conn(msk, MPTCP_EVENT_CREATED, GFP_ATOMIC);
			}
			sk->sk_state_change(sk);
			sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
		} else if (inet_sk_state_load(ssk) == TCP_CLOSE) {
			msk_fail(sk, READ_ONCE(ssk->sk_err) ? : ECONNREFUSED);
		}
		return;
	}

	/* Subflows that died, or that the peer closed, go while others
	 * remain; what they carried without a Data ACK goes out again on
	 * the others (section 3.3.6).  The last one dying of an error takes
	 * the connection with it; one that closed cleanly still holds what
	 * it received: the reader drains it.
	 */
	/* The peer aborted the connection (section 3.5): whichever form it
	 * used, every subflow still open answers with a reset.
	 */
	if (READ_ONCE(msk->rcv_fastclose)) {
		mptcp_reset_subflows(sk);
		msk_fail(sk, ECONNRESET);
		return;
	}
	if (mptcp_reap_subflows(sk))
		mptcp_retransmit_lost(sk);
	ssk = msk->first ? : (list_empty(&msk->subflows) ? NULL :
			      list_first_entry(&msk->subflows,
					       struct mptcp_subflow_context, node)->tcp_sock);
	/* Dying of an error includes a reset whose error someone consumed
	 * already: whatever ended without the peer's FIN.  Unless both
	 * directions were complete, nothing can finish them any more; a
	 * peer that is done sending does not make our unsent data safe.
	 */
	if (ssk && inet_sk_state_load(ssk) == TCP_CLOSE &&
	    (READ_ONCE(ssk->sk_err) || !READ_ONCE(mptcp_subflow_ctx(ssk)->rx_eof)) &&
	    list_is_singular(&msk->subflows) && !mptcp_streams_done(msk)) {
		msk_fail(sk, READ_ONCE(ssk->sk_err) ? : ECONNRESET);
		return;
	}
	if (!msk->fallback && !READ_ONCE(msk->rx_fin) && mptcp_all_subflows_eof(msk))
		mptcp_rx_eof(sk);

	if (READ_ONCE(msk->rx_fin) && !(sk->sk_shutdown & RCV_SHUTDOWN)) {
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		if (state == TCP_ESTABLISHED)
			mptcp_set_state(sk, TCP_CLOSE_WAIT);
		else if (state == TCP_FIN_WAIT1)
			mptcp_set_state(sk, TCP_CLOSING);
		else if (state == TCP_FIN_WAIT2)
			mptcp_set_state(sk, TCP_CLOSE);
		sk->sk_state_change(sk);
		if (sk->sk_shutdown == SHUTDOWN_MASK || sk->sk_state == TCP_CLOSE)
			sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_HUP);
		else
			sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
	}

	fin_acked = mptcp_data_fin_acked(msk);
	if (fin_acked) {
		state = sk->sk_state;
		if (state == TCP_FIN_WAIT1)
			mptcp_set_state(sk, TCP_FIN_WAIT2);
		else if (state == TCP_CLOSING || state == TCP_LAST_ACK)
			mptcp_set_state(sk, TCP_CLOSE);
		if (sk->sk_state != state)
			sk->sk_state_change(sk);
	}

	/* Both DATA_FINs through: the subflows close with TCP FINs that
	 * are already under way.
	 */
	if (sk->sk_state == TCP_CLOSE)
		mptcp_close_subflows(sk);
}

/* --- life of the msk -------------------------------------------------------------- */

static void msk_init_queues(struct mptcp_sock *msk)
{
	INIT_LIST_HEAD(&msk->send_queue);
	INIT_LIST_HEAD(&msk->subflows);
	INIT_LIST_HEAD(&msk->join_list);
	INIT_LIST_HEAD(&msk->us_local);
	msk->subflows_nr = 0;
	msk->subflow_ids = 0;
	mptcp_pm_init_timer(msk);
	msk->passive = false;
	msk->sched = NULL;
	msk->last_data_sent = tcp_jiffies32;
	msk->last_data_recv = tcp_jiffies32;
	msk->last_ack_recv = tcp_jiffies32;
	spin_lock_init(&msk->rx_lock);
	skb_queue_head_init(&msk->rx_queue);
	msk->rx_ofo = RB_ROOT;
	INIT_WORK(&msk->work, mptcp_worker);
	timer_setup(&msk->probe_timer, mptcp_probe_timer, 0);
	timer_setup(&msk->rtx_timer, mptcp_rtx_timer, 0);
	timer_setup(&msk->orphan_timer, mptcp_orphan_timer, 0);
	msk->probe_backoff = 0;
	msk->probe_ready = false;
	msk->rtx_backoff = 0;
	msk->deferred = 0;
	msk->snd_fin = false;
	msk->data_fin_sent = false;
	msk->fastclosing = false;
	msk->rcv_fastclose = false;
	msk->destroyed = false;
	msk->infinite_map_pending = false;
	msk->infinite_map = false;
}

/* The inet layer's destructor, then the count: sk_clone_lock() counts
 * clones in, so every msk leaves through here.
 */
static void mptcp_sk_destruct(struct sock *sk)
{
	mptcp_sk(sk)->inet_destruct(sk);
	sk_sockets_allocated_dec(sk);
}

static int mptcp_init_sock(struct sock *sk)
{
	struct net *net = sock_net(sk);

	/* As upstream: with net.mptcp.enabled=0 no MPTCP socket is created
	 * at all (applications then retry with TCP); a socket made before
	 * the switch falls back at connect() instead.
	 */
	if (!mptcp_pernet(net)->enabled)
		return -ENOPROTOOPT;

	mptcp_sk(sk)->inet_destruct = sk->sk_destruct;
	sk->sk_destruct = mptcp_sk_destruct;
	sk_sockets_allocated_inc(sk);

	msk_init_queues(mptcp_sk(sk));
	WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(net->ipv4.sysctl_tcp_wmem[1]));
	WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(net->ipv4.sysctl_tcp_rmem[1]));
	/* SOL_SOCKET options come to us too (sockopt.c). */
	if (sk->sk_socket)
		set_bit(SOCK_CUSTOM_SOCKOPT, &sk->sk_socket->flags);
	return 0;
}

/* Data structures only; the subflows are gone or going. */
static void mptcp_destroy(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	msk->destroyed = true;
	if (msk->ev_created)
		mptcp_event_conn(msk, MPTCP_EVENT_CLOSED, GFP_ATOMIC);
	mptcp_stop_timers(sk);
	mptcp_signal_stop(msk);
	mptcp_sched_release_msk(msk);
	mptcp_pm_release_msk(msk);
	mptcp_send_queue_purge(sk);
	mptcp_rx_purge(sk);
	if (msk->token) {
		mptcp_token_release(msk->token);
		msk->token = 0;
	}
	sk_mem_reclaim(sk);
}

/* Close every subflow: TCP finishes each on its own, delivering what it
 * has queued, our DATA_FIN riding on its FIN.
 */
static void mptcp_close_subflows(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf, *tmp;

	spin_lock_bh(&sk->sk_lock.slock);
	list_splice_tail_init(&msk->join_list, &msk->subflows);
	spin_unlock_bh(&sk->sk_lock.slock);
	list_for_each_entry_safe(sf, tmp, &msk->subflows, node)
		mptcp_subflow_close(msk, sf, 0);
}

/* Reset every subflow, joined ones still waiting on the join list too;
 * they stay on the list, closed, for the caller to close.
 */
static void mptcp_reset_subflows(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;

	spin_lock_bh(&sk->sk_lock.slock);
	list_splice_tail_init(&msk->join_list, &msk->subflows);
	spin_unlock_bh(&sk->sk_lock.slock);
	mptcp_for_each_subflow(msk, sf)
		mptcp_subflow_reset(sf, MPTCP_RST_EUNSPEC);
}

/* Abort the connection: for close() with unread data or SO_LINGER 0, and
 * for disconnect().
 */
static void mptcp_abort_subflows(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	/* Every reset carries MP_FASTCLOSE: the peer drops the whole
	 * connection at once, whichever subflow it hears first.
	 */
	if (!msk->fallback && msk->remote_key && !msk->fastclosing &&
	    sk->sk_state != TCP_CLOSE) {	/* else reset already: none to carry it */
		WRITE_ONCE(msk->fastclosing, true);
		__mptcp_mib_inc(sock_net(sk), MPTCP_MIB_FASTCLOSE_TX);
	}
	mptcp_reset_subflows(sk);
	mptcp_close_subflows(sk);
}

/* Queue our DATA_FIN: it goes out on the subflows' FINs once every byte
 * before it has been handed to a subflow (mptcp_push()).
 */
static void mptcp_send_fin(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	int state = sk->sk_state;

	if (msk->snd_fin)
		return;
	if (state == TCP_ESTABLISHED)
		mptcp_set_state(sk, TCP_FIN_WAIT1);
	else if (state == TCP_CLOSE_WAIT)
		mptcp_set_state(sk, TCP_LAST_ACK);
	else
		return;
	WRITE_ONCE(msk->snd_fin, true);
	mptcp_push(sk);
}

static void mptcp_shutdown(struct sock *sk, int how)
{
	if (how & SEND_SHUTDOWN)
		mptcp_send_fin(sk);
}

static bool msk_has_unread(struct sock *sk)
{
	return !skb_queue_empty(&sk->sk_receive_queue) ||
	       !skb_queue_empty_lockless(&mptcp_sk(sk)->rx_queue);
}

/* The application's struct socket goes with close(): the subflows, which
 * share its wait queue and point at it (mptcp_subflow_graft()), must let
 * go first.  From then on nothing wakes us when a subflow has room again;
 * mptcp_incoming_options() pushes on the subflows' ACKs instead.
 */
static void mptcp_orphan_subflows(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;

	spin_lock_bh(&sk->sk_lock.slock);
	list_splice_tail_init(&msk->join_list, &msk->subflows);
	spin_unlock_bh(&sk->sk_lock.slock);
	mptcp_for_each_subflow(msk, sf) {
		struct sock *ssk = sf->tcp_sock;

		write_lock_bh(&ssk->sk_callback_lock);
		rcu_assign_pointer(ssk->sk_wq, NULL);
		sk_set_socket(ssk, NULL);
		write_unlock_bh(&ssk->sk_callback_lock);
	}
}

/* close() returns at once (after SO_LINGER's time, if set), like TCP's:
 * the msk lives on without the application until the peer has DATA_ACKed
 * everything, retransmitting at the connection level as needed, for at
 * most net.mptcp.close_timeout (like TCP's FIN_WAIT2 time: how long a
 * closed msk waits for the peer to DATA_ACK what it sent).  The worker
 * reaps it (mptcp_orphan_done()).
 */
static void mptcp_close(struct sock *sk, long timeout)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);

	switch (sk->sk_state) {
	case TCP_LISTEN:
		if (msk->first)
			mptcp_event_pm_listener(msk->first, MPTCP_EVENT_LISTENER_CLOSED);
		fallthrough;
	case TCP_SYN_SENT:
	case TCP_CLOSE:
		mptcp_close_subflows(sk);
		mptcp_set_state(sk, TCP_CLOSE);
		break;
	default:
		/* Like TCP: unread data or a zero linger time mean the peer
		 * must learn that data was lost, so reset.
		 */
		if (msk_has_unread(sk) ||
		    (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime)) {
			mptcp_abort_subflows(sk);
			mptcp_set_state(sk, TCP_CLOSE);
			break;
		}
		mptcp_send_fin(sk);
		if (timeout)
			sk_stream_wait_close(sk, timeout);
		break;
	}

	mptcp_orphan_subflows(sk);
	sock_orphan(sk);
	if (!msk->destroyed && !mptcp_orphan_done(sk)) {
		/* Keeps the application's reference until reaped. */
		if (!mod_timer(&msk->orphan_timer, jiffies +
			       READ_ONCE(mptcp_pernet(sock_net(sk))->close_timeout)))
			sock_hold(sk);
		release_sock(sk);
		return;
	}
	if (!msk->destroyed)
		mptcp_orphan_reap(sk, false);
	release_sock(sk);
	sock_put(sk);
}

static int mptcp_disconnect(struct sock *sk, int flags)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	mptcp_abort_subflows(sk);
	mptcp_destroy(sk);
	mptcp_set_state(sk, TCP_CLOSE);
	/* as tcp_disconnect(): a deferred Fast Open SYN is forgotten */
	inet_clear_bit(DEFER_CONNECT, sk);
	/* The socket may connect again: nothing of this connection may
	 * reach the next one.  A stale fastclosing made the next abort go
	 * uncounted, a stale rcv_fastclose reset the next connection as
	 * soon as it came up, a stale key let a reset carry MP_FASTCLOSE
	 * with it before the next peer's came.
	 */
	mptcp_pm_data_reset(msk);
	msk->remote_key = 0;
	msk->remote_token = 0;
	msk->rkey_pending = false;
	msk->fallback = false;
	msk->infinite_map_pending = false;
	msk->infinite_map = false;
	msk->snd_fin = false;
	msk->data_fin_sent = false;
	msk->destroyed = false;
	WRITE_ONCE(msk->fastclosing, false);
	WRITE_ONCE(msk->rcv_fastclose, false);
	WRITE_ONCE(msk->reinjected, false);
	WRITE_ONCE(msk->fail_wait, false);
	/* a DATA_FIN of the last connection left pending hid the next
	 * one's: its reader never saw the end (upstream's mptcp_connect -I
	 * found that)
	 */
	msk->rx_fin_pending = false;
	msk->rx_fin_seq = 0;
	msk->rx_copied = 0;
	msk->rx_tune_seq = 0;
	msk->rx_tune_stamp = 0;
	msk->rx_tune_space = 0;
	WRITE_ONCE(msk->rx_fin, false);
	WRITE_ONCE(sk->sk_shutdown, 0);
	return 0;
}

/* The first subflow, created on demand: bind(), listen() and connect() all
 * act through it.
 */
struct sock *mptcp_first_subflow(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct sock *ssk;
	int err;

	if (msk->first)
		return msk->first;
	if (sk->sk_state != TCP_CLOSE)
		return ERR_PTR(-EINVAL);

	err = mptcp_subflow_create(sk, sk->sk_family, &ssk);
	if (err)
		return ERR_PTR(err);
	/* Two references now: the one tcp_close() will drop, and the
	 * list's.
	 */
	mptcp_subflow_attach(msk, ssk);
	msk->first = ssk;
	msk->subflows_nr = 1;
	msk->subflow_ids = 1;
	mptcp_subflow_ctx(ssk)->subflow_id = 1;
	return ssk;
}

/* What a connect() attached: its token and policies.  A connect() that
 * failed, at once or on a refused SYN, may be retried; a second token
 * left the first naming this msk after it was freed (sysfuzz found that,
 * as a workqueue spinning on a freed msk's lock), and a second policy
 * attach leaked the first's reference.
 */
static void mptcp_connect_forget(struct mptcp_sock *msk)
{
	if (msk->token) {
		mptcp_token_release(msk->token);
		msk->token = 0;
	}
	mptcp_sched_release_msk(msk);
	mptcp_pm_release_msk(msk);
}

static int mptcp_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct net *net = sock_net(sk);
	struct mptcp_subflow_context *sf;
	struct sock *ssk;
	int err;

	ssk = mptcp_first_subflow(sk);
	if (IS_ERR(ssk))
		return PTR_ERR(ssk);
	sf = mptcp_subflow_ctx(ssk);
	mptcp_connect_forget(msk);

	msk->fallback = true;
	if (mptcp_pernet(net)->enabled && mptcp_active_disabled(net)) {
		/* a blackhole for MP_CAPABLE SYNs was seen lately */
		__mptcp_mib_inc(net, MPTCP_MIB_MPC_SYN_TX_DISABLED);
	} else if (mptcp_pernet(net)->enabled) {
		if (!mptcp_token_new(msk))
			msk->fallback = false;
		else
			__mptcp_mib_inc(net, MPTCP_MIB_TOKEN_FALLBACK_INIT);
	}
	sf->mpc = !msk->fallback;
	/* Section 3.1: we ask for checksums, or the peer's SYN-ACK does. */
	msk->csum = mptcp_pernet(net)->checksum_enabled;
	if (sf->mpc) {
		sf->local_key = msk->local_key;
		sf->token = msk->token;
		mptcp_mib_inc(net, MPTCP_MIB_MPC_SYN_TX);
	}
	mptcp_sched_init_msk(msk);
	mptcp_pm_init_msk(msk);

	msk->write_seq = msk->local_idsn + 1;
	msk->snd_nxt = msk->write_seq;
	atomic64_set(&msk->snd_una, msk->write_seq);
	atomic64_set(&msk->wnd_end, msk->write_seq);

	/* SYN_SENT before the SYN leaves: its answer may be processed as
	 * soon as the subflow is released, and looks for this state.
	 */
	mptcp_set_state(sk, TCP_SYN_SENT);
	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	err = ssk->sk_prot->connect(ssk, uaddr, addr_len);
	if (!err)
		msk_copy_addrs(sk, ssk);
	/* TCP_FASTOPEN_CONNECT with a cookie at hand: the SYN waits for
	 * the first write, which inet_stream_connect() must let through.
	 */
	inet_assign_bit(DEFER_CONNECT, sk, inet_test_bit(DEFER_CONNECT, ssk));
	release_sock(ssk);
	if (err) {
		mptcp_set_state(sk, TCP_CLOSE);
		mptcp_connect_forget(msk);
		return err;
	}

	/* The SYN-ACK may already have been processed. */
	mptcp_check_state(sk);
	return 0;
}

/* The SYN-ACK carried the server's key (softirq, ssk locked). */
void mptcp_msk_set_remote_key(struct mptcp_sock *msk, struct sock *ssk,
			      u64 remote_key)
{
	msk->remote_key = remote_key;
	mptcp_key_derive(remote_key, &msk->remote_token, &msk->remote_idsn);
	atomic64_set(&msk->wnd_end, msk->write_seq + tcp_sk(ssk)->snd_wnd);
	mptcp_rx_start(msk, ssk);
}

/* sk_clone_lock() copied the listener whole, its pointers too: the clone
 * gets its own IPv6 state (pinet6 pointed into the listener, so the
 * clone's destruction freed the listener's options, and wrote to freed
 * memory once the listener had gone: sysfuzz found that), and none of
 * the listener's option buffers.  Options live on the subflows anyway.
 */
static void msk_clone_inet(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);

	RCU_INIT_POINTER(inet->inet_opt, NULL);
	RCU_INIT_POINTER(inet->mc_list, NULL);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (sk->sk_family == AF_INET6) {
		/* where inet6_create() points it: after the msk */
		struct ipv6_pinfo *np = (void *)((u8 *)sk + sk->sk_prot->ipv6_pinfo_offset);

		inet->pinet6 = np;
		RCU_INIT_POINTER(np->opt, NULL);
		np->pktoptions = NULL;
		np->rxpmtu = NULL;
		RCU_INIT_POINTER(np->ipv6_mc_list, NULL);
		np->ipv6_ac_list = NULL;
	}
#endif
}

/**
 * mptcp_msk_clone - the msk of a connection accepted by @listener
 * @listener: the listening msk
 * @mreq: the request sock, with both keys
 * @ssk: the new subflow (the TCP child)
 *
 * Softirq, the listener's subflow locked.  Returns the new msk, which
 * @ssk references; NULL on allocation failure.
 */
struct sock *mptcp_msk_clone(const struct sock *listener,
			     const struct mptcp_request_sock *mreq,
			     struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct mptcp_sock *msk;
	struct sock *sk;

	sk = sk_clone_lock(listener, GFP_ATOMIC);
	if (!sk)
		return NULL;
	msk_clone_inet(sk);

	msk = mptcp_sk(sk);
	msk_init_queues(msk);
	msk->first = NULL;
	msk->fallback = false;
	msk->csum = mreq->csum;
	memset(msk->cc_slots, 0, sizeof(msk->cc_slots));
	msk->rx_fin = false;

	msk->local_key = mreq->local_key;
	msk->token = mreq->token;
	msk->remote_deny_join_id0 = mreq->deny_join_id0;
	mptcp_key_derive(msk->local_key, NULL, &msk->local_idsn);
	msk->remote_key = mreq->remote_key;
	mptcp_key_derive(msk->remote_key, &msk->remote_token, &msk->remote_idsn);
	/* its third ACK brings it (fastopen.c) */
	msk->rkey_pending = mreq->fastopen;

	msk->write_seq = msk->local_idsn + 1;
	msk->snd_nxt = msk->write_seq;
	atomic64_set(&msk->snd_una, msk->write_seq);
	atomic64_set(&msk->wnd_end, msk->write_seq + tcp_sk(ssk)->snd_wnd);
	mptcp_rx_start(msk, ssk);

	msk_copy_addrs(sk, ssk);
	WRITE_ONCE(sk->sk_shutdown, 0);
	sk->sk_state = TCP_CLOSE;
	mptcp_set_state(sk, TCP_ESTABLISHED);
	mptcp_token_attach(msk->token, msk);

	/* sk_clone_lock() left two references: one belongs to the
	 * application once accept() returns it, one to the subflow.  The
	 * msk takes its reference on the subflow only in accept(): until
	 * then the subflow's destruction must be able to reap the msk.
	 */
	list_add_tail(&sf->node, &msk->subflows);
	msk->first = ssk;
	msk->subflows_nr = 1;
	msk->subflow_ids = 1;
	sf->subflow_id = 1;
	sf->token = msk->token;
	sf->msk = sk;
	msk->in_accept_queue = 1;
	msk->passive = true;
	mptcp_sched_init_msk(msk);
	mptcp_pm_init_msk(msk);

	bh_unlock_sock(sk);
	return sk;
}

/* A subflow's context is going away (subflow.c): drop its reference, and
 * reap an msk that never reached accept().
 */
void mptcp_subflow_released(struct sock *sk, struct sock *ssk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	mptcp_cc_release(msk, ssk);
	if (READ_ONCE(msk->in_accept_queue) && READ_ONCE(msk->first) == ssk) {
		spin_lock_bh(&sk->sk_lock.slock);
		set_bit(MPTCP_DEFER_ORPHAN, &msk->deferred);
		mptcp_schedule_work(sk);
		spin_unlock_bh(&sk->sk_lock.slock);
	}
	sock_put(sk);
}

/**
 * mptcp_join_attach - make a joined TCP socket a subflow of @msk
 * @msk: the connection its MP_JOIN named
 * @ssk: the new TCP child, its third ACK verified
 *
 * Softirq, the listener locked.  Returns false when the connection no
 * longer takes it.
 */
bool mptcp_join_attach(struct mptcp_sock *msk, struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct sock *sk = (struct sock *)msk;
	bool ok = false;

	bh_lock_sock(sk);
	/* A userspace-managed connection takes a join only with a daemon
	 * to hear of it (as upstream).
	 */
	if (!mptcp_join_allowed(msk) ||
	    (READ_ONCE(msk->pm) == &mptcp_pm_userspace && !mptcp_pm_daemon_listens(sk)))
		goto out;
	/* Like every subflow, it holds the msk and the msk holds it. */
	sock_hold(sk);
	sf->msk = sk;
	sf->token = msk->token;
	sf->local_key = msk->local_key;
	sf->remote_key = msk->remote_key;
	sf->subflow_id = ++msk->subflow_ids;
	msk->subflows_nr++;
	sock_hold(ssk);
	list_add_tail(&sf->node, &msk->join_list);
	set_bit(MPTCP_DEFER_JOIN, &msk->deferred);
	if (!sock_owned_by_user(sk))
		mptcp_schedule_work(sk);
	ok = true;
out:
	bh_unlock_sock(sk);
	return ok;
}

/* --- proto_ops ---------------------------------------------------------------------- */

static int mptcp_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sock *sk = sock->sk, *ssk;
	int err;

	lock_sock(sk);
	ssk = mptcp_first_subflow(sk);
	if (IS_ERR(ssk)) {
		err = PTR_ERR(ssk);
		goto out;
	}
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (sk->sk_family == AF_INET6)
		err = inet6_bind_sk(ssk, uaddr, addr_len);
	else
#endif
		err = inet_bind_sk(ssk, uaddr, addr_len);
	if (!err)
		msk_copy_addrs(sk, ssk);
out:
	release_sock(sk);
	return err;
}

/* The first subflow is the TCP listener; marked before it listens, so no
 * SYN finds it unmarked.  @ssk's msk locked.
 */
static int subflow_listen(struct sock *ssk, int backlog)
{
	int err;

	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	mptcp_subflow_ctx(ssk)->listener = 1;
	err = __inet_listen_sk(ssk, backlog);
	release_sock(ssk);
	return err;
}

/* msk locked.  The msk only mirrors its listener: state, addresses. */
static int msk_listen(struct sock *sk, int backlog)
{
	struct socket *sock = sk->sk_socket;
	struct sock *ssk;
	int err;

	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		return -EINVAL;
	ssk = mptcp_first_subflow(sk);
	err = IS_ERR(ssk) ? PTR_ERR(ssk) : subflow_listen(ssk, backlog);
	if (err)
		return err;
	mptcp_set_state(sk, TCP_LISTEN);
	msk_copy_addrs(sk, ssk);
	mptcp_event_pm_listener(ssk, MPTCP_EVENT_LISTENER_CREATED);
	return 0;
}

static int mptcp_listen(struct socket *sock, int backlog)
{
	int err;

	lock_sock(sock->sk);
	err = msk_listen(sock->sk, backlog);
	release_sock(sock->sk);
	return err;
}

/* The TCP listener of a listening msk, or NULL.  Lockless: accept() may
 * sleep on the listener's queue, and must not hold the msk meanwhile (a
 * close() from another thread would wait on it).
 */
static struct sock *msk_listener(const struct sock *sk)
{
	if (inet_sk_state_load(sk) != TCP_LISTEN)
		return NULL;
	return READ_ONCE(mptcp_sk(sk)->first);
}

static int mptcp_accept(struct socket *sock, struct socket *newsock,
			struct proto_accept_arg *arg)
{
	struct sock *listener = msk_listener(sock->sk), *child;

	if (!listener)
		return -EINVAL;
	child = inet_csk_accept(listener, arg);
	if (!child)
		return arg->err;

	if (!sk_is_mptcp(child)) {
		/* The client did not speak MPTCP: it gets the TCP socket
		 * itself, with TCP's operations.
		 */
		lock_sock(child);
		/* It was cloned from our kernel-owned listener subflow; it
		 * now belongs to the application (no hidden ULP for it).
		 */
		child->sk_kern_sock = arg->kern;
		__inet_accept(sock, newsock, child);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
		if (child->sk_family == AF_INET6)
			WRITE_ONCE(newsock->ops, &inet6_stream_ops);
		else
#endif
			WRITE_ONCE(newsock->ops, &inet_stream_ops);
		release_sock(child);
		return 0;
	}

	{
		struct sock *nsk = mptcp_subflow_ctx(child)->msk;
		struct mptcp_sock *nmsk = mptcp_sk(nsk);

		lock_sock(nsk);
		nsk->sk_kern_sock = arg->kern;
		__inet_accept(sock, newsock, nsk);
		set_bit(SOCK_CUSTOM_SOCKOPT, &newsock->flags);
		sock_hold(child);	/* the msk's reference on its subflow */
		WRITE_ONCE(nmsk->in_accept_queue, 0);
		lock_sock_nested(child, SINGLE_DEPTH_NESTING);
		mptcp_subflow_graft(child, newsock);
		/* A DSS now tells the client we hold its key, which it would
		 * otherwise learn only from our first data: its path manager
		 * (and its "established" event) need not wait for that.
		 */
		if (!nmsk->fallback &&
		    (1 << child->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))
			tcp_send_ack(child);
		release_sock(child);
		/* Subflows that joined while we sat in the queue. */
		mptcp_join_finish(nsk);
		/* Whatever happened while we sat in the queue. */
		mptcp_check_state(nsk);
		/* The path manager hears of the connection now, not at its
		 * first packet.
		 */
		mptcp_pm_work(nsk);
		release_sock(nsk);
	}
	return 0;
}

static __poll_t mptcp_poll(struct file *file, struct socket *sock,
			   struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk;
	struct mptcp_sock *msk = mptcp_sk(sk);
	__poll_t mask = 0;
	int state, shutdown;

	sock_poll_wait(file, sock, wait);

	state = inet_sk_state_load(sk);
	if (state == TCP_LISTEN) {
		struct sock *ssk = READ_ONCE(msk->first);

		return ssk ? inet_csk_listen_poll(ssk) : 0;
	}

	shutdown = READ_ONCE(sk->sk_shutdown);
	if (shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;

	if (state != TCP_SYN_SENT) {
		if (!skb_queue_empty_lockless(&sk->sk_receive_queue) ||
		    !skb_queue_empty_lockless(&msk->rx_queue) ||
		    READ_ONCE(msk->rx_fin))
			mask |= EPOLLIN | EPOLLRDNORM;

		if (!(shutdown & SEND_SHUTDOWN)) {
			if (sk_stream_is_writeable(sk)) {
				mask |= EPOLLOUT | EPOLLWRNORM;
			} else {
				sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
				set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
				/* Race with a DATA_ACK freeing room. */
				smp_mb__after_atomic();
				if (sk_stream_is_writeable(sk))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	} else if (inet_test_bit(DEFER_CONNECT, sk)) {
		/* TCP_FASTOPEN_CONNECT: the SYN waits for the first write */
		mask |= EPOLLOUT | EPOLLWRNORM;
	}

	/* Read sk_err after the state: a failed connect must show it. */
	smp_rmb();
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	return mask;
}

/* An msk sits in no lookup table (its subflows do), but the socket layer
 * calls these on release paths such as a failed init.
 */
static int mptcp_hash(struct sock *sk)
{
	return 0;
}

static void mptcp_unhash(struct sock *sk)
{
}

static struct proto mptcp_prot = {
	.name			= "MPTCP",
	.owner			= THIS_MODULE,
	.obj_size		= sizeof(struct mptcp_sock),
	.slab_flags		= SLAB_TYPESAFE_BY_RCU,
	.no_autobind		= true,
	.sockets_allocated	= &mptcp_sockets_allocated,

	/* An msk's buffers count against TCP's memory limits and sysctls:
	 * to the system it is TCP data.
	 */
	.sysctl_mem		= sysctl_tcp_mem,
	.sysctl_rmem_offset	= offsetof(struct net, ipv4.sysctl_tcp_rmem),
	.sysctl_wmem_offset	= offsetof(struct net, ipv4.sysctl_tcp_wmem),
	.memory_pressure	= &tcp_memory_pressure,
	.memory_allocated	= &tcp_memory_allocated,
	.per_cpu_fw_alloc	= &tcp_memory_per_cpu_fw_alloc,

	/* life */
	.init			= mptcp_init_sock,
	.hash			= mptcp_hash,
	.unhash			= mptcp_unhash,
	.connect		= mptcp_connect,
	.shutdown		= mptcp_shutdown,
	.disconnect		= mptcp_disconnect,
	.close			= mptcp_close,
	.release_cb		= mptcp_release_cb,

	/* data and options */
	.sendmsg		= mptcp_sendmsg,
	.recvmsg		= mptcp_recvmsg,
	.ioctl			= mptcp_ioctl,
	.setsockopt		= mptcp_setsockopt,
	.getsockopt		= mptcp_getsockopt,
};

/* What the socket layer calls, for @family's sockets: ours where an msk
 * is not just an inet socket (bind, listen, accept, poll; no mmap of a
 * stream made of several), the family's generic stream entries (@inet:
 * inet_stream_ops or inet6_stream_ops) where it is -- never the TCP ones
 * those tables also hold (splice, read_sock, rcvlowat, mmap).
 */
static void __init mptcp_ops_fill(struct proto_ops *ops, const struct proto_ops *inet)
{
	static const struct proto_ops ours = {
		.owner		= THIS_MODULE,
		.bind		= mptcp_bind,
		.listen		= mptcp_listen,
		.accept		= mptcp_accept,
		.poll		= mptcp_poll,
		.mmap		= sock_no_mmap,
	};

	*ops = ours;
	ops->family = inet->family;
	ops->release = inet->release;
	ops->connect = inet->connect;
	ops->socketpair = inet->socketpair;
	ops->getname = inet->getname;
	ops->ioctl = inet->ioctl;
	ops->gettstamp = inet->gettstamp;
	ops->shutdown = inet->shutdown;
	ops->setsockopt = inet->setsockopt;
	ops->getsockopt = inet->getsockopt;
	ops->sendmsg = inet->sendmsg;
	ops->recvmsg = inet->recvmsg;
}

static struct proto_ops mptcp_stream_ops __ro_after_init;

/* What socket(family, SOCK_STREAM, IPPROTO_MPTCP) finds, for either
 * family: @prot's sockets, which are inet_connection_socks, behind @ops.
 * The proto goes first: the switch entry makes it reachable.
 */
static int __init mptcp_family_register(struct inet_protosw *entry, struct proto *prot,
					struct proto_ops *ops,
					int (*add_entry)(struct inet_protosw *entry))
{
	int err = proto_register(prot, 1);

	if (err)
		return err;
	entry->type = SOCK_STREAM;
	entry->protocol = IPPROTO_MPTCP;
	entry->prot = prot;
	entry->ops = ops;
	entry->flags = INET_PROTOSW_ICSK;
	err = add_entry(entry);
	if (err)
		proto_unregister(prot);
	return err;
}

static struct inet_protosw mptcp_protosw;

static int __init mptcp_inet_add_entry(struct inet_protosw *entry)
{
	inet_register_protosw(entry);	/* cannot fail for a fresh type */
	return 0;
}

int __init mptcp_proto_init(void)
{
	int err;

	err = percpu_counter_init(&mptcp_sockets_allocated, 0, GFP_KERNEL);
	if (err)
		return err;
	mptcp_ops_fill(&mptcp_stream_ops, &inet_stream_ops);
	return mptcp_family_register(&mptcp_protosw, &mptcp_prot, &mptcp_stream_ops,
				     mptcp_inet_add_entry);
}

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
static struct proto mptcp_v6_prot;

static int mptcp_v6_init_sock(struct sock *sk)
{
	return mptcp_init_sock(sk);
}

static struct proto_ops mptcp_v6_stream_ops __ro_after_init;

static struct inet_protosw mptcp_v6_protosw;

int __init mptcp_proto_v6_init(void)
{
	mptcp_ops_fill(&mptcp_v6_stream_ops, &inet6_stream_ops);

	mptcp_v6_prot = mptcp_prot;
	strscpy(mptcp_v6_prot.name, "MPTCPv6", sizeof(mptcp_v6_prot.name));
	mptcp_v6_prot.slab = NULL;
	mptcp_v6_prot.init = mptcp_v6_init_sock;
	mptcp_v6_prot.obj_size = sizeof(struct mptcp_sock) +
				 sizeof(struct ipv6_pinfo);
	mptcp_v6_prot.ipv6_pinfo_offset = sizeof(struct mptcp_sock);

	return mptcp_family_register(&mptcp_v6_protosw, &mptcp_v6_prot,
				     &mptcp_v6_stream_ops, inet6_register_protosw);
}
#endif
