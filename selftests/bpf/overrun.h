/* SPDX-License-Identifier: GPL-2.0 */
/* For the schedulers that misbehave on purpose (bpf_sched_eject): a spin
 * far past the core's time budget, and the answer they give after it.
 */
#include "mptcp_bpf.h"

static long overrun_step(__u64 i, void *ctx)
{
	(*(__u64 *)ctx)++;
	return 0;
}

static __always_inline void overrun_budget(void)
{
	__u64 n = 0;

	bpf_loop(1 << 23, overrun_step, &n, 0);
}

/* A correct answer: the first subflow takes the burst. */
static __always_inline int schedule_first(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow = bpf_mptcp_subflow_ctx(msk->first);

	if (!subflow)
		return -1;
	mptcp_subflow_set_scheduled(subflow, true);
	return 0;
}
