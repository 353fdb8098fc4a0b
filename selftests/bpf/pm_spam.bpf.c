// SPDX-License-Identifier: GPL-2.0
/* Misbehaves on purpose (bpf_pm): asks for far more subflows than any
 * path manager needs, every time it is called.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
void BPF_PROG(spam_established, struct mptcp_sock *msk)
{
	struct mptcp_addr_info local, remote;
	int i;

	mptcp_sock_addrs((struct sock *)msk, &local, &remote);
	for (i = 0; i < 64; i++)
		bpf_mptcp_pm_subflow_create(msk, &local, &remote, false);
}

SEC(".struct_ops")
struct mptcp_pm_ops spam = {
	.established	= (void *)spam_established,
	.name		= "test_pm_spam",
};
