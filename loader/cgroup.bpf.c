// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpctl's cgroup program: names the scheduler and path manager of each
 * MPTCP socket a process creates, from the table `mptcpctl cgroup set`
 * fills (cgroup id -> names).
 *
 * One program, one table, attached (multi) to every cgroup that has an
 * entry.  Inheritance is a lookup, not a copy: the program walks the
 * creator's cgroup from the root down and the deepest entry naming a
 * scheduler (a path manager) wins, so a child cgroup made later inherits
 * at once, and a child's own entry overrides its parent's field by
 * field.  Attached at a parent and a child, it runs twice per socket and
 * decides the same both times.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "cgroup_policy.h"

char _license[] SEC("license") = "GPL";

#define IPPROTO_MPTCP	262

extern int bpf_mptcp_sock_request_sched(struct bpf_sock *ctx, const char *name,
					__u32 name__sz) __ksym;
extern int bpf_mptcp_sock_request_pm(struct bpf_sock *ctx, const char *name,
				     __u32 name__sz) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CGROUP_POLICY_MAX);
	__type(key, __u64);			/* cgroup id */
	__type(value, struct cgroup_policy);
} cgroup_policies SEC(".maps");

/* Ask for @p's name; count the socket on the entry that decided it. */
static void request(struct bpf_sock *ctx, struct cgroup_policy *p, bool sched)
{
	char name[CGROUP_POLICY_NAME_MAX];
	int err;

	if (sched) {
		__builtin_memcpy(name, p->sched, sizeof(name));
		name[sizeof(name) - 1] = '\0';
		err = bpf_mptcp_sock_request_sched(ctx, name, sizeof(name));
	} else {
		__builtin_memcpy(name, p->pm, sizeof(name));
		name[sizeof(name) - 1] = '\0';
		err = bpf_mptcp_sock_request_pm(ctx, name, sizeof(name));
	}
	/* refused: the policy is no longer loaded; the namespace's applies */
	if (sched)
		__sync_fetch_and_add(err ? &p->sched_refused : &p->sched_sockets, 1);
	else
		__sync_fetch_and_add(err ? &p->pm_refused : &p->pm_sockets, 1);
}

SEC("cgroup/sock_create")
int mptcp_cgroup_policy(struct bpf_sock *ctx)
{
	struct cgroup_policy *sched = NULL, *pm = NULL;

	if (ctx->protocol != IPPROTO_MPTCP)
		return 1;
	for (int level = 0; level < CGROUP_POLICY_DEPTH_MAX; level++) {
		__u64 id = bpf_get_current_ancestor_cgroup_id(level);
		struct cgroup_policy *p;

		if (!id)		/* below the creator's own cgroup */
			break;
		p = bpf_map_lookup_elem(&cgroup_policies, &id);
		if (!p)
			continue;
		if (p->sched[0])
			sched = p;
		if (p->pm[0])
			pm = p;
	}
	if (sched)
		request(ctx, sched, true);
	if (pm)
		request(ctx, pm, false);
	return 1;	/* never refuses the socket itself */
}
