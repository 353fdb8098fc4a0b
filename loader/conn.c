// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpctl conn: the namespace's MPTCP connections and the policies they
 * use (/proc/net/mptcp_conns), and moving one to another scheduler or
 * path manager while it runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mptcpctl.h"

#define MPTCP_CONNS_PROC	"/proc/net/mptcp_conns"

static int conn_help(int argc, char **argv)
{
	fprintf(stderr,
		"Usage: %s conn { list | show }\n"
		"       %s conn move TOKEN { sched | pm } NAME\n"
		"       %s conn help\n"
		"\n"
		"move   the connection (its token, as list shows it) uses NAME from now on\n",
		prog_name, prog_name, prog_name);
	return 0;
}

static int do_list(int argc, char **argv)
{
	char line[512], token[16], local[64], remote[64], state[16], sched[32], pm[32];
	unsigned int subflows;
	FILE *f;

	if (argc) {
		p_err("unexpected '%s'; try '%s conn help'", argv[0], prog_name);
		return -1;
	}
	f = fopen(MPTCP_CONNS_PROC, "r");
	if (!f) {
		p_err("cannot read %s: %s (is this our MPTCP kernel? root?)", MPTCP_CONNS_PROC,
		      strerror(errno));
		return -1;
	}
	if (json_output)
		jw_start_array(NULL);
	else
		printf("%-8s  %-24s %-24s %-11s %3s  %-15s %s\n", "TOKEN", "LOCAL", "REMOTE",
		       "STATE", "SUB", "SCHEDULER", "PATH MANAGER");
	if (!fgets(line, sizeof(line), f))	/* the header */
		line[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%15s %63s %63s %15s %u %31s %31s", token, local, remote,
			   state, &subflows, sched, pm) != 7)
			continue;
		if (json_output) {
			jw_start_object(NULL);
			jw_string("token", token);
			jw_string("local", local);
			jw_string("remote", remote);
			jw_string("state", state);
			jw_uint("subflows", subflows);
			jw_string("scheduler", sched);
			jw_string("path_manager", pm);
			jw_end_object();
		} else {
			printf("%-8s  %-24s %-24s %-11s %3u  %-15s %s\n", token, local, remote,
			       state, subflows, sched, pm);
		}
	}
	fclose(f);
	if (json_output) {
		jw_end_array();
		jw_finish();
	}
	return 0;
}

static int do_move(int argc, char **argv)
{
	char cmd[64];
	int err = 0;
	FILE *f;

	REQ_ARGS(3);
	if (argc > 3) {
		p_err("unexpected '%s' after the name", argv[3]);
		return -1;
	}
	if (strcmp(argv[1], "sched") && strcmp(argv[1], "pm")) {
		p_err("'%s' is neither sched nor pm", argv[1]);
		return -1;
	}
	if (strspn(argv[0], "0123456789abcdefABCDEF") != strlen(argv[0]) || !argv[0][0] ||
	    strlen(argv[0]) > 8) {
		p_err("'%s' is not a token (8 hex digits, as 'conn list' shows)", argv[0]);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "%s %s %s\n", argv[0], argv[1], argv[2]);
	f = fopen(MPTCP_CONNS_PROC, "w");
	if (!f || fputs(cmd, f) < 0)
		err = errno;
	if (f && fclose(f) && !err)
		err = errno;
	switch (err) {
	case 0:
		break;
	case ESRCH:
		p_err("no connection with token %s in this namespace", argv[0]);
		return -1;
	case ENOENT:
		p_err("no %s '%s' is registered", strcmp(argv[1], "pm") ? "scheduler" :
		      "path manager", argv[2]);
		return -1;
	default:
		p_err("moving connection %s failed: %s", argv[0], strerror(err));
		return -1;
	}
	if (json_output) {
		jw_start_object(NULL);
		jw_string("token", argv[0]);
		jw_string(strcmp(argv[1], "pm") ? "scheduler" : "path_manager", argv[2]);
		jw_end_object();
		jw_finish();
	} else {
		printf("moved connection %s to %s %s\n", argv[0],
		       strcmp(argv[1], "pm") ? "scheduler" : "path manager", argv[2]);
	}
	return 0;
}

static const struct cmd conn_cmds[] = {
	{ "list",	do_list },
	{ "show",	do_list },
	{ "move",	do_move },
	{ "help",	conn_help },
	{ NULL, NULL }
};

int do_conn(int argc, char **argv)
{
	if (!argc)
		return do_list(0, NULL);
	return cmd_select(conn_cmds, argc, argv, conn_help);
}
