// SPDX-License-Identifier: GPL-2.0
/*
 * Packet schedulers in BPF: struct mptcp_sched_ops as a struct_ops type.
 * A BPF scheduler is registered in the same registry, and its answers
 * checked by the same core (sched.c), as a built-in C one; this file only
 * decides what a program may see and write (the kfuncs it may call are in
 * bpf_kfuncs.c).
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

#include "bpf_policy.h"
#include "protocol.h"

static struct bpf_struct_ops bpf_mptcp_sched_ops;
static u32 mptcp_sock_id, mptcp_subflow_id;
u32 mptcp_bpf_sched_ops_id;

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
	mptcp_bpf_sched_ops_id = id;
	return 0;
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

/* Helpers for every MPTCP policy program (schedulers, path managers). */
const struct bpf_func_proto *
mptcp_bpf_policy_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
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
	.get_func_proto		= mptcp_bpf_policy_func_proto,
	.is_valid_access	= bpf_tracing_btf_ctx_access,
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

static void __bpf_mptcp_sched_subflow_up(struct mptcp_sock *msk,
					 struct mptcp_subflow_context *subflow)
{
}

static void __bpf_mptcp_sched_subflow_down(struct mptcp_sock *msk,
					   struct mptcp_subflow_context *subflow)
{
}

static void __bpf_mptcp_sched_rto(struct mptcp_sock *msk)
{
}

static void __bpf_mptcp_sched_acked(struct mptcp_sock *msk, u32 bytes)
{
}

static struct mptcp_sched_ops __bpf_mptcp_sched_stubs = {
	.get_send	= __bpf_mptcp_sched_get_send,
	.get_retrans	= __bpf_mptcp_sched_get_retrans,
	.init		= __bpf_mptcp_sched_init,
	.release	= __bpf_mptcp_sched_release,
	.subflow_up	= __bpf_mptcp_sched_subflow_up,
	.subflow_down	= __bpf_mptcp_sched_subflow_down,
	.rto		= __bpf_mptcp_sched_rto,
	.acked		= __bpf_mptcp_sched_acked,
};

static struct bpf_struct_ops bpf_mptcp_sched_ops = {
	.verifier_ops	= &bpf_mptcp_sched_verifier_ops,
	.reg		= bpf_mptcp_sched_reg,
	.unreg		= bpf_mptcp_sched_unreg,
	.update		= bpf_mptcp_sched_update,
	.init_member	= bpf_mptcp_sched_init_member,
	.check_member	= mptcp_bpf_policy_check_member,
	.init		= bpf_mptcp_sched_init,
	.validate	= bpf_mptcp_sched_validate,
	.name		= "mptcp_sched_ops",
	.cfi_stubs	= &__bpf_mptcp_sched_stubs,
	.owner		= THIS_MODULE,
};

static int __init bpf_mptcp_sched_ops_init(void)
{
	return register_bpf_struct_ops(&bpf_mptcp_sched_ops, mptcp_sched_ops);
}
late_initcall(bpf_mptcp_sched_ops_init);
