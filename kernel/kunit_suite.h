/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our boot-time KUnit suites, one per file: tools/vm/check reads each as
 * "kunit_mptcp-<what>" from the console, so the suite's name is made from
 * @what and nothing else.
 */
#ifndef __MPTCP_KUNIT_SUITE_H
#define __MPTCP_KUNIT_SUITE_H

#include <kunit/test.h>
#include <linux/module.h>

/* MPTCP_KUNIT_SUITE(what, description, KUNIT_CASE(a), KUNIT_CASE(b), ...) */
#define MPTCP_KUNIT_SUITE(what, description, ...)			\
	static struct kunit_case mptcp_##what##_cases[] = {		\
		__VA_ARGS__,						\
		{ }							\
	};								\
	static struct kunit_suite mptcp_##what##_suite = {		\
		.name		= "mptcp-" #what,			\
		.test_cases	= mptcp_##what##_cases,			\
	};								\
	kunit_test_suite(mptcp_##what##_suite);				\
	MODULE_DESCRIPTION(description);				\
	MODULE_LICENSE("GPL")

#endif /* __MPTCP_KUNIT_SUITE_H */
