// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpctl stats: the MPTcpExt counters of this network namespace, as
 * /proc/net/netstat holds them (the same numbers nstat shows), non-zero
 * ones unless "all" is given.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mptcpctl.h"

static int stats_help(int argc, char **argv)
{
	fprintf(stderr, "Usage: %s stats [ show [all] ]\n", prog_name);
	return 0;
}

/* /proc/net/netstat: a line of names, then a line of values, per group. */
static int do_show(int argc, char **argv)
{
	char *names = NULL, *values = NULL, *sn, *sv, *n, *v;
	size_t ln = 0, lv = 0;
	bool all = false;
	int ret = -1;
	FILE *f;

	if (argc == 1 && !strcmp(argv[0], "all"))
		all = true;
	else if (argc) {
		p_err("unexpected '%s'; try '%s stats help'", argv[0], prog_name);
		return -1;
	}
	f = fopen("/proc/net/netstat", "r");
	if (!f) {
		p_err("cannot read /proc/net/netstat: %s", strerror(errno));
		return -1;
	}
	while (getline(&names, &ln, f) > 0 && getline(&values, &lv, f) > 0) {
		if (strncmp(names, "MPTcpExt:", 9) || strncmp(values, "MPTcpExt:", 9))
			continue;
		if (json_output)
			jw_start_object(NULL);
		n = strtok_r(names + 9, " \n", &sn);
		v = strtok_r(values + 9, " \n", &sv);
		for (; n && v; n = strtok_r(NULL, " \n", &sn), v = strtok_r(NULL, " \n", &sv)) {
			unsigned long long val = strtoull(v, NULL, 10);

			if (!val && !all)
				continue;
			if (json_output)
				jw_uint(n, val);
			else
				printf("MPTcpExt%-28s %llu\n", n, val);
		}
		if (json_output) {
			jw_end_object();
			jw_finish();
		}
		ret = 0;
		break;
	}
	if (ret)
		p_err("no MPTcpExt counters in /proc/net/netstat (MPTCP not built in?)");
	free(names);
	free(values);
	fclose(f);
	return ret;
}

static const struct cmd stats_cmds[] = {
	{ "show",	do_show },
	{ "help",	stats_help },
	{ NULL, NULL }
};

int do_stats(int argc, char **argv)
{
	if (!argc)
		return do_show(0, NULL);
	return cmd_select(stats_cmds, argc, argv, stats_help);
}
