// SPDX-License-Identifier: GPL-2.0
/*
 * Socket options of the meta-socket.  Options about the connection as the
 * application sees it (buffers, timeouts, linger) stay on the msk; options
 * about the wire (TCP behaviour, addressing, marks, devices) are applied
 * to every subflow.  Options that make no sense on a subflow we manage
 * (TCP_ULP, fast open, repair) are refused rather than silently ignored.
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
	case TCP_FASTOPEN:
	case TCP_FASTOPEN_CONNECT:
	case TCP_FASTOPEN_KEY:
	case TCP_FASTOPEN_NO_COOKIE:
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

		switch (level) {
		case SOL_SOCKET:
			err = sk_setsockopt(ssk, level, optname, optval, optlen);
			break;
		case SOL_TCP:
			err = tcp_setsockopt(ssk, level, optname, optval, optlen);
			break;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
		case SOL_IPV6:
			err = ipv6_setsockopt(ssk, level, optname, optval, optlen);
			break;
#endif
		default:
			err = ip_setsockopt(ssk, level, optname, optval, optlen);
			break;
		}
		if (!ret)
			ret = err;
	}
	return ret;
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
		break;
	case SOL_IP:
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	case SOL_IPV6:
#endif
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
