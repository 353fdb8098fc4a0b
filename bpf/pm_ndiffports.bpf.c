// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_ndiffports: N subflows over the same pair of addresses, each from
 * its own source port (N = 4 unless the loader sets nr_subflows).  On the
 * side that connected, once the connection is established.
 *
 * Use it where the network spreads flows by their ports (ECMP in a data
 * center, link aggregation): one host pair then gets several paths.  The
 * peer's subflow limit (ip mptcp limits) must allow N - 1 more.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

const volatile __u32 nr_subflows = 4;

SEC("struct_ops")
void BPF_PROG(ndiffports_established, struct mptcp_sock *msk)
{
	struct mptcp_addr_info local, remote;
	__u32 i;

	if (msk->passive)
		return;
	mptcp_sock_addrs((struct sock *)msk, &local, &remote);
	for (i = 1; i < nr_subflows && i < MPTCP_SUBFLOWS_MAX; i++)
		if (bpf_mptcp_pm_subflow_create(msk, &local, &remote, false))
			break;
}

SEC(".struct_ops")
struct mptcp_pm_ops ndiffports = {
	.established	= (void *)ndiffports_established,
	.name		= "bpf_ndiffports",
};
