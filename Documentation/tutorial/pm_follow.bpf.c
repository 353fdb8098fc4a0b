// SPDX-License-Identifier: GPL-2.0
/*
 * tut_follow: the path manager of the README's tutorial.  The side that
 * connected opens one subflow to every address the peer announces
 * (ADD_ADDR), from the address the connection started on, and nothing
 * else: the client of a multihomed server, that has one address itself.
 *
 * The core has already echoed the ADD_ADDR (and checked its HMAC) when
 * addr_added runs; the subflow asked for here is opened after the callback
 * returns, within `ip mptcp limits`' subflow limit.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

/* Required: called once the connection is established.  This manager
 * waits for announcements instead.
 */
SEC("struct_ops")
void BPF_PROG(follow_established, struct mptcp_sock *msk)
{
}

SEC("struct_ops")
void BPF_PROG(follow_addr_added, struct mptcp_sock *msk,
	      const struct mptcp_addr_info *addr)
{
	struct mptcp_addr_info local, remote;
	__be16 port;

	if (msk->passive)
		return;		/* the listener's side announces, it does not follow */
	mptcp_sock_addrs((struct sock *)msk, &local, &remote);
	if (addr->family != local.family)
		return;
	port = remote.port;
	mptcp_addr_copy(&remote, addr);
	if (!remote.port)	/* no port in the ADD_ADDR: the connection's */
		remote.port = port;
	bpf_mptcp_pm_subflow_create(msk, &local, &remote, false);
}

SEC(".struct_ops")
struct mptcp_pm_ops follow = {
	.established	= (void *)follow_established,
	.addr_added	= (void *)follow_addr_added,
	.name		= "tut_follow",
};
