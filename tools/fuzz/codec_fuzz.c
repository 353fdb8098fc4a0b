// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the MPTCP option codec, kernel/wire.c compiled as
 * it is into userspace (tools/fuzz/shim supplies its kernel headers).
 *
 * The first input octet picks one of three properties:
 *
 *   hostile  the rest is a TCP option space from a peer.  The parser must
 *            read nothing outside it (ASan: the copy is heap-allocated to
 *            the octet), and what it reports must equal what an
 *            independent reading of RFC 8684's length table says: which
 *            options are present, and whether any MPTCP option is bad.
 *   reencode the same, then every option the parser recognised is written
 *            again by our writer, alone, and parsed back: the fields the
 *            writer can express must come back unchanged.
 *   emit     the rest describes a set of options as our core combines
 *            them (handshakes, DSS with MP_FAIL/MP_PRIO/RM_ADDR, ADD_ADDR
 *            with MP_PRIO/RM_ADDR, a reset with MP_FASTCLOSE and
 *            MP_FAIL); the writer must write exactly the RFC's lengths,
 *            4-aligned, into a 40-octet space, and the parser must read
 *            every field back.
 *
 * Any failed property aborts, and libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net/tcp.h>

#include "wire.h"

#define ALIGN4(x)	(((x) + 3) & ~3)

#define check(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "codec_fuzz: %s:%d: %s: ", __FILE__,	\
			__LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* The DSS checksum is csum.c's business (KUnit tests its arithmetic);
 * here any deterministic function shows the writer placed its result.
 */
__sum16 mptcp_dss_csum(u64 dsn, u32 ssn, u16 len, __wsum sum)
{
	u64 x = dsn * 0x9e3779b97f4a7c15ull ^ ((u64)ssn << 16) ^ len ^ ((u64)sum << 40);

	x ^= x >> 29;
	return (__sum16)(x ^ (x >> 16) ^ (x >> 32) ^ (x >> 48));
}

/* --- an independent reading of RFC 8684's lengths --------------------------- */

struct expect {
	u16 present;
	bool bad;
};

static bool mpc_valid(const u8 *o)
{
	return (o[2] & 0x0f) == 1 && !(o[3] & 0x40) && (o[3] & 0x01);
}

static void expect_one(const u8 *o, int len, struct expect *e)
{
	int sub = len > 2 ? o[2] >> 4 : -1, want, base;

	if (len < 4 && !(len == 3 && sub == MPTCP_SUB_PRIO)) {
		e->bad = true;
		return;
	}
	switch (sub) {
	case MPTCP_SUB_CAPABLE:		/* section 3.1: 4, 12, 20, 22, 24 */
		if (!mpc_valid(o))
			return;
		if (len == 4)
			e->present |= OPT_MPC_SYN;
		else if (len == 12)
			e->present |= OPT_MPC_SYNACK;
		else if (len == 20)
			e->present |= OPT_MPC_ACK;
		else if (len == 22 || len == 24)
			e->present |= OPT_MPC_DATA;
		else
			e->bad = true;
		return;
	case MPTCP_SUB_JOIN:		/* section 3.2: 12, 16, 24 */
		if (len == 12)
			e->present |= OPT_MPJ_SYN;
		else if (len == 16)
			e->present |= OPT_MPJ_SYNACK;
		else if (len == 24)
			e->present |= OPT_MPJ_ACK;
		else
			e->bad = true;
		return;
	case MPTCP_SUB_DSS:		/* section 3.3: flags decide */
		want = 4;
		if (o[3] & 0x01)
			want += o[3] & 0x02 ? 8 : 4;
		if (o[3] & 0x04)
			want += (o[3] & 0x08 ? 8 : 4) + 6;
		if (len != want && !((o[3] & 0x04) && len == want + 2)) {
			e->bad = true;
			return;
		}
		if (o[3] & 0x01)
			e->present |= OPT_DSS_ACK;
		if (o[3] & 0x04)
			e->present |= OPT_DSS_MAP;
		return;
	case MPTCP_SUB_ADD_ADDR:	/* section 3.4.1: 8 or 20, +2 port, +8 HMAC */
		base = len - (o[2] & 0x01 ? 0 : 8);
		if (base == 8 || base == 10 || base == 20 || base == 22)
			e->present |= OPT_ADD_ADDR;
		else
			e->bad = true;
		return;
	case MPTCP_SUB_RM_ADDR:		/* section 3.4.2: 1 to 8 ids */
		if (len >= 4 && len <= 3 + MPTCP_RM_IDS_MAX)
			e->present |= OPT_RM_ADDR;
		else
			e->bad = true;
		return;
	case MPTCP_SUB_PRIO:		/* section 3.3.8 (and RFC 6824's 4) */
		if (len == 3 || len == 4)
			e->present |= OPT_PRIO;
		else
			e->bad = true;
		return;
	case MPTCP_SUB_FAIL:		/* section 3.7 */
	case MPTCP_SUB_FASTCLOSE:	/* section 3.5 */
		if (len == 12)
			e->present |= sub == MPTCP_SUB_FAIL ? OPT_FAIL : OPT_FASTCLOSE;
		else
			e->bad = true;
		return;
	case MPTCP_SUB_TCPRST:		/* section 3.6 */
		if (len == 4)
			e->present |= OPT_TCPRST;
		else
			e->bad = true;
		return;
	}
	/* unknown subtypes are skipped */
}

/* The TCP option walk of RFC 9293 section 3.2, as the TCP core does it. */
static void expect_all(const u8 *p, int left, struct expect *e)
{
	memset(e, 0, sizeof(*e));
	while (left > 0) {
		int len;

		if (p[0] == TCPOPT_EOL)
			return;
		if (p[0] == TCPOPT_NOP) {
			p++, left--;
			continue;
		}
		if (left < 2 || p[1] < 2 || p[1] > left)
			return;
		len = p[1];
		if (p[0] == TCPOPT_MPTCP)
			expect_one(p, len, e);
		p += len, left -= len;
	}
}

static void invariants(const struct mptcp_rx_opts *rx)
{
	if (rx->present & OPT_RM_ADDR)
		check(rx->rm_list.nr >= 1 && rx->rm_list.nr <= MPTCP_RM_IDS_MAX,
		      "rm nr %u", rx->rm_list.nr);
	if (rx->present & OPT_ADD_ADDR)
		check(rx->add_addr.family == AF_INET || rx->add_addr.family == AF_INET6,
		      "family %u", rx->add_addr.family);
	if (rx->has_csum)
		check(rx->present & (OPT_DSS_MAP | OPT_MPC_DATA), "csum without mapping");
	if (rx->present & (OPT_MPC_SYN | OPT_MPC_SYNACK | OPT_MPC_ACK | OPT_MPC_DATA))
		check(rx->mpc_len == 4 || rx->mpc_len == 12 || rx->mpc_len == 20 ||
		      rx->mpc_len == 22 || rx->mpc_len == 24, "mpc len %u", rx->mpc_len);
}

static void parse_exact(const u8 *data, size_t size, struct mptcp_rx_opts *rx)
{
	/* exactly @size octets on the heap: an over-read is an ASan report */
	u8 *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	mptcp_parse_opt_bytes(copy, (int)size, rx);
	free(copy);
}

/* --- write one option again, parse it back ----------------------------------- */

static void write_and_parse(const struct mptcp_out_options *out, int want_len,
			    struct mptcp_rx_opts *back)
{
	u8 *space = malloc(MPTCP_OPT_SPACE_MAX);
	u8 *end;

	memset(space, 0xee, MPTCP_OPT_SPACE_MAX);
	end = mptcp_put_opt_bytes(space, out);
	check(end - space == want_len, "wrote %td octets, RFC says %d (suboptions %#x)",
	      end - space, want_len, out->suboptions);
	mptcp_parse_opt_bytes(space, want_len, back);
	check(!back->bad, "our own option parsed as bad (suboptions %#x)", out->suboptions);
	invariants(back);
	free(space);
}

static int add_addr_len(const struct mptcp_addr_info *a, bool echo)
{
	return (a->family == AF_INET6 ? 20 : 8) + (a->port ? 2 : 0) + (echo ? 0 : 8);
}

static void reencode(const struct mptcp_rx_opts *rx)
{
	struct mptcp_out_options out;
	struct mptcp_rx_opts back;
	u16 mpc = rx->present & (OPT_MPC_SYN | OPT_MPC_SYNACK | OPT_MPC_ACK | OPT_MPC_DATA);

	/* MP_CAPABLE: the writer sets A from csum_reqd, which also picks the
	 * 24-octet data form; other crypto bits are not ours to send.  Its
	 * checksum is there by its length: has_csum may be a DSS's.
	 */
	if (mpc && !(mpc & (mpc - 1)) &&
	    (mpc != OPT_MPC_DATA || !!(rx->mpc_flags & 0x80) == (rx->mpc_len == 24))) {
		memset(&out, 0, sizeof(out));
		out.suboptions = mpc;
		out.csum_reqd = !!(rx->mpc_flags & 0x80);
		out.allow_join_id0 = !(rx->mpc_flags & 0x20);
		out.sndr_key = rx->sndr_key;
		out.rcvr_key = rx->rcvr_key;
		out.data_len = rx->mpc_data_len;
		out.csum = rx->csum;
		write_and_parse(&out, ALIGN4(rx->mpc_len), &back);
		check(back.present == mpc && back.mpc_len == rx->mpc_len, "mpc form");
		check((back.mpc_flags & 0xa1) == (rx->mpc_flags & 0xa1), "mpc flags");
		if (rx->mpc_len >= 12)
			check(back.sndr_key == rx->sndr_key, "mpc sender key");
		if (rx->mpc_len >= 20)
			check(back.rcvr_key == rx->rcvr_key, "mpc receiver key");
		if (rx->mpc_len >= 22)
			check(back.mpc_data_len == rx->mpc_data_len, "mpc data len");
		if (rx->mpc_len == 24)
			check(back.has_csum && back.csum == rx->csum, "mpc csum");
	}

	if (rx->present & (OPT_DSS_ACK | OPT_DSS_MAP)) {
		int len = 4;

		memset(&out, 0, sizeof(out));
		out.suboptions = rx->present & (OPT_DSS_ACK | OPT_DSS_MAP);
		if (rx->present & OPT_DSS_ACK) {
			out.ext_copy.use_ack = 1;
			out.ext_copy.data_ack = rx->data_ack;
			len += 8;
		}
		if (rx->present & OPT_DSS_MAP) {
			out.ext_copy.use_map = 1;
			out.ext_copy.data_seq = rx->data_seq;
			out.ext_copy.subflow_seq = rx->subflow_seq;
			out.ext_copy.data_len = rx->data_len;
			out.ext_copy.data_fin = !!(rx->dss_flags & DSS_FLAG_F);
			out.ext_copy.csum = rx->csum;
			out.csum_reqd = rx->has_csum;
			len += 14 + (rx->has_csum ? 2 : 0);
		}
		write_and_parse(&out, ALIGN4(len), &back);
		check((back.present & (OPT_DSS_ACK | OPT_DSS_MAP)) == out.suboptions, "dss parts");
		if (rx->present & OPT_DSS_ACK)
			check(back.data_ack == rx->data_ack, "data ack");
		if (rx->present & OPT_DSS_MAP) {
			check(back.data_seq == rx->data_seq && back.subflow_seq == rx->subflow_seq &&
			      back.data_len == rx->data_len, "mapping");
			check(!!(back.dss_flags & DSS_FLAG_F) == !!(rx->dss_flags & DSS_FLAG_F),
			      "data fin");
			check(back.has_csum == rx->has_csum, "dss csum presence");
			if (rx->has_csum)
				check(back.csum == (rx->data_len ?
					mptcp_dss_csum(rx->data_seq, rx->subflow_seq, rx->data_len,
						       csum_unfold(rx->csum)) : 0), "dss csum");
		}
	}

	if (rx->present & (OPT_MPJ_SYN | OPT_MPJ_SYNACK | OPT_MPJ_ACK)) {
		u16 mpj = rx->present & (OPT_MPJ_SYN | OPT_MPJ_SYNACK | OPT_MPJ_ACK);

		if (!(mpj & (mpj - 1))) {
			memset(&out, 0, sizeof(out));
			out.suboptions = mpj;
			out.join_id = rx->join_id;
			out.backup = rx->join_backup;
			out.token = rx->join_token;
			out.nonce = rx->join_nonce;
			out.thmac = rx->join_thmac;
			memcpy(out.hmac, rx->join_hmac, MPJ_HMAC_LEN);
			write_and_parse(&out, mpj == OPT_MPJ_SYN ? 12 : mpj == OPT_MPJ_SYNACK ? 16 : 24,
					&back);
			check((back.present & mpj) == mpj, "join form");
			if (mpj == OPT_MPJ_ACK) {
				check(!memcmp(back.join_hmac, rx->join_hmac, MPJ_HMAC_LEN), "join hmac");
			} else {
				check(back.join_id == rx->join_id && back.join_backup == rx->join_backup &&
				      back.join_nonce == rx->join_nonce, "join id/backup/nonce");
				if (mpj == OPT_MPJ_SYN)
					check(back.join_token == rx->join_token, "join token");
				else
					check(back.join_thmac == rx->join_thmac, "join thmac");
			}
		}
	}

	/* MP_TCPRST: the writer's reason is a 4-bit field, its flags T only */
	if ((rx->present & (OPT_TCPRST | OPT_FASTCLOSE)) && rx->rst_reason < 16) {
		int len = 0;

		memset(&out, 0, sizeof(out));
		out.suboptions = rx->present & (OPT_TCPRST | OPT_FASTCLOSE);
		out.reset_reason = rx->rst_reason;
		out.reset_transient = !!(rx->rst_flags & MPRST_FLAG_T);
		out.rcvr_key = rx->fastclose_key;
		if (rx->present & OPT_TCPRST)
			len += 4;
		if (rx->present & OPT_FASTCLOSE)
			len += 12;
		write_and_parse(&out, len, &back);
		if (rx->present & OPT_TCPRST)
			check((back.present & OPT_TCPRST) && back.rst_reason == rx->rst_reason &&
			      (back.rst_flags & MPRST_FLAG_T) == (rx->rst_flags & MPRST_FLAG_T),
			      "tcprst");
		if (rx->present & OPT_FASTCLOSE)
			check((back.present & OPT_FASTCLOSE) && back.fastclose_key == rx->fastclose_key,
			      "fastclose key");
	}

	if (rx->present & OPT_FAIL) {
		memset(&out, 0, sizeof(out));
		out.suboptions = OPT_FAIL;
		out.fail_seq = rx->fail_seq;
		write_and_parse(&out, 12, &back);
		check((back.present & OPT_FAIL) && back.fail_seq == rx->fail_seq, "mp_fail seq");
	}

	if (rx->present & (OPT_ADD_ADDR | OPT_RM_ADDR | OPT_PRIO)) {
		int len = 0;

		memset(&out, 0, sizeof(out));
		out.suboptions = rx->present & (OPT_ADD_ADDR | OPT_RM_ADDR | OPT_PRIO);
		if (rx->present & OPT_ADD_ADDR) {
			out.addr = rx->add_addr;
			out.ahmac = rx->add_addr_hmac;
			if (rx->add_addr_echo)
				out.suboptions |= OPT_ADD_ADDR_ECHO;
			len += ALIGN4(add_addr_len(&rx->add_addr, rx->add_addr_echo));
		}
		if (rx->present & OPT_RM_ADDR) {
			out.rm_list = rx->rm_list;
			len += ALIGN4(3 + rx->rm_list.nr);
		}
		if (rx->present & OPT_PRIO) {
			out.backup = rx->prio_backup;
			len += 4;
		}
		if (len <= MPTCP_OPT_SPACE_MAX) {
			write_and_parse(&out, len, &back);
			if (rx->present & OPT_ADD_ADDR) {
				const struct mptcp_addr_info *a = &rx->add_addr, *b = &back.add_addr;

				check((back.present & OPT_ADD_ADDR) && b->id == a->id &&
				      b->family == a->family && b->port == a->port &&
				      back.add_addr_echo == rx->add_addr_echo, "add_addr header");
				check(a->family == AF_INET ? b->addr.s_addr == a->addr.s_addr :
				      !memcmp(&b->addr6, &a->addr6, 16), "add_addr address");
				if (!rx->add_addr_echo)
					check(back.add_addr_hmac == rx->add_addr_hmac, "add_addr hmac");
			}
			if (rx->present & OPT_RM_ADDR)
				check((back.present & OPT_RM_ADDR) && back.rm_list.nr == rx->rm_list.nr &&
				      !memcmp(back.rm_list.ids, rx->rm_list.ids, rx->rm_list.nr),
				      "rm_addr list");
			if (rx->present & OPT_PRIO)
				check((back.present & OPT_PRIO) && back.prio_backup == rx->prio_backup,
				      "mp_prio");
		}
	}
}

static void hostile(const u8 *data, size_t size, bool again)
{
	struct mptcp_rx_opts rx;
	struct expect e;

	if (size > MPTCP_OPT_SPACE_MAX)
		size = MPTCP_OPT_SPACE_MAX;	/* doff cannot say more */
	parse_exact(data, size, &rx);
	expect_all(data, (int)size, &e);
	check(rx.present == e.present, "present %#x, RFC says %#x", rx.present, e.present);
	check(rx.bad == e.bad, "bad %d, RFC says %d", rx.bad, e.bad);
	invariants(&rx);
	if (again)
		reencode(&rx);
}

/* --- what our core emits ------------------------------------------------------ */

struct cursor {
	const u8 *p;
	size_t left;
};

static u64 take(struct cursor *c, int n)
{
	u64 v = 0;

	while (n--) {
		v = v << 8 | (c->left ? *c->p : 0);
		if (c->left)
			c->p++, c->left--;
	}
	return v;
}

static void emit(const u8 *data, size_t size)
{
	struct cursor c = { data, size };
	struct mptcp_out_options out;
	struct mptcp_rx_opts back;
	int shape = take(&c, 1) % 6, len = 0;
	u8 flags = take(&c, 1);

	memset(&out, 0, sizeof(out));
	out.csum_reqd = flags & 1;
	out.allow_join_id0 = !!(flags & 2);
	switch (shape) {
	case 0: {	/* the MP_CAPABLE handshake, one of its four forms */
		static const u16 forms[] = { OPT_MPC_SYN, OPT_MPC_SYNACK, OPT_MPC_ACK, OPT_MPC_DATA };
		static const int lens[] = { 4, 12, 20, 22 };

		out.suboptions = forms[(flags >> 2) & 3];
		out.sndr_key = take(&c, 8);
		out.rcvr_key = take(&c, 8);
		out.data_len = take(&c, 2);
		out.csum = take(&c, 2);
		len = lens[(flags >> 2) & 3] + (out.suboptions == OPT_MPC_DATA && out.csum_reqd ? 2 : 0);
		write_and_parse(&out, ALIGN4(len), &back);
		check(back.present == out.suboptions && back.mpc_len == len, "mpc emitted form");
		check(!!(back.mpc_flags & MPC_FLAG_A) == out.csum_reqd &&
		      !!(back.mpc_flags & MPC_FLAG_C) == !out.allow_join_id0 &&
		      (back.mpc_flags & MPC_FLAG_H), "mpc emitted flags %#x", back.mpc_flags);
		if (len >= 12)
			check(back.sndr_key == out.sndr_key, "mpc emitted sender key");
		if (len >= 20)
			check(back.rcvr_key == out.rcvr_key, "mpc emitted receiver key");
		if (len >= 22)
			check(back.mpc_data_len == out.data_len, "mpc emitted data len");
		if (len == 24)
			check(back.has_csum && back.csum == out.csum, "mpc emitted csum");
		return;
	}
	case 1: {	/* MP_JOIN, one of its three forms */
		static const u16 forms[] = { OPT_MPJ_SYN, OPT_MPJ_SYNACK, OPT_MPJ_ACK };
		static const int lens[] = { 12, 16, 24 };
		int f = ((flags >> 2) & 3) % 3;
		int i;

		out.suboptions = forms[f];
		out.join_id = take(&c, 1);
		out.backup = flags >> 7;
		out.token = take(&c, 4);
		out.nonce = take(&c, 4);
		if (f == 1)
			out.thmac = take(&c, 8);
		if (f == 2)
			for (i = 0; i < MPJ_HMAC_LEN; i++)
				out.hmac[i] = take(&c, 1);
		write_and_parse(&out, lens[f], &back);
		check(back.present == out.suboptions, "join emitted form");
		if (f == 2) {
			check(!memcmp(back.join_hmac, out.hmac, MPJ_HMAC_LEN), "join emitted hmac");
			return;
		}
		check(back.join_id == out.join_id && back.join_backup == out.backup &&
		      back.join_nonce == out.nonce, "join emitted id/backup/nonce");
		check(f == 0 ? back.join_token == out.token : back.join_thmac == out.thmac,
		      "join emitted token/thmac");
		return;
	}
	case 2:		/* a reset: MP_TCPRST, with MP_FASTCLOSE, with MP_FAIL */
		out.suboptions = OPT_TCPRST;
		out.reset_reason = take(&c, 1) & 0x0f;
		out.reset_transient = flags >> 7;
		len = 4;
		if (flags & 4) {
			out.suboptions |= OPT_FASTCLOSE;
			out.rcvr_key = take(&c, 8);
			len += 12;
		}
		if (flags & 8) {
			out.suboptions |= OPT_FAIL;
			out.fail_seq = take(&c, 8);
			len += 12;
		}
		write_and_parse(&out, len, &back);
		check(back.present == out.suboptions, "reset emitted parts %#x", back.present);
		check(back.rst_reason == out.reset_reason &&
		      (back.rst_flags & MPRST_FLAG_T) == (out.reset_transient ? MPRST_FLAG_T : 0),
		      "reset emitted reason/flags");
		if (flags & 4)
			check(back.fastclose_key == out.rcvr_key, "reset emitted fastclose key");
		if (flags & 8)
			check(back.fail_seq == out.fail_seq, "reset emitted fail seq");
		return;
	case 3:		/* a DSS, maybe with MP_FAIL, MP_PRIO and an RM_ADDR */
	case 4:		/* an ADD_ADDR (or its echo) instead of the DSS */
	case 5: {
		bool dss = shape == 3, ack = dss && (flags & 4), map = dss && (!ack || (flags & 8));
		int i;

		if (ack) {
			out.suboptions |= OPT_DSS_ACK;
			out.ext_copy.use_ack = 1;
			out.ext_copy.data_ack = take(&c, 8);
			len += 8;
		}
		if (map) {
			out.suboptions |= OPT_DSS_MAP;
			out.ext_copy.use_map = 1;
			out.ext_copy.data_seq = take(&c, 8);
			out.ext_copy.subflow_seq = take(&c, 4);
			out.ext_copy.data_len = take(&c, 2);
			out.ext_copy.csum = take(&c, 2);
			out.ext_copy.data_fin = flags >> 7;
			len += 14 + (out.csum_reqd ? 2 : 0);
		}
		if (dss) {
			len = ALIGN4(len + 4);
			if ((flags & 0x10) && len + 12 <= MPTCP_OPT_SPACE_MAX) {
				out.suboptions |= OPT_FAIL;
				out.fail_seq = take(&c, 8);
				len += 12;
			}
		} else {
			struct mptcp_addr_info *a = &out.addr;

			out.suboptions |= OPT_ADD_ADDR;
			if (flags & 4)
				out.suboptions |= OPT_ADD_ADDR_ECHO;
			a->family = flags & 8 ? AF_INET6 : AF_INET;
			a->id = take(&c, 1);
			a->port = take(&c, 2) * !!(flags & 0x10);
			for (i = 0; i < 16; i++)
				a->addr6.s6_addr[i] = take(&c, 1);
			if (a->family == AF_INET)
				memset(a->addr6.s6_addr + 4, 0, 12);
			out.ahmac = take(&c, 8);
			len = ALIGN4(add_addr_len(a, flags & 4));
		}
		if ((flags & 0x20) && len + 4 <= MPTCP_OPT_SPACE_MAX) {
			out.suboptions |= OPT_PRIO;
			out.backup = flags >> 7;
			len += 4;
		}
		if (flags & 0x40) {
			int nr = 1 + take(&c, 1) % MPTCP_RM_IDS_MAX;

			while (nr && len + ALIGN4(3 + nr) > MPTCP_OPT_SPACE_MAX)
				nr--;
			if (nr) {
				out.suboptions |= OPT_RM_ADDR;
				out.rm_list.nr = nr;
				for (i = 0; i < nr; i++)
					out.rm_list.ids[i] = take(&c, 1);
				len += ALIGN4(3 + nr);
			}
		}
		write_and_parse(&out, len, &back);
		check((back.present & ~OPT_ADD_ADDR_ECHO) == (out.suboptions & ~OPT_ADD_ADDR_ECHO),
		      "emitted %#x, parsed %#x", out.suboptions, back.present);
		if (ack)
			check(back.data_ack == out.ext_copy.data_ack, "emitted data ack");
		if (map) {
			const struct mptcp_ext *x = &out.ext_copy;

			check(back.data_seq == x->data_seq && back.subflow_seq == x->subflow_seq &&
			      back.data_len == x->data_len, "emitted mapping");
			check(!!(back.dss_flags & DSS_FLAG_F) == x->data_fin, "emitted data fin");
			check(back.has_csum == out.csum_reqd, "emitted csum presence");
			if (out.csum_reqd)
				check(back.csum == (x->data_len ?
					mptcp_dss_csum(x->data_seq, x->subflow_seq, x->data_len,
						       csum_unfold(x->csum)) : 0), "emitted csum");
		}
		if (out.suboptions & OPT_FAIL)
			check(back.fail_seq == out.fail_seq, "emitted fail seq");
		if (out.suboptions & OPT_ADD_ADDR) {
			const struct mptcp_addr_info *a = &out.addr, *b = &back.add_addr;

			check(b->id == a->id && b->family == a->family && b->port == a->port &&
			      back.add_addr_echo == !!(out.suboptions & OPT_ADD_ADDR_ECHO) &&
			      !memcmp(&b->addr6, &a->addr6, a->family == AF_INET ? 4 : 16),
			      "emitted add_addr");
			if (!back.add_addr_echo)
				check(back.add_addr_hmac == out.ahmac, "emitted add_addr hmac");
		}
		if (out.suboptions & OPT_PRIO)
			check(back.prio_backup == out.backup, "emitted mp_prio");
		if (out.suboptions & OPT_RM_ADDR)
			check(back.rm_list.nr == out.rm_list.nr &&
			      !memcmp(back.rm_list.ids, out.rm_list.ids, out.rm_list.nr),
			      "emitted rm_addr");
		return;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] % 3) {
	case 0:
		hostile(data + 1, size - 1, false);
		break;
	case 1:
		hostile(data + 1, size - 1, true);
		break;
	case 2:
		emit(data + 1, size - 1);
		break;
	}
	return 0;
}
