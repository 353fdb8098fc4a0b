#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Policy registries per network namespace: a scheduler (and a path
# manager) registered from inside a namespace -- a container's
# administrator, with the host's bpffs -- is that namespace's alone: it is
# listed, selected by sysctl and by socket option there, and nowhere else;
# another namespace may register one of the same name; one the host
# registers (from init_net) is every namespace's.  A connection in the
# owning namespace uses it, byte-exact; the namespace deleted while its
# policy is still pinned leaves nothing to crash on.
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_pair
other=
ns_new other
BPFTOOL=$BIN/bpftool
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
other_id= host_id=
netns_cleanup() {
	local id
	"$MPTCPCTL" sched unload bpf_rr >/dev/null 2>&1 || true
	"$MPTCPCTL" pm unload bpf_fullmesh >/dev/null 2>&1 || true
	for id in $other_id $host_id; do
		"$BPFTOOL" struct_ops unregister id "$id" >/dev/null 2>&1 || true
	done
	_cleanup
}
trap netns_cleanup EXIT

# in NS CMD...: CMD with NS's network namespace, the host's mounts (bpffs)
inns() { local ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }
avail() { inns "$1" cat /proc/sys/net/mptcp/available_schedulers; }
has() { [[ " $(avail "$1") " == *" $2 "* ]]; }
setopt() {
	inns "$1" python3 -c '
import errno, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
try:
    s.setsockopt(284, 100, sys.argv[1].encode())
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])' "$2"
}

inns "$cli" "$MPTCPCTL" sched load "$BPF_DIR/sched_rr.bpf.o" >/dev/null ||
	fail "mptcpctl could not load bpf_rr from inside a namespace"
inns "$cli" "$MPTCPCTL" pm load "$BPF_DIR/pm_fullmesh.bpf.o" >/dev/null ||
	fail "mptcpctl could not load bpf_fullmesh from inside a namespace"
info "schedulers cli sees: $(avail "$cli"); other: $(avail "$other"); host: $(cat /proc/sys/net/mptcp/available_schedulers)"
has "$cli" bpf_rr || fail "the owning namespace does not list its scheduler"
has "$other" bpf_rr && fail "another namespace lists it"
[[ " $(cat /proc/sys/net/mptcp/available_schedulers) " == *" bpf_rr "* ]] &&
	fail "the host lists a container's scheduler"
[[ " $(inns "$other" cat /proc/sys/net/mptcp/available_path_managers) " == *" bpf_fullmesh "* ]] &&
	fail "another namespace lists its path manager"
inns "$other" "$MPTCPCTL" sched show bpf_rr >/dev/null 2>&1 && fail "mptcpctl in another namespace shows it"
inns "$cli" "$MPTCPCTL" sched show bpf_rr >/dev/null || fail "mptcpctl in the owning namespace does not show it"

expect_eq "socket option, owner" "$(setopt "$cli" bpf_rr)" OK
expect_eq "socket option, another namespace" "$(setopt "$other" bpf_rr)" ENOENT
inns "$other" sysctl -qw net.mptcp.scheduler=bpf_rr 2>/dev/null && fail "another namespace's sysctl took it"
inns "$other" sysctl -qw net.mptcp.path_manager=bpf_fullmesh 2>/dev/null &&
	fail "another namespace's sysctl took its path manager"
inns "$cli" sysctl -qw net.mptcp.scheduler=bpf_rr || fail "the owner's sysctl refused it"

# the same name, registered by another namespace and by the host
# (bpftool registers sched_rr.bpf.o's plain struct_ops map: no link, it
# stays until unregistered by id)
# shellcheck disable=SC2016
map_id() { sed -n 's/.* id \([0-9]*\).*/\1/p' <<<"$1"; }
out=$(inns "$other" "$BPFTOOL" struct_ops register "$BPF_DIR/sched_rr.bpf.o" 2>&1) ||
	fail "another namespace could not register its own bpf_rr: $out"
other_id=$(map_id "$out")
has "$other" bpf_rr || fail "another namespace does not list its own bpf_rr"
out=$("$BPFTOOL" struct_ops register "$BPF_DIR/sched_rr.bpf.o" 2>&1) ||
	fail "the host could not register bpf_rr beside the namespaces' ones: $out"
host_id=$(map_id "$out")
has "$srv" bpf_rr || fail "the host's bpf_rr is not every namespace's"

# connections in the owning namespace run on its own bpf_rr, not the
# host's: the registry lists in registration order, so of the two rows
# named bpf_rr the owner sees, its own is the first
xfers_beside 8201
for _ in $(seq $((100 * SCALE))); do
	rows=$(inns "$cli" awk '$1 == "bpf_rr" { printf "%s ", $3 }' /proc/net/mptcp_sched)
	[ "${rows%% *}" -ge 1 ] 2>/dev/null && break
	sleep 0.05
done
xfers_beside_stop "the namespace's bpf_rr"
info "users of the rows named bpf_rr the owner sees (own, host's): $rows"
read -r own host <<<"$rows"
[ "${own:-0}" -ge 1 ] && [ "${host:-1}" = 0 ] || fail "the owner's connections did not use its own bpf_rr"

# the other namespace goes while its bpf_rr is pinned: seen by no one since
ip netns del "$other"
_namespaces=("${_namespaces[@]/$other}")
"$BPFTOOL" struct_ops unregister id "$other_id" >/dev/null 2>&1 ||
	fail "the gone namespace's bpf_rr could not be unregistered"
inns "$cli" "$MPTCPCTL" sched unload bpf_rr >/dev/null || fail "the owner could not unload its bpf_rr"
has "$cli" bpf_rr || fail "the host's bpf_rr vanished from the owner's view with its own"
"$BPFTOOL" struct_ops unregister id "$host_id" >/dev/null 2>&1 || fail "the host's bpf_rr could not be unregistered"
host_id=
has "$cli" bpf_rr && fail "bpf_rr still listed after every one was unloaded"
true
