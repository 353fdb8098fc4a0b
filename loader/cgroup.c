// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpctl cgroup: a scheduler and a path manager per cgroup.
 *
 * `set` writes the cgroup's entry in a table (a BPF hash map pinned at
 * /sys/fs/bpf/mptcp/cgroup/policies) and attaches mptcpctl's own
 * cgroup/sock_create program (cgroup.bpf.c, embedded as a skeleton) to
 * the cgroup, through a link pinned beside it, so both outlive mptcpctl.
 * The program gives each MPTCP socket created in the cgroup or below the
 * names of the nearest entry; a socket option the application sets later
 * still wins, and without an entry the namespace's sysctl applies.
 * `unset` removes the entry, and the link with it; the last one removes
 * the table and the program.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cgroup_policy.h"
#include "mptcpctl.h"
#include "mptcpctl_cgroup.skel.h"

#define CGROUP_ROOT		"/sys/fs/cgroup"
#define CGROUP_PIN_DIR		MPTCPCTL_PIN_DIR "/cgroup"
#define CGROUP_PROG_PIN		CGROUP_PIN_DIR "/prog"
#define CGROUP_TABLE_PIN	CGROUP_PIN_DIR "/policies"
#define SCHED_AVAILABLE		"/proc/sys/net/mptcp/available_schedulers"
#define PM_AVAILABLE		"/proc/sys/net/mptcp/available_path_managers"

static int cgroup_help(int argc, char **argv)
{
	const char *p = prog_name;

	fprintf(stderr,
		"Usage: %s cgroup set CGROUP FIELD NAME [FIELD NAME]\n"
		"       %s cgroup unset CGROUP [FIELD]\n"
		"       %s cgroup show [CGROUP]\n"
		"       %s cgroup help\n"
		"\n"
		"       CGROUP := a cgroup v2 directory, absolute or under " CGROUP_ROOT "\n"
		"       FIELD := { sched | scheduler | pm | path_manager }\n"
		"\n"
		"set    MPTCP sockets created in CGROUP or below use NAME (a loaded policy)\n"
		"unset  drop CGROUP's choice (both fields without FIELD); it inherits again\n"
		"show   each cgroup's choice; with CGROUP, what applies there and from where\n"
		"\n"
		"Precedence: the socket options MPTCP_SCHEDULER / MPTCP_PATH_MANAGER, then\n"
		"the nearest cgroup naming the field, then net.mptcp.{scheduler,path_manager}.\n",
		p, p, p, p);
	return 0;
}

/* --- cgroups ---------------------------------------------------------------------- */

static void cgroup_path(char *buf, size_t size, const char *arg)
{
	snprintf(buf, size, "%s%s%s", arg[0] == '/' ? "" : CGROUP_ROOT,
		 arg[0] == '/' ? "" : "/", arg);
	/* "a/b/" and "a/b" are one cgroup; keep "/" itself */
	for (size_t n = strlen(buf); n > 1 && buf[n - 1] == '/'; n--)
		buf[n - 1] = '\0';
}

/* The cgroup's id, the one bpf_get_current_ancestor_cgroup_id() reports:
 * on cgroup2 its file handle holds it.
 */
static int cgroup_id(const char *path, __u64 *id)
{
	struct {
		struct file_handle fh;
		__u64 id;
	} h = { .fh.handle_bytes = sizeof(__u64) };
	int mount_id;

	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0))
		return -errno;
	*id = h.id;
	return 0;
}

/* @path must be a cgroup v2 directory. */
static int cgroup_check(const char *path, __u64 *id)
{
	struct stat st;
	char f[PATH_MAX];

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		p_err("%s is not a directory", path);
		return -1;
	}
	snprintf(f, sizeof(f), "%s/cgroup.procs", path);
	if (access(f, F_OK)) {
		p_err("%s is not a cgroup v2 directory (is cgroup2 mounted on %s?)", path,
		      CGROUP_ROOT);
		return -1;
	}
	if (cgroup_id(path, id)) {
		p_err("cannot read the id of cgroup %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The path of cgroup @id, searched under the root (ids are not paths:
 * a cgroup may have been renamed since set).
 */
static bool find_cgroup(const char *dir, __u64 id, char *out, size_t size, int depth)
{
	char sub[PATH_MAX];
	struct dirent *de;
	bool found = false;
	__u64 this = 0;
	DIR *d;

	if (!cgroup_id(dir, &this) && this == id) {
		snprintf(out, size, "%s", dir);
		return true;
	}
	if (depth >= CGROUP_POLICY_DEPTH_MAX || !(d = opendir(dir)))
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		found = find_cgroup(sub, id, out, size, depth + 1);
	}
	closedir(d);
	return found;
}

/* --- the table and the program ------------------------------------------------------- */

/* bpffs refuses dots in names */
static void link_pin(char *buf, size_t size, __u64 id)
{
	snprintf(buf, size, CGROUP_PIN_DIR "/link_%llu", (unsigned long long)id);
}

/* The pinned table; with @create, loads and pins program and table first
 * if this is the first entry.
 */
static int table_open(bool create)
{
	struct mptcpctl_cgroup *skel;
	int fd, err;

	fd = bpf_obj_get(CGROUP_TABLE_PIN);
	if (fd >= 0 || !create)
		return fd;
	if (mkdir(MPTCPCTL_PIN_DIR, 0700) && errno != EEXIST)
		return -errno;
	if (mkdir(CGROUP_PIN_DIR, 0700) && errno != EEXIST)
		return -errno;
	skel = mptcpctl_cgroup__open_and_load();
	if (!skel) {
		err = -errno;
		p_err("cannot load the cgroup program: %s (does this kernel have our MPTCP "
		      "with CONFIG_CGROUP_BPF?)", strerror(-err));
		return err;
	}
	err = bpf_program__pin(skel->progs.mptcp_cgroup_policy, CGROUP_PROG_PIN);
	if (!err)
		err = bpf_map__pin(skel->maps.cgroup_policies, CGROUP_TABLE_PIN);
	if (!err)
		fd = bpf_obj_get(CGROUP_TABLE_PIN);
	if (err || fd < 0) {
		unlink(CGROUP_PROG_PIN);
		unlink(CGROUP_TABLE_PIN);
		fd = err ? err : fd;
		p_err("cannot pin the cgroup program under %s: %s", CGROUP_PIN_DIR,
		      strerror(-fd));
	}
	mptcpctl_cgroup__destroy(skel);	/* the pins hold them */
	return fd;
}

/* The program on @path's cgroup, once: a link per cgroup, pinned. */
static int cgroup_attach(const char *path, __u64 id)
{
	int prog_fd, cg_fd, link_fd, err = 0;
	char pin[PATH_MAX];

	link_pin(pin, sizeof(pin), id);
	if (!access(pin, F_OK))
		return 0;
	prog_fd = bpf_obj_get(CGROUP_PROG_PIN);
	cg_fd = open(path, O_RDONLY | O_DIRECTORY);
	if (prog_fd < 0 || cg_fd < 0) {
		err = -errno;
		goto out;
	}
	link_fd = bpf_link_create(prog_fd, cg_fd, BPF_CGROUP_INET_SOCK_CREATE, NULL);
	if (link_fd < 0) {
		err = link_fd;
		goto out;
	}
	err = bpf_obj_pin(link_fd, pin);
	close(link_fd);
out:
	if (err)
		p_err("cannot attach to cgroup %s: %s", path, strerror(-err));
	if (prog_fd >= 0)
		close(prog_fd);
	if (cg_fd >= 0)
		close(cg_fd);
	return err;
}

/* No entry left: neither program nor table stays behind. */
static void table_drop_if_empty(int fd)
{
	__u64 key;

	if (bpf_map_get_next_key(fd, NULL, &key) == -ENOENT) {
		unlink(CGROUP_PROG_PIN);
		unlink(CGROUP_TABLE_PIN);
		rmdir(CGROUP_PIN_DIR);
	}
}

/* --- set / unset -------------------------------------------------------------------- */

/* FIELD as typed: 's' for the scheduler, 'p' for the path manager, 0 if neither. */
static char parse_field(const char *arg)
{
	if (!strcmp(arg, "sched") || !strcmp(arg, "scheduler"))
		return 's';
	if (!strcmp(arg, "pm") || !strcmp(arg, "path_manager"))
		return 'p';
	p_err("'%s' is no field: sched or pm", arg);
	return 0;
}

/* Is @name in the space-separated list the sysctl @file gives? */
static bool policy_available(const char *file, const char *name)
{
	char buf[4096], *tok, *save;
	FILE *f = fopen(file, "r");
	bool found = false;

	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f))
		for (tok = strtok_r(buf, " \t\n", &save); tok && !found;
		     tok = strtok_r(NULL, " \t\n", &save))
			found = !strcmp(tok, name);
	fclose(f);
	return found;
}

static int do_set(int argc, char **argv)
{
	struct cgroup_policy v = {}, old;
	char path[PATH_MAX];
	bool had;
	int fd, err;
	__u64 id;

	REQ_ARGS(3);
	cgroup_path(path, sizeof(path), argv[0]);
	if (cgroup_check(path, &id))
		return -1;
	NEXT_ARG();
	if (argc != 2 && argc != 4) {
		p_err("set takes one or two FIELD NAME pairs; try '%s cgroup help'", prog_name);
		return -1;
	}
	/* validate everything before touching the table */
	for (int i = 0; i < argc; i += 2) {
		char f = parse_field(argv[i]);
		const char *what = f == 's' ? "scheduler" : "path manager";

		if (!f)
			return -1;
		if (strlen(argv[i + 1]) >= CGROUP_POLICY_NAME_MAX) {
			p_err("'%s' is too long for a %s name (%d characters at most)",
			      argv[i + 1], what, CGROUP_POLICY_NAME_MAX - 1);
			return -1;
		}
		if (!policy_available(f == 's' ? SCHED_AVAILABLE : PM_AVAILABLE, argv[i + 1])) {
			p_err("no %s '%s' is registered; load it first ('%s %s load')", what,
			      argv[i + 1], prog_name, f == 's' ? "sched" : "pm");
			return -1;
		}
	}
	fd = table_open(true);
	if (fd < 0)
		return -1;
	had = !bpf_map_lookup_elem(fd, &id, &v);	/* keeps the other field and the counts */
	old = v;
	for (int i = 0; i < argc; i += 2) {
		char *dst = parse_field(argv[i]) == 's' ? v.sched : v.pm;

		memset(dst, 0, CGROUP_POLICY_NAME_MAX);
		strncpy(dst, argv[i + 1], CGROUP_POLICY_NAME_MAX - 1);
	}
	err = bpf_map_update_elem(fd, &id, &v, BPF_ANY);
	if (err) {
		p_err("cannot store the entry of %s: %s", path, strerror(-err));
	} else if ((err = cgroup_attach(path, id))) {
		/* not attached: the table is left as it was */
		if (had)
			bpf_map_update_elem(fd, &id, &old, BPF_EXIST);
		else
			bpf_map_delete_elem(fd, &id);
		table_drop_if_empty(fd);
	}
	close(fd);
	if (err)
		return -1;
	if (json_output) {
		jw_start_object(NULL);
		jw_string("cgroup", path);
		jw_string("scheduler", v.sched);
		jw_string("path_manager", v.pm);
		jw_end_object();
		jw_finish();
	} else {
		printf("cgroup %s: scheduler %s, path manager %s\n", path,
		       v.sched[0] ? v.sched : "(inherited)", v.pm[0] ? v.pm : "(inherited)");
	}
	return 0;
}

static int do_unset(int argc, char **argv)
{
	struct cgroup_policy v;
	char path[PATH_MAX], pin[PATH_MAX];
	char f = 0;
	int fd;
	__u64 id;

	REQ_ARGS(1);
	cgroup_path(path, sizeof(path), argv[0]);
	if (cgroup_id(path, &id)) {
		p_err("cannot read the id of cgroup %s: %s", path, strerror(errno));
		return -1;
	}
	NEXT_ARG();
	if (argc > 1 || (argc == 1 && !(f = parse_field(argv[0])))) {
		if (argc > 1)
			p_err("unexpected '%s'; try '%s cgroup help'", argv[1], prog_name);
		return -1;
	}
	fd = table_open(false);
	if (fd < 0 || bpf_map_lookup_elem(fd, &id, &v)) {
		p_err("cgroup %s names no policy", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (f != 'p')
		memset(v.sched, 0, sizeof(v.sched));
	if (f != 's')
		memset(v.pm, 0, sizeof(v.pm));
	if (v.sched[0] || v.pm[0]) {
		bpf_map_update_elem(fd, &id, &v, BPF_EXIST);
	} else {
		/* detach first: no socket may find a half-removed entry */
		link_pin(pin, sizeof(pin), id);
		unlink(pin);
		bpf_map_delete_elem(fd, &id);
		table_drop_if_empty(fd);
	}
	close(fd);
	if (!json_output)
		printf("cgroup %s: %s\n", path,
		       v.sched[0] || v.pm[0] ? "one field unset" : "inherits again");
	return 0;
}

/* --- show ---------------------------------------------------------------------------- */

static void show_entry(const char *path, const struct cgroup_policy *v)
{
	if (json_output) {
		jw_start_object(NULL);
		jw_string("cgroup", path);
		jw_string("scheduler", v->sched);
		jw_string("path_manager", v->pm);
		jw_uint("sched_sockets", v->sched_sockets);
		jw_uint("sched_refused", v->sched_refused);
		jw_uint("pm_sockets", v->pm_sockets);
		jw_uint("pm_refused", v->pm_refused);
		jw_end_object();
	} else {
		printf("%-32s %-15s %-15s %8llu %8llu\n", path, v->sched[0] ? v->sched : "-",
		       v->pm[0] ? v->pm : "-",
		       (unsigned long long)(v->sched_sockets + v->pm_sockets),
		       (unsigned long long)(v->sched_refused + v->pm_refused));
	}
}

static int show_all(int fd)
{
	char path[PATH_MAX];
	struct cgroup_policy v;
	__u64 key, next, *prev = NULL;

	if (json_output)
		jw_start_array(NULL);
	else
		printf("%-32s %-15s %-15s %8s %8s\n", "CGROUP", "SCHEDULER", "PATH MANAGER",
		       "SOCKETS", "REFUSED");
	while (fd >= 0 && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &v))
			continue;
		if (!find_cgroup(CGROUP_ROOT, key, path, sizeof(path), 0))
			snprintf(path, sizeof(path), "(removed cgroup %llu)",
				 (unsigned long long)key);
		show_entry(path, &v);
	}
	if (json_output) {
		jw_end_array();
		jw_finish();
	}
	return 0;
}

/* What applies in @path: the nearest entry naming each field, else the
 * namespace's sysctl.
 */
static int show_effective(int fd, const char *path)
{
	char dir[PATH_MAX], from[2][PATH_MAX] = {}, name[2][CGROUP_POLICY_NAME_MAX] = {};
	struct cgroup_policy v;
	__u64 id;

	if (cgroup_check(path, &id))
		return -1;
	snprintf(dir, sizeof(dir), "%s", path);
	for (;;) {
		if (fd >= 0 && !cgroup_id(dir, &id) && !bpf_map_lookup_elem(fd, &id, &v)) {
			if (!name[0][0] && v.sched[0]) {
				memcpy(name[0], v.sched, sizeof(name[0]));
				snprintf(from[0], sizeof(from[0]), "%s", dir);
			}
			if (!name[1][0] && v.pm[0]) {
				memcpy(name[1], v.pm, sizeof(name[1]));
				snprintf(from[1], sizeof(from[1]), "%s", dir);
			}
		}
		if (!strcmp(dir, CGROUP_ROOT) || !strchr(dir + 1, '/'))
			break;
		*strrchr(dir, '/') = '\0';
	}
	for (int i = 0; i < 2; i++) {
		if (name[i][0])
			continue;
		read_sysctl(i ? MPTCP_PM_SYSCTL : MPTCP_SCHED_SYSCTL, name[i], sizeof(name[i]));
		snprintf(from[i], sizeof(from[i]), "net.mptcp.%s",
			 i ? "path_manager" : "scheduler");
	}
	if (json_output) {
		jw_start_object(NULL);
		jw_string("cgroup", path);
		jw_start_object("scheduler");
		jw_string("name", name[0]);
		jw_string("from", from[0]);
		jw_end_object();
		jw_start_object("path_manager");
		jw_string("name", name[1]);
		jw_string("from", from[1]);
		jw_end_object();
		jw_end_object();
		jw_finish();
	} else {
		printf("cgroup %s\n", path);
		printf("  scheduler     %-15s from %s\n", name[0], from[0]);
		printf("  path manager  %-15s from %s\n", name[1], from[1]);
	}
	return 0;
}

static int do_show(int argc, char **argv)
{
	char path[PATH_MAX];
	int fd, err;

	if (argc > 1) {
		p_err("unexpected '%s'; try '%s cgroup help'", argv[1], prog_name);
		return -1;
	}
	fd = table_open(false);
	if (argc) {
		cgroup_path(path, sizeof(path), argv[0]);
		err = show_effective(fd, path);
	} else {
		err = show_all(fd);
	}
	if (fd >= 0)
		close(fd);
	return err;
}

int do_cgroup(int argc, char **argv)
{
	static const struct cmd cmds[] = {
		{ "set",	do_set },
		{ "unset",	do_unset },
		{ "show",	do_show },
		{ "list",	do_show },
		{ "help",	cgroup_help },
		{ NULL, NULL }
	};

	return cmd_select(cmds, argc, argv, cgroup_help);
}
