// SPDX-License-Identifier: GPL-2.0
/*
 * MPTCP counters: per-netns percpu storage and the "MPTcpExt" lines of
 * /proc/net/netstat that nstat parses.
 */
#define pr_fmt(fmt) "MPTCP: " fmt

#include <kunit/visibility.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <net/ip.h>
#include <net/mptcp.h>

#include "mib.h"

#define MPTCP_MIB_NAME(id, name)	[MPTCP_MIB_##id] = name,
const char * const mptcp_mib_names[MPTCP_MIB_MAX] = {
	MPTCP_MIB_LIST(MPTCP_MIB_NAME)
};
#undef MPTCP_MIB_NAME
EXPORT_SYMBOL_IF_KUNIT(mptcp_mib_names);

int mptcp_mib_alloc(struct net *net)
{
	struct mptcp_mib __percpu *mib;

	if (net->mib.mptcp_statistics)
		return 0;

	mib = alloc_percpu(struct mptcp_mib);
	if (!mib)
		return -ENOMEM;

	/* A concurrent allocator may have won; keep the first one. */
	if (cmpxchg(&net->mib.mptcp_statistics, NULL, mib))
		free_percpu(mib);
	return 0;
}

/* Called by the TCP core from netstat_seq_show() with seq->private = netns.
 * Prints a header line of names and a line of values, like every other group
 * in that file; a namespace without storage reports zeros.
 */
void mptcp_seq_show(struct seq_file *seq)
{
	struct net *net = seq->private;
	unsigned long sum[MPTCP_MIB_MAX] = {};
	int f, cpu;

	if (net->mib.mptcp_statistics) {
		for_each_possible_cpu(cpu) {
			const struct mptcp_mib *m;

			m = per_cpu_ptr(net->mib.mptcp_statistics, cpu);
			for (f = 0; f < MPTCP_MIB_MAX; f++)
				sum[f] += READ_ONCE(m->mibs[f]);
		}
	}

	seq_puts(seq, "MPTcpExt:");
	for (f = 0; f < MPTCP_MIB_MAX; f++)
		seq_printf(seq, " %s", mptcp_mib_names[f]);
	seq_puts(seq, "\nMPTcpExt:");
	for (f = 0; f < MPTCP_MIB_MAX; f++)
		seq_printf(seq, " %lu", sum[f]);
	seq_putc(seq, '\n');
}
