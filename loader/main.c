// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpctl: load, list, select and unload MPTCP policies written in BPF.
 *
 *   mptcpctl [-j] [-p] OBJECT COMMAND
 *
 * Shaped like bpftool and ip: an object, a verb, strict arguments, "help"
 * at every level, text for people and JSON (-j, -p pretty) for scripts.
 * This file holds the dispatcher, error reporting and the JSON writer.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mptcpctl.h"

bool json_output;
bool pretty_output;
const char *prog_name = "mptcpctl";

/* --- JSON ------------------------------------------------------------------------- */

static int jw_depth;
static bool jw_need_comma;

static void jw_indent(void)
{
	if (!pretty_output)
		return;
	putchar('\n');
	for (int i = 0; i < jw_depth; i++)
		fputs("  ", stdout);
}

static void jw_sep(void)
{
	if (jw_need_comma)
		putchar(',');
	jw_indent();
	jw_need_comma = true;
}

static void jw_quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void jw_key(const char *name)
{
	jw_sep();
	if (name) {
		jw_quoted(name);
		fputs(pretty_output ? ": " : ":", stdout);
	}
}

void jw_start_object(const char *name)
{
	if (jw_depth)
		jw_key(name);
	putchar('{');
	jw_depth++;
	jw_need_comma = false;
}

void jw_end_object(void)
{
	jw_depth--;
	jw_indent();
	putchar('}');
	jw_need_comma = true;
}

void jw_start_array(const char *name)
{
	if (jw_depth)
		jw_key(name);
	putchar('[');
	jw_depth++;
	jw_need_comma = false;
}

void jw_end_array(void)
{
	jw_depth--;
	jw_indent();
	putchar(']');
	jw_need_comma = true;
}

void jw_string(const char *name, const char *value)
{
	jw_key(name);
	jw_quoted(value);
}

void jw_uint(const char *name, unsigned long long value)
{
	jw_key(name);
	printf("%llu", value);
}

void jw_bool(const char *name, bool value)
{
	jw_key(name);
	fputs(value ? "true" : "false", stdout);
}

void jw_finish(void)
{
	putchar('\n');
	jw_need_comma = false;
}

/* The first line of @file without its newline ("" if none): a sysctl. */
int read_sysctl(const char *file, char *buf, size_t size)
{
	FILE *f = fopen(file, "r");

	buf[0] = '\0';
	if (!f)
		return -errno;
	if (!fgets(buf, size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* --- errors and dispatch ---------------------------------------------------------------- */

void p_err(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (json_output) {
		jw_start_object(NULL);
		jw_string("error", msg);
		jw_end_object();
		jw_finish();
	} else {
		fprintf(stderr, "Error: %s\n", msg);
	}
}

int cmd_select(const struct cmd *cmds, int argc, char **argv,
	       int (*help)(int argc, char **argv))
{
	if (argc < 1)
		return help(argc, argv);
	for (const struct cmd *c = cmds; c->name; c++)
		if (!strcmp(argv[0], c->name))
			return c->func(argc - 1, argv + 1);
	p_err("unknown command '%s'; try '%s help'", argv[0], prog_name);
	return -1;
}

static int do_help(int argc, char **argv)
{
	if (json_output) {
		jw_start_object(NULL);
		jw_end_object();
		jw_finish();
		return 0;
	}
	fprintf(stderr,
		"Usage: %s [OPTIONS] OBJECT { COMMAND | help }\n"
		"       %s version\n"
		"\n"
		"       OBJECT := { sched | pm | cc | cgroup | conn | stats | monitor }\n"
		"       OPTIONS := { -j|--json [-p|--pretty] | -h|--help }\n"
		"\n"
		"Policies are BPF struct_ops objects; see mptcpctl(8).\n",
		prog_name, prog_name);
	return 0;
}

static int do_version(int argc, char **argv)
{
	if (json_output) {
		jw_start_object(NULL);
		jw_string("version", MPTCPCTL_VERSION);
		jw_end_object();
		jw_finish();
	} else {
		printf("%s %s\n", prog_name, MPTCPCTL_VERSION);
	}
	return 0;
}

static const struct cmd top_cmds[] = {
	{ "sched",	do_sched },
	{ "pm",		do_pm },
	{ "cc",		do_cc },
	{ "cgroup",	do_cgroup },
	{ "conn",	do_conn },
	{ "monitor",	do_monitor },
	{ "stats",	do_stats },
	{ "help",	do_help },
	{ "version",	do_version },
	{ NULL, NULL }
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "pretty",	no_argument,	NULL, 'p' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "+jph", opts, NULL)) >= 0) {
		switch (c) {
		case 'p':
			pretty_output = true;
			/* fall through */
		case 'j':
			json_output = true;
			break;
		case 'h':
			return do_help(0, NULL);
		default:
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return do_help(0, NULL), 2;
	return cmd_select(top_cmds, argc, argv, do_help) ? 1 : 0;
}
