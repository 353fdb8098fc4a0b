// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/mptcp_conns: the namespace's MPTCP connections with the
 * policies they use (what `mptcpctl conn list` shows), and where
 * `mptcpctl conn move` moves one to another policy:
 *
 *   read:  token local remote state subflows scheduler path_manager
 *   write: "TOKEN sched NAME" or "TOKEN pm NAME" (CAP_NET_ADMIN)
 *
 * A move takes effect at once, under the connection's lock, as the
 * MPTCP_SCHEDULER socket option does on a live socket.  The namespace also
 * gets /proc/net/mptcp_{sched,pm}, the (global) policy tables.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "protocol.h"

static void show_addr(struct seq_file *seq, const struct sock *sk, bool remote)
{
	__be16 port = remote ? inet_sk(sk)->inet_dport : htons(inet_sk(sk)->inet_num);

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (sk->sk_family == AF_INET6 &&
	    !ipv6_addr_v4mapped(remote ? &sk->sk_v6_daddr : &sk->sk_v6_rcv_saddr)) {
		seq_printf(seq, "[%pI6c]:%u ", remote ? &sk->sk_v6_daddr :
			   &sk->sk_v6_rcv_saddr, ntohs(port));
		return;
	}
#endif
	seq_printf(seq, "%pI4:%u ", remote ? &inet_sk(sk)->inet_daddr :
		   &inet_sk(sk)->inet_rcv_saddr, ntohs(port));
}

static const char *const state_names[] = {
	[TCP_ESTABLISHED] = "ESTABLISHED",	[TCP_SYN_SENT] = "SYN_SENT",
	[TCP_SYN_RECV] = "SYN_RECV",		[TCP_FIN_WAIT1] = "FIN_WAIT1",
	[TCP_FIN_WAIT2] = "FIN_WAIT2",		[TCP_TIME_WAIT] = "TIME_WAIT",
	[TCP_CLOSE] = "CLOSE",			[TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[TCP_LAST_ACK] = "LAST_ACK",		[TCP_LISTEN] = "LISTEN",
	[TCP_CLOSING] = "CLOSING",
};

static const char *state_name(int state)
{
	return state < ARRAY_SIZE(state_names) && state_names[state] ?
	       state_names[state] : "?";
}

static int conns_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct mptcp_sock *msk;
	u64 pos = 0;

	seq_puts(seq, "token local remote state subflows scheduler path_manager\n");
	while ((msk = mptcp_token_next(net, &pos))) {
		struct sock *sk = (struct sock *)msk;

		lock_sock(sk);
		if (msk->sched && !msk->destroyed) {
			seq_printf(seq, "%08x ", msk->token);
			show_addr(seq, sk, false);
			show_addr(seq, sk, true);
			seq_printf(seq, "%s %u %s %s\n", state_name(sk->sk_state),
				   msk->subflows_nr, msk->sched->name,
				   msk->pm ? msk->pm->name : "-");
		}
		release_sock(sk);
		sock_put(sk);
	}
	return 0;
}

/* Commands, one per write; the file was opened in the namespace it acts on. */
static int conns_write(struct file *file, char *buf, size_t count)
{
	struct net *net = ((struct seq_file *)file->private_data)->private;
	char kind[8], name[MPTCP_SCHED_NAME_MAX];
	struct mptcp_sock *msk;
	u32 token;
	int err;

	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (sscanf(buf, "%x %7s %15s", &token, kind, name) != 3)
		return -EINVAL;

	msk = mptcp_token_get(net, token);
	if (!msk)
		return -ESRCH;
	if (!strcmp(kind, "sched"))
		err = mptcp_sched_move(msk, name);
	else if (!strcmp(kind, "pm"))
		err = mptcp_pm_move(msk, name);
	else
		err = -EINVAL;
	sock_put((struct sock *)msk);
	return err;
}

/* The namespace's files: its connections, and the (global) policy tables
 * so that mptcpctl works the same inside any namespace.
 */
int mptcp_conns_init_net(struct net *net)
{
	if (!proc_create_net_single_write("mptcp_conns", 0600, net->proc_net,
					  conns_show, conns_write, NULL))
		return -ENOMEM;
	if (!proc_create_net_single("mptcp_sched", 0444, net->proc_net,
				    mptcp_sched_seq_show, NULL) ||
	    !proc_create_net_single("mptcp_pm", 0444, net->proc_net,
				    mptcp_pm_seq_show, NULL)) {
		mptcp_conns_exit_net(net);
		return -ENOMEM;
	}
	return 0;
}

void mptcp_conns_exit_net(struct net *net)
{
	remove_proc_entry("mptcp_pm", net->proc_net);
	remove_proc_entry("mptcp_sched", net->proc_net);
	remove_proc_entry("mptcp_conns", net->proc_net);
}
