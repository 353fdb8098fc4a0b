// SPDX-License-Identifier: GPL-2.0
/*
 * DSS checksums (RFC 8684 section 3.3.1), and what a middlebox that breaks
 * the connection level leads to (section 3.7): one that changes payload
 * (a checksum fails) or strips our options.  With one subflow that has
 * always carried the stream in order, the connection goes on as plain
 * TCP (after a failed checksum: from the failed mapping, MP_FAIL answered
 * by an infinite mapping); otherwise that subflow is reset and what it
 * carried is sent again on the others.
 */
#include <net/tcp.h>
#include <net/checksum.h>

#include "mib.h"
#include "protocol.h"

/**
 * mptcp_dss_csum - the DSS checksum of a mapping
 * @dsn: its 64-bit data sequence number
 * @ssn: its subflow sequence number, relative to the ISN
 * @len: its data-level length as in the option (a DATA_FIN counts)
 * @sum: the sum of its payload; to check a received mapping, plus the
 *	 checksum it came with, which makes the result 0
 *
 * The ones' complement of the ones' complement sum of a pseudo-header
 * (the DSN in 64 bits, the SSN, the length, a zero checksum) and the
 * payload.
 */
__sum16 mptcp_dss_csum(u64 dsn, u32 ssn, u16 len, __wsum sum)
{
	struct {
		__be64	dsn;
		__be32	ssn;
		__be16	len;
		__sum16	zero;
	} __packed hdr = {
		.dsn	= cpu_to_be64(dsn),
		.ssn	= cpu_to_be32(ssn),
		.len	= cpu_to_be16(len),
	};

	return csum_fold(csum_partial(&hdr, sizeof(hdr), sum));
}

/**
 * mptcp_csum_grow - account for @added bytes appended to @skb's mapping
 * @ext: the mapping, before its length grows
 * @skb: the skb that starts with the mapping, @added bytes longer now
 * @added: how many
 *
 * The mapping keeps the folded sum of its payload in @ext->csum while it
 * grows; options.c adds the pseudo-header when it writes the DSS.
 */
void mptcp_csum_grow(struct mptcp_ext *ext, const struct sk_buff *skb, u32 added)
{
	int offset = skb->len - added;
	__wsum sum;

	/* an odd offset swaps the bytes of what is added */
	sum = csum_block_add(csum_unfold(ext->csum),
			     skb_checksum(skb, offset, added, 0), ext->data_len);
	ext->csum = (__force __sum16)~csum_fold(sum);
}

/**
 * mptcp_rx_csum_check - verify the mapping that starts at @seq
 * @sf: the subflow; its mapping was just taken from the DSS
 * @ssk: the subflow's socket, locked
 * @skb: where @seq is, in @ssk's receive queue
 * @offset: @seq's offset in @skb
 * @seq: the subflow sequence number of the next byte to take
 *
 * Nothing of a mapping reaches the msk before all of it has arrived and
 * its checksum matched.  Returns MPTCP_CSUM_OK, MPTCP_CSUM_WAIT (the rest
 * is not here yet), or MPTCP_CSUM_BAD (counted).
 */
int mptcp_rx_csum_check(struct mptcp_subflow_context *sf, struct sock *ssk,
			struct sk_buff *skb, u32 offset, u32 seq)
{
	u32 want = sf->map_len, done = 0;
	__wsum sum = 0;

	if (!sf->map_has_csum || seq != sf->map_seq)
		goto bad;	/* none sent, or checks would start mid-mapping */
	if (before(tcp_sk(ssk)->rcv_nxt, sf->map_seq + want))
		goto wait;

	skb_queue_walk_from(&ssk->sk_receive_queue, skb) {
		u32 n = min_t(u32, skb->len - offset, want - done);

		sum = csum_block_add(sum, skb_checksum(skb, offset, n, 0), done);
		done += n;
		offset = 0;
		if (done == want)
			break;
	}
	if (done < want)
		goto wait;
	sum = csum_add(sum, csum_unfold(sf->map_csum));
	if (!mptcp_dss_csum(sf->map_dsn, sf->map_seq - sf->isn_remote,
			    sf->map_data_len, sum)) {
		sf->map_csum_ok = true;
		return MPTCP_CSUM_OK;
	}
	goto bad;

wait:
	/* a mapping cut short by the peer's FIN or a reset never completes */
	if (!(READ_ONCE(ssk->sk_shutdown) & RCV_SHUTDOWN))
		return MPTCP_CSUM_WAIT;
bad:
	__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_DATA_CSUM_ERR);
	return MPTCP_CSUM_BAD;
}

/* Section 3.7: going on as plain TCP is safe only while a single subflow
 * has ever carried the stream (no other one may hold a piece of it), no
 * copy of data is in flight on it (the peer would read the copy as new
 * data; a copy the peer acknowledged by DSN is harmless), and, for a failed
 * checksum, the failed mapping is the next data the reader waits for.
 */
bool mptcp_can_fall_back(const struct mptcp_sock *msk)
{
	return msk->subflow_ids == 1 && list_is_singular(&msk->subflows) &&
	       !READ_ONCE(msk->reinjected);
}

/**
 * mptcp_mark_reinjected - data just went out again on @ssk
 * @msk: the connection
 * @ssk: the subflow, locked, that took the copy
 */
void mptcp_mark_reinjected(struct mptcp_sock *msk, struct sock *ssk)
{
	WRITE_ONCE(msk->reinject_end, tcp_sk(ssk)->write_seq);
	WRITE_ONCE(msk->reinjected, true);
}

/**
 * mptcp_reinjection_acked - a Data ACK came on @ssk
 * @msk: the connection
 * @ssk: the subflow, locked (as when the copy went out, so the two are
 *	 ordered)
 *
 * A peer that sends a Data ACK still reads our mappings, so whatever its
 * TCP acknowledged by then went by DSN, and the duplicates were dropped.
 * Once that covers the last copy, the byte stream ahead is in DSN order
 * again: should a middlebox start stripping options now, the peer can
 * read it as plain TCP.  Without this, one zero-window probe (which
 * resends a byte) would rule out fallback for the connection's life;
 * upstream never rules it out for a probe, and risks reading the probe's
 * byte twice.
 */
void mptcp_reinjection_acked(struct mptcp_sock *msk, struct sock *ssk)
{
	if (unlikely(READ_ONCE(msk->reinjected)) && msk->subflow_ids == 1 &&
	    !before(tcp_sk(ssk)->snd_una, READ_ONCE(msk->reinject_end)))
		WRITE_ONCE(msk->reinjected, false);
}

/**
 * mptcp_rx_csum_failed - a mapping failed its checksum on @sf
 * @msk: rx_lock held
 * @sf: the subflow, locked
 *
 * Either way the peer hears of it with an MP_FAIL naming the mapping.
 * Returns true when the connection can fall back: nothing more is taken
 * from @sf until the peer answers with its own MP_FAIL (then the failed
 * mapping's bytes are the stream from here, as plain TCP delivers them)
 * or the answer is overdue (then the subflow is reset); false when the
 * subflow must be reset at once.
 */
bool mptcp_rx_csum_failed(struct mptcp_sock *msk, struct mptcp_subflow_context *sf)
{
	sf->fail_seq = sf->map_dsn;
	WRITE_ONCE(sf->send_mp_fail, true);
	if (!mptcp_can_fall_back(msk) || sf->map_dsn != msk->ack_seq) {
		__mptcp_mib_inc(sock_net(sf->tcp_sock), MPTCP_MIB_DSS_CORRUPT_RESET);
		return false;
	}
	if (!READ_ONCE(msk->fail_wait)) {
		WRITE_ONCE(msk->fail_wait, true);
		mptcp_fail_timer_arm(msk, sf->tcp_sock);
	}
	return true;
}

/* Our MP_FAIL went unanswered: the subflow is reset, and the connection
 * ends with it.  msk locked.
 */
void mptcp_fail_timeout(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;

	WRITE_ONCE(msk->fail_wait, false);
	__mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_DSS_CORRUPT_RESET);
	mptcp_for_each_subflow(msk, sf)
		mptcp_subflow_reset(sf, MPTCP_RST_EMIDDLEBOX);
	mptcp_defer((struct sock *)msk, MPTCP_DEFER_SUBFLOW);
}

/**
 * mptcp_fallback_stripped - a segment came without any MPTCP option
 * @msk: the connection
 * @sf: its subflow, locked
 *
 * On the only subflow that ever carried the stream, TCP delivers it in
 * order: the connection goes on as plain TCP, whatever the segment held
 * taken at the next DSN.  Otherwise nothing changes here, and data no
 * mapping covers resets the subflow (recv.c).
 */
void mptcp_fallback_stripped(struct mptcp_sock *msk, struct mptcp_subflow_context *sf)
{
	if (!mptcp_can_fall_back(msk))
		return;
	WRITE_ONCE(msk->fallback, true);
	__mptcp_mib_inc(sock_net(sf->tcp_sock), MPTCP_MIB_DSS_FALLBACK);
}

/**
 * mptcp_fail_rx - the peer sent an MP_FAIL
 * @msk: the connection
 * @sf: the subflow it came on, locked
 * @seq: the DSN it names
 * @rst: it came with a reset (the peer gives that subflow up)
 *
 * The answer to ours: the stream goes on as plain TCP from the failed
 * mapping, which @sf delivers now.  Otherwise our data failed the peer's
 * checksum.  With a single subflow we fall back to plain TCP at once: our
 * MP_FAIL answers, and the next data segment carries the infinite mapping
 * that tells where the stream goes on.  When we cannot fall back we say
 * nothing, and the peer resets the subflow once its wait is over, as
 * upstream does.  One on a reset only counts.
 */
void mptcp_fail_rx(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
		   u64 seq, bool rst)
{
	struct sock *ssk = sf->tcp_sock;

	__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_MP_FAIL_RX);
	if (rst || READ_ONCE(msk->fallback))
		return;
	if (READ_ONCE(msk->fail_wait)) {
		WRITE_ONCE(msk->fallback, true);
		WRITE_ONCE(msk->fail_wait, false);
		__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_DSS_CORRUPT_FALLBACK);
		mptcp_rx_pull(sf->msk, ssk);
		return;
	}
	if (!mptcp_can_fall_back(msk))
		return;
	sf->fail_seq = seq;
	WRITE_ONCE(sf->send_mp_fail, true);
	WRITE_ONCE(msk->infinite_map_pending, true);
	WRITE_ONCE(msk->infinite_map, true);
	WRITE_ONCE(msk->fallback, true);
	tcp_send_ack(ssk);
}
