// SPDX-License-Identifier: GPL-2.0
/* Must not load (bpf_sched_fail): a sleepable get_send.  Policies run
 * under the connection's lock with preemption off.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops.s")
int BPF_PROG(sleepy_get_send, struct mptcp_sock *msk)
{
	return -1;
}

SEC(".struct_ops")
struct mptcp_sched_ops sleepy = {
	.get_send	= (void *)sleepy_get_send,
	.name		= "test_sleepable",
};
