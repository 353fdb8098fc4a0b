// SPDX-License-Identifier: GPL-2.0
/*
 * The "mptcp_pm" generic-netlink family, as upstream defines it in
 * include/uapi/linux/mptcp_pm.h, so that unmodified `ip mptcp endpoint`,
 * `ip mptcp limits` and `ip mptcp monitor` drive us: per-namespace
 * endpoints (local addresses with flags) and limits, which the "kernel"
 * path manager (pm.c) acts on, and the userspace path manager's per-connection
 * commands (pm_userspace.c).
 *
 * Endpoints live in an RCU list: the datapath reads it without locks,
 * netlink writers serialize on the namespace's pm lock.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <linux/inet.h>
#include <linux/rculist.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <uapi/linux/mptcp_pm.h>

#include "protocol.h"

/* Ids are one byte on the wire; 0 is the initial subflow's address. */
#define MPTCP_PM_ID_MAX		U8_MAX
/* Upstream's ceilings: both limits, and endpoints per namespace. */
#define MPTCP_PM_LIMIT_MAX	8
#define MPTCP_PM_ENDPOINTS_MAX	8

static const struct nla_policy mptcp_pm_addr_policy[MPTCP_PM_ADDR_ATTR_MAX + 1] = {
	[MPTCP_PM_ADDR_ATTR_FAMILY]	= { .type = NLA_U16 },
	[MPTCP_PM_ADDR_ATTR_ID]		= { .type = NLA_U8 },
	[MPTCP_PM_ADDR_ATTR_ADDR4]	= { .type = NLA_U32 },
	[MPTCP_PM_ADDR_ATTR_ADDR6]	= NLA_POLICY_EXACT_LEN(16),
	[MPTCP_PM_ADDR_ATTR_PORT]	= { .type = NLA_U16 },
	[MPTCP_PM_ADDR_ATTR_FLAGS]	= { .type = NLA_U32 },
	[MPTCP_PM_ADDR_ATTR_IF_IDX]	= { .type = NLA_S32 },
};

static const struct nla_policy mptcp_pm_policy[MPTCP_PM_ATTR_MAX + 1] = {
	[MPTCP_PM_ATTR_ADDR]		= NLA_POLICY_NESTED(mptcp_pm_addr_policy),
	[MPTCP_PM_ATTR_RCV_ADD_ADDRS]	= { .type = NLA_U32 },
	[MPTCP_PM_ATTR_SUBFLOWS]	= { .type = NLA_U32 },
	[MPTCP_PM_ATTR_TOKEN]		= { .type = NLA_U32 },
	[MPTCP_PM_ATTR_LOC_ID]		= { .type = NLA_U8 },
	[MPTCP_PM_ATTR_ADDR_REMOTE]	= NLA_POLICY_NESTED(mptcp_pm_addr_policy),
};

/* --- endpoints ------------------------------------------------------------------ */

static struct mptcp_endpoint *endpoint_by_id(struct mptcp_pernet *pn, u8 id)
{
	struct mptcp_endpoint *e;

	list_for_each_entry_rcu(e, &pn->endpoints, node,
				lockdep_is_held(&pn->pm_lock))
		if (e->addr.id == id)
			return e;
	return NULL;
}

bool mptcp_addr_equal(const struct mptcp_addr_info *a,
		      const struct mptcp_addr_info *b, bool ports)
{
	if (a->family != b->family || (ports && a->port != b->port))
		return false;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (a->family == AF_INET6)
		return ipv6_addr_equal(&a->addr6, &b->addr6);
#endif
	return a->addr.s_addr == b->addr.s_addr;
}

/* The endpoint holding @addr, under RCU or the pm lock. */
struct mptcp_endpoint *mptcp_endpoint_lookup(struct mptcp_pernet *pn,
					     const struct mptcp_addr_info *addr)
{
	struct mptcp_endpoint *e;

	list_for_each_entry_rcu(e, &pn->endpoints, node,
				lockdep_is_held(&pn->pm_lock))
		if (mptcp_addr_equal(&e->addr, addr, false))
			return e;
	return NULL;
}

/* Two endpoints may share an address when either has a port: the same
 * address announced with another port is another place to join.
 */
static bool endpoint_duplicate(struct mptcp_pernet *pn, const struct mptcp_addr_info *addr)
{
	struct mptcp_endpoint *e;

	list_for_each_entry(e, &pn->endpoints, node)
		if (mptcp_addr_equal(&e->addr, addr, e->addr.port || addr->port))
			return true;
	return false;
}

/* The attributes an address may come without: id, flags (those newer than
 * us ignored, as upstream does) and the device; absent ones stay zero.
 */
static void endpoint_options(struct nlattr **tb, struct mptcp_endpoint *e)
{
	struct nlattr *id = tb[MPTCP_PM_ADDR_ATTR_ID];
	struct nlattr *flags = tb[MPTCP_PM_ADDR_ATTR_FLAGS];
	struct nlattr *dev = tb[MPTCP_PM_ADDR_ATTR_IF_IDX];

	e->addr.id = id ? nla_get_u8(id) : 0;
	e->flags = flags ? nla_get_u32(flags) & MPTCP_PM_ADDR_FLAGS_MASK : 0;
	e->ifindex = dev ? nla_get_s32(dev) : 0;
}

/* Parse a nested address; the attribute is named in extack on error. */
int mptcp_pm_parse_addr(const struct nlattr *nest, struct genl_info *info,
			struct mptcp_endpoint *e, bool need_addr)
{
	struct nlattr *tb[MPTCP_PM_ADDR_ATTR_MAX + 1];
	int err;

	memset(e, 0, sizeof(*e));
	if (!nest) {
		GENL_SET_ERR_MSG(info, "missing address info");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, MPTCP_PM_ADDR_ATTR_MAX, nest,
			       mptcp_pm_addr_policy, info->extack);
	if (err)
		return err;
	endpoint_options(tb, e);

	if (!tb[MPTCP_PM_ADDR_ATTR_FAMILY]) {
		if (!need_addr)
			return 0;
		NL_SET_ERR_MSG_ATTR(info->extack, nest, "missing family");
		return -EINVAL;
	}
	e->addr.family = nla_get_u16(tb[MPTCP_PM_ADDR_ATTR_FAMILY]);
	switch (e->addr.family) {
	case AF_INET:
		if (!tb[MPTCP_PM_ADDR_ATTR_ADDR4]) {
			NL_SET_ERR_MSG_ATTR(info->extack, nest, "missing IPv4 address");
			return -EINVAL;
		}
		e->addr.addr.s_addr = nla_get_in_addr(tb[MPTCP_PM_ADDR_ATTR_ADDR4]);
		break;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	case AF_INET6:
		if (!tb[MPTCP_PM_ADDR_ATTR_ADDR6]) {
			NL_SET_ERR_MSG_ATTR(info->extack, nest, "missing IPv6 address");
			return -EINVAL;
		}
		e->addr.addr6 = nla_get_in6_addr(tb[MPTCP_PM_ADDR_ATTR_ADDR6]);
		/* ::ffff:a.b.c.d is the IPv4 address a.b.c.d, the family in
		 * which the wire and our matching know it
		 */
		if (ipv6_addr_v4mapped(&e->addr.addr6)) {
			__be32 v4 = e->addr.addr6.s6_addr32[3];

			memset(&e->addr.addr6, 0, sizeof(e->addr.addr6));
			e->addr.addr.s_addr = v4;
			e->addr.family = AF_INET;
		}
		break;
#endif
	default:
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPTCP_PM_ADDR_ATTR_FAMILY],
				    "unsupported family");
		return -EAFNOSUPPORT;
	}
	if (tb[MPTCP_PM_ADDR_ATTR_PORT])
		e->addr.port = htons(nla_get_u16(tb[MPTCP_PM_ADDR_ATTR_PORT]));
	return 0;
}

/* The @idx-th endpoint of @net, for BPF path managers: its flags, or
 * -ENOENT past the last.
 */
int mptcp_endpoint_get(struct net *net, int idx, struct mptcp_addr_info *addr)
{
	struct mptcp_pernet *pn = mptcp_pernet(net);
	struct mptcp_endpoint *e;
	int ret = -ENOENT;

	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->endpoints, node) {
		if (idx--)
			continue;
		*addr = e->addr;
		ret = READ_ONCE(e->flags);
		break;
	}
	rcu_read_unlock();
	return ret;
}

int mptcp_pm_put_addr(struct sk_buff *msg, const struct mptcp_endpoint *e)
{
	struct nlattr *nest = nla_nest_start(msg, MPTCP_PM_ATTR_ADDR);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(msg, MPTCP_PM_ADDR_ATTR_FAMILY, e->addr.family) ||
	    nla_put_u8(msg, MPTCP_PM_ADDR_ATTR_ID, e->addr.id) ||
	    nla_put_u32(msg, MPTCP_PM_ADDR_ATTR_FLAGS, e->flags) ||
	    (e->addr.port &&
	     nla_put_u16(msg, MPTCP_PM_ADDR_ATTR_PORT, ntohs(e->addr.port))) ||
	    (e->ifindex && nla_put_s32(msg, MPTCP_PM_ADDR_ATTR_IF_IDX, e->ifindex)))
		goto cancel;
	if (e->addr.family == AF_INET &&
	    nla_put_in_addr(msg, MPTCP_PM_ADDR_ATTR_ADDR4, e->addr.addr.s_addr))
		goto cancel;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (e->addr.family == AF_INET6 &&
	    nla_put_in6_addr(msg, MPTCP_PM_ADDR_ATTR_ADDR6, &e->addr.addr6))
		goto cancel;
#endif
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* Upward from after the last id given out, wrapping: a deleted
 * endpoint's id is not handed out again at once, so connections still
 * using it do not mistake the new address for the old one.  pm lock held;
 * free for sure: at most MPTCP_PM_ENDPOINTS_MAX endpoints.
 */
static u8 endpoint_new_id(struct mptcp_pernet *pn)
{
	u8 id = pn->next_id ? : 1;
	int tries;

	for (tries = 0; tries < MPTCP_PM_ID_MAX && endpoint_by_id(pn, id); tries++)
		id = id == MPTCP_PM_ID_MAX ? 1 : id + 1;
	return id;
}

/* pm lock held */
static void endpoint_insert(struct mptcp_pernet *pn, struct mptcp_endpoint *e)
{
	pn->next_id = e->addr.id == MPTCP_PM_ID_MAX ? 1 : e->addr.id + 1;
	list_add_tail_rcu(&e->node, &pn->endpoints);
	pn->endpoints_nr++;
}

/**
 * mptcp_endpoint_implicit - an endpoint for a local address a subflow
 * starts from, where the namespace has none
 * @net: the subflow's namespace
 * @addr: the address (the port is not kept)
 *
 * Flagged "implicit" (`ip mptcp endpoint show`), it gives the address
 * the same id on every connection of the namespace, as upstream's
 * kernel path manager does; the user may take it over by adding the
 * address without an id, or delete it.  Process context.
 *
 * Returns its id, or 0 when the table is full (the caller then gives an
 * id of the connection's own).
 */
u8 mptcp_endpoint_implicit(struct net *net, const struct mptcp_addr_info *addr)
{
	struct mptcp_pernet *pn = mptcp_pernet(net);
	struct mptcp_endpoint *e;
	u8 id = 0;

	mutex_lock(&pn->pm_lock);
	e = mptcp_endpoint_lookup(pn, addr);	/* another subflow's, just now */
	if (e) {
		id = e->addr.id;
	} else if (pn->endpoints_nr < MPTCP_PM_ENDPOINTS_MAX) {
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (e) {
			e->addr = *addr;
			e->addr.port = 0;
			e->flags = MPTCP_PM_ADDR_FLAG_IMPLICIT;
			e->addr.id = endpoint_new_id(pn);
			id = e->addr.id;
			endpoint_insert(pn, e);
		}
	}
	mutex_unlock(&pn->pm_lock);
	return id;
}

static int pm_add_addr(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_pernet *pn = mptcp_pernet(genl_info_net(info));
	struct mptcp_endpoint tmp, *e, *old;
	int err;

	err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &tmp, true);
	if (err)
		return err;
	if ((tmp.flags & MPTCP_PM_ADDR_FLAG_SIGNAL) &&
	    (tmp.flags & MPTCP_PM_ADDR_FLAG_FULLMESH)) {
		GENL_SET_ERR_MSG(info, "flags mustn't have both signal and fullmesh");
		return -EINVAL;
	}
	if (tmp.flags & MPTCP_PM_ADDR_FLAG_IMPLICIT) {
		GENL_SET_ERR_MSG(info, "can't create IMPLICIT endpoint");
		return -EINVAL;
	}
	/* A port is where the peer is invited to join: announced only. */
	if (tmp.addr.port && (!(tmp.flags & MPTCP_PM_ADDR_FLAG_SIGNAL) ||
			      (tmp.flags & MPTCP_PM_ADDR_FLAG_SUBFLOW))) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MPTCP_PM_ATTR_ADDR],
				    "flags must have signal and not subflow when using port");
		return -EINVAL;
	}

	e = kmemdup(&tmp, sizeof(tmp), GFP_KERNEL);
	if (!e)
		return -ENOMEM;

	mutex_lock(&pn->pm_lock);
	old = e->addr.port ? NULL : mptcp_endpoint_lookup(pn, &e->addr);
	if (old && (old->flags & MPTCP_PM_ADDR_FLAG_IMPLICIT)) {
		/* The user names an address a subflow already made an
		 * endpoint of: it becomes theirs, flags and device, under
		 * the id connections know it by (as upstream).
		 */
		if (e->addr.id && e->addr.id != old->addr.id) {
			err = -EEXIST;
			GENL_SET_ERR_MSG(info, "address in use by an implicit endpoint: add it without an id");
			goto unlock;
		}
		e->addr.id = old->addr.id;
		list_replace_rcu(&old->node, &e->node);
		kfree_rcu(old, rcu);
		e = NULL;
		err = 0;
		goto unlock;
	}
	if (pn->endpoints_nr >= MPTCP_PM_ENDPOINTS_MAX) {
		err = -ERANGE;
		GENL_SET_ERR_MSG(info, "too many addresses");
		goto unlock;
	}
	if (endpoint_duplicate(pn, &e->addr)) {
		err = -EEXIST;
		GENL_SET_ERR_MSG(info, "address already in use");
		goto unlock;
	}
	if (e->addr.id) {
		if (endpoint_by_id(pn, e->addr.id)) {
			err = -EBUSY;
			GENL_SET_ERR_MSG(info, "id already in use");
			goto unlock;
		}
	} else {
		e->addr.id = endpoint_new_id(pn);
	}
	if (e->addr.port) {
		err = mptcp_endpoint_listen(genl_info_net(info), e);
		if (err) {
			NL_SET_ERR_MSG_FMT(info->extack,
					   "can't listen on the endpoint's port: %d", err);
			goto unlock;
		}
	}
	endpoint_insert(pn, e);
	e = NULL;
	err = 0;
unlock:
	mutex_unlock(&pn->pm_lock);
	kfree(e);
	/* Live connections announce it, or open subflows from it, too. */
	if (!err && (tmp.flags & (MPTCP_PM_ADDR_FLAG_SIGNAL | MPTCP_PM_ADDR_FLAG_SUBFLOW)))
		mptcp_pm_endpoint_added(genl_info_net(info));
	return err;
}

/* The endpoint a request names, by id or else by address; pm lock held. */
static struct mptcp_endpoint *endpoint_named(struct mptcp_pernet *pn,
					     const struct mptcp_endpoint *req)
{
	if (req->addr.id)
		return endpoint_by_id(pn, req->addr.id);
	return req->addr.family ? mptcp_endpoint_lookup(pn, &req->addr) : NULL;
}

static int pm_del_addr(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_pernet *pn = mptcp_pernet(genl_info_net(info));
	struct mptcp_endpoint tmp, *e;
	struct mptcp_addr_info addr;
	bool implicit;
	int err;
	u8 id;

	err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &tmp, false);
	if (err)
		return err;

	mutex_lock(&pn->pm_lock);
	e = endpoint_named(pn, &tmp);
	if (e) {
		list_del_rcu(&e->node);
		pn->endpoints_nr--;
	}
	mutex_unlock(&pn->pm_lock);
	/* id 0 with an address no endpoint holds: the address connections
	 * started from, which only they know (as upstream).
	 */
	if (!e && !tmp.addr.id && tmp.addr.family) {
		mptcp_pm_remove_id0(genl_info_net(info), &tmp.addr);
		return 0;
	}
	if (!e) {
		GENL_SET_ERR_MSG(info, "address not found");
		return -EINVAL;
	}
	id = e->addr.id;
	addr = e->addr;
	implicit = e->flags & MPTCP_PM_ADDR_FLAG_IMPLICIT;
	mptcp_endpoint_unlisten(e);
	kfree_rcu(e, rcu);
	/* Live connections stop using it and tell their peers (RM_ADDR);
	 * of an implicit one, which the peer never heard of as such, only
	 * the subflows go, as in a flush.
	 */
	mptcp_pm_endpoint_removed(genl_info_net(info), id, implicit, &addr);
	return 0;
}

void mptcp_endpoints_flush(struct mptcp_pernet *pn)
{
	struct mptcp_endpoint *e, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&pn->pm_lock);
	list_splice_init_rcu(&pn->endpoints, &gone, synchronize_rcu);
	pn->endpoints_nr = 0;
	pn->next_id = 1;
	mutex_unlock(&pn->pm_lock);
	list_for_each_entry_safe(e, tmp, &gone, node) {
		mptcp_endpoint_unlisten(e);
		kfree_rcu(e, rcu);
	}
}

static int pm_flush_addrs(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct mptcp_pernet *pn = mptcp_pernet(net);
	DECLARE_BITMAP(ids, MPTCP_PM_ID_MAX + 1);
	struct mptcp_endpoint *e;
	int id;

	bitmap_zero(ids, MPTCP_PM_ID_MAX + 1);
	rcu_read_lock();
	list_for_each_entry_rcu(e, &pn->endpoints, node)
		__set_bit(e->addr.id, ids);
	rcu_read_unlock();
	mptcp_endpoints_flush(pn);
	for_each_set_bit(id, ids, MPTCP_PM_ID_MAX + 1)
		mptcp_pm_endpoint_removed(net, id, true, NULL);
	return 0;
}

static int pm_get_addr(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_pernet *pn = mptcp_pernet(genl_info_net(info));
	struct mptcp_endpoint tmp, *e;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[MPTCP_PM_ATTR_TOKEN])	/* a userspace-managed connection's */
		return mptcp_userspace_pm_get_addr(skb, info);
	err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &tmp, false);
	if (err)
		return err;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mptcp_pm_family, 0, info->genlhdr->cmd);
	if (!hdr)
		goto nospace;

	rcu_read_lock();
	e = endpoint_by_id(pn, tmp.addr.id);
	err = e ? mptcp_pm_put_addr(msg, e) : -EINVAL;
	rcu_read_unlock();
	if (err == -EINVAL) {
		GENL_SET_ERR_MSG(info, "address not found");
		nlmsg_free(msg);
		return err;
	}
	if (err)
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* cb->args[0]: the id of the last endpoint sent, to resume after it. */
static int pm_dump_addrs(struct sk_buff *msg, struct netlink_callback *cb)
{
	struct mptcp_pernet *pn = mptcp_pernet(sock_net(msg->sk));
	struct mptcp_endpoint *e;
	int id, last = cb->args[0];

	if (genl_info_dump(cb)->attrs[MPTCP_PM_ATTR_TOKEN])
		return mptcp_userspace_pm_dump_addr(msg, cb);
	for (id = last + 1; id <= MPTCP_PM_ID_MAX; id++) {
		void *hdr;

		rcu_read_lock();
		e = endpoint_by_id(pn, id);
		if (!e) {
			rcu_read_unlock();
			continue;
		}
		hdr = genlmsg_put(msg, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mptcp_pm_family,
				  NLM_F_MULTI, MPTCP_PM_CMD_GET_ADDR);
		if (!hdr || mptcp_pm_put_addr(msg, e)) {
			rcu_read_unlock();
			if (hdr)
				genlmsg_cancel(msg, hdr);
			break;
		}
		rcu_read_unlock();
		genlmsg_end(msg, hdr);
		last = id;
	}
	cb->args[0] = last;
	return msg->len;
}

/* --- limits ----------------------------------------------------------------------- */

static int parse_limit(struct genl_info *info, int attr, u8 *limit)
{
	struct nlattr *a = info->attrs[attr];
	u32 v;

	if (!a)
		return 0;
	v = nla_get_u32(a);
	if (v > MPTCP_PM_LIMIT_MAX) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, a, "limit greater than maximum (%u)",
					MPTCP_PM_LIMIT_MAX);
		return -EINVAL;
	}
	*limit = v;
	return 0;
}

static int pm_set_limits(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_pernet *pn = mptcp_pernet(genl_info_net(info));
	u8 subflows = READ_ONCE(pn->subflows_max);
	u8 accept = READ_ONCE(pn->add_addr_accept_max);
	int err;

	err = parse_limit(info, MPTCP_PM_ATTR_RCV_ADD_ADDRS, &accept) ? :
	      parse_limit(info, MPTCP_PM_ATTR_SUBFLOWS, &subflows);
	if (err)
		return err;
	WRITE_ONCE(pn->subflows_max, subflows);
	WRITE_ONCE(pn->add_addr_accept_max, accept);
	return 0;
}

static int pm_get_limits(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_pernet *pn = mptcp_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mptcp_pm_family, 0,
				MPTCP_PM_CMD_GET_LIMITS);
	if (!hdr ||
	    nla_put_u32(msg, MPTCP_PM_ATTR_RCV_ADD_ADDRS,
			READ_ONCE(pn->add_addr_accept_max)) ||
	    nla_put_u32(msg, MPTCP_PM_ATTR_SUBFLOWS, READ_ONCE(pn->subflows_max))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Only the backup and fullmesh flags may change on a live endpoint. */
static int pm_set_flags(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcp_pernet *pn = mptcp_pernet(genl_info_net(info));
	const u32 mutable = MPTCP_PM_ADDR_FLAG_BACKUP | MPTCP_PM_ADDR_FLAG_FULLMESH;
	struct mptcp_endpoint tmp, *e;
	bool backup_changed = false, fullmesh_changed = false;
	int err;
	u8 id = 0;

	/* with a token: a subflow of a userspace-managed connection */
	if (info->attrs[MPTCP_PM_ATTR_TOKEN])
		return mptcp_pm_nl_set_flags_token(info);
	err = mptcp_pm_parse_addr(info->attrs[MPTCP_PM_ATTR_ADDR], info, &tmp, false);
	if (err)
		return err;

	mutex_lock(&pn->pm_lock);
	e = endpoint_named(pn, &tmp);
	if (!e) {
		err = -EINVAL;
		GENL_SET_ERR_MSG(info, "address not found");
	} else if ((tmp.flags & MPTCP_PM_ADDR_FLAG_FULLMESH) &&
		   (e->flags & (MPTCP_PM_ADDR_FLAG_SIGNAL | MPTCP_PM_ADDR_FLAG_IMPLICIT))) {
		err = -EINVAL;
		GENL_SET_ERR_MSG(info, "invalid addr flags");
	} else {
		backup_changed = (e->flags ^ tmp.flags) & MPTCP_PM_ADDR_FLAG_BACKUP;
		fullmesh_changed = (e->flags ^ tmp.flags) & MPTCP_PM_ADDR_FLAG_FULLMESH;
		id = e->addr.id;
		WRITE_ONCE(e->flags, (e->flags & ~mutable) | (tmp.flags & mutable));
	}
	mutex_unlock(&pn->pm_lock);
	/* Subflows from it ask the peer to treat them accordingly (MP_PRIO). */
	if (backup_changed)
		mptcp_pm_endpoint_backup(genl_info_net(info), id,
					 tmp.flags & MPTCP_PM_ADDR_FLAG_BACKUP);
	/* then they are opened again, to the peer addresses it now means */
	if (fullmesh_changed)
		mptcp_pm_endpoint_fullmesh(genl_info_net(info), id);
	return err;
}

/* --- the family -------------------------------------------------------------------- */

static const struct genl_small_ops mptcp_pm_ops[] = {
	{ .cmd = MPTCP_PM_CMD_ADD_ADDR, .doit = pm_add_addr,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_DEL_ADDR, .doit = pm_del_addr,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_GET_ADDR, .doit = pm_get_addr,
	  .dumpit = pm_dump_addrs, .validate = GENL_DONT_VALIDATE_STRICT },
	{ .cmd = MPTCP_PM_CMD_FLUSH_ADDRS, .doit = pm_flush_addrs,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_SET_LIMITS, .doit = pm_set_limits,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_GET_LIMITS, .doit = pm_get_limits,
	  .validate = GENL_DONT_VALIDATE_STRICT },
	{ .cmd = MPTCP_PM_CMD_SET_FLAGS, .doit = pm_set_flags,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_ANNOUNCE, .doit = mptcp_pm_nl_announce,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_REMOVE, .doit = mptcp_pm_nl_remove,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_SUBFLOW_CREATE, .doit = mptcp_pm_nl_subflow_create,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = MPTCP_PM_CMD_SUBFLOW_DESTROY, .doit = mptcp_pm_nl_subflow_destroy,
	  .validate = GENL_DONT_VALIDATE_STRICT, .flags = GENL_UNS_ADMIN_PERM },
};

static const struct genl_multicast_group mptcp_pm_mcgrps[] = {
	{ .name = MPTCP_PM_CMD_GRP_NAME, },
	{ .name = MPTCP_PM_EV_GRP_NAME, .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

struct genl_family mptcp_pm_family __ro_after_init;

/* Upstream's family as userspace knows it (name, version, attributes,
 * groups: ip mptcp and mptcpd look for nothing else), in every
 * namespace; what answers is ours.  Commands newer than SUBFLOW_DESTROY
 * get strict attribute checks.
 */
int __init mptcp_pm_netlink_init(void)
{
	struct genl_family *f = &mptcp_pm_family;

	strscpy(f->name, MPTCP_PM_NAME, sizeof(f->name));
	f->version = MPTCP_PM_VER;
	f->maxattr = MPTCP_PM_ATTR_MAX;
	f->policy = mptcp_pm_policy;
	f->mcgrps = mptcp_pm_mcgrps;
	f->n_mcgrps = ARRAY_SIZE(mptcp_pm_mcgrps);
	f->small_ops = mptcp_pm_ops;
	f->n_small_ops = ARRAY_SIZE(mptcp_pm_ops);
	f->resv_start_op = MPTCP_PM_CMD_SUBFLOW_DESTROY + 1;
	f->netnsok = true;
	f->module = THIS_MODULE;
	return genl_register_family(f);
}
