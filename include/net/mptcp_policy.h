/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy interfaces of the MPTCP core (shared/DESIGN.md section 4): a
 * packet scheduler picks the subflows that carry data; built-in C
 * schedulers and BPF struct_ops ones go through the same registry.
 *
 * Source-compatible with the mptcp_net-next "export" branch: a scheduler
 * marks subflows with mptcp_subflow_set_scheduled() from get_send() and
 * get_retrans(), and returns 0.  kernel/patches/ drops the tree's older
 * (6.6) definition of this struct from include/net/mptcp.h.
 */
#ifndef __NET_MPTCP_POLICY_H
#define __NET_MPTCP_POLICY_H

#include <linux/cache.h>
#include <linux/list.h>
#include <linux/types.h>

#define MPTCP_SCHED_NAME_MAX	16
#define MPTCP_SCHED_MAX		128
#define MPTCP_SCHED_BUF_MAX	(MPTCP_SCHED_NAME_MAX * MPTCP_SCHED_MAX)

struct module;
struct mptcp_sock;
struct mptcp_subflow_context;

/* Why the core stopped using a scheduler for a connection (ejection). */
enum mptcp_sched_exit_kind {
	MPTCP_SCHED_EXIT_NONE,
	MPTCP_SCHED_EXIT_FOREIGN,	/* marked a subflow of another connection */
	MPTCP_SCHED_EXIT_STALL,		/* kept marking nothing usable */
	MPTCP_SCHED_EXIT_SLOW,		/* one decision overran its time budget */
	MPTCP_SCHED_EXIT_UNREG,		/* unloaded or replaced while in use */
};

#define MPTCP_SCHED_EXIT_MSG_LEN	96

/**
 * struct mptcp_sched_exit - the first error a scheduler made
 * @kind:	enum mptcp_sched_exit_kind; set once, then never changes
 * @token:	the connection it happened on
 * @msg:	for people, e.g. what was marked
 */
struct mptcp_sched_exit {
	u32	kind;
	u32	token;
	char	msg[MPTCP_SCHED_EXIT_MSG_LEN];
};

/**
 * struct mptcp_sched_ops - a packet scheduler
 * @get_send:	mark the subflow(s) that carry the next new data; required
 * @get_retrans: mark the subflow(s) that carry data sent again; optional,
 *		get_send() answers when missing
 * @name:	unique, what net.mptcp.scheduler names
 * @owner:	the module (or BPF struct_ops map) that provides it
 * @list:	in the registry
 * @init:	a connection starts using it (optional)
 * @release:	a connection stops using it (optional)
 * @users:	connections using it now				[core]
 * @ejections:	connections taken from it for misbehaving		[core]
 * @unregistered: gone from the registry: users move on at their next decision [core]
 * @exit:	its first error, for mptcpctl (/proc/net/mptcp_sched)	[core]
 *
 * Fields marked [core] belong to the core; a BPF object leaves them zero.
 *
 * Called with the msk socket lock held, from process context or softirq;
 * must not sleep.  The core checks every answer: a marked subflow must
 * belong to the connection and be able to send.
 */
struct mptcp_sched_ops {
	int (*get_send)(struct mptcp_sock *msk);
	int (*get_retrans)(struct mptcp_sock *msk);

	char			name[MPTCP_SCHED_NAME_MAX];
	struct module		*owner;
	struct list_head	list;

	void (*init)(struct mptcp_sock *msk);
	void (*release)(struct mptcp_sock *msk);

	atomic_t		users;
	atomic_t		ejections;
	bool			unregistered;
	struct mptcp_sched_exit	exit;
} ____cacheline_aligned_in_smp;

#endif /* __NET_MPTCP_POLICY_H */
