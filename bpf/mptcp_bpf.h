/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What a BPF MPTCP policy includes: the kernel's types (vmlinux.h, dumped
 * from the kernel we build), libbpf's helpers, and the kfuncs our core
 * offers a scheduler.  Names follow the mptcp_net-next "export" branch, so
 * schedulers written for it build here unchanged.
 */
#ifndef __MPTCP_BPF_H
#define __MPTCP_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MPTCP_SUBFLOWS_MAX	8

/* Mark @subflow to carry the current decision's data (several marks: the
 * same data on each, a redundant scheduler).  Marking a subflow of
 * another connection ejects the scheduler from this one.
 */
extern void mptcp_subflow_set_scheduled(struct mptcp_subflow_context *subflow,
					bool scheduled) __ksym;
/* Established, not closing, and allowed to carry data (a joined subflow
 * waits for its third ACK to be acknowledged).  NULL-safe.
 */
extern bool mptcp_subflow_active(struct mptcp_subflow_context *subflow) __ksym;
extern struct mptcp_subflow_context *bpf_mptcp_subflow_ctx(const struct sock *sk) __ksym;
extern struct sock *bpf_mptcp_subflow_tcp_sock(const struct mptcp_subflow_context *subflow) __ksym;
/* Nothing at TCP level waits for an ACK or for room to be sent. */
extern bool bpf_mptcp_subflow_queues_empty(struct sock *sk) __ksym;

/* bpf_for_each(mptcp_subflow, subflow, msk): the connection's subflows,
 * only inside get_send()/get_retrans().
 */
extern int bpf_iter_mptcp_subflow_new(struct bpf_iter_mptcp_subflow *it,
				      struct mptcp_sock *msk) __ksym;
extern struct mptcp_subflow_context *
bpf_iter_mptcp_subflow_next(struct bpf_iter_mptcp_subflow *it) __ksym;
extern void bpf_iter_mptcp_subflow_destroy(struct bpf_iter_mptcp_subflow *it) __ksym;

static __always_inline struct sock *
mptcp_subflow_tcp_sock(const struct mptcp_subflow_context *subflow)
{
	return subflow->tcp_sock;
}

/* Backup as either end sees it: the peer asked (MP_JOIN/MP_PRIO B bit)
 * or we did.
 */
static __always_inline bool mptcp_subflow_is_backup(const struct mptcp_subflow_context *subflow)
{
	return subflow->backup || subflow->request_bkup;
}

#endif /* __MPTCP_BPF_H */
