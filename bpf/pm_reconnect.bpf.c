// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_reconnect: the built-in "kernel" path manager (subflows from the
 * namespace's `ip mptcp endpoint ... subflow` addresses), plus this: a
 * subflow that dies of an error (a reset, a timeout) while the connection
 * goes on is opened again over the same addresses, after 0.5 s, then 1 s,
 * 2 s ... up to 5 tries per connection.
 *
 * Use it on paths that drop connections now and then (NAT timeouts,
 * middlebox resets, flapping links), where upstream's path manager leaves
 * a lost subflow lost.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

#define LOST_MAX	4
#define TRIES_MAX	5
#define FIRST_DELAY_MS	500

struct lost_subflow {
	struct mptcp_addr_info	local;
	struct mptcp_addr_info	remote;
	bool			backup;
};

struct reconnect_state {
	struct lost_subflow	lost[LOST_MAX];
	__u32			nr_lost;
	__u32			tries;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct reconnect_state);
} reconnect_state SEC(".maps");

SEC("struct_ops")
void BPF_PROG(reconnect_established, struct mptcp_sock *msk)
{
	bpf_mptcp_pm_kernel_established(msk);
}

SEC("struct_ops")
void BPF_PROG(reconnect_subflow_closed, struct mptcp_sock *msk,
	      struct mptcp_subflow_context *subflow)
{
	struct reconnect_state *st;
	struct lost_subflow *l;
	struct sock *ssk;
	__u32 n;

	ssk = bpf_mptcp_subflow_tcp_sock(subflow);
	if (!ssk || !ssk->sk_err || msk->passive)
		return;		/* closed cleanly, or not ours to open */
	st = bpf_sk_storage_get(&reconnect_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st || st->tries >= TRIES_MAX)
		return;
	n = st->nr_lost;
	if (n >= LOST_MAX)
		return;
	l = &st->lost[n];
	mptcp_sock_addrs(ssk, &l->local, &l->remote);
	l->backup = mptcp_subflow_is_backup(subflow);
	st->nr_lost = n + 1;
	bpf_mptcp_pm_timer_arm(msk, FIRST_DELAY_MS << st->tries);
}

SEC("struct_ops")
void BPF_PROG(reconnect_timer, struct mptcp_sock *msk)
{
	struct reconnect_state *st;
	__u32 i;

	st = bpf_sk_storage_get(&reconnect_state, msk, 0, 0);
	if (!st)
		return;
	for (i = 0; i < LOST_MAX && i < st->nr_lost; i++)
		bpf_mptcp_pm_subflow_create(msk, &st->lost[i].local, &st->lost[i].remote,
					    st->lost[i].backup);
	st->nr_lost = 0;
	st->tries++;
}

SEC("struct_ops")
void BPF_PROG(reconnect_release, struct mptcp_sock *msk)
{
	bpf_sk_storage_delete(&reconnect_state, msk);
}

SEC(".struct_ops")
struct mptcp_pm_ops reconnect = {
	.established	= (void *)reconnect_established,
	.subflow_closed	= (void *)reconnect_subflow_closed,
	.timer		= (void *)reconnect_timer,
	.release	= (void *)reconnect_release,
	.name		= "bpf_reconnect",
};
