// SPDX-License-Identifier: GPL-2.0
/* Misbehaves on purpose (bpf_pm): announces and withdraws addresses in a
 * loop, far beyond what any path manager needs, every time it is called.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
void BPF_PROG(spam_announce_established, struct mptcp_sock *msk)
{
	struct mptcp_addr_info local, remote;
	int i;

	mptcp_sock_addrs((struct sock *)msk, &local, &remote);
	for (i = 1; i <= 64; i++) {
		local.id = i;
		bpf_mptcp_pm_announce(msk, &local);
		bpf_mptcp_pm_remove_addr(msk, i);
	}
}

SEC(".struct_ops")
struct mptcp_pm_ops spam_announce = {
	.established	= (void *)spam_announce_established,
	.name		= "test_ann_spam",
};
