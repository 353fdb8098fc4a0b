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
 *
 * And this: when one of the host's addresses goes away (a DHCP lease
 * ends, a link is renumbered), the subflows bound to it are closed, the
 * last one excepted; they are opened again as soon as the address is back,
 * outside the 5 tries.  A device whose address flaps keeps its path.
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
	bool			wait_addr;	/* until @local is back */
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

/* Remember @ssk's addresses, once; false when there is no room. */
static bool lost_add(struct reconnect_state *st, const struct sock *ssk,
		     struct mptcp_subflow_context *subflow, bool wait_addr)
{
	struct lost_subflow *l;
	__u32 i, n = st->nr_lost;

	if (n >= LOST_MAX)
		return false;
	l = &st->lost[n];
	mptcp_sock_addrs(ssk, &l->local, &l->remote);
	for (i = 0; i < LOST_MAX && i < n; i++)
		if (mptcp_addr_eq(&st->lost[i].local, &l->local) &&
		    mptcp_addr_eq(&st->lost[i].remote, &l->remote))
			return true;
	l->backup = mptcp_subflow_is_backup(subflow);
	l->wait_addr = wait_addr;
	st->nr_lost = n + 1;
	return true;
}

/* Open again the lost subflows that wait for @local (NULL: for time), and
 * forget them; the others stay.
 */
static void lost_reopen(struct mptcp_sock *msk, struct reconnect_state *st,
			const struct mptcp_addr_info *local)
{
	__u32 i, kept = 0;

	for (i = 0; i < LOST_MAX && i < st->nr_lost; i++) {
		struct lost_subflow *l = &st->lost[i];

		if (local ? l->wait_addr && mptcp_addr_eq(&l->local, local) : !l->wait_addr) {
			bpf_mptcp_pm_subflow_create(msk, &l->local, &l->remote, l->backup);
			continue;
		}
		if (kept != i && kept < LOST_MAX)
			st->lost[kept] = *l;
		kept++;
	}
	st->nr_lost = kept;
}

SEC("struct_ops")
void BPF_PROG(reconnect_subflow_closed, struct mptcp_sock *msk,
	      struct mptcp_subflow_context *subflow)
{
	struct reconnect_state *st;
	struct sock *ssk;

	ssk = bpf_mptcp_subflow_tcp_sock(subflow);
	if (!ssk || !ssk->sk_err || msk->passive)
		return;		/* closed cleanly, or not ours to open */
	st = bpf_sk_storage_get(&reconnect_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st || st->tries >= TRIES_MAX)
		return;
	if (lost_add(st, ssk, subflow, false))
		bpf_mptcp_pm_timer_arm(msk, FIRST_DELAY_MS << st->tries);
}

SEC("struct_ops")
void BPF_PROG(reconnect_timer, struct mptcp_sock *msk)
{
	struct reconnect_state *st;

	st = bpf_sk_storage_get(&reconnect_state, msk, 0, 0);
	if (!st)
		return;
	lost_reopen(msk, st, NULL);
	st->tries++;
}

SEC("struct_ops")
void BPF_PROG(reconnect_local_addr_down, struct mptcp_sock *msk,
	      const struct mptcp_addr_info *addr)
{
	struct mptcp_subflow_context *subflow;
	struct mptcp_addr_info local, remote;
	struct reconnect_state *st;

	if (msk->passive)
		return;
	st = bpf_sk_storage_get(&reconnect_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st)
		return;
	bpf_for_each(mptcp_subflow, subflow, msk) {
		struct sock *ssk = bpf_mptcp_subflow_tcp_sock(subflow);

		if (!ssk)
			continue;
		mptcp_sock_addrs(ssk, &local, &remote);
		if (mptcp_addr_eq(&local, addr) && lost_add(st, ssk, subflow, true))
			bpf_mptcp_pm_subflow_close(msk, subflow);
	}
}

SEC("struct_ops")
void BPF_PROG(reconnect_local_addr_up, struct mptcp_sock *msk,
	      const struct mptcp_addr_info *addr)
{
	struct reconnect_state *st;

	st = bpf_sk_storage_get(&reconnect_state, msk, 0, 0);
	if (st)
		lost_reopen(msk, st, addr);
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
	.local_addr_up	= (void *)reconnect_local_addr_up,
	.local_addr_down = (void *)reconnect_local_addr_down,
	.release	= (void *)reconnect_release,
	.name		= "bpf_reconnect",
};
