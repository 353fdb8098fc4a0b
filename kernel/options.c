// SPDX-License-Identifier: GPL-2.0
/*
 * MPTCP options (RFC 8684 section 3): reading them off incoming segments,
 * choosing which to send on each outgoing one, and writing them.
 *
 * The TCP core asks for our options once per segment it builds (and once
 * with skb == NULL to size the MSS) and hands every incoming segment of a
 * subflow to mptcp_incoming_options() before queueing it.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <crypto/sha2.h>
#include <linux/unaligned.h>
#include <net/mptcp.h>
#include <net/tcp.h>

#include "mib.h"
#include "protocol.h"

/* --- parsing -------------------------------------------------------------- */

/**
 * mptcp_parse_options - collect the MPTCP options of a segment
 * @skb: a TCP segment with its transport header set
 * @rx: filled in; rx->bad flags a malformed MPTCP option
 *
 * Pure: no socket state is read or written (wire.c does the work).
 */
void mptcp_parse_options(const struct sk_buff *skb, struct mptcp_rx_opts *rx)
{
	const struct tcphdr *th = tcp_hdr(skb);

	mptcp_parse_opt_bytes((const u8 *)(th + 1), th->doff * 4 - sizeof(*th), rx);
}

/* --- choosing what to send -------------------------------------------------- */

static bool allow_join_id0(const struct net *net)
{
	return READ_ONCE(mptcp_pernet(net)->allow_join_initial_addr_port);
}

bool mptcp_syn_options(struct sock *ssk, const struct sk_buff *skb,
		       unsigned int *size, struct mptcp_out_options *opts)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);

	if (!sf || !(sf->mpc || sf->join))
		return false;

	/* Subflow sequence numbers in mappings count from the ISN. */
	sf->isn_local = TCP_SKB_CB(skb)->seq;
	if (sf->join) {
		struct mptcp_sock *msk = mptcp_sk(sf->msk);

		opts->suboptions = OPT_MPJ_SYN;
		opts->join_id = sf->local_id;
		opts->backup = sf->request_bkup;
		opts->token = msk->remote_token;
		opts->nonce = sf->local_nonce;
		*size = MPJ_LEN_SYN;
		return true;
	}
	opts->suboptions = OPT_MPC_SYN;
	opts->csum_reqd = mptcp_sk(sf->msk)->csum;
	opts->allow_join_id0 = allow_join_id0(sock_net(ssk));
	*size = MPC_LEN_SYN;
	return true;
}

bool mptcp_synack_options(const struct request_sock *req, unsigned int *size,
			  struct mptcp_out_options *opts)
{
	const struct mptcp_request_sock *mreq = mptcp_rsk(req);

	if (mreq->join) {
		struct mptcp_sock *msk = mreq->msk;
		u8 hmac[SHA256_DIGEST_SIZE];

		/* Key-B + Key-A, R-B + R-A: we are B (section 3.2). */
		mptcp_join_hmac(msk->local_key, msk->remote_key,
				mreq->local_nonce, mreq->remote_nonce, hmac);
		opts->suboptions = OPT_MPJ_SYNACK;
		opts->join_id = mreq->local_id;
		opts->backup = mreq->local_backup;	/* our endpoint's flag */
		opts->thmac = get_unaligned_be64(hmac);
		opts->nonce = mreq->local_nonce;
		*size = MPJ_LEN_SYNACK;
		return true;
	}
	if (!mreq->mpc)
		return false;

	opts->suboptions = OPT_MPC_SYNACK;
	opts->sndr_key = mreq->local_key;
	opts->csum_reqd = mreq->csum;
	opts->allow_join_id0 = allow_join_id0(read_pnet(&inet_rsk(req)->ireq_net));
	*size = MPC_LEN_SYNACK;
	return true;
}

static void dss_add_ack(struct mptcp_sock *msk, struct mptcp_out_options *opts,
			unsigned int *size)
{
	opts->suboptions |= OPT_DSS_ACK;
	opts->ext_copy.data_ack = mptcp_rx_ack_seq(msk);
	opts->ext_copy.ack64 = 1;
	opts->ext_copy.use_ack = 1;
	*size += 8;
}

/* Our DATA_FIN waits for its Data ACK: every data-less segment repeats
 * it, so a lost one costs no extra round trip.
 */
static bool data_fin_pending(const struct mptcp_sock *msk)
{
	u64 una = atomic64_read(&msk->snd_una);

	return READ_ONCE(msk->data_fin_sent) &&
	       !dsn_before(READ_ONCE(msk->write_seq), una);
}

/* The DSS for a segment: a Data ACK always, plus the segment's mapping; a
 * segment without data carries our DATA_FIN while it is unacknowledged, as
 * a mapping of its own with subflow sequence 0 and length 1 (section
 * 3.3.3), so it never depends on any one subflow's FIN.
 */
static bool dss_options(struct sock *ssk, struct mptcp_sock *msk,
			struct sk_buff *skb, unsigned int *size,
			struct mptcp_out_options *opts)
{
	const struct mptcp_ext *ext = skb ? mptcp_get_ext(skb) : NULL;

	*size = 4;
	opts->suboptions = 0;
	memset(&opts->ext_copy, 0, sizeof(opts->ext_copy));
	/* Accepted from a Fast Open SYN, we cannot name the client's DSNs
	 * before its key comes: mappings only (as upstream's server).
	 */
	if (likely(!READ_ONCE(msk->rkey_pending)))
		dss_add_ack(msk, opts, size);

	if (!skb) {
		/* Sizing the MSS: reserve room for a full mapping. */
		*size = DSS_LEN_MAX;
		return true;
	}

	if (ext && ext->use_map) {
		opts->ext_copy.data_seq = ext->data_seq;
		opts->ext_copy.subflow_seq = ext->subflow_seq;
		opts->ext_copy.data_len = ext->data_len;
		opts->ext_copy.csum = ext->csum;
		opts->ext_copy.use_map = 1;
		opts->ext_copy.dsn64 = 1;
	} else if (!skb->len && data_fin_pending(msk)) {
		opts->ext_copy.data_seq = READ_ONCE(msk->write_seq);
		opts->ext_copy.subflow_seq = 0;
		opts->ext_copy.data_len = 1;
		opts->ext_copy.use_map = 1;
		opts->ext_copy.dsn64 = 1;
		opts->ext_copy.data_fin = 1;
	}
	if (opts->ext_copy.use_map) {
		opts->suboptions |= OPT_DSS_MAP;
		opts->csum_reqd = msk->csum;
		/* DSN, SSN, length, and the checksum or two NOPs */
		*size += 8 + 4 + 2 + 2;
	}
	return opts->suboptions;
}

/* Our MP_FAIL, when one is due and fits (section 3.7): on a reset, or on
 * a pure ACK beside a Data ACK at most.
 */
static void mp_fail_option(struct mptcp_subflow_context *sf, unsigned int *size,
			   unsigned int remaining, struct mptcp_out_options *opts)
{
	if (!READ_ONCE(sf->send_mp_fail) || *size + MPFAIL_LEN > remaining)
		return;
	opts->suboptions |= OPT_FAIL;
	opts->fail_seq = sf->fail_seq;
	*size += MPFAIL_LEN;
	WRITE_ONCE(sf->send_mp_fail, false);
	__mptcp_mib_inc(sock_net(sf->tcp_sock), MPTCP_MIB_MP_FAIL_TX);
}

static bool rst_options(struct mptcp_subflow_context *sf, struct mptcp_sock *msk,
			unsigned int *size, unsigned int remaining,
			struct mptcp_out_options *opts)
{
	struct net *net = sock_net(sf->tcp_sock);

	opts->suboptions = OPT_TCPRST;
	opts->reset_reason = sf->reset_reason;
	opts->reset_transient = 0;
	*size = MPRST_LEN;
	if (READ_ONCE(msk->fastclosing) && msk->remote_key) {
		opts->suboptions |= OPT_FASTCLOSE;
		opts->rcvr_key = msk->remote_key;
		*size += MPFC_LEN;
	}
	if (*size > remaining)
		return false;
	mp_fail_option(sf, size, remaining, opts);	/* a failed checksum's reset */
	__mptcp_mib_inc(net, MPTCP_MIB_RST_TX);
	return true;
}

/* After a fallback (section 3.7) a segment carries the protocol's last
 * words only: our MP_FAIL, and the infinite mapping, on the first data
 * segment after the peer's MP_FAIL, that says where the stream goes on.
 * TCP may send that segment again, cut differently: the MSS keeps room
 * for the mapping for good.
 */
static bool fallback_options(struct mptcp_subflow_context *sf, struct mptcp_sock *msk,
			     struct sk_buff *skb, unsigned int *size,
			     unsigned int remaining, struct mptcp_out_options *opts)
{
	const struct mptcp_ext *ext = skb ? mptcp_get_ext(skb) : NULL;

	*size = 0;
	opts->suboptions = 0;
	if (!skb) {
		if (!READ_ONCE(msk->infinite_map))
			return false;
		*size = DSS_LEN_MAX;
		return true;
	}
	if (ext && ext->infinite_map) {
		memset(&opts->ext_copy, 0, sizeof(opts->ext_copy));
		opts->ext_copy.data_seq = ext->data_seq;
		opts->ext_copy.subflow_seq = ext->subflow_seq;
		opts->ext_copy.use_map = 1;
		opts->ext_copy.dsn64 = 1;	/* data_len 0: infinite */
		opts->suboptions |= OPT_DSS_MAP;
		opts->csum_reqd = msk->csum;
		*size = 4 + 8 + 4 + 2 + (msk->csum ? 2 : 0);
	}
	if (!skb->len)
		mp_fail_option(sf, size, remaining, opts);
	*size = ALIGN(*size, 4);
	return opts->suboptions && *size <= remaining;
}

bool mptcp_established_options(struct sock *ssk, struct sk_buff *skb,
			       unsigned int *size, unsigned int remaining,
			       struct mptcp_out_options *opts)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	struct mptcp_sock *msk;
	const struct mptcp_ext *ext;

	if (!sf || !(sf->mpc || sf->join) || !sf->msk)
		return false;
	msk = mptcp_sk(sf->msk);

	/* A reset says why (MP_TCPRST), and aborts the whole connection
	 * when we abort it (MP_FASTCLOSE with the peer's key, the "R" form
	 * of section 3.5: every subflow is reset the same way).
	 */
	if (skb && (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_RST))
		return rst_options(sf, msk, size, remaining, opts);
	if (unlikely(READ_ONCE(msk->fallback)))
		return fallback_options(sf, msk, skb, size, remaining, opts);

	/* The joining side's third ACK, repeated on every segment until the
	 * peer's answer shows it arrived (section 3.2); no data goes out on
	 * the subflow before that.
	 */
	if (skb && sf->join && !READ_ONCE(sf->join_acked)) {
		u8 hmac[SHA256_DIGEST_SIZE];

		if (skb->len)
			return false;
		/* Key-A + Key-B, R-A + R-B: we are A. */
		mptcp_join_hmac(msk->local_key, msk->remote_key,
				sf->local_nonce, sf->remote_nonce, hmac);
		opts->suboptions = OPT_MPJ_ACK;
		memcpy(opts->hmac, hmac, MPJ_HMAC_LEN);
		*size = MPJ_LEN_ACK;
		return *size <= remaining;
	}

	/* Until the peer shows it has our key (its first DSS), the client
	 * repeats both keys: on pure ACKs, and on the first data segment
	 * with the mapping's length (section 3.1, the data-carrying ACK).
	 * Sizing the MSS (no skb) must assume the largest option, a DSS.
	 */
	if (skb && sf->mpc && !READ_ONCE(sf->mpc_acked)) {
		ext = mptcp_get_ext(skb);
		if (!ext || !ext->use_map) {
			if (skb->len)
				goto dss;
			opts->suboptions = OPT_MPC_ACK;
			*size = MPC_LEN_ACK;
		} else if (ext->mpc_map) {
			opts->suboptions = OPT_MPC_DATA;
			opts->data_len = ext->data_len;
			if (msk->csum)
				opts->csum = mptcp_dss_csum(ext->data_seq, ext->subflow_seq,
							    ext->data_len, csum_unfold(ext->csum));
			*size = msk->csum ? MPC_LEN_ACK_DATA_CSUM : MPC_LEN_ACK_DATA;
		} else {
			goto dss;
		}
		opts->sndr_key = msk->local_key;
		opts->rcvr_key = msk->remote_key;
		opts->csum_reqd = msk->csum;
		opts->allow_join_id0 = allow_join_id0(sock_net(ssk));
		*size = ALIGN(*size, 4);
		return *size <= remaining;
	}
dss:
	if (!dss_options(ssk, msk, skb, size, opts))
		return false;
	/* Address signals ride on pure ACKs only: beside a data segment's
	 * DSS they rarely fit (pm_signal.c sends the ACKs).
	 */
	if (unlikely(READ_ONCE(sf->send_mp_fail))) {
		if (skb && !skb->len && !(opts->suboptions & OPT_DSS_MAP))
			mp_fail_option(sf, size, remaining, opts);
	} else if (skb && !skb->len && unlikely(mptcp_signal_wanted(msk, sf)) &&
		 !(TCP_SKB_CB(skb)->tcp_flags & (TCPHDR_SYN | TCPHDR_FIN)))
		mptcp_signal_options(sf, msk, size, remaining, opts);
	*size = ALIGN(*size, 4);
	if (*size > remaining) {
		/* Never drop a mapping silently: a segment that cannot carry
		 * its mapping would be unmapped data to the peer.
		 */
		WARN_ON_ONCE(opts->suboptions & OPT_DSS_MAP);
		return false;
	}
	return true;
}

void mptcp_write_options(struct tcphdr *th, __be32 *ptr, struct tcp_sock *tp,
			 struct mptcp_out_options *opts)
{
	mptcp_put_opt_bytes((u8 *)ptr, opts);

	/* TCP chose this segment's window just before: with our Data ACK
	 * it sets how far the peer may send (no @tp for a SYN-ACK).
	 */
	if (tp && (opts->suboptions & OPT_DSS_ACK)) {
		struct mptcp_subflow_context *sf = mptcp_subflow_ctx((struct sock *)tp);

		if (sf && sf->msk)
			mptcp_rx_wnd_advertised(mptcp_sk(sf->msk),
						opts->ext_copy.data_ack + tp->rcv_wnd);
	}
}

/* The MP_TCPRST of a reset the TCP core sends without a socket (a refused
 * join): the reason we left on the segment that caused it.
 */
__be32 mptcp_get_reset_option(const struct sk_buff *skb)
{
	const struct mptcp_ext *ext = mptcp_get_ext(skb);
	u8 flags;

	if (!ext)
		return htonl(0u);
	flags = ext->reset_transient ? MPRST_FLAG_T : 0;
	return htonl((TCPOPT_MPTCP << 24) | (MPRST_LEN << 16) |
		     (((MPTCP_SUB_TCPRST << 4) | flags) << 8) | ext->reset_reason);
}

/* Have the reset answering @skb say why (mptcp_get_reset_option()). */
void mptcp_skb_set_reset_reason(struct sk_buff *skb, u8 reason)
{
	struct mptcp_ext *ext = skb_ext_add(skb, SKB_EXT_MPTCP);

	if (!ext)
		return;
	memset(ext, 0, sizeof(*ext));
	ext->reset_reason = reason;
}

/* --- what arrives ------------------------------------------------------------------ */

/* Widen a 32-bit sequence number to the 64-bit one closest to @ref. */
static u64 expand_seq(u64 ref, u64 v, bool is64)
{
	u64 cand;

	if (is64)
		return v;
	cand = (ref & ~0xffffffffULL) | (u32)v;
	if ((s64)(cand - ref) > (s64)S32_MAX)
		cand -= 1ULL << 32;
	else if ((s64)(ref - cand) > (s64)S32_MAX)
		cand += 1ULL << 32;
	return cand;
}

/* Put the mapping the segment carries on its skb, for recv.c. */
static bool set_rx_mapping(struct sk_buff *skb, u64 dsn, u32 ssn, u16 len,
			   bool fin, bool mpc, const struct mptcp_rx_opts *rx)
{
	struct mptcp_ext *ext = skb_ext_add(skb, SKB_EXT_MPTCP);

	if (!ext)
		return false;
	memset(ext, 0, sizeof(*ext));
	ext->use_map = 1;
	ext->dsn64 = 1;
	ext->data_seq = dsn;
	ext->subflow_seq = ssn;
	ext->data_len = len;
	ext->data_fin = fin;
	ext->mpc_map = mpc;
	ext->csum = rx->csum;
	ext->csum_reqd = rx->has_csum;
	return true;
}

/**
 * mptcp_incoming_options - act on the MPTCP options of a subflow segment
 * @ssk: the subflow, locked (softirq or backlog)
 * @skb: the segment, TCP header still in place
 *
 * Called by the TCP core before it queues a segment.  Returns false to
 * have it dropped (we could not record its mapping; the peer resends).
 */
bool mptcp_incoming_options(struct sock *ssk, struct sk_buff *skb)
{
	struct mptcp_subflow_context *sf = mptcp_subflow_ctx(ssk);
	u32 payload = skb->len - tcp_hdrlen(skb);
	struct mptcp_rx_opts rx;
	struct mptcp_sock *msk;
	struct sock *sk;

	sk = sf ? READ_ONCE(sf->msk) : NULL;

	/* A closed msk gets no write-space wakeups (its subflows have no
	 * socket any more): what it still has to send moves on their ACKs.
	 */
	if (sk && !sf->closing && !sf->listener && !READ_ONCE(sk->sk_socket) &&
	    READ_ONCE(mptcp_sk(sk)->snd_nxt) != READ_ONCE(mptcp_sk(sk)->write_seq)) {
		mptcp_defer(sk, MPTCP_DEFER_PUSH);
	}

	if (!sk || !(sf->mpc || sf->join) || sf->closing || sf->listener) {
		/* Plain TCP: an extension from a local sender means nothing. */
		skb_ext_del(skb, SKB_EXT_MPTCP);
		return true;
	}
	msk = mptcp_sk(sk);

	mptcp_parse_options(skb, &rx);
	/* ignored, as if absent (RFC 8684 section 3), but counted */
	if (unlikely(rx.bad))
		__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_OPT_MALFORMED);

	if (unlikely(rx.present & OPT_FAIL))
		mptcp_fail_rx(msk, sf, rx.fail_seq, tcp_hdr(skb)->rst);

	/* An abort, on a reset or on an ACK (section 3.5 has both forms):
	 * only our own key makes it believable.
	 */
	if (unlikely(rx.present & OPT_FASTCLOSE) && rx.fastclose_key == msk->local_key &&
	    !READ_ONCE(msk->rcv_fastclose)) {
		__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_FASTCLOSE_RX);
		WRITE_ONCE(msk->rcv_fastclose, true);
		mptcp_defer(sk, MPTCP_DEFER_SUBFLOW);
	}

	if (unlikely(tcp_hdr(skb)->rst)) {
		if (rx.present & OPT_TCPRST)
			__mptcp_mib_inc(sock_net(ssk), MPTCP_MIB_RST_RX);
		skb_ext_del(skb, SKB_EXT_MPTCP);
		return true;
	}

	/* The client's key, after a Fast Open SYN (fastopen.c). */
	if (unlikely(READ_ONCE(msk->rkey_pending)) && !tcp_hdr(skb)->syn)
		mptcp_fastopen_rkey(msk, ssk, &rx);

	/* Every segment of an established connection carries a DSS: one
	 * with no MPTCP option at all met a middlebox that strips them, or
	 * a peer that fell back for that reason (section 3.7).  Not so at
	 * the end, when the peer's subflow may outlive its msk: only while
	 * a direction is still open, and never on a FIN.
	 */
	if (unlikely(!rx.present && !rx.bad) && !READ_ONCE(msk->fallback) &&
	    sf->mpc && READ_ONCE(sf->mpc_acked) && ssk->sk_state == TCP_ESTABLISHED &&
	    !tcp_hdr(skb)->fin && !mptcp_streams_done(msk))
		mptcp_fallback_stripped(msk, sf);

	/* Plain TCP now: mappings, acks and signals mean nothing. */
	if (unlikely(READ_ONCE(msk->fallback))) {
		skb_ext_del(skb, SKB_EXT_MPTCP);
		return true;
	}

	if (unlikely(rx.present & (OPT_ADD_ADDR | OPT_RM_ADDR | OPT_PRIO)))
		mptcp_signal_rx(msk, sf, &rx);

	/* The server's first Data ACK proves it has our key (section 3.1:
	 * a Fast Open server maps its data before it has); on a joined
	 * subflow, any DSS shows that our third ACK arrived (section 3.2).
	 */
	if ((rx.present & OPT_DSS_ACK) && !sf->mpc_acked) {
		WRITE_ONCE(sf->mpc_acked, true);
		/* the path manager may open subflows now */
		mptcp_defer(sk, MPTCP_DEFER_SUBFLOW);
	}
	if ((rx.present & (OPT_DSS_ACK | OPT_DSS_MAP)) && !sf->join_acked) {
		WRITE_ONCE(sf->join_acked, true);
		mptcp_defer(sk, MPTCP_DEFER_SUBFLOW);
	}

	if (rx.present & OPT_DSS_ACK) {
		u64 ack = expand_seq(atomic64_read(&msk->snd_una), rx.data_ack,
				     rx.dss_flags & DSS_FLAG_a);
		u32 wnd = ntohs(tcp_hdr(skb)->window) <<
			  tcp_sk(ssk)->rx_opt.snd_wscale;

		mptcp_data_acked(sk, ssk, ack, wnd);
		mptcp_reinjection_acked(msk, ssk);
	}

	if (rx.present & OPT_DSS_MAP) {
		u64 dsn = expand_seq(READ_ONCE(msk->ack_seq), rx.data_seq,
				     rx.dss_flags & DSS_FLAG_m);
		bool fin = rx.dss_flags & DSS_FLAG_F;

		/* The DATA_FIN takes the last DSN of its mapping (section
		 * 3.3.3).  Recorded here, from whichever segment shows it
		 * first: TCP may have sent the start of that mapping before
		 * the FIN joined it, with the same range but no F.
		 */
		if (fin && rx.data_len)
			mptcp_rx_data_fin(sk, dsn + rx.data_len - 1);
		if (!payload) {
			/* A DATA_FIN alone: SSN 0, length 1.  TCP acknowledges
			 * no segment without data, but the DATA_FIN must be
			 * (section 3.3.3): at once, on the subflow it came by,
			 * and again each time the peer repeats it (our Data
			 * ACK was lost), or the peer waits in FIN_WAIT1 for as
			 * long as our side sends nothing.
			 */
			if (fin) {
				inet_csk_schedule_ack(ssk);
				inet_csk(ssk)->icsk_ack.pending |= ICSK_ACK_NOW;
			}
			skb_ext_del(skb, SKB_EXT_MPTCP);
			return true;
		}
		return set_rx_mapping(skb, dsn, rx.subflow_seq, rx.data_len,
				      fin, false, &rx);
	}

	if ((rx.present & OPT_MPC_DATA) && payload) {
		/* The data-carrying third ACK: its data starts the stream,
		 * at the client's IDSN + 1 and subflow sequence 1.
		 */
		return set_rx_mapping(skb, msk->remote_idsn + 1, 1,
				      rx.mpc_data_len, false, true, &rx);
	}

	skb_ext_del(skb, SKB_EXT_MPTCP);
	return true;
}
