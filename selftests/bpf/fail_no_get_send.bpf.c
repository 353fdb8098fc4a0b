// SPDX-License-Identifier: GPL-2.0
/* Must not register (bpf_sched_fail): no get_send. */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
void BPF_PROG(noget_init, struct mptcp_sock *msk)
{
}

SEC(".struct_ops")
struct mptcp_sched_ops noget = {
	.init		= (void *)noget_init,
	.name		= "test_noget",
};
