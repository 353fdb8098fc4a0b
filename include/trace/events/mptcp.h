/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCP tracepoints: every policy decision, for bpftrace and perf
 * (tools/bpftrace/).  Stable names and fields; replaces the tree's
 * upstream header, whose events read fields our core does not have.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM mptcp

#if !defined(_TRACE_MPTCP_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_MPTCP_H

#include <linux/tracepoint.h>

/* What one scheduler decision marked: a bit per subflow_id (1..31). */
TRACE_EVENT(mptcp_sched_decision,

	TP_PROTO(u32 token, const char *sched, bool retrans, u32 marked,
		 bool by_default),

	TP_ARGS(token, sched, retrans, marked, by_default),

	TP_STRUCT__entry(
		__field(u32, token)
		__string(sched, sched)
		__field(bool, retrans)
		__field(u32, marked)
		__field(bool, by_default)
	),

	TP_fast_assign(
		__entry->token = token;
		__assign_str(sched);
		__entry->retrans = retrans;
		__entry->marked = marked;
		__entry->by_default = by_default;
	),

	TP_printk("token=%08x sched=%s %s marked=%#x%s",
		  __entry->token, __get_str(sched),
		  __entry->retrans ? "retrans" : "send", __entry->marked,
		  __entry->by_default ? " (the default answered)" : "")
);

/* A policy was taken off a connection for misbehaving. */
DECLARE_EVENT_CLASS(mptcp_policy_eject,

	TP_PROTO(u32 token, const char *policy, const char *kind, const char *msg),

	TP_ARGS(token, policy, kind, msg),

	TP_STRUCT__entry(
		__field(u32, token)
		__string(policy, policy)
		__string(kind, kind)
		__string(msg, msg)
	),

	TP_fast_assign(
		__entry->token = token;
		__assign_str(policy);
		__assign_str(kind);
		__assign_str(msg);
	),

	TP_printk("token=%08x policy=%s kind=%s: %s", __entry->token,
		  __get_str(policy), __get_str(kind), __get_str(msg))
);

DEFINE_EVENT(mptcp_policy_eject, mptcp_sched_eject,
	TP_PROTO(u32 token, const char *policy, const char *kind, const char *msg),
	TP_ARGS(token, policy, kind, msg)
);

DEFINE_EVENT(mptcp_policy_eject, mptcp_pm_eject,
	TP_PROTO(u32 token, const char *policy, const char *kind, const char *msg),
	TP_ARGS(token, policy, kind, msg)
);

/* The path manager opened (or failed to open) a subflow. */
TRACE_EVENT(mptcp_pm_subflow_create,

	TP_PROTO(u32 token, const struct sockaddr *local,
		 const struct sockaddr *remote, bool backup, int err),

	TP_ARGS(token, local, remote, backup, err),

	TP_STRUCT__entry(
		__field(u32, token)
		__array(u8, local, sizeof(struct sockaddr_in6))
		__array(u8, remote, sizeof(struct sockaddr_in6))
		__field(bool, backup)
		__field(int, err)
	),

	TP_fast_assign(
		__entry->token = token;
		memset(__entry->local, 0, sizeof(__entry->local));
		memset(__entry->remote, 0, sizeof(__entry->remote));
		memcpy(__entry->local, local, local->sa_family == AF_INET6 ?
		       sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
		memcpy(__entry->remote, remote, remote->sa_family == AF_INET6 ?
		       sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
		__entry->backup = backup;
		__entry->err = err;
	),

	TP_printk("token=%08x local=%pISpc remote=%pISpc%s err=%d",
		  __entry->token, __entry->local, __entry->remote,
		  __entry->backup ? " backup" : "", __entry->err)
);

#endif /* _TRACE_MPTCP_H */

#include <trace/define_trace.h>
