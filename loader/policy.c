// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpctl sched, mptcpctl pm: packet schedulers and path managers, the
 * two kinds of policy, handled alike.
 *
 * A policy is a struct mptcp_sched_ops or struct mptcp_pm_ops in a BPF
 * object file, anyone's.  `load` attaches it through a struct_ops link
 * pinned at /sys/fs/bpf/mptcp/{sched,pm}/NAME, so it outlives mptcpctl;
 * `unload` removes the pin, which detaches it (its connections move to
 * the built-in one at their next call); `replace` swaps the program behind
 * a pinned link, live connections included.  What the kernel knows
 * (users, ejections, the first error) comes from /proc/net/mptcp_{sched,pm}.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "mptcpctl.h"

#define SCHED_NAME_MAX	16	/* both kinds' name length, with the NUL */

struct policy_kind {
	const char *object;	/* on the command line */
	const char *what;	/* for people */
	const char *ops_type;	/* the struct_ops type */
	const char *value_type;	/* its map value, wrapping it */
	const char *required_cb; /* the one callback it must have; its run
				  * stats are what `show` reports */
	const char *proc;	/* the kernel's table */
	const char *sysctl;	/* the namespace's choice */
	const char *pin_dir;
};

static const struct policy_kind sched_kind = {
	.object		= "sched",
	.what		= "scheduler",
	.ops_type	= "mptcp_sched_ops",
	.value_type	= "bpf_struct_ops_mptcp_sched_ops",
	.required_cb	= "get_send",
	.proc		= MPTCP_SCHED_PROC,
	.sysctl		= MPTCP_SCHED_SYSCTL,
	.pin_dir	= MPTCPCTL_SCHED_PIN_DIR,
};

static const struct policy_kind pm_kind = {
	.object		= "pm",
	.what		= "path manager",
	.ops_type	= "mptcp_pm_ops",
	.value_type	= "bpf_struct_ops_mptcp_pm_ops",
	.required_cb	= "established",
	.proc		= MPTCP_PM_PROC,
	.sysctl		= MPTCP_PM_SYSCTL,
	.pin_dir	= MPTCPCTL_PM_PIN_DIR,
};

/* Congestion controls (bpf_tcp_ca), coupled ones for MPTCP subflows
 * among them: the kernel's table is TCP's, without users or ejections.
 */
static const struct policy_kind cc_kind = {
	.object		= "cc",
	.what		= "congestion control",
	.ops_type	= "tcp_congestion_ops",
	.value_type	= "bpf_struct_ops_tcp_congestion_ops",
	.required_cb	= "cong_avoid",
	.proc		= NULL,
	.sysctl		= "/proc/sys/net/ipv4/tcp_congestion_control",
	.pin_dir	= MPTCPCTL_CC_PIN_DIR,
};

/* The kind the current command is about (commands share one signature). */
static const struct policy_kind *kind = &sched_kind;

/* "VERB scheduler NAME" for people, {"VERB": NAME} for scripts */
static void report_done(const char *verb, const char *name)
{
	if (json_output) {
		jw_start_object(NULL);
		jw_string(verb, name);
		jw_end_object();
		jw_finish();
	} else {
		printf("%s %s %s\n", verb, kind->what, name);
	}
}

static int policy_help(int argc, char **argv)
{
	const char *p = prog_name, *o = kind->object;

	fprintf(stderr,
		"Usage: %s %s load OBJECT_FILE\n"
		"       %s %s replace NAME OBJECT_FILE\n"
		"       %s %s unload NAME\n"
		"       %s %s { list | show [NAME] }\n"
		"       %s %s set-default NAME\n"
		"       %s %s help\n"
		"\n"
		"load      attach every %s in OBJECT_FILE, pinned under\n"
		"          %s/NAME\n"
		"replace   swap what runs as NAME, live connections included\n"
		"unload    detach NAME; its connections move to the built-in one\n"
		"show      users, ejections and the first error of each %s\n"
		"set-default  the %s of new connections in this netns\n",
		p, o, p, o, p, o, p, o, p, o, p, o, kind->ops_type, kind->pin_dir,
		kind->what, kind->what);
	return 0;
}

/* libbpf speaks (verifier log included) on stderr, where people look. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* The "name" member of a policy map's initial value, found
 * through the object's own BTF: the object may come from another build.
 */
static int policy_map_name(const struct bpf_object *obj, const struct bpf_map *map,
			  char *name, size_t size)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_member *m;
	const struct btf_type *t;
	const char *data;
	size_t vsize;
	int i;

	if (!btf)
		return -ENOENT;
	t = btf__type_by_id(btf, bpf_map__btf_value_type_id(map));
	data = bpf_map__initial_value((struct bpf_map *)map, &vsize);
	if (!t || !data || strcmp(btf__name_by_offset(btf, t->name_off), kind->ops_type))
		return -ENOENT;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		if (strcmp(btf__name_by_offset(btf, m->name_off), "name"))
			continue;
		if (m->offset / 8 + SCHED_NAME_MAX > vsize)
			return -EINVAL;
		snprintf(name, size, "%.*s", SCHED_NAME_MAX, data + m->offset / 8);
		return name[0] ? 0 : -EINVAL;
	}
	return -ENOENT;
}

static bool is_policy_map(const struct bpf_object *obj, const struct bpf_map *map)
{
	char name[SCHED_NAME_MAX + 1];

	return bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS &&
	       !policy_map_name(obj, map, name, sizeof(name));
}

static int pin_path(char *buf, size_t size, const char *name)
{
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	snprintf(buf, size, "%s/%s", kind->pin_dir, name);
	return 0;
}

static int make_pin_dir(void)
{
	if (mkdir(MPTCPCTL_PIN_DIR, 0700) && errno != EEXIST)
		return -errno;
	if (mkdir(kind->pin_dir, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Opens @file and readies its maps of our kind for links (BPF_F_LINK):
 * links are what can be pinned and swapped.
 */
static struct bpf_object *policy_open(const char *file, int *nr)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	int err;

	obj = bpf_object__open_file(file, NULL);
	err = libbpf_get_error(obj);
	if (err) {
		p_err("cannot open '%s': %s", file, strerror(-err));
		return NULL;
	}
	*nr = 0;
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__type(map) != BPF_MAP_TYPE_STRUCT_OPS)
			continue;
		if (!is_policy_map(obj, map)) {
			/* another struct_ops type (the other kind, TCP CC):
			 * not ours to load here
			 */
			bpf_map__set_autocreate(map, false);
			continue;
		}
		bpf_map__set_map_flags(map, bpf_map__map_flags(map) | BPF_F_LINK);
		(*nr)++;
	}
	if (!*nr) {
		p_err("'%s' holds no struct %s", file, kind->ops_type);
		bpf_object__close(obj);
		return NULL;
	}
	err = bpf_object__load(obj);
	if (err) {
		p_err("loading '%s' failed: %s (the kernel's reason is above)", file,
		      strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static int attach_err(const char *name, int err)
{
	switch (err) {
	case -EEXIST:
		p_err("a %s named '%s' is registered already; '%s replace' swaps it",
		      kind->what, name, kind->object);
		break;
	case -EINVAL:
		p_err("the kernel refused %s '%s': %s (%s is required; the name must be 1 to %d characters)",
		      kind->what, name, strerror(-err), kind->required_cb, SCHED_NAME_MAX - 1);
		break;
	default:
		p_err("attaching %s '%s' failed: %s", kind->what, name, strerror(-err));
	}
	return -1;
}

static int do_load(int argc, char **argv)
{
	char name[SCHED_NAME_MAX + 1], path[256];
	struct bpf_object *obj;
	struct bpf_map *map;
	int n, err, ret = 0;

	REQ_ARGS(1);
	if (argc > 1) {
		p_err("unexpected '%s' after the object file", argv[1]);
		return -1;
	}
	err = make_pin_dir();
	if (err) {
		p_err("cannot create %s: %s (is bpffs mounted on /sys/fs/bpf?)",
		      kind->pin_dir, strerror(-err));
		return -1;
	}
	obj = policy_open(argv[0], &n);
	if (!obj)
		return -1;

	if (json_output)
		jw_start_array(NULL);
	bpf_object__for_each_map(map, obj) {
		struct bpf_link *link;

		if (!is_policy_map(obj, map))
			continue;
		policy_map_name(obj, map, name, sizeof(name));
		if (pin_path(path, sizeof(path), name)) {
			ret = attach_err(name, -EINVAL);
			continue;
		}
		link = bpf_map__attach_struct_ops(map);
		err = libbpf_get_error(link);
		if (err) {
			ret = attach_err(name, err);
			continue;
		}
		err = bpf_link__pin(link, path);
		if (err) {
			p_err("pinning '%s' at %s failed: %s", name, path, strerror(-err));
			bpf_link__destroy(link);	/* not pinned: not kept */
			ret = -1;
			continue;
		}
		if (json_output) {
			jw_start_object(NULL);
			jw_string("name", name);
			jw_string("pinned", path);
			jw_end_object();
		} else {
			printf("loaded %s %s, pinned at %s\n", kind->what, name, path);
		}
		bpf_link__disconnect(link);	/* the pin keeps it attached */
		bpf_link__destroy(link);
	}
	if (json_output) {
		jw_end_array();
		jw_finish();
	}
	bpf_object__close(obj);
	return ret;
}

static int do_replace(int argc, char **argv)
{
	char name[SCHED_NAME_MAX + 1], path[256];
	struct bpf_map *map, *found = NULL;
	struct bpf_object *obj;
	struct bpf_link *link;
	int n, err;

	REQ_ARGS(2);
	if (argc > 2) {
		p_err("unexpected '%s' after the object file", argv[2]);
		return -1;
	}
	if (pin_path(path, sizeof(path), argv[0]) || access(path, F_OK)) {
		p_err("no %s '%s' loaded by mptcpctl (%s)", kind->what, argv[0], path);
		return -1;
	}
	obj = policy_open(argv[1], &n);
	if (!obj)
		return -1;
	bpf_object__for_each_map(map, obj) {
		if (is_policy_map(obj, map) && !policy_map_name(obj, map, name, sizeof(name)) &&
		    !strcmp(name, argv[0]))
			found = map;
	}
	if (!found) {
		p_err("'%s' holds no %s named '%s' (a replacement keeps the name)",
		      argv[1], kind->what, argv[0]);
		bpf_object__close(obj);
		return -1;
	}
	link = bpf_link__open(path);
	err = libbpf_get_error(link);
	if (!err) {
		err = bpf_link__update_map(link, found);
		bpf_link__disconnect(link);
		bpf_link__destroy(link);
	}
	bpf_object__close(obj);
	if (err) {
		p_err("replacing '%s' failed: %s", argv[0], strerror(-err));
		return -1;
	}
	report_done("replaced", argv[0]);
	return 0;
}

static int do_unload(int argc, char **argv)
{
	char path[256];

	REQ_ARGS(1);
	if (argc > 1) {
		p_err("unexpected '%s' after the name", argv[1]);
		return -1;
	}
	if (pin_path(path, sizeof(path), argv[0]) || unlink(path)) {
		p_err("no %s '%s' loaded by mptcpctl (%s)", kind->what, argv[0], path);
		return -1;
	}
	report_done("unloaded", argv[0]);
	return 0;
}

static int read_default(char *buf, size_t size)
{
	return read_sysctl(kind->sysctl, buf, size);
}

/* One line of /proc/net/mptcp_sched or mptcp_pm:
 * name kind users ejections exit token message...
 */
struct policy_row {
	char name[SCHED_NAME_MAX + 1];
	char kind[16];
	unsigned int users, ejections;
	char exit[16];
	char token[16];
	char message[128];
};

static int parse_row(char *line, struct policy_row *r)
{
	int off = 0;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "%16s %15s %u %u %15s %15s %n", r->name, r->kind, &r->users,
		   &r->ejections, r->exit, r->token, &off) < 6 || !off)
		return -1;
	snprintf(r->message, sizeof(r->message), "%s", line + off);
	return 0;
}

/* Byte offset of the required callback's slot in the value of a policy
 * map, from the running kernel's BTF (the value wraps the ops in struct
 * bpf_struct_ops_<type> { common; data; }).
 */
static long required_cb_slot(void)
{
	static long slots[3] = { -2, -2, -2 };
	long *slot_p = &slots[kind == &pm_kind ? 1 : kind == &cc_kind ? 2 : 0], slot;
	const struct btf_member *m;
	const struct btf_type *t;
	struct btf *btf;
	long data = -1, member = -1;
	int id, i;

	if (*slot_p != -2)
		return *slot_p;
	slot = *slot_p = -1;
	btf = btf__load_vmlinux_btf();
	if (libbpf_get_error(btf))
		return slot;
	id = btf__find_by_name_kind(btf, kind->value_type, BTF_KIND_STRUCT);
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	for (i = 0, m = t ? btf_members(t) : NULL; t && i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), "data"))
			data = m->offset / 8;
	id = btf__find_by_name_kind(btf, kind->ops_type, BTF_KIND_STRUCT);
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	for (i = 0, m = t ? btf_members(t) : NULL; t && i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), kind->required_cb))
			member = m->offset / 8;
	if (data >= 0 && member >= 0)
		slot = *slot_p = data + member;
	btf__free(btf);
	return slot;
}

static bool bpf_stats_enabled(void)
{
	FILE *f = fopen("/proc/sys/kernel/bpf_stats_enabled", "r");
	int on = 0;

	if (f) {
		if (fscanf(f, "%d", &on) != 1)
			on = 0;
		fclose(f);
	}
	return on;
}

/* How often a pinned policy's required callback ran, and for how long:
 * the kernel counts only while kernel.bpf_stats_enabled is on.
 */
static int policy_run_stats(const char *path, __u64 *cnt, __u64 *ns)
{
	struct bpf_link_info link = {};
	struct bpf_prog_info prog = {};
	struct bpf_map_info map = {};
	__u32 len, key = 0, prog_id;
	int lfd, mfd = -1, pfd = -1, err = -1;
	long slot = required_cb_slot();
	char *value = NULL;

	if (!bpf_stats_enabled())
		return -1;
	lfd = bpf_obj_get(path);
	if (lfd < 0 || slot < 0)
		goto out;
	len = sizeof(link);
	if (bpf_link_get_info_by_fd(lfd, &link, &len))
		goto out;
	mfd = bpf_map_get_fd_by_id(link.struct_ops.map_id);
	len = sizeof(map);
	if (mfd < 0 || bpf_map_get_info_by_fd(mfd, &map, &len) ||
	    map.value_size < slot + sizeof(__u64))
		goto out;
	value = calloc(1, map.value_size);
	if (!value || bpf_map_lookup_elem(mfd, &key, value))
		goto out;
	prog_id = *(__u64 *)(value + slot);	/* the kernel keeps prog ids there */
	pfd = bpf_prog_get_fd_by_id(prog_id);
	len = sizeof(prog);
	if (pfd < 0 || bpf_prog_get_info_by_fd(pfd, &prog, &len))
		goto out;
	*cnt = prog.run_cnt;
	*ns = prog.run_time_ns;
	err = 0;
out:
	free(value);
	if (pfd >= 0)
		close(pfd);
	if (mfd >= 0)
		close(mfd);
	if (lfd >= 0)
		close(lfd);
	return err;
}

/* `cc show`: what mptcpctl pinned, TCP's default marked; TCP keeps no
 * per-algorithm users.
 */
static int show_pinned(const char *only)
{
	char def[64], path[256];
	struct dirent *de;
	bool found = false;
	DIR *d;

	read_default(def, sizeof(def));
	d = opendir(kind->pin_dir);
	if (json_output)
		jw_start_array(NULL);
	else
		printf("%-16s %-8s %10s %8s\n", "NAME", "DEFAULT", "CALLS", "NS/CALL");
	while (d && (de = readdir(d))) {
		__u64 calls = 0, ns = 0;
		bool stats;

		if (de->d_name[0] == '.' || (only && strcmp(only, de->d_name)))
			continue;
		found = true;
		pin_path(path, sizeof(path), de->d_name);
		stats = !policy_run_stats(path, &calls, &ns);
		if (json_output) {
			jw_start_object(NULL);
			jw_string("name", de->d_name);
			jw_bool("default", !strcmp(def, de->d_name));
			jw_string("pinned", path);
			if (stats) {
				jw_uint("calls", calls);
				jw_uint("run_time_ns", ns);
			}
			jw_end_object();
		} else if (stats) {
			printf("%-16s %-8s %10llu %8llu\n", de->d_name,
			       strcmp(def, de->d_name) ? "" : "yes", (unsigned long long)calls,
			       (unsigned long long)(calls ? ns / calls : 0));
		} else {
			printf("%-16s %-8s %10s %8s\n", de->d_name,
			       strcmp(def, de->d_name) ? "" : "yes", "-", "-");
		}
	}
	if (d)
		closedir(d);
	if (json_output) {
		jw_end_array();
		jw_finish();
	}
	if (only && !found) {
		p_err("no %s '%s' was loaded by %s", kind->what, only, prog_name);
		return -1;
	}
	return 0;
}

static int do_show(int argc, char **argv)
{
	char line[512], def[64], path[256];
	const char *only = NULL;
	struct policy_row r;
	bool found = false;
	FILE *f;

	if (argc > 1) {
		p_err("unexpected '%s' after the name", argv[1]);
		return -1;
	}
	if (argc == 1)
		only = argv[0];
	if (!kind->proc)
		return show_pinned(only);
	f = fopen(kind->proc, "r");
	if (!f) {
		p_err("cannot read %s: %s (is this our MPTCP kernel?)", kind->proc,
		      strerror(errno));
		return -1;
	}
	read_default(def, sizeof(def));
	if (json_output)
		jw_start_array(NULL);
	else
		printf("%-16s %-8s %-8s %6s %9s %10s %8s  %s\n", "NAME", "KIND", "DEFAULT",
		       "USERS", "EJECTIONS", "CALLS", "NS/CALL", "FIRST ERROR");
	if (!fgets(line, sizeof(line), f))	/* the header */
		line[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		__u64 calls = 0, ns = 0;
		bool pinned, stats;

		if (parse_row(line, &r) || (only && strcmp(only, r.name)))
			continue;
		found = true;
		pinned = !pin_path(path, sizeof(path), r.name) && !access(path, F_OK);
		stats = pinned && !policy_run_stats(path, &calls, &ns);
		if (json_output) {
			jw_start_object(NULL);
			jw_string("name", r.name);
			jw_string("kind", r.kind);
			jw_bool("default", !strcmp(def, r.name));
			jw_uint("users", r.users);
			jw_uint("ejections", r.ejections);
			if (pinned)
				jw_string("pinned", path);
			if (stats) {
				jw_uint("calls", calls);
				jw_uint("run_time_ns", ns);
			}
			if (strcmp(r.exit, "-")) {
				jw_start_object("exit");
				jw_string("kind", r.exit);
				jw_string("token", r.token);
				jw_string("message", r.message);
				jw_end_object();
			}
			jw_end_object();
		} else {
			printf("%-16s %-8s %-8s %6u %9u ", r.name, r.kind,
			       strcmp(def, r.name) ? "" : "yes", r.users, r.ejections);
			if (stats)
				printf("%10llu %8llu  ", (unsigned long long)calls,
				       (unsigned long long)(calls ? ns / calls : 0));
			else
				printf("%10s %8s  ", "-", "-");
			if (strcmp(r.exit, "-"))
				printf("%s on %s: %s\n", r.exit, r.token, r.message);
			else
				printf("-\n");
		}
	}
	fclose(f);
	if (json_output) {
		jw_end_array();
		jw_finish();
	}
	if (only && !found) {
		p_err("no %s '%s' is registered", kind->what, only);
		return -1;
	}
	return 0;
}

static int do_set_default(int argc, char **argv)
{
	FILE *f;
	int err = 0;

	REQ_ARGS(1);
	if (argc > 1) {
		p_err("unexpected '%s' after the name", argv[1]);
		return -1;
	}
	f = fopen(kind->sysctl, "w");
	if (!f || fputs(argv[0], f) < 0)
		err = errno;
	if (f && fclose(f) && !err)
		err = errno;
	if (err) {
		if (err == ENOENT)
			p_err("no %s '%s' is registered", kind->what, argv[0]);
		else
			p_err("cannot set the default %s to '%s': %s",
			      kind->what, argv[0], strerror(err));
		return -1;
	}
	report_done("default", argv[0]);
	return 0;
}

static const struct cmd policy_cmds[] = {
	{ "load",		do_load },
	{ "replace",		do_replace },
	{ "unload",		do_unload },
	{ "list",		do_show },
	{ "show",		do_show },
	{ "set-default",	do_set_default },
	{ "help",		policy_help },
	{ NULL, NULL }
};

int do_sched(int argc, char **argv)
{
	kind = &sched_kind;
	libbpf_set_print(libbpf_print);
	return cmd_select(policy_cmds, argc, argv, policy_help);
}

int do_cc(int argc, char **argv)
{
	kind = &cc_kind;
	libbpf_set_print(libbpf_print);
	return cmd_select(policy_cmds, argc, argv, policy_help);
}

int do_pm(int argc, char **argv)
{
	kind = &pm_kind;
	libbpf_set_print(libbpf_print);
	return cmd_select(policy_cmds, argc, argv, policy_help);
}
