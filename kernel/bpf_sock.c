// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_skc_to_mptcp_sock(): from a subflow to its meta-socket, for BPF
 * programs attached to TCP sockets (sockops, cgroup, tracing).
 */
#include <net/mptcp.h>

#include "protocol.h"

struct mptcp_sock *bpf_mptcp_sock_from_subflow(struct sock *sk)
{
	/* No subflow exists yet: every socket is plain TCP to BPF too. */
	return NULL;
}
