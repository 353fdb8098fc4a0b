// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace control: the net.mptcp.* sysctls and the counters'
 * storage, set up when a namespace comes up and torn down when it goes.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/netns/generic.h>

#include "mib.h"
#include "protocol.h"

static unsigned int mptcp_pernet_id __read_mostly;

struct mptcp_pernet *mptcp_pernet(const struct net *net)
{
	return net_generic(net, mptcp_pernet_id);
}

/* The template's .data holds the field's offset inside struct mptcp_pernet;
 * each namespace gets a copy whose .data points into its own state.  That
 * keeps one table for all namespaces and no per-entry fixup code.
 */
#define PERNET_FIELD(f) ((void *)offsetof(struct mptcp_pernet, f))

/* Lookups of the policy registries, for the sysctls naming a policy. */
static bool sched_known(const char *name)
{
	return mptcp_sched_find(mptcp_policy_current_net(), name);
}

static bool pm_known(const char *name)
{
	return mptcp_pm_find(mptcp_policy_current_net(), name);
}

/* net.mptcp.scheduler, net.mptcp.path_manager: only a registered name is
 * accepted; .extra1 is the registry's lookup.
 */
static int proc_policy(const struct ctl_table *ctl, int write,
		       void *buffer, size_t *lenp, loff_t *ppos)
{
	bool (*known)(const char *name) = ctl->extra1;
	char name[MPTCP_SCHED_NAME_MAX];
	struct ctl_table tbl = {
		.data = name,
		.maxlen = MPTCP_SCHED_NAME_MAX,
	};
	int err;

	strscpy(name, ctl->data, MPTCP_SCHED_NAME_MAX);
	err = proc_dostring(&tbl, write, buffer, lenp, ppos);
	if (write && !err) {
		rcu_read_lock();
		err = known(name) ? 0 : -ENOENT;
		rcu_read_unlock();
		if (!err)
			strscpy(ctl->data, name, MPTCP_SCHED_NAME_MAX);
	}
	return err;
}

/* proc_dou8vec_minmax() on a copy, 0..@max: the handlers below take the
 * value only once what it stands for is done.
 */
static int proc_u8_copy(u8 *val, const int *max, int write, void *buffer,
			size_t *lenp, loff_t *ppos)
{
	struct ctl_table tbl = {
		.data = val,
		.maxlen = sizeof(*val),
		.extra1 = SYSCTL_ZERO,
		.extra2 = (void *)max,
	};

	return proc_dou8vec_minmax(&tbl, write, buffer, lenp, ppos);
}

/* net.mptcp.pm_type, upstream's older switch: 0 the kernel path manager,
 * 1 the userspace one; .data is the path_manager name it reads and sets.
 * Another path manager in use reads as 0.
 */
static int proc_pm_type(const struct ctl_table *ctl, int write,
			void *buffer, size_t *lenp, loff_t *ppos)
{
	char *name = ctl->data;
	u8 type = !strcmp(name, mptcp_pm_userspace.name);
	int err;

	err = proc_u8_copy(&type, SYSCTL_ONE, write, buffer, lenp, ppos);
	if (write && !err)
		strscpy(name, type ? mptcp_pm_userspace.name : mptcp_pm_kernel.name,
			MPTCP_PM_NAME_MAX);
	return err;
}

/* net.mptcp.join_any_port: 0 a join goes to its connection's port or one
 * it announced, 1 to any MPTCP listener's, 2 to any port at all -- for that
 * one the namespace gets listeners of its own (pm_listener.c), opened
 * before the value is taken and closed when it goes.
 */
static int proc_join_any_port(const struct ctl_table *ctl, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	struct mptcp_pernet *pn = container_of(ctl->data, struct mptcp_pernet,
					       join_any_port);
	u8 val = READ_ONCE(pn->join_any_port);
	int err;

	err = proc_u8_copy(&val, SYSCTL_TWO, write, buffer, lenp, ppos);
	if (!write || err)
		return err;
	err = mptcp_join_catchers_set(read_pnet(&pn->net), val == 2);
	if (!err)
		WRITE_ONCE(pn->join_any_port, val);
	return err;
}

/* net.mptcp.available_*: .extra1 lists the registry's names. */
static int proc_available(const struct ctl_table *ctl, int write,
			  void *buffer, size_t *lenp, loff_t *ppos)
{
	int (*list)(const struct net *net, char *buf, size_t size) = ctl->extra1;
	char *names __free(kfree) = kmalloc(MPTCP_SCHED_BUF_MAX, GFP_USER);

	if (!names)
		return -ENOMEM;
	list(mptcp_policy_current_net(), names, MPTCP_SCHED_BUF_MAX);
	/* read-only: a private table over the list just made */
	return proc_dostring(&(struct ctl_table){ .data = names,
						  .maxlen = MPTCP_SCHED_BUF_MAX },
			     write, buffer, lenp, ppos);
}

static struct ctl_table mptcp_sysctl_template[] = {
	{
		.procname	= "enabled",
		.data		= PERNET_FIELD(enabled),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "checksum_enabled",
		.data		= PERNET_FIELD(checksum_enabled),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "allow_join_initial_addr_port",
		.data		= PERNET_FIELD(allow_join_initial_addr_port),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "join_any_port",
		.data		= PERNET_FIELD(join_any_port),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_join_any_port,
	},
	{
		.procname	= "add_addr_timeout",
		.data		= PERNET_FIELD(add_addr_timeout),
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		.procname	= "close_timeout",
		.data		= PERNET_FIELD(close_timeout),
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		/* ours counts TCP timeouts in a row (2 by default), upstream's
		 * its own retransmission intervals (4): both about two RTOs
		 */
		.procname	= "stale_loss_cnt",
		.data		= PERNET_FIELD(stale_loss_cnt),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "syn_retrans_before_tcp_fallback",
		.data		= PERNET_FIELD(syn_retrans_before_tcp_fallback),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "add_addr_v6_port_drop_ts",
		.data		= PERNET_FIELD(add_addr_v6_port_drop_ts),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "blackhole_timeout",
		.data		= PERNET_FIELD(blackhole_timeout),
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{
		.procname	= "scheduler",
		.data		= PERNET_FIELD(scheduler),
		.maxlen		= MPTCP_SCHED_NAME_MAX,
		.mode		= 0644,
		.proc_handler	= proc_policy,
		.extra1		= sched_known,
	},
	{
		.procname	= "available_schedulers",
		.maxlen		= MPTCP_SCHED_BUF_MAX,
		.mode		= 0444,
		.proc_handler	= proc_available,
		.extra1		= mptcp_sched_list,
	},
	{
		.procname	= "path_manager",
		.data		= PERNET_FIELD(path_manager),
		.maxlen		= MPTCP_PM_NAME_MAX,
		.mode		= 0644,
		.proc_handler	= proc_policy,
		.extra1		= pm_known,
	},
	{
		.procname	= "pm_type",
		.data		= PERNET_FIELD(path_manager),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_pm_type,
	},
	{
		.procname	= "available_path_managers",
		.maxlen		= MPTCP_SCHED_BUF_MAX,
		.mode		= 0444,
		.proc_handler	= proc_available,
		.extra1		= mptcp_pm_list,
	},
};

static int mptcp_sysctl_register(struct net *net, struct mptcp_pernet *pernet)
{
	struct ctl_table *table;
	int i;

	table = kmemdup(mptcp_sysctl_template, sizeof(mptcp_sysctl_template),
			GFP_KERNEL);
	if (!table)
		return -ENOMEM;

	for (i = 0; i < ARRAY_SIZE(mptcp_sysctl_template); i++)
		if (table[i].data)
			table[i].data = (char *)pernet + (uintptr_t)table[i].data;

	pernet->sysctl = register_net_sysctl_sz(net, "net/mptcp", table,
						ARRAY_SIZE(mptcp_sysctl_template));
	if (!pernet->sysctl) {
		kfree(table);
		return -ENOMEM;
	}
	return 0;
}

static void mptcp_sysctl_unregister(struct mptcp_pernet *pernet)
{
	const struct ctl_table *table = pernet->sysctl->ctl_table_arg;

	unregister_net_sysctl_table(pernet->sysctl);
	kfree(table);
}

static int __net_init mptcp_net_init(struct net *net)
{
	struct mptcp_pernet *pernet = mptcp_pernet(net);
	int err;

	write_pnet(&pernet->net, net);
	pernet->enabled = 1;
	pernet->checksum_enabled = 0;
	strscpy(pernet->scheduler, "default", sizeof(pernet->scheduler));
	strscpy(pernet->path_manager, "kernel", sizeof(pernet->path_manager));
	mutex_init(&pernet->pm_lock);
	INIT_LIST_HEAD(&pernet->endpoints);
	pernet->endpoints_nr = 0;
	pernet->next_id = 1;
	/* upstream's defaults: two extra subflows, no accepted ADD_ADDR */
	pernet->subflows_max = 2;
	pernet->add_addr_accept_max = 0;
	/* upstream's: TCP's largest RTO, an ADD_ADDR is rarely lost */
	pernet->add_addr_timeout = TCP_RTO_MAX;
	pernet->allow_join_initial_addr_port = 1;
	pernet->close_timeout = TCP_TIMEWAIT_LEN;	/* upstream's 60 s */
	pernet->stale_loss_cnt = 2;
	pernet->syn_retrans_before_tcp_fallback = 2;
	pernet->add_addr_v6_port_drop_ts = 1;	/* upstream's default */
	pernet->blackhole_timeout = 3600;
	atomic_set(&pernet->active_disable_times, 0);

	err = mptcp_mib_alloc(net);
	if (err)
		return err;

	/* On failure the counters stay: ipv4_mib_exit_net() frees them. */
	err = mptcp_conns_init_net(net);
	if (err)
		return err;
	err = mptcp_local_addr_init_net(net);
	if (err)
		goto conns;
	err = mptcp_sysctl_register(net, pernet);
	if (err)
		goto local_addrs;
	return 0;

local_addrs:
	mptcp_local_addr_exit_net(net);
conns:
	mptcp_conns_exit_net(net);
	return err;
}

static void __net_exit mptcp_net_exit(struct net *net)
{
	mptcp_sysctl_unregister(mptcp_pernet(net));
	mptcp_join_catchers_set(net, false);
	mptcp_local_addr_exit_net(net);
	mptcp_conns_exit_net(net);
	mptcp_endpoints_flush(mptcp_pernet(net));
}

static struct pernet_operations mptcp_pernet_ops = {
	.init	= mptcp_net_init,
	.exit	= mptcp_net_exit,
	.id	= &mptcp_pernet_id,
	.size	= sizeof(struct mptcp_pernet),
};

int __init mptcp_ctrl_init(void)
{
	return register_pernet_subsys(&mptcp_pernet_ops);
}
