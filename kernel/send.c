// SPDX-License-Identifier: GPL-2.0
/*
 * The send side: application data enters the msk's send queue once, in
 * page fragments; subflow segments point at the same pages with a DSS
 * mapping on the skb extension; the data leaves the queue only when the
 * peer DATA_ACKs it (RFC 8684 section 3.3.2), so another subflow could
 * carry it again.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <net/mptcp.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mib.h"
#include "protocol.h"

static struct kmem_cache *chunk_cache;

static void mptcp_rtx_arm(struct mptcp_sock *msk);
static void mptcp_rtx_rearm(struct mptcp_sock *msk);
static u32 reinject(struct mptcp_sock *msk, struct sock *ssk, u64 from, u64 to);

/* New data one scheduler decision places on a subflow, at most: small
 * enough for the scheduler to spread a burst over paths, large enough to
 * keep TSO segments full.
 */
#define MPTCP_SEND_BURST	(64 * 1024)

/* --- the send queue -------------------------------------------------------------- */

static void chunk_free(struct sock *sk, struct mptcp_chunk *c)
{
	list_del(&c->node);
	sk_wmem_queued_add(sk, -c->len);
	sk_mem_uncharge(sk, c->len);
	put_page(c->page);
	kmem_cache_free(chunk_cache, c);
}

/* Append @len bytes just copied to @pfrag at the queue's tail. */
static int chunk_append(struct mptcp_sock *msk, struct page_frag *pfrag, u32 len)
{
	struct mptcp_chunk *tail;

	tail = list_empty(&msk->send_queue) ? NULL :
	       list_last_entry(&msk->send_queue, struct mptcp_chunk, node);
	if (tail && tail->page == pfrag->page &&
	    tail->offset + tail->len == pfrag->offset) {
		tail->len += len;
		return 0;
	}

	tail = kmem_cache_alloc(chunk_cache, ((struct sock *)msk)->sk_allocation);
	if (!tail)
		return -ENOMEM;
	tail->dsn = msk->write_seq;
	tail->len = len;
	tail->sent = 0;
	tail->offset = pfrag->offset;
	tail->page = pfrag->page;
	get_page(tail->page);
	list_add_tail(&tail->node, &msk->send_queue);
	return 0;
}

/* The oldest chunk with bytes no subflow carries yet. */
static struct mptcp_chunk *send_head(struct mptcp_sock *msk)
{
	struct mptcp_chunk *c;

	list_for_each_entry(c, &msk->send_queue, node)
		if (c->sent < c->len)
			return c;
	return NULL;
}

/**
 * mptcp_clean_una - free what the peer has DATA_ACKed
 * @sk: the msk, owned, or its bh lock held while not owned
 *
 * After a fallback there are no DATA_ACKs: TCP's own acknowledgement of
 * the single subflow is all there is (section 3.7), and a chunk is done
 * once a subflow has it.
 */
void mptcp_clean_una(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_chunk *c, *tmp;
	bool freed = false;
	u32 acked = 0;
	u64 una;

	if (msk->fallback)
		atomic64_set(&msk->snd_una, msk->snd_nxt);
	una = atomic64_read(&msk->snd_una);

	/* Keep the last acknowledged byte before it goes: a window probe
	 * sends it again (see send_window_probe()).
	 */
	c = list_first_entry_or_null(&msk->send_queue, struct mptcp_chunk, node);
	if (c && !dsn_before(una - 1, c->dsn) && dsn_before(una - 1, c->dsn + c->len)) {
		msk->probe_byte = ((u8 *)page_address(c->page))[c->offset + (u32)(una - 1 - c->dsn)];
		msk->probe_ready = true;
	}

	list_for_each_entry_safe(c, tmp, &msk->send_queue, node) {
		u64 end = c->dsn + c->len;
		u32 delta;

		if (!dsn_before(una, end)) {
			acked += c->len;
			chunk_free(sk, c);
			freed = true;
			continue;
		}
		if (!dsn_before(c->dsn, una))
			break;
		/* Partly acknowledged: trim the front. */
		delta = una - c->dsn;
		acked += delta;
		c->dsn += delta;
		c->offset += delta;
		c->len -= delta;
		c->sent -= min(c->sent, delta);
		sk_wmem_queued_add(sk, -delta);
		sk_mem_uncharge(sk, delta);
		freed = true;
		break;
	}
	if (freed) {
		/* Progress: the retransmit clock starts over. */
		msk->rtx_backoff = 0;
		if (dsn_before(una, mptcp_snd_limit(msk)))
			mptcp_rtx_rearm(msk);
		else if (del_timer(&msk->rtx_timer))
			__sock_put(sk);
		mptcp_sched_acked(msk, acked);
		sk_stream_write_space(sk);
	}
}

void mptcp_send_queue_purge(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_chunk *c, *tmp;

	list_for_each_entry_safe(c, tmp, &msk->send_queue, node)
		chunk_free(sk, c);
}

/* --- DATA_ACK ---------------------------------------------------------------------- */

static void atomic64_max(atomic64_t *v, u64 new)
{
	u64 old = atomic64_read(v);

	while (dsn_before(old, new)) {
		u64 seen = atomic64_cmpxchg(v, old, new);

		if (seen == old)
			break;
		old = seen;
	}
}

/**
 * mptcp_data_acked - a DATA_ACK arrived on @ssk
 * @sk: the msk
 * @ssk: the subflow, locked (softirq)
 * @ack: the 64-bit Data ACK
 * @wnd: the receive window the same segment advertised, in bytes
 *
 * A Data ACK beyond what we sent is bogus and ignored (section 3.3.2);
 * the window counts from the Data ACK, whatever subflow carried it.
 */
void mptcp_data_acked(struct sock *sk, struct sock *ssk, u64 ack, u32 wnd)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	u64 una = atomic64_read(&msk->snd_una);
	u64 limit = mptcp_snd_limit(msk);
	u64 old_end = atomic64_read(&msk->wnd_end);

	if (dsn_before(ack, una) || dsn_before(limit, ack))
		return;

	WRITE_ONCE(msk->last_ack_recv, tcp_jiffies32);
	atomic64_max(&msk->wnd_end, ack + wnd);
	if (dsn_before(una, ack)) {
		atomic64_max(&msk->snd_una, ack);
		mptcp_defer(sk, MPTCP_DEFER_CLEAN_UNA);
	} else if (dsn_before(old_end, ack + wnd)) {
		mptcp_defer(sk, MPTCP_DEFER_PUSH);
	}
}

/* --- mapping data onto a subflow ---------------------------------------------------- */

/* @skb, on @ssk's write queue, just took @len more bytes of payload:
 * account them to the subflow and extend its sequence space.
 */
static void subflow_skb_grown(struct sock *ssk, struct sk_buff *skb, u32 len)
{
	struct tcp_sock *tp = tcp_sk(ssk);

	skb_len_add(skb, len);
	sk_wmem_queued_add(ssk, len);
	sk_mem_charge(ssk, len);
	TCP_SKB_CB(skb)->end_seq += len;
	WRITE_ONCE(tp->write_seq, TCP_SKB_CB(skb)->end_seq);
	/* Let TCP recompute the segment count at transmit time. */
	tcp_skb_pcount_set(skb, 0);
}

/* Put up to @len bytes of @c, starting at DSN @dsn, onto @ssk's write
 * queue: into the unsent tail skb when its mapping continues at this DSN,
 * else into a new skb with a mapping of its own.  Returns the bytes queued.
 */
static u32 map_onto_subflow(struct mptcp_sock *msk, struct sock *ssk,
			    struct mptcp_chunk *c, u64 dsn, u32 len,
			    int size_goal, bool force)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct tcp_sock *tp = tcp_sk(ssk);
	u32 off = c->offset + (u32)(dsn - c->dsn);
	struct mptcp_ext *ext = NULL;
	struct sk_buff *skb;
	int i;

	skb = tcp_write_queue_tail(ssk);
	if (skb)
		ext = mptcp_get_ext(skb);
	if (skb && (msk->fallback ||
		    (ext && ext->use_map && !ext->frozen &&
		     ext->data_seq + ext->data_len == dsn)) &&
	    !(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN) &&
	    skb->len < size_goal) {
		len = min_t(u32, len, size_goal - skb->len);
		if (ext)
			len = min_t(u32, len, U16_MAX - ext->data_len);
		i = skb_shinfo(skb)->nr_frags;
		if (!skb_can_coalesce(skb, i, c->page, off) &&
		    i >= MAX_SKB_FRAGS)
			skb = NULL;
	} else {
		skb = NULL;
	}

	if (!skb) {
		skb = tcp_stream_alloc_skb(ssk, ssk->sk_allocation, force);
		if (!skb)
			return 0;
		/* after a fallback, one more mapping: the infinite one */
		if (!msk->fallback || READ_ONCE(msk->infinite_map_pending)) {
			ext = skb_ext_add(skb, SKB_EXT_MPTCP);
			if (!ext) {
				__kfree_skb(skb);
				return 0;
			}
			memset(ext, 0, sizeof(*ext));
			ext->use_map = 1;
			ext->dsn64 = 1;
			ext->data_seq = dsn;
			ext->subflow_seq = tp->write_seq - sf->isn_local;
			/* The client's first data may ride with its keys. */
			ext->mpc_map = dsn == msk->local_idsn + 1 &&
				       !READ_ONCE(sf->mpc_acked);
			if (msk->fallback) {
				ext->infinite_map = 1;
				WRITE_ONCE(msk->infinite_map_pending, false);
				__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_INFINITE_MAP_TX);
			}
		} else {
			ext = NULL;
		}
		tcp_skb_entail(ssk, skb);
		len = min_t(u32, len, size_goal);
		len = min_t(u32, len, U16_MAX);
	}

	if (force)
		sk_forced_mem_schedule(ssk, len);
	if ((!force && !sk_wmem_schedule(ssk, len)) ||
	    skb_append_pagefrags(skb, c->page, off, len, MAX_SKB_FRAGS)) {
		/* Never leave an empty skb behind: sent, its mapping of
		 * length 0 would read as an infinite mapping.
		 */
		tcp_remove_empty_skb(ssk);
		return 0;
	}
	subflow_skb_grown(ssk, skb, len);
	if (ext) {
		if (msk->csum)
			mptcp_csum_grow(ext, skb, len);
		ext->data_len += len;
	}
	return len;
}

/* The peer's connection-level window is shut and nothing is in flight on
 * @ssk, so no acknowledgement will come to reopen it.  Send the last byte
 * the peer already DATA_ACKed once more, on a new subflow sequence number:
 * the peer drops it as a duplicate but its TCP must acknowledge it, with
 * the current Data ACK and window (section 3.3.4).
 */
static void send_window_probe(struct mptcp_sock *msk, struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct tcp_sock *tp = tcp_sk(ssk);
	struct mptcp_ext *ext;
	struct sk_buff *skb;
	int mss, size_goal;

	if (!msk->probe_ready)
		return;
	skb = tcp_stream_alloc_skb(ssk, ssk->sk_allocation, true);
	if (!skb)
		return;
	ext = skb_ext_add(skb, SKB_EXT_MPTCP);
	if (!ext || skb_tailroom(skb) < 1) {
		__kfree_skb(skb);
		return;
	}
	memset(ext, 0, sizeof(*ext));
	ext->use_map = 1;
	ext->dsn64 = 1;
	ext->frozen = 1;	/* never merged with real data */
	ext->data_seq = atomic64_read(&msk->snd_una) - 1;
	ext->subflow_seq = tp->write_seq - sf->isn_local;
	ext->data_len = 1;

	mss = tcp_send_mss(ssk, &size_goal, 0);
	tcp_skb_entail(ssk, skb);
	skb_put_u8(skb, msk->probe_byte);
	if (msk->csum) {
		ext->data_len = 0;
		mptcp_csum_grow(ext, skb, 1);
		ext->data_len = 1;
	}
	TCP_SKB_CB(skb)->end_seq++;
	WRITE_ONCE(tp->write_seq, tp->write_seq + 1);
	mptcp_mark_reinjected(msk, ssk);	/* a byte the stream had already */
	tcp_push(ssk, 0, mss, TCP_NAGLE_PUSH, size_goal);
}

/* Probe again later unless an acknowledgement reopens the window first. */
static void arm_window_probe(struct mptcp_sock *msk, struct sock *ssk)
{
	struct sock *sk = (struct sock *)msk;
	unsigned long when;

	when = min_t(unsigned long, inet_csk(ssk)->icsk_rto << msk->probe_backoff,
		     TCP_RTO_MAX);
	if (msk->probe_backoff < 10)
		msk->probe_backoff++;
	if (!mod_timer(&msk->probe_timer, jiffies + when))
		sock_hold(sk);
}

void mptcp_probe_timer(struct timer_list *t)
{
	struct mptcp_sock *msk = from_timer(msk, t, probe_timer);
	struct sock *sk = (struct sock *)msk;

	mptcp_defer(sk, MPTCP_DEFER_PUSH);
	sock_put(sk);
}

/* Hand @ssk (locked) as much pending data as it and the peer's window take;
 * with @force, all of it.
 */
static u32 push_to_subflow(struct sock *sk, struct sock *ssk, bool force,
			   u32 limit)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_chunk *c;
	int mss, size_goal;
	u32 total = 0;

	mss = tcp_send_mss(ssk, &size_goal, 0);
	while (total < limit && (c = send_head(msk))) {
		u64 dsn = c->dsn + c->sent;
		u32 len = min(c->len - c->sent, limit - total), done;

		/* Never past the peer's connection-level window (section
		 * 3.3.4): a peer may drop what lies beyond it even when its
		 * subflow's TCP window would take it.  The window reopens
		 * with the Data ACK that the peer's reader triggers.
		 */
		if (!force && !msk->fallback) {
			u64 end = atomic64_read(&msk->wnd_end);

			if (!dsn_before(dsn, end)) {
				if (tcp_rtx_and_write_queues_empty(ssk) &&
				    !timer_pending(&msk->probe_timer)) {
					send_window_probe(msk, ssk);
					arm_window_probe(msk, ssk);
				}
				break;
			}
			msk->probe_backoff = 0;
			len = min_t(u64, len, end - dsn);
		}
		if (!force && !sk_stream_memory_free(ssk)) {
			if (ssk->sk_socket)
				set_bit(SOCK_NOSPACE, &ssk->sk_socket->flags);
			break;
		}
		done = map_onto_subflow(msk, ssk, c, dsn, len, size_goal, force);
		if (!done)
			break;
		c->sent += done;
		WRITE_ONCE(msk->snd_nxt, msk->snd_nxt + done);
		total += done;
	}
	if (total) {
		tcp_push(ssk, 0, mss, tcp_sk(ssk)->nonagle, size_goal);
		mptcp_rtx_arm(msk);
		WRITE_ONCE(msk->last_data_sent, tcp_jiffies32);
	}
	return total;
}

/* Any subflow that can send, for what is not worth a scheduler's
 * decision: the DATA_FIN, or whether the connection can send at all.
 */
static struct sock *any_active_subflow(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf, *stale = NULL;

	/* Not a stale one while another works: a DATA_FIN sent into a dead
	 * path is never acknowledged, and both ends wait for each other.
	 */
	mptcp_for_each_subflow(msk, sf) {
		if (!mptcp_subflow_active(sf))
			continue;
		if (!sf->stale)
			return sf->tcp_sock;
		stale = stale ? : sf;
	}
	return stale ? stale->tcp_sock : NULL;
}

bool mptcp_subflow_can_send(struct mptcp_sock *msk)
{
	return any_active_subflow(msk) != NULL;
}

/* The DATA_FIN goes out on a pure ACK of each subflow that can send
 * (options.c adds it to every DSS while it waits for its Data ACK): first
 * on the working non-backup ones, when sent again on every one.  Not on a
 * backup at once: both ends closing with data in flight, its pure ACKs
 * bounced with the peer's (known problems: the DATA_FIN ping-pong), 40-224
 * KB each way on mptcp_backup's idle backup.  Never on just one: TCP never
 * sends a pure ACK again, and a path that died while we only received on
 * it looks healthy to us -- nothing in flight there to time out, never
 * stale.  Its ACKs vanished, the peer never heard our DATA_FIN and waited,
 * as our orphan did, until close_timeout reset both (a failover upload's
 * server, 60 s).  The peer takes the repeats as one.
 */
static void mptcp_send_data_fin(struct mptcp_sock *msk, bool again)
{
	struct mptcp_subflow_context *sf;
	bool any = false, primary = false;

	mptcp_for_each_subflow(msk, sf) {
		if (!mptcp_subflow_active(sf))
			continue;
		any = true;
		primary |= !sf->stale && !mptcp_subflow_backup(sf);
	}
	if (!any)
		return;
	WRITE_ONCE(msk->data_fin_sent, true);
	mptcp_for_each_subflow(msk, sf) {
		struct sock *ssk = sf->tcp_sock;

		if (!mptcp_subflow_active(sf) ||
		    (!again && primary && mptcp_subflow_backup(sf)))
			continue;
		lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
		tcp_send_ack(ssk);
		release_sock(ssk);
	}
	mptcp_rtx_arm(msk);
}

/* The send queue keeps everything until it is DATA_ACKed, which on every
 * path takes as long as that path's TCP keeps it: the connection needs
 * the room of all its subflows together, which TCP autotunes one by one.
 */
static void mptcp_sync_sndbuf(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;
	int sum = 0;

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	mptcp_for_each_subflow(msk, sf)
		sum += READ_ONCE(sf->tcp_sock->sk_sndbuf);
	sum = min_t(int, sum, READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_wmem[2]) * 2);
	if (sum > READ_ONCE(sk->sk_sndbuf))
		WRITE_ONCE(sk->sk_sndbuf, sum);
}

static void __mptcp_push(struct sock *sk, bool force)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;
	struct sock *ssk;

	/* One scheduler decision per burst: the first subflow it marks
	 * takes new data, any other marked one the same data again (a
	 * redundant scheduler).
	 */
	mptcp_sync_sndbuf(sk);
	while (msk->snd_nxt != msk->write_seq && mptcp_sched_get(msk, false)) {
		u64 from = msk->snd_nxt;
		bool first = true;
		u32 sent = 0;

		/* a scheduler may ask for a smaller burst, never a larger one */
		u32 burst = min_not_zero(msk->snd_burst, (u32)MPTCP_SEND_BURST);

		mptcp_for_each_subflow(msk, sf) {
			if (!READ_ONCE(sf->scheduled))
				continue;
			ssk = sf->tcp_sock;
			lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
			if (first)
				sent = push_to_subflow(sk, ssk, force, burst);
			else if (sent)
				reinject(msk, ssk, from, from + sent);
			release_sock(ssk);
			first = false;
		}
		if (!sent)
			break;
	}
	if (msk->fallback)
		mptcp_clean_una(sk);
	if (msk->snd_nxt != msk->write_seq)
		/* Stuck with data to send: the retransmit timer's stale
		 * check finds out whether a dead path is the reason, and
		 * pushes again (a closed msk has no other wakeup left).
		 */
		mptcp_rtx_arm(msk);

	if (!READ_ONCE(msk->snd_fin) || msk->snd_nxt != msk->write_seq)
		return;

	/* After a fallback the subflow's FIN is the DATA_FIN (section 3.7). */
	if (msk->fallback) {
		mptcp_for_each_subflow(msk, sf) {
			ssk = sf->tcp_sock;
			if (sf->listener || (ssk->sk_shutdown & SEND_SHUTDOWN))
				continue;
			lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
			tcp_shutdown(ssk, SEND_SHUTDOWN);
			release_sock(ssk);
		}
		return;
	}

	/* Every byte is on a subflow: announce the DATA_FIN on a pure ACK.
	 * The subflows stay open (the peer may still send, and we may
	 * have to send again) until the DATA_FINs are through; the
	 * retransmit timer repeats it until the peer DATA_ACKs it.
	 */
	if (!msk->data_fin_sent)
		mptcp_send_data_fin(msk, false);
}

/* Push what the subflows take now; msk locked. */
void mptcp_push(struct sock *sk)
{
	__mptcp_push(sk, false);
}

/* --- connection-level retransmission ------------------------------------------- */

/* Data a subflow's TCP has delivered is not delivered to the peer's
 * application until the Data ACK covers it: the peer may drop it at the
 * connection level (out of receive memory), or the subflow may die with it
 * unacknowledged.  Section 3.3.6: such data is sent again, on any subflow,
 * under its original DSN; the peer drops what it already has.
 */

/* The slowest working subflow's RTO, doubled per retransmission without
 * progress: a stale subflow's backed-off RTO must not delay recovery.
 */
static unsigned long rtx_interval(struct mptcp_sock *msk)
{
	unsigned long rto = TCP_RTO_MIN;
	struct mptcp_subflow_context *sf;

	/* Each subflow's RTO before its own backoff: a path that is timing
	 * out, stale or not yet, must not slow down the detour around it.
	 */
	mptcp_for_each_subflow(msk, sf) {
		const struct inet_connection_sock *icsk = inet_csk(sf->tcp_sock);

		if (!sf->stale)
			rto = max_t(unsigned long, rto,
				    READ_ONCE(icsk->icsk_rto) >> READ_ONCE(icsk->icsk_backoff));
	}
	return min_t(unsigned long, rto << msk->rtx_backoff, TCP_RTO_MAX);
}

/**
 * mptcp_subflow_check_stale - is @sf's path delivering nothing for now?
 * @msk: locked
 * @sf: one of its subflows
 *
 * Marks a subflow whose TCP has been timing out, with data held, as stale
 * and clears the mark once its TCP gets through again; @sf->stale_count
 * counts the checks in a row that found it stale.  Returns whether it is
 * stale and holds data the peer has not acknowledged: that data needs
 * another path.
 */
bool mptcp_subflow_check_stale(struct mptcp_sock *msk, struct mptcp_subflow_context *sf)
{
	struct net *net = sock_net((struct sock *)msk);
	struct sock *ssk = sf->tcp_sock;
	u8 rtx = READ_ONCE(inet_csk(ssk)->icsk_retransmits);
	bool held = !tcp_rtx_and_write_queues_empty(ssk);
	/* TCP timeouts in a row after which the path delivers nothing for
	 * now (a failed link, a black hole): net.mptcp.stale_loss_cnt.
	 */
	u8 limit = READ_ONCE(mptcp_pernet(net)->stale_loss_cnt);

	/* Unanswered window probes count as timeouts too: with nothing in
	 * flight (our own link down: no route; or the peer's window shut
	 * when the path died) TCP only probes.  A live peer answers every
	 * probe, even with its window shut, and any ACK resets the count.
	 */
	if (READ_ONCE(inet_csk(ssk)->icsk_probes_out) >= limit)
		rtx = max_t(u8, rtx, limit);

	if (!sf->stale && rtx >= limit && held) {
		sf->stale = true;
		sf->rtx_seq = atomic64_read(&msk->snd_una);
		__mptcp_mib_inc(net, MPTCP_MIB_SUBFLOW_STALE);
	} else if (sf->stale && !rtx) {
		sf->stale = false;
		__mptcp_mib_inc(net, MPTCP_MIB_SUBFLOW_RECOVER);
	}
	if (!sf->stale)
		sf->stale_count = 0;
	else if (sf->stale_count < U8_MAX)
		sf->stale_count++;
	return sf->stale && held;
}

/* Every subflow checked; whether one of them is stuck with data. */
static bool update_stale(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;
	bool stuck = false;

	mptcp_for_each_subflow(msk, sf)
		stuck |= mptcp_subflow_check_stale(msk, sf);
	return stuck;
}

/* Start the clock unless it runs already; msk locked. */
static void mptcp_rtx_arm(struct mptcp_sock *msk)
{
	if (timer_pending(&msk->rtx_timer))
		return;
	mptcp_rtx_rearm(msk);
}

/* (Re)start the clock from now; no later than an MP_FAIL's deadline. */
static void mptcp_rtx_rearm(struct mptcp_sock *msk)
{
	unsigned long when = jiffies + rtx_interval(msk);

	if (unlikely(READ_ONCE(msk->fail_wait)) && time_before(msk->fail_deadline, when))
		when = msk->fail_deadline;
	if (!mod_timer(&msk->rtx_timer, when))
		sock_hold((struct sock *)msk);
}

/**
 * mptcp_fail_timer_arm - our MP_FAIL is out: wait for its answer
 * @msk: the connection, rx_lock held
 * @ssk: the subflow it went on, locked
 *
 * A few of the subflow's RTOs, a second at least: an answer TCP lost
 * comes again with the peer's next data (its infinite mapping), which TCP
 * resends within that.  The retransmit clock watches the deadline.
 */
void mptcp_fail_timer_arm(struct mptcp_sock *msk, struct sock *ssk)
{
	unsigned long wait = max_t(unsigned long, HZ, 4 * inet_csk(ssk)->icsk_rto);

	msk->fail_deadline = jiffies + wait;
	if (!timer_reduce(&msk->rtx_timer, msk->fail_deadline))
		sock_hold((struct sock *)msk);
}

void mptcp_rtx_timer(struct timer_list *t)
{
	struct mptcp_sock *msk = from_timer(msk, t, rtx_timer);
	struct sock *sk = (struct sock *)msk;

	mptcp_defer(sk, MPTCP_DEFER_RETRANS);
	sock_put(sk);
}

/* The most bytes one expiry sends again: enough to refill a window the
 * peer dropped, bounded so a dead path does not flood a live one.
 */
#define MPTCP_RTX_MAX	(1024 * 1024)

/* Map [@from, @to) of the send queue onto @ssk again; @ssk locked. */
static u32 reinject(struct mptcp_sock *msk, struct sock *ssk, u64 from, u64 to)
{
	struct mptcp_chunk *c;
	int mss, size_goal;
	u32 total = 0;

	mss = tcp_send_mss(ssk, &size_goal, 0);
	list_for_each_entry(c, &msk->send_queue, node) {
		u64 end = min_t(u64, c->dsn + c->sent, to);

		while (dsn_before(from, end)) {
			u32 done;

			if (dsn_before(from, c->dsn))
				from = c->dsn;
			done = map_onto_subflow(msk, ssk, c, from,
						min_t(u64, end - from, U16_MAX),
						size_goal, true);
			if (!done)
				goto out;
			from += done;
			total += done;
		}
		if (!dsn_before(from, to))
			break;
	}
out:
	if (total) {
		mptcp_mark_reinjected(msk, ssk);
		tcp_push(ssk, 0, mss, TCP_NAGLE_PUSH, size_goal);
	}
	return total;
}

/* Separate DSN ranges taken from one stale subflow per expiry, at most;
 * the rest waits for the next.
 */
#define MPTCP_HELD_RANGES	16

struct dsn_range {
	u64	from;
	u64	to;
};

/* Note the mapping of @skb in @r, merged with the last range when they
 * touch or overlap (a subflow's queue is in DSN order, but for what it
 * carries again).  Returns false once @r is full.  A frozen extension
 * counts: TCP freezes the one it splits (mptcp_skb_ext_copy(), on every
 * TSO split and in loss recovery), and both halves still carry the data.
 * Skipping them skipped the head of a dead path's queue -- the very bytes
 * the peer waited for -- while the rest went out again.  A window probe,
 * also frozen, holds a byte below the Data ACK: reinject_stale() skips it.
 */
static bool held_range_add(struct dsn_range *r, int *n, const struct sk_buff *skb,
			   u64 floor)
{
	const struct mptcp_ext *ext = mptcp_get_ext(skb);
	struct dsn_range *last = *n ? &r[*n - 1] : NULL;
	u64 from, to;

	if (!ext || !ext->use_map || !ext->data_len)
		return true;
	from = ext->data_seq;
	to = from + ext->data_len;
	if (!dsn_before(floor, to))
		return true;	/* sent again already */
	if (last && !dsn_before(from, last->from) && !dsn_before(last->to, from)) {
		if (dsn_before(last->to, to))
			last->to = to;
		return true;
	}
	if (*n == MPTCP_HELD_RANGES)
		return false;
	r[*n].from = from;
	r[(*n)++].to = to;
	return true;
}

/* What @ssk holds without its TCP's acknowledgement, sent or not, as DSN
 * ranges ending above @floor; @ssk locked.  A segment stands for the whole
 * mapping it belongs to: a little more than it holds, never less.  What
 * ends below @floor went out again already: counting it filled the slots
 * of a pass with the same first ranges at every expiry (a dead path's
 * queues never shrink), and whatever lay beyond them waited for the
 * catch-all resend.
 */
static int held_ranges(struct sock *ssk, struct dsn_range *r, u64 floor)
{
	struct sk_buff *skb;
	int n = 0;

	skb_rbtree_walk(skb, &ssk->tcp_rtx_queue)
		if (!held_range_add(r, &n, skb, floor))
			return n;
	skb_queue_walk(&ssk->sk_write_queue, skb)
		if (!held_range_add(r, &n, skb, floor))
			return n;
	return n;
}

/* Send again on @ssk what stale subflows hold and have not had sent again
 * yet: only that, not everything above the Data ACK, which the live paths
 * may be carrying well (section 3.3.6).  Returns the bytes queued.
 */
static u32 reinject_stale(struct mptcp_sock *msk, struct sock *ssk)
{
	u64 una = atomic64_read(&msk->snd_una);
	struct dsn_range r[MPTCP_HELD_RANGES];
	struct mptcp_subflow_context *sf;
	u32 total = 0;
	int i, n;

	mptcp_for_each_subflow(msk, sf) {
		struct sock *held = sf->tcp_sock;

		if (!sf->stale || held == ssk || total >= MPTCP_RTX_MAX)
			continue;
		if (dsn_before(sf->rtx_seq, una))
			sf->rtx_seq = una;
		lock_sock_nested(held, SINGLE_DEPTH_NESTING);
		n = held_ranges(held, r, sf->rtx_seq);
		release_sock(held);

		lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
		for (i = 0; i < n && total < MPTCP_RTX_MAX; i++) {
			u64 from = r[i].from, to = r[i].to;
			u32 done;

			if (dsn_before(from, sf->rtx_seq))
				from = sf->rtx_seq;
			if (dsn_before(msk->snd_nxt, to))
				to = msk->snd_nxt;
			if (!dsn_before(from, to))
				continue;
			to = min_t(u64, to, from + MPTCP_RTX_MAX - total);
			done = reinject(msk, ssk, from, to);
			total += done;
			if (done)
				sf->rtx_seq = from + done;
			if (from + done != to)
				break;
		}
		release_sock(ssk);
	}
	return total;
}

/* The subflow the scheduler picks for data sent again. */
static struct sock *retrans_subflow(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;

	if (!mptcp_sched_get(msk, true))
		return NULL;
	mptcp_for_each_subflow(msk, sf)
		if (READ_ONCE(sf->scheduled))
			return sf->tcp_sock;
	return NULL;
}

/**
 * mptcp_retransmit_lost - a subflow went away with data in flight
 * @sk: the msk, locked
 *
 * Whatever it carried without a Data ACK may be lost with it: send the
 * oldest unacknowledged data again at once on another subflow; the
 * retransmit timer goes on from there.
 */
void mptcp_retransmit_lost(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	u64 una = atomic64_read(&msk->snd_una);
	struct sock *ssk;
	u32 sent = 0;

	if (msk->fallback || !dsn_before(una, msk->snd_nxt))
		return;
	ssk = retrans_subflow(msk);
	if (!ssk)
		return;
	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	sent = reinject(msk, ssk, una, min_t(u64, msk->snd_nxt, una + MPTCP_RTX_MAX));
	release_sock(ssk);
	if (sent) {
		__mptcp_mib_inc(sock_net(sk), MPTCP_MIB_RETRANS);
		mptcp_rtx_rearm(msk);
	}
}

/**
 * mptcp_retransmit - the Data ACK stood still for a retransmit interval
 * @sk: the msk, locked
 *
 * While a subflow's TCP still holds unacknowledged data, TCP recovers it;
 * once TCP has delivered everything and the Data ACK still lags, the peer
 * lost it above TCP, and the oldest unacknowledged data goes out again.
 */
void mptcp_retransmit(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	u64 una = atomic64_read(&msk->snd_una);
	struct sock *ssk;
	bool stuck;
	u32 sent = 0;

	if (unlikely(READ_ONCE(msk->fail_wait))) {
		if (!time_before(jiffies, msk->fail_deadline)) {
			mptcp_fail_timeout(msk);
			return;
		}
		mptcp_rtx_rearm(msk);	/* keeps the deadline in view */
	}
	if (msk->fallback) {
		if (msk->snd_nxt != msk->write_seq)
			mptcp_push(sk);
		return;
	}
	mptcp_sched_rto(msk);

	/* A path that went stale may be what holds everything up, even when
	 * nothing waits for a Data ACK: new data then takes another path.
	 */
	stuck = update_stale(msk);
	if (!dsn_before(una, mptcp_snd_limit(msk))) {
		if (msk->snd_nxt != msk->write_seq) {
			mptcp_push(sk);
			mptcp_rtx_rearm(msk);
		}
		return;
	}

	if (una == msk->write_seq) {
		/* Only the DATA_FIN is missing its Data ACK. */
		mptcp_send_data_fin(msk, true);
		__mptcp_mib_inc(sock_net(sk), MPTCP_MIB_RETRANS);
		if (msk->rtx_backoff < 10)
			msk->rtx_backoff++;
		mptcp_rtx_rearm(msk);
		return;
	}

	/* Data stuck on a stale subflow goes out again however busy the
	 * other paths are; otherwise, from the Data ACK on, only once TCP
	 * has nothing in flight.
	 */
	ssk = retrans_subflow(msk);
	if (ssk && stuck)
		sent = reinject_stale(msk, ssk);
	if (ssk && !sent) {
		lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
		if (tcp_rtx_and_write_queues_empty(ssk))
			sent = reinject(msk, ssk, una,
					min_t(u64, msk->snd_nxt, una + MPTCP_RTX_MAX));
		release_sock(ssk);
	}
	if (sent) {
		__mptcp_mib_inc(sock_net(sk), MPTCP_MIB_RETRANS);
		if (msk->rtx_backoff < 10)
			msk->rtx_backoff++;
	}
	mptcp_rtx_rearm(msk);
}

void mptcp_stop_timers(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);

	if (del_timer(&msk->probe_timer))
		__sock_put(sk);
	if (del_timer(&msk->rtx_timer))
		__sock_put(sk);
	if (del_timer(&msk->orphan_timer))
		__sock_put(sk);
}

/* --- sendmsg --------------------------------------------------------------------------- */

int mptcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	int copied_syn = 0;
	size_t copied = 0;
	long timeo;
	int err = 0;

	/* Spliced pages (sendfile) are copied like any other data: the send
	 * queue must own what it may have to send again.
	 */
	if (msg->msg_flags & ~(MSG_MORE | MSG_DONTWAIT | MSG_NOSIGNAL | MSG_EOR |
			       MSG_SPLICE_PAGES | MSG_FASTOPEN))
		return -EOPNOTSUPP;

	lock_sock(sk);
	if (unlikely((msg->msg_flags & MSG_FASTOPEN) || inet_test_bit(DEFER_CONNECT, sk))) {
		/* The SYN's data is not the msk's: no DSN (fastopen.c). */
		err = mptcp_sendmsg_fastopen(sk, msg, len, &copied_syn);
		copied = copied_syn;
		if (err == -EINPROGRESS && copied_syn > 0)
			goto out;
		if (err)
			goto error;
	}
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);

	if ((1 << sk->sk_state) & ~(TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto error;
	}

	mptcp_sync_sndbuf(sk);
	while (msg_data_left(msg)) {
		struct page_frag *pfrag = sk_page_frag(sk);
		size_t copy;

		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN)) {
			err = -EPIPE;
			goto error;
		}
		if (!sk_stream_memory_free(sk) || !sk_page_frag_refill(sk, pfrag))
			goto wait;

		copy = min_t(size_t, msg_data_left(msg),
			     pfrag->size - pfrag->offset);
		if (!sk_wmem_schedule(sk, copy))
			goto wait;
		if (copy_page_from_iter(pfrag->page, pfrag->offset, copy,
					&msg->msg_iter) != copy) {
			err = -EFAULT;
			goto error;
		}
		if (chunk_append(msk, pfrag, copy))
			goto wait;

		pfrag->offset += copy;
		copied += copy;
		WRITE_ONCE(msk->write_seq, msk->write_seq + copy);
		sk_wmem_queued_add(sk, copy);
		sk_mem_charge(sk, copy);
		continue;
wait:
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		mptcp_push(sk);
		err = sk_stream_wait_memory(sk, &timeo);
		if (err)
			goto error;
	}
out:
	mptcp_push(sk);
	release_sock(sk);
	return copied;

error:
	if (copied) {
		mptcp_push(sk);
		release_sock(sk);
		return copied;
	}
	err = sk_stream_error(sk, msg->msg_flags, err);
	release_sock(sk);
	return err;
}

int __init mptcp_send_init(void)
{
	chunk_cache = KMEM_CACHE(mptcp_chunk, 0);
	return chunk_cache ? 0 : -ENOMEM;
}
