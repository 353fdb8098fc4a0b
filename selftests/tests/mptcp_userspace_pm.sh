#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The userspace path manager (net.mptcp.pm_type=1), driven per connection
# by upstream's pm_nl_ctl (built from the tree) through the mptcp_pm
# commands with a token.  Mid-transfer: the server announces its second
# address (the client hears it, opens nothing by itself); the client
# opens a subflow to it, which carries data; the client makes it a backup
# (MP_PRIO) and destroys it; the server withdraws the address (RM_ADDR).
# The daemon reads back the local addresses it gave each connection
# (GET_ADDR with a token: dump, and one by id), as upstream's mptcp_join.sh
# does.  Both ends have a "daemon" (pm_nl_ctl events) listening: without one, a
# userspace-managed connection echoes no ADD_ADDR and takes no join (as
# upstream), which the last part checks.  Bad requests (unknown token,
# id 0, a connection the kernel PM manages) are refused.  Byte-exact.
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

PM_NL_CTL=$BIN/pm_nl_ctl
[ -x "$PM_NL_CTL" ] || skip "no pm_nl_ctl: make selftests builds it from the tree"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 20mbit
shape "$srv" "$l1s" "$l2s" 20mbit
for ns in "$cli" "$srv"; do
	ip netns exec "$ns" sysctl -qw net.mptcp.pm_type=1
done
ip netns exec "$srv" sysctl -qw net.mptcp.add_addr_timeout=1
expect_eq "path_manager" "$(ip netns exec "$cli" sysctl -n net.mptcp.path_manager)" userspace

# token NS: the token of NS's one connection (none is a failure that
# says so: under set -e an empty one ended the test without a word)
token() {
	local t
	t=$(ip netns exec "$1" awk 'NR == 2 { print $1 }' /proc/net/mptcp_conns)
	[ -n "$t" ] || fail "no connection listed in $1"
	echo $((16#$t))
}
ctl() { local ns=$1; shift; ip netns exec "$ns" "$PM_NL_CTL" "$@"; }

# the daemons: they only listen
daemons=()
for ns in "$cli" "$srv"; do
	ip netns exec "$ns" "$PM_NL_CTL" events >/dev/null 2>&1 &
	daemons+=("$!")
	_pids+=("$!")
done
nap 0.3

# An upload: the server's signals travel with its ACKs only, not behind
# data in a full tbf queue (RM_ADDR and MP_PRIO are sent once).
# 48 MiB, as much again per step of the timeout scale (on the debug
# kernel the checks below outlasted 48 MiB, and the token went with it).
xfer_run "$srv" "$cli" 192.0.2.2 8301 -q -P mptcp -m poll -u $((48 * SCALE))m -d 0 &
bg=$!
wait_moved "$cli" 8301 $((1024 * 1024)) || true
ct=$(token "$cli") st=$(token "$srv")
[ -n "$ct" ] && [ -n "$st" ] || fail "no connection listed"

# nothing happens by itself
ctl "$srv" ann 198.51.100.2 id 5 token "$st" || fail "announce refused"
nap 0.3
expect_counter "$cli" AddAddr -ge 1
expect_counter "$srv" EchoAdd -ge 1
expect_counter "$cli" MPJoinSynTx -eq 0
# dump_is NS TOKEN WANT...: the connection's local addresses, one a line
dump_is() {
	local ns=$1 tok=$2 got want
	shift 2
	got=$(ctl "$ns" dump token "$tok") || fail "dump token refused in $ns"
	want=$(printf '%s\n' "$@")
	[ "$got" = "$want" ] || fail "dump in $ns: got '$got', want '$want'"
}
dump_is "$srv" "$st" "id 5 flags signal 198.51.100.2"
expect_eq "get id 5" "$(ctl "$srv" get 5 token "$st")" "id 5 flags signal 198.51.100.2"
ctl "$srv" get 9 token "$st" >/dev/null 2>&1 && fail "get of an id never given succeeded"
out=$(ctl "$srv" ann 198.51.100.3 id 5 token "$st" 2>&1) && fail "id 5 taken for a second address"

# the daemon's subflow
l2=$(tx_bytes "$cli" "$l2c")
ctl "$cli" csf lip 198.51.100.1 lid 7 rip 198.51.100.2 rport 8301 token "$ct" ||
	fail "subflow create refused"
nap 1
expect_counter "$srv" MPJoinAckRx -eq 1
sent=$(( $(tx_bytes "$cli" "$l2c") - l2 ))
info "the created subflow carried $sent bytes from the client in a second"
[ "$sent" -gt $((256 * 1024)) ] || fail "the created subflow carried $sent bytes"
dump_is "$cli" "$ct" "id 7 flags subflow 198.51.100.1"

lport=$(ip netns exec "$cli" ss -Htn state established src 198.51.100.1 "dport = :8301" |
	awk '{ split($3, a, ":"); print a[2]; exit }')
ctl "$cli" set 198.51.100.1 port "$lport" rip 198.51.100.2 rport 8301 token "$ct" flags backup ||
	fail "set flags backup refused"
nap 0.3
# the client's MP_PRIO shares its path with data: sent, maybe lost
expect_counter "$cli" MPPrioTx -eq 1
expect_counter "$srv" MPPrioRx -le 1
ctl "$cli" dsf lip 198.51.100.1 lport "$lport" rip 198.51.100.2 rport 8301 token "$ct" ||
	fail "subflow destroy refused"
dump_is "$cli" "$ct"
ctl "$srv" rem id 5 token "$st" || fail "remove refused"
dump_is "$srv" "$st"
wait $bg || fail "the transfer failed"
expect_counter "$cli" RmAddr -eq 1
expect_counter "$cli" RmSubflow -eq 1

# Bad requests: EINVAL (pm_nl_ctl asks for no extack, so the messages,
# "invalid token" and the like, do not reach it).
out=$(ctl "$srv" ann 198.51.100.2 id 6 token 12345 2>&1) && fail "unknown token accepted"
grep -q "error -22" <<<"$out" || fail "unknown token: $out"
out=$(ctl "$srv" ann 198.51.100.2 id 0 token "$st" 2>&1) && fail "id 0 accepted"
grep -q "error -22" <<<"$out" || fail "id 0: $out"
ip netns exec "$srv" sysctl -qw net.mptcp.pm_type=0
xfer_run "$srv" "$cli" 192.0.2.2 8302 -q -P mptcp -u 8m -d 1m &
bg=$!
wait_moved "$cli" 8302 $((256 * 1024)) || true
st=$(token "$srv")
out=$(ctl "$srv" ann 198.51.100.2 id 6 token "$st" 2>&1) && fail "a kernel-managed connection took a command"
grep -q "error -22" <<<"$out" || fail "kernel PM connection: $out"
wait $bg || fail "the second transfer failed"

# No daemon: the server's ADD_ADDR goes unechoed (dropped), the client's
# join is answered but its third ACK refused.
ip netns exec "$srv" sysctl -qw net.mptcp.pm_type=1
kill "${daemons[@]}"
wait "${daemons[@]}" 2>/dev/null || true
xfer_run "$srv" "$cli" 192.0.2.2 8303 -q -P mptcp -m poll -u $((24 * SCALE))m -d 0 &
bg=$!
wait_moved "$cli" 8303 $((1024 * 1024)) || true
ct=$(token "$cli") st=$(token "$srv")
drops=$(counter "$cli" AddAddrDrop) acks=$(counter "$srv" MPJoinAckRx)
ctl "$srv" ann 198.51.100.2 id 7 token "$st" || fail "announce refused"
nap 0.5
expect_counter "$cli" AddAddrDrop -gt "${drops:-0}"
ctl "$cli" csf lip 198.51.100.1 lid 8 rip 198.51.100.2 rport 8303 token "$ct" >/dev/null 2>&1
nap 0.5
expect_counter "$srv" MPJoinAckRx -eq "${acks:-0}"
wait $bg || fail "the transfer without daemons failed"
