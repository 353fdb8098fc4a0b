/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the BPF policy glue files share: the BTF ids of the two struct_ops
 * types (the kfunc filter tells schedulers from path managers by them)
 * and the helpers every policy program gets.
 */
#ifndef __MPTCP_BPF_POLICY_H
#define __MPTCP_BPF_POLICY_H

#include <linux/bpf.h>

extern u32 mptcp_bpf_sched_ops_id;	/* bpf_sched.c */
extern u32 mptcp_bpf_pm_ops_id;		/* bpf_pm.c */

const struct bpf_func_proto *
mptcp_bpf_policy_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog);

/* Every callback runs under the msk lock with preemption off (it is timed
 * and may be ejected mid-connection): a sleepable program is refused.
 */
static inline int mptcp_bpf_policy_check_member(const struct btf_type *t,
						const struct btf_member *member,
						const struct bpf_prog *prog)
{
	return prog->sleepable ? -EINVAL : 0;
}

#endif /* __MPTCP_BPF_POLICY_H */
