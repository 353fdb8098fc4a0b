// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_burst: the built-in default scheduler, in BPF.  Each burst goes to
 * the usable subflow expected to send it soonest: the least queued bytes
 * per unit of pacing rate ("linger time"), regular subflows before
 * backups; a tie (idle subflows, typically) to the shorter path, and
 * between paths within an eighth of each other's srtt to the subflow that
 * did not take the last burst.
 *
 * Use it as the starting point of your own scheduler, and to measure what
 * running the decision in BPF costs (make bench: bpf_burst vs default).
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

struct burst_state {
	__u8	last_id;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct burst_state);
} burst_state SEC(".maps");

/* ns to drain what @ssk has queued, scaled by 2^32.  A full subflow
 * still competes: if it drains first the burst waits for it instead of
 * spilling onto a slower path (the built-in default's reasoning).
 */
static __always_inline __u64 linger_time(const struct sock *ssk)
{
	__u64 rate = ssk->sk_pacing_rate;

	if (!rate)
		rate = 1;
	return ((__u64)ssk->sk_wmem_queued << 32) / rate;
}

/* @a over @b in a tie: the lower srtt, unless within an eighth (then not
 * the last one used), as the built-in default does
 */
static __always_inline bool tie_better(struct mptcp_subflow_context *a,
				       struct mptcp_subflow_context *b, __u8 last)
{
	struct subflow_tcp ta, tb;

	if (!subflow_tcp_read(a, &ta) || !subflow_tcp_read(b, &tb))
		return b->subflow_id == last;
	if (ta.srtt_us + (ta.srtt_us >> 3) < tb.srtt_us)
		return true;
	if (tb.srtt_us + (tb.srtt_us >> 3) < ta.srtt_us)
		return false;
	return b->subflow_id == last;
}

SEC("struct_ops")
void BPF_PROG(burst_release, struct mptcp_sock *msk)
{
	bpf_sk_storage_delete(&burst_state, msk);
}

SEC("struct_ops")
int BPF_PROG(burst_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow, *best = NULL, *best_bkup = NULL;
	__u64 t, best_t = ~0ULL, best_bkup_t = ~0ULL;
	struct burst_state *st;
	__u8 last;

	st = bpf_sk_storage_get(&burst_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st)
		return -1;
	last = st->last_id;

	bpf_for_each(mptcp_subflow, subflow, msk) {
		if (!mptcp_subflow_active(subflow) || subflow->stale)
			continue;
		t = linger_time(subflow->tcp_sock);
		if (mptcp_subflow_is_backup(subflow)) {
			if (!best_bkup || t < best_bkup_t) {
				best_bkup = subflow;
				best_bkup_t = t;
			}
		} else if (!best || t < best_t ||
			   (t == best_t && tie_better(subflow, best, last))) {
			best = subflow;
			best_t = t;
		}
	}
	if (!best)
		best = best_bkup;
	if (!best)
		return -1;
	mptcp_subflow_set_scheduled(best, true);
	st->last_id = best->subflow_id;
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops burst = {
	.release	= (void *)burst_release,
	.get_send	= (void *)burst_get_send,
	.name		= "bpf_burst",
};
