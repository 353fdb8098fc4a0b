// SPDX-License-Identifier: GPL-2.0
/*
 * Policy per cgroup: two kfuncs a cgroup/sock_create program calls to name
 * the scheduler and the path manager of an MPTCP socket being created.
 *
 * The choice lands where MPTCP_SCHEDULER / MPTCP_PATH_MANAGER put theirs
 * (msk->sched_req, msk->pm_req_name), before the application holds the
 * socket: a socket option it sets later overwrites it, and a socket whose
 * cgroup names nothing keeps the namespace's sysctl.  That is the whole
 * precedence rule, socket option > cgroup > namespace, with no code of its
 * own.  Which cgroup names what, and inheritance down the hierarchy, is
 * the program's business (loader/cgroup.bpf.c, driven by mptcpctl):
 * the kernel only refuses what is not a fresh MPTCP socket or not a
 * registered policy.
 *
 * No privilege check: attaching a cgroup program already takes
 * CAP_NET_ADMIN over the cgroup, the same an admin needs to pick any
 * policy with the socket options.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

#include "protocol.h"

/* A socket still in inet_create(): no policy attached, not connected,
 * not yet in a file table, so nobody else can touch it and no lock is
 * needed (the hook runs under rcu_read_lock(), where none could be taken).
 */
static struct mptcp_sock *fresh_msk(struct bpf_sock *ctx)
{
	struct sock *sk = (struct sock *)ctx;
	struct mptcp_sock *msk;

	if (!sk || sk->sk_protocol != IPPROTO_MPTCP || sk->sk_type != SOCK_STREAM ||
	    sk->sk_state != TCP_CLOSE)
		return NULL;
	msk = mptcp_sk(sk);
	return msk->sched || msk->pm ? NULL : msk;
}

/* What both kfuncs do: @name, a NUL-terminated string inside its @size
 * bytes and registered as the socket's namespace sees it, goes where the
 * socket option would put the scheduler's (@sched) or path manager's.
 */
static int request(struct bpf_sock *ctx, const char *name, u32 size, bool sched)
{
	struct mptcp_sock *msk = fresh_msk(ctx);
	size_t len = strnlen(name, size);
	const struct net *net;
	char *dst;

	if (!msk || !len || len == size)
		return -EINVAL;
	dst = sched ? msk->sched_req : msk->pm_req_name;
	BUILD_BUG_ON(sizeof(msk->sched_req) != sizeof(msk->pm_req_name));
	if (len >= sizeof(msk->sched_req))
		return -E2BIG;
	net = sock_net((struct sock *)msk);
	/* under RCU: the hook's */
	if (sched ? !mptcp_sched_find(net, name) : !mptcp_pm_find(net, name))
		return -ENOENT;
	strscpy(dst, name, sizeof(msk->sched_req));
	return 0;
}

__bpf_kfunc_start_defs();

/**
 * bpf_mptcp_sock_request_sched - the MPTCP socket being created uses @name
 *
 * Return: 0; -EINVAL if @ctx is no MPTCP socket being created or @name is
 * no string; -E2BIG for a name too long; -ENOENT if no scheduler of that
 * name is registered (the socket keeps the namespace's choice).
 */
__bpf_kfunc int bpf_mptcp_sock_request_sched(struct bpf_sock *ctx, const char *name,
					     u32 name__sz)
{
	return request(ctx, name, name__sz, true);
}

/**
 * bpf_mptcp_sock_request_pm - the MPTCP socket being created uses @name
 *
 * As bpf_mptcp_sock_request_sched(), for its path manager.
 */
__bpf_kfunc int bpf_mptcp_sock_request_pm(struct bpf_sock *ctx, const char *name,
					  u32 name__sz)
{
	return request(ctx, name, name__sz, false);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(mptcp_cgroup_kfunc_ids)
BTF_ID_FLAGS(func, bpf_mptcp_sock_request_sched)
BTF_ID_FLAGS(func, bpf_mptcp_sock_request_pm)
BTF_KFUNCS_END(mptcp_cgroup_kfunc_ids)

/* Every cgroup program type shares the kfunc hook; only sock_create runs
 * while the socket is fresh.  Kfuncs not ours pass (0).
 */
static int mptcp_cgroup_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&mptcp_cgroup_kfunc_ids, kfunc_id))
		return 0;
	return prog->type == BPF_PROG_TYPE_CGROUP_SOCK &&
	       prog->expected_attach_type == BPF_CGROUP_INET_SOCK_CREATE ? 0 : -EACCES;
}

static const struct btf_kfunc_id_set mptcp_cgroup_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &mptcp_cgroup_kfunc_ids,
	.filter	= mptcp_cgroup_kfunc_filter,
};

static int __init mptcp_cgroup_kfunc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_CGROUP_SOCK, &mptcp_cgroup_kfunc_set);
}
late_initcall(mptcp_cgroup_kfunc_init);
