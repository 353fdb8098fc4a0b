// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_backup: active-backup.  All data goes to the oldest usable subflow
 * that is not a backup; backup subflows (the B bit, either end's) carry
 * data only while no other can, and data goes back to a regular subflow
 * as soon as one is usable again.
 *
 * Use it when one path costs (metered cellular) or is worse and should
 * only keep the connection alive: `ip mptcp endpoint add ... backup`.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("struct_ops")
int BPF_PROG(backup_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow, *backup = NULL;

	bpf_for_each(mptcp_subflow, subflow, msk) {
		if (!mptcp_subflow_active(subflow))
			continue;
		if (!mptcp_subflow_is_backup(subflow)) {
			mptcp_subflow_set_scheduled(subflow, true);
			return 0;
		}
		if (!backup)
			backup = subflow;
	}
	if (!backup)
		return -1;
	mptcp_subflow_set_scheduled(backup, true);
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops backup = {
	.get_send	= (void *)backup_get_send,
	.name		= "bpf_backup",
};
