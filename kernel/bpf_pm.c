// SPDX-License-Identifier: GPL-2.0
/*
 * Path managers in BPF: struct mptcp_pm_ops as a struct_ops type.  A BPF
 * path manager sits in the same registry as the built-in "kernel" one and
 * acts only through kfuncs (bpf_kfuncs.c) that queue requests the core
 * checks: it may read the connection and its subflows, and write nothing.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/filter.h>

#include "bpf_policy.h"
#include "protocol.h"

static struct bpf_struct_ops bpf_mptcp_pm_ops;
u32 mptcp_bpf_pm_ops_id;

static int bpf_mptcp_pm_init(struct btf *btf)
{
	s32 id = btf_find_by_name_kind(btf, "mptcp_pm_ops", BTF_KIND_STRUCT);

	if (id < 0)
		return -EINVAL;
	mptcp_bpf_pm_ops_id = id;
	return 0;
}

static int bpf_mptcp_pm_btf_struct_access(struct bpf_verifier_log *log,
					  const struct bpf_reg_state *reg,
					  int off, int size)
{
	bpf_log(log, "a path manager writes nothing; it asks through kfuncs\n");
	return -EACCES;
}

static const struct bpf_verifier_ops bpf_mptcp_pm_verifier_ops = {
	.get_func_proto		= mptcp_bpf_policy_func_proto,
	.is_valid_access	= bpf_tracing_btf_ctx_access,
	.btf_struct_access	= bpf_mptcp_pm_btf_struct_access,
};

static int bpf_mptcp_pm_init_member(const struct btf_type *t,
				    const struct btf_member *member,
				    void *kdata, const void *udata)
{
	const struct mptcp_pm_ops *upm = udata;
	struct mptcp_pm_ops *pm = kdata;

	if (__btf_member_bit_offset(t, member) / 8 != offsetof(struct mptcp_pm_ops, name))
		return 0;
	if (bpf_obj_name_cpy(pm->name, upm->name, sizeof(pm->name)) <= 0)
		return -EINVAL;
	return 1;
}

static int bpf_mptcp_pm_reg(void *kdata, struct bpf_link *link)
{
	return mptcp_pm_register(kdata);
}

static void bpf_mptcp_pm_unreg(void *kdata, struct bpf_link *link)
{
	mptcp_pm_unregister(kdata);
}

static int bpf_mptcp_pm_update(void *kdata, void *old_kdata, struct bpf_link *link)
{
	return mptcp_pm_update(kdata, old_kdata);
}

static int bpf_mptcp_pm_validate(void *kdata)
{
	const struct mptcp_pm_ops *pm = kdata;

	return pm->established ? 0 : -EINVAL;
}

/* What BPF's CFI checks calls against: a function of each op's type.
 * Ops of one type share one, so there is one per signature, not per op.
 */
static void pm_stub_msk(struct mptcp_sock *msk) { }
static void pm_stub_subflow(struct mptcp_sock *msk, struct mptcp_subflow_context *sf) { }
static void pm_stub_addr(struct mptcp_sock *msk, const struct mptcp_addr_info *addr) { }
static void pm_stub_id(struct mptcp_sock *msk, u8 id) { }

static struct mptcp_pm_ops bpf_mptcp_pm_cfi_stubs = {
	.established = pm_stub_msk, .timer = pm_stub_msk,
	.init = pm_stub_msk, .release = pm_stub_msk,
	.subflow_established = pm_stub_subflow, .subflow_closed = pm_stub_subflow,
	.addr_added = pm_stub_addr, .addr_removed = pm_stub_id,
	.local_addr_up = pm_stub_addr, .local_addr_down = pm_stub_addr,
};

static struct bpf_struct_ops bpf_mptcp_pm_ops = {
	.verifier_ops	= &bpf_mptcp_pm_verifier_ops,
	.reg		= bpf_mptcp_pm_reg,
	.unreg		= bpf_mptcp_pm_unreg,
	.update		= bpf_mptcp_pm_update,
	.init_member	= bpf_mptcp_pm_init_member,
	.check_member	= mptcp_bpf_policy_check_member,
	.init		= bpf_mptcp_pm_init,
	.validate	= bpf_mptcp_pm_validate,
	.name		= "mptcp_pm_ops",
	.cfi_stubs	= &bpf_mptcp_pm_cfi_stubs,
	.owner		= THIS_MODULE,
};

static int __init bpf_mptcp_pm_ops_init(void)
{
	return register_bpf_struct_ops(&bpf_mptcp_pm_ops, mptcp_pm_ops);
}
late_initcall(bpf_mptcp_pm_ops_init);
