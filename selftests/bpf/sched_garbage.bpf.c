// SPDX-License-Identifier: GPL-2.0
/* Misbehaves on purpose (bpf_sched_eject): asks for the subflow context of
 * a socket that is no subflow (the meta-socket itself) and marks it.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(garbage_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow;

	subflow = bpf_mptcp_subflow_ctx((struct sock *)msk);
	if (subflow)
		mptcp_subflow_set_scheduled(subflow, true);
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops garbage = {
	.get_send	= (void *)garbage_get_send,
	.name		= "test_garbage",
};
