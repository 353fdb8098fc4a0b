// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the key derivations and the join and ADD_ADDR HMACs against vectors computed
 * independently (Python's hashlib and hmac), since a wrong byte order here
 * only shows as a peer refusing every connection.
 */
#include <crypto/sha2.h>

#include "kunit_suite.h"
#include "protocol.h"

static void token_and_idsn_of_a_key(struct kunit *test)
{
	u32 token;
	u64 idsn;

	mptcp_key_derive(0x0102030405060708ULL, &token, &idsn);
	KUNIT_EXPECT_EQ(test, token, 0x66840ddaU);
	KUNIT_EXPECT_EQ(test, idsn, 0xf5a101d3d29d6f72ULL);
}

static void join_hmac_is_rfc2104(struct kunit *test)
{
	static const u8 want[SHA256_DIGEST_SIZE] = {
		0x53, 0x03, 0x7f, 0x28, 0x99, 0x47, 0x55, 0x29,
		0x84, 0x41, 0x15, 0xfd, 0x07, 0xe6, 0x65, 0xd2,
		0x3d, 0x35, 0x54, 0xfb, 0x8d, 0xde, 0x75, 0x51,
		0x28, 0x75, 0x62, 0xb1, 0xaa, 0x8e, 0x53, 0xde,
	};
	u8 got[SHA256_DIGEST_SIZE];

	mptcp_join_hmac(0x0102030405060708ULL, 0x1112131415161718ULL,
			0xa1a2a3a4, 0xb1b2b3b4, got);
	KUNIT_EXPECT_MEMEQ(test, got, want, sizeof(want));
}

/* id 5, 192.0.2.7, with and without port 8080: the port is in the
 * message either way, as two octets.
 */
static void add_addr_hmac_is_rightmost_64_bits(struct kunit *test)
{
	struct mptcp_addr_info a = {
		.id = 5,
		.family = AF_INET,
		.addr.s_addr = htonl(0xc0000207),
	};

	KUNIT_EXPECT_EQ(test, mptcp_add_addr_hmac(0x0102030405060708ULL,
						  0x1112131415161718ULL, &a),
			0x45b15d88d487ac23ULL);
	a.port = htons(8080);
	KUNIT_EXPECT_EQ(test, mptcp_add_addr_hmac(0x0102030405060708ULL,
						  0x1112131415161718ULL, &a),
			0xa590461787d7cea7ULL);
}

MPTCP_KUNIT_SUITE(crypto, "KUnit tests for MPTCP key derivation and join HMAC",
		  KUNIT_CASE(token_and_idsn_of_a_key),
		  KUNIT_CASE(join_hmac_is_rfc2104),
		  KUNIT_CASE(add_addr_hmac_is_rightmost_64_bits));
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
