// SPDX-License-Identifier: GPL-2.0
/*
 * The "userspace" path manager: the kernel decides nothing, a daemon
 * (mptcpd) does, per connection, through upstream's mptcp_pm commands
 * with a token: ANNOUNCE, REMOVE, SUBFLOW_CREATE, SUBFLOW_DESTROY and
 * SET_FLAGS.  It learns of connections and addresses from the events
 * (pm_events.c).  Selected like any path manager (net.mptcp.path_manager
 * = userspace), or with upstream's net.mptcp.pm_type = 1.
 *
 * A command acts on a connection only when it uses this path manager, as
 * upstream's do; joins to such a connection are limited only by
 * MPTCP_SUBFLOWS_MAX, the daemon being the judge of the rest.  GET_ADDR
 * with a token reads back the local addresses the daemon gave the
 * connection, one by id or all of them.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <net/genetlink.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <uapi/linux/mptcp_pm.h>

#include "protocol.h"

/* --- the daemon's local addresses of a connection ------------------------- */

/* Kept as upstream keeps them, so that a daemon can read them back: each
 * address it announced (flag signal) or opened a subflow from (flag
 * subflow), under the id it chose, until it removes the id or destroys
 * the subflow.  Ids are unique per connection: at most 256 entries.
 * All under the msk lock.
 */
static struct mptcp_endpoint *us_local_by_id(struct mptcp_sock *msk, u8 id)
{
	struct mptcp_endpoint *e;

	list_for_each_entry(e, &msk->us_local, node)
		if (e->addr.id == id)
			return e;
	return NULL;
}

/* After us_local_conflict(): an entry with this id has this address. */
static int us_local_add(struct mptcp_sock *msk, const struct mptcp_endpoint *from, u32 role)
{
	struct mptcp_endpoint *e = us_local_by_id(msk, from->addr.id);

	if (e) {
		e->flags |= role;
		return 0;
	}
	e = kmemdup(from, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->flags |= role;
	e->lsk = NULL;
	list_add_tail(&e->node, &msk->us_local);
	return 0;
}

/* An id the daemon already gave another local address: refused, so that
 * a later REMOVE or GET_ADDR of it is not ambiguous.
 */
static bool us_local_conflict(struct mptcp_sock *msk, const struct mptcp_endpoint *e,
			      const struct genl_info *info)
{
	struct mptcp_endpoint *old = us_local_by_id(msk, e->addr.id);

	if (!old || mptcp_addr_equal(&old->addr, &e->addr, false))
		return false;
	GENL_SET_ERR_MSG(info, "address id used for another local address");
	return true;
}

static void us_local_del(struct mptcp_endpoint *e)
{
	list_del(&e->node);
	kfree(e);
}

static void us_local_del_addr(struct mptcp_sock *msk, const struct mptcp_addr_info *a)
{
	struct mptcp_endpoint *e, *tmp;

	list_for_each_entry_safe(e, tmp, &msk->us_local, node)
		if (mptcp_addr_equal(&e->addr, a, false))
			us_local_del(e);
}

static void userspace_established(struct mptcp_sock *msk)
{
	/* nothing: the daemon heard MPTCP_EVENT_ESTABLISHED */
}

/* The connection leaves this path manager (closed, or switched away). */
static void userspace_release(struct mptcp_sock *msk)
{
	struct mptcp_endpoint *e, *tmp;

	list_for_each_entry_safe(e, tmp, &msk->us_local, node)
		us_local_del(e);
}

struct mptcp_pm_ops mptcp_pm_userspace = {
	.established	= userspace_established,
	.release	= userspace_release,
	.name		= "userspace",
	.owner		= THIS_MODULE,
};

/* The connection a command names, locked and with a reference, or an
 * error with the reason in extack.
 */
static struct mptcp_sock *command_msk(const struct genl_info *info)
{
	struct nlattr *tok = info->attrs[MPTCP_PM_ATTR_TOKEN];
	struct mptcp_sock *msk;

	if (!tok) {
		GENL_SET_ERR_MSG(info, "missing required token");
		return ERR_PTR(-EINVAL);
	}
	msk = mptcp_token_get(genl_info_net(info), nla_get_u32(tok));
	if (!msk) {
		NL_SET_ERR_MSG_ATTR(info->extack, tok, "invalid token");
		return ERR_PTR(-EINVAL);
	}
	lock_sock((struct sock *)msk);
	if (msk->pm != &mptcp_pm_userspace || msk->destroyed || !msk->pm_established) {
		release_sock((struct sock *)msk);
		sock_put((struct sock *)msk);
		NL_SET_ERR_MSG_ATTR(info->extack, tok,
				    "invalid request; userspace PM not selected or connection not established");
		return ERR_PTR(-EINVAL);
	}
	return msk;
}

static void command_done(struct mptcp_sock *msk)
{
	mptcp_pm_kick((struct sock *)msk);
	release_sock((struct sock *)msk);
	sock_put((struct sock *)msk);
}

int mptcp_pm_nl_announce(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_endpoint e;
	struct mptcp_sock *msk;
	int err;

	err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &e, true);
	if (err)
		return err;
	if (!e.addr.id) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MPTCP_PM_ATTR_ADDR],
				    "invalid addr id");
		return -EINVAL;
	}
	msk = command_msk(info);
	if (IS_ERR(msk))
		return PTR_ERR(msk);
	err = us_local_conflict(msk, &e, info) ? -EINVAL : mptcp_signal_announce(msk, &e.addr);
	if (err == -EEXIST)
		GENL_SET_ERR_MSG(info, "address id already announced");
	else if (err == -ENOSPC)
		GENL_SET_ERR_MSG(info, "too many announced addresses");
	else if (!err)
		err = us_local_add(msk, &e, MPTCP_PM_ADDR_FLAG_SIGNAL);
	command_done(msk);
	return err;
}

int mptcp_pm_nl_remove(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *id = info->attrs[MPTCP_PM_ATTR_LOC_ID];
	struct mptcp_sock *msk;
	int err;

	if (!id) {
		GENL_SET_ERR_MSG(info, "missing required loc_id");
		return -EINVAL;
	}
	msk = command_msk(info);
	if (IS_ERR(msk))
		return PTR_ERR(msk);
	err = mptcp_signal_remove(msk, nla_get_u8(id));
	if (err) {
		GENL_SET_ERR_MSG(info, "too many removals pending");
	} else {
		struct mptcp_endpoint *e = us_local_by_id(msk, nla_get_u8(id));

		if (e)
			us_local_del(e);
	}
	/* As upstream: only the RM_ADDR.  The peer closes its subflows to
	 * the address, which closes ours; a daemon may destroy them itself.
	 */
	command_done(msk);
	return err;
}

int mptcp_pm_nl_subflow_create(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *rattr = info->attrs[MPTCP_PM_ATTR_ADDR_REMOTE];
	struct mptcp_endpoint local, remote;
	struct mptcp_sock *msk;
	int err;

	err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &local, true) ?:
	      mptcp_pm_parse_addr(rattr, info, &remote, true);
	if (err)
		return err;
	if (local.addr.family != remote.addr.family) {
		GENL_SET_ERR_MSG(info, "local and remote address families differ");
		return -EINVAL;
	}
	if (!remote.addr.port) {
		NL_SET_ERR_MSG_ATTR(info->extack, rattr, "missing remote port");
		return -EINVAL;
	}
	msk = command_msk(info);
	if (IS_ERR(msk))
		return PTR_ERR(msk);
	if (!mptcp_join_allowed(msk)) {
		GENL_SET_ERR_MSG(info, "no more subflows on this connection");
		err = -EINVAL;
	} else if (us_local_conflict(msk, &local, info)) {
		err = -EINVAL;
	} else {
		local.addr.port = 0;	/* upstream's: the local port is the kernel's choice */
		err = mptcp_subflow_join((struct sock *)msk, &local.addr, local.ifindex,
					 &remote.addr, remote.addr.id,
					 local.flags & MPTCP_PM_ADDR_FLAG_BACKUP);
		if (err)
			GENL_SET_ERR_MSG(info, "subflow creation failed");
		else
			us_local_add(msk, &local, MPTCP_PM_ADDR_FLAG_SUBFLOW);
	}
	command_done(msk);
	return err;
}

/* The subflow with these two ends; ports must match unless 0. */
static struct mptcp_subflow_context *subflow_by_ends(struct mptcp_sock *msk,
						     const struct mptcp_addr_info *l,
						     const struct mptcp_addr_info *r)
{
	struct mptcp_subflow_context *sf;

	mptcp_for_each_subflow(msk, sf) {
		struct mptcp_addr_info sl, sr;

		mptcp_subflow_ends(sf->tcp_sock, &sl, &sr);
		if (mptcp_addr_equal(&sl, l, false) && mptcp_addr_equal(&sr, r, false) &&
		    (!l->port || l->port == sl.port) && (!r->port || r->port == sr.port))
			return sf;
	}
	return NULL;
}

/* The subflow a command names by its two ends (ADDR, ADDR_REMOTE), its
 * connection locked and held (release with command_done()), and the local
 * flags asked for; NULL with the reason in extack and *err.
 */
static struct mptcp_subflow_context *command_subflow(struct genl_info *info,
						     struct mptcp_sock **msk,
						     u32 *flags, int *err)
{
	struct mptcp_endpoint local, remote;
	struct mptcp_subflow_context *sf;

	*err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &local, true) ?:
	       mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR_REMOTE], info, &remote, true);
	if (*err)
		return NULL;
	*msk = command_msk(info);
	if (IS_ERR(*msk)) {
		*err = PTR_ERR(*msk);
		return NULL;
	}
	*flags = local.flags;
	sf = subflow_by_ends(*msk, &local.addr, &remote.addr);
	if (!sf) {
		GENL_SET_ERR_MSG(info, "subflow not found");
		*err = -ESRCH;
		command_done(*msk);
	}
	return sf;
}

int mptcp_pm_nl_subflow_destroy(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_subflow_context *sf;
	struct mptcp_sock *msk;
	u32 flags;
	int err;

	sf = command_subflow(info, &msk, &flags, &err);
	if (!sf)
		return err;
	if (!mptcp_pm_subflow_closable(msk, sf)) {
		GENL_SET_ERR_MSG(info, "the connection's last subflow");
		err = -EBUSY;
	} else {
		struct mptcp_addr_info l, r;

		WRITE_ONCE(sf->close_req, true);	/* done by command_done() */
		mptcp_subflow_ends(sf->tcp_sock, &l, &r);
		us_local_del_addr(msk, &l);
	}
	command_done(msk);
	return err;
}

/* SET_FLAGS with a token: backup or not, for the subflow with these ends. */
int mptcp_pm_nl_set_flags_token(struct genl_info *info)
{
	struct mptcp_subflow_context *sf;
	struct mptcp_sock *msk;
	u32 flags;
	int err;

	sf = command_subflow(info, &msk, &flags, &err);
	if (!sf)
		return err;
	err = mptcp_signal_prio(msk, sf, flags & MPTCP_PM_ADDR_FLAG_BACKUP);
	if (err)
		GENL_SET_ERR_MSG(info, "the subflow cannot send");
	command_done(msk);
	return err;
}

/* GET_ADDR with a token: one of the connection's local addresses by id. */
int mptcp_userspace_pm_get_addr(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_endpoint want, *e;
	struct mptcp_sock *msk;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &want, false);
	if (err)
		return err;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msk = command_msk(info);
	if (IS_ERR(msk)) {
		nlmsg_free(msg);
		return PTR_ERR(msk);
	}
	e = us_local_by_id(msk, want.addr.id);
	hdr = genlmsg_put_reply(msg, info, &mptcp_pm_family, 0, info->genlhdr->cmd);
	if (!e) {
		GENL_SET_ERR_MSG(info, "address not found");
		err = -EINVAL;
	} else if (!hdr || mptcp_pm_put_addr(msg, e)) {
		err = -EMSGSIZE;
	}
	command_done(msk);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* GET_ADDR dump with a token: all of them.  cb->args[0] counts the
 * entries sent, to resume after them.
 */
int mptcp_userspace_pm_dump_addr(struct sk_buff *msg, struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct mptcp_endpoint *e;
	struct mptcp_sock *msk;
	long i = 0;

	msk = command_msk(info);
	if (IS_ERR(msk))
		return PTR_ERR(msk);
	list_for_each_entry(e, &msk->us_local, node) {
		void *hdr;

		if (i++ < cb->args[0])
			continue;
		hdr = genlmsg_put(msg, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &mptcp_pm_family, NLM_F_MULTI, MPTCP_PM_CMD_GET_ADDR);
		if (!hdr)
			break;
		if (mptcp_pm_put_addr(msg, e)) {
			genlmsg_cancel(msg, hdr);
			break;
		}
		genlmsg_end(msg, hdr);
		cb->args[0] = i;
	}
	command_done(msk);
	return msg->len;
}
