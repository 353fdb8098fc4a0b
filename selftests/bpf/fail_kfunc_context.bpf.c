// SPDX-License-Identifier: GPL-2.0
/* Must not load (bpf_sched_fail): a tracing program calling a scheduler
 * kfunc, which only schedulers may call (the msk lock is theirs).
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

SEC("fentry/tcp_sendmsg")
int BPF_PROG(peek, struct sock *sk)
{
	return bpf_mptcp_subflow_ctx(sk) != NULL;
}

SEC("struct_ops")
int BPF_PROG(ctx_get_send, struct mptcp_sock *msk)
{
	return 0;
}

SEC(".struct_ops")
struct mptcp_sched_ops ctx = {
	.get_send	= (void *)ctx_get_send,
	.name		= "test_kfunc_ctx",
};
