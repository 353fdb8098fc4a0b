// SPDX-License-Identifier: GPL-2.0
/*
 * Socket options of the meta-socket.  Options about the connection as the
 * application sees it (buffers, timeouts, linger) stay on the msk; options
 * about the wire (TCP behaviour, addressing, marks, devices) are applied
 * to every subflow, but those of the handshake (fast open), which go to
 * the first.  Options that make no sense on a subflow we manage (TCP_ULP,
 * repair) are refused rather than silently ignored.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/sockios.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/mptcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
#include <net/ipv6.h>
#endif

#include <asm/ioctls.h>

#include "protocol.h"

/* SOL_SOCKET options a subflow must carry too. */
static bool sol_socket_on_subflows(int optname)
{
	switch (optname) {
	case SO_REUSEADDR:
	case SO_REUSEPORT:
	case SO_KEEPALIVE:
	case SO_MARK:
	case SO_PRIORITY:
	case SO_BINDTODEVICE:
	case SO_BINDTOIFINDEX:
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
	case SO_INCOMING_CPU:
	/* subflows stamp what they receive; recvmsg() reports it */
	case SO_TIMESTAMP_OLD:
	case SO_TIMESTAMP_NEW:
	case SO_TIMESTAMPNS_OLD:
	case SO_TIMESTAMPNS_NEW:
	case SO_TIMESTAMPING_OLD:
	case SO_TIMESTAMPING_NEW:
		return true;
	}
	return false;
}

static bool tcp_opt_refused(int optname)
{
	switch (optname) {
	case TCP_ULP:
	case TCP_REPAIR:
	case TCP_REPAIR_QUEUE:
	case TCP_REPAIR_OPTIONS:
	case TCP_REPAIR_WINDOW:
	case TCP_QUEUE_SEQ:
	case TCP_ZEROCOPY_RECEIVE:
	case TCP_MD5SIG:
	case TCP_MD5SIG_EXT:
	case TCP_AO_ADD_KEY:
	case TCP_AO_DEL_KEY:
	case TCP_AO_INFO:
		return true;
	}
	return false;
}

/* SOL_IP and SOL_IPV6 options refused.  Group membership (IPv4's, and
 * IPv6's anycast) is for datagram sockets, and the IP layer takes the RTNL
 * for it before the socket lock: applied to a subflow under the msk lock
 * it would order a socket lock before the RTNL, against the rest of the
 * stack (lockdep saw the cycle when sysfuzz ran on the debug kernel).
 * IPV6_ADDRFORM would turn a subflow into an IPv4 socket under us.
 */
static const struct {
	int level, optname;
} ip_opts_refused[] = {
	{ SOL_IP, IP_ADD_MEMBERSHIP },		{ SOL_IP, IP_DROP_MEMBERSHIP },
	{ SOL_IP, IP_ADD_SOURCE_MEMBERSHIP },	{ SOL_IP, IP_DROP_SOURCE_MEMBERSHIP },
	{ SOL_IP, IP_BLOCK_SOURCE },		{ SOL_IP, IP_UNBLOCK_SOURCE },
	{ SOL_IP, IP_MSFILTER },		{ SOL_IP, MCAST_MSFILTER },
	{ SOL_IP, MCAST_JOIN_GROUP },		{ SOL_IP, MCAST_LEAVE_GROUP },
	{ SOL_IP, MCAST_JOIN_SOURCE_GROUP },	{ SOL_IP, MCAST_LEAVE_SOURCE_GROUP },
	{ SOL_IP, MCAST_BLOCK_SOURCE },		{ SOL_IP, MCAST_UNBLOCK_SOURCE },
	{ SOL_IPV6, IPV6_JOIN_ANYCAST },	{ SOL_IPV6, IPV6_LEAVE_ANYCAST },
	{ SOL_IPV6, IPV6_ADDRFORM },
};

static bool ip_opt_refused(int level, int optname)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ip_opts_refused); i++)
		if (ip_opts_refused[i].level == level &&
		    ip_opts_refused[i].optname == optname)
			return true;
	return false;
}

/* Apply to each subflow (creating the first one if the socket has none
 * yet, so that options set before connect() or listen() take effect).
 */
static int set_on_subflows(struct sock *sk, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;
	int ret = 0, err;

	if (list_empty(&msk->subflows) && sk->sk_state == TCP_CLOSE) {
		struct sock *ssk = mptcp_first_subflow(sk);

		if (IS_ERR(ssk))
			return PTR_ERR(ssk);
	}

	mptcp_for_each_subflow(msk, sf) {
		struct sock *ssk = sf->tcp_sock;

		/* SOL_IP and SOL_IPV6 go where TCP sends them, by the
		 * subflow's own family: an IPv4 subflow (of either kind of
		 * socket) has no IPv6 state for ipv6_setsockopt() to write
		 * (sysfuzz found that: a NULL dereference).
		 */
		if (level == SOL_SOCKET)
			err = sk_setsockopt(ssk, level, optname, optval, optlen);
		else
			err = tcp_setsockopt(ssk, level, optname, optval, optlen);
		if (!ret)
			ret = err;
	}
	return ret;
}

/* Fast open is the first subflow's business: the listener's cookie
 * queue and key, or the connecting SYN's data.  A join never carries data
 * in its SYN (fastopen.c), so no other subflow gets these.
 */
static bool tcp_opt_first_only(int optname)
{
	switch (optname) {
	case TCP_FASTOPEN:
	case TCP_FASTOPEN_CONNECT:
	case TCP_FASTOPEN_KEY:
	case TCP_FASTOPEN_NO_COOKIE:
		return true;
	}
	return false;
}

static int set_on_first(struct sock *sk, int optname, sockptr_t optval,
			unsigned int optlen)
{
	struct sock *ssk;
	int err;

	lock_sock(sk);
	ssk = mptcp_sk(sk)->first;
	if (!ssk)
		ssk = mptcp_first_subflow(sk);
	err = IS_ERR(ssk) ? PTR_ERR(ssk) :
	      tcp_setsockopt(ssk, SOL_TCP, optname, optval, optlen);
	release_sock(sk);
	return err;
}

/* TCP_INQ is about the stream the application reads: the msk's. */
static int set_recv_inq(struct sock *sk, sockptr_t optval, unsigned int optlen)
{
	int val;

	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	lock_sock(sk);
	mptcp_sk(sk)->recv_inq = !!val;
	release_sock(sk);
	return 0;
}

int mptcp_setsockopt(struct sock *sk, int level, int optname,
		     sockptr_t optval, unsigned int optlen)
{
	int err;

	switch (level) {
	case SOL_MPTCP:
		if (optname == MPTCP_SCHEDULER)
			return mptcp_sched_setsockopt(sk, optval, optlen);
		if (optname == MPTCP_PATH_MANAGER)
			return mptcp_pm_setsockopt(sk, optval, optlen);
		return -EOPNOTSUPP;
	case SOL_SOCKET:
		err = sk_setsockopt(sk, level, optname, optval, optlen);
		if (err || !sol_socket_on_subflows(optname))
			return err;
		break;
	case SOL_TCP:
		if (tcp_opt_refused(optname))
			return -EOPNOTSUPP;
		if (optname == TCP_INQ)
			return set_recv_inq(sk, optval, optlen);
		if (tcp_opt_first_only(optname))
			return set_on_first(sk, optname, optval, optlen);
		break;
	case SOL_IP:
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	case SOL_IPV6:
#endif
		if (ip_opt_refused(level, optname))
			return -EOPNOTSUPP;
		break;
	default:
		return -EOPNOTSUPP;
	}

	lock_sock(sk);
	err = set_on_subflows(sk, level, optname, optval, optlen);
	release_sock(sk);
	return err;
}

/* Wire-level options read back from the first subflow. */
int mptcp_getsockopt(struct sock *sk, int level, int optname,
		     char __user *optval, int __user *optlen)
{
	struct sock *ssk;
	int err;

	if (level == SOL_MPTCP)
		return mptcp_getsockopt_sol_mptcp(sk, optname, optval, optlen);
	if (level != SOL_TCP && level != SOL_IP && level != SOL_IPV6)
		return -EOPNOTSUPP;
	if (level == SOL_TCP && optname == TCP_INQ) {
		int len, val = READ_ONCE(mptcp_sk(sk)->recv_inq);

		if (get_user(len, optlen))
			return -EFAULT;
		if (len < 0)
			return -EINVAL;
		len = min_t(unsigned int, len, sizeof(int));
		if (put_user(len, optlen) || copy_to_user(optval, &val, len))
			return -EFAULT;
		return 0;
	}

	/* A fresh socket gets its first subflow now, as for setsockopt():
	 * what TCP would report for the connection is that subflow's.
	 */
	lock_sock(sk);
	ssk = mptcp_sk(sk)->first;
	if (!ssk && sk->sk_state == TCP_CLOSE)
		ssk = mptcp_first_subflow(sk);
	if (IS_ERR_OR_NULL(ssk)) {
		release_sock(sk);
		return ssk ? PTR_ERR(ssk) : -EINVAL;
	}
	sock_hold(ssk);
	release_sock(sk);

	err = ssk->sk_prot->getsockopt(ssk, level, optname, optval, optlen);
	sock_put(ssk);
	return err;
}

/**
 * mptcp_ioctl - SIOCINQ, SIOCOUTQ, SIOCOUTQNSD on the meta-socket
 *
 * Counted at the connection level, in the application's bytes: what it
 * can read, what it wrote that the peer has not DATA_ACKed, and what of
 * that no subflow has sent yet.
 */
int mptcp_ioctl(struct sock *sk, int cmd, int *karg)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	u64 from;

	if (cmd != SIOCINQ && cmd != SIOCOUTQ && cmd != SIOCOUTQNSD)
		return -ENOIOCTLCMD;
	if (sk->sk_state == TCP_LISTEN)
		return -EINVAL;

	lock_sock(sk);
	if (cmd == SIOCINQ) {
		*karg = mptcp_inq(sk);
	} else if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		*karg = 0;
	} else {
		from = cmd == SIOCOUTQ ? atomic64_read(&msk->snd_una) : msk->snd_nxt;
		/* our DATA_FIN, once acknowledged, takes una past write_seq */
		*karg = dsn_before(from, msk->write_seq) ?
			min_t(u64, msk->write_seq - from, INT_MAX) : 0;
	}
	release_sock(sk);
	return 0;
}

/**
 * mptcp_subflow_inherit - give a new subflow the options the others have
 * @sk: the msk, locked
 * @ssk: the new subflow, not yet carrying data
 *
 * Options set through the msk reach the subflows it has at the time;
 * one that comes later (a join, either way) takes them from the msk
 * (SOL_SOCKET ones, which the msk keeps too) and from the connection's
 * first subflow (TCP and IP ones, which only subflows hold).  Its device
 * binding stays as the path manager chose it.
 */
void mptcp_subflow_inherit(struct sock *sk, struct sock *ssk)
{
	static const unsigned int buf_locks = SOCK_SNDBUF_LOCK | SOCK_RCVBUF_LOCK;
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct sock *tmpl = msk->first;
	char ca[TCP_CA_NAME_MAX];

	if (!tmpl && !list_empty(&msk->subflows))
		tmpl = list_first_entry(&msk->subflows, struct mptcp_subflow_context,
					node)->tcp_sock;
	if (tmpl == ssk)
		tmpl = NULL;

	lock_sock_nested(ssk, SINGLE_DEPTH_NESTING);
	if (READ_ONCE(ssk->sk_mark) != READ_ONCE(sk->sk_mark)) {
		WRITE_ONCE(ssk->sk_mark, READ_ONCE(sk->sk_mark));
		sk_dst_reset(ssk);
	}
	WRITE_ONCE(ssk->sk_priority, READ_ONCE(sk->sk_priority));
	WRITE_ONCE(ssk->sk_incoming_cpu, READ_ONCE(sk->sk_incoming_cpu));
	if (sk->sk_userlocks & buf_locks) {
		ssk->sk_userlocks |= sk->sk_userlocks & buf_locks;
		if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
			WRITE_ONCE(ssk->sk_sndbuf, READ_ONCE(sk->sk_sndbuf));
		if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
			WRITE_ONCE(ssk->sk_rcvbuf, READ_ONCE(sk->sk_rcvbuf));
	}
	if (sock_flag(sk, SOCK_KEEPOPEN) != sock_flag(ssk, SOCK_KEEPOPEN)) {
		tcp_set_keepalive(ssk, sock_flag(sk, SOCK_KEEPOPEN));
		sock_valbool_flag(ssk, SOCK_KEEPOPEN, sock_flag(sk, SOCK_KEEPOPEN));
	}
	/* the subflows stamp what they receive, recvmsg() reports it */
	if (sock_flag(sk, SOCK_TIMESTAMP))
		sock_enable_timestamp(ssk, SOCK_TIMESTAMP);
	if (sock_flag(sk, SOCK_TIMESTAMPING_RX_SOFTWARE))
		sock_enable_timestamp(ssk, SOCK_TIMESTAMPING_RX_SOFTWARE);

	if (tmpl) {
		const struct tcp_sock *t = tcp_sk(tmpl);
		struct tcp_sock *tp = tcp_sk(ssk);

		tp->nonagle = t->nonagle;
		WRITE_ONCE(tp->keepalive_time, READ_ONCE(t->keepalive_time));
		WRITE_ONCE(tp->keepalive_intvl, READ_ONCE(t->keepalive_intvl));
		WRITE_ONCE(tp->keepalive_probes, READ_ONCE(t->keepalive_probes));
		WRITE_ONCE(tp->notsent_lowat, READ_ONCE(t->notsent_lowat));
		WRITE_ONCE(inet_csk(ssk)->icsk_user_timeout,
			   READ_ONCE(inet_csk(tmpl)->icsk_user_timeout));
		__ip_sock_set_tos(ssk, READ_ONCE(inet_sk(tmpl)->tos));
		WRITE_ONCE(inet_sk(ssk)->uc_ttl, READ_ONCE(inet_sk(tmpl)->uc_ttl));
		inet_assign_bit(FREEBIND, ssk, inet_test_bit(FREEBIND, tmpl));
		inet_assign_bit(TRANSPARENT, ssk, inet_test_bit(TRANSPARENT, tmpl));
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
		if (ssk->sk_family == AF_INET6 && tmpl->sk_family == AF_INET6)
			WRITE_ONCE(inet6_sk(ssk)->tclass, READ_ONCE(inet6_sk(tmpl)->tclass));
#endif
		if (inet_csk(tmpl)->icsk_ca_ops != inet_csk(ssk)->icsk_ca_ops) {
			strscpy(ca, inet_csk(tmpl)->icsk_ca_ops->name, sizeof(ca));
			tcp_set_congestion_control(ssk, ca, false, true);
		}
	}
	release_sock(ssk);
}
