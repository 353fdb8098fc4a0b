/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCP core: types shared by the files of kernel/.
 *
 * Naming, used everywhere: msk is the meta-socket the application holds,
 * ssk a subflow's TCP socket, subflow the ULP context hanging off an ssk.
 *
 * Locking, in the order it must be taken:
 *   1. the msk socket lock (lock_sock): the subflow list, the send queue,
 *      write_seq/snd_nxt, and every msk state change made from process
 *      context;
 *   2. a subflow's socket lock (lock_sock, or the bh lock TCP holds when it
 *      calls us from softirq);
 *   3. msk->rx_lock: the receive queues, ack_seq and receive memory; taken
 *      with bottom halves off from any context, never held across a
 *      subflow lock.
 * Softirq code on a subflow never sleeps and never locks another subflow.
 * Work that needs the msk lock is run at once when the msk is not owned by
 * a process (its bh spinlock held), otherwise it is deferred as a bit in
 * msk->deferred and done by release_sock() (mptcp_release_cb()).
 */
#ifndef __MPTCP_PROTOCOL_H
#define __MPTCP_PROTOCOL_H

#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/inet_connection_sock.h>
#include <net/mptcp.h>
#include <net/net_namespace.h>
#include <net/tcp.h>
#include <uapi/linux/mptcp.h>

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
	bool	bad;		/* malformed MPTCP option seen */
};

/**
 * struct mptcp_chunk - a piece of application data in the send queue
 * @node:	in msk->send_queue, in DSN order
 * @dsn:	data sequence number of the first byte
 * @len:	bytes of data
 * @sent:	bytes already mapped onto a subflow
 * @offset:	where the data starts in @page
 * @page:	the data; subflow skbs hold their own page references
 *
 * Kept until DATA_ACKed (RFC 8684 section 3.3.2), so that any subflow can
 * carry it again.
 */
struct mptcp_chunk {
	struct list_head	node;
	u64			dsn;
	u32			len;
	u32			sent;
	u32			offset;
	struct page		*page;
};

/* Bits of msk->deferred: work a softirq found while the msk was owned. */
enum {
	MPTCP_DEFER_CLEAN_UNA,	/* DATA_ACK advanced: free, wake writers */
	MPTCP_DEFER_PUSH,	/* a subflow has room: push pending data */
	MPTCP_DEFER_SUBFLOW,	/* a subflow changed state */
	MPTCP_DEFER_ORPHAN,	/* never accepted, its subflow is gone */
};

/**
 * struct mptcp_sock - the meta-socket
 * @sk:		must stay first (struct sock and bpf_skc_to_mptcp_sock())
 * @local_key:	our key, and @token / @local_idsn derived from it
 * @remote_key:	the peer's key, and @remote_idsn derived from it
 * @write_seq:	DSN of the next byte the application writes	[msk lock]
 * @snd_nxt:	DSN of the next byte to map onto a subflow	[msk lock]
 * @snd_una:	oldest DSN not DATA_ACKed (monotonic, lockless reads)
 * @wnd_end:	right edge of the peer's receive window (lockless)
 * @send_queue:	struct mptcp_chunk, unacknowledged data		[msk lock]
 * @probe_timer: re-probes a closed connection-level window
 * @probe_backoff: doublings of the probe interval so far		[msk lock]
 * @probe_byte:	the last DATA_ACKed byte, which a window probe resends
 * @probe_ready: @probe_byte holds it				[msk lock]
 * @rx_lock:	protects the rx fields below
 * @ack_seq:	next DSN expected from the peer			[rx_lock]
 * @rx_queue:	in-order data ready for the application		[rx_lock]
 * @rx_ofo:	out-of-order data, keyed by DSN			[rx_lock]
 * @rx_fin_seq: DSN of the peer's DATA_FIN, once announced	[rx_lock]
 * @rx_fin_pending: @rx_fin_seq is valid			[rx_lock]
 * @rx_fin:	the peer's DATA_FIN has been reached		[rx_lock]
 * @subflows:	struct mptcp_subflow list				[msk lock]
 * @first:	the initial subflow (listener or first connection)
 * @deferred:	MPTCP_DEFER_* bits
 * @fallback:	plain TCP on the first subflow (section 3.7)
 * @csum:	DSS checksums negotiated
 * @snd_fin:	our DATA_FIN is queued at @write_seq
 * @in_accept_queue: created by a listener, not yet accept()ed
 * @work:	runs deferred work when no process holds the msk
 * @inet_destruct: the address family's sk_destruct, which ours wraps
 */
struct mptcp_sock {
	struct inet_connection_sock	sk;

	u64				local_key;
	u64				remote_key;
	u64				local_idsn;
	u64				remote_idsn;
	u32				token;
	u32				remote_token;

	u64				write_seq;
	u64				snd_nxt;
	atomic64_t			snd_una;
	atomic64_t			wnd_end;
	struct list_head		send_queue;
	struct timer_list		probe_timer;
	unsigned int			probe_backoff;
	u8				probe_byte;
	bool				probe_ready;

	spinlock_t			rx_lock;
	u64				ack_seq;
	struct sk_buff_head		rx_queue;
	struct rb_root			rx_ofo;
	u64				rx_fin_seq;
	bool				rx_fin_pending;
	bool				rx_fin;

	struct list_head		subflows;
	struct sock			*first;
	unsigned long			deferred;

	bool				fallback;
	bool				snd_fin;
	bool				in_accept_queue;
	u8				csum:1;
	struct work_struct		work;
	void				(*inet_destruct)(struct sock *sk);
};

/**
 * struct mptcp_subflow - the ULP context of a subflow's TCP socket
 * @node:	in msk->subflows
 * @ssk:	the TCP socket
 * @msk:	the meta-socket it belongs to, or NULL (listener, orphan)
 * @local_key/@remote_key: handshake keys, as seen on this subflow
 * @isn_local:	our ISN: subflow sequence numbers are relative to it
 * @isn_remote:	the peer's ISN
 * @map_*:	the current receive mapping (section 3.3.1)
 * @mpc:	this subflow started with MP_CAPABLE (and has not fallen back)
 * @mpc_acked:	our third ACK's keys are known to have arrived
 * @listener:	this is a listening socket's context
 * @closing:	detached from the msk's list, TCP is finishing it
 * @tcp_*:	the TCP callbacks we wrap, called after ours
 */
struct mptcp_subflow {
	struct list_head		node;
	struct sock			*ssk;
	struct sock			*msk;

	u64				local_key;
	u64				remote_key;
	u32				isn_local;
	u32				isn_remote;

	u64				map_dsn;
	u32				map_seq;	/* absolute subflow seq */
	u32				map_len;
	bool				map_valid;
	bool				map_data_fin;

	bool				mpc_acked;
	u8				mpc:1,
					listener:1,
					closing:1;

	void (*tcp_data_ready)(struct sock *ssk);
	void (*tcp_state_change)(struct sock *ssk);
	void (*tcp_write_space)(struct sock *ssk);
	void (*tcp_error_report)(struct sock *ssk);
	const struct inet_connection_sock_af_ops *tcp_af_ops;
	struct rcu_head			rcu;
};

/**
 * struct mptcp_request_sock - a TCP request sock of an MPTCP listener
 * @tcp:	must stay first
 * @local_key/@remote_key, @token: MP_CAPABLE state carried to the child
 * @token_held: @token is reserved in the token table on our behalf
 * @mpc:	the SYN carried a valid MP_CAPABLE we answer
 * @csum:	the SYN asked for checksums
 */
struct mptcp_request_sock {
	struct tcp_request_sock		tcp;
	u64				local_key;
	u64				remote_key;
	u32				token;
	bool				token_held;
	bool				mpc;
	bool				csum;
};

/* Per-skb state while queued at the msk: the data slice it delivers. */
struct mptcp_skb_cb {
	u64	dsn;		/* DSN of the byte at skb->data + offset */
	u32	offset;		/* bytes of the skb already consumed */
	u32	end;		/* offset one past the last byte to deliver */
};

#define MPTCP_SKB_CB(skb)	((struct mptcp_skb_cb *)&((skb)->cb[0]))

static inline struct mptcp_sock *mptcp_sk(const struct sock *sk)
{
	return (struct mptcp_sock *)sk;
}

static inline struct mptcp_subflow *mptcp_subflow(const struct sock *ssk)
{
	/* Only the MPTCP ULP ever sets ulp_data on a socket with is_mptcp. */
	return (struct mptcp_subflow *)rcu_dereference_raw(inet_csk(ssk)->icsk_ulp_data);
}

static inline struct mptcp_request_sock *mptcp_rsk(const struct request_sock *req)
{
	return (struct mptcp_request_sock *)req;
}

static inline struct mptcp_ext *mptcp_get_ext(const struct sk_buff *skb)
{
	return skb_ext_find(skb, SKB_EXT_MPTCP);
}

static inline bool dsn_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

#define mptcp_for_each_subflow(msk, sf) \
	list_for_each_entry(sf, &(msk)->subflows, node)

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

/* crypto.c */
void mptcp_key_derive(u64 key, u32 *token, u64 *idsn);

/* token.c */
int mptcp_token_new(struct mptcp_sock *msk);
int mptcp_token_reserve(u64 *key, u32 *token);
int mptcp_token_reserve_key(u64 key, u32 *token);
void mptcp_token_release(u32 token);
void mptcp_token_attach(u32 token, struct mptcp_sock *msk);
void __init mptcp_token_init(void);

/* options.c */
void mptcp_parse_options(const struct sk_buff *skb, struct mptcp_rx_opts *rx);

/* subflow.c */
int mptcp_subflow_create(struct sock *msk, int family, struct sock **ssk);
void mptcp_subflow_attach(struct mptcp_sock *msk, struct sock *ssk);
void mptcp_subflow_close(struct mptcp_sock *msk, struct mptcp_subflow *sf,
			 long timeout);
void mptcp_subflow_graft(struct sock *ssk, struct socket *parent);
int __init mptcp_subflow_init(void);
int __init mptcp_subflow_v6_init(void);

/* msk.c */
struct sock *mptcp_msk_clone(const struct sock *listener_msk,
			     const struct mptcp_request_sock *mreq,
			     struct sock *ssk);
void mptcp_msk_set_remote_key(struct mptcp_sock *msk, struct sock *ssk,
			      u64 remote_key);
void mptcp_defer(struct sock *msk, int bit);
void mptcp_set_state(struct sock *msk, int state);
void mptcp_subflow_released(struct sock *msk, struct sock *ssk);
void mptcp_check_state(struct sock *msk);
struct sock *mptcp_first_subflow(struct sock *msk);
int __init mptcp_proto_init(void);
int __init mptcp_proto_v6_init(void);

/* sockopt.c */
int mptcp_setsockopt(struct sock *msk, int level, int optname,
		     sockptr_t optval, unsigned int optlen);
int mptcp_getsockopt(struct sock *msk, int level, int optname,
		     char __user *optval, int __user *optlen);

/* send.c */
int mptcp_sendmsg(struct sock *msk, struct msghdr *msg, size_t len);
void mptcp_push(struct sock *msk);
void mptcp_push_all(struct sock *msk);
bool mptcp_subflow_can_send(struct mptcp_sock *msk);
void mptcp_data_acked(struct sock *msk, struct sock *ssk, u64 data_ack,
		      u32 wnd);
void mptcp_clean_una(struct sock *msk);
void mptcp_send_queue_purge(struct sock *msk);
int __init mptcp_send_init(void);
void mptcp_probe_timer(struct timer_list *t);

/* recv.c */
int mptcp_recvmsg(struct sock *msk, struct msghdr *msg, size_t len,
		  int flags, int *addr_len);
void mptcp_rx_pull(struct sock *msk, struct sock *ssk);
void mptcp_rx_purge(struct sock *msk);
void mptcp_rx_data_fin(struct sock *msk, u64 dsn);
u64 mptcp_rx_ack_seq(struct mptcp_sock *msk);

#endif /* __MPTCP_PROTOCOL_H */
