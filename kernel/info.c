// SPDX-License-Identifier: GPL-2.0
/*
 * SOL_MPTCP getsockopt()s: what the connection and its subflows look like,
 * in upstream's uapi layouts (include/uapi/linux/mptcp.h), so ss, mptcpd
 * and applications read us like upstream.  A caller's shorter struct gets
 * the leading part; the length written back says how much was filled.
 */
#include <linux/uaccess.h>
#include <net/sock.h>

#include "protocol.h"

/* DSN distance from the first data byte: bytes, DATA_FIN excluded. */
static u64 dsn_bytes(u64 dsn, u64 idsn, bool fin)
{
	return dsn - (idsn + 1) - fin;
}

static void mptcp_fill_info(struct sock *sk, struct mptcp_info *info)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_pernet *pn = mptcp_pernet(sock_net(sk));
	u64 una = atomic64_read(&msk->snd_una);
	u64 ack = READ_ONCE(msk->ack_seq);
	bool fin_acked = msk->snd_fin && una == msk->write_seq + 1;
	u32 now = tcp_jiffies32;
	unsigned int total, initial;

	memset(info, 0, sizeof(*info));
	/* As upstream: the subflows joined, and all of them (the initial
	 * one may have gone while they stay).
	 */
	total = READ_ONCE(msk->subflows_nr);
	initial = READ_ONCE(msk->first) && total;
	info->mptcpi_subflows = total - initial;
	info->mptcpi_subflows_total = total;
	info->mptcpi_subflows_max = READ_ONCE(pn->subflows_max);
	info->mptcpi_add_addr_accepted_max = READ_ONCE(pn->add_addr_accept_max);
	info->mptcpi_local_addr_max = pn->endpoints_nr;
	info->mptcpi_add_addr_signal = READ_ONCE(msk->sig.local_nr);
	info->mptcpi_add_addr_accepted = READ_ONCE(msk->sig.accepted);
	if (msk->fallback)
		info->mptcpi_flags |= MPTCP_INFO_FLAG_FALLBACK;
	if (msk->remote_key)
		info->mptcpi_flags |= MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED;
	info->mptcpi_token = msk->token;
	info->mptcpi_write_seq = msk->write_seq;
	info->mptcpi_snd_una = una;
	info->mptcpi_rcv_nxt = ack;
	info->mptcpi_csum_enabled = msk->csum;
	info->mptcpi_last_data_sent = jiffies_to_msecs(now - READ_ONCE(msk->last_data_sent));
	info->mptcpi_last_data_recv = jiffies_to_msecs(now - READ_ONCE(msk->last_data_recv));
	info->mptcpi_last_ack_recv = jiffies_to_msecs(now - READ_ONCE(msk->last_ack_recv));
	if (!msk->local_key && !msk->fallback)
		return;		/* not connected yet: no sequence space */
	info->mptcpi_bytes_sent = dsn_bytes(msk->snd_nxt, msk->local_idsn, false);
	info->mptcpi_bytes_acked = dsn_bytes(una, msk->local_idsn, fin_acked);
	if (msk->remote_key)
		info->mptcpi_bytes_received = dsn_bytes(ack, msk->remote_idsn,
							READ_ONCE(msk->rx_fin));
}

/* For sock_diag (diag.c): without the msk lock, as ss reads TCP's. */
void mptcp_diag_fill_info(struct mptcp_sock *msk, struct mptcp_info *info)
{
	mptcp_fill_info((struct sock *)msk, info);
}

/* The two ends of a subflow as sockaddrs, v4-mapped ones as IPv4. */
static void subflow_addrs(struct sock *ssk, struct mptcp_subflow_addrs *a)
{
	struct mptcp_addr_info l, r;

	memset(a, 0, sizeof(*a));
	mptcp_subflow_ends(ssk, &l, &r);
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (l.family == AF_INET6) {
		a->sin6_local.sin6_family = AF_INET6;
		a->sin6_local.sin6_port = l.port;
		a->sin6_local.sin6_addr = l.addr6;
		a->sin6_remote.sin6_family = AF_INET6;
		a->sin6_remote.sin6_port = r.port;
		a->sin6_remote.sin6_addr = r.addr6;
		return;
	}
#endif
	a->sin_local.sin_family = AF_INET;
	a->sin_local.sin_port = l.port;
	a->sin_local.sin_addr = l.addr;
	a->sin_remote.sin_family = AF_INET;
	a->sin_remote.sin_port = r.port;
	a->sin_remote.sin_addr = r.addr;
}

/* One element of a per-subflow array, as the kernel knows it. */
union subflow_elem {
	struct tcp_info			tcp;
	struct mptcp_subflow_addrs	addrs;
};

static size_t subflow_elem(int optname, struct sock *ssk, union subflow_elem *e)
{
	if (optname == MPTCP_TCPINFO) {
		tcp_get_info(ssk, &e->tcp);
		return sizeof(e->tcp);
	}
	subflow_addrs(ssk, &e->addrs);
	return sizeof(e->addrs);
}

/*
 * MPTCP_TCPINFO and MPTCP_SUBFLOW_ADDRS: a struct mptcp_subflow_data
 * header, then one element per subflow as long as the buffer lasts.  The
 * caller sizes the header and its elements (size_subflow_data, size_user)
 * and leaves the kernel's fields zero; it learns how many subflows there
 * are and how large the kernel's elements are, and gets min(both sizes)
 * of each.
 */
static int getsockopt_subflow_array(struct sock *sk, int optname,
				    char __user *optval, int __user *optlen)
{
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;
	struct mptcp_subflow_data sfd = {};
	union subflow_elem *elem;
	int len, left, copied = 0, err = 0;
	char __user *pos;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < (int)sizeof(sfd))
		return -EINVAL;
	if (copy_from_user(&sfd, optval, sizeof(sfd)))
		return -EFAULT;
	if (sfd.size_subflow_data < sizeof(sfd) || sfd.size_subflow_data > len ||
	    sfd.size_user > INT_MAX || sfd.num_subflows || sfd.size_kernel)
		return -EINVAL;
	left = len - sfd.size_subflow_data;
	pos = optval + sfd.size_subflow_data;

	elem = kmalloc(sizeof(*elem), GFP_KERNEL);
	if (!elem)
		return -ENOMEM;
	lock_sock(sk);
	mptcp_for_each_subflow(msk, sf) {
		size_t n;

		sfd.num_subflows++;
		n = subflow_elem(optname, sf->tcp_sock, elem);
		sfd.size_kernel = n;
		n = min_t(size_t, n, sfd.size_user);
		if (!n || left < (int)n || err)
			continue;
		if (copy_to_user(pos, elem, n)) {
			err = -EFAULT;
			continue;
		}
		pos += n;
		left -= n;
		copied += n;
	}
	release_sock(sk);
	kfree(elem);
	if (!sfd.size_kernel)	/* no subflow: still say how large one is */
		sfd.size_kernel = optname == MPTCP_TCPINFO ? sizeof(elem->tcp) :
				  sizeof(elem->addrs);
	sfd.size_user = min_t(u32, sfd.size_user, sfd.size_kernel);
	if (err)
		return err;
	/* As upstream: with no element copied, the length is our header's
	 * (a caller with a larger header learns what we filled).
	 */
	if (put_user(copied ? sfd.size_subflow_data + copied : sizeof(sfd), optlen) ||
	    copy_to_user(optval, &sfd, sizeof(sfd)))
		return -EFAULT;
	return 0;
}

/*
 * MPTCP_FULL_INFO: MPTCP_INFO, and for each subflow its id and addresses
 * and its tcp_info, into two arrays the caller points to.
 */
static int getsockopt_full_info(struct sock *sk, char __user *optval, int __user *optlen)
{
	const int head = offsetof(struct mptcp_full_info, mptcp_info);
	struct mptcp_sock *msk = mptcp_sk(sk);
	struct mptcp_subflow_context *sf;
	struct mptcp_full_info mfi;
	struct mptcp_subflow_info *sfi;
	struct tcp_info *ti;
	char __user *sfi_pos, *ti_pos;
	u32 sfi_len, ti_len, i = 0;
	int len, err = 0;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < head)
		return -EINVAL;
	memset(&mfi, 0, sizeof(mfi));
	if (copy_from_user(&mfi, optval, head))
		return -EFAULT;
	if (mfi.size_tcpinfo_kernel || mfi.size_sfinfo_kernel || mfi.num_subflows ||
	    mfi.size_tcpinfo_user > INT_MAX || mfi.size_sfinfo_user > INT_MAX)
		return -EINVAL;
	mfi.size_tcpinfo_kernel = sizeof(*ti);
	mfi.size_sfinfo_kernel = sizeof(*sfi);
	sfi_len = min(mfi.size_sfinfo_user, mfi.size_sfinfo_kernel);
	ti_len = min(mfi.size_tcpinfo_user, mfi.size_tcpinfo_kernel);
	mfi.size_sfinfo_user = sfi_len;
	mfi.size_tcpinfo_user = ti_len;
	sfi_pos = u64_to_user_ptr(mfi.subflow_info);
	ti_pos = u64_to_user_ptr(mfi.tcp_info);

	sfi = kmalloc(sizeof(*sfi), GFP_KERNEL);
	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	if (!sfi || !ti) {
		err = -ENOMEM;
		goto out;
	}
	lock_sock(sk);
	mptcp_for_each_subflow(msk, sf) {
		if (i++ >= mfi.size_arrays_user || err)
			continue;
		memset(sfi, 0, sizeof(*sfi));
		sfi->id = sf->subflow_id;
		subflow_addrs(sf->tcp_sock, &sfi->addrs);
		tcp_get_info(sf->tcp_sock, ti);
		if ((sfi_len && copy_to_user(sfi_pos, sfi, sfi_len)) ||
		    (ti_len && copy_to_user(ti_pos, ti, ti_len)))
			err = -EFAULT;
		sfi_pos += sfi_len;
		ti_pos += ti_len;
	}
	mptcp_fill_info(sk, &mfi.mptcp_info);
	release_sock(sk);
	mfi.num_subflows = i;
	len = min_t(int, len, sizeof(mfi));
	if (!err && (put_user(len, optlen) || copy_to_user(optval, &mfi, len)))
		err = -EFAULT;
out:
	kfree(sfi);
	kfree(ti);
	return err;
}

static int getsockopt_info(struct sock *sk, char __user *optval, int __user *optlen)
{
	struct mptcp_info info;
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	len = min_t(int, len, sizeof(info));

	lock_sock(sk);
	mptcp_fill_info(sk, &info);
	release_sock(sk);

	if (put_user(len, optlen) || copy_to_user(optval, &info, len))
		return -EFAULT;
	return 0;
}

int mptcp_getsockopt_sol_mptcp(struct sock *sk, int optname,
			       char __user *optval, int __user *optlen)
{
	switch (optname) {
	case MPTCP_INFO:
		return getsockopt_info(sk, optval, optlen);
	case MPTCP_TCPINFO:
	case MPTCP_SUBFLOW_ADDRS:
		return getsockopt_subflow_array(sk, optname, optval, optlen);
	case MPTCP_FULL_INFO:
		return getsockopt_full_info(sk, optval, optlen);
	case MPTCP_SCHEDULER:
		return mptcp_sched_getsockopt(sk, optval, optlen);
	case MPTCP_PATH_MANAGER:
		return mptcp_pm_getsockopt(sk, optval, optlen);
	}
	return -EOPNOTSUPP;
}
