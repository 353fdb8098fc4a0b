/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy interfaces of the MPTCP core (shared/DESIGN.md section 4): a
 * packet scheduler picks the subflows that carry data, a path manager
 * decides which subflows exist; built-in C policies and BPF struct_ops
 * ones go through the same registries.
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

/* get_send() marked nothing on purpose: hold new data back until a busy
 * subflow can take it (ECF, BLEST).  Honoured while some subflow has data
 * in flight (its ACKs ask again), for a second at most.
 */
#define MPTCP_SCHED_WAIT	1
#define MPTCP_SCHED_MAX		128
#define MPTCP_SCHED_BUF_MAX	(MPTCP_SCHED_NAME_MAX * MPTCP_SCHED_MAX)

struct module;
struct mptcp_addr_info;
struct mptcp_sock;
struct mptcp_subflow_context;

/* What bpf_mptcp_cc_view() gives a coupled congestion control: one entry
 * per subflow of the connection, as each last published it.
 */
struct mptcp_cc_peer {
	__u32	cwnd;		/* packets */
	__u32	srtt_us;
	__u32	mss;
	__u32	ca_value;	/* what its algorithm published, or 0 */
	__u32	self;		/* 1 for the subflow that asked */
};

/* Why the core stopped using a policy for a connection (ejection). */
enum mptcp_policy_exit_kind {
	MPTCP_POLICY_EXIT_NONE,
	MPTCP_POLICY_EXIT_FOREIGN,	/* marked a subflow of another connection */
	MPTCP_POLICY_EXIT_STALL,	/* kept marking nothing usable */
	MPTCP_POLICY_EXIT_SLOW,		/* one call overran its time budget */
	MPTCP_POLICY_EXIT_UNREG,	/* unloaded or replaced while in use */
	MPTCP_POLICY_EXIT_SPAM,		/* asked for subflows beyond its budget */
};

#define MPTCP_POLICY_EXIT_MSG_LEN	96

/**
 * struct mptcp_policy_exit - the first error a policy made
 * @kind:	enum mptcp_policy_exit_kind; set once, then never changes
 * @token:	the connection it happened on
 * @msg:	for people, e.g. what was marked
 */
struct mptcp_policy_exit {
	u32	kind;
	u32	token;
	char	msg[MPTCP_POLICY_EXIT_MSG_LEN];
};

/**
 * struct mptcp_policy_state - what the core keeps in every policy
 * @users:	connections using it now
 * @ejections:	connections taken from it for misbehaving
 * @unregistered: gone from the registry: users move on at their next call
 * @exit:	its first error, for mptcpctl (/proc/net/mptcp_{sched,pm})
 *
 * A BPF object leaves it zero; the core owns it.
 */
struct mptcp_policy_state {
	u64			netns_cookie;	/* 0: every namespace's */
	atomic_t		users;
	atomic_t		ejections;
	bool			unregistered;
	struct mptcp_policy_exit exit;
};

/**
 * struct mptcp_sched_ops - a packet scheduler
 * @get_send:	mark the subflow(s) that carry the next new data; required;
 *		returns 0, or MPTCP_SCHED_WAIT having marked nothing
 * @get_retrans: mark the subflow(s) that carry data sent again; optional,
 *		get_send() answers when missing
 * @name:	unique, what net.mptcp.scheduler names
 * @owner:	the module (or BPF struct_ops map) that provides it
 * @list:	in the registry
 * @init:	a connection starts using it (optional)
 * @release:	a connection stops using it (optional)
 * @subflow_up:	@subflow can carry data now, or was already able to when
 *		the connection switched to this scheduler (optional)
 * @subflow_down: @subflow is about to go while the connection goes on
 *		(optional)
 * @rto:	the connection-level retransmit timer fired: data the peer
 *		should have acknowledged by now goes out again (optional)
 * @acked:	the peer's Data ACK moved on by @bytes: progress, for
 *		schedulers that pace or measure (optional)
 * @state:	the core's (struct mptcp_policy_state)
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

	void (*subflow_up)(struct mptcp_sock *msk, struct mptcp_subflow_context *subflow);
	void (*subflow_down)(struct mptcp_sock *msk, struct mptcp_subflow_context *subflow);
	void (*rto)(struct mptcp_sock *msk);
	void (*acked)(struct mptcp_sock *msk, u32 bytes);

	struct mptcp_policy_state state;
} ____cacheline_aligned_in_smp;

#define MPTCP_PM_NAME_MAX	16

/**
 * struct mptcp_pm_ops - a path manager: which subflows a connection has
 * @established: the connection is established, both ends hold the keys;
 *		required.  Either side: check msk->passive (the side that
 *		accepted) if a policy acts for one side only
 * @subflow_established: one more subflow can carry data (optional)
 * @subflow_closed: a subflow is about to go, not at the connection's end
 *		(optional): read what it was, e.g. to open a new one later
 * @timer:	the timer armed with bpf_mptcp_pm_timer_arm() fired (optional)
 * @addr_added:	the peer announced @addr (ADD_ADDR), which the core has
 *		echoed; port 0 means the connection's port (optional)
 * @addr_removed: the peer removed its address @id (RM_ADDR); the core has
 *		closed the subflows to it, the last one excepted (optional)
 * @local_addr_up: @addr was configured on one of this namespace's devices
 *		(@addr->id is 0; loopback and IPv6 link-local ones are not
 *		told), e.g. to open subflows from it (optional)
 * @local_addr_down: @addr went away; subflows bound to it can no longer
 *		receive, which the core does not second-guess: the path
 *		manager closes them or lets them time out (optional)
 * @name:	unique, what net.mptcp.path_manager names
 * @owner:	the module (or BPF struct_ops map) that provides it
 * @list:	in the registry
 * @init:	a connection starts using it (optional)
 * @release:	a connection stops using it (optional)
 * @state:	the core's (struct mptcp_policy_state)
 *
 * Called in process context with the msk socket lock held; BPF ones
 * must not sleep, so what they ask for (new subflows) is queued and done
 * by the core right after the call, within the namespace's limits.
 */
struct mptcp_pm_ops {
	void (*established)(struct mptcp_sock *msk);
	void (*subflow_established)(struct mptcp_sock *msk,
				    struct mptcp_subflow_context *subflow);
	void (*subflow_closed)(struct mptcp_sock *msk,
			       struct mptcp_subflow_context *subflow);
	void (*timer)(struct mptcp_sock *msk);
	void (*addr_added)(struct mptcp_sock *msk, const struct mptcp_addr_info *addr);
	void (*addr_removed)(struct mptcp_sock *msk, u8 id);
	void (*local_addr_up)(struct mptcp_sock *msk, const struct mptcp_addr_info *addr);
	void (*local_addr_down)(struct mptcp_sock *msk, const struct mptcp_addr_info *addr);

	char			name[MPTCP_PM_NAME_MAX];
	struct module		*owner;
	struct list_head	list;

	void (*init)(struct mptcp_sock *msk);
	void (*release)(struct mptcp_sock *msk);

	struct mptcp_policy_state state;
} ____cacheline_aligned_in_smp;

#endif /* __NET_MPTCP_POLICY_H */
