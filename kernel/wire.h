/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCP on the wire (RFC 8684 section 3): option layouts, and the pure
 * codec that reads and writes them.
 *
 * Nothing here touches a socket or an skb, so the same wire.c builds into
 * the kernel and into the userspace fuzz harness (tools/fuzz/), which
 * supplies the few kernel headers it includes.
 */
#ifndef __MPTCP_WIRE_H
#define __MPTCP_WIRE_H

#include <linux/bits.h>
#include <linux/types.h>
#include <net/mptcp.h>

/* RFC 8684 section 3: option kind 30, subtypes */
#define MPTCP_SUB_CAPABLE	0
#define MPTCP_SUB_JOIN		1
#define MPTCP_SUB_DSS		2
#define MPTCP_SUB_ADD_ADDR	3
#define MPTCP_SUB_RM_ADDR	4
#define MPTCP_SUB_PRIO		5
#define MPTCP_SUB_FAIL		6
#define MPTCP_SUB_FASTCLOSE	7
#define MPTCP_SUB_TCPRST	8

#define MPTCP_VERSION		1

/* MP_CAPABLE lengths (section 3.1) */
#define MPC_LEN_SYN		4
#define MPC_LEN_SYNACK		12
#define MPC_LEN_ACK		20
#define MPC_LEN_ACK_DATA	22
#define MPC_LEN_ACK_DATA_CSUM	24

/* MP_CAPABLE flags */
#define MPC_FLAG_A		0x80	/* checksum required */
#define MPC_FLAG_B		0x40	/* extensibility: must be 0 */
#define MPC_FLAG_C		0x20	/* no new subflows to the source address */
#define MPC_FLAG_H		0x01	/* HMAC-SHA256 */
#define MPC_FLAGS_CRYPTO	0x1f	/* D..H */

/* MP_JOIN lengths (section 3.2) */
#define MPJ_LEN_SYN		12
#define MPJ_LEN_SYNACK		16
#define MPJ_LEN_ACK		24
#define MPJ_FLAG_B		0x01	/* backup */
#define MPJ_HMAC_LEN		20	/* the third ACK's truncated HMAC */

/* DSS flags (section 3.3) */
#define DSS_FLAG_A		0x01	/* Data ACK present */
#define DSS_FLAG_a		0x02	/* Data ACK is 8 octets */
#define DSS_FLAG_M		0x04	/* mapping present */
#define DSS_FLAG_m		0x08	/* DSN is 8 octets */
#define DSS_FLAG_F		0x10	/* DATA_FIN */

/* What we put on the wire, in struct mptcp_out_options.suboptions.  The TCP
 * core only ever tests the struct for "anything set"; the bits are ours.
 */
#define OPT_MPC_SYN		BIT(0)
#define OPT_MPC_SYNACK		BIT(1)
#define OPT_MPC_ACK		BIT(2)
#define OPT_MPC_DATA		BIT(3)
#define OPT_DSS_ACK		BIT(4)
#define OPT_DSS_MAP		BIT(5)
#define OPT_MPJ_SYN		BIT(6)
#define OPT_MPJ_SYNACK		BIT(7)
#define OPT_MPJ_ACK		BIT(8)
#define OPT_FASTCLOSE		BIT(9)
#define OPT_TCPRST		BIT(10)
#define OPT_ADD_ADDR		BIT(11)
#define OPT_ADD_ADDR_ECHO	BIT(12)	/* with OPT_ADD_ADDR: the E flag */
#define OPT_RM_ADDR		BIT(13)
#define OPT_PRIO		BIT(14)
#define OPT_FAIL		BIT(15)

/* ADD_ADDR (section 3.4.1): header and an IPv4 address; an IPv6 address
 * takes 12 more octets, a port 2, the truncated HMAC 8 (not in an echo).
 */
#define ADD_ADDR_LEN_BASE	8
#define ADD_ADDR_LEN_V6		12
#define ADD_ADDR_LEN_PORT	2
#define ADD_ADDR_LEN_HMAC	8
#define ADD_ADDR_FLAG_E		0x01
/* RM_ADDR (section 3.4.2): header, then one octet per address id */
#define RM_ADDR_LEN_BASE	3
/* MP_PRIO (section 3.3.8); RFC 6824's form added the address id */
#define MPPRIO_LEN		3
#define MPPRIO_LEN_V0		4
#define MPPRIO_FLAG_B		0x01

/* MP_FAIL (section 3.7): header, then the DSN where checks failed */
#define MPFAIL_LEN		12

/* MP_FASTCLOSE and MP_TCPRST (sections 3.5, 3.6) */
#define MPFC_LEN		12
#define MPRST_LEN		4
#define MPRST_FLAG_T		0x01	/* transient: the peer may retry */

/* The largest DSS we send: header, 64-bit Data ACK, 64-bit DSN, SSN,
 * length, checksum.  With timestamps it fills the option space exactly.
 */
#define DSS_LEN_MAX		28

/* What mptcp_parse_options() found in one segment. */
struct mptcp_rx_opts {
	u16	present;	/* OPT_* bits seen */
	u8	mpc_flags;
	u8	mpc_len;
	u64	sndr_key;
	u64	rcvr_key;
	u16	mpc_data_len;
	u8	dss_flags;
	u64	data_ack;
	u64	data_seq;
	u32	subflow_seq;
	u16	data_len;
	__sum16	csum;
	bool	has_csum;	/* the DSS or MP_CAPABLE carried @csum */
	u8	join_id;	/* MP_JOIN: the sender's address id */
	bool	join_backup;	/* MP_JOIN: B */
	u32	join_token;	/* MP_JOIN SYN */
	u32	join_nonce;	/* MP_JOIN SYN, SYN-ACK */
	u64	join_thmac;	/* MP_JOIN SYN-ACK */
	u8	join_hmac[MPJ_HMAC_LEN];	/* MP_JOIN third ACK */
	u64	fastclose_key;	/* MP_FASTCLOSE: the receiver's key */
	u64	fail_seq;	/* MP_FAIL */
	u8	rst_reason;	/* MP_TCPRST */
	u8	rst_flags;
	bool	add_addr_echo;	/* ADD_ADDR: E */
	u64	add_addr_hmac;	/* ADD_ADDR: truncated HMAC, unless an echo */
	struct mptcp_addr_info add_addr;	/* ADD_ADDR: id, address, port */
	struct mptcp_rm_list rm_list;	/* RM_ADDR */
	bool	prio_backup;	/* MP_PRIO: B */
	bool	bad;		/* malformed MPTCP option seen */
};

/* The whole MPTCP option space of a TCP header */
#define MPTCP_OPT_SPACE_MAX	40

void mptcp_parse_opt_bytes(const u8 *p, int len, struct mptcp_rx_opts *rx);
u8 *mptcp_put_opt_bytes(u8 *p, const struct mptcp_out_options *opts);
__sum16 mptcp_dss_csum(u64 dsn, u32 ssn, u16 len, __wsum sum);

#endif /* __MPTCP_WIRE_H */
