// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the option codec as the kernel builds it.  tools/fuzz/ fuzzes the
 * same wire.c in userspace; the inputs it found bugs with are replayed
 * here too, so a regression fails the boot-time suites as well.
 */
#include <linux/string.h>
#include <net/tcp.h>

#include "kunit_suite.h"
#include "wire.h"

/* tools/fuzz/regress/codec/add_addr_clobber: a good ADD_ADDR echo, then
 * two malformed ADD_ADDRs that used to wipe its address (family 0) while
 * it stayed reported as present.
 */
static const u8 add_addr_clobber[] = {
	0x1e, 0x08, 0x3b, 0xff, 0xff, 0xda, 0xff, 0xff, 0x1e, 0x0c, 0x3e, 0x1e,
	0x00, 0x00, 0x00, 0x00, 0x3e, 0x1e, 0x00, 0x00, 0x1e, 0x0c, 0x3e, 0x1e,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
};

static void wire_bad_add_addr_keeps_good_one(struct kunit *test)
{
	struct mptcp_rx_opts rx;

	mptcp_parse_opt_bytes(add_addr_clobber, sizeof(add_addr_clobber), &rx);
	KUNIT_EXPECT_TRUE(test, rx.bad);
	KUNIT_ASSERT_TRUE(test, rx.present & OPT_ADD_ADDR);
	KUNIT_EXPECT_EQ(test, rx.add_addr.family, AF_INET);
	KUNIT_EXPECT_EQ(test, rx.add_addr.id, 0xff);
	KUNIT_EXPECT_EQ(test, rx.add_addr.addr.s_addr, htonl(0xffdaffff));
	KUNIT_EXPECT_TRUE(test, rx.add_addr_echo);
}

static void wire_truncated_dss_is_bad(struct kunit *test)
{
	/* flags say Data ACK (4) and mapping, length says 8 */
	static const u8 opt[] = { 0x1e, 0x08, 0x20, 0x05, 0, 0, 0, 1 };
	struct mptcp_rx_opts rx;

	mptcp_parse_opt_bytes(opt, sizeof(opt), &rx);
	KUNIT_EXPECT_TRUE(test, rx.bad);
	KUNIT_EXPECT_EQ(test, rx.present, 0);
}

/* The largest data segment's options: a full DSS with a checksum. */
static void wire_dss_round_trip(struct kunit *test)
{
	struct mptcp_out_options out = {};
	struct mptcp_rx_opts rx;
	u8 space[MPTCP_OPT_SPACE_MAX];
	u8 *end;

	out.suboptions = OPT_DSS_ACK | OPT_DSS_MAP;
	out.csum_reqd = 1;
	out.ext_copy.use_ack = 1;
	out.ext_copy.use_map = 1;
	out.ext_copy.data_ack = 0x0102030405060708ull;
	out.ext_copy.data_seq = 0xfffffffffffff000ull;
	out.ext_copy.subflow_seq = 77;
	out.ext_copy.data_len = 1400;
	out.ext_copy.csum = (__force __sum16)0x1234;
	end = mptcp_put_opt_bytes(space, &out);
	KUNIT_ASSERT_EQ(test, end - space, DSS_LEN_MAX);

	mptcp_parse_opt_bytes(space, end - space, &rx);
	KUNIT_EXPECT_FALSE(test, rx.bad);
	KUNIT_EXPECT_EQ(test, rx.present, OPT_DSS_ACK | OPT_DSS_MAP);
	KUNIT_EXPECT_EQ(test, rx.data_ack, out.ext_copy.data_ack);
	KUNIT_EXPECT_EQ(test, rx.data_seq, out.ext_copy.data_seq);
	KUNIT_EXPECT_EQ(test, rx.subflow_seq, 77);
	KUNIT_EXPECT_EQ(test, rx.data_len, 1400);
	KUNIT_EXPECT_TRUE(test, rx.has_csum);
	KUNIT_EXPECT_EQ(test, rx.csum,
			mptcp_dss_csum(out.ext_copy.data_seq, 77, 1400,
				       csum_unfold(out.ext_copy.csum)));
}

/* The longest signal ACK: an IPv6 ADD_ADDR with port and HMAC. */
static void wire_add_addr6_round_trip(struct kunit *test)
{
	struct mptcp_out_options out = {};
	struct mptcp_rx_opts rx;
	u8 space[MPTCP_OPT_SPACE_MAX];
	u8 *end;

	out.suboptions = OPT_ADD_ADDR | OPT_PRIO;
	out.addr.family = AF_INET6;
	out.addr.id = 9;
	out.addr.port = htons(10100);
	out.addr.addr6.s6_addr[0] = 0x20;
	out.addr.addr6.s6_addr[15] = 0x02;
	out.ahmac = 0xa5a5a5a5deadbeefull;
	out.backup = 1;
	end = mptcp_put_opt_bytes(space, &out);
	KUNIT_ASSERT_EQ(test, end - space, 32 + 4);

	mptcp_parse_opt_bytes(space, end - space, &rx);
	KUNIT_EXPECT_FALSE(test, rx.bad);
	KUNIT_EXPECT_EQ(test, rx.present, OPT_ADD_ADDR | OPT_PRIO);
	KUNIT_EXPECT_EQ(test, rx.add_addr.family, AF_INET6);
	KUNIT_EXPECT_EQ(test, rx.add_addr.id, 9);
	KUNIT_EXPECT_EQ(test, rx.add_addr.port, htons(10100));
	KUNIT_EXPECT_EQ(test, memcmp(&rx.add_addr.addr6, &out.addr.addr6, 16), 0);
	KUNIT_EXPECT_EQ(test, rx.add_addr_hmac, out.ahmac);
	KUNIT_EXPECT_FALSE(test, rx.add_addr_echo);
	KUNIT_EXPECT_TRUE(test, rx.prio_backup);
}

MPTCP_KUNIT_SUITE(wire, "KUnit tests for the MPTCP option codec",
		  KUNIT_CASE(wire_bad_add_addr_keeps_good_one),
		  KUNIT_CASE(wire_truncated_dss_is_bad),
		  KUNIT_CASE(wire_dss_round_trip),
		  KUNIT_CASE(wire_add_addr6_round_trip));
