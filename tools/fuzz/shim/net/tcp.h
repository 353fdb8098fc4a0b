/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __FUZZ_SHIM_TCP_H
#define __FUZZ_SHIM_TCP_H
#define TCPOPT_EOL	0
#define TCPOPT_NOP	1
#define TCPOPT_MPTCP	30
#endif
