// SPDX-License-Identifier: GPL-2.0
/* Overruns the core's time budget now and then, never twice in a row
 * (bpf_sched_eject): what a vCPU descheduled mid-decision looks like to
 * the core.  It must stay on the connection; only a streak of overruns,
 * as sched_loop makes, is ejected.
 */
#include "overrun.h"

char _license[] SEC("license") = "GPL";

__u64 calls;
__u64 overruns;

SEC("struct_ops")
int BPF_PROG(hiccup_get_send, struct mptcp_sock *msk)
{
	/* every eighth of the first 40 decisions: 5 overruns, none adjacent */
	if (calls < 40 && calls % 8 == 4) {
		overrun_budget();
		overruns++;
	}
	calls++;
	return schedule_first(msk);
}

SEC(".struct_ops")
struct mptcp_sched_ops hiccup = {
	.get_send	= (void *)hiccup_get_send,
	.name		= "test_hiccup",
};
