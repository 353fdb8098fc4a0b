#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Schedulers that misbehave at run time are ejected from the connection,
# the built-in default takes over at once and no byte is lost: one marks
# nothing (stall), one marks a socket that is no subflow (garbage: refused,
# then stall), one spins far past the time budget on every call (slow);
# one that overruns now and then, never twice in a row, stays.  mptcpctl shows
# each one's first error, `mptcpctl monitor` follows the load and the
# ejection; SchedEjected counts; the guest log stays clean (the runner
# scans it).
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow

# ejected NAME OBJECT KIND PORT
ejected() {
	local before
	sched_load "$1" "$2"
	ip netns exec "$cli" "$MPTCPCTL" sched set-default "$1"
	before=$(counter "$cli" SchedEjected)
	xfer_run "$srv" "$cli" 192.0.2.2 "$4" -q -P mptcp -m poll -u 4m -d 4m
	expect_eq "$1 exit" "$(sched_field "$1" exit.kind)" "$3"
	[ "$(sched_field "$1" ejections)" -ge 1 ] || fail "$1: no ejection counted"
	[ "$(counter "$cli" SchedEjected)" -gt "${before:-0}" ] || fail "$1: SchedEjected did not move"
	info "$1: $(sched_field "$1" exit.message)"
}

mon=$(mktemp)
"$MPTCPCTL" -j monitor count 2 > "$mon" &
mon_pid=$!
_pids+=($mon_pid)
sleep 0.5	# its first pass: what is loaded now is no event
ejected test_stall sched_stall stall 7801
for i in $(seq 50); do kill -0 $mon_pid 2>/dev/null || break; sleep 0.1; done
grep -q '"kind":"scheduler","event":"loaded","name":"test_stall"' "$mon" ||
	fail "mptcpctl monitor missed the load: $(cat "$mon")"
grep -q '"event":"ejected a connection","name":"test_stall","exit":"stall"' "$mon" ||
	fail "mptcpctl monitor missed the ejection: $(cat "$mon")"
ejected test_garbage sched_garbage stall 7802
ejected test_loop sched_loop slow 7803

# Overruns one at a time are no loop (a descheduled vCPU bills its wait to
# the program): test_hiccup overruns five times, never twice in a row, and
# keeps its connection.
sched_load test_hiccup sched_hiccup
ip netns exec "$cli" "$MPTCPCTL" sched set-default test_hiccup
xfer_run "$srv" "$cli" 192.0.2.2 7805 -q -P mptcp -m poll -u 4m -d 4m
overruns=$("$BIN/bpftool" -j map dump name sched_hi.bss |
	awk -F'"overruns":' 'NF > 1 { split($2, a, /[,}]/); print a[1]; exit }')
expect_eq "test_hiccup overruns" "$overruns" 5
expect_eq "test_hiccup ejections" "$(sched_field test_hiccup ejections)" 0
expect_eq "test_hiccup exit" "$(sched_field test_hiccup exit.kind)" ""

# Ejection is per connection: the scheduler stays loaded, and the next
# connection starts on it again (and is ejected again).
ip netns exec "$cli" "$MPTCPCTL" sched set-default test_stall
n=$(sched_field test_stall ejections)
xfer_run "$srv" "$cli" 192.0.2.2 7804 -q -P mptcp -m poll -u 4m -d 4m
[ "$(sched_field test_stall ejections)" -gt "$n" ] || fail "a new connection was not ejected again"
