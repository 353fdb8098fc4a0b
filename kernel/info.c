// SPDX-License-Identifier: GPL-2.0
/*
 * SOL_MPTCP getsockopt()s: what the connection-level state looks like, in
 * upstream's uapi layouts (include/uapi/linux/mptcp.h), so ss, mptcpd and
 * applications read us like upstream.  A caller's shorter struct gets the
 * leading part; the length written back says how much was filled.
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

	memset(info, 0, sizeof(*info));
	info->mptcpi_subflows = msk->subflows_nr ? msk->subflows_nr - 1 : 0;
	info->mptcpi_subflows_total = msk->subflows_nr;
	info->mptcpi_subflows_max = READ_ONCE(pn->subflows_max);
	info->mptcpi_add_addr_accepted_max = READ_ONCE(pn->add_addr_accept_max);
	info->mptcpi_local_addr_max = pn->endpoints_nr;
	if (msk->fallback)
		info->mptcpi_flags |= MPTCP_INFO_FLAG_FALLBACK;
	if (msk->remote_key)
		info->mptcpi_flags |= MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED;
	info->mptcpi_token = msk->token;
	info->mptcpi_write_seq = msk->write_seq;
	info->mptcpi_snd_una = una;
	info->mptcpi_rcv_nxt = ack;
	info->mptcpi_csum_enabled = msk->csum;
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

int mptcp_getsockopt_sol_mptcp(struct sock *sk, int optname,
			       char __user *optval, int __user *optlen)
{
	struct mptcp_info info;
	int len;

	if (optname == MPTCP_SCHEDULER)
		return mptcp_sched_getsockopt(sk, optval, optlen);
	if (optname == MPTCP_PATH_MANAGER)
		return mptcp_pm_getsockopt(sk, optval, optlen);
	if (optname != MPTCP_INFO)
		return -EOPNOTSUPP;
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
