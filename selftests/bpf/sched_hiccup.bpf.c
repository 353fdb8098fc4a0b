// SPDX-License-Identifier: GPL-2.0
/* Overruns the core's time budget now and then, never twice in a row
 * (bpf_sched_eject): what a vCPU descheduled mid-decision looks like to
 * the core.  It must stay on the connection; only a streak of overruns,
 * as sched_loop makes, is ejected.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

__u64 calls;
__u64 overruns;

static long spin(__u64 i, void *ctx)
{
	(*(__u64 *)ctx)++;
	return 0;
}

SEC("struct_ops")
int BPF_PROG(hiccup_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow;
	__u64 n = 0;

	/* every eighth of the first 40 decisions: 5 overruns, none adjacent */
	if (calls < 40 && calls % 8 == 4) {
		bpf_loop(1 << 23, spin, &n, 0);
		overruns++;
	}
	calls++;
	subflow = bpf_mptcp_subflow_ctx(msk->first);
	if (!subflow)
		return -1;
	mptcp_subflow_set_scheduled(subflow, true);
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops hiccup = {
	.get_send	= (void *)hiccup_get_send,
	.name		= "test_hiccup",
};
