/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCP core: types shared by the files of kernel/.
 *
 * Naming, used everywhere: msk is the meta-socket the application holds,
 * ssk a subflow's TCP socket, subflow the ULP context hanging off an ssk.
 */
#ifndef __MPTCP_PROTOCOL_H
#define __MPTCP_PROTOCOL_H

#include <net/inet_connection_sock.h>
#include <net/mptcp.h>
#include <net/net_namespace.h>

/**
 * struct mptcp_sock - the meta-socket
 * @sk:    must stay first: the socket layer and bpf_skc_to_mptcp_sock()
 *         treat a struct mptcp_sock * as a struct sock *
 * @token: local connection token (RFC 8684 section 3.2)
 *
 * Still a skeleton: the datapath fills it in.  It exists now so that
 * bpf_skc_to_mptcp_sock() has a type in BTF.
 */
struct mptcp_sock {
	struct inet_connection_sock	sk;
	u32				token;
};

/**
 * struct mptcp_pernet - per network namespace state
 * @sysctl:		our net.mptcp.* table, duplicated per namespace
 * @enabled:		net.mptcp.enabled: new IPPROTO_MPTCP sockets speak MPTCP
 * @checksum_enabled:	net.mptcp.checksum_enabled: ask for DSS checksums
 */
struct mptcp_pernet {
	struct ctl_table_header	*sysctl;
	u8			enabled;
	u8			checksum_enabled;
};

struct mptcp_pernet *mptcp_pernet(const struct net *net);
int __init mptcp_ctrl_init(void);

#endif /* __MPTCP_PROTOCOL_H */
