// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_blest: BLocking ESTimation (Ferlin et al., IFIP Networking 2016).
 * New data goes to the fastest subflow with room; a slower one is used
 * only if what the fast subflow would send during one slow RTT still fits
 * in the connection's send window beside it.  Otherwise the slow path's
 * data would block the window (head-of-line blocking at the receiver) and
 * BLEST holds the data back for the fast subflow (MPTCP_SCHED_WAIT).
 *
 * Use it on paths of different RTT when the receive window is the limit
 * (mobile receivers, small socket buffers): it keeps the slow path from
 * stalling the fast one.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(blest_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow, *fast = NULL, *avail = NULL, *bkup = NULL;
	__u32 rtt_fast = ~0U, rtt_avail = ~0U;
	struct subflow_tcp f, s;

	bpf_for_each(mptcp_subflow, subflow, msk) {
		struct subflow_tcp t;

		if (!mptcp_subflow_active(subflow) || !subflow_tcp_read(subflow, &t))
			continue;
		if (mptcp_subflow_is_backup(subflow)) {
			if (!bkup)
				bkup = subflow;
			continue;
		}
		if (t.srtt_us < rtt_fast) {
			fast = subflow;
			rtt_fast = t.srtt_us;
		}
		if (subflow_tcp_has_room(&t) && t.srtt_us < rtt_avail) {
			avail = subflow;
			rtt_avail = t.srtt_us;
		}
	}
	if (!fast) {
		if (!bkup)
			return -1;
		mptcp_subflow_set_scheduled(bkup, true);
		return 0;
	}
	if (!avail)
		return MPTCP_SCHED_WAIT;

	if (avail != fast && subflow_tcp_read(fast, &f) && subflow_tcp_read(avail, &s)) {
		__u64 ratio = s.srtt_us / (f.srtt_us ? : 1);
		__u64 x, space;
		__s64 wnd;

		/* what the fast subflow sends during one slow RTT, its window
		 * growing by one segment per RTT meanwhile (lambda = 1)
		 */
		x = (__u64)f.mss * (f.cwnd + (f.cwnd + ratio - 1) / 2) * ratio;
		wnd = msk->wnd_end.counter - (__s64)msk->snd_nxt;
		space = wnd > 0 ? wnd : 0;
		if (x + s.mss > space)
			return MPTCP_SCHED_WAIT;
	}
	mptcp_subflow_set_scheduled(avail, true);
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops blest = {
	.get_send	= (void *)blest_get_send,
	.name		= "bpf_blest",
};
