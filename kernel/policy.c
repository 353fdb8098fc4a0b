// SPDX-License-Identifier: GPL-2.0
/*
 * What schedulers and path managers share in the core: the record of a
 * policy's first error, its line in /proc/net/mptcp_{sched,pm}, and the
 * frame a policy call runs in (which connection it serves, for kfuncs to
 * check what they are handed against).
 */
#include <linux/bpf.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/sockptr.h>
#include <linux/uaccess.h>
#include <net/sock.h>

#include "protocol.h"

const char *const mptcp_policy_exit_names[] = {
	[MPTCP_POLICY_EXIT_NONE]	= "-",
	[MPTCP_POLICY_EXIT_FOREIGN]	= "foreign",
	[MPTCP_POLICY_EXIT_STALL]	= "stall",
	[MPTCP_POLICY_EXIT_SLOW]	= "slow",
	[MPTCP_POLICY_EXIT_UNREG]	= "unregistered",
	[MPTCP_POLICY_EXIT_SPAM]	= "spam",
};

/* Keeps @kind and @msg as @st's first error, unless it has one already. */
void mptcp_policy_record_exit(struct mptcp_policy_state *st, u32 token, u32 kind,
			      const char *msg)
{
	/* UNREG holds the slot while the record is written; readers load
	 * the final kind with acquire semantics.
	 */
	if (cmpxchg(&st->exit.kind, MPTCP_POLICY_EXIT_NONE, MPTCP_POLICY_EXIT_UNREG) !=
	    MPTCP_POLICY_EXIT_NONE)
		return;
	st->exit.token = token;
	strscpy(st->exit.msg, msg, sizeof(st->exit.msg));
	smp_store_release(&st->exit.kind, kind);
}

/* One line under MPTCP_POLICY_SEQ_HEADER: what mptcpctl parses. */
void mptcp_policy_seq_row(struct seq_file *seq, const char *name,
			  const struct module *owner, struct mptcp_policy_state *st)
{
	u32 kind = smp_load_acquire(&st->exit.kind);

	seq_printf(seq, "%s %s %d %d %s %08x %s\n", name,
		   owner == BPF_MODULE_OWNER ? "bpf" : "builtin",
		   atomic_read(&st->users), atomic_read(&st->ejections),
		   mptcp_policy_exit_names[kind], kind ? st->exit.token : 0,
		   kind ? st->exit.msg : "-");
}

/* --- which namespaces see a policy ------------------------------------------------- */

/*
 * A policy registered from a namespace other than init_net (a container's
 * administrator loading one) belongs to that namespace alone: only it
 * lists, selects or names it, and another namespace may register one of
 * the same name.  Built-ins and the ones the host registers (from
 * init_net) are every namespace's.  The scope is the namespace's cookie,
 * never reused, so a policy outliving its namespace (pinned in a bpffs
 * elsewhere) is seen by no one and points at nothing.
 *
 * The namespace at hand is the current process's: the one registering a
 * policy, or reading or writing a sysctl (its /proc/sys shows that
 * namespace's table).
 */
struct net *mptcp_policy_current_net(void)
{
	return current->nsproxy ? current->nsproxy->net_ns : &init_net;
}

u64 mptcp_policy_scope_current(void)
{
	struct net *net = mptcp_policy_current_net();

	return net_eq(net, &init_net) ? 0 : net->net_cookie;
}

bool mptcp_policy_visible(const struct mptcp_policy_state *st, const struct net *net)
{
	return !st->netns_cookie || st->netns_cookie == net->net_cookie;
}

/* --- naming a policy from a socket option ----------------------------------------- */

int mptcp_policy_name_from_user(char *name, sockptr_t optval, unsigned int optlen)
{
	if (optlen < 1)
		return -EINVAL;
	optlen = min_t(unsigned int, optlen, MPTCP_SCHED_NAME_MAX - 1);
	if (copy_from_sockptr(name, optval, optlen))
		return -EFAULT;
	name[optlen] = '\0';
	return 0;
}

/* Like TCP_CONGESTION's rule: the built-in policy and what the namespace
 * already uses are free to pick, anything else is a privilege (a policy
 * can starve a path or open many).
 */
bool mptcp_policy_allowed(struct sock *sk, const char *name, const char *builtin,
			  const char *netns_choice)
{
	return !strcmp(name, builtin) ||
	       !strncmp(name, netns_choice, MPTCP_SCHED_NAME_MAX) ||
	       ns_capable(sock_net(sk)->user_ns, CAP_NET_ADMIN);
}

int mptcp_policy_name_to_user(const char *name, char __user *optval, int __user *optlen)
{
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	len = min_t(int, len, strnlen(name, MPTCP_SCHED_NAME_MAX) + 1);
	if (put_user(len, optlen) || copy_to_user(optval, name, len))
		return -EFAULT;
	return 0;
}

/* The connection whose policy (scheduler or path manager) runs on this
 * CPU: kfuncs check what a policy hands them against it.  Policies run
 * with preemption off between enter and leave, and a softirq serving
 * another connection in between saves and restores it.
 */
static DEFINE_PER_CPU(struct mptcp_sock *, policy_running);

struct mptcp_sock *mptcp_policy_current(void)
{
	return this_cpu_read(policy_running);
}

struct mptcp_sock *mptcp_policy_enter(struct mptcp_sock *msk)
{
	preempt_disable();
	return this_cpu_xchg(policy_running, msk);
}

void mptcp_policy_leave(struct mptcp_sock *prev)
{
	this_cpu_write(policy_running, prev);
	preempt_enable();
}
