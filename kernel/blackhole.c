// SPDX-License-Identifier: GPL-2.0
/*
 * Paths that drop MP_CAPABLE SYNs (RFC 8684 section 3.7: a middlebox that
 * discards SYNs with unknown options).  After
 * net.mptcp.syn_retrans_before_tcp_fallback unanswered SYNs the next one
 * goes without MP_CAPABLE, the connection as plain TCP.  If that one is
 * answered, the path is a blackhole for MPTCP: new connections of the
 * namespace skip MP_CAPABLE for net.mptcp.blackhole_timeout seconds,
 * doubled for each blackhole in a row (64 times at most), as TCP Fast Open
 * does for its own blackholes.  One MP_CAPABLE handshake that completes
 * ends the streak.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <net/mptcp.h>
#include <net/tcp.h>

#include "mib.h"
#include "protocol.h"

/* Called by TCP before it retransmits a SYN (tcp_write_timeout()), the
 * subflow locked.
 */
void mptcp_active_detect_blackhole(struct sock *ssk, bool expired)
{
	struct mptcp_subflow_context *sf;
	struct net *net = sock_net(ssk);
	u8 sent, limit;

	if (!sk_is_mptcp(ssk) || ssk->sk_state != TCP_SYN_SENT)
		return;
	sf = mptcp_subflow_ctx(ssk);
	if (!sf || !sf->mpc || sf->join)
		return;

	sent = inet_csk(ssk)->icsk_retransmits;
	limit = READ_ONCE(mptcp_pernet(net)->syn_retrans_before_tcp_fallback);
	/* The last retransmission TCP will make goes without the option
	 * too, however few the namespace's limit allows.
	 */
	if (sent < limit && !expired)
		return;
	sf->mpc = 0;
	sf->mpc_dropped = true;
	WRITE_ONCE(mptcp_sk(sf->msk)->fallback, 1);
	__mptcp_mib_inc(net, MPTCP_MIB_MPC_SYN_TX_DROP);
}

/* The SYN-ACK of a connection whose later SYNs went without MP_CAPABLE:
 * @mpc, whether it carries the option anyway (a slow peer, not a path
 * that drops the option).
 */
void mptcp_active_synack_after_drop(struct net *net, bool mpc)
{
	struct mptcp_pernet *pn = mptcp_pernet(net);

	if (mpc)
		return;
	WRITE_ONCE(pn->active_disable_stamp, jiffies);
	/* the stamp before the count: a reader that sees the new count
	 * sees its stamp (mptcp_active_disabled())
	 */
	smp_mb__before_atomic();
	atomic_inc(&pn->active_disable_times);
	__mptcp_mib_inc(net, MPTCP_MIB_BLACKHOLE);
	net_info_ratelimited("MP_CAPABLE SYNs dropped on the way: plain TCP for new connections for %u s\n",
			     READ_ONCE(pn->blackhole_timeout) <<
			     min(atomic_read(&pn->active_disable_times) - 1, 6));
}

/* An MP_CAPABLE handshake went through: the streak is over. */
void mptcp_active_synack_mpc(struct net *net)
{
	struct mptcp_pernet *pn = mptcp_pernet(net);

	if (atomic_read(&pn->active_disable_times))
		atomic_set(&pn->active_disable_times, 0);
}

/* Whether a new connection of @net should not ask for MPTCP now. */
bool mptcp_active_disabled(struct net *net)
{
	struct mptcp_pernet *pn = mptcp_pernet(net);
	unsigned int timeout = READ_ONCE(pn->blackhole_timeout);
	int times = atomic_read(&pn->active_disable_times);
	unsigned long until;

	if (!timeout || !times)
		return false;
	smp_rmb();
	until = READ_ONCE(pn->active_disable_stamp) +
		((unsigned long)timeout * HZ << min(times - 1, 6));
	return time_before(jiffies, until);
}
