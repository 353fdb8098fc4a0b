/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire structs of the tree's include/net/mptcp.h, the TCP core's
 * contract with us: tools/fuzz/gen-structs copies them out of the tree at
 * build time, so the harness sees exactly the kernel's layout (the unions
 * of struct mptcp_out_options included).
 */
#ifndef __FUZZ_SHIM_MPTCP_H
#define __FUZZ_SHIM_MPTCP_H
#include <linux/types.h>
#include "mptcp_structs.h"
#endif
