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
			chunk_free(sk, c);
			freed = true;
			continue;
		}
		if (!dsn_before(c->dsn, una))
			break;
		/* Partly acknowledged: trim the front. */
		delta = una - c->dsn;
		c->dsn += delta;
		c->offset += delta;
		c->len -= delta;
		c->sent -= min(c->sent, delta);
		sk_wmem_queued_add(sk, -delta);
		sk_mem_uncharge(sk, delta);
		freed = true;
		break;
	}
	if (freed)
		sk_stream_write_space(sk);
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
	u64 limit = READ_ONCE(msk->snd_nxt);
	u64 old_end = atomic64_read(&msk->wnd_end);

	if (READ_ONCE(msk->snd_fin) && limit == READ_ONCE(msk->write_seq))
		limit++;			/* our DATA_FIN */
	if (dsn_before(ack, una) || dsn_before(limit, ack))
		return;

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

/* Put up to @len bytes of @c, from its first unsent byte, onto @ssk's write
 * queue: into the unsent tail skb when its mapping continues at this DSN,
 * else into a new skb with a mapping of its own.  Returns the bytes queued.
 */
static u32 map_onto_subflow(struct mptcp_sock *msk, struct sock *ssk,
			    struct mptcp_chunk *c, u32 len, int size_goal,
			    bool force)
{
	struct mptcp_subflow *sf = mptcp_subflow(ssk);
	struct tcp_sock *tp = tcp_sk(ssk);
	u64 dsn = c->dsn + c->sent;
	u32 off = c->offset + c->sent;
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
		if (!msk->fallback) {
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
	if (ext)
		ext->data_len += len;
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
	struct mptcp_subflow *sf = mptcp_subflow(ssk);
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
	TCP_SKB_CB(skb)->end_seq++;
	WRITE_ONCE(tp->write_seq, tp->write_seq + 1);
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
static u32 push_to_subflow(struct sock *sk, struct sock *ssk, bool force)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_chunk *c;
	int mss, size_goal;
	u32 total = 0;

	mss = tcp_send_mss(ssk, &size_goal, 0);
	while ((c = send_head(msk))) {
		u64 dsn = c->dsn + c->sent;
		u32 len = c->len - c->sent, done;

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
		done = map_onto_subflow(msk, ssk, c, len, size_goal, force);
		if (!done)
			break;
		c->sent += done;
		WRITE_ONCE(msk->snd_nxt, msk->snd_nxt + done);
		total += done;
	}
	if (total)
		tcp_push(ssk, 0, mss, tcp_sk(ssk)->nonagle, size_goal);
	return total;
}

/* The subflow to send on.  One subflow for now; the scheduler interface
 * (shared/DESIGN.md section 4) takes this decision with the next issue.
 */
static struct sock *mptcp_pick_subflow(struct mptcp_sock *msk)
{
	struct mptcp_subflow *sf;

	mptcp_for_each_subflow(msk, sf) {
		int state = inet_sk_state_load(sf->ssk);

		if (!sf->closing && !sf->listener &&
		    ((1 << state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)))
			return sf->ssk;
	}
	return NULL;
}

/* Whether any subflow could still carry data. */
bool mptcp_subflow_can_send(struct mptcp_sock *msk)
{
	return mptcp_pick_subflow(msk) != NULL;
}

static void __mptcp_push(struct sock *sk, bool force)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow *sf;
	struct sock *ssk;

	if (msk->snd_nxt != msk->write_seq) {
		ssk = mptcp_pick_subflow(msk);
		if (ssk) {
			lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
			push_to_subflow(sk, ssk, force);
			release_sock(ssk);
		}
		if (msk->fallback)
			mptcp_clean_una(sk);
	}

	/* Every byte is on a subflow: the subflow FINs can carry our
	 * DATA_FIN (options.c).
	 */
	if (!READ_ONCE(msk->snd_fin) || msk->snd_nxt != msk->write_seq)
		return;
	mptcp_for_each_subflow(msk, sf) {
		ssk = sf->ssk;
		if (sf->listener || (ssk->sk_shutdown & SEND_SHUTDOWN))
			continue;
		lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
		tcp_shutdown(ssk, SEND_SHUTDOWN);
		release_sock(ssk);
	}
}

/* Push what the subflows take now; msk locked. */
void mptcp_push(struct sock *sk)
{
	__mptcp_push(sk, false);
}

/* close(): everything goes to the subflows, beyond their send buffers. */
void mptcp_push_all(struct sock *sk)
{
	__mptcp_push(sk, true);
}

/* --- sendmsg --------------------------------------------------------------------------- */

int mptcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	size_t copied = 0;
	long timeo;
	int err = 0;

	/* Spliced pages (sendfile) are copied like any other data: the send
	 * queue must own what it may have to send again.
	 */
	if (msg->msg_flags & ~(MSG_MORE | MSG_DONTWAIT | MSG_NOSIGNAL | MSG_EOR |
			       MSG_SPLICE_PAGES))
		return -EOPNOTSUPP;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);

	if ((1 << sk->sk_state) & ~(TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto error;
	}

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
