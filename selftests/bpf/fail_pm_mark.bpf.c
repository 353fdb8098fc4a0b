// SPDX-License-Identifier: GPL-2.0
/* Must not load (bpf_pm): a path manager calling a scheduler's kfunc. */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
void BPF_PROG(mark_established, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow = bpf_mptcp_subflow_ctx(msk->first);

	if (subflow)
		mptcp_subflow_set_scheduled(subflow, true);
}

SEC(".struct_ops")
struct mptcp_pm_ops mark = {
	.established	= (void *)mark_established,
	.name		= "test_pm_mark",
};
