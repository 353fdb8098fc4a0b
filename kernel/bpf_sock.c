// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_skc_to_mptcp_sock(): from a subflow to its meta-socket, for BPF
 * programs attached to TCP sockets (sockops, cgroup, tracing).
 */
#include <net/mptcp.h>

#include "protocol.h"

struct mptcp_sock *bpf_mptcp_sock_from_subflow(struct sock *sk)
{
	const struct mptcp_subflow_context *sf;

	if (!sk || !sk_fullsock(sk) || sk->sk_protocol != IPPROTO_TCP ||
	    !sk_is_mptcp(sk))
		return NULL;
	sf = mptcp_subflow_ctx(sk);
	return sf && sf->msk ? mptcp_sk(sf->msk) : NULL;
}
