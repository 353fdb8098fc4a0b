// SPDX-License-Identifier: GPL-2.0
/* The replacement in bpf_sched_swap: active-backup logic under the name
 * bpf_rr, so `mptcpctl sched replace bpf_rr` can swap it in live.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(first_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow;

	bpf_for_each(mptcp_subflow, subflow, msk) {
		if (mptcp_subflow_active(subflow)) {
			mptcp_subflow_set_scheduled(subflow, true);
			return 0;
		}
	}
	return -1;
}

SEC(".struct_ops")
struct mptcp_sched_ops rr = {
	.get_send	= (void *)first_get_send,
	.name		= "bpf_rr",
};
