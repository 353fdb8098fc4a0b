// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the counter names are ABI; nstat splits the /proc/net/netstat lines
 * on blanks and pairs names with values by position.
 */
#include <linux/ctype.h>
#include <linux/string.h>

#include "kunit_suite.h"
#include "mib.h"

static void mib_names_are_nstat_tokens(struct kunit *test)
{
	int f;

	for (f = 0; f < MPTCP_MIB_MAX; f++) {
		const char *name = mptcp_mib_names[f];
		const char *c;

		KUNIT_ASSERT_NOT_NULL_MSG(test, name, "counter %d unnamed", f);
		KUNIT_EXPECT_GT(test, strlen(name), 0);
		KUNIT_EXPECT_TRUE_MSG(test, isupper(name[0]),
				      "%s: not CamelCase", name);
		for (c = name; *c; c++)
			KUNIT_EXPECT_TRUE_MSG(test, isalnum(*c),
					      "%s: '%c' breaks nstat", name, *c);
	}
}

static void mib_names_are_unique(struct kunit *test)
{
	int a, b;

	for (a = 0; a < MPTCP_MIB_MAX; a++)
		for (b = a + 1; b < MPTCP_MIB_MAX; b++)
			KUNIT_EXPECT_STRNEQ(test, mptcp_mib_names[a],
					    mptcp_mib_names[b]);
}

/* Names nstat users and upstream's selftests grep for. */
static void mib_names_match_upstream(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, mptcp_mib_names[MPTCP_MIB_MPC_SYN_RX],
			   "MPCapableSYNRX");
	KUNIT_EXPECT_STREQ(test, mptcp_mib_names[MPTCP_MIB_JOIN_SYN_RX],
			   "MPJoinSynRx");
	KUNIT_EXPECT_STREQ(test, mptcp_mib_names[MPTCP_MIB_CURR_ESTAB],
			   "MPCurrEstab");
	KUNIT_EXPECT_STREQ(test, mptcp_mib_names[MPTCP_MIB_FALLBACK_FAILED],
			   "FallbackFailed");
}

MPTCP_KUNIT_SUITE(mib, "KUnit tests for the MPTCP counter table",
		  KUNIT_CASE(mib_names_are_nstat_tokens),
		  KUNIT_CASE(mib_names_are_unique),
		  KUNIT_CASE(mib_names_match_upstream));
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
