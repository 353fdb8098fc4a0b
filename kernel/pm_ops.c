// SPDX-License-Identifier: GPL-2.0
/*
 * The path-manager core: a registry of path managers (the built-in
 * "kernel" one of pm.c and, through bpf_pm.c, BPF struct_ops ones),
 * selection per network namespace (net.mptcp.path_manager), the events a
 * connection delivers to its path manager, and the one place its
 * requests are checked and carried out.
 *
 * Events reach the path manager from mptcp_pm_work(), in process context
 * with the msk locked.  A BPF path manager must not sleep there, so it
 * only queues what it wants (bpf_mptcp_pm_subflow_create()); the core
 * opens those subflows right after the call, within the namespace's
 * limits.  A path manager that asks for too much, or takes too long, is
 * ejected from the connection like a scheduler: the first error wins and
 * the built-in one takes over.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/bpf.h>
#include <linux/proc_fs.h>
#include <linux/rculist.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <net/sock.h>

#include "mib.h"
#include "protocol.h"

#include <trace/events/mptcp.h>

static DEFINE_SPINLOCK(pm_lock);
static LIST_HEAD(pm_list);

/* Subflows a path manager may ask for per connection and second. */
#define MPTCP_PM_CREATE_BUDGET	16

/* --- the registry ------------------------------------------------------------------ */

/* Under RCU or pm_lock: @name as @net sees it, its own one first (as
 * mptcp_sched_find()).
 */
struct mptcp_pm_ops *mptcp_pm_find(const struct net *net, const char *name)
{
	struct mptcp_pm_ops *pm, *shared = NULL;

	list_for_each_entry_rcu(pm, &pm_list, list, lockdep_is_held(&pm_lock)) {
		if (strncmp(pm->name, name, MPTCP_PM_NAME_MAX) ||
		    !mptcp_policy_visible(&pm->state, net))
			continue;
		if (pm->state.netns_cookie)
			return pm;
		shared = pm;
	}
	return shared;
}

/* Under pm_lock: @name registered in exactly @scope. */
static struct mptcp_pm_ops *pm_find_scoped(const char *name, u64 scope)
{
	struct mptcp_pm_ops *pm;

	list_for_each_entry_rcu(pm, &pm_list, list, lockdep_is_held(&pm_lock))
		if (!strncmp(pm->name, name, MPTCP_PM_NAME_MAX) &&
		    pm->state.netns_cookie == scope)
			return pm;
	return NULL;
}

int mptcp_pm_register(struct mptcp_pm_ops *pm)
{
	u64 scope = mptcp_policy_scope_current();

	if (!pm->established || !pm->name[0] ||
	    strnlen(pm->name, MPTCP_PM_NAME_MAX) == MPTCP_PM_NAME_MAX)
		return -EINVAL;

	spin_lock(&pm_lock);
	if (pm_find_scoped(pm->name, scope)) {
		spin_unlock(&pm_lock);
		return -EEXIST;
	}
	pm->state.netns_cookie = scope;
	WRITE_ONCE(pm->state.unregistered, false);
	list_add_tail_rcu(&pm->list, &pm_list);
	spin_unlock(&pm_lock);
	return 0;
}

/* Its connections move at their next event to what the registry then
 * has under its name (a replacement), else to the built-in one.
 */
void mptcp_pm_unregister(struct mptcp_pm_ops *pm)
{
	if (pm == &mptcp_pm_kernel || pm == &mptcp_pm_userspace)
		return;
	spin_lock(&pm_lock);
	WRITE_ONCE(pm->state.unregistered, true);
	list_del_rcu(&pm->list);
	spin_unlock(&pm_lock);
	synchronize_rcu();
}

/* Swaps @old for @new under the same name, for live connections too. */
int mptcp_pm_update(struct mptcp_pm_ops *new, struct mptcp_pm_ops *old)
{
	if (!new->established || strncmp(new->name, old->name, MPTCP_PM_NAME_MAX))
		return -EINVAL;
	spin_lock(&pm_lock);
	if (pm_find_scoped(old->name, old->state.netns_cookie) != old) {
		spin_unlock(&pm_lock);
		return -ENOENT;
	}
	new->state.netns_cookie = old->state.netns_cookie;	/* same scope */
	WRITE_ONCE(new->state.unregistered, false);
	list_replace_rcu(&old->list, &new->list);
	WRITE_ONCE(old->state.unregistered, true);
	spin_unlock(&pm_lock);
	synchronize_rcu();
	return 0;
}

int mptcp_pm_list(const struct net *net, char *buf, size_t size)
{
	struct mptcp_pm_ops *pm;
	size_t off = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(pm, &pm_list, list)
		if (mptcp_policy_visible(&pm->state, net))
			off += scnprintf(buf + off, size - off, "%s%s", off ? " " : "", pm->name);
	rcu_read_unlock();
	return off;
}

/* /proc/net/mptcp_pm: as /proc/net/mptcp_sched, for path managers. */
int mptcp_pm_seq_show(struct seq_file *seq, void *v)
{
	struct mptcp_pm_ops *pm;

	seq_puts(seq, MPTCP_POLICY_SEQ_HEADER);
	rcu_read_lock();
	list_for_each_entry_rcu(pm, &pm_list, list)
		if (mptcp_policy_visible(&pm->state, seq_file_single_net(seq)))
			mptcp_policy_seq_row(seq, pm->name, pm->owner, &pm->state);
	rcu_read_unlock();
	return 0;
}

/* --- per connection ------------------------------------------------------------------ */

static struct mptcp_pm_ops *pm_get_by_name(const struct net *net, const char *name)
{
	struct mptcp_pm_ops *pm;

	rcu_read_lock();
	pm = mptcp_pm_find(net, name);
	if (!pm || !bpf_try_module_get(pm, pm->owner))
		pm = &mptcp_pm_kernel;
	rcu_read_unlock();
	return pm;
}

static void pm_attach(struct mptcp_sock *msk, struct mptcp_pm_ops *pm)
{
	msk->pm = pm;
	msk->pm_exit = MPTCP_POLICY_EXIT_NONE;
	msk->pm_req_nr = 0;
	msk->pm_slow = 0;
	atomic_inc(&pm->state.users);
	if (pm->init)
		pm->init(msk);
}

/* What the application named, else the namespace's path manager. */
void mptcp_pm_init_msk(struct mptcp_sock *msk)
{
	const char *name = msk->pm_req_name[0] ? msk->pm_req_name :
			   mptcp_pernet(sock_net((struct sock *)msk))->path_manager;

	pm_attach(msk, pm_get_by_name(sock_net((struct sock *)msk), name));
}

void mptcp_pm_release_msk(struct mptcp_sock *msk)
{
	struct mptcp_pm_ops *pm = msk->pm;

	if (!pm)
		return;
	msk->pm = NULL;
	if (del_timer(&msk->pm_timer))
		__sock_put((struct sock *)msk);
	if (pm->release)
		pm->release(msk);
	atomic_dec(&pm->state.users);
	if (pm != &mptcp_pm_kernel)
		bpf_module_put(pm, pm->owner);
}

static void pm_switch(struct mptcp_sock *msk, struct mptcp_pm_ops *to)
{
	mptcp_pm_release_msk(msk);
	pm_attach(msk, to);
}

/* @name's path manager for @msk, as sched_select() for schedulers; a
 * connection moved to it hears of events from now on.
 */
static int pm_select(struct mptcp_sock *msk, const char *name, bool remember)
{
	struct sock *sk = (struct sock *)msk;
	bool known;
	int err = 0;

	lock_sock(sk);
	rcu_read_lock();
	known = mptcp_pm_find(sock_net(sk), name);
	rcu_read_unlock();
	if (!known)
		err = -ENOENT;
	else if (msk->pm && !msk->destroyed)
		pm_switch(msk, pm_get_by_name(sock_net(sk), name));
	else if (!remember)
		err = -ENOTCONN;
	if (known && remember)
		strscpy(msk->pm_req_name, name, sizeof(msk->pm_req_name));
	release_sock(sk);
	return err;
}

/* Moves a live connection to @name's path manager (mptcpctl conn move). */
int mptcp_pm_move(struct mptcp_sock *msk, const char *name)
{
	return pm_select(msk, name, false);
}

/* MPTCP_PATH_MANAGER: as MPTCP_SCHEDULER (sched.c), for path managers. */
int mptcp_pm_setsockopt(struct sock *sk, sockptr_t optval, unsigned int optlen)
{
	char name[MPTCP_PM_NAME_MAX];
	int err;

	err = mptcp_policy_name_from_user(name, optval, optlen);
	if (err)
		return err;
	if (!mptcp_policy_allowed(sk, name, mptcp_pm_kernel.name,
				  mptcp_pernet(sock_net(sk))->path_manager))
		return -EPERM;
	return pm_select(mptcp_sk(sk), name, true);
}

int mptcp_pm_getsockopt(struct sock *sk, char __user *optval, int __user *optlen)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	char name[MPTCP_PM_NAME_MAX];

	lock_sock(sk);
	if (msk->pm) {
		strscpy(name, msk->pm->name, sizeof(name));
	} else {
		strscpy(name, msk->pm_req_name[0] ? msk->pm_req_name :
			mptcp_pernet(sock_net(sk))->path_manager, sizeof(name));
		rcu_read_lock();
		if (!mptcp_pm_find(sock_net(sk), name))
			strscpy(name, mptcp_pm_kernel.name, sizeof(name));
		rcu_read_unlock();
	}
	release_sock(sk);
	return mptcp_policy_name_to_user(name, optval, optlen);
}

/* First error wins, as for schedulers (mptcp_sched_error()). */
static __printf(3, 4)
void pm_error(struct mptcp_sock *msk, enum mptcp_policy_exit_kind kind, const char *fmt, ...)
{
	struct mptcp_pm_ops *pm = msk->pm;
	char msg[MPTCP_POLICY_EXIT_MSG_LEN];
	va_list args;

	if (msk->pm_exit || !pm || pm == &mptcp_pm_kernel)
		return;
	msk->pm_exit = kind;
	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	trace_mptcp_pm_eject(msk->token, pm->name, mptcp_policy_exit_names[kind], msg);

	mptcp_policy_record_exit(&pm->state, msk->token, kind, msg);
}

static void pm_eject(struct mptcp_sock *msk)
{
	struct mptcp_pm_ops *pm = msk->pm;
	u8 kind = msk->pm_exit;

	atomic_inc(&pm->state.ejections);
	mptcp_mib_inc(sock_net((struct sock *)msk), MPTCP_MIB_PM_EJECT);
	pr_info_ratelimited("path manager %s ejected from connection %08x: %s\n",
			    pm->name, msk->token, mptcp_policy_exit_names[kind]);
	pm_switch(msk, &mptcp_pm_kernel);
}

/* What a path manager asks for costs one of its budget per second;
 * more is spam and ejects it.
 */
static int pm_charge(struct mptcp_sock *msk)
{
	if (time_after(jiffies, msk->pm_window + HZ)) {
		msk->pm_window = jiffies;
		msk->pm_creates = 0;
	}
	if (++msk->pm_creates > MPTCP_PM_CREATE_BUDGET) {
		pm_error(msk, MPTCP_POLICY_EXIT_SPAM,
			 "asked for more than %d subflows or signals within a second",
			 MPTCP_PM_CREATE_BUDGET);
		return -EBUSY;
	}
	return 0;
}

/**
 * mptcp_pm_request_subflow - a path manager asks for one more subflow
 * @msk: the connection whose path manager runs now
 * @local: the local address (port 0: any)
 * @ifindex: the device to bind to, or 0
 * @remote: the peer's address and port, and its id
 * @backup: ask the peer to use it as a backup only
 *
 * Queued, not done: mptcp_pm_work() opens it right after the path
 * manager returns.  Returns 0, -EBUSY when the queue or the budget is
 * full, -EINVAL for an address of no family we speak.
 */
int mptcp_pm_request_subflow(struct mptcp_sock *msk, const struct mptcp_addr_info *local,
			     int ifindex, const struct mptcp_addr_info *remote, bool backup)
{
	struct mptcp_pm_request *req;

	if ((remote->family != AF_INET && remote->family != AF_INET6) ||
	    (local->family != remote->family) || !remote->port ||
	    !mptcp_family_ok((struct sock *)msk, remote->family))
		return -EINVAL;
	if (pm_charge(msk))
		return -EBUSY;
	if (msk->pm_req_nr == ARRAY_SIZE(msk->pm_req))
		return -EBUSY;
	req = &msk->pm_req[msk->pm_req_nr++];
	req->local = *local;
	req->ifindex = ifindex;
	req->remote = *remote;
	req->backup = backup;
	return 0;
}

/* Announce @addr (ADD_ADDR): sent once the path manager returns. */
int mptcp_pm_announce(struct mptcp_sock *msk, const struct mptcp_addr_info *addr)
{
	return pm_charge(msk) ? : mptcp_signal_announce(msk, addr);
}

/* Our address @id is gone: RM_ADDR, and our subflows from it are closed
 * once the path manager returns (it may not sleep).
 */
int mptcp_pm_remove_addr(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_subflow_context *sf;
	int err = pm_charge(msk) ? : mptcp_signal_remove(msk, id);

	if (err)
		return err;
	mptcp_for_each_subflow(msk, sf)
		if (sf->local_id == id)
			WRITE_ONCE(sf->close_req, true);
	return 0;
}

/* MP_PRIO on @sf; our scheduler follows at once. */
int mptcp_pm_set_backup(struct mptcp_sock *msk, struct mptcp_subflow_context *sf, bool backup)
{
	return pm_charge(msk) ? : mptcp_signal_prio(msk, sf, backup);
}

/* Carries out what the path manager queued: each subflow if the
 * namespace's limits still allow one more.
 */
static void pm_do_requests(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_addr_info l0, r0;
	int i;

	if (!msk->pm_req_nr)	/* the common case: every deferred action calls us */
		return;
	mptcp_subflow_ends(sk, &l0, &r0);
	for (i = 0; i < msk->pm_req_nr; i++) {
		struct mptcp_pm_request *req = &msk->pm_req[i];

		if (!mptcp_join_allowed(msk))
			break;
		/* the peer's MP_CAPABLE said C: not to its initial address */
		if (msk->remote_deny_join_id0 && mptcp_addr_equal(&req->remote, &r0, true))
			continue;
		mptcp_pm_local_id(msk, &req->local, req->ifindex, &req->remote, &req->backup);
		if (mptcp_subflow_join(sk, &req->local, req->ifindex, &req->remote,
				       req->remote.id, req->backup))
			mptcp_signal_unaccept(msk, req->remote.id);
	}
	msk->pm_req_nr = 0;
}

enum pm_event {
	PM_ESTABLISHED,
	PM_SUBFLOW_ESTABLISHED,
	PM_SUBFLOW_CLOSED,
	PM_TIMER,
	PM_ADDR_ADDED,
	PM_ADDR_REMOVED,
	PM_LOCAL_ADDR_UP,
	PM_LOCAL_ADDR_DOWN,
};

/* What an event is about: a subflow, an address, or a peer's address id. */
struct pm_arg {
	struct mptcp_subflow_context	*sf;
	const struct mptcp_addr_info	*addr;
	u8				id;
};

/* Delivers one event; a BPF path manager runs like a scheduler does
 * (preemption off, checked by the kfuncs, timed).
 */
static void __pm_call(struct mptcp_sock *msk, enum pm_event ev, const struct pm_arg *arg)
{
	struct mptcp_pm_ops *pm = msk->pm;
	struct mptcp_sock *prev;
	u64 start, took;

	prev = mptcp_policy_enter(msk);
	start = local_clock();
	switch (ev) {
	case PM_ESTABLISHED:
		pm->established(msk);
		break;
	case PM_SUBFLOW_ESTABLISHED:
		if (pm->subflow_established)
			pm->subflow_established(msk, arg->sf);
		break;
	case PM_SUBFLOW_CLOSED:
		if (pm->subflow_closed)
			pm->subflow_closed(msk, arg->sf);
		break;
	case PM_TIMER:
		if (pm->timer)
			pm->timer(msk);
		break;
	case PM_ADDR_ADDED:
		if (pm->addr_added)
			pm->addr_added(msk, arg->addr);
		break;
	case PM_ADDR_REMOVED:
		if (pm->addr_removed)
			pm->addr_removed(msk, arg->id);
		break;
	case PM_LOCAL_ADDR_UP:
		if (pm->local_addr_up)
			pm->local_addr_up(msk, arg->addr);
		break;
	case PM_LOCAL_ADDR_DOWN:
		if (pm->local_addr_down)
			pm->local_addr_down(msk, arg->addr);
		break;
	}
	took = local_clock() - start;
	mptcp_policy_leave(prev);

	if (unlikely(mptcp_policy_overran(&msk->pm_slow, took)))
		pm_error(msk, MPTCP_POLICY_EXIT_SLOW,
			 "%u calls in a row over budget (%llu ms), the last an event of %llu ms",
			 msk->pm_slow, (u64)(MPTCP_POLICY_BUDGET_NS / NSEC_PER_MSEC),
			 took / NSEC_PER_MSEC);
	if (msk->pm_exit) {
		msk->pm_req_nr = 0;	/* nothing it asked for is done */
		pm_eject(msk);
	}
}

static void pm_call(struct mptcp_sock *msk, enum pm_event ev,
		    struct mptcp_subflow_context *sf)
{
	struct pm_arg arg = { .sf = sf };

	__pm_call(msk, ev, &arg);
}

/* What the peer announced or removed since the last time.  The core has
 * echoed the announcements and closed the removed address's subflows;
 * the path manager decides what to do with the news.
 */
static void pm_peer_signals(struct mptcp_sock *msk)
{
	struct mptcp_addr_info added[MPTCP_SIGNAL_RX_QUEUE];
	DECLARE_BITMAP(removed, 256);
	struct pm_arg arg = {};
	int i, n;

	n = mptcp_signal_take(msk, added, removed);
	for_each_set_bit(i, removed, 256) {
		mptcp_signal_peer_removed(msk, i);
		arg.id = i;
		mptcp_event_addr(msk, MPTCP_EVENT_REMOVED, &(struct mptcp_addr_info){ .id = i });
		__pm_call(msk, PM_ADDR_REMOVED, &arg);
	}
	for (i = 0; i < n; i++) {
		struct mptcp_peer_addr *p = mptcp_signal_peer_added(msk, &added[i]);

		if (!p)
			continue;
		mptcp_event_addr(msk, MPTCP_EVENT_ANNOUNCED, &p->addr);
		arg.addr = &p->addr;
		__pm_call(msk, PM_ADDR_ADDED, &arg);
		/* now, so that an address no subflow can reach (a multicast
		 * one, say) frees its add_addr_accepted slot for the next
		 */
		pm_do_requests((struct sock *)msk);
	}
}

/* Carry out what the path manager asked for outside an event (netlink,
 * endpoint changes): subflows, then the signals.
 */
void mptcp_pm_kick(struct sock *sk)
{
	pm_do_requests(sk);
	mptcp_signal_flush(sk);
	mptcp_signal_close_requested(mptcp_sk(sk));
}

static bool pm_ready(struct mptcp_sock *msk)
{
	struct sock *sk = (struct sock *)msk;

	/* unloaded or replaced: follow the name, else the built-in one */
	if (msk->pm && unlikely(READ_ONCE(msk->pm->state.unregistered)))
		pm_switch(msk, pm_get_by_name(sock_net((struct sock *)msk), msk->pm->name));
	if (!msk->pm || msk->destroyed || msk->fallback || !sk->sk_socket ||
	    /* either side may be done sending while the other has much to
	     * send: more paths help it as much
	     */
	    !((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT |
				     TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2)))
		return false;
	/* Once both ends hold the keys; the first subflow may go after. */
	if (READ_ONCE(msk->rkey_pending))
		return false;
	return msk->pm_established ||
	       (msk->first && READ_ONCE(mptcp_subflow_ctx(msk->first)->mpc_acked));
}

/**
 * mptcp_pm_work - deliver pending path-manager events of a connection
 * @sk: the msk, locked, process context
 *
 * Established once both ends hold the keys (a join is authenticated with
 * them); each subflow's establishment once it can carry data; the timer.
 */
void mptcp_pm_work(struct sock *sk)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;

	if (!pm_ready(msk))
		return;
	if (!msk->pm_established) {
		msk->pm_established = true;
		mptcp_subflow_ctx(msk->first)->pm_notified = 1;
		/* the side that connected said "created" at its SYN-ACK */
		if (!msk->ev_created) {
			msk->ev_created = true;
			mptcp_event_conn(msk, MPTCP_EVENT_CREATED, GFP_KERNEL);
		}
		mptcp_event_conn(msk, MPTCP_EVENT_ESTABLISHED, GFP_KERNEL);
		pm_call(msk, PM_ESTABLISHED, NULL);
	}
	mptcp_for_each_subflow(msk, sf) {
		if (sf->pm_notified || !mptcp_subflow_active(sf))
			continue;
		sf->pm_notified = 1;
		mptcp_event_subflow(msk, sf, MPTCP_EVENT_SUB_ESTABLISHED, GFP_KERNEL);
		pm_call(msk, PM_SUBFLOW_ESTABLISHED, sf);
	}
	pm_peer_signals(msk);
	if (test_and_clear_bit(MPTCP_PM_TIMER_FIRED, &msk->pm_flags))
		pm_call(msk, PM_TIMER, NULL);
	mptcp_pm_kick(sk);
}

/**
 * mptcp_pm_local_addr - tell a connection's path manager of a host address
 * @msk: locked, process context
 * @addr: the address (id 0)
 * @up: configured, or gone
 */
void mptcp_pm_local_addr(struct mptcp_sock *msk, const struct mptcp_addr_info *addr, bool up)
{
	struct pm_arg arg = { .addr = addr };

	if (!pm_ready(msk) || !msk->pm_established)
		return;
	if (!(up ? msk->pm->local_addr_up : msk->pm->local_addr_down))
		return;
	__pm_call(msk, up ? PM_LOCAL_ADDR_UP : PM_LOCAL_ADDR_DOWN, &arg);
	mptcp_pm_kick((struct sock *)msk);
}

/**
 * mptcp_pm_subflow_check_next - a subflow is about to close, the
 * connection goes on
 * @msk: the connection, locked
 * @sf: the subflow: established once, or a join that never was
 *
 * Its path manager hears it and may open the next subflow in its place
 * (the kernel's: from an endpoint it has not tried on this connection).
 * Upstream's name: its mptcp_join.sh looks it up to expect just that.
 */
void mptcp_pm_subflow_check_next(struct mptcp_sock *msk, struct mptcp_subflow_context *sf)
{
	if (!msk->pm || !msk->pm_established || msk->destroyed)
		return;
	mptcp_event_subflow(msk, sf, MPTCP_EVENT_SUB_CLOSED, GFP_KERNEL);
	pm_call(msk, PM_SUBFLOW_CLOSED, sf);
}

/* --- the timer a path manager arms ------------------------------------------------- */

static void mptcp_pm_timer(struct timer_list *t)
{
	struct mptcp_sock *msk = from_timer(msk, t, pm_timer);
	struct sock *sk = (struct sock *)msk;

	set_bit(MPTCP_PM_TIMER_FIRED, &msk->pm_flags);
	mptcp_defer(sk, MPTCP_DEFER_SUBFLOW);
	sock_put(sk);
}

/* Fires once, @ms from now (10 ms to 10 min); a new call re-arms it. */
void mptcp_pm_timer_arm(struct mptcp_sock *msk, u32 ms)
{
	ms = clamp_t(u32, ms, 10, 600 * MSEC_PER_SEC);
	if (!mod_timer(&msk->pm_timer, jiffies + msecs_to_jiffies(ms)))
		sock_hold((struct sock *)msk);
}

/**
 * mptcp_pm_data_reset - a connection's path-management state, as new
 * @msk: the meta-socket, locked, with no path manager attached (none yet,
 *	 or mptcp_pm_release_msk() was called)
 *
 * For a new socket and for disconnect(): the same socket may connect
 * again (connect(AF_UNSPEC), then connect()), and nothing the last
 * connection saw or said may reach the next -- with pm_established left
 * set, its path manager never heard the next one come up, and made no
 * subflow for it.
 */
void mptcp_pm_data_reset(struct mptcp_sock *msk)
{
	msk->pm_flags = 0;
	msk->pm_established = false;
	msk->pm_req_nr = 0;
	msk->pm_creates = 0;
	msk->pm_window = jiffies;
	msk->pm_exit = MPTCP_POLICY_EXIT_NONE;
	msk->pm_slow = 0;
	bitmap_zero(msk->pm_ep_tried, 256);
	msk->ev_created = false;
	msk->remote_deny_join_id0 = false;
	mptcp_signal_reset(msk);
}

void mptcp_pm_init_timer(struct mptcp_sock *msk)
{
	timer_setup(&msk->pm_timer, mptcp_pm_timer, 0);
	msk->pm = NULL;
	mptcp_signal_init(msk);
	mptcp_pm_data_reset(msk);
}

int __init mptcp_pm_ops_init(void)
{
	return mptcp_pm_register(&mptcp_pm_kernel) ?:
	       mptcp_pm_register(&mptcp_pm_userspace);
}
