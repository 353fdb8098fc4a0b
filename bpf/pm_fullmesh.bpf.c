// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_fullmesh: a subflow for every pair of a local address and a peer
 * address.  Local: the namespace's endpoints (`ip mptcp endpoint`, any
 * flags) of the peer address's family, plus the address the connection
 * started from; peer: the connection's initial address and each one the
 * peer announces (ADD_ADDR).  On the side that connected, within the
 * namespace's subflow limit.  On either side the "signal" endpoints are
 * announced, as the kernel path manager does.
 *
 * Use it between two multihomed hosts whose every address reaches every
 * other one (two ISPs on each side): all the paths of the mesh get used,
 * where the kernel path manager only opens what its endpoint flags name.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

/* Subflows from every local address of @remote's family to @remote. */
static __always_inline void mesh_to(struct mptcp_sock *msk,
				    const struct mptcp_addr_info *remote, bool initial)
{
	struct mptcp_addr_info local, first, peer;
	int i, flags;

	mptcp_sock_addrs((struct sock *)msk, &first, &peer);
	/* The connection's own address: it runs there already */
	if (!initial && first.family == remote->family)
		bpf_mptcp_pm_subflow_create(msk, &first, remote, false);
	for (i = 0; i < MPTCP_PM_ENDPOINTS_MAX; i++) {
		flags = bpf_mptcp_pm_endpoint(msk, i, &local);
		if (flags < 0)
			break;
		if (local.family != remote->family || mptcp_addr_eq(&local, &first))
			continue;
		local.port = 0;
		bpf_mptcp_pm_subflow_create(msk, &local, remote,
					    flags & MPTCP_PM_ADDR_FLAG_BACKUP);
	}
}

SEC("struct_ops")
void BPF_PROG(fullmesh_established, struct mptcp_sock *msk)
{
	struct mptcp_addr_info local, remote;
	int i, flags;

	for (i = 0; i < MPTCP_PM_ENDPOINTS_MAX; i++) {
		flags = bpf_mptcp_pm_endpoint(msk, i, &local);
		if (flags < 0)
			break;
		if ((flags & MPTCP_PM_ADDR_FLAG_SIGNAL) && !local.port)
			bpf_mptcp_pm_announce(msk, &local);
	}
	if (msk->passive)
		return;
	mptcp_sock_addrs((struct sock *)msk, &local, &remote);
	mesh_to(msk, &remote, true);
}

SEC("struct_ops")
void BPF_PROG(fullmesh_addr_added, struct mptcp_sock *msk,
	      const struct mptcp_addr_info *addr)
{
	struct mptcp_addr_info local, remote;

	if (msk->passive)
		return;
	mptcp_sock_addrs((struct sock *)msk, &local, &remote);
	mptcp_addr_copy(&local, addr);	/* its port: 0 means the connection's */
	if (!local.port)
		local.port = remote.port;
	mesh_to(msk, &local, false);
}

SEC(".struct_ops")
struct mptcp_pm_ops fullmesh = {
	.established	= (void *)fullmesh_established,
	.addr_added	= (void *)fullmesh_addr_added,
	.name		= "bpf_fullmesh",
};
