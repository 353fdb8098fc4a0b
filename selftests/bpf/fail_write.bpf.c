// SPDX-License-Identifier: GPL-2.0
/* Must not load (bpf_sched_fail): writes a field outside the allowlist. */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(write_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow;

	subflow = bpf_mptcp_subflow_ctx(msk->first);
	if (subflow)
		subflow->backup = 1;
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops write = {
	.get_send	= (void *)write_get_send,
	.name		= "test_write",
};
