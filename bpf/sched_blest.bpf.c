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
	struct subflow_tcp f, s;
	struct rtt_pick p;
	int ret;

	pick_by_rtt(msk, &p);
	if (rtt_pick_settled(&p, &ret))
		return ret;

	if (p.avail != p.fast && subflow_tcp_read(p.fast, &f) &&
	    subflow_tcp_read(p.avail, &s)) {
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
	mptcp_subflow_set_scheduled(p.avail, true);
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops blest = {
	.get_send	= (void *)blest_get_send,
	.name		= "bpf_blest",
};
