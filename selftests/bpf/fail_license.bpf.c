// SPDX-License-Identifier: GPL-2.0
/* Must not load (bpf_sched_fail): a scheduler under a non-GPL license. */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "Proprietary";

SEC("struct_ops")
int BPF_PROG(nongpl_get_send, struct mptcp_sock *msk)
{
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops nongpl = {
	.get_send	= (void *)nongpl_get_send,
	.name		= "test_nongpl",
};
