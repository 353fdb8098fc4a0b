// SPDX-License-Identifier: GPL-2.0
/*
 * The MPTCP option codec (RFC 8684 section 3): octets to struct
 * mptcp_rx_opts, struct mptcp_out_options to octets.  Pure functions of
 * their arguments; options.c decides what to send and what a segment
 * means.  tools/fuzz/ builds this file into a userspace libFuzzer target,
 * so it includes nothing beyond wire.h and the unaligned accessors.
 */
#include <linux/string.h>
#include <linux/unaligned.h>
#include <net/tcp.h>

#include "wire.h"

/* --- parsing -------------------------------------------------------------- */

static void parse_mp_capable(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	u8 version = p[2] & 0x0f, flags = p[3];

	/* Section 3.1: an unknown version, the extensibility bit, or no
	 * crypto algorithm we know make the option invalid: ignore it,
	 * which falls back to TCP.
	 */
	if (version != MPTCP_VERSION || (flags & MPC_FLAG_B) ||
	    !(flags & MPC_FLAG_H))
		return;

	switch (len) {
	case MPC_LEN_ACK_DATA_CSUM:
		/* a checksum is read and written as it is on the wire */
		rx->csum = get_unaligned((const __sum16 *)(p + 22));
		rx->has_csum = true;
		fallthrough;
	case MPC_LEN_ACK_DATA:
		rx->mpc_data_len = get_unaligned_be16(p + 20);
		fallthrough;
	case MPC_LEN_ACK:
		rx->rcvr_key = get_unaligned_be64(p + 12);
		fallthrough;
	case MPC_LEN_SYNACK:
		rx->sndr_key = get_unaligned_be64(p + 4);
		fallthrough;
	case MPC_LEN_SYN:
		break;
	default:
		rx->bad = true;
		return;
	}
	rx->mpc_len = len;
	rx->mpc_flags = flags;
	rx->present |= len == MPC_LEN_SYN ? OPT_MPC_SYN :
		       len == MPC_LEN_SYNACK ? OPT_MPC_SYNACK :
		       len == MPC_LEN_ACK ? OPT_MPC_ACK : OPT_MPC_DATA;
}

static void parse_fastclose(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	if (len != MPFC_LEN) {
		rx->bad = true;
		return;
	}
	rx->fastclose_key = get_unaligned_be64(p + 4);
	rx->present |= OPT_FASTCLOSE;
}

static void parse_fail(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	if (len != MPFAIL_LEN) {
		rx->bad = true;
		return;
	}
	rx->fail_seq = get_unaligned_be64(p + 4);
	rx->present |= OPT_FAIL;
}

static void parse_tcprst(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	if (len != MPRST_LEN) {
		rx->bad = true;
		return;
	}
	rx->rst_flags = p[2] & 0x0f;
	rx->rst_reason = p[3];
	rx->present |= OPT_TCPRST;
}

static void parse_dss(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	u8 flags = p[3];
	int want = 4, off = 4;

	if (flags & DSS_FLAG_A)
		want += flags & DSS_FLAG_a ? 8 : 4;
	if (flags & DSS_FLAG_M)
		want += (flags & DSS_FLAG_m ? 8 : 4) + 4 + 2;

	/* The checksum is there exactly when it was negotiated; the caller
	 * checks that against the connection (section 3.3).
	 */
	if (len != want && !((flags & DSS_FLAG_M) && len == want + 2)) {
		rx->bad = true;
		return;
	}

	rx->dss_flags = flags;
	if (flags & DSS_FLAG_A) {
		rx->present |= OPT_DSS_ACK;
		if (flags & DSS_FLAG_a) {
			rx->data_ack = get_unaligned_be64(p + off);
			off += 8;
		} else {
			rx->data_ack = get_unaligned_be32(p + off);
			off += 4;
		}
	}
	if (flags & DSS_FLAG_M) {
		rx->present |= OPT_DSS_MAP;
		if (flags & DSS_FLAG_m) {
			rx->data_seq = get_unaligned_be64(p + off);
			off += 8;
		} else {
			rx->data_seq = get_unaligned_be32(p + off);
			off += 4;
		}
		rx->subflow_seq = get_unaligned_be32(p + off);
		rx->data_len = get_unaligned_be16(p + off + 4);
		if (len == want + 2) {
			rx->csum = get_unaligned((const __sum16 *)(p + off + 6));
			rx->has_csum = true;
		}
	}
}

static void parse_mp_join(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	switch (len) {
	case MPJ_LEN_SYN:
		rx->join_token = get_unaligned_be32(p + 4);
		rx->join_nonce = get_unaligned_be32(p + 8);
		rx->present |= OPT_MPJ_SYN;
		break;
	case MPJ_LEN_SYNACK:
		rx->join_thmac = get_unaligned_be64(p + 4);
		rx->join_nonce = get_unaligned_be32(p + 12);
		rx->present |= OPT_MPJ_SYNACK;
		break;
	case MPJ_LEN_ACK:
		memcpy(rx->join_hmac, p + 4, MPJ_HMAC_LEN);
		rx->present |= OPT_MPJ_ACK;
		return;		/* no flags, no id */
	default:
		rx->bad = true;
		return;
	}
	rx->join_backup = p[2] & MPJ_FLAG_B;
	rx->join_id = p[3];
}

static void parse_add_addr(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	bool echo = p[2] & ADD_ADDR_FLAG_E;
	int addr_len, left = len - (echo ? 0 : ADD_ADDR_LEN_HMAC);
	struct mptcp_addr_info addr = {}, *a = &addr;

	/* The length alone tells the family and whether a port follows.
	 * Filled aside: a malformed ADD_ADDR after a good one must not wipe
	 * the good one's address (codec_fuzz found that).
	 */
	if (left == ADD_ADDR_LEN_BASE || left == ADD_ADDR_LEN_BASE + ADD_ADDR_LEN_PORT) {
		a->family = AF_INET;
		addr_len = 4;
		memcpy(&a->addr, p + 4, addr_len);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	} else if (left == ADD_ADDR_LEN_BASE + ADD_ADDR_LEN_V6 ||
		   left == ADD_ADDR_LEN_BASE + ADD_ADDR_LEN_V6 + ADD_ADDR_LEN_PORT) {
		a->family = AF_INET6;
		addr_len = 16;
		memcpy(&a->addr6, p + 4, addr_len);
#endif
	} else {
		rx->bad = true;
		return;
	}
	a->id = p[3];
	if (left - 4 - addr_len == ADD_ADDR_LEN_PORT)
		memcpy(&a->port, p + 4 + addr_len, 2);
	if (!echo)
		rx->add_addr_hmac = get_unaligned_be64(p + left);
	rx->add_addr = addr;
	rx->add_addr_echo = echo;
	rx->present |= OPT_ADD_ADDR;
}

static void parse_rm_addr(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	int n = len - RM_ADDR_LEN_BASE;

	if (n < 1 || n > MPTCP_RM_IDS_MAX) {
		rx->bad = true;
		return;
	}
	memcpy(rx->rm_list.ids, p + RM_ADDR_LEN_BASE, n);
	rx->rm_list.nr = n;
	rx->present |= OPT_RM_ADDR;
}

static void parse_prio(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	if (len != MPPRIO_LEN && len != MPPRIO_LEN_V0) {
		rx->bad = true;
		return;
	}
	rx->prio_backup = p[2] & MPPRIO_FLAG_B;
	rx->present |= OPT_PRIO;
}

/**
 * mptcp_parse_opt_bytes - collect the MPTCP options of a TCP option space
 * @p: the first octet after the fixed TCP header
 * @len: octets of options (doff * 4 - 20: at most 40)
 * @rx: filled in; rx->bad flags a malformed MPTCP option
 *
 * Reads nothing outside p[0..len-1], whatever the octets say.  Options we
 * do not handle are skipped; a later MPTCP option of a kind seen before
 * overwrites the earlier one's fields.
 */
void mptcp_parse_opt_bytes(const u8 *p, int len, struct mptcp_rx_opts *rx)
{
	int left = len;

	memset(rx, 0, sizeof(*rx));
	while (left > 0) {
		int kind = p[0], olen;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			p++;
			left--;
			continue;
		}
		if (left < 2)
			break;
		olen = p[1];
		if (olen < 2 || olen > left)
			break;
		if (kind == TCPOPT_MPTCP && olen == MPPRIO_LEN &&
		    p[2] >> 4 == MPTCP_SUB_PRIO) {
			parse_prio(p, olen, rx);	/* the one 3-octet option */
		} else if (kind == TCPOPT_MPTCP && olen >= 4) {
			switch (p[2] >> 4) {
			case MPTCP_SUB_CAPABLE:
				parse_mp_capable(p, olen, rx);
				break;
			case MPTCP_SUB_JOIN:
				parse_mp_join(p, olen, rx);
				break;
			case MPTCP_SUB_DSS:
				parse_dss(p, olen, rx);
				break;
			case MPTCP_SUB_ADD_ADDR:
				parse_add_addr(p, olen, rx);
				break;
			case MPTCP_SUB_RM_ADDR:
				parse_rm_addr(p, olen, rx);
				break;
			case MPTCP_SUB_PRIO:
				parse_prio(p, olen, rx);
				break;
			case MPTCP_SUB_FASTCLOSE:
				parse_fastclose(p, olen, rx);
				break;
			case MPTCP_SUB_FAIL:
				parse_fail(p, olen, rx);
				break;
			case MPTCP_SUB_TCPRST:
				parse_tcprst(p, olen, rx);
				break;
			}
		} else if (kind == TCPOPT_MPTCP) {
			rx->bad = true;
		}
		p += olen;
		left -= olen;
	}
}

/* C says no subflow may join our address and port of this one (section
 * 3.1), when net.mptcp.allow_join_initial_addr_port is 0.
 */
static u8 mpc_flags(bool csum, bool allow_join_id0)
{
	return MPC_FLAG_H | (csum ? MPC_FLAG_A : 0) | (allow_join_id0 ? 0 : MPC_FLAG_C);
}

/* --- writing -------------------------------------------------------------- */

static u8 *put_be64(u8 *p, u64 v)
{
	put_unaligned_be64(v, p);
	return p + 8;
}

/* Each option starts on a 4-octet boundary; NOPs fill up to the next. */
static u8 *pad_nop(u8 *start, u8 *p)
{
	while ((p - start) & 3)
		*p++ = TCPOPT_NOP;
	return p;
}

static u8 *put_dss(u8 *p, const struct mptcp_out_options *opts)
{
	const struct mptcp_ext *e = &opts->ext_copy;
	u8 *start = p, flags = 0, len = 4;

	if (e->use_ack) {
		flags |= DSS_FLAG_A | DSS_FLAG_a;
		len += 8;
	}
	if (e->use_map) {
		flags |= DSS_FLAG_M | DSS_FLAG_m;
		len += 8 + 4 + 2 + (opts->csum_reqd ? 2 : 0);
		if (e->data_fin)
			flags |= DSS_FLAG_F;
	}
	*p++ = TCPOPT_MPTCP;
	*p++ = len;
	*p++ = MPTCP_SUB_DSS << 4;
	*p++ = flags;
	if (e->use_ack)
		p = put_be64(p, e->data_ack);
	if (e->use_map) {
		p = put_be64(p, e->data_seq);
		put_unaligned_be32(e->subflow_seq, p);
		put_unaligned_be16(e->data_len, p + 4);
		p += 6;
		if (opts->csum_reqd) {
			__sum16 csum = 0;

			/* an infinite mapping has none (section 3.7) */
			if (e->data_len)
				csum = mptcp_dss_csum(e->data_seq, e->subflow_seq, e->data_len,
						      csum_unfold(e->csum));
			put_unaligned(csum, (__sum16 *)p);
			p += 2;
		}
	}
	return pad_nop(start, p);
}

static u8 *put_fail(u8 *p, u64 seq)
{
	*p++ = TCPOPT_MPTCP;
	*p++ = MPFAIL_LEN;
	*p++ = MPTCP_SUB_FAIL << 4;
	*p++ = 0;
	return put_be64(p, seq);
}

static u8 *put_add_addr(u8 *p, const struct mptcp_out_options *opts)
{
	bool echo = opts->suboptions & OPT_ADD_ADDR_ECHO;
	const struct mptcp_addr_info *a = &opts->addr;
	u8 *start = p, len = ADD_ADDR_LEN_BASE;

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (a->family == AF_INET6)
		len += ADD_ADDR_LEN_V6;
#endif
	if (a->port)
		len += ADD_ADDR_LEN_PORT;
	if (!echo)
		len += ADD_ADDR_LEN_HMAC;
	*p++ = TCPOPT_MPTCP;
	*p++ = len;
	*p++ = (MPTCP_SUB_ADD_ADDR << 4) | (echo ? ADD_ADDR_FLAG_E : 0);
	*p++ = a->id;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (a->family == AF_INET6) {
		memcpy(p, &a->addr6, 16);
		p += 16;
	} else
#endif
	{
		memcpy(p, &a->addr, 4);
		p += 4;
	}
	if (a->port) {
		memcpy(p, &a->port, 2);
		p += 2;
	}
	if (!echo)
		p = put_be64(p, opts->ahmac);
	return pad_nop(start, p);
}

static u8 *put_rm_addr(u8 *p, const struct mptcp_rm_list *rm)
{
	u8 *start = p;

	*p++ = TCPOPT_MPTCP;
	*p++ = RM_ADDR_LEN_BASE + rm->nr;
	*p++ = MPTCP_SUB_RM_ADDR << 4;
	memcpy(p, rm->ids, rm->nr);
	return pad_nop(start, p + rm->nr);
}

static u8 *put_prio(u8 *p, bool backup)
{
	u8 *start = p;

	*p++ = TCPOPT_MPTCP;
	*p++ = MPPRIO_LEN;
	*p++ = (MPTCP_SUB_PRIO << 4) | (backup ? MPPRIO_FLAG_B : 0);
	return pad_nop(start, p);
}

/**
 * mptcp_put_opt_bytes - write the options @opts describes
 * @p: where they go, 4-octet aligned; the caller sized the space
 * @opts: as mptcp_*_options() filled it
 *
 * Return: the end of what was written, always 4-octet aligned again.
 */
u8 *mptcp_put_opt_bytes(u8 *p, const struct mptcp_out_options *opts)
{
	u8 *start = p;
	u8 len;

	if (opts->suboptions & (OPT_MPC_SYN | OPT_MPC_SYNACK | OPT_MPC_ACK |
				OPT_MPC_DATA)) {
		len = opts->suboptions & OPT_MPC_SYN ? MPC_LEN_SYN :
		      opts->suboptions & OPT_MPC_SYNACK ? MPC_LEN_SYNACK :
		      opts->suboptions & OPT_MPC_ACK ? MPC_LEN_ACK :
		      opts->csum_reqd ? MPC_LEN_ACK_DATA_CSUM : MPC_LEN_ACK_DATA;
		*p++ = TCPOPT_MPTCP;
		*p++ = len;
		*p++ = (MPTCP_SUB_CAPABLE << 4) | MPTCP_VERSION;
		*p++ = mpc_flags(opts->csum_reqd, opts->allow_join_id0);
		if (len >= MPC_LEN_SYNACK)
			p = put_be64(p, opts->sndr_key);
		if (len >= MPC_LEN_ACK)
			p = put_be64(p, opts->rcvr_key);
		if (len >= MPC_LEN_ACK_DATA) {
			put_unaligned_be16(opts->data_len, p);
			p += 2;
			if (len == MPC_LEN_ACK_DATA_CSUM) {
				put_unaligned(opts->csum, (__sum16 *)p);
				p += 2;
			}
		}
		return pad_nop(start, p);
	}

	if (opts->suboptions & OPT_FAIL)
		p = put_fail(p, opts->fail_seq);

	if (opts->suboptions & (OPT_TCPRST | OPT_FASTCLOSE)) {
		if (opts->suboptions & OPT_FASTCLOSE) {
			*p++ = TCPOPT_MPTCP;
			*p++ = MPFC_LEN;
			*p++ = MPTCP_SUB_FASTCLOSE << 4;
			*p++ = 0;
			p = put_be64(p, opts->rcvr_key);
		}
		if (opts->suboptions & OPT_TCPRST) {
			*p++ = TCPOPT_MPTCP;
			*p++ = MPRST_LEN;
			*p++ = (MPTCP_SUB_TCPRST << 4) |
			       (opts->reset_transient ? MPRST_FLAG_T : 0);
			*p++ = opts->reset_reason;
		}
		return p;
	}

	if (opts->suboptions & (OPT_MPJ_SYN | OPT_MPJ_SYNACK | OPT_MPJ_ACK)) {
		len = opts->suboptions & OPT_MPJ_SYN ? MPJ_LEN_SYN :
		      opts->suboptions & OPT_MPJ_SYNACK ? MPJ_LEN_SYNACK :
		      MPJ_LEN_ACK;
		*p++ = TCPOPT_MPTCP;
		*p++ = len;
		if (len == MPJ_LEN_ACK) {
			*p++ = MPTCP_SUB_JOIN << 4;
			*p++ = 0;
			memcpy(p, opts->hmac, MPJ_HMAC_LEN);
			return p + MPJ_HMAC_LEN;
		}
		*p++ = (MPTCP_SUB_JOIN << 4) | (opts->backup ? MPJ_FLAG_B : 0);
		*p++ = opts->join_id;
		if (len == MPJ_LEN_SYN) {
			put_unaligned_be32(opts->token, p);
			put_unaligned_be32(opts->nonce, p + 4);
			return p + 8;
		}
		p = put_be64(p, opts->thmac);
		put_unaligned_be32(opts->nonce, p);
		return p + 4;
	}

	/* never both: an ADD_ADDR fills the union the DSS travels in */
	if (opts->suboptions & (OPT_DSS_ACK | OPT_DSS_MAP))
		p = put_dss(p, opts);
	if (opts->suboptions & OPT_ADD_ADDR)
		p = put_add_addr(p, opts);
	if (opts->suboptions & OPT_RM_ADDR)
		p = put_rm_addr(p, &opts->rm_list);
	if (opts->suboptions & OPT_PRIO)
		p = put_prio(p, opts->backup);
	return p;
}

