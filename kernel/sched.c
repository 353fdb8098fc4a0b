// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler core: a registry of packet schedulers (built-in C ones and,
 * through bpf_sched.c, BPF struct_ops ones), selection per network
 * namespace (net.mptcp.scheduler), and the one place a scheduler's answer
 * is checked before data moves.
 *
 * A scheduler marks subflows; the core uses only marks on subflows of this
 * connection that can send.  When a scheduler marks nothing usable while a
 * usable subflow exists, the built-in default answers instead, so a bad
 * policy can slow a connection down but never stall it.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/bpf.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/rculist.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mib.h"
#include "protocol.h"

#define CREATE_TRACE_POINTS
#include <trace/events/mptcp.h>

static DEFINE_SPINLOCK(sched_lock);
static LIST_HEAD(sched_list);

/**
 * mptcp_subflow_active - whether @sf can take data now
 *
 * Established (or half-closed by the peer), not being torn down, not
 * closed for sending, and, for a subflow we joined, with our third ACK
 * acknowledged (section 3.2).  Named as in the export branch's kfunc.
 */
bool mptcp_subflow_active(struct mptcp_subflow_context *sf)
{
	struct sock *ssk;

	if (!sf)		/* a BPF scheduler may pass what it walked to */
		return false;
	ssk = sf->tcp_sock;
	if (sf->closing || sf->listener)
		return false;
	if (!((1 << inet_sk_state_load(ssk)) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)))
		return false;
	if (READ_ONCE(ssk->sk_shutdown) & SEND_SHUTDOWN)
		return false;
	return !sf->join || READ_ONCE(sf->join_acked);
}

static void sf_mark(struct mptcp_subflow_context *sf, bool scheduled)
{
	WRITE_ONCE(sf->scheduled, scheduled);
}

/**
 * mptcp_subflow_set_scheduled - a scheduler marks (or unmarks) @sf
 *
 * Called by policies, BPF ones included (a kfunc of that name): a mark on
 * a subflow of another connection is an error that ejects the scheduler,
 * and is not made.
 */
void mptcp_subflow_set_scheduled(struct mptcp_subflow_context *sf, bool scheduled)
{
	struct mptcp_sock *msk = mptcp_policy_current();

	if (!msk) {		/* a built-in C scheduler, called directly */
		sf_mark(sf, scheduled);
		return;
	}
	if (!sf || sf->msk != (struct sock *)msk) {
		mptcp_sched_error(msk, MPTCP_POLICY_EXIT_FOREIGN,
				  "marked %s subflow", sf ? "another connection's" : "a NULL");
		return;
	}
	sf_mark(sf, scheduled);
}

/* --- the built-in default ---------------------------------------------------------- */

/* How long @ssk needs to drain what it has queued, in ns per byte of its
 * pacing rate: lower is sooner.  A subflow whose queue is full still
 * competes: if it would still drain first, the burst waits for it (the
 * push finds no room and its write space pushes again) rather than
 * going to a slower path, where it would arrive after everything the
 * fast one sends meanwhile and hold that up at the receiver.  Spilling
 * over used to fill a 3 Mbit/s path's queue to a second's worth beside a
 * 10 Mbit/s one, and the connection-level send buffer with it: 0.81 of
 * the links where upstream, which waits, got 0.93.
 */
static u64 linger_time(struct sock *ssk)
{
	u64 rate = READ_ONCE(ssk->sk_pacing_rate);

	if (!rate)
		rate = 1;
	return div64_u64((u64)READ_ONCE(ssk->sk_wmem_queued) << 32, rate);
}

static bool idle_tie_better(const struct mptcp_subflow_context *sf,
			    const struct mptcp_subflow_context *best,
			    const struct mptcp_sock *msk)
{
	u32 srtt = READ_ONCE(tcp_sk(sf->tcp_sock)->srtt_us);
	u32 best_srtt = READ_ONCE(tcp_sk(best->tcp_sock)->srtt_us);

	/* within an eighth of each other the paths count as equal: srtt
	 * jitter alone must not pin every idle send to one of them
	 */
	if (srtt + (srtt >> 3) < best_srtt)
		return true;
	if (best_srtt + (best_srtt >> 3) < srtt)
		return false;
	return best->tcp_sock == msk->last_snd;
}

/* The usable subflow expected to deliver soonest: non-backup ones first,
 * backups only when no other can send (RFC 8684 section 3.3.8).
 */
static int default_get_send(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf, *best[2] = {};
	u64 best_t[2] = { U64_MAX, U64_MAX };

	mptcp_for_each_subflow(msk, sf) {
		int backup = mptcp_subflow_backup(sf);
		u64 t;

		if (!mptcp_subflow_active(sf) || sf->stale)
			continue;
		t = linger_time(sf->tcp_sock);
		/* A tie (idle subflows, typically) goes to the shorter path:
		 * a request sent on an idle connection is delivered one
		 * one-way delay later, so that delay decides.  Alternating
		 * between idle paths instead sent every other request of an
		 * RR exchange over the slow path (p50 3x TCP's on 5 vs 50 ms).
		 * Only equal paths then share, by avoiding the last one used.
		 */
		if (t < best_t[backup] || !best[backup] ||
		    (t == best_t[backup] && idle_tie_better(sf, best[backup], msk))) {
			best_t[backup] = t;
			best[backup] = sf;
		}
	}
	sf = best[0] ? : best[1];
	if (!sf)
		return -EINVAL;
	msk->last_snd = sf->tcp_sock;
	sf_mark(sf, true);
	return 0;
}

/* A subflow TCP has timed out on, that has heard nothing from its peer
 * for longer than an RTO since: maybe a dead path, not yet called stale.
 */
static bool subflow_suspect(const struct mptcp_subflow_context *sf)
{
	const struct inet_connection_sock *icsk = inet_csk(sf->tcp_sock);
	u32 rto = READ_ONCE(icsk->icsk_rto) >> READ_ONCE(icsk->icsk_backoff);

	return READ_ONCE(icsk->icsk_retransmits) &&
	       (s32)(tcp_jiffies32 - READ_ONCE(tcp_sk(sf->tcp_sock)->rcv_tstamp)) > (s32)rto;
}

/* Data sent again goes where TCP is least busy among the paths that work:
 * a live non-backup subflow first, then a live backup (section 3.3.8: a
 * backup carries data only when nothing else can), then a suspect one,
 * a stale one last (it may be the only one left).  A backup before a
 * suspect subflow is what makes active-backup fail over after one silent
 * RTO rather than after the two that make a subflow stale.
 */
static int default_get_retrans(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf, *best = NULL;
	u64 best_q = U64_MAX;

	mptcp_for_each_subflow(msk, sf) {
		u64 q;

		if (!mptcp_subflow_active(sf))
			continue;
		q = READ_ONCE(sf->tcp_sock->sk_wmem_queued) |
		    (u64)mptcp_subflow_backup(sf) << 32 |
		    (u64)(!sf->stale && subflow_suspect(sf)) << 33 |
		    (u64)sf->stale << 34;
		if (q < best_q || !best) {
			best_q = q;
			best = sf;
		}
	}
	if (!best)
		return -EINVAL;
	sf_mark(best, true);
	return 0;
}

static struct mptcp_sched_ops mptcp_sched_default = {
	.get_send	= default_get_send,
	.get_retrans	= default_get_retrans,
	.name		= "default",
	.owner		= THIS_MODULE,
};

/* --- the registry ---------------------------------------------------------------- */

/* Under RCU or sched_lock: @name as @net sees it, its own one before a
 * shared one of the same name (policy.c: which namespaces see a policy).
 */
struct mptcp_sched_ops *mptcp_sched_find(const struct net *net, const char *name)
{
	struct mptcp_sched_ops *s, *shared = NULL;

	list_for_each_entry_rcu(s, &sched_list, list, lockdep_is_held(&sched_lock)) {
		if (strncmp(s->name, name, MPTCP_SCHED_NAME_MAX) ||
		    !mptcp_policy_visible(&s->state, net))
			continue;
		if (s->state.netns_cookie)
			return s;
		shared = s;
	}
	return shared;
}

/* Under sched_lock: @name registered in exactly @scope. */
static struct mptcp_sched_ops *sched_find_scoped(const char *name, u64 scope)
{
	struct mptcp_sched_ops *s;

	list_for_each_entry_rcu(s, &sched_list, list, lockdep_is_held(&sched_lock))
		if (!strncmp(s->name, name, MPTCP_SCHED_NAME_MAX) &&
		    s->state.netns_cookie == scope)
			return s;
	return NULL;
}

static int sched_validate(const struct mptcp_sched_ops *sched)
{
	if (!sched->get_send || !sched->name[0] ||
	    strnlen(sched->name, MPTCP_SCHED_NAME_MAX) == MPTCP_SCHED_NAME_MAX)
		return -EINVAL;
	return 0;
}

int mptcp_register_scheduler(struct mptcp_sched_ops *sched)
{
	u64 scope = mptcp_policy_scope_current();
	int err = sched_validate(sched);

	if (err)
		return err;
	spin_lock(&sched_lock);
	if (sched_find_scoped(sched->name, scope)) {
		spin_unlock(&sched_lock);
		return -EEXIST;
	}
	sched->state.netns_cookie = scope;
	WRITE_ONCE(sched->state.unregistered, false);
	list_add_tail_rcu(&sched->list, &sched_list);
	spin_unlock(&sched_lock);
	pr_debug("scheduler %s registered\n", sched->name);
	return 0;
}

/* Connections still using @sched move to what the registry then has under
 * its name (a replacement), else to the default, at their next decision:
 * they hold a reference, so @sched stays valid until they do.
 */
void mptcp_unregister_scheduler(struct mptcp_sched_ops *sched)
{
	if (sched == &mptcp_sched_default)
		return;
	spin_lock(&sched_lock);
	WRITE_ONCE(sched->state.unregistered, true);
	list_del_rcu(&sched->list);
	spin_unlock(&sched_lock);
	synchronize_rcu();
}

/* Swaps @old for @new under the same name, for live connections too. */
int mptcp_update_scheduler(struct mptcp_sched_ops *new, struct mptcp_sched_ops *old)
{
	int err = sched_validate(new);

	if (err)
		return err;
	if (strncmp(new->name, old->name, MPTCP_SCHED_NAME_MAX))
		return -EINVAL;
	spin_lock(&sched_lock);
	if (sched_find_scoped(old->name, old->state.netns_cookie) != old) {
		spin_unlock(&sched_lock);
		return -ENOENT;
	}
	new->state.netns_cookie = old->state.netns_cookie;	/* same scope */
	WRITE_ONCE(new->state.unregistered, false);
	list_replace_rcu(&old->list, &new->list);
	WRITE_ONCE(old->state.unregistered, true);
	spin_unlock(&sched_lock);
	synchronize_rcu();
	return 0;
}

/* Space-separated names @net sees, as net.mptcp.available_schedulers
 * shows them.
 */
int mptcp_sched_list(const struct net *net, char *buf, size_t size)
{
	struct mptcp_sched_ops *s;
	size_t off = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(s, &sched_list, list) {
		if (!mptcp_policy_visible(&s->state, net))
			continue;
		off += scnprintf(buf + off, size - off, "%s%s",
				 off ? " " : "", s->name);
	}
	rcu_read_unlock();
	return off;
}


/* /proc/net/mptcp_sched: what mptcpctl lists, one scheduler a line:
 * name, kind (bpf or builtin), users, ejections, first error kind, token
 * and message.
 */
int mptcp_sched_seq_show(struct seq_file *seq, void *v)
{
	struct mptcp_sched_ops *s;

	seq_puts(seq, MPTCP_POLICY_SEQ_HEADER);
	rcu_read_lock();
	list_for_each_entry_rcu(s, &sched_list, list)
		if (mptcp_policy_visible(&s->state, seq_file_single_net(seq)))
			mptcp_policy_seq_row(seq, s->name, s->owner, &s->state);
	rcu_read_unlock();
	return 0;
}

/* --- per connection ------------------------------------------------------------------ */

static void sched_attach(struct mptcp_sock *msk, struct mptcp_sched_ops *s)
{
	struct mptcp_subflow_context *sf;

	/* a scheduler taking over hears of the subflows that are up already */
	mptcp_for_each_subflow(msk, sf)
		sf->sched_notified = 0;
	msk->sched = s;
	msk->sched_misses = 0;
	msk->sched_slow = 0;
	msk->sched_wait_since = 0;
	msk->sched_exit = MPTCP_POLICY_EXIT_NONE;
	atomic_inc(&s->state.users);
	if (s->init)
		s->init(msk);
}

/* Takes a reference on @name's scheduler as @net sees it, or returns the
 * default.
 */
static struct mptcp_sched_ops *sched_get_by_name(const struct net *net, const char *name)
{
	struct mptcp_sched_ops *s;

	rcu_read_lock();
	s = mptcp_sched_find(net, name);
	if (!s || !bpf_try_module_get(s, s->owner))
		s = &mptcp_sched_default;
	rcu_read_unlock();
	return s;
}

/* What the application named, else the namespace's scheduler; the
 * default when that is gone.
 */
void mptcp_sched_init_msk(struct mptcp_sock *msk)
{
	const char *name = msk->sched_req[0] ? msk->sched_req :
			   mptcp_pernet(sock_net((struct sock *)msk))->scheduler;

	sched_attach(msk, sched_get_by_name(sock_net((struct sock *)msk), name));
}

void mptcp_sched_release_msk(struct mptcp_sock *msk)
{
	struct mptcp_sched_ops *s = msk->sched;

	if (!s)
		return;
	msk->sched = NULL;
	if (s->release)
		s->release(msk);
	atomic_dec(&s->state.users);
	if (s != &mptcp_sched_default)
		bpf_module_put(s, s->owner);
}

static void sched_switch(struct mptcp_sock *msk, struct mptcp_sched_ops *to)
{
	mptcp_sched_release_msk(msk);
	sched_attach(msk, to);
}

/* --- MPTCP_SCHEDULER ------------------------------------------------------------------ */

/* @name's scheduler for @msk: applied at once to a live connection, and
 * when @remember, kept for one not made yet (and a listener's children).
 * -ENOENT: no such scheduler; -ENOTCONN: nothing to apply it to.
 */
static int sched_select(struct mptcp_sock *msk, const char *name, bool remember)
{
	struct sock *sk = (struct sock *)msk;
	bool known;
	int err = 0;

	lock_sock(sk);
	rcu_read_lock();
	known = mptcp_sched_find(sock_net(sk), name);
	rcu_read_unlock();
	if (!known)
		err = -ENOENT;
	else if (msk->sched && !msk->destroyed)
		sched_switch(msk, sched_get_by_name(sock_net(sk), name));
	else if (!remember)
		err = -ENOTCONN;
	if (known && remember)
		strscpy(msk->sched_req, name, sizeof(msk->sched_req));
	release_sock(sk);
	return err;
}

int mptcp_sched_setsockopt(struct sock *sk, sockptr_t optval, unsigned int optlen)
{
	char name[MPTCP_SCHED_NAME_MAX];
	int err;

	err = mptcp_policy_name_from_user(name, optval, optlen);
	if (err)
		return err;
	if (!mptcp_policy_allowed(sk, name, mptcp_sched_default.name,
				  mptcp_pernet(sock_net(sk))->scheduler))
		return -EPERM;

	return sched_select(mptcp_sk(sk), name, true);
}

/* Moves a live connection to @name's scheduler (mptcpctl conn move). */
int mptcp_sched_move(struct mptcp_sock *msk, const char *name)
{
	return sched_select(msk, name, false);
}

int mptcp_sched_getsockopt(struct sock *sk, char __user *optval, int __user *optlen)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	char name[MPTCP_SCHED_NAME_MAX];

	lock_sock(sk);
	if (msk->sched) {
		strscpy(name, msk->sched->name, sizeof(name));
	} else {
		/* what mptcp_sched_init_msk() would pick now */
		strscpy(name, msk->sched_req[0] ? msk->sched_req :
			mptcp_pernet(sock_net(sk))->scheduler, sizeof(name));
		rcu_read_lock();
		if (!mptcp_sched_find(sock_net(sk), name))
			strscpy(name, mptcp_sched_default.name, sizeof(name));
		rcu_read_unlock();
	}
	release_sock(sk);
	return mptcp_policy_name_to_user(name, optval, optlen);
}

/**
 * mptcp_sched_error - a scheduler misbehaved on @msk
 *
 * The first error wins, both for the connection (which goes back to the
 * default right after the call) and for the scheduler's exit record that
 * mptcpctl shows.
 */
void mptcp_sched_error(struct mptcp_sock *msk, enum mptcp_policy_exit_kind kind,
		       const char *fmt, ...)
{
	struct mptcp_sched_ops *s = msk->sched;
	char msg[MPTCP_POLICY_EXIT_MSG_LEN];
	va_list args;

	if (msk->sched_exit || !s || s == &mptcp_sched_default)
		return;
	msk->sched_exit = kind;
	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	trace_mptcp_sched_eject(msk->token, s->name, mptcp_policy_exit_names[kind], msg);

	mptcp_policy_record_exit(&s->state, msk->token, kind, msg);
}

/* The ejection: the default takes over this connection at once. */
static void sched_eject(struct mptcp_sock *msk)
{
	struct mptcp_sched_ops *s = msk->sched;
	u8 kind = msk->sched_exit;

	atomic_inc(&s->state.ejections);
	mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_SCHED_EJECT);
	pr_info_ratelimited("scheduler %s ejected from connection %08x: %s\n",
			    s->name, msk->token, mptcp_policy_exit_names[kind]);
	sched_switch(msk, &mptcp_sched_default);
}

/* Decisions in a row that mark nothing usable while a subflow could send. */
#define MPTCP_SCHED_MAX_MISSES	64

static int sched_call(struct mptcp_sock *msk, struct mptcp_sched_ops *s, bool retrans)
{
	struct mptcp_sock *prev;
	u64 start, took;
	int ret;

	if (s == &mptcp_sched_default)
		return retrans ? default_get_retrans(msk) : default_get_send(msk);

	prev = mptcp_policy_enter(msk);
	start = local_clock();
	if (retrans && s->get_retrans)
		ret = s->get_retrans(msk);
	else
		ret = s->get_send(msk);
	took = local_clock() - start;
	mptcp_policy_leave(prev);

	if (unlikely(mptcp_policy_overran(&msk->sched_slow, took)))
		mptcp_sched_error(msk, MPTCP_POLICY_EXIT_SLOW,
				  "%u calls in a row over budget (%llu ms), the last a %s decision of %llu ms",
				  msk->sched_slow,
				  (u64)(MPTCP_POLICY_BUDGET_NS / NSEC_PER_MSEC),
				  retrans ? "get_retrans" : "get_send",
				  took / NSEC_PER_MSEC);
	return ret;
}

/* The longest a scheduler may keep new data waiting for a busy subflow. */
#define MPTCP_SCHED_MAX_WAIT	HZ

/* Whether holding new data back now is a choice, not a stall: some subflow
 * still has data in flight, so its ACKs will ask the scheduler again, and
 * the wait has not gone on too long.
 */
static bool sched_may_wait(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;

	if (!msk->sched_wait_since)
		msk->sched_wait_since = jiffies ? : 1;
	else if (time_after(jiffies, msk->sched_wait_since + MPTCP_SCHED_MAX_WAIT)) {
		mptcp_sched_error(msk, MPTCP_POLICY_EXIT_STALL,
				  "held new data back for more than %u ms",
				  jiffies_to_msecs(MPTCP_SCHED_MAX_WAIT));
		return false;
	}
	mptcp_for_each_subflow(msk, sf)
		if (mptcp_subflow_active(sf) && READ_ONCE(tcp_sk(sf->tcp_sock)->packets_out))
			return true;
	return false;
}

/* Unmarks what cannot be used; returns how many marks remain. */
static int sched_usable_marks(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;
	int n = 0;

	mptcp_for_each_subflow(msk, sf) {
		if (!READ_ONCE(sf->scheduled))
			continue;
		if (mptcp_subflow_active(sf))
			n++;
		else
			sf_mark(sf, false);
	}
	return n;
}

/* Whether a marked subflow can queue more now.  A scheduler that marks
 * nothing while every subflow is full (the export branch's convention for
 * "nothing to do now") has not missed anything.
 */
static bool sched_marks_have_room(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;

	mptcp_for_each_subflow(msk, sf)
		if (READ_ONCE(sf->scheduled) && sk_stream_memory_free(sf->tcp_sock))
			return true;
	return false;
}

enum sched_event { SCHED_SUBFLOW_UP, SCHED_SUBFLOW_DOWN, SCHED_RTO, SCHED_ACKED };

/* Delivers an event to a scheduler that wants it, framed like a decision;
 * @sf for the subflow events, @bytes for SCHED_ACKED.
 */
static void sched_event(struct mptcp_sock *msk, enum sched_event ev,
			struct mptcp_subflow_context *sf, u32 bytes)
{
	struct mptcp_sched_ops *s = msk->sched;
	struct mptcp_sock *prev;
	u64 start, took;

	prev = mptcp_policy_enter(msk);
	start = local_clock();
	switch (ev) {
	case SCHED_SUBFLOW_UP:
		s->subflow_up(msk, sf);
		break;
	case SCHED_SUBFLOW_DOWN:
		s->subflow_down(msk, sf);
		break;
	case SCHED_RTO:
		s->rto(msk);
		break;
	case SCHED_ACKED:
		s->acked(msk, bytes);
		break;
	}
	took = local_clock() - start;
	mptcp_policy_leave(prev);
	if (unlikely(mptcp_policy_overran(&msk->sched_slow, took)))
		mptcp_sched_error(msk, MPTCP_POLICY_EXIT_SLOW,
				  "%u calls in a row over budget (%llu ms), the last an event of %llu ms",
				  msk->sched_slow,
				  (u64)(MPTCP_POLICY_BUDGET_NS / NSEC_PER_MSEC),
				  took / NSEC_PER_MSEC);
}

/* Subflows that became usable since the scheduler last heard: told before
 * any decision that could use them.
 */
static void sched_subflows_up(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf;

	mptcp_for_each_subflow(msk, sf) {
		if (sf->sched_notified || !mptcp_subflow_active(sf))
			continue;
		sf->sched_notified = 1;
		sched_event(msk, SCHED_SUBFLOW_UP, sf, 0);
	}
}

void mptcp_sched_subflow_down(struct mptcp_sock *msk, struct mptcp_subflow_context *sf)
{
	if (msk->sched && msk->sched->subflow_down && sf->sched_notified && !msk->sched_exit)
		sched_event(msk, SCHED_SUBFLOW_DOWN, sf, 0);
}

void mptcp_sched_rto(struct mptcp_sock *msk)
{
	if (msk->sched && msk->sched->rto && !msk->sched_exit)
		sched_event(msk, SCHED_RTO, NULL, 0);
}

/* Only a scheduler that asked pays for it: one call per Data ACK that
 * freed data.
 */
void mptcp_sched_acked(struct mptcp_sock *msk, u32 bytes)
{
	if (msk->sched && msk->sched->acked && !msk->sched_exit)
		sched_event(msk, SCHED_ACKED, NULL, bytes);
}

static void trace_decision(struct mptcp_sock *msk, const struct mptcp_sched_ops *s,
			   bool retrans, bool by_default)
{
	struct mptcp_subflow_context *sf;
	u32 marked = 0;

	if (!trace_mptcp_sched_decision_enabled())
		return;
	mptcp_for_each_subflow(msk, sf)
		if (READ_ONCE(sf->scheduled) && sf->subflow_id < 32)
			marked |= BIT(sf->subflow_id);
	trace_mptcp_sched_decision(msk->token, s->name, retrans, marked, by_default);
}

/**
 * mptcp_sched_get - ask the scheduler which subflows carry data next
 * @msk: the connection, locked
 * @retrans: for data sent again rather than new data
 *
 * Afterwards, exactly the usable subflows the scheduler chose have
 * ->scheduled set.  Returns how many.
 */
int mptcp_sched_get(struct mptcp_sock *msk, bool retrans)
{
	struct mptcp_sched_ops *s = msk->sched ? : &mptcp_sched_default;
	struct mptcp_subflow_context *sf;
	int n, ret;

	if (unlikely(READ_ONCE(s->state.unregistered))) {
		/* unloaded or replaced: follow the name, else the default */
		sched_switch(msk, sched_get_by_name(sock_net((struct sock *)msk), s->name));
		s = msk->sched;
	}

	if (s->subflow_up)
		sched_subflows_up(msk);
	mptcp_for_each_subflow(msk, sf)
		sf_mark(sf, false);
	msk->snd_burst = 0;

	ret = sched_call(msk, s, retrans);
	n = sched_usable_marks(msk);
	if (n && !msk->sched_exit) {
		msk->sched_misses = 0;
		msk->sched_wait_since = 0;
		trace_decision(msk, s, retrans, false);
		return n;
	}
	if (s == &mptcp_sched_default) {
		trace_decision(msk, s, retrans, false);
		return n;
	}
	/* "Wait for a better subflow": nothing goes out now. */
	if (!n && ret == MPTCP_SCHED_WAIT && !retrans && !msk->sched_exit &&
	    sched_may_wait(msk)) {
		trace_decision(msk, s, retrans, false);
		return 0;
	}

	/* Nothing usable chosen, or an error: the default decides this
	 * time.  Only a miss that cost something counts towards a stall.
	 */
	mptcp_for_each_subflow(msk, sf)
		sf_mark(sf, false);
	msk->snd_burst = 0;
	if (retrans)
		default_get_retrans(msk);
	else
		default_get_send(msk);
	n = sched_usable_marks(msk);
	if (n && !msk->sched_exit && sched_marks_have_room(msk) &&
	    ++msk->sched_misses >= MPTCP_SCHED_MAX_MISSES)
		mptcp_sched_error(msk, MPTCP_POLICY_EXIT_STALL,
				  "marked no usable subflow in %u decisions in a row",
				  msk->sched_misses);
	trace_decision(msk, s, retrans, true);
	if (msk->sched_exit)
		sched_eject(msk);
	return n;
}

int __init mptcp_sched_init(void)
{
	return mptcp_register_scheduler(&mptcp_sched_default);
}
