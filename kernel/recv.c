// SPDX-License-Identifier: GPL-2.0
/*
 * The receive side: data leaves each subflow's receive queue as soon as
 * its mapping (RFC 8684 section 3.3.1) says where it belongs in the data
 * sequence space, and waits at the msk, in order or in an out-of-order
 * tree, for the application.  The skbs move without copying; their memory
 * is charged to the msk, whose free space every subflow advertises.
 *
 * Queues: msk->rx_queue (in order, filled under rx_lock from any context)
 * is spliced by the reader into sk->sk_receive_queue, which only the
 * reader touches, under the msk lock: no spinlock while copying to user.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/sched/signal.h>
#include <net/mptcp.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mib.h"
#include "protocol.h"

u64 mptcp_rx_ack_seq(struct mptcp_sock *msk)
{
	return READ_ONCE(msk->ack_seq);
}

/**
 * mptcp_rx_start - the peer's stream begins
 * @msk: the connection, its remote IDSN known
 * @ssk: the first subflow, whose handshake offered the first window
 *
 * The stream starts after the IDSN (section 3.1); until a Data ACK goes
 * out, the peer may send what the handshake's window allowed.
 */
void mptcp_rx_start(struct mptcp_sock *msk, const struct sock *ssk)
{
	msk->rx_tune_stamp = 0;
	msk->rx_tune_space = 0;
	spin_lock_bh(&msk->rx_lock);
	msk->ack_seq = msk->remote_idsn + 1;
	atomic64_set(&msk->rcv_wnd_edge, msk->ack_seq + tcp_sk(ssk)->rcv_wnd);
	spin_unlock_bh(&msk->rx_lock);
}

/**
 * mptcp_rx_wnd_advertised - a subflow offered the window up to @edge
 * @msk: the connection
 * @edge: the Data ACK it sent plus the receive window beside it
 *
 * Any subflow, under its own lock only: a lockless max, so that the edge
 * never moves back however the subflows' segments interleave.
 */
void mptcp_rx_wnd_advertised(struct mptcp_sock *msk, u64 edge)
{
	u64 cur = atomic64_read(&msk->rcv_wnd_edge);

	while (dsn_before(cur, edge)) {
		u64 seen = atomic64_cmpxchg(&msk->rcv_wnd_edge, cur, edge);

		if (seen == cur)
			break;
		cur = seen;
	}
}

static void mptcp_rfree(struct sk_buff *skb)
{
	atomic_sub(skb->truesize, &skb->sk->sk_rmem_alloc);
}

static u32 rx_len(const struct sk_buff *skb)
{
	return MPTCP_SKB_CB(skb)->end - MPTCP_SKB_CB(skb)->offset;
}

/* --- reassembly (rx_lock held) ------------------------------------------------ */

static void rx_append(struct mptcp_sock *msk, struct sk_buff *skb)
{
	__skb_queue_tail(&msk->rx_queue, skb);
	WRITE_ONCE(msk->ack_seq, msk->ack_seq + rx_len(skb));
	WRITE_ONCE(msk->last_data_recv, tcp_jiffies32);
}

/* In order, possibly overlapping what we have: keep only new bytes. */
static bool rx_trim_to_ack(struct mptcp_sock *msk, struct sk_buff *skb)
{
	struct mptcp_skb_cb *cb = MPTCP_SKB_CB(skb);
	u64 end = cb->dsn + rx_len(skb);
	u32 delta;

	if (!dsn_before(msk->ack_seq, end))
		return false;		/* nothing new */
	delta = msk->ack_seq - cb->dsn;
	cb->dsn += delta;
	cb->offset += delta;
	return true;
}

static void rx_ofo_insert(struct mptcp_sock *msk, struct sk_buff *skb)
{
	struct rb_node **p = &msk->rx_ofo.rb_node, *parent = NULL;
	u64 dsn = MPTCP_SKB_CB(skb)->dsn;

	while (*p) {
		struct sk_buff *cur = rb_to_skb(*p);
		u64 cdsn = MPTCP_SKB_CB(cur)->dsn;

		parent = *p;
		if (dsn == cdsn && rx_len(skb) <= rx_len(cur)) {
			/* Same start, no longer: a duplicate. */
			__mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_DUP_DATA);
			kfree_skb(skb);
			return;
		}
		p = dsn_before(dsn, cdsn) ? &(*p)->rb_left : &(*p)->rb_right;
	}
	rb_link_node(&skb->rbnode, parent, p);
	rb_insert_color(&skb->rbnode, &msk->rx_ofo);
	WRITE_ONCE(msk->rx_ofo_mem, msk->rx_ofo_mem + skb->truesize);
	__mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_OFO_QUEUE);
}

static void rx_ofo_drain(struct mptcp_sock *msk)
{
	struct rb_node *n;

	while ((n = rb_first(&msk->rx_ofo))) {
		struct sk_buff *skb = rb_to_skb(n);

		if (dsn_before(msk->ack_seq, MPTCP_SKB_CB(skb)->dsn))
			break;
		rb_erase(n, &msk->rx_ofo);
		WRITE_ONCE(msk->rx_ofo_mem, msk->rx_ofo_mem - skb->truesize);
		if (rx_trim_to_ack(msk, skb))
			rx_append(msk, skb);
		else
			kfree_skb(skb);
	}
}

/* @skb's bytes [offset, end) carry DSN @dsn on. */
static void rx_deliver(struct mptcp_sock *msk, struct sk_buff *skb, u64 dsn,
		       u32 offset, u32 end)
{
	struct sock *sk = (struct sock *)msk;
	struct mptcp_skb_cb *cb = MPTCP_SKB_CB(skb);

	cb->dsn = dsn;
	cb->offset = offset;
	cb->end = end;
	skb->sk = sk;
	skb->destructor = mptcp_rfree;
	atomic_add(skb->truesize, &sk->sk_rmem_alloc);

	if (dsn == msk->ack_seq) {
		rx_append(msk, skb);
		rx_ofo_drain(msk);
	} else if (dsn_before(msk->ack_seq, dsn)) {
		/* Beyond any window we offered: no correct peer sends it,
		 * and it must not be Data ACKed (section 3.8), nor held.
		 */
		if (dsn_before(atomic64_read(&msk->rcv_wnd_edge), dsn + (end - offset))) {
			__mptcp_mib_inc(sock_net(sk), MPTCP_MIB_NO_DSS_WINDOW);
			kfree_skb(skb);
			return;
		}
		/* Out of order data is not charged to the window (see
		 * mptcp_space()), so it is bounded here: a peer keeps to the
		 * window we offered, and what it sends beyond comes again.
		 */
		if (msk->rx_ofo_mem + skb->truesize > 2 * READ_ONCE(sk->sk_rcvbuf)) {
			__mptcp_mib_inc(sock_net(sk), MPTCP_MIB_RCV_PRUNED);
			kfree_skb(skb);
			return;
		}
		rx_ofo_insert(msk, skb);
	} else if (rx_trim_to_ack(msk, skb)) {
		rx_append(msk, skb);
		rx_ofo_drain(msk);
	} else {
		__mptcp_mib_inc(sock_net(sk), MPTCP_MIB_DUP_DATA);
		kfree_skb(skb);
	}
}

/* The peer's DATA_FIN takes the DSN after its last byte; once every byte
 * before it is in, the stream has ended.
 */
static bool rx_check_fin(struct mptcp_sock *msk)
{
	if (!msk->rx_fin_pending || msk->rx_fin ||
	    msk->ack_seq != msk->rx_fin_seq)
		return false;
	WRITE_ONCE(msk->ack_seq, msk->ack_seq + 1);
	WRITE_ONCE(msk->rx_fin, true);
	return true;
}

/**
 * mptcp_rx_data_fin - the peer announced its DATA_FIN at @dsn
 * @sk: the msk
 * @dsn: the DATA_FIN's own data sequence number
 *
 * Softirq, the subflow that carried it locked.
 */
void mptcp_rx_data_fin(struct sock *sk, u64 dsn)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	bool fin;

	spin_lock_bh(&msk->rx_lock);
	if (!msk->rx_fin_pending) {
		msk->rx_fin_seq = dsn;
		msk->rx_fin_pending = true;
	}
	fin = rx_check_fin(msk);
	spin_unlock_bh(&msk->rx_lock);
	if (fin) {
		sk->sk_data_ready(sk);
		mptcp_defer(sk, MPTCP_DEFER_SUBFLOW);
	}
}

/* --- taking data off a subflow (subflow locked, rx_lock held) --------------------- */

/* Where the byte at @seq belongs: its DSN, and how many bytes from there the
 * current mapping covers.  A new mapping comes with the skb's extension.
 * Returns 0, or -EBADMSG when the peer broke the mapping rules.
 */
static int rx_map(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
		  struct sk_buff *skb, u32 seq, u32 avail, u64 *dsn, u32 *len)
{
	struct net *net = sock_net((struct sock *)msk);
	struct mptcp_ext *ext = mptcp_get_ext(skb);

	if (ext && ext->use_map) {
		u32 map_seq = ext->subflow_seq + sf->isn_remote;
		u32 map_len = ext->data_len - ext->data_fin;

		if (!ext->data_len) {
			/* Infinite mapping (section 3.7): everything from
			 * here on, in order.  It answers our MP_FAIL, which
			 * we send only while one subflow holds the whole
			 * stream; beside another subflow it would overlay
			 * that one's data: broken, as a changed mapping.
			 */
			__mptcp_mib_inc(net, MPTCP_MIB_INFINITE_MAP_RX);
			if (!mptcp_can_fall_back(msk))
				return -EBADMSG;
			map_len = U32_MAX;
		}
		if (sf->map_valid && !before(seq, sf->map_seq) &&
		    before(seq, sf->map_seq + sf->map_len)) {
			/* Section 3.3.1: a mapping must not change. */
			if (ext->data_seq != sf->map_dsn || map_seq != sf->map_seq ||
			    map_len != sf->map_len) {
				__mptcp_mib_inc(net, MPTCP_MIB_DSS_NO_MATCH);
				return -EBADMSG;
			}
		} else {
			/* Section 3.3: a checksum exactly when negotiated;
			 * else the subflow is reset, as for a bad mapping.
			 */
			if (unlikely(ext->csum_reqd != msk->csum)) {
				__mptcp_mib_inc(net, MPTCP_MIB_DATA_CSUM_ERR);
				return -EBADMSG;
			}
			sf->map_dsn = ext->data_seq;
			sf->map_seq = map_seq;
			sf->map_len = map_len;
			sf->map_valid = true;
			/* section 3.3.1: checked before any of it is taken */
			sf->map_data_len = ext->data_len;
			sf->map_csum = ext->csum;
			sf->map_has_csum = ext->csum_reqd;
			sf->map_csum_ok = !msk->csum || !ext->data_len;
		}
	}

	if (!sf->map_valid || before(seq, sf->map_seq) ||
	    !before(seq, sf->map_seq + sf->map_len)) {
		/* Data no mapping covers (section 3.3.1). */
		__mptcp_mib_inc(net, MPTCP_MIB_NO_DSS_WINDOW);
		return -EBADMSG;
	}

	*dsn = sf->map_dsn + (seq - sf->map_seq);
	*len = min_t(u32, avail, sf->map_seq + sf->map_len - seq);
	if (seq + *len == sf->map_seq + sf->map_len)
		sf->map_valid = false;	/* used up: the next one comes */
	return 0;
}

/**
 * mptcp_rx_pull - move what @ssk received to the msk
 * @sk: the msk
 * @ssk: the subflow, locked (TCP's softirq, or lock_sock())
 *
 * Takes everything, whatever the msk's memory: what a subflow holds is
 * already in memory, and leaving it there could hold back the one segment
 * the reader waits for behind data that is out of order at the connection
 * level (a path failed with the hole on it).  Memory stays bounded by the
 * window every subflow advertises from the msk's free space (mptcp_space).
 */
void mptcp_rx_pull(struct sock *sk, struct sock *ssk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct tcp_sock *tp = tcp_sk(ssk);
	bool moved = false, eof = false, fin, mp_fail = false;
	u8 reason = MPTCP_RST_EMPTCP;
	int err = 0;

	spin_lock_bh(&msk->rx_lock);
	for (;;) {
		struct sk_buff *skb = skb_peek(&ssk->sk_receive_queue);
		u32 seq = tp->copied_seq, offset, avail, len;
		u64 dsn;

		/* Our MP_FAIL awaits its answer, or the peer's key (and with
		 * it its DSNs) is still to come: nothing is taken meanwhile.
		 */
		if (!skb || unlikely(READ_ONCE(msk->fail_wait) || READ_ONCE(msk->rkey_pending)))
			break;
		offset = seq - TCP_SKB_CB(skb)->seq;
		if (offset >= skb->len) {
			/* Consumed; only the subflow's FIN may be left. */
			if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN) {
				WRITE_ONCE(tp->copied_seq, seq + 1);
				eof = true;
			}
			__skb_unlink(skb, &ssk->sk_receive_queue);
			consume_skb(skb);
			continue;
		}

		avail = skb->len - offset;
		if (msk->fallback) {
			dsn = msk->ack_seq;
			len = avail;
		} else {
			err = rx_map(msk, sf, skb, seq, avail, &dsn, &len);
			if (err)
				break;
			if (unlikely(!sf->map_csum_ok)) {
				int v = mptcp_rx_csum_check(sf, ssk, skb, offset, seq);

				if (v == MPTCP_CSUM_WAIT) {
					/* read from this skb's DSS again then */
					sf->map_valid = false;
					break;
				}
				if (v == MPTCP_CSUM_BAD) {
					mp_fail = true;
					sf->map_valid = false;
					if (mptcp_rx_csum_failed(msk, sf))
						break;	/* until the peer answers */
					reason = MPTCP_RST_EMIDDLEBOX;
					err = -EBADMSG;
					break;
				}
			}
		}

		if (len == avail) {
			/* TCP may have merged the FIN into this skb; rx_deliver()
			 * reuses the control block, so look first.
			 */
			if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN) {
				eof = true;
				len++;
			}
			__skb_unlink(skb, &ssk->sk_receive_queue);
			skb_orphan(skb);
			skb_dst_drop(skb);
			rx_deliver(msk, skb, dsn, offset, skb->len);
		} else {
			struct sk_buff *part = skb_clone(skb, GFP_ATOMIC);

			if (!part)
				break;
			rx_deliver(msk, part, dsn, offset, offset + len);
		}
		WRITE_ONCE(tp->copied_seq, seq + len);
		moved = true;
	}

	/* A subflow FIN ends the stream after a fallback; otherwise only a
	 * DATA_FIN does, or the FINs of every subflow (mptcp_check_state()).
	 */
	if (eof && msk->fallback && !msk->rx_fin_pending) {
		msk->rx_fin_seq = msk->ack_seq;
		msk->rx_fin_pending = true;
	}
	if (eof)
		WRITE_ONCE(sf->rx_eof, true);
	fin = rx_check_fin(msk);
	spin_unlock_bh(&msk->rx_lock);

	if (err) {
		/* The peer broke the protocol on this subflow: reset it
		 * (section 3.3.1); the msk notices through its state.
		 */
		struct sk_buff *skb;

		/* Nothing here can be taken any more; the state change
		 * tcp_done() triggers must not find it again.
		 */
		while ((skb = skb_peek(&ssk->sk_receive_queue)))
			sk_eat_skb(ssk, skb);
		if (ssk->sk_state == TCP_CLOSE)
			return;
		WRITE_ONCE(ssk->sk_err, EPROTO);
		sf->reset_reason = reason;
		tcp_send_active_reset(ssk, reason == MPTCP_RST_EMIDDLEBOX ?
					   SK_RST_REASON_MPTCP_RST_EMIDDLEBOX :
					   SK_RST_REASON_MPTCP_RST_EMPTCP);
		tcp_done(ssk);
		return;
	}
	if (mp_fail)		/* say so now, not with the next data */
		tcp_send_ack(ssk);
	if (moved) {
		tcp_rcv_space_adjust(ssk);
		if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK) &&
		    READ_ONCE(ssk->sk_rcvbuf) > READ_ONCE(sk->sk_rcvbuf))
			WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(ssk->sk_rcvbuf));
	}
	if (moved || fin)
		sk->sk_data_ready(sk);
	if (fin || eof)
		mptcp_defer(sk, MPTCP_DEFER_SUBFLOW);
}

/**
 * mptcp_rx_syn_data - hand the application what a Fast Open SYN carried
 * @sk: the msk just made from that SYN
 * @ssk: its first subflow, locked, whose receive queue TCP put it on
 *
 * SYN data has no DSN (RFC 8684 leaves it out of the data sequence
 * space; upstream's client sends no mapping for it): it goes to the
 * reader first, ahead of DSN 1, and the peer's subflow sequence numbers
 * count from after it, as the client's own do (fastopen.c).
 */
void mptcp_rx_syn_data(struct sock *sk, struct sock *ssk)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct sk_buff *skb = skb_peek(&ssk->sk_receive_queue);
	struct mptcp_skb_cb *cb;

	if (!skb)		/* a valid cookie, but no data */
		return;
	__skb_unlink(skb, &ssk->sk_receive_queue);
	WRITE_ONCE(tcp_sk(ssk)->copied_seq, tcp_sk(ssk)->copied_seq + skb->len);
	sf->isn_remote += skb->len;
	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
		WRITE_ONCE(sf->rx_eof, true);
	skb_orphan(skb);
	skb_dst_drop(skb);
	skb_ext_reset(skb);

	cb = MPTCP_SKB_CB(skb);
	cb->dsn = 0;		/* outside the DSN space: never compared */
	cb->offset = 0;
	cb->end = skb->len;
	skb->sk = sk;
	skb->destructor = mptcp_rfree;
	atomic_add(skb->truesize, &sk->sk_rmem_alloc);

	spin_lock_bh(&msk->rx_lock);
	__skb_queue_tail(&msk->rx_queue, skb);
	WRITE_ONCE(msk->last_data_recv, tcp_jiffies32);
	spin_unlock_bh(&msk->rx_lock);
	sk->sk_data_ready(sk);
}

/* No subflow can bring more data and no DATA_FIN came: the stream ends
 * where it is (the peer closed every subflow without one).  msk locked;
 * the caller, mptcp_check_state(), moves the state on.
 */
void mptcp_rx_eof(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	bool fin;

	spin_lock_bh(&msk->rx_lock);
	if (!msk->rx_fin_pending) {
		msk->rx_fin_seq = msk->ack_seq;
		msk->rx_fin_pending = true;
	}
	fin = rx_check_fin(msk);
	spin_unlock_bh(&msk->rx_lock);
	if (fin)
		sk->sk_data_ready(sk);
}

void mptcp_rx_purge(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct sk_buff_head list;

	__skb_queue_head_init(&list);
	spin_lock_bh(&msk->rx_lock);
	skb_queue_splice_init(&msk->rx_queue, &list);
	skb_rbtree_purge(&msk->rx_ofo);
	WRITE_ONCE(msk->rx_ofo_mem, 0);
	spin_unlock_bh(&msk->rx_lock);
	__skb_queue_purge(&list);
	__skb_queue_purge(&sk->sk_receive_queue);
}

/* --- recvmsg (msk locked) ---------------------------------------------------------------- */

/* Bring what arrived into the reader's queue; pull from subflows whose
 * data waited for room.  True when something new came: what is already
 * there may have been read with MSG_PEEK (the reader would spin on it).
 */
static bool rx_refill(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;
	u64 before;
	bool more;

	mptcp_for_each_subflow(msk, sf) {
		struct sock *ssk = sf->tcp_sock;

		if (sf->listener || skb_queue_empty_lockless(&ssk->sk_receive_queue))
			continue;
		lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
		before = READ_ONCE(msk->ack_seq);
		mptcp_rx_pull(sk, ssk);
		/* TCP acknowledged this data when it arrived, but our Data
		 * ACK moves only now: tell the peer, whose connection-level
		 * window may be waiting on exactly this (section 3.3.2).
		 */
		if (READ_ONCE(msk->ack_seq) != before &&
		    ssk->sk_state != TCP_CLOSE)
			tcp_send_ack(ssk);
		release_sock(ssk);
	}

	spin_lock_bh(&msk->rx_lock);
	more = !skb_queue_empty(&msk->rx_queue);
	skb_queue_splice_tail_init(&msk->rx_queue, &sk->sk_receive_queue);
	spin_unlock_bh(&msk->rx_lock);
	return more;
}

static bool rx_ready(struct sock *sk)
{
	return !skb_queue_empty_lockless(&mptcp_sk(sk)->rx_queue) ||
	       READ_ONCE(mptcp_sk(sk)->rx_fin) || READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

/* Copy from the reader's queue; with MSG_PEEK, from @*peeked bytes in.
 * The receive timestamps of the last segment read go into @tss, as TCP
 * does (the subflow stamped it; SO_TIMESTAMP* reach subflows).
 */
static int rx_copy(struct sock *sk, struct msghdr *msg, size_t len, int flags,
		   size_t *peeked, struct scm_timestamping_internal *tss,
		   bool *stamped)
{
	struct sk_buff *skb, *tmp;
	size_t skip = *peeked;
	int copied = 0;

	skb_queue_walk_safe(&sk->sk_receive_queue, skb, tmp) {
		struct mptcp_skb_cb *cb = MPTCP_SKB_CB(skb);
		u32 avail = rx_len(skb), n;
		int err;

		if (skip >= avail) {
			skip -= avail;
			continue;
		}
		n = min_t(size_t, avail - skip, len - copied);
		err = skb_copy_datagram_msg(skb, cb->offset + skip, msg, n);
		if (err)
			return copied ? : err;
		if (skb->tstamp || skb_hwtstamps(skb)->hwtstamp) {
			tcp_update_recv_tstamps(skb, tss);
			*stamped = true;
		}
		copied += n;
		if (flags & MSG_PEEK) {
			*peeked += n;
		} else {
			cb->offset += n;
			cb->dsn += n;
			if (cb->offset == cb->end) {
				__skb_unlink(skb, &sk->sk_receive_queue);
				consume_skb(skb);
			}
		}
		skip = 0;
		if (copied == len)
			break;
	}
	return copied;
}

/* The longest round trip among the subflows, in us, as the receiver
 * measures it (or the handshake's, before data came); that subflow in
 * @slowest.
 */
static u32 rx_slowest_rtt_us(struct mptcp_sock *msk, struct sock **slowest)
{
	struct mptcp_subflow_context *sf;
	u32 rtt = 0, r;

	*slowest = NULL;
	mptcp_for_each_subflow(msk, sf) {
		const struct tcp_sock *tp = tcp_sk(sf->tcp_sock);

		if (sf->listener)
			continue;
		r = (READ_ONCE(tp->rcv_rtt_est.rtt_us) ? : READ_ONCE(tp->srtt_us)) >> 3;
		if (!*slowest || r > rtt) {
			rtt = r;
			*slowest = sf->tcp_sock;
		}
	}
	return rtt;
}

/* Receive buffer autotuning for the connection: TCP's dynamic right
 * sizing, one level up.  Each subflow's own tuning sees only its share of
 * the data, and the connection's buffer used to follow the largest of
 * them: on N paths about 1/N of what the aggregate rate needs for a round
 * trip of the slowest path, so the connection-level window capped the
 * transfer (8 paths of 2.5 Mbit/s gave 8 Mbit/s).  Once per round trip of
 * the slowest subflow -- the window must outlast it, or the data that
 * path carries holds up everything queued behind it -- what the
 * application read in that round, doubled, and more while the rate still
 * grows (the sender's windows open meanwhile), becomes the buffer.
 * Returns it when it grew, else 0.  msk locked.
 */
static int rx_autotune(struct sock *sk)
{
	const struct net *net = sock_net(sk);
	struct mptcp_sock *msk = mptcp_sk(sk);
	u64 now = tcp_clock_us(), copied, win;
	u32 prev = msk->rx_tune_space, rtt;
	struct sock *ssk;
	int rcvbuf;

	if (!msk->rx_tune_stamp)
		goto new_round;
	rtt = rx_slowest_rtt_us(msk, &ssk);
	if (!rtt || now - msk->rx_tune_stamp < rtt)
		return 0;
	/* bounded so that the growth term below stays within 64 bits */
	copied = min_t(u64, msk->rx_copied - msk->rx_tune_seq, SZ_1G);
	if (copied <= prev)
		goto new_round;
	msk->rx_tune_space = min_t(u64, copied, U32_MAX);
	if ((sk->sk_userlocks & SOCK_RCVBUF_LOCK) ||
	    !READ_ONCE(net->ipv4.sysctl_tcp_moderate_rcvbuf))
		goto new_round;

	win = 2 * copied;
	if (prev)
		win += div_u64(2 * win * (copied - prev), prev);
	win = min_t(u64, win, INT_MAX / 2);
	rcvbuf = min(tcp_space_from_win(ssk, win),
		     READ_ONCE(net->ipv4.sysctl_tcp_rmem[2]));
	msk->rx_tune_seq = msk->rx_copied;
	msk->rx_tune_stamp = now;
	if (rcvbuf <= READ_ONCE(sk->sk_rcvbuf))
		return 0;
	WRITE_ONCE(sk->sk_rcvbuf, rcvbuf);
	return rcvbuf;

new_round:
	msk->rx_tune_seq = msk->rx_copied;
	msk->rx_tune_stamp = now;
	return 0;
}

/* The application made room: let subflows advertise it, each with the
 * connection's buffer (@rcvbuf, if it grew) as its own, so that its
 * window clamp and receive threshold do not cap what the msk offers.
 */
static void rx_window_update(struct sock *sk, int copied, int rcvbuf)
{
	struct mptcp_subflow_context *sf;

	mptcp_for_each_subflow(mptcp_sk(sk), sf) {
		struct sock *ssk = sf->tcp_sock;

		if (sf->listener || sf->closing)
			continue;
		lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
		if (rcvbuf > ssk->sk_rcvbuf) {
			WRITE_ONCE(ssk->sk_rcvbuf, rcvbuf);
			WRITE_ONCE(tcp_sk(ssk)->window_clamp,
				   tcp_win_from_space(ssk, rcvbuf));
		}
		if (ssk->sk_state != TCP_CLOSE)
			tcp_cleanup_rbuf(ssk, copied);
		release_sock(ssk);
	}
}

/**
 * mptcp_inq - bytes the application can read now, for TCP_INQ and SIOCINQ
 * @sk: the msk, locked
 *
 * As TCP counts: from the first unread byte to what arrived in order
 * (the peer's DATA_FIN included), and 1 at the end of the stream, so
 * that a reader waiting for 0 does not miss the close.
 */
int mptcp_inq(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct sk_buff *skb;
	u64 from, n;

	skb = skb_peek(&sk->sk_receive_queue);
	spin_lock_bh(&msk->rx_lock);
	if (!skb)
		skb = skb_peek(&msk->rx_queue);
	from = skb ? MPTCP_SKB_CB(skb)->dsn : 0;
	n = skb ? msk->ack_seq - from : 0;
	spin_unlock_bh(&msk->rx_lock);
	if (skb)
		return min_t(u64, n, INT_MAX);
	return sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN) ||
	       READ_ONCE(msk->rx_fin);
}

int mptcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
		  int flags, int *addr_len)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct scm_timestamping_internal tss;
	bool stamped = false;
	size_t peeked = 0;
	int copied = 0, target;
	long timeo;

	if (flags & (MSG_OOB | MSG_ERRQUEUE))
		return -EOPNOTSUPP;

	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN) {
		copied = -ENOTCONN;
		goto out;
	}
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);

	while (copied < len) {
		DEFINE_WAIT_FUNC(wait, woken_wake_function);
		int n;

		n = rx_copy(sk, msg, len - copied, flags, &peeked, &tss, &stamped);
		if (n < 0) {
			if (!copied)
				copied = n;
			break;
		}
		copied += n;
		if (copied >= len)
			break;
		if (rx_refill(sk))
			continue;
		if (copied >= target)
			break;

		/* The peer's DATA_FIN: the stream is complete, whatever came
		 * after it.  Otherwise an error comes before the shutdown a
		 * failure also sets: a reader must never take a connection
		 * reset (MP_FASTCLOSE, every subflow lost) for the end of the
		 * stream -- it would accept a truncated one as whole.
		 */
		if (READ_ONCE(msk->rx_fin))
			break;
		if (sk->sk_err) {
			copied = copied ? : sock_error(sk);
			break;
		}
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			break;
		if (sk->sk_state == TCP_CLOSE) {
			copied = copied ? : -ENOTCONN;
			break;
		}
		if (!timeo) {
			copied = copied ? : -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			copied = copied ? : sock_intr_errno(timeo);
			break;
		}

		add_wait_queue(sk_sleep(sk), &wait);
		sk_wait_event(sk, &timeo, rx_ready(sk), &wait);
		remove_wait_queue(sk_sleep(sk), &wait);
	}

	if (copied > 0 && !(flags & MSG_PEEK)) {
		msk->rx_copied += copied;
		rx_window_update(sk, copied, rx_autotune(sk));
	}
	if (stamped)
		tcp_recv_timestamp(msg, sk, &tss);
	if (msk->recv_inq && copied >= 0) {
		int inq = mptcp_inq(sk);

		put_cmsg(msg, SOL_TCP, TCP_CM_INQ, sizeof(inq), &inq);
	}
out:
	release_sock(sk);
	return copied;
}
