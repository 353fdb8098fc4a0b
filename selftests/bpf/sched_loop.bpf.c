// SPDX-License-Identifier: GPL-2.0
/* Misbehaves on purpose (bpf_sched_eject): a decision that spins for
 * far longer than the core's budget, then answers correctly.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

static long spin(__u64 i, void *ctx)
{
	(*(__u64 *)ctx)++;
	return 0;
}

SEC("struct_ops")
int BPF_PROG(loop_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow;
	__u64 n = 0;

	bpf_loop(1 << 23, spin, &n, 0);
	subflow = bpf_mptcp_subflow_ctx(msk->first);
	if (!subflow)
		return -1;
	mptcp_subflow_set_scheduled(subflow, true);
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops loop = {
	.get_send	= (void *)loop_get_send,
	.name		= "test_loop",
};
