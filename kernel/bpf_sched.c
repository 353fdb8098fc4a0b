// SPDX-License-Identifier: GPL-2.0
/*
 * Packet schedulers in BPF: struct mptcp_sched_ops as a struct_ops type,
 * and the kfuncs a scheduler calls.  A BPF scheduler is registered in the
 * same registry, and its answers checked by the same core (sched.c), as a
 * built-in C one; this file only decides what a program may see and do.
 *
 * Source-compatible with the mptcp_net-next "export" branch's schedulers:
 * same struct_ops name, callbacks and kfunc names.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <net/bpf_sk_storage.h>
#include <net/tcp.h>

#include "protocol.h"

static struct bpf_struct_ops bpf_mptcp_sched_ops;
static u32 mptcp_sock_id, mptcp_subflow_id, mptcp_sched_ops_id;

static int bpf_mptcp_sched_init(struct btf *btf)
{
	s32 id;

	id = btf_find_by_name_kind(btf, "mptcp_sock", BTF_KIND_STRUCT);
	if (id < 0)
		return -EINVAL;
	mptcp_sock_id = id;
	id = btf_find_by_name_kind(btf, "mptcp_subflow_context", BTF_KIND_STRUCT);
	if (id < 0)
		return -EINVAL;
	mptcp_subflow_id = id;
	id = btf_find_by_name_kind(btf, "mptcp_sched_ops", BTF_KIND_STRUCT);
	if (id < 0)
		return -EINVAL;
	mptcp_sched_ops_id = id;
	return 0;
}

static bool bpf_mptcp_sched_is_valid_access(int off, int size,
					    enum bpf_access_type type,
					    const struct bpf_prog *prog,
					    struct bpf_insn_access_aux *info)
{
	return bpf_tracing_btf_ctx_access(off, size, type, prog, info);
}

/* What a scheduler may write: its own hints, nothing the core relies on
 * for correctness.  Everything else is read-only.
 */
static int bpf_mptcp_sched_btf_struct_access(struct bpf_verifier_log *log,
					     const struct bpf_reg_state *reg,
					     int off, int size)
{
	const char *tname;
	size_t end;

	if (reg->btf_id == mptcp_sock_id) {
		tname = "mptcp_sock";
		switch (off) {
		case offsetof(struct mptcp_sock, snd_burst):
			end = offsetofend(struct mptcp_sock, snd_burst);
			break;
		default:
			goto denied;
		}
	} else if (reg->btf_id == mptcp_subflow_id) {
		tname = "mptcp_subflow_context";
		switch (off) {
		case offsetof(struct mptcp_subflow_context, avg_pacing_rate):
			end = offsetofend(struct mptcp_subflow_context, avg_pacing_rate);
			break;
		default:
			goto denied;
		}
	} else {
		bpf_log(log, "only read is supported\n");
		return -EACCES;
	}

	if (off + size > end) {
		bpf_log(log, "write access at off %d with size %d beyond the member of %s ended at %zu\n",
			off, size, tname, end);
		return -EACCES;
	}
	return 0;

denied:
	bpf_log(log, "no write support to %s at off %d\n", tname, off);
	return -EACCES;
}

static const struct bpf_func_proto *
bpf_mptcp_sched_get_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_skc_to_tcp_sock:
		return &bpf_skc_to_tcp_sock_proto;
	case BPF_FUNC_ktime_get_coarse_ns:
		return &bpf_ktime_get_coarse_ns_proto;
	default:
		return bpf_base_func_proto(func_id, prog);
	}
}

static const struct bpf_verifier_ops bpf_mptcp_sched_verifier_ops = {
	.get_func_proto		= bpf_mptcp_sched_get_func_proto,
	.is_valid_access	= bpf_mptcp_sched_is_valid_access,
	.btf_struct_access	= bpf_mptcp_sched_btf_struct_access,
};

static int bpf_mptcp_sched_init_member(const struct btf_type *t,
				       const struct btf_member *member,
				       void *kdata, const void *udata)
{
	const struct mptcp_sched_ops *usched = udata;
	struct mptcp_sched_ops *sched = kdata;

	switch (__btf_member_bit_offset(t, member) / 8) {
	case offsetof(struct mptcp_sched_ops, name):
		if (bpf_obj_name_cpy(sched->name, usched->name, sizeof(sched->name)) <= 0)
			return -EINVAL;
		return 1;
	}
	return 0;
}

static int bpf_mptcp_sched_reg(void *kdata, struct bpf_link *link)
{
	return mptcp_register_scheduler(kdata);
}

static void bpf_mptcp_sched_unreg(void *kdata, struct bpf_link *link)
{
	mptcp_unregister_scheduler(kdata);
}

static int bpf_mptcp_sched_update(void *kdata, void *old_kdata, struct bpf_link *link)
{
	return mptcp_update_scheduler(kdata, old_kdata);
}

static int bpf_mptcp_sched_validate(void *kdata)
{
	const struct mptcp_sched_ops *sched = kdata;

	return sched->get_send ? 0 : -EINVAL;
}

/* cfi stubs: what the trampolines are typed after */
static int __bpf_mptcp_sched_get_send(struct mptcp_sock *msk)
{
	return 0;
}

static int __bpf_mptcp_sched_get_retrans(struct mptcp_sock *msk)
{
	return 0;
}

static void __bpf_mptcp_sched_init(struct mptcp_sock *msk)
{
}

static void __bpf_mptcp_sched_release(struct mptcp_sock *msk)
{
}

static struct mptcp_sched_ops __bpf_mptcp_sched_stubs = {
	.get_send	= __bpf_mptcp_sched_get_send,
	.get_retrans	= __bpf_mptcp_sched_get_retrans,
	.init		= __bpf_mptcp_sched_init,
	.release	= __bpf_mptcp_sched_release,
};

static struct bpf_struct_ops bpf_mptcp_sched_ops = {
	.verifier_ops	= &bpf_mptcp_sched_verifier_ops,
	.reg		= bpf_mptcp_sched_reg,
	.unreg		= bpf_mptcp_sched_unreg,
	.update		= bpf_mptcp_sched_update,
	.init_member	= bpf_mptcp_sched_init_member,
	.init		= bpf_mptcp_sched_init,
	.validate	= bpf_mptcp_sched_validate,
	.name		= "mptcp_sched_ops",
	.cfi_stubs	= &__bpf_mptcp_sched_stubs,
	.owner		= THIS_MODULE,
};

/* --- kfuncs --------------------------------------------------------------------------- */

/* The opaque iterator state BPF holds on its stack; the kernel's view of
 * it is bpf_iter_mptcp_subflow_kern.  A scheduler runs with the msk lock
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
	/* only the connection being scheduled: its lock is held */
	if (!msk || msk != mptcp_sched_current())
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

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_mptcp_sched_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_mptcp_subflow_new, KF_ITER_NEW | KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_iter_mptcp_subflow_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_mptcp_subflow_destroy, KF_ITER_DESTROY)
BTF_ID_FLAGS(func, bpf_mptcp_subflow_ctx, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_mptcp_subflow_tcp_sock, KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_mptcp_subflow_queues_empty)
BTF_ID_FLAGS(func, mptcp_subflow_set_scheduled)
BTF_ID_FLAGS(func, mptcp_subflow_active)
BTF_KFUNCS_END(bpf_mptcp_sched_kfunc_ids)

/* Only programs of our struct_ops type: a tcp_congestion_ops program has
 * no MPTCP connection locked for it.
 */
static int bpf_mptcp_sched_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&bpf_mptcp_sched_kfunc_ids, kfunc_id))
		return 0;
	if (prog->type != BPF_PROG_TYPE_STRUCT_OPS ||
	    prog->aux->attach_btf_id != mptcp_sched_ops_id ||
	    btf_is_module(prog->aux->attach_btf))
		return -EACCES;
	return 0;
}

static const struct btf_kfunc_id_set bpf_mptcp_sched_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &bpf_mptcp_sched_kfunc_ids,
	.filter	= bpf_mptcp_sched_kfunc_filter,
};

static int __init bpf_mptcp_sched_kfunc_init(void)
{
	int err;

	err = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &bpf_mptcp_sched_kfunc_set);
	return err ?: register_bpf_struct_ops(&bpf_mptcp_sched_ops, mptcp_sched_ops);
}
late_initcall(bpf_mptcp_sched_kfunc_init);
