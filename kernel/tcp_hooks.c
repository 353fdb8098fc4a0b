// SPDX-License-Identifier: GPL-2.0
/*
 * The hooks the TCP core calls on sockets it believes to be MPTCP subflows
 * (include/net/mptcp.h).  The core never marks a socket is_mptcp until the
 * subflow ULP exists, so for now each hook gives TCP's plain answer: no
 * option to add, every incoming segment acceptable, no reset reason.
 */
#include <net/mptcp.h>
#include <net/tcp.h>

bool mptcp_syn_options(struct sock *sk, const struct sk_buff *skb,
		       unsigned int *size, struct mptcp_out_options *opts)
{
	return false;
}

bool mptcp_synack_options(const struct request_sock *req, unsigned int *size,
			  struct mptcp_out_options *opts)
{
	return false;
}

bool mptcp_established_options(struct sock *sk, struct sk_buff *skb,
			       unsigned int *size, unsigned int remaining,
			       struct mptcp_out_options *opts)
{
	return false;
}

void mptcp_write_options(struct tcphdr *th, __be32 *ptr, struct tcp_sock *tp,
			 struct mptcp_out_options *opts)
{
}

bool mptcp_incoming_options(struct sock *sk, struct sk_buff *skb)
{
	return true;
}

__be32 mptcp_get_reset_option(const struct sk_buff *skb)
{
	return htonl(0u);
}

void mptcp_space(const struct sock *ssk, int *space, int *full_space)
{
}

struct request_sock *mptcp_subflow_reqsk_alloc(const struct request_sock_ops *ops,
					       struct sock *sk_listener,
					       bool attach_listener)
{
	return NULL;
}

void mptcp_subflow_reqsk_clone(struct request_sock *req,
			       struct request_sock *new_req)
{
}

#ifdef CONFIG_SYN_COOKIES
int mptcp_subflow_init_cookie_req(struct request_sock *req,
				  const struct sock *sk_listener,
				  struct sk_buff *skb)
{
	return 0;	/* plain TCP */
}
#endif

void mptcp_active_detect_blackhole(struct sock *sk, bool expired)
{
}

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
void mptcpv6_handle_mapped(struct sock *sk, bool mapped)
{
}
#endif
