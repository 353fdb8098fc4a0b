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
	/* Nothing can run without these; the TCP core gives us no way to
	 * report failure this early, and upstream panics here too.
	 */
	mptcp_token_init();
	mptcp_join_cookie_init();
	if (mptcp_sched_init() || mptcp_pm_ops_init() || mptcp_ctrl_init() ||
	    mptcp_send_init() || mptcp_subflow_init() || mptcp_proto_init() ||
	    mptcp_pm_netlink_init() || mptcp_local_addr_init())
		panic("MPTCP: cannot initialise\n");
}

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
int __init mptcpv6_init(void)
{
	int err;

	err = mptcp_subflow_v6_init();
	if (!err)
		err = mptcp_proto_v6_init();
	return err;
}
#endif
