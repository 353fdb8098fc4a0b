// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_redundant: every byte on every usable subflow.  The peer keeps the
 * first copy to arrive (by data sequence number) and drops the others, so
 * a loss or a stall on one path costs nothing while another delivers.
 *
 * Use it for small, latency-critical flows (control traffic, gaming,
 * VoIP signalling) where capacity is cheap and tail latency is not; it
 * gives no more throughput than the slowest path allows in sum.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(redundant_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow;
	bool any = false;	/* not a count: the verifier must see the loop converge */

	bpf_for_each(mptcp_subflow, subflow, msk) {
		if (!mptcp_subflow_active(subflow))
			continue;
		mptcp_subflow_set_scheduled(subflow, true);
		any = true;
	}
	return any ? 0 : -1;
}

SEC(".struct_ops")
struct mptcp_sched_ops redundant = {
	.get_send	= (void *)redundant_get_send,
	.name		= "bpf_redundant",
};
