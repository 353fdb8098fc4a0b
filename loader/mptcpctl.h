/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mptcpctl: shared bits of the command modules (policy.c, conn.c, monitor.c, stats.c) and the
 * dispatcher (main.c).
 */
#ifndef __MPTCPCTL_H
#define __MPTCPCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MPTCPCTL_PIN_DIR	"/sys/fs/bpf/mptcp"
#define MPTCPCTL_SCHED_PIN_DIR	MPTCPCTL_PIN_DIR "/sched"
#define MPTCPCTL_PM_PIN_DIR	MPTCPCTL_PIN_DIR "/pm"
#define MPTCPCTL_CC_PIN_DIR	MPTCPCTL_PIN_DIR "/cc"
#define MPTCP_SCHED_PROC	"/proc/net/mptcp_sched"
#define MPTCP_PM_PROC		"/proc/net/mptcp_pm"
#define MPTCP_SCHED_SYSCTL	"/proc/sys/net/mptcp/scheduler"
#define MPTCP_PM_SYSCTL		"/proc/sys/net/mptcp/path_manager"

extern bool json_output;
extern bool pretty_output;
extern const char *prog_name;

/* Errors go to stderr as text, or to stdout as {"error": ...} with -j. */
void __attribute__((format(printf, 1, 2))) p_err(const char *fmt, ...);

/* A minimal JSON writer: enough for flat objects and arrays of them. */
void jw_start_object(const char *name);	/* name: NULL in an array */
void jw_end_object(void);
void jw_start_array(const char *name);	/* name: NULL at the top */
void jw_end_array(void);
void jw_string(const char *name, const char *value);
void jw_uint(const char *name, unsigned long long value);
void jw_bool(const char *name, bool value);
void jw_finish(void);

/* The first line of a sysctl (or any) file, without its newline. */
int read_sysctl(const char *file, char *buf, size_t size);

/* Command tables: each module matches the verb and runs it. */
struct cmd {
	const char *name;
	int (*func)(int argc, char **argv);
};

int cmd_select(const struct cmd *cmds, int argc, char **argv,
	       int (*help)(int argc, char **argv));

int do_sched(int argc, char **argv);
int do_pm(int argc, char **argv);
int do_cc(int argc, char **argv);
int do_cgroup(int argc, char **argv);
int do_conn(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_stats(int argc, char **argv);

/* Helpers for the verbs' argument lists. */
#define NEXT_ARG()	({ argc--; argv++; })
#define REQ_ARGS(n)	({					\
	if (argc < (n)) {					\
		p_err("'%s' needs %d more argument%s", __func__ + 3, (n), (n) > 1 ? "s" : ""); \
		return -1;					\
	}							\
})

#endif /* __MPTCPCTL_H */
