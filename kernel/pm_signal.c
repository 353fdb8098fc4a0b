// SPDX-License-Identifier: GPL-2.0
/*
 * Address signalling (RFC 8684 sections 3.4 and 3.3.8): the ADD_ADDR,
 * RM_ADDR and MP_PRIO options of a connection, both ways.
 *
 * Out: a path manager, in process context with the msk locked, queues
 * what it wants said in msk->sig (an MP_PRIO in its subflow); the options
 * writer of a subflow puts it on the next pure ACK (beside a data
 * segment's DSS it rarely fits), and mptcp_signal_flush() sends those
 * ACKs.  An ADD_ADDR goes again every net.mptcp.add_addr_timeout until
 * the peer echoes it, MPTCP_ADD_ADDR_TRIES times at most; RM_ADDR and
 * MP_PRIO ask for no answer and go once.
 *
 * In: the options parser hands them over from softirq.  Echoing a peer's
 * ADD_ADDR and closing the subflows of an address it removed are the
 * core's, whatever the path manager; the addresses themselves wait in
 * msk->sig until mptcp_pm_work() tells the path manager.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mib.h"
#include "protocol.h"

static unsigned int add_addr_len(const struct mptcp_addr_info *a, bool echo)
{
	unsigned int len = ADD_ADDR_LEN_BASE;

	if (a->family == AF_INET6)
		len += ADD_ADDR_LEN_V6;
	if (a->port)
		len += ADD_ADDR_LEN_PORT;
	if (!echo)
		len += ADD_ADDR_LEN_HMAC;
	return ALIGN(len, 4);
}

/* sig->lock held */
static void update_pending(struct mptcp_signal *sig)
{
	bool pending = sig->echo_nr || sig->rm_tx.nr;
	int i;

	for (i = 0; !pending && i < sig->local_nr; i++)
		pending = sig->local[i].pending;
	WRITE_ONCE(sig->pending, pending);
}

/* ADD_ADDRs without an echo go again, until they run out of tries. */
static void signal_timer(struct timer_list *t)
{
	struct mptcp_sock *msk = from_timer(msk, t, sig.timer);
	struct mptcp_signal *sig = &msk->sig;
	struct sock *sk = (struct sock *)msk;
	bool again = false;
	int i;

	spin_lock_bh(&sig->lock);
	for (i = 0; i < sig->local_nr; i++) {
		struct mptcp_announced *a = &sig->local[i];

		if (a->echoed || a->pending || a->tries >= MPTCP_ADD_ADDR_TRIES)
			continue;
		a->pending = true;
		again = true;
	}
	update_pending(sig);
	spin_unlock_bh(&sig->lock);
	if (again)
		mptcp_defer(sk, MPTCP_DEFER_SUBFLOW);	/* mptcp_pm_work() flushes */
	sock_put(sk);
}

void mptcp_signal_init(struct mptcp_sock *msk)
{
	spin_lock_init(&msk->sig.lock);
	timer_setup(&msk->sig.timer, signal_timer, 0);
}

/* Nothing announced, heard or owed: a new socket's, or one that
 * disconnect() left to connect again (msk locked, the timer stopped by
 * mptcp_signal_stop()).  The lock still guards what subflows' options
 * read, though none should be left to read it.
 */
void mptcp_signal_reset(struct mptcp_sock *msk)
{
	struct mptcp_signal *sig = &msk->sig;

	spin_lock_bh(&sig->lock);
	sig->pending = false;
	sig->local_nr = 0;
	sig->echo_nr = 0;
	sig->rm_tx.nr = 0;
	sig->rx_added_nr = 0;
	bitmap_zero(sig->rx_removed, 256);
	spin_unlock_bh(&sig->lock);
	sig->peer_nr = 0;
	sig->accepted = 0;
	sig->implicit_nr = 0;
}

/* The connection is going: nothing more is said, nothing re-armed. */
void mptcp_signal_stop(struct mptcp_sock *msk)
{
	struct mptcp_signal *sig = &msk->sig;

	spin_lock_bh(&sig->lock);
	sig->local_nr = 0;
	sig->echo_nr = 0;
	sig->rm_tx.nr = 0;
	update_pending(sig);
	spin_unlock_bh(&sig->lock);
	if (del_timer(&sig->timer))
		__sock_put((struct sock *)msk);
}

/* --- what a path manager asks for (msk locked) ---------------------------------- */

/**
 * mptcp_signal_announce - announce one of our addresses (ADD_ADDR)
 * @msk: the connection
 * @addr: id, address, port (0: the connection's)
 *
 * Returns 0, -EEXIST when the id is announced already, -ENOSPC when
 * MPTCP_SIGNAL_ADDRS are, -EINVAL for an unknown family or id 0 (the
 * connection's initial address, which the peer knows).
 */
int mptcp_signal_announce(struct mptcp_sock *msk, const struct mptcp_addr_info *addr)
{
	struct mptcp_signal *sig = &msk->sig;
	int i, err = 0;

	if (!addr->id || (addr->family != AF_INET &&
			  (!IS_ENABLED(CONFIG_MPTCP_IPV6) || addr->family != AF_INET6)))
		return -EINVAL;

	spin_lock_bh(&sig->lock);
	for (i = 0; i < sig->local_nr; i++)
		if (sig->local[i].addr.id == addr->id)
			err = -EEXIST;
	if (!err && sig->local_nr == MPTCP_SIGNAL_ADDRS)
		err = -ENOSPC;
	if (!err) {
		struct mptcp_announced *a = &sig->local[sig->local_nr++];

		a->addr = *addr;
		a->tries = 0;
		a->echoed = false;
		a->pending = true;
		WRITE_ONCE(sig->pending, true);
	}
	spin_unlock_bh(&sig->lock);
	if (err == -ENOSPC)
		mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_ADD_ADDR_TX_DROP);
	return err;
}

/* Whether our address @id is announced on @msk (echoed or not). */
bool mptcp_signal_announced(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_signal *sig = &msk->sig;
	bool found = false;
	int i;

	spin_lock_bh(&sig->lock);
	for (i = 0; i < sig->local_nr; i++)
		found |= sig->local[i].addr.id == id;
	spin_unlock_bh(&sig->lock);
	return found;
}

/* The id our address @a was announced with, or 0.  Any context. */
u8 mptcp_signal_announced_id(struct mptcp_sock *msk, const struct mptcp_addr_info *a)
{
	struct mptcp_signal *sig = &msk->sig;
	u8 id = 0;
	int i;

	spin_lock_bh(&sig->lock);
	for (i = 0; i < sig->local_nr; i++)
		if (mptcp_addr_equal(&sig->local[i].addr, a, false))
			id = sig->local[i].addr.id;
	spin_unlock_bh(&sig->lock);
	return id;
}

/**
 * mptcp_signal_remove - tell the peer our address @id is gone (RM_ADDR)
 * @msk: the connection
 * @id: announced or used by a subflow; 0 is the initial subflow's
 *
 * It is no longer announced either.  Ids queued together go in one
 * option.  Returns 0, or -ENOSPC when MPTCP_RM_IDS_MAX wait already.
 */
int mptcp_signal_remove(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_signal *sig = &msk->sig;
	int i, err = 0;

	spin_lock_bh(&sig->lock);
	for (i = 0; i < sig->local_nr; i++) {
		if (sig->local[i].addr.id != id)
			continue;
		sig->local[i] = sig->local[--sig->local_nr];
		break;
	}
	for (i = 0; i < sig->rm_tx.nr; i++)
		if (sig->rm_tx.ids[i] == id)
			goto out;
	if (sig->rm_tx.nr == MPTCP_RM_IDS_MAX) {
		err = -ENOSPC;
		goto out;
	}
	sig->rm_tx.ids[sig->rm_tx.nr++] = id;
out:
	update_pending(sig);
	spin_unlock_bh(&sig->lock);
	if (err)
		mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_RM_ADDR_TX_DROP);
	return err;
}

/**
 * mptcp_signal_prio - ask the peer to use @sf as a backup, or not (MP_PRIO)
 * @msk: the connection, @sf's
 * @sf: the subflow; the option goes on it (section 3.3.8)
 * @backup: the B bit
 *
 * Our own scheduler follows at once.  Returns 0, or -EINVAL for a
 * subflow that cannot send any more.
 */
int mptcp_signal_prio(struct mptcp_sock *msk, struct mptcp_subflow_context *sf, bool backup)
{
	if (sf->msk != (struct sock *)msk || !mptcp_subflow_active(sf))
		return -EINVAL;
	if (READ_ONCE(sf->request_bkup) == backup)
		return 0;
	WRITE_ONCE(sf->request_bkup, backup);
	WRITE_ONCE(sf->prio_pending, true);
	mptcp_event_subflow(msk, sf, MPTCP_EVENT_SUB_PRIORITY, GFP_ATOMIC);
	return 0;
}

/* --- the options writer (any context, subflow locked) ---------------------------- */

static void arm_timer(struct mptcp_sock *msk)
{
	unsigned long timeout = READ_ONCE(mptcp_pernet(sock_net((struct sock *)msk))->add_addr_timeout);

	/* 0: sent once, never again (the sysctl's documented meaning; we
	 * sent again every jiffy, which upstream's mptcp_join.sh counted
	 * as extra echoes)
	 */
	if (!timeout)
		return;
	if (!mod_timer(&msk->sig.timer, jiffies + max(timeout, 1UL)))
		sock_hold((struct sock *)msk);
}

/* The ADD_ADDR to go next, sig->lock held: an echo first, else our
 * first pending announcement (NULL @ann for an echo).  False: none.
 */
static bool next_add_addr(struct mptcp_signal *sig, struct mptcp_addr_info *a,
			  struct mptcp_announced **ann)
{
	int i;

	*ann = NULL;
	if (sig->echo_nr) {
		*a = sig->echo[0];
		return true;
	}
	for (i = 0; i < sig->local_nr; i++) {
		if (sig->local[i].pending) {
			*ann = &sig->local[i];
			*a = (*ann)->addr;
			return true;
		}
	}
	return false;
}

/* The most room TCP's options can ever leave an ADD_ADDR on @ssk: all of
 * it, but for the timestamps when they were negotiated and may not be
 * left off (net.mptcp.add_addr_v6_port_drop_ts).
 */
static unsigned int add_addr_room(const struct sock *ssk)
{
	if (tcp_sk(ssk)->rx_opt.tstamp_ok &&
	    !READ_ONCE(mptcp_pernet(sock_net(ssk))->add_addr_v6_port_drop_ts))
		return MAX_TCP_OPTION_SPACE - TCPOLEN_TSTAMP_ALIGNED;
	return MAX_TCP_OPTION_SPACE;
}

/* sig->lock held; @dss: what the options take so far; @room: the most
 * an ADD_ADDR could ever have on this subflow (add_addr_room())
 */
static void add_addr_option(struct mptcp_sock *msk, struct net *net, unsigned int *dss,
			    unsigned int remaining, unsigned int room,
			    struct mptcp_out_options *opts)
{
	struct mptcp_signal *sig = &msk->sig;
	struct mptcp_announced *ann;
	struct mptcp_addr_info a;
	unsigned int len;
	bool echo;

	for (;;) {
		if (!next_add_addr(sig, &a, &ann))
			return;
		echo = !ann;
		len = add_addr_len(&a, echo);
		/* Alone on its pure ACK, as upstream sends it (middleboxes
		 * and filters know that shape): the Data ACK waits for the
		 * next ACK.
		 */
		if (*dss - (opts->suboptions & OPT_DSS_ACK ? 12 : 0) + len <= remaining)
			break;
		/* No room now: an MP_PRIO or RM_ADDR beside it goes first,
		 * or the timestamps take the room it needs and a pure ACK
		 * without them comes (mptcp_signal_flush()).  An IPv6
		 * announcement with a port (32 bytes) beside timestamps that
		 * must stay (12) never fits: it is dropped and counted, and
		 * the next one goes -- it held back every one behind it.
		 */
		if (echo || len <= room)
			return;
		ann->pending = false;
		ann->tries = MPTCP_ADD_ADDR_TRIES;	/* nor sent again */
		__mptcp_mib_inc(net, MPTCP_MIB_ADD_ADDR_TX_DROP);
	}
	if (opts->suboptions & OPT_DSS_ACK) {
		opts->suboptions &= ~OPT_DSS_ACK;
		*dss -= 12;
	}

	opts->addr = a;
	opts->suboptions |= OPT_ADD_ADDR;
	*dss += len;
	if (echo) {
		opts->suboptions |= OPT_ADD_ADDR_ECHO;
		sig->echo_nr--;
		memmove(sig->echo, sig->echo + 1, sig->echo_nr * sizeof(sig->echo[0]));
		__mptcp_mib_inc(net, MPTCP_MIB_ECHO_ADD_TX);
		return;
	}
	/* Ours first, the peer's second: we are the sender (section 3.4.1). */
	opts->ahmac = mptcp_add_addr_hmac(msk->local_key, msk->remote_key, &a);
	ann->pending = false;
	ann->tries++;
	arm_timer(msk);
	__mptcp_mib_inc(net, MPTCP_MIB_ADD_ADDR_TX);
}

/**
 * mptcp_signal_options - put pending signals on a pure ACK
 * @sf: the subflow it goes on
 * @msk: its connection
 * @size: in: what the DSS takes; out: with the signals
 * @remaining: option space left by TCP's own options
 * @opts: the DSS is there already
 *
 * An MP_PRIO of @sf, an RM_ADDR, and an ADD_ADDR or its echo, as many as
 * fit.  The ADD_ADDR shares a union with the DSS, so it never goes beside
 * one: a pure ACK carrying it drops its Data ACK.
 */
void mptcp_signal_options(struct mptcp_subflow_context *sf, struct mptcp_sock *msk,
			  unsigned int *size, unsigned int remaining,
			  struct mptcp_out_options *opts)
{
	struct net *net = sock_net(sf->tcp_sock);
	struct mptcp_signal *sig = &msk->sig;
	unsigned int dss = *size, len;

	if (READ_ONCE(sf->prio_pending) && dss + ALIGN(MPPRIO_LEN, 4) <= remaining) {
		opts->backup = READ_ONCE(sf->request_bkup);
		opts->suboptions |= OPT_PRIO;
		dss += ALIGN(MPPRIO_LEN, 4);
		WRITE_ONCE(sf->prio_pending, false);
		__mptcp_mib_inc(net, MPTCP_MIB_MP_PRIO_TX);
	}
	if (!READ_ONCE(sig->pending))
		goto out;

	spin_lock_bh(&sig->lock);
	len = ALIGN(RM_ADDR_LEN_BASE + sig->rm_tx.nr, 4);
	if (sig->rm_tx.nr && dss + len <= remaining) {
		opts->rm_list = sig->rm_tx;
		opts->suboptions |= OPT_RM_ADDR;
		dss += len;
		sig->rm_tx.nr = 0;
		__mptcp_mib_inc(net, MPTCP_MIB_RM_ADDR_TX);
	}
	if (!(opts->suboptions & OPT_DSS_MAP))
		add_addr_option(msk, net, &dss, remaining, add_addr_room(sf->tcp_sock), opts);
	if (opts->suboptions & (OPT_RM_ADDR | OPT_ADD_ADDR))
		WRITE_ONCE(sig->placed, sig->placed + 1);
	update_pending(sig);
	spin_unlock_bh(&sig->lock);
out:
	*size = dss;
}

/* --- sending the ACKs (msk locked, process context) ------------------------------- */

/* A pure ACK on @ssk; @no_ts: without TCP's timestamps, for an ADD_ADDR
 * that needs their room (RFC 8684 appendix B.1 suggests leaving them off;
 * net.mptcp.add_addr_v6_port_drop_ts, upstream's name).  TCP offers no
 * way to leave them off one segment, so the ACK goes with the connection's
 * timestamp flag cleared and set again, under the subflow's lock: nothing
 * else transmits on it meanwhile (input waits in the backlog, TCP's
 * timers and TSQ defer to the lock's owner).
 */
static void send_ack(struct sock *ssk, bool no_ts)
{
	struct tcp_sock *tp = tcp_sk(ssk);

	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	if ((1 << ssk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) {
		bool ts = tp->rx_opt.tstamp_ok;

		if (no_ts)
			tp->rx_opt.tstamp_ok = 0;
		tcp_send_ack(ssk);
		tp->rx_opt.tstamp_ok = ts;
	}
	release_sock(ssk);
}

/* Whether the ADD_ADDR to go next on @ssk fits only without timestamps. */
static bool add_addr_wants_no_ts(struct mptcp_sock *msk, const struct sock *ssk)
{
	struct mptcp_signal *sig = &msk->sig;
	struct mptcp_announced *ann;
	struct mptcp_addr_info a;
	bool no_ts = false;

	if (!tcp_sk(ssk)->rx_opt.tstamp_ok ||
	    !READ_ONCE(mptcp_pernet(sock_net(ssk))->add_addr_v6_port_drop_ts))
		return false;
	spin_lock_bh(&sig->lock);
	if (next_add_addr(sig, &a, &ann))
		no_ts = add_addr_len(&a, !ann) >
			MAX_TCP_OPTION_SPACE - TCPOLEN_TSTAMP_ALIGNED;
	spin_unlock_bh(&sig->lock);
	return no_ts;
}

/* Whether an RM_ADDR waiting to go names @id. */
static bool rm_queued(struct mptcp_signal *sig, u8 id)
{
	bool queued = false;
	int i;

	spin_lock_bh(&sig->lock);
	for (i = 0; i < sig->rm_tx.nr && !queued; i++)
		queued = sig->rm_tx.ids[i] == id;
	spin_unlock_bh(&sig->lock);
	return queued;
}

/* The first subflow when it can carry the signals, else any that can;
 * not one from an address an RM_ADDR in the queue removes, while another
 * can: that one is closing (its close could beat the RM_ADDR), and a
 * middlebox that drops the address's packets would drop the signal too.
 */
static struct mptcp_subflow_context *signal_subflow(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf, *first = NULL, *any = NULL;

	if (msk->first && mptcp_subflow_active(mptcp_subflow_ctx(msk->first)))
		first = mptcp_subflow_ctx(msk->first);
	if (first && !rm_queued(&msk->sig, first->local_id))
		return first;
	mptcp_for_each_subflow(msk, sf) {
		if (!mptcp_subflow_active(sf))
			continue;
		if (!rm_queued(&msk->sig, sf->local_id))
			return sf;
		any = any ? : sf;
	}
	return first ? : any;
}

/**
 * mptcp_signal_flush - send what is pending, one pure ACK per option
 * @sk: the msk, locked, process context
 *
 * An MP_PRIO goes on its own subflow; everything else on any.  Stops when
 * an ACK took nothing (no room beside TCP's options): the next try comes
 * with the next event or retransmission.
 */
void mptcp_signal_flush(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;
	int i;

	/* An MP_PRIO stays pending until an ACK has room for it (not
	 * while our DATA_FIN's mapping fills the DSS): the subflow's next
	 * pure ACKs try again.
	 */
	mptcp_for_each_subflow(msk, sf) {
		if (!READ_ONCE(sf->prio_pending))
			continue;
		if (mptcp_subflow_active(sf))
			send_ack(sf->tcp_sock, false);
		else
			WRITE_ONCE(sf->prio_pending, false);
	}
	for (i = 0; i < 2 * MPTCP_SIGNAL_ADDRS && READ_ONCE(msk->sig.pending); i++) {
		u32 placed = READ_ONCE(msk->sig.placed);

		sf = signal_subflow(msk);
		if (!sf)
			break;
		send_ack(sf->tcp_sock, add_addr_wants_no_ts(msk, sf->tcp_sock));
		if (READ_ONCE(msk->sig.placed) == placed)
			break;
	}
}

/* --- what the peer says (softirq or backlog, subflow locked) ---------------------- */

/* Returns whether process context has work: an echo, an address. */
static bool rx_add_addr(struct mptcp_sock *msk, struct net *net,
			const struct mptcp_rx_opts *rx)
{
	const struct mptcp_addr_info *a = &rx->add_addr;
	struct mptcp_signal *sig = &msk->sig;
	int i;

	if (rx->add_addr_echo) {
		__mptcp_mib_inc(net, MPTCP_MIB_ECHO_ADD_RX);
		spin_lock_bh(&sig->lock);
		for (i = 0; i < sig->local_nr; i++) {
			struct mptcp_announced *ann = &sig->local[i];

			if (ann->addr.id == a->id && mptcp_addr_equal(&ann->addr, a, true)) {
				ann->echoed = true;
				ann->pending = false;
			}
		}
		update_pending(sig);
		spin_unlock_bh(&sig->lock);
		return false;
	}

	/* The peer's key first: it is the sender.  A wrong HMAC is an
	 * address nobody who knows the keys announced: dropped, no echo.
	 */
	if (!READ_ONCE(msk->remote_key) ||
	    rx->add_addr_hmac != mptcp_add_addr_hmac(msk->remote_key, msk->local_key, a)) {
		__mptcp_mib_inc(net, MPTCP_MIB_ADD_ADDR_DROP);
		return false;
	}
	__mptcp_mib_inc(net, MPTCP_MIB_ADD_ADDR_RX);
	if (a->port)
		__mptcp_mib_inc(net, MPTCP_MIB_PORT_ADD_RX);
	/* A userspace-managed connection with no daemon to act on it. */
	if (READ_ONCE(msk->pm) == &mptcp_pm_userspace &&
	    !mptcp_pm_daemon_listens((struct sock *)msk)) {
		__mptcp_mib_inc(net, MPTCP_MIB_ADD_ADDR_DROP);
		return false;
	}

	spin_lock_bh(&sig->lock);
	/* Every valid one is echoed, retransmissions included (the echo
	 * may have been lost), whatever the path manager makes of it.
	 */
	if (sig->echo_nr < MPTCP_SIGNAL_RX_QUEUE) {
		sig->echo[sig->echo_nr++] = *a;
		WRITE_ONCE(sig->pending, true);
	} else {
		__mptcp_mib_inc(net, MPTCP_MIB_ECHO_ADD_TX_DROP);
	}
	if (sig->rx_added_nr < MPTCP_SIGNAL_RX_QUEUE)
		sig->rx_added[sig->rx_added_nr++] = *a;
	else
		__mptcp_mib_inc(net, MPTCP_MIB_ADD_ADDR_DROP);
	spin_unlock_bh(&sig->lock);
	return true;	/* the echo needs an ACK in any case */
}

void mptcp_signal_rx(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
		     const struct mptcp_rx_opts *rx)
{
	struct net *net = sock_net(sf->tcp_sock);
	struct mptcp_signal *sig = &msk->sig;
	bool work = false;
	int i;

	/* The peer's wish for this subflow: the scheduler reads it. */
	if (rx->present & OPT_PRIO) {
		WRITE_ONCE(sf->backup, rx->prio_backup);
		__mptcp_mib_inc(net, MPTCP_MIB_MP_PRIO_RX);
		mptcp_event_subflow(msk, sf, MPTCP_EVENT_SUB_PRIORITY, GFP_ATOMIC);
	}
	if (rx->present & OPT_ADD_ADDR)
		work = rx_add_addr(msk, net, rx);
	if (rx->present & OPT_RM_ADDR) {
		/* one per id, as upstream counts */
		__mptcp_mib_add(net, MPTCP_MIB_RM_ADDR_RX, rx->rm_list.nr);
		spin_lock_bh(&sig->lock);
		for (i = 0; i < rx->rm_list.nr; i++)
			__set_bit(rx->rm_list.ids[i], sig->rx_removed);
		spin_unlock_bh(&sig->lock);
		work = true;
	}
	if (work)
		mptcp_defer((struct sock *)msk, MPTCP_DEFER_SUBFLOW);
}

/* --- the peer's addresses, for the path manager (msk locked) ---------------------- */

/* Whether @a is the peer's address of the initial subflow (id 0). */
static bool is_initial_remote(struct mptcp_sock *msk, const struct mptcp_addr_info *a)
{
	struct mptcp_addr_info local, first;

	mptcp_subflow_ends((struct sock *)msk, &local, &first);
	return mptcp_addr_equal(&first, a, false);
}

struct mptcp_peer_addr *mptcp_signal_peer(struct mptcp_sock *msk, u8 id)
{
	int i;

	for (i = 0; i < msk->sig.peer_nr; i++)
		if (msk->sig.peer[i].addr.id == id)
			return &msk->sig.peer[i];
	return NULL;
}

/**
 * mptcp_signal_peer_added - record an address the peer announced
 * @msk: the connection
 * @a: as announced
 *
 * Returns the entry to tell the path manager of, or NULL: a repeat of
 * what it knows, an id already naming another address, or no room left.
 */
struct mptcp_peer_addr *mptcp_signal_peer_added(struct mptcp_sock *msk,
						const struct mptcp_addr_info *a)
{
	struct mptcp_signal *sig = &msk->sig;
	struct mptcp_peer_addr *p = mptcp_signal_peer(msk, a->id);

	if (p && mptcp_addr_equal(&p->addr, a, true))
		return NULL;
	/* An id names one address for the connection's life: the peer
	 * must withdraw it before it names another (section 3.4.1), and id
	 * 0 is the initial subflow's (the port may differ).  Anything else
	 * would leave a later RM_ADDR ambiguous: ignored, as soft state may be.
	 */
	if (p || (!a->id && !is_initial_remote(msk, a)) ||
	    sig->peer_nr == MPTCP_SIGNAL_ADDRS) {
		mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_ADD_ADDR_DROP);
		return NULL;
	}
	p = &sig->peer[sig->peer_nr++];
	p->accepted = false;
	p->addr = *a;
	/* The initial address under an id of its own (the peer removed id
	 * 0 and announced it again): followed, not counted against
	 * add_addr_accepted, as upstream's.
	 */
	p->initial = a->id && is_initial_remote(msk, a) &&
		     (!a->port || a->port == inet_sk((struct sock *)msk)->inet_dport);
	return p;
}

/* Whether a subflow other than @sf can still carry data: the last one
 * stays, or the connection would end with it.
 */
bool mptcp_pm_subflow_closable(struct mptcp_sock *msk, struct mptcp_subflow_context *sf)
{
	struct mptcp_subflow_context *o;

	mptcp_for_each_subflow(msk, o)
		if (o != sf && mptcp_subflow_active(o))
			return true;
	return false;
}

/* A path manager lets @sf go.  Section 3.4.2 suggests a reset, for
 * middleboxes' sake; like upstream, we close it as TCP would instead: its
 * FIN follows what it has queued, and both ends see an orderly close.
 * The msk's state machine detaches it and sends again, elsewhere, what it
 * carried without a Data ACK (mptcp_check_state()).  RmSubflow counts the
 * subflows we removed, not those the peer's RM_ADDR took (upstream's
 * meaning, which mptcp_join.sh checks).
 */
static void rm_subflow(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
		       bool ours)
{
	struct sock *sk = (struct sock *)msk;

	/* It stops counting at once (limits, MPTCP_INFO), not when reaped. */
	spin_lock_bh(&sk->sk_lock.slock);
	if (!sf->removed)
		msk->subflows_nr--;
	WRITE_ONCE(sf->removed, true);
	spin_unlock_bh(&sk->sk_lock.slock);
	mptcp_defer((struct sock *)msk, MPTCP_DEFER_SUBFLOW);
	if (ours)
		__mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_RM_SUBFLOW);
}

/* The peer removed its address @id: its subflows go. */
void mptcp_signal_peer_removed(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_signal *sig = &msk->sig;
	struct mptcp_peer_addr *p = mptcp_signal_peer(msk, id);
	struct mptcp_subflow_context *sf;

	if (p) {
		if (p->accepted && !p->initial)
			sig->accepted--;
		*p = sig->peer[--sig->peer_nr];
	}
	mptcp_for_each_subflow(msk, sf)
		if (sf->remote_id == id && mptcp_pm_subflow_closable(msk, sf))
			rm_subflow(msk, sf, false);
}

/* No subflow could be opened to the peer's address @id: it no longer
 * counts against add_addr_accepted (upstream counts only what connected).
 */
void mptcp_signal_unaccept(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_peer_addr *p = mptcp_signal_peer(msk, id);
	struct mptcp_subflow_context *sf;

	if (!p || !p->accepted)
		return;
	mptcp_for_each_subflow(msk, sf)
		if (sf->remote_id == id)
			return;
	p->accepted = false;
	if (!p->initial)
		msk->sig.accepted--;
}

/* Subflows a path manager asked to close (bpf_mptcp_pm_subflow_close(),
 * bpf_mptcp_pm_remove_addr()), now that it has returned.
 */
void mptcp_signal_close_requested(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;

	mptcp_for_each_subflow(msk, sf) {
		if (!READ_ONCE(sf->close_req))
			continue;
		WRITE_ONCE(sf->close_req, false);
		if (mptcp_pm_subflow_closable(msk, sf) && inet_sk_state_load(sf->tcp_sock) != TCP_CLOSE)
			rm_subflow(msk, sf, true);
	}
}

/* Our address @id is gone: its subflows go too. */
void mptcp_signal_close_local(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_subflow_context *sf;

	mptcp_for_each_subflow(msk, sf)
		if (sf->local_id == id && !READ_ONCE(sf->removed) &&
		    mptcp_pm_subflow_closable(msk, sf))
			rm_subflow(msk, sf, true);
}

/* What the peer said since the last call: announced addresses into @added
 * (returns how many), removed ids into @removed.
 */
int mptcp_signal_take(struct mptcp_sock *msk, struct mptcp_addr_info *added,
		      unsigned long *removed)
{
	struct mptcp_signal *sig = &msk->sig;
	int n;

	spin_lock_bh(&sig->lock);
	n = sig->rx_added_nr;
	memcpy(added, sig->rx_added, n * sizeof(*added));
	sig->rx_added_nr = 0;
	bitmap_copy(removed, sig->rx_removed, 256);
	bitmap_zero(sig->rx_removed, 256);
	spin_unlock_bh(&sig->lock);
	return n;
}
