#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Policy per cgroup (mptcpctl cgroup): processes in two cgroups side by
# side get different schedulers, a child cgroup inherits (also one made
# after the set), a child's own entry overrides its parent's field by
# field, the socket option still wins over the cgroup and the cgroup over
# the namespace's sysctl.  Checked on the sockets (MPTCP_SCHEDULER and
# MPTCP_PATH_MANAGER read back) and on the wire (bpf_backup keeps a
# byte-exact transfer on one path, client and accepting server alike),
# with `cgroup show`, its counters, a policy unloaded under an entry
# (counted as refused, the namespace's applies), bad input refused, and
# nothing left pinned once every entry is gone.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

[ -f /sys/fs/cgroup/cgroup.procs ] || skip "no cgroup v2 hierarchy at /sys/fs/cgroup"
topo_two_paths
shape "$cli" "$l1c" "$l2c" 100mbit
shape "$srv" "$l1s" "$l2s" 100mbit
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load bpf_backup sched_backup
sched_load bpf_rr sched_rr
MB=$((1024 * 1024))

CG=/sys/fs/cgroup/mptcp-test-$$
mkdir -p "$CG/web/child" "$CG/bulk"
cg_cleanup() {
	local d
	for d in "$CG/web/child" "$CG/web/late" "$CG/web" "$CG/bulk" "$CG"; do
		"$MPTCPCTL" cgroup unset "$d" >/dev/null 2>&1 || true
	done
	for d in "$CG/web/child" "$CG/web/late" "$CG/web" "$CG/bulk" "$CG"; do
		rmdir "$d" 2>/dev/null || true
	done
	_cleanup
}
trap cg_cleanup EXIT

# policy_of CGROUP OPT [NAME]: what getsockopt(SOL_MPTCP, OPT) reports on a
# fresh MPTCP socket made by a process of CGROUP in $cli (OPT 100: the
# scheduler, 101: the path manager), after setting NAME with it if given
policy_of() {
	in_cgroup "$1" ip netns exec "$cli" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
if len(sys.argv) > 2:
    s.setsockopt(284, int(sys.argv[1]), sys.argv[2].encode())
print(s.getsockopt(284, int(sys.argv[1]), 16).rstrip(b"\0").decode())' "${@:2}"
}
sched_of() { policy_of "$1" 100 "${@:2}"; }
pm_of() { policy_of "$1" 101 "${@:2}"; }

# jfield JSON PATH: a field of JSON; PATH is keys joined by dots, or for an
# array "CGROUP.KEY": KEY of the element whose "cgroup" is CGROUP
jfield() {
	python3 -c '
import json, sys
v, path = json.loads(sys.argv[1]), sys.argv[2]
if isinstance(v, list):
    cg, key = path.rsplit(".", 1)
    v = [e for e in v if e["cgroup"] == cg]
    print(v[0][key] if v else "")
else:
    for k in path.split("."):
        v = v[k]
    print(v)' "$1" "$2"
}

ip netns exec "$cli" sysctl -qw net.mptcp.scheduler=bpf_rr
expect_eq "no entry: the namespace's" "$(sched_of "$CG/web")" bpf_rr

"$MPTCPCTL" cgroup set "$CG/web" sched bpf_backup || fail "cgroup set refused"
mkdir "$CG/web/late"
expect_eq "the cgroup's own" "$(sched_of "$CG/web")" bpf_backup
expect_eq "a child's, inherited" "$(sched_of "$CG/web/child")" bpf_backup
expect_eq "a child made after set" "$(sched_of "$CG/web/late")" bpf_backup
expect_eq "a sibling: the namespace's" "$(sched_of "$CG/bulk")" bpf_rr
expect_eq "the socket option wins" "$(sched_of "$CG/web" default)" default

# field by field: the child overrides the scheduler, inherits the PM
"$MPTCPCTL" cgroup set "$CG/web" pm userspace >/dev/null
"$MPTCPCTL" cgroup set "$CG/web/child" scheduler bpf_rr >/dev/null
expect_eq "child's own scheduler" "$(sched_of "$CG/web/child")" bpf_rr
expect_eq "child's inherited PM" "$(pm_of "$CG/web/child")" userspace
expect_eq "parent keeps its own" "$(sched_of "$CG/web")" bpf_backup
show=$("$MPTCPCTL" -j cgroup show "$CG/web/child")
info "show child: $show"
expect_eq "show: child's scheduler" \
	"$(jfield "$show" scheduler.name) $(jfield "$show" scheduler.from)" "bpf_rr $CG/web/child"
expect_eq "show: child's PM" \
	"$(jfield "$show" path_manager.name) $(jfield "$show" path_manager.from)" "userspace $CG/web"
show=$("$MPTCPCTL" -j cgroup show "$CG/bulk")
expect_eq "show: sibling's scheduler" "$(jfield "$show" scheduler.from)" net.mptcp.scheduler
"$MPTCPCTL" cgroup unset "$CG/web" pm >/dev/null
expect_eq "PM unset: the namespace's" "$(pm_of "$CG/web/child")" kernel

# on the wire: the web client's data stays on path 1; the bulk client's
# (bpf_rr, the namespace's) takes both
CLI_WRAP="in_cgroup $CG/web" moved "$cli" "$l1c" "$l2c" \
	xfer_run "$srv" "$cli" 192.0.2.2 7971 -q -P mptcp -m poll -u 6m -d 64k
info "client in web (bpf_backup): path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $((5 * MB)) ] && [ "$d2" -lt $((MB / 4)) ] || fail "the web cgroup's scheduler was not used"
CLI_WRAP="in_cgroup $CG/bulk" moved "$cli" "$l1c" "$l2c" \
	xfer_run "$srv" "$cli" 192.0.2.2 7972 -q -P mptcp -m poll -u 6m -d 64k
info "client in bulk (bpf_rr): path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $MB ] && [ "$d2" -gt $MB ] || fail "the bulk cgroup's client did not spread its data"

# a listener made in web: the connections it accepts use bpf_backup
ip netns exec "$srv" sysctl -qw net.mptcp.scheduler=bpf_rr
SRV_WRAP="in_cgroup $CG/web" moved "$srv" "$l1s" "$l2s" \
	xfer_run "$srv" "$cli" 192.0.2.2 7973 -q -P mptcp -m poll -u 64k -d 6m
info "server in web (bpf_backup): path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $((5 * MB)) ] && [ "$d2" -lt $((MB / 4)) ] || fail "the accepted socket did not inherit the listener's cgroup choice"

all=$("$MPTCPCTL" -j cgroup show)
info "show: $all"
n=$(jfield "$all" "$CG/web.sched_sockets")
[ "${n:-0}" -ge 5 ] || fail "web's entry counted ${n:-0} sockets, want >= 5"

# the child's own field unset: it inherits again
"$MPTCPCTL" cgroup unset "$CG/web/child" sched >/dev/null
expect_eq "child after unset" "$(sched_of "$CG/web/child")" bpf_backup

# a policy unloaded under an entry: refused, counted, the namespace's
"$MPTCPCTL" sched unload bpf_backup >/dev/null
expect_eq "entry's policy gone" "$(sched_of "$CG/web")" bpf_rr
n=$(jfield "$("$MPTCPCTL" -j cgroup show)" "$CG/web.sched_refused")
[ "${n:-0}" -ge 1 ] || fail "the refusal was not counted"

# bad input: a clean error, nothing changed
"$MPTCPCTL" cgroup set "$CG/bulk" sched no_such_sched 2>/dev/null && fail "an unknown scheduler was accepted"
"$MPTCPCTL" cgroup set /tmp sched bpf_rr 2>/dev/null && fail "a directory outside cgroup2 was accepted"
"$MPTCPCTL" cgroup set "$CG/bulk" colour bpf_rr 2>/dev/null && fail "an unknown field was accepted"
"$MPTCPCTL" cgroup unset "$CG/bulk" 2>/dev/null && fail "unset of a cgroup with no entry succeeded"
expect_eq "bulk untouched" "$(sched_of "$CG/bulk")" bpf_rr

# the last entry gone: nothing stays pinned, nothing attached
"$MPTCPCTL" cgroup unset "$CG/web" >/dev/null
[ ! -e /sys/fs/bpf/mptcp/cgroup ] || fail "left pinned: $(ls /sys/fs/bpf/mptcp/cgroup)"
expect_eq "after the last unset" "$(sched_of "$CG/web")" bpf_rr
