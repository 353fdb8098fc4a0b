// SPDX-License-Identifier: GPL-2.0
/*
 * Entry points the TCP core calls once at boot (tcp_init(), inet6_init()).
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/init.h>
#include <net/mptcp.h>

#include "protocol.h"

void __init mptcp_init(void)
{
	/* Nothing can run without per-netns state; the TCP core gives us no
	 * way to report failure this early, and upstream panics here too.
	 */
	if (mptcp_ctrl_init())
		panic("MPTCP: cannot register per-netns state\n");
}

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
int __init mptcpv6_init(void)
{
	return 0;
}
#endif
