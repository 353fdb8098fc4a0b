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

#include <crypto/sha2.h>
#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/inet_connection_sock.h>
#include <net/mptcp.h>
#include <net/net_namespace.h>
#include <net/tcp.h>
#include <net/mptcp_policy.h>
#include <uapi/linux/mptcp.h>
#include <uapi/linux/mptcp_pm.h>

struct genl_info;
struct nlattr;
#include <uapi/linux/mptcp_policy.h>

#include "wire.h"

/* Addresses a connection announces, and that its peer announced. */
#define MPTCP_SIGNAL_ADDRS	8
/* Peer announcements waiting for an echo or the path manager */
#define MPTCP_SIGNAL_RX_QUEUE	4
/* An ADD_ADDR goes out this many times at most without an echo */
#define MPTCP_ADD_ADDR_TRIES	4

/**
 * struct mptcp_announced - an address we announce (ADD_ADDR)
 * @addr:	id, address, port
 * @tries:	times sent so far
 * @pending:	to go on the next pure ACK
 * @echoed:	the peer echoed it: never sent again
 */
struct mptcp_announced {
	struct mptcp_addr_info	addr;
	u8			tries;
	bool			pending;
	bool			echoed;
};

/**
 * struct mptcp_peer_addr - an address the peer announced
 * @addr:	its id, address, port (0: the connection's)
 * @accepted:	the path manager opened subflows to it (counted against
 *		net.mptcp add_addr_accepted)
 */
struct mptcp_peer_addr {
	struct mptcp_addr_info	addr;
	bool			accepted;
	bool			initial;	/* the initial subflow's, again: uncounted */
};

/**
 * struct mptcp_signal - the address signalling of a connection (pm_signal.c)
 * @lock:	protects everything up to @timer: the options writer of any
 *		subflow reads it (bh)
 * @pending:	something waits for a pure ACK (lockless hint)
 * @local:	what we announce, until echoed
 * @local_nr:	entries in use in @local
 * @echo:	peer announcements we owe an echo
 * @echo_nr:	entries in @echo
 * @rm_tx:	ids we remove (RM_ADDR), not sent yet
 * @placed:	counts options that took an RM_ADDR or ADD_ADDR
 * @rx_added:	valid peer announcements for the path manager
 * @rx_added_nr: entries in @rx_added
 * @rx_removed: ids the peer removed, for the path manager (a bitmap)
 * @timer:	re-sends ADD_ADDRs the peer did not echo
 * @peer:	the peer's addresses the path manager was told of	[msk lock]
 * @peer_nr:	entries in @peer					[msk lock]
 * @accepted:	@peer entries with @accepted set			[msk lock]
 * @implicit:	our addresses in use with no endpoint, and the ids we gave
 *		them (mptcp_pm_local_id())				[msk lock]
 * @implicit_nr: entries in @implicit				[msk lock]
 */
struct mptcp_signal {
	spinlock_t		lock;
	bool			pending;
	struct mptcp_announced	local[MPTCP_SIGNAL_ADDRS];
	u8			local_nr;
	struct mptcp_addr_info	echo[MPTCP_SIGNAL_RX_QUEUE];
	u8			echo_nr;
	struct mptcp_rm_list	rm_tx;
	u32			placed;
	struct mptcp_addr_info	rx_added[MPTCP_SIGNAL_RX_QUEUE];
	u8			rx_added_nr;
	DECLARE_BITMAP(rx_removed, 256);
	struct timer_list	timer;
	struct mptcp_peer_addr	peer[MPTCP_SIGNAL_ADDRS];
	u8			peer_nr;
	u8			accepted;
	struct mptcp_addr_info	implicit[MPTCP_SIGNAL_ADDRS];
	u8			implicit_nr;
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
	MPTCP_DEFER_RETRANS,	/* the connection-level retransmit timer fired */
	MPTCP_DEFER_EXPIRE,	/* a closed msk outlived net.mptcp.close_timeout */
	MPTCP_DEFER_JOIN,	/* joined subflows wait on msk->join_list */
};

/* One subflow's congestion state, published for the connection's others. */
#define MPTCP_CC_SLOTS	8
struct mptcp_cc_slot {
	struct sock	*owner;		/* compared only, never followed */
	u32		cwnd;		/* packets */
	u32		srtt_us;
	u32		mss;
	u32		ca_value;	/* the algorithm's own, bpf_mptcp_cc_publish() */
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
 * @rtx_timer:	fires when the Data ACK has not moved for a while
 * @rtx_backoff: doublings of the retransmit interval so far
 * @orphan_timer: bounds the life of a closed msk
 * @rx_lock:	protects the rx fields below
 * @ack_seq:	next DSN expected from the peer			[rx_lock]
 * @rcv_wnd_edge: the furthest right edge of the connection-level window
 *		we advertised (Data ACK + window); data beyond it is dropped
 *		(section 3.8: out of window)		(lockless max)
 * @rx_queue:	in-order data ready for the application		[rx_lock]
 * @rx_ofo:	out-of-order data, keyed by DSN			[rx_lock]
 * @rx_ofo_mem:	the memory @rx_ofo holds (truesize)		[rx_lock]
 * @rx_fin_seq: DSN of the peer's DATA_FIN, once announced	[rx_lock]
 * @rx_fin_pending: @rx_fin_seq is valid			[rx_lock]
 * @rx_fin:	the peer's DATA_FIN has been reached		[rx_lock]
 * @rx_copied:	bytes the application has read			[msk lock]
 * @rx_tune_seq: @rx_copied when the current autotuning round began
 * @rx_tune_stamp: tcp_clock_us() then, 0 before the first read
 * @rx_tune_space: the most the application read in one round so far
 *		(recv.c: rx_autotune())					[msk lock]
 * @subflows:	struct mptcp_subflow_context list				[msk lock]
 * @join_list:	joined subflows not yet on @subflows		[msk bh lock]
 * @subflows_nr: subflows attached, joining ones included		[msk bh lock]
 * @subflow_ids: the last subflow_id handed out			[msk bh lock]
 * @sched:	the packet scheduler in use				[msk lock]
 * @last_snd:	the subflow the default scheduler picked last (compared only)
 * @snd_burst:	bytes the current decision may place, 0 for the core's own
 *		burst size; schedulers may write it				[msk lock]
 * @sched_misses: decisions in a row that marked nothing usable	[msk lock]
 * @sched_slow:	scheduler calls in a row over MPTCP_POLICY_BUDGET_NS
 * @sched_wait_since: jiffies of the first MPTCP_SCHED_WAIT in a row, or 0
 * @sched_exit:	why the scheduler was ejected (mptcp_policy_exit_kind), or 0
 * @sched_req:	the scheduler the application named (MPTCP_SCHEDULER), or ""
 *		for the namespace's; copied into accepted children	[msk lock]
 * @pm:		the path manager in use				[msk lock]
 * @pm_exit:	why the path manager was ejected, or 0
 * @pm_req_name: the path manager the application named, or "" (inherited
 *		by accepted children, as @sched_req)
 * @pm_established: the path manager was told the connection is established
 * @pm_req:	subflows the path manager asked for in its current call
 * @pm_req_nr:	how many of @pm_req are valid
 * @pm_creates:	subflows asked for since @pm_window (a second's budget)
 * @pm_slow:	path-manager calls in a row over MPTCP_POLICY_BUDGET_NS
 * @pm_ep_tried: ids of the "subflow" endpoints the kernel path manager
 *		opened a subflow from: one that closed (a refused join, a
 *		dead path) is not tried again, another is, as upstream's
 *		(until the endpoint is deleted)			[msk lock]
 * @pm_flags:	MPTCP_PM_* bits
 * @pm_timer:	armed by the path manager (bpf_mptcp_pm_timer_arm())
 * @sig:	ADD_ADDR, RM_ADDR and MP_PRIO, both ways
 * @passive:	created by a listener (the peer connected)
 * @first:	the initial subflow (listener or first connection)
 * @deferred:	MPTCP_DEFER_* bits
 * @fallback:	plain TCP on the first subflow (section 3.7)
 * @rkey_pending: accepted from a Fast Open SYN, before the client's key
 *		came (its third ACK): no Data ACK, no join, no path manager,
 *		and its data stays on the subflow until then (fastopen.c)
 * @csum:	DSS checksums negotiated
 * @infinite_map_pending: fallen back on the peer's MP_FAIL; the next data
 *		segment carries the infinite mapping (section 3.7)
 * @infinite_map: ... which segments may carry to the end: room for it
 * @reinjected: data went out more than once: a single subflow's byte
 *		stream may hold duplicates in flight, and must not be read as
 *		plain TCP (no fallback) until the peer acknowledged them
 * @reinject_end: the subflow sequence number that ends the last copy
 * @fail_wait:	our MP_FAIL is out, its answer awaited before the stream
 *		goes on as plain TCP (section 3.7)
 * @fail_deadline: jiffies by which it must come, else the subflow is reset
 * @snd_fin:	our DATA_FIN is queued at @write_seq
 * @data_fin_sent: ... and has been announced on a subflow
 * @fastclosing: our resets carry MP_FASTCLOSE: the connection is aborted
 * @rcv_fastclose: the peer aborted the connection (MP_FASTCLOSE)
 * @in_accept_queue: created by a listener, not yet accept()ed
 * @destroyed:	queues and token released: nothing may be deferred any more
 * @ev_created:	MPTCP_EVENT_CREATED went out: MPTCP_EVENT_CLOSED will too
 * @remote_deny_join_id0: the peer's MP_CAPABLE had C: no subflow may go to
 *		its initial address and port
 * @recv_inq:	TCP_INQ: recvmsg() says how much is left to read
 * @work:	runs deferred work when no process holds the msk
 * @inet_destruct: the address family's sk_destruct, which ours wraps
 * @cc_slots:	each subflow's window and RTT as its congestion control last
 *		published them, for coupled ones (coupled_cc.c)	[lock-free]
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
	/* tcp_jiffies32 of the last data pushed to a subflow, delivered
	 * in order and Data ACK taken (MPTCP_INFO, ss -M: idle times)
	 */
	u32				last_data_sent;
	u32				last_data_recv;
	u32				last_ack_recv;
	struct list_head		send_queue;
	struct timer_list		probe_timer;
	unsigned int			probe_backoff;
	u8				probe_byte;
	bool				probe_ready;
	struct timer_list		rtx_timer;
	unsigned int			rtx_backoff;
	struct timer_list		orphan_timer;

	spinlock_t			rx_lock;
	u64				ack_seq;
	atomic64_t			rcv_wnd_edge;
	struct sk_buff_head		rx_queue;
	struct rb_root			rx_ofo;
	unsigned int			rx_ofo_mem;
	u64				rx_fin_seq;
	bool				rx_fin_pending;
	bool				rx_fin;
	u64				rx_copied;
	u64				rx_tune_seq;
	u64				rx_tune_stamp;
	u32				rx_tune_space;

	struct list_head		subflows;
	struct list_head		join_list;
	u8				subflows_nr;
	u8				subflow_ids;
	struct mptcp_pm_ops		*pm;
	char				pm_req_name[MPTCP_PM_NAME_MAX];
	u8				pm_exit;
	bool				pm_established;
	u8				pm_req_nr;
	u8				pm_creates;
	u8				pm_slow;
	DECLARE_BITMAP(pm_ep_tried, 256);
	unsigned long			pm_window;
	unsigned long			pm_flags;
	struct timer_list		pm_timer;
	struct mptcp_signal		sig;
	struct list_head		us_local;	/* pm_userspace.c [msk lock] */
	struct mptcp_pm_request {
		struct mptcp_addr_info	local;
		struct mptcp_addr_info	remote;
		int			ifindex;
		bool			backup;
	}				pm_req[8];
	bool				passive;
	struct mptcp_sched_ops		*sched;
	struct sock			*last_snd;
	u32				snd_burst;
	u16				sched_misses;
	u8				sched_slow;
	unsigned long			sched_wait_since;
	u8				sched_exit;
	char				sched_req[MPTCP_SCHED_NAME_MAX];
	struct sock			*first;
	unsigned long			deferred;

	bool				fallback;
	bool				rkey_pending;
	bool				snd_fin;
	bool				data_fin_sent;
	bool				fastclosing;
	bool				rcv_fastclose;
	bool				in_accept_queue;
	bool				destroyed;
	bool				ev_created;
	bool				remote_deny_join_id0;
	bool				recv_inq;
	bool				csum;
	bool				infinite_map_pending;
	bool				infinite_map;
	bool				reinjected;
	bool				fail_wait;
	u32				reinject_end;
	unsigned long			fail_deadline;
	struct work_struct		work;
	void				(*inet_destruct)(struct sock *sk);
	struct mptcp_cc_slot		cc_slots[MPTCP_CC_SLOTS];
};

/**
 * struct mptcp_subflow_context - the ULP context of a subflow's TCP socket
 * @node:	in msk->subflows
 * @tcp_sock:	the TCP socket (the name BPF schedulers know)
 * @msk:	the meta-socket it belongs to, or NULL (listener, orphan)
 * @local_key/@remote_key: handshake keys, as seen on this subflow
 * @isn_local:	our ISN: subflow sequence numbers are relative to it
 * @isn_remote:	the peer's ISN
 * @map_*:	the current receive mapping (section 3.3.1)
 * @mpc:	this subflow started with MP_CAPABLE (and has not fallen back)
 * @mpc_acked:	our third ACK's keys are known to have arrived
 * @map_csum_ok: the current mapping's DSS checksum was verified, or none
 *		is due; @map_data_len and @map_csum are what its DSS said
 * @send_mp_fail: an MP_FAIL for @fail_seq goes on the next segment
 * @join:	this subflow started with MP_JOIN
 * @join_acked:	the peer acknowledged our MP_JOIN third ACK: data may flow
 *		(section 3.2); always set on the passive side
 * @local_nonce/@remote_nonce: the join's random numbers
 * @local_id/@remote_id: address ids of the two ends
 * @backup:	the peer asked us to use this subflow as a backup only
 * @request_bkup: we asked the peer to (the B bit we sent)
 * @prio_pending: @request_bkup changed: an MP_PRIO goes on the next pure ACK
 * @close_req:	the path manager asked to close it (done after its call)
 * @removed:	a path manager let it go: the msk detaches it, TCP closes it
 * @scheduled:	marked by the scheduler for the current decision
 * @stale:	no progress for a while: the scheduler avoids it
 * @stale_count: checks in a row that found it stale
 * @rtx_seq:	since it turned stale, what it holds below this DSN has gone
 *		out again on another subflow
 * @rx_eof:	the peer's FIN on this subflow has been consumed
 * @subflow_id:	1 for the first subflow, then in order of creation
 * @token:	the msk's token (lets BPF check a subflow's owner)
 * @avg_pacing_rate: smoothed pacing rate, for schedulers that want one
 * @listener:	this is a listening socket's context
 * @closing:	detached from the msk's list, TCP is finishing it
 * @synack_seen: the active side has processed its SYN-ACK
 * @pm_notified: the path manager was told it is established
 * @sched_notified: the scheduler was told it is up
 * @endpoint_listener: a port endpoint's listener: joins only
 * @tcp_*:	the TCP callbacks we wrap, called after ours
 */
struct mptcp_subflow_context {
	struct list_head		node;
	struct sock			*tcp_sock;
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
	bool				map_csum_ok;
	bool				map_has_csum;
	u16				map_data_len;	/* as sent: DATA_FIN counts */
	__sum16				map_csum;
	bool				send_mp_fail;
	u64				fail_seq;

	bool				mpc_acked;
	bool				join_acked;
	bool				mpc_dropped;	/* SYNs sent without MP_CAPABLE */
	u8				mpc:1,
					listener:1,
					closing:1,
					join:1,
					synack_seen:1,
					pm_notified:1,
					sched_notified:1,
					endpoint_listener:1;
	u32				local_nonce;
	u32				remote_nonce;
	u8				local_id;
	u8				remote_id;
	u8				subflow_id;
	bool				backup;
	bool				request_bkup;
	bool				prio_pending;
	bool				close_req;
	bool				removed;
	bool				scheduled;
	bool				stale;
	u8				stale_count;
	u64				rtx_seq;
	bool				rx_eof;
	u8				reset_reason;	/* MPTCP_RST_*, for MP_TCPRST */
	u32				token;
	u64				avg_pacing_rate;

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
 * @fastopen:	the child is made from the SYN (Fast Open): no client key yet
 * @join:	the SYN carried an MP_JOIN for @msk
 * @msk:	the connection a join belongs to (a reference is held)
 * @local_nonce/@remote_nonce, @local_id/@remote_id, @backup: of the join
 * @local_backup: the join came to a backup endpoint's address: our SYN-ACK
 *		asks the peer to treat the subflow as a backup
 */
struct mptcp_request_sock {
	struct tcp_request_sock		tcp;
	u64				local_key;
	u64				remote_key;
	u32				token;
	bool				token_held;
	bool				mpc;
	bool				csum;
	bool				deny_join_id0;	/* the SYN had C */
	bool				fastopen;
	bool				join;
	bool				backup;
	bool				local_backup;
	u8				local_id;
	u8				remote_id;
	u32				local_nonce;
	u32				remote_nonce;
	struct mptcp_sock		*msk;
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

static inline struct mptcp_subflow_context *mptcp_subflow_ctx(const struct sock *ssk)
{
	/* Only the MPTCP ULP ever sets ulp_data on a socket with is_mptcp. */
	return (struct mptcp_subflow_context *)rcu_dereference_raw(inet_csk(ssk)->icsk_ulp_data);
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

/* One past the highest DSN a Data ACK may cover: what we sent, and our
 * DATA_FIN once every byte before it has gone out (section 3.3.3).
 */
static inline u64 mptcp_snd_limit(const struct mptcp_sock *msk)
{
	u64 nxt = READ_ONCE(msk->snd_nxt);

	return nxt + (READ_ONCE(msk->snd_fin) && nxt == READ_ONCE(msk->write_seq));
}

#define mptcp_for_each_subflow(msk, sf) \
	list_for_each_entry(sf, &(msk)->subflows, node)

/**
 * struct mptcp_pernet - per network namespace state
 * @sysctl:		our net.mptcp.* table, duplicated per namespace
 * @enabled:		net.mptcp.enabled: new IPPROTO_MPTCP sockets speak MPTCP
 * @checksum_enabled:	net.mptcp.checksum_enabled: ask for DSS checksums
 * @close_timeout:	net.mptcp.close_timeout: how long a closed connection
 *			lives on for the peer's sake
 * @stale_loss_cnt:	net.mptcp.stale_loss_cnt: TCP timeouts in a row that
 *			make a subflow with data held stale
 * @syn_retrans_before_tcp_fallback: MP_CAPABLE SYNs retransmitted before
 *			the next one goes without the option
 * @add_addr_v6_port_drop_ts: net.mptcp.add_addr_v6_port_drop_ts: an
 *			ADD_ADDR too long to go beside TCP's timestamps (IPv6
 *			with a port) goes on a pure ACK without them
 * @blackhole_timeout:	net.mptcp.blackhole_timeout: seconds new connections
 *			stay plain TCP once a path dropped MP_CAPABLE SYNs
 *			(doubled per blackhole in a row; 0: never)
 * @active_disable_times: blackholes seen in a row
 * @active_disable_stamp: jiffies of the last one
 */
struct mptcp_pernet {
	struct ctl_table_header	*sysctl;
	u8			enabled;
	u8			checksum_enabled;
	char			scheduler[MPTCP_SCHED_NAME_MAX];
	char			path_manager[MPTCP_PM_NAME_MAX];

	/* the kernel path manager's endpoints and limits (pm_netlink.c) */
	struct mutex		pm_lock;	/* endpoint writers */
	struct list_head	endpoints;	/* struct mptcp_endpoint, RCU */
	unsigned int		endpoints_nr;
	u8			next_id;	/* where id allocation resumes */
	u8			subflows_max;
	u8			add_addr_accept_max;
	u8			allow_join_initial_addr_port;
	u8			join_any_port;	/* the token alone admits a join */
	/* join_any_port 2: the listeners that take joins to ports nobody
	 * listens on, per family (pm_listener.c); set under pm_lock
	 */
	struct socket		*catcher[2];
	struct sock __rcu	*catcher_ssk[2];
	possible_net_t		net;
	unsigned int		add_addr_timeout;	/* jiffies */
	unsigned int		close_timeout;		/* jiffies */
	u8			stale_loss_cnt;
	u8			syn_retrans_before_tcp_fallback;
	u8			add_addr_v6_port_drop_ts;
	unsigned int		blackhole_timeout;	/* seconds */
	atomic_t		active_disable_times;
	unsigned long		active_disable_stamp;

	/* host addresses that came and went, for the path managers (local_addr.c) */
	struct mptcp_local_addr_queue *local_addrs;
};

/**
 * struct mptcp_endpoint - a local address the kernel path manager may use
 * @node:	in mptcp_pernet.endpoints
 * @addr:	address, port (0: any) and id
 * @flags:	MPTCP_PM_ADDR_FLAG_*
 * @ifindex:	the device subflows from it are bound to, or 0
 * @lsk:	with a port: the listener joins to it arrive at (pm_listener.c)
 */
struct mptcp_endpoint {
	struct list_head	node;
	struct rcu_head		rcu;
	struct mptcp_addr_info	addr;
	u32			flags;
	int			ifindex;
	struct socket		*lsk;
};

/* pm_listener.c */
int mptcp_endpoint_listen(struct net *net, struct mptcp_endpoint *e);
void mptcp_endpoint_unlisten(struct mptcp_endpoint *e);
int mptcp_join_catchers_set(struct net *net, bool on);
bool mptcp_join_port_check(struct mptcp_sock *msk, const struct sk_buff *skb, bool ack);

struct mptcp_pernet *mptcp_pernet(const struct net *net);
void mptcp_active_synack_after_drop(struct net *net, bool mpc);
void mptcp_active_synack_mpc(struct net *net);
bool mptcp_active_disabled(struct net *net);
int __init mptcp_ctrl_init(void);

/* crypto.c */
void mptcp_key_derive(u64 key, u32 *token, u64 *idsn);
void mptcp_join_hmac(u64 key1, u64 key2, u32 nonce1, u32 nonce2,
		     u8 out[SHA256_DIGEST_SIZE]);
u64 mptcp_add_addr_hmac(u64 key1, u64 key2, const struct mptcp_addr_info *addr);

/* token.c */
int mptcp_token_new(struct mptcp_sock *msk);
int mptcp_token_reserve(u64 *key, u32 *token);
int mptcp_token_reserve_key(u64 key, u32 *token);
void mptcp_token_release(u32 token);
struct mptcp_sock *mptcp_token_get(const struct net *net, u32 token);
void mptcp_token_attach(u32 token, struct mptcp_sock *msk);
void __init mptcp_token_init(void);

/* pm.c, pm_netlink.c */
bool mptcp_takes_joins(struct mptcp_sock *msk);
void mptcp_join_cookie_save(const struct mptcp_request_sock *mreq,
			    const struct sk_buff *syn);
bool mptcp_join_cookie_restore(struct mptcp_request_sock *mreq,
			       const struct sk_buff *ack, const struct net *net);
void __init mptcp_join_cookie_init(void);
bool mptcp_join_allowed(struct mptcp_sock *msk);
u8 mptcp_pm_local_id_of(struct mptcp_sock *msk, const struct sk_buff *skb, bool *backup);
void mptcp_skb_local_addr(const struct sk_buff *skb, struct mptcp_addr_info *a);
bool mptcp_family_ok(const struct sock *sk, int family);
u8 mptcp_pm_addr_id(struct mptcp_sock *msk, const struct mptcp_addr_info *addr);
void mptcp_pm_local_id(struct mptcp_sock *msk, struct mptcp_addr_info *local,
		       int ifindex, const struct mptcp_addr_info *remote, bool *backup);
extern struct mptcp_pm_ops mptcp_pm_kernel;
extern struct mptcp_pm_ops mptcp_pm_userspace;
void mptcp_subflow_ends(const struct sock *sk, struct mptcp_addr_info *local,
			struct mptcp_addr_info *remote);
bool mptcp_pm_subflow_closable(struct mptcp_sock *msk, struct mptcp_subflow_context *sf);

/* pm_userspace.c: the userspace path manager's commands */
int mptcp_pm_nl_announce(struct sk_buff *skb, struct genl_info *info);
int mptcp_pm_nl_remove(struct sk_buff *skb, struct genl_info *info);
int mptcp_pm_nl_subflow_create(struct sk_buff *skb, struct genl_info *info);
int mptcp_pm_nl_subflow_destroy(struct sk_buff *skb, struct genl_info *info);
int mptcp_pm_nl_set_flags_token(struct genl_info *info);
int mptcp_userspace_pm_get_addr(struct sk_buff *skb, struct genl_info *info);
int mptcp_userspace_pm_dump_addr(struct sk_buff *msg, struct netlink_callback *cb);
int mptcp_pm_put_addr(struct sk_buff *msg, const struct mptcp_endpoint *e);

/* pm_signal.c */
void mptcp_signal_init(struct mptcp_sock *msk);
void mptcp_signal_reset(struct mptcp_sock *msk);
void mptcp_signal_stop(struct mptcp_sock *msk);
int mptcp_signal_announce(struct mptcp_sock *msk, const struct mptcp_addr_info *addr);
bool mptcp_signal_announced(struct mptcp_sock *msk, u8 id);
u8 mptcp_signal_announced_id(struct mptcp_sock *msk, const struct mptcp_addr_info *a);
int mptcp_signal_remove(struct mptcp_sock *msk, u8 id);
int mptcp_signal_prio(struct mptcp_sock *msk, struct mptcp_subflow_context *sf, bool backup);
void mptcp_signal_options(struct mptcp_subflow_context *sf, struct mptcp_sock *msk,
			  unsigned int *size, unsigned int remaining,
			  struct mptcp_out_options *opts);
void mptcp_signal_rx(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
		     const struct mptcp_rx_opts *rx);
void mptcp_signal_flush(struct sock *sk);
void mptcp_signal_close_local(struct mptcp_sock *msk, u8 id);
void mptcp_signal_close_requested(struct mptcp_sock *msk);
void mptcp_signal_unaccept(struct mptcp_sock *msk, u8 id);
struct mptcp_peer_addr *mptcp_signal_peer(struct mptcp_sock *msk, u8 id);
struct mptcp_peer_addr *mptcp_signal_peer_added(struct mptcp_sock *msk,
						const struct mptcp_addr_info *a);
void mptcp_signal_peer_removed(struct mptcp_sock *msk, u8 id);
int mptcp_signal_take(struct mptcp_sock *msk, struct mptcp_addr_info *added,
		      unsigned long *removed);

static inline bool mptcp_signal_wanted(const struct mptcp_sock *msk,
				       const struct mptcp_subflow_context *sf)
{
	return READ_ONCE(msk->sig.pending) || READ_ONCE(sf->prio_pending);
}

/* pm_events.c, pm_netlink.c */
extern struct genl_family mptcp_pm_family;
void mptcp_event_conn(struct mptcp_sock *msk, u8 type, gfp_t gfp);
void mptcp_event_subflow(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
			 u8 type, gfp_t gfp);
void mptcp_event_addr(struct mptcp_sock *msk, u8 type, const struct mptcp_addr_info *a);
void mptcp_event_pm_listener(const struct sock *ssk, u8 type);
bool mptcp_pm_daemon_listens(const struct sock *sk);

/* pm_ops.c */
#define MPTCP_PM_TIMER_FIRED	0	/* msk->pm_flags */
void mptcp_pm_work(struct sock *msk);
void mptcp_pm_kick(struct sock *msk);
void mptcp_pm_endpoint_added(struct net *net);
void mptcp_pm_endpoint_removed(struct net *net, u8 id, bool flush,
			       const struct mptcp_addr_info *addr);
void mptcp_pm_remove_id0(struct net *net, const struct mptcp_addr_info *addr);
void mptcp_pm_endpoint_backup(struct net *net, u8 id, bool backup);
void mptcp_pm_endpoint_fullmesh(struct net *net, u8 id);
void mptcp_pm_local_addr(struct mptcp_sock *msk, const struct mptcp_addr_info *addr, bool up);

/* local_addr.c */
int mptcp_local_addr_init_net(struct net *net);
void mptcp_local_addr_exit_net(struct net *net);
int __init mptcp_local_addr_init(void);
struct mptcp_pm_ops *mptcp_pm_find(const struct net *net, const char *name);
int mptcp_pm_register(struct mptcp_pm_ops *pm);
void mptcp_pm_unregister(struct mptcp_pm_ops *pm);
int mptcp_pm_update(struct mptcp_pm_ops *new, struct mptcp_pm_ops *old);
int mptcp_pm_move(struct mptcp_sock *msk, const char *name);
int mptcp_pm_setsockopt(struct sock *sk, sockptr_t optval, unsigned int optlen);
int mptcp_pm_getsockopt(struct sock *sk, char __user *optval, int __user *optlen);

/* conns.c, token.c */
int mptcp_conns_init_net(struct net *net);
int mptcp_sched_seq_show(struct seq_file *seq, void *v);
int mptcp_pm_seq_show(struct seq_file *seq, void *v);
void mptcp_conns_exit_net(struct net *net);
struct mptcp_sock *mptcp_token_next(const struct net *net, u64 *pos);
int mptcp_pm_list(const struct net *net, char *buf, size_t size);
void mptcp_pm_init_timer(struct mptcp_sock *msk);
void mptcp_pm_init_msk(struct mptcp_sock *msk);
void mptcp_pm_data_reset(struct mptcp_sock *msk);
void mptcp_pm_release_msk(struct mptcp_sock *msk);
void mptcp_pm_subflow_check_next(struct mptcp_sock *msk, struct mptcp_subflow_context *sf);
int mptcp_pm_request_subflow(struct mptcp_sock *msk, const struct mptcp_addr_info *local,
			     int ifindex, const struct mptcp_addr_info *remote, bool backup);
void mptcp_pm_timer_arm(struct mptcp_sock *msk, u32 ms);
int mptcp_pm_announce(struct mptcp_sock *msk, const struct mptcp_addr_info *addr);
int mptcp_pm_remove_addr(struct mptcp_sock *msk, u8 id);
int mptcp_pm_set_backup(struct mptcp_sock *msk, struct mptcp_subflow_context *sf, bool backup);
int mptcp_endpoint_get(struct net *net, int idx, struct mptcp_addr_info *addr);
int __init mptcp_pm_ops_init(void);
u8 mptcp_endpoint_implicit(struct net *net, const struct mptcp_addr_info *addr);
struct mptcp_endpoint *mptcp_endpoint_lookup(struct mptcp_pernet *pn,
					     const struct mptcp_addr_info *addr);
void mptcp_endpoints_flush(struct mptcp_pernet *pn);
int mptcp_pm_parse_addr(const struct nlattr *nest, struct genl_info *info,
			struct mptcp_endpoint *e, bool need_addr);
bool mptcp_addr_equal(const struct mptcp_addr_info *a,
		      const struct mptcp_addr_info *b, bool ports);
int __init mptcp_pm_netlink_init(void);

/* sched.c */
bool mptcp_subflow_active(struct mptcp_subflow_context *sf);

/* A backup either way: the peer asked for it (its B bit) or we did. */
static inline bool mptcp_subflow_backup(const struct mptcp_subflow_context *sf)
{
	return sf->backup || sf->request_bkup;
}
void mptcp_subflow_set_scheduled(struct mptcp_subflow_context *sf, bool scheduled);
/* policy.c */
u64 mptcp_policy_scope_current(void);
bool mptcp_policy_visible(const struct mptcp_policy_state *st, const struct net *net);
struct net *mptcp_policy_current_net(void);

#define MPTCP_POLICY_SEQ_HEADER	"name kind users ejections exit token message\n"
void mptcp_policy_record_exit(struct mptcp_policy_state *st, u32 token, u32 kind,
			      const char *msg);
void mptcp_policy_seq_row(struct seq_file *seq, const char *name,
			  const struct module *owner, struct mptcp_policy_state *st);
int mptcp_policy_name_from_user(char *name, sockptr_t optval, unsigned int optlen);
bool mptcp_policy_allowed(struct sock *sk, const char *name, const char *builtin,
			  const char *netns_choice);
int mptcp_policy_name_to_user(const char *name, char __user *optval, int __user *optlen);
struct mptcp_sock *mptcp_policy_current(void);
struct mptcp_sock *mptcp_policy_enter(struct mptcp_sock *msk);
void mptcp_policy_leave(struct mptcp_sock *prev);
extern const char *const mptcp_policy_exit_names[];
/* A policy call may take this long; more means a runaway loop in it, not
 * a slow machine (a scheduler decision takes well under a microsecond).
 */
#define MPTCP_POLICY_BUDGET_NS	(20 * NSEC_PER_MSEC)
/* Calls over budget in a row before the policy is ejected as slow.  One
 * overrun alone proves nothing: an interrupt storm, or a hypervisor that
 * deschedules the vCPU mid-call, bills its time to the program.  A runaway
 * loop overruns on every call, so it is still out within a few.
 */
#define MPTCP_POLICY_SLOW_STREAK	3

/* Counts @took against the budget in @streak; true once the streak is
 * long enough to eject.
 */
static inline bool mptcp_policy_overran(u8 *streak, u64 took)
{
	if (likely(took <= MPTCP_POLICY_BUDGET_NS)) {
		*streak = 0;
		return false;
	}
	return ++*streak >= MPTCP_POLICY_SLOW_STREAK;
}
__printf(3, 4)
void mptcp_sched_error(struct mptcp_sock *msk, enum mptcp_policy_exit_kind kind,
		       const char *fmt, ...);
int mptcp_update_scheduler(struct mptcp_sched_ops *new, struct mptcp_sched_ops *old);
int mptcp_register_scheduler(struct mptcp_sched_ops *sched);
void mptcp_unregister_scheduler(struct mptcp_sched_ops *sched);
struct mptcp_sched_ops *mptcp_sched_find(const struct net *net, const char *name);

#if IS_ENABLED(CONFIG_BPF_SYSCALL) && IS_ENABLED(CONFIG_BPF_JIT)
void mptcp_cc_release(struct mptcp_sock *msk, struct sock *ssk);
#else
static inline void mptcp_cc_release(struct mptcp_sock *msk, struct sock *ssk) {}
#endif
void mptcp_sched_init_msk(struct mptcp_sock *msk);
void mptcp_sched_release_msk(struct mptcp_sock *msk);
int mptcp_sched_get(struct mptcp_sock *msk, bool retrans);
int mptcp_sched_list(const struct net *net, char *buf, size_t size);
int mptcp_sched_setsockopt(struct sock *sk, sockptr_t optval, unsigned int optlen);
int mptcp_sched_move(struct mptcp_sock *msk, const char *name);
void mptcp_sched_subflow_down(struct mptcp_sock *msk, struct mptcp_subflow_context *sf);
void mptcp_sched_rto(struct mptcp_sock *msk);
void mptcp_sched_acked(struct mptcp_sock *msk, u32 bytes);
int mptcp_sched_getsockopt(struct sock *sk, char __user *optval, int __user *optlen);
int __init mptcp_sched_init(void);

/* options.c */
void mptcp_parse_options(const struct sk_buff *skb, struct mptcp_rx_opts *rx);
void mptcp_skb_set_reset_reason(struct sk_buff *skb, u8 reason);

/* subflow.c */
int mptcp_subflow_create(struct sock *msk, int family, struct sock **ssk);
int mptcp_subflow_join(struct sock *msk, const struct mptcp_addr_info *local,
		       int ifindex, const struct mptcp_addr_info *remote,
		       u8 remote_id, bool backup);
void mptcp_subflow_attach(struct mptcp_sock *msk, struct sock *ssk);
void mptcp_subflow_close(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
			 long timeout);
void mptcp_subflow_reset(struct mptcp_subflow_context *sf, u8 reason);
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
bool mptcp_join_attach(struct mptcp_sock *msk, struct sock *ssk);
void mptcp_orphan_timer(struct timer_list *t);
struct sock *mptcp_first_subflow(struct sock *msk);
int __init mptcp_proto_init(void);
int __init mptcp_proto_v6_init(void);

/* diag.c */
int mptcp_diag_subflow_info(struct sock *ssk, struct sk_buff *skb);
size_t mptcp_diag_subflow_info_size(const struct sock *ssk);

/* info.c */
int mptcp_getsockopt_sol_mptcp(struct sock *msk, int optname,
			       char __user *optval, int __user *optlen);

/* sockopt.c */
int mptcp_setsockopt(struct sock *msk, int level, int optname,
		     sockptr_t optval, unsigned int optlen);
int mptcp_getsockopt(struct sock *msk, int level, int optname,
		     char __user *optval, int __user *optlen);

/* csum.c */
enum { MPTCP_CSUM_OK, MPTCP_CSUM_WAIT, MPTCP_CSUM_BAD };
void mptcp_csum_grow(struct mptcp_ext *ext, const struct sk_buff *skb, u32 added);
int mptcp_rx_csum_check(struct mptcp_subflow_context *sf, struct sock *ssk,
			struct sk_buff *skb, u32 offset, u32 seq);
bool mptcp_can_fall_back(const struct mptcp_sock *msk);
void mptcp_mark_reinjected(struct mptcp_sock *msk, struct sock *ssk);
void mptcp_reinjection_acked(struct mptcp_sock *msk, struct sock *ssk);
bool mptcp_rx_csum_failed(struct mptcp_sock *msk, struct mptcp_subflow_context *sf);
void mptcp_fail_timer_arm(struct mptcp_sock *msk, struct sock *ssk);
void mptcp_fail_timeout(struct mptcp_sock *msk);
void mptcp_fail_rx(struct mptcp_sock *msk, struct mptcp_subflow_context *sf,
		   u64 seq, bool rst);
void mptcp_fallback_stripped(struct mptcp_sock *msk, struct mptcp_subflow_context *sf);
bool mptcp_streams_done(const struct mptcp_sock *msk);	/* msk.c */

/* send.c */
int mptcp_sendmsg(struct sock *msk, struct msghdr *msg, size_t len);
void mptcp_push(struct sock *msk);
bool mptcp_subflow_can_send(struct mptcp_sock *msk);
void mptcp_data_acked(struct sock *msk, struct sock *ssk, u64 data_ack,
		      u32 wnd);
void mptcp_clean_una(struct sock *msk);
void mptcp_send_queue_purge(struct sock *msk);
int __init mptcp_send_init(void);
void mptcp_probe_timer(struct timer_list *t);
void mptcp_rtx_timer(struct timer_list *t);
void mptcp_retransmit(struct sock *msk);
void mptcp_retransmit_lost(struct sock *msk);
void mptcp_stop_timers(struct sock *msk);
bool mptcp_subflow_check_stale(struct mptcp_sock *msk, struct mptcp_subflow_context *sf);

/* recv.c */
int mptcp_inq(struct sock *sk);
int mptcp_ioctl(struct sock *sk, int cmd, int *karg);
void mptcp_subflow_inherit(struct sock *sk, struct sock *ssk);
int mptcp_recvmsg(struct sock *msk, struct msghdr *msg, size_t len,
		  int flags, int *addr_len);
void mptcp_rx_pull(struct sock *msk, struct sock *ssk);
void mptcp_rx_purge(struct sock *msk);
void mptcp_rx_data_fin(struct sock *msk, u64 dsn);
void mptcp_rx_eof(struct sock *msk);
u64 mptcp_rx_ack_seq(struct mptcp_sock *msk);
void mptcp_rx_start(struct mptcp_sock *msk, const struct sock *ssk);
void mptcp_rx_wnd_advertised(struct mptcp_sock *msk, u64 edge);
void mptcp_rx_syn_data(struct sock *msk, struct sock *ssk);

/* fastopen.c */
int mptcp_sendmsg_fastopen(struct sock *msk, struct msghdr *msg, size_t len,
			   int *copied_syn);
void mptcp_fastopen_synack(struct sock *sk, struct request_sock *req,
			   struct tcp_fastopen_cookie *foc,
			   enum tcp_synack_type synack_type);
bool mptcp_fastopen_synack_acked(struct sock *ssk, struct mptcp_subflow_context *sf);
void mptcp_fastopen_rkey(struct mptcp_sock *msk, struct sock *ssk,
			 const struct mptcp_rx_opts *rx);

#endif /* __MPTCP_PROTOCOL_H */
