// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpctl monitor: follow the policies in the foreground, a line per
 * change: one loaded or unloaded, a connection ejected from one (with its
 * first error, as the kernel recorded it).  Polls /proc/net/mptcp_{sched,pm}
 * (a few times a second), so it needs nothing but read access; the
 * tracepoints (tools/bpftrace/) give every single ejection instead.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mptcpctl.h"

#define MONITOR_MAX	128	/* policies followed per kind */

struct seen {
	char name[17];
	unsigned int ejections;
	char exit[16];
	bool present;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int monitor_help(int argc, char **argv)
{
	fprintf(stderr,
		"Usage: %s monitor [ count N ]\n"
		"\n"
		"Prints policies loaded and unloaded and connections ejected from\n"
		"them, until interrupted (or N events).\n", prog_name);
	return 0;
}

static void event(const char *kind, const char *what, const char *name,
		  const char *exit, const char *token, const char *msg)
{
	char stamp[16];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&now));
	if (json_output) {
		jw_start_object(NULL);
		jw_string("time", stamp);
		jw_string("kind", kind);
		jw_string("event", what);
		jw_string("name", name);
		if (exit) {
			jw_string("exit", exit);
			jw_string("token", token);
			jw_string("message", msg);
		}
		jw_end_object();
		jw_finish();
	} else if (exit) {
		printf("%s %s %s %s: first error %s on %s: %s\n", stamp, kind, name, what,
		       exit, token, msg);
	} else {
		printf("%s %s %s %s\n", stamp, kind, name, what);
	}
	fflush(stdout);
}

/* One pass over a kind's table; returns the events it printed. */
static int scan(const char *proc, const char *kind, struct seen *seen, bool first)
{
	char line[512], name[17], type[16], exit[16], token[16];
	unsigned int users, ejections;
	int i, off, events = 0;
	FILE *f = fopen(proc, "r");

	if (!f)
		return -errno;
	for (i = 0; i < MONITOR_MAX; i++)
		seen[i].present = false;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		struct seen *s = NULL, *free_slot = NULL;

		line[strcspn(line, "\n")] = '\0';
		off = 0;
		if (sscanf(line, "%16s %15s %u %u %15s %15s %n", name, type, &users, &ejections,
			   exit, token, &off) < 6 || !off)
			continue;
		for (i = 0; i < MONITOR_MAX; i++) {
			if (seen[i].name[0] && !strcmp(seen[i].name, name))
				s = &seen[i];
			else if (!seen[i].name[0] && !free_slot)
				free_slot = &seen[i];
		}
		if (!s) {
			if (!free_slot)
				continue;
			s = free_slot;
			snprintf(s->name, sizeof(s->name), "%s", name);
			s->ejections = 0;
			strcpy(s->exit, "-");
			if (!first) {
				event(kind, "loaded", name, NULL, NULL, NULL);
				events++;
			}
		}
		s->present = true;
		if (ejections != s->ejections && !first) {
			event(kind, "ejected a connection", name, exit, token, line + off);
			events++;
		}
		s->ejections = ejections;
		snprintf(s->exit, sizeof(s->exit), "%s", exit);
	}
	fclose(f);
	for (i = 0; i < MONITOR_MAX; i++) {
		if (seen[i].name[0] && !seen[i].present) {
			event(kind, "unloaded", seen[i].name, NULL, NULL, NULL);
			seen[i].name[0] = '\0';
			events++;
		}
	}
	return events;
}

int do_monitor(int argc, char **argv)
{
	static struct seen scheds[MONITOR_MAX], pms[MONITOR_MAX];
	long count = 0, events = 0;
	bool first = true;

	if (argc == 1 && !strcmp(argv[0], "help"))
		return monitor_help(argc, argv);
	if (argc == 2 && !strcmp(argv[0], "count"))
		count = strtol(argv[1], NULL, 0);
	else if (argc) {
		p_err("unexpected '%s'; try '%s monitor help'", argv[0], prog_name);
		return -1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop && (!count || events < count)) {
		int n = scan(MPTCP_SCHED_PROC, "scheduler", scheds, first);
		int m = scan(MPTCP_PM_PROC, "path-manager", pms, first);

		if (n < 0 || m < 0) {
			p_err("cannot read %s: %s", n < 0 ? MPTCP_SCHED_PROC : MPTCP_PM_PROC,
			      strerror(-(n < 0 ? n : m)));
			return -1;
		}
		events += n + m;
		first = false;
		usleep(200 * 1000);
	}
	return 0;
}
