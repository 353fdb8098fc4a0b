/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table between `mptcpctl cgroup` and its BPF program (cgroup.bpf.c):
 * what a cgroup names, keyed by its id, and how often it decided.
 */
#ifndef __CGROUP_POLICY_H
#define __CGROUP_POLICY_H

#define CGROUP_POLICY_NAME_MAX	16	/* MPTCP_SCHED_NAME_MAX, with the NUL */
#define CGROUP_POLICY_MAX	1024	/* cgroups with an entry */
#define CGROUP_POLICY_DEPTH_MAX	32	/* levels the program walks */

struct cgroup_policy {
	char	sched[CGROUP_POLICY_NAME_MAX];	/* "" = inherit */
	char	pm[CGROUP_POLICY_NAME_MAX];
	/* MPTCP sockets given this entry's scheduler (path manager), and
	 * those refused it because it was no longer loaded
	 */
	__u64	sched_sockets, sched_refused;
	__u64	pm_sockets, pm_refused;
};

#endif /* __CGROUP_POLICY_H */
