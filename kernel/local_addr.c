// SPDX-License-Identifier: GPL-2.0
/*
 * Host addresses coming and going, for path managers that want to know
 * (mptcp_pm_ops.local_addr_up/local_addr_down): a device got a new
 * address (a DHCP lease, a Wi-Fi roam) or lost one.
 *
 * The address notifiers run under RTNL (IPv4) or in softirq (IPv6 DAD and
 * router adverts), never where a connection's lock may be taken: they
 * queue the news per namespace, and a work item delivers it to every
 * connection, locked in turn, as an endpoint change is.
 */
#include <linux/inetdevice.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/sock.h>

#include "protocol.h"

/* Addresses change a few at a time; of a burst beyond this (a whole
 * device renumbered at once) the first ones are told.
 */
#define LOCAL_ADDR_QUEUE	16

struct local_addr_event {
	struct mptcp_addr_info	addr;
	bool			up;
};

struct mptcp_local_addr_queue {
	struct net		*net;
	spinlock_t		lock;		/* @ev, @nr */
	struct work_struct	work;
	unsigned int		nr;
	struct local_addr_event	ev[LOCAL_ADDR_QUEUE];
	/* what the work item delivers; only it touches this */
	struct local_addr_event	taken[LOCAL_ADDR_QUEUE];
};

static void local_addr_deliver(struct work_struct *work)
{
	struct mptcp_local_addr_queue *q =
		container_of(work, struct mptcp_local_addr_queue, work);
	struct mptcp_sock *msk;
	unsigned int i, n;
	u64 pos = 0;

	spin_lock_bh(&q->lock);
	n = q->nr;
	memcpy(q->taken, q->ev, n * sizeof(q->ev[0]));
	q->nr = 0;
	spin_unlock_bh(&q->lock);

	while ((msk = mptcp_token_next(q->net, &pos))) {
		struct sock *sk = (struct sock *)msk;

		lock_sock(sk);
		for (i = 0; i < n; i++)
			mptcp_pm_local_addr(msk, &q->taken[i].addr, q->taken[i].up);
		release_sock(sk);
		sock_put(sk);
	}
}

static void local_addr_queue(struct net *net, const struct mptcp_addr_info *addr, bool up)
{
	struct mptcp_local_addr_queue *q = READ_ONCE(mptcp_pernet(net)->local_addrs);

	if (!q)		/* the namespace is still being set up */
		return;
	spin_lock_bh(&q->lock);
	if (q->nr < LOCAL_ADDR_QUEUE) {
		q->ev[q->nr].addr = *addr;
		q->ev[q->nr].up = up;
		q->nr++;
	}
	spin_unlock_bh(&q->lock);
	schedule_work(&q->work);
}

static int local_addr_v4_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	const struct in_ifaddr *ifa = ptr;
	const struct net_device *dev = ifa->ifa_dev->dev;
	struct mptcp_addr_info addr = {
		.family		= AF_INET,
		.addr.s_addr	= ifa->ifa_local,
	};

	if ((event == NETDEV_UP || event == NETDEV_DOWN) && !(dev->flags & IFF_LOOPBACK))
		local_addr_queue(dev_net(dev), &addr, event == NETDEV_UP);
	return NOTIFY_DONE;
}

static struct notifier_block local_addr_v4_nb = {
	.notifier_call	= local_addr_v4_event,
};

#if IS_ENABLED(CONFIG_MPTCP_IPV6)
static int local_addr_v6_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	const struct inet6_ifaddr *ifa = ptr;
	const struct net_device *dev = ifa->idev->dev;
	struct mptcp_addr_info addr = {
		.family	= AF_INET6,
		.addr6	= ifa->addr,
	};

	/* a link-local address needs a scope a subflow does not carry */
	if ((event == NETDEV_UP || event == NETDEV_DOWN) && !(dev->flags & IFF_LOOPBACK) &&
	    !(ipv6_addr_type(&ifa->addr) & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK)))
		local_addr_queue(dev_net(dev), &addr, event == NETDEV_UP);
	return NOTIFY_DONE;
}

static struct notifier_block local_addr_v6_nb = {
	.notifier_call	= local_addr_v6_event,
};
#endif

int mptcp_local_addr_init_net(struct net *net)
{
	struct mptcp_local_addr_queue *q;

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	q->net = net;
	spin_lock_init(&q->lock);
	INIT_WORK(&q->work, local_addr_deliver);
	WRITE_ONCE(mptcp_pernet(net)->local_addrs, q);
	return 0;
}

/* The namespace's devices are gone (they go before the subsystems):
 * nothing queues any more.
 */
void mptcp_local_addr_exit_net(struct net *net)
{
	struct mptcp_local_addr_queue *q = mptcp_pernet(net)->local_addrs;

	if (!q)
		return;
	WRITE_ONCE(mptcp_pernet(net)->local_addrs, NULL);
	cancel_work_sync(&q->work);
	kfree(q);
}

int __init mptcp_local_addr_init(void)
{
	int err;

	err = register_inetaddr_notifier(&local_addr_v4_nb);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (!err)
		err = register_inet6addr_notifier(&local_addr_v6_nb);
#endif
	return err;
}
