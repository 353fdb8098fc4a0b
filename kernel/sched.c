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

#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "protocol.h"

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
	struct sock *ssk = sf->tcp_sock;

	if (sf->closing || sf->listener)
		return false;
	if (!((1 << inet_sk_state_load(ssk)) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)))
		return false;
	if (READ_ONCE(ssk->sk_shutdown) & SEND_SHUTDOWN)
		return false;
	return !sf->join || READ_ONCE(sf->join_acked);
}

void mptcp_subflow_set_scheduled(struct mptcp_subflow_context *sf, bool scheduled)
{
	WRITE_ONCE(sf->scheduled, scheduled);
}

/* --- the built-in default ---------------------------------------------------------- */

/* How long @ssk needs to drain what it has queued, in ns per byte of its
 * pacing rate: lower is sooner.  A subflow without room for more data
 * does not compete.
 */
static u64 linger_time(struct sock *ssk)
{
	u64 rate = READ_ONCE(ssk->sk_pacing_rate);

	if (!sk_stream_memory_free(ssk))
		return U64_MAX;
	if (!rate)
		rate = 1;
	return div64_u64((u64)READ_ONCE(ssk->sk_wmem_queued) << 32, rate);
}

/* The usable subflow expected to deliver soonest: non-backup ones first,
 * backups only when no other can send (RFC 8684 section 3.3.8).
 */
static int default_get_send(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf, *best[2] = {};
	u64 best_t[2] = { U64_MAX, U64_MAX };

	mptcp_for_each_subflow(msk, sf) {
		int backup = sf->backup || sf->request_bkup;
		u64 t;

		if (!mptcp_subflow_active(sf) || sf->stale)
			continue;
		t = linger_time(sf->tcp_sock);
		/* A tie (idle subflows, typically) goes to the one that
		 * did not carry the last burst, so idle paths share.
		 */
		if (t < best_t[backup] || !best[backup] ||
		    (t == best_t[backup] && best[backup]->tcp_sock == msk->last_snd)) {
			best_t[backup] = t;
			best[backup] = sf;
		}
	}
	sf = best[0] ? : best[1];
	if (!sf)
		return -EINVAL;
	msk->last_snd = sf->tcp_sock;
	mptcp_subflow_set_scheduled(sf, true);
	return 0;
}

/* Data sent again goes where TCP is least busy: the active subflow with
 * the smallest backlog, stale or not (it may be the only one left).
 */
static int default_get_retrans(struct mptcp_sock *msk)
{
	struct mptcp_subflow_context *sf, *best = NULL;
	u32 best_q = U32_MAX;

	mptcp_for_each_subflow(msk, sf) {
		u32 q;

		if (!mptcp_subflow_active(sf))
			continue;
		q = READ_ONCE(sf->tcp_sock->sk_wmem_queued) +
		    (sf->stale ? U32_MAX / 2 : 0);
		if (q < best_q || !best) {
			best_q = q;
			best = sf;
		}
	}
	if (!best)
		return -EINVAL;
	mptcp_subflow_set_scheduled(best, true);
	return 0;
}

static struct mptcp_sched_ops mptcp_sched_default = {
	.get_send	= default_get_send,
	.get_retrans	= default_get_retrans,
	.name		= "default",
	.owner		= THIS_MODULE,
};

/* --- the registry ---------------------------------------------------------------- */

/* Under RCU or sched_lock. */
const struct mptcp_sched_ops *mptcp_sched_find(const char *name)
{
	struct mptcp_sched_ops *s;

	list_for_each_entry_rcu(s, &sched_list, list, lockdep_is_held(&sched_lock))
		if (!strncmp(s->name, name, MPTCP_SCHED_NAME_MAX))
			return s;
	return NULL;
}

int mptcp_register_scheduler(struct mptcp_sched_ops *sched)
{
	if (!sched->get_send || !sched->name[0] ||
	    strnlen(sched->name, MPTCP_SCHED_NAME_MAX) == MPTCP_SCHED_NAME_MAX)
		return -EINVAL;

	spin_lock(&sched_lock);
	if (mptcp_sched_find(sched->name)) {
		spin_unlock(&sched_lock);
		return -EEXIST;
	}
	list_add_tail_rcu(&sched->list, &sched_list);
	spin_unlock(&sched_lock);
	pr_debug("scheduler %s registered\n", sched->name);
	return 0;
}

void mptcp_unregister_scheduler(struct mptcp_sched_ops *sched)
{
	if (sched == &mptcp_sched_default)
		return;
	spin_lock(&sched_lock);
	list_del_rcu(&sched->list);
	spin_unlock(&sched_lock);
	synchronize_rcu();
}

/* Space-separated names, as net.mptcp.available_schedulers shows them. */
int mptcp_sched_list(char *buf, size_t size)
{
	struct mptcp_sched_ops *s;
	size_t off = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(s, &sched_list, list) {
		off += scnprintf(buf + off, size - off, "%s%s",
				 off ? " " : "", s->name);
	}
	rcu_read_unlock();
	return off;
}

/* --- per connection ------------------------------------------------------------------ */

/* The namespace's scheduler, or the default when it is gone. */
void mptcp_sched_init_msk(struct mptcp_sock *msk)
{
	const char *name = mptcp_pernet(sock_net((struct sock *)msk))->scheduler;
	const struct mptcp_sched_ops *s;

	rcu_read_lock();
	s = mptcp_sched_find(name);
	if (!s || !try_module_get(s->owner))
		s = &mptcp_sched_default;
	rcu_read_unlock();

	msk->sched = s;
	if (s->init)
		s->init(msk);
}

void mptcp_sched_release_msk(struct mptcp_sock *msk)
{
	const struct mptcp_sched_ops *s = msk->sched;

	if (!s)
		return;
	msk->sched = NULL;
	if (s->release)
		s->release(msk);
	if (s != &mptcp_sched_default)
		module_put(s->owner);
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
	const struct mptcp_sched_ops *s = msk->sched ? : &mptcp_sched_default;
	struct mptcp_subflow_context *sf;
	int n = 0;

	mptcp_for_each_subflow(msk, sf)
		mptcp_subflow_set_scheduled(sf, false);

	if (retrans && s->get_retrans)
		s->get_retrans(msk);
	else
		s->get_send(msk);

	mptcp_for_each_subflow(msk, sf) {
		if (!READ_ONCE(sf->scheduled))
			continue;
		if (mptcp_subflow_active(sf))
			n++;
		else
			mptcp_subflow_set_scheduled(sf, false);
	}
	if (n || s == &mptcp_sched_default)
		return n;

	/* Nothing usable chosen: the default decides this time. */
	if (retrans)
		default_get_retrans(msk);
	else
		default_get_send(msk);
	mptcp_for_each_subflow(msk, sf)
		n += READ_ONCE(sf->scheduled);
	return n;
}

int __init mptcp_sched_init(void)
{
	return mptcp_register_scheduler(&mptcp_sched_default);
}
