// SPDX-License-Identifier: GPL-2.0
/*
 * The kfuncs MPTCP policies call, in one set with one filter: schedulers
 * and path managers share the read side (the subflow iterator and
 * accessors), only a scheduler marks subflows, only a path manager asks
 * for subflows or arms its timer, and no other program type calls any
 * (they hold no msk lock).  Every kfunc checks what it is handed against
 * the connection whose policy runs now (mptcp_policy_current()).
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/tcp.h>

#include "bpf_policy.h"
#include "protocol.h"

/* The opaque iterator state BPF holds on its stack; the kernel's view of
 * it is bpf_iter_mptcp_subflow_kern.  A policy runs with the msk lock
 * held, so the list cannot change under the walk.
 */
struct bpf_iter_mptcp_subflow {
	__u64 __opaque[2];
} __aligned(8);

struct bpf_iter_mptcp_subflow_kern {
	struct mptcp_sock *msk;
	struct list_head *pos;
} __aligned(8);

__bpf_kfunc_start_defs();

__bpf_kfunc int bpf_iter_mptcp_subflow_new(struct bpf_iter_mptcp_subflow *it,
					   struct mptcp_sock *msk)
{
	struct bpf_iter_mptcp_subflow_kern *kit = (void *)it;

	BUILD_BUG_ON(sizeof(*kit) != sizeof(*it));
	BUILD_BUG_ON(__alignof__(*kit) != __alignof__(*it));

	kit->msk = msk;
	kit->pos = NULL;
	/* only the connection whose policy runs: its lock is held */
	if (!msk || msk != mptcp_policy_current())
		return -EINVAL;
	kit->pos = &msk->subflows;
	return 0;
}

__bpf_kfunc struct mptcp_subflow_context *
bpf_iter_mptcp_subflow_next(struct bpf_iter_mptcp_subflow *it)
{
	struct bpf_iter_mptcp_subflow_kern *kit = (void *)it;

	if (!kit->pos || kit->pos->next == &kit->msk->subflows)
		return NULL;
	kit->pos = kit->pos->next;
	return list_entry(kit->pos, struct mptcp_subflow_context, node);
}

__bpf_kfunc void bpf_iter_mptcp_subflow_destroy(struct bpf_iter_mptcp_subflow *it)
{
}

/* The subflow context of a TCP socket, or NULL when it is not a subflow. */
__bpf_kfunc struct mptcp_subflow_context *bpf_mptcp_subflow_ctx(const struct sock *sk)
{
	if (!sk || !sk_fullsock(sk) || sk->sk_protocol != IPPROTO_TCP || !sk_is_mptcp(sk))
		return NULL;
	return mptcp_subflow_ctx(sk);
}

__bpf_kfunc struct sock *
bpf_mptcp_subflow_tcp_sock(const struct mptcp_subflow_context *subflow)
{
	return subflow ? subflow->tcp_sock : NULL;
}

/* Nothing queued at TCP level, sent or not: a subflow that can take a
 * retransmission at once.
 */
__bpf_kfunc bool bpf_mptcp_subflow_queues_empty(struct sock *sk)
{
	const struct tcp_sock *tp;

	if (!bpf_mptcp_subflow_ctx(sk))
		return true;
	tp = tcp_sk(sk);
	return tcp_rtx_queue_empty(sk) && READ_ONCE(tp->write_seq) == READ_ONCE(tp->snd_nxt);
}

/* More under the export branch's names and prototypes (and one of the
 * schedulers built on it), so that they load unchanged.
 */

/* The right edge of the peer's connection-level receive window. */
__bpf_kfunc u64 mptcp_wnd_end(const struct mptcp_sock *msk)
{
	return atomic64_read(&msk->wnd_end);
}

/* Upstream keeps a retransmit timeout in the msk that a scheduler
 * refreshes; ours is worked out from the subflows' RTOs each time the
 * clock is armed (send.c), so there is nothing to refresh.
 */
__bpf_kfunc void mptcp_set_timeout(struct sock *sk)
{
}

/* The subflow's TCP can queue more (false for anything but a subflow). */
__bpf_kfunc bool bpf_sk_stream_memory_free(const struct sock *sk)
{
	return bpf_mptcp_subflow_ctx(sk) && sk_stream_memory_free(sk);
}

/* The core's staleness rule applied to @ssk now; subflow->stale_count
 * then says how many checks in a row found it stale.
 */
__bpf_kfunc void mptcp_pm_subflow_chk_stale(const struct mptcp_sock *msk, struct sock *ssk)
{
	struct mptcp_subflow_context *sf = bpf_mptcp_subflow_ctx(ssk);

	if (sf && msk == mptcp_policy_current() && sf->msk == (const struct sock *)msk)
		mptcp_subflow_check_stale((struct mptcp_sock *)msk, sf);
}

/**
 * bpf_mptcp_pm_subflow_create - a path manager asks for one more subflow
 * @msk: the connection (its path manager runs now)
 * @local: local address, port 0 for any; family as @remote
 * @remote: the peer's address and port
 * @backup: ask the peer to use it as a backup only
 *
 * Queued, opened right after the path manager returns, within the
 * namespace's subflow limit.  Asking for more than the core's budget per
 * second ejects the path manager.  0, -EBUSY or -EINVAL.
 */
__bpf_kfunc int bpf_mptcp_pm_subflow_create(struct mptcp_sock *msk,
					    const struct mptcp_addr_info *local,
					    const struct mptcp_addr_info *remote,
					    bool backup)
{
	if (msk != mptcp_policy_current() || !local || !remote)
		return -EINVAL;
	return mptcp_pm_request_subflow(msk, local, 0, remote, backup);
}

/* What the built-in "kernel" path manager does when a connection is
 * established (subflows from the namespace's "subflow" endpoints, on the
 * side that connected), for path managers that build on it.
 */
__bpf_kfunc int bpf_mptcp_pm_kernel_established(struct mptcp_sock *msk)
{
	if (msk != mptcp_policy_current())
		return -EINVAL;
	mptcp_pm_kernel.established(msk);
	return 0;
}

/* The path manager's timer fires @ms from now (10 ms .. 10 min), once. */
__bpf_kfunc int bpf_mptcp_pm_timer_arm(struct mptcp_sock *msk, u32 ms)
{
	if (msk != mptcp_policy_current())
		return -EINVAL;
	mptcp_pm_timer_arm(msk, ms);
	return 0;
}

/**
 * bpf_mptcp_pm_announce - announce one of our addresses (ADD_ADDR)
 * @msk: the connection (its path manager runs now)
 * @addr: id (1..255), address, port (0: the connection's)
 *
 * Sent on the next pure ACK, again until the peer echoes it.  0,
 * -EEXIST (the id is announced), -ENOSPC, -EBUSY (budget), -EINVAL.
 */
__bpf_kfunc int bpf_mptcp_pm_announce(struct mptcp_sock *msk,
				      const struct mptcp_addr_info *addr)
{
	if (msk != mptcp_policy_current() || !addr)
		return -EINVAL;
	return mptcp_pm_announce(msk, addr);
}

/**
 * bpf_mptcp_pm_remove_addr - our address @id is gone (RM_ADDR)
 * @msk: the connection (its path manager runs now)
 * @id: announced, or used by subflows (0: the initial one's)
 *
 * Our subflows from it are reset right after the call, the last usable
 * one excepted.  0, -ENOSPC, -EBUSY (budget), -EINVAL.
 */
__bpf_kfunc int bpf_mptcp_pm_remove_addr(struct mptcp_sock *msk, u8 id)
{
	if (msk != mptcp_policy_current())
		return -EINVAL;
	return mptcp_pm_remove_addr(msk, id);
}

/**
 * bpf_mptcp_pm_set_backup - use @subflow as a backup only, or not
 * @msk: the connection (its path manager runs now)
 * @subflow: one of its subflows able to send
 * @backup: what the peer is asked (MP_PRIO), and what our scheduler does
 *
 * 0, -EBUSY (budget), -EINVAL.
 */
__bpf_kfunc int bpf_mptcp_pm_set_backup(struct mptcp_sock *msk,
					struct mptcp_subflow_context *subflow, bool backup)
{
	if (msk != mptcp_policy_current() || !subflow)
		return -EINVAL;
	return mptcp_pm_set_backup(msk, subflow, backup);
}

/**
 * bpf_mptcp_pm_subflow_close - close @subflow, the connection going on
 * @msk: the connection (its path manager runs now)
 * @subflow: one of its subflows
 *
 * Done right after the call unless it is the last usable one; what it
 * carried without a Data ACK goes out again on the others.  0, -EINVAL.
 */
__bpf_kfunc int bpf_mptcp_pm_subflow_close(struct mptcp_sock *msk,
					   struct mptcp_subflow_context *subflow)
{
	if (msk != mptcp_policy_current() || !subflow ||
	    subflow->msk != (struct sock *)msk)
		return -EINVAL;
	WRITE_ONCE(subflow->close_req, true);
	return 0;
}

/**
 * bpf_mptcp_pm_endpoint - the namespace's endpoint number @idx
 * @msk: the connection (its path manager runs now)
 * @idx: 0 .. how many there are - 1 (ip mptcp endpoint show order)
 * @addr: filled in: id, address, port
 *
 * Returns its MPTCP_PM_ADDR_FLAG_* flags, or -ENOENT past the last one.
 */
__bpf_kfunc int bpf_mptcp_pm_endpoint(struct mptcp_sock *msk, int idx,
				      struct mptcp_addr_info *addr)
{
	if (msk != mptcp_policy_current() || !addr)
		return -EINVAL;
	return mptcp_endpoint_get(sock_net((struct sock *)msk), idx, addr);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(mptcp_policy_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_mptcp_subflow_new, KF_ITER_NEW | KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_iter_mptcp_subflow_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_mptcp_subflow_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_mptcp_subflow_ctx, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_mptcp_subflow_tcp_sock, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_mptcp_subflow_queues_empty)
BTF_ID_FLAGS(func, mptcp_subflow_set_scheduled)
BTF_ID_FLAGS(func, mptcp_subflow_active)
BTF_ID_FLAGS(func, mptcp_wnd_end, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, mptcp_set_timeout)
BTF_ID_FLAGS(func, mptcp_pm_subflow_chk_stale)
BTF_ID_FLAGS(func, bpf_sk_stream_memory_free)
BTF_ID_FLAGS(func, tcp_stream_memory_free)	/* TCP's; an msk is larger than a tcp_sock */
BTF_ID_FLAGS(func, bpf_mptcp_pm_subflow_create, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mptcp_pm_timer_arm, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mptcp_pm_kernel_established, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mptcp_pm_announce, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mptcp_pm_remove_addr, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mptcp_pm_set_backup)	/* subflows come from the iterator, */
BTF_ID_FLAGS(func, bpf_mptcp_pm_subflow_close)	/* checked against the msk inside */
BTF_ID_FLAGS(func, bpf_mptcp_pm_endpoint, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(mptcp_policy_kfunc_ids)

/* Who may call what beyond the shared read side. */
BTF_SET_START(sched_only_ids)
BTF_ID(func, mptcp_subflow_set_scheduled)
BTF_SET_END(sched_only_ids)
BTF_SET_START(pm_only_ids)
BTF_ID(func, bpf_mptcp_pm_subflow_create)
BTF_ID(func, bpf_mptcp_pm_timer_arm)
BTF_ID(func, bpf_mptcp_pm_kernel_established)
BTF_ID(func, bpf_mptcp_pm_announce)
BTF_ID(func, bpf_mptcp_pm_remove_addr)
BTF_ID(func, bpf_mptcp_pm_set_backup)
BTF_ID(func, bpf_mptcp_pm_subflow_close)
BTF_ID(func, bpf_mptcp_pm_endpoint)
BTF_SET_END(pm_only_ids)

/* The filter runs for every kfunc any struct_ops program calls: 0 lets
 * through, so kfuncs not ours are not our business.
 */
static int mptcp_policy_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	u32 type = prog->aux->attach_btf_id;
	bool sched, pm;

	if (!btf_id_set8_contains(&mptcp_policy_kfunc_ids, kfunc_id))
		return 0;
	if (prog->type != BPF_PROG_TYPE_STRUCT_OPS || btf_is_module(prog->aux->attach_btf))
		return -EACCES;
	sched = type == mptcp_bpf_sched_ops_id;
	pm = type == mptcp_bpf_pm_ops_id;
	if (btf_id_set_contains(&sched_only_ids, kfunc_id))
		return sched ? 0 : -EACCES;
	if (btf_id_set_contains(&pm_only_ids, kfunc_id))
		return pm ? 0 : -EACCES;
	return sched || pm ? 0 : -EACCES;
}

static const struct btf_kfunc_id_set mptcp_policy_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &mptcp_policy_kfunc_ids,
	.filter	= mptcp_policy_kfunc_filter,
};

static int __init mptcp_policy_kfunc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &mptcp_policy_kfunc_set);
}
late_initcall(mptcp_policy_kfunc_init);
