// SPDX-License-Identifier: GPL-2.0
/*
 * A scheduler written the way the mptcp_net-next "export" branch writes
 * them, to show that such programs load here unchanged (bpf_sched_export):
 * it does not include our mptcp_bpf.h but declares what it uses as that
 * branch's header does -- the subflow iterator over a struct sock,
 * mptcp_subflow_tcp_sock() read from the context -- and calls that
 * branch's kfuncs: mptcp_set_timeout(), mptcp_wnd_end(),
 * tcp_stream_memory_free(), mptcp_pm_subflow_chk_stale(); reads
 * subflow_id, backup, request_bkup and stale_count; writes
 * avg_pacing_rate and snd_burst; attaches through .struct_ops.link.
 *
 * The policy: bursts in turn over the usable subflows, found again by id.
 * Counters in .bss let the test see each part ran.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "GPL";

#define MPTCP_SUBFLOWS_MAX	8
#define SEND_BURST		65428

static __always_inline struct sock *
mptcp_subflow_tcp_sock(const struct mptcp_subflow_context *subflow)
{
	return subflow->tcp_sock;
}

extern void mptcp_subflow_set_scheduled(struct mptcp_subflow_context *subflow,
					bool scheduled) __ksym;
extern struct mptcp_subflow_context *bpf_mptcp_subflow_ctx(const struct sock *sk) __ksym;
extern int bpf_iter_mptcp_subflow_new(struct bpf_iter_mptcp_subflow *it,
				      struct sock *sk) __ksym;
extern struct mptcp_subflow_context *
bpf_iter_mptcp_subflow_next(struct bpf_iter_mptcp_subflow *it) __ksym;
extern void bpf_iter_mptcp_subflow_destroy(struct bpf_iter_mptcp_subflow *it) __ksym;
extern bool mptcp_subflow_active(struct mptcp_subflow_context *subflow) __ksym;
extern void mptcp_set_timeout(struct sock *sk) __ksym;
extern __u64 mptcp_wnd_end(const struct mptcp_sock *msk) __ksym;
extern bool tcp_stream_memory_free(const struct sock *sk, int wake) __ksym;
extern bool bpf_mptcp_subflow_queues_empty(struct sock *sk) __ksym;
extern void mptcp_pm_subflow_chk_stale(const struct mptcp_sock *msk, struct sock *ssk) __ksym;

__u64 sends, retrans_calls, stale_checks, window_lies;

struct turn {
	__u8	last_id;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct turn);
} turns SEC(".maps");

static struct mptcp_subflow_context *subflow_by_id(struct mptcp_sock *msk, __u8 id)
{
	struct mptcp_subflow_context *subflow;

	bpf_for_each(mptcp_subflow, subflow, (struct sock *)msk) {
		if (subflow->subflow_id == id)
			return subflow;
	}
	return NULL;
}

static __always_inline bool can_queue(const struct sock *ssk)
{
	return ssk->sk_wmem_queued < ssk->sk_sndbuf && tcp_stream_memory_free(ssk, 0);
}

SEC("struct_ops")
void BPF_PROG(export_init, struct mptcp_sock *msk)
{
	bpf_sk_storage_get(&turns, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
}

SEC("struct_ops")
void BPF_PROG(export_release, struct mptcp_sock *msk)
{
	bpf_sk_storage_delete(&turns, msk);
}

SEC("struct_ops")
int BPF_PROG(export_get_send, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow;
	__u8 next = 0, first = 0;
	struct turn *t;
	struct sock *ssk;
	__u64 wnd_end;

	t = bpf_sk_storage_get(&turns, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!t)
		return -1;
	mptcp_set_timeout((struct sock *)msk);

	/* the first usable subflow after the last one served, else the first */
	bpf_for_each(mptcp_subflow, subflow, (struct sock *)msk) {
		if (!mptcp_subflow_active(subflow) || subflow->backup || subflow->request_bkup)
			continue;
		ssk = mptcp_subflow_tcp_sock(subflow);
		if (!ssk || !can_queue(ssk))
			continue;
		if (!first)
			first = subflow->subflow_id;
		if (subflow->subflow_id > t->last_id) {
			next = subflow->subflow_id;
			break;
		}
	}
	subflow = subflow_by_id(msk, next ? : first);
	if (!subflow)
		return -1;

	wnd_end = mptcp_wnd_end(msk);
	if (!wnd_end)		/* a window edge is known from the first ACK */
		__sync_fetch_and_add(&window_lies, 1);
	if (wnd_end > msk->snd_nxt && wnd_end - msk->snd_nxt < SEND_BURST)
		msk->snd_burst = wnd_end - msk->snd_nxt;
	ssk = mptcp_subflow_tcp_sock(subflow);
	if (ssk)
		subflow->avg_pacing_rate = ssk->sk_pacing_rate;
	t->last_id = subflow->subflow_id;
	mptcp_subflow_set_scheduled(subflow, true);
	__sync_fetch_and_add(&sends, 1);
	return 0;
}

SEC("struct_ops")
int BPF_PROG(export_get_retrans, struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *subflow, *pick = NULL, *busy = NULL;

	__sync_fetch_and_add(&retrans_calls, 1);

	bpf_for_each(mptcp_subflow, subflow, (struct sock *)msk) {
		struct sock *ssk = mptcp_subflow_tcp_sock(subflow);

		if (!ssk || !mptcp_subflow_active(subflow))
			continue;
		if (!bpf_mptcp_subflow_queues_empty(ssk)) {
			mptcp_pm_subflow_chk_stale(msk, ssk);
			__sync_fetch_and_add(&stale_checks, 1);
			if (!subflow->stale_count)	/* still getting through */
				busy = subflow;
			continue;
		}
		if (!pick)
			pick = subflow;
	}
	/* every subflow busy: one that is not stale gets it there */
	if (!pick)
		pick = busy;
	/* back from the socket, as that branch's schedulers do */
	subflow = pick ? bpf_mptcp_subflow_ctx(mptcp_subflow_tcp_sock(pick)) : NULL;
	if (!subflow)
		return -1;
	mptcp_subflow_set_scheduled(subflow, true);
	return 0;
}

SEC(".struct_ops.link")
struct mptcp_sched_ops export = {
	.init		= (void *)export_init,
	.release	= (void *)export_release,
	.get_send	= (void *)export_get_send,
	.get_retrans	= (void *)export_get_retrans,
	.name		= "test_export",
};
