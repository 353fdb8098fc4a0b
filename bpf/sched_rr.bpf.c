// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_rr: round robin.  Each decision (one burst, up to 64 KiB) goes to the
 * next usable subflow after the one that took the previous burst, backups
 * included.
 *
 * Use it to spread a transfer evenly over paths of similar capacity, or to
 * exercise every path (tests, measurements).  On paths of unequal speed
 * the slowest one sets the pace: prefer bpf_burst there.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

struct rr_state {
	__u8	last_id;	/* subflow_id of the last burst's subflow */
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct rr_state);
} rr_state SEC(".maps");

SEC("struct_ops")
void BPF_PROG(rr_init, struct mptcp_sock *msk)
{
	bpf_sk_storage_get(&rr_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
}

SEC("struct_ops")
void BPF_PROG(rr_release, struct mptcp_sock *msk)
{
	bpf_sk_storage_delete(&rr_state, msk);
}

SEC("struct_ops")
int BPF_PROG(rr_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow, *first = NULL, *next = NULL;
	struct rr_state *st;

	st = bpf_sk_storage_get(&rr_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st)
		return -1;

	/* subflows are listed in creation order, so in subflow_id order */
	bpf_for_each(mptcp_subflow, subflow, msk) {
		if (!mptcp_subflow_active(subflow))
			continue;
		if (!first)
			first = subflow;
		if (subflow->subflow_id > st->last_id) {
			next = subflow;
			break;
		}
	}
	if (!next)
		next = first;	/* wrap around */
	if (!next)
		return -1;

	mptcp_subflow_set_scheduled(next, true);
	st->last_id = next->subflow_id;
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops rr = {
	.init		= (void *)rr_init,
	.release	= (void *)rr_release,
	.get_send	= (void *)rr_get_send,
	.name		= "bpf_rr",
};
