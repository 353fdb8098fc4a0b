// SPDX-License-Identifier: GPL-2.0
/*
 * Path-manager core: what a connection may accept (limits) and the address
 * ids it uses.  The decisions themselves belong to the selected path
 * manager (shared/DESIGN.md section 4).
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <net/sock.h>

#include "protocol.h"

/* Whether @msk takes one more subflow: an established MPTCP connection
 * below its subflow limit.
 */
bool mptcp_join_allowed(struct mptcp_sock *msk)
{
	return false;
}

/* The address id of the local address @skb arrived on, for a join. */
u8 mptcp_pm_local_id_of(struct mptcp_sock *msk, const struct sk_buff *skb)
{
	return 0;
}
