// SPDX-License-Identifier: GPL-2.0
/* bpf_sched_events: round robin over the subflows the core reported up
 * (subflow_up) and not down (subflow_down).  If an up event were missing,
 * it would mark nothing and be ejected for stalling: the test's signal.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

struct events_state {
	__u32	up;		/* a bit per subflow_id reported up */
	__u8	last_id;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct events_state);
} events_state SEC(".maps");

__u64 rto_events;	/* read by nobody; proves the callback may write its .bss */
__u64 acked_bytes;	/* every byte the peer DATA_ACKed; bpftool reads it */

static __always_inline struct events_state *state(struct mptcp_sock *msk)
{
	return bpf_sk_storage_get(&events_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
}

SEC("struct_ops")
void BPF_PROG(events_subflow_up, struct mptcp_sock *msk, struct mptcp_subflow_context *subflow)
{
	struct events_state *st = state(msk);

	if (st && subflow->subflow_id < 32)
		st->up |= 1U << subflow->subflow_id;
}

SEC("struct_ops")
void BPF_PROG(events_subflow_down, struct mptcp_sock *msk, struct mptcp_subflow_context *subflow)
{
	struct events_state *st = state(msk);

	if (st && subflow->subflow_id < 32)
		st->up &= ~(1U << subflow->subflow_id);
}

SEC("struct_ops")
void BPF_PROG(events_rto, struct mptcp_sock *msk)
{
	__sync_fetch_and_add(&rto_events, 1);
}

SEC("struct_ops")
void BPF_PROG(events_acked, struct mptcp_sock *msk, __u32 bytes)
{
	__sync_fetch_and_add(&acked_bytes, bytes);
}

SEC("struct_ops")
int BPF_PROG(events_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow, *first = NULL, *next = NULL;
	struct events_state *st = state(msk);
	__u32 up;

	if (!st)
		return -1;
	up = st->up;
	bpf_for_each(mptcp_subflow, subflow, msk) {
		__u8 id = subflow->subflow_id;

		if (id >= 32 || !(up & (1U << id)) || !mptcp_subflow_active(subflow))
			continue;
		if (!first)
			first = subflow;
		if (id > st->last_id) {
			next = subflow;
			break;
		}
	}
	if (!next)
		next = first;
	if (!next)
		return -1;
	mptcp_subflow_set_scheduled(next, true);
	st->last_id = next->subflow_id;
	return 0;
}

SEC("struct_ops")
void BPF_PROG(events_release, struct mptcp_sock *msk)
{
	bpf_sk_storage_delete(&events_state, msk);
}

SEC(".struct_ops")
struct mptcp_sched_ops events = {
	.get_send	= (void *)events_get_send,
	.subflow_up	= (void *)events_subflow_up,
	.subflow_down	= (void *)events_subflow_down,
	.rto		= (void *)events_rto,
	.acked		= (void *)events_acked,
	.release	= (void *)events_release,
	.name		= "test_events",
};
