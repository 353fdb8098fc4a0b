// SPDX-License-Identifier: GPL-2.0
/*
 * tut_minrtt: the scheduler of the README's tutorial.  Every burst goes to
 * the usable subflow with the lowest smoothed RTT that is not a backup; a
 * backup subflow carries data only when nothing else can.
 *
 * Unlike the built-in default it never spills over to a slower path when
 * the fastest one's window is full: it trades throughput for the lowest
 * delay (the data waits for the fast path instead).
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(minrtt_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow, *best = NULL, *backup = NULL;
	__u32 best_rtt = ~0U;
	struct subflow_tcp t;

	bpf_for_each(mptcp_subflow, subflow, msk) {
		/* established, not closing, not stale: can take data now */
		if (!mptcp_subflow_active(subflow) || !subflow_tcp_read(subflow, &t))
			continue;
		if (mptcp_subflow_is_backup(subflow)) {
			if (!backup)
				backup = subflow;
			continue;
		}
		if (t.srtt_us < best_rtt) {
			best = subflow;
			best_rtt = t.srtt_us;
		}
	}
	if (!best)
		best = backup;
	if (!best)
		return -1;	/* nothing usable: the core waits for a subflow */

	mptcp_subflow_set_scheduled(best, true);
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops minrtt = {
	.get_send	= (void *)minrtt_get_send,
	.name		= "tut_minrtt",
};
