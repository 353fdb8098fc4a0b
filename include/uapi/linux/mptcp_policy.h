/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Socket options of our MPTCP policy layer, beside upstream's
 * <linux/mptcp.h> ones (far from their numbers, which grow from 1).
 */
#ifndef _UAPI_LINUX_MPTCP_POLICY_H
#define _UAPI_LINUX_MPTCP_POLICY_H

/*
 * SOL_MPTCP, char[16]: the packet scheduler of this socket, by name, as
 * net.mptcp.available_schedulers lists them.  Set before connect() or
 * listen() (accepted sockets inherit a listener's), or on a live
 * connection to move it at once.  Naming anything but "default" or the
 * namespace's scheduler takes CAP_NET_ADMIN.  Reads back the scheduler
 * in use (or that will be).
 */
#define MPTCP_SCHEDULER		100

/*
 * SOL_MPTCP, char[16]: the path manager of this socket, by name, as
 * net.mptcp.available_path_managers lists them; as MPTCP_SCHEDULER, with
 * "kernel" and the namespace's path manager free to name.  A connection
 * moved to another path manager hears of events from then on.
 */
#define MPTCP_PATH_MANAGER	101

#endif /* _UAPI_LINUX_MPTCP_POLICY_H */
