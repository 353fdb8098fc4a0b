// SPDX-License-Identifier: GPL-2.0
/* Misbehaves on purpose (bpf_sched_eject): a decision that spins for
 * far longer than the core's budget, then answers correctly.
 */
#include "overrun.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(loop_get_send, struct mptcp_sock *msk)
{
	overrun_budget();
	return schedule_first(msk);
}

SEC(".struct_ops")
struct mptcp_sched_ops loop = {
	.get_send	= (void *)loop_get_send,
	.name		= "test_loop",
};
