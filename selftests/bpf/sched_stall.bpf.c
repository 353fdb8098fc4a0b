// SPDX-License-Identifier: GPL-2.0
/* Misbehaves on purpose (bpf_sched_eject): marks nothing, ever. */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(stall_get_send, struct mptcp_sock *msk)
{
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops stall = {
	.get_send	= (void *)stall_get_send,
	.name		= "test_stall",
};
