// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_backup_pm: one active subflow, every other one a backup.  What the
 * built-in "kernel" path manager does (announce the "signal" endpoints;
 * on the side that connected, open subflows from the "subflow" ones), and
 * then: the oldest subflow that can send is the active one, every other
 * is asked to be a backup (MP_PRIO, so the peer sends on it only when no
 * active subflow is left, and so do we); when the active one goes, the
 * next oldest takes over.
 *
 * Use it on a server whose clients join over a cheap and a costly path
 * (Wi-Fi and cellular): joins are accepted, only one path carries data,
 * and the other is ready the moment the first one fails, without the
 * client having to mark anything.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

/* @gone is going away: it is neither active nor a backup any more. */
static __always_inline void keep_one_active(struct mptcp_sock *msk,
					    struct mptcp_subflow_context *gone)
{
	struct mptcp_subflow_context *sf;
	bool have_active = false;

	bpf_for_each(mptcp_subflow, sf, msk) {
		if (sf == gone || !mptcp_subflow_active(sf))
			continue;
		bpf_mptcp_pm_set_backup(msk, sf, have_active);
		have_active = true;
	}
}

SEC("struct_ops")
void BPF_PROG(backup_pm_established, struct mptcp_sock *msk)
{
	bpf_mptcp_pm_kernel_established(msk);
}

SEC("struct_ops")
void BPF_PROG(backup_pm_subflow_established, struct mptcp_sock *msk,
	      struct mptcp_subflow_context *subflow)
{
	keep_one_active(msk, NULL);
}

SEC("struct_ops")
void BPF_PROG(backup_pm_subflow_closed, struct mptcp_sock *msk,
	      struct mptcp_subflow_context *subflow)
{
	keep_one_active(msk, subflow);
}

SEC(".struct_ops")
struct mptcp_pm_ops backup_pm = {
	.established		= (void *)backup_pm_established,
	.subflow_established	= (void *)backup_pm_subflow_established,
	.subflow_closed		= (void *)backup_pm_subflow_closed,
	.name			= "bpf_backup_pm",
};
