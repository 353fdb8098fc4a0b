#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The shipped BPF schedulers, loaded with mptcpctl and selected per netns,
# each doing what it says over two equal paths (bytes per link, data
# byte-exact): bpf_rr and bpf_burst spread the data, bpf_backup keeps it on
# the first subflow, bpf_redundant sends all of it on both.  While a
# connection runs, `sched show` counts it as a user.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
# The links must be what limits the transfer, or a scheduler that picks by
# queue length (bpf_burst) rightly keeps to one path: on a CPU-bound
# kernel (the debug one, timeout scale 4: path 1 carried 0.6 of 6 MiB)
# they are slowed by the same factor.
shape "$cli" "$l1c" "$l2c" $((100 / SCALE))mbit
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow

for s in rr burst backup redundant; do sched_load "bpf_$s" "sched_$s"; done
for s in rr burst backup redundant; do
	grep -qw "bpf_$s" /proc/sys/net/mptcp/available_schedulers ||
		fail "bpf_$s missing from available_schedulers"
done
expect_eq "kind" "$(sched_field bpf_rr kind)" "bpf"

MB=$((1024 * 1024))
# run SCHED: 6 MiB from the client; sets d1 d2 to the bytes each link sent
run() {
	local a1 a2
	ip netns exec "$cli" "$MPTCPCTL" sched set-default "$1"
	expect_eq "default" "$(ip netns exec "$cli" cat /proc/sys/net/mptcp/scheduler)" "$1"
	a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
	xfer_run "$srv" "$cli" 192.0.2.2 "$2" -P mptcp -m poll -u 6m -d 64k
	d1=$(( $(tx_bytes "$cli" "$l1c") - a1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
	info "$1: path 1 carried $d1 bytes, path 2 $d2"
}

run bpf_rr 7701
[ $d1 -gt $((2 * MB)) ] && [ $d2 -gt $((2 * MB)) ] || fail "bpf_rr: uneven split"
run bpf_burst 7702
[ $d1 -gt $((1 * MB)) ] && [ $d2 -gt $((1 * MB)) ] || fail "bpf_burst: one path idle"
run bpf_backup 7703
[ $d2 -lt $((MB / 4)) ] || fail "bpf_backup: the second subflow carried data"
run bpf_redundant 7704
# best effort: a copy is skipped when that subflow has no room
[ $d1 -gt $((5 * MB)) ] && [ $d2 -gt $((5 * MB)) ] || fail "bpf_redundant: a path missed data"
expect_counter "$srv" DuplicateData -ge 1

# A connection in progress is a user of its scheduler (48 MiB over 2 x 100
# Mbit/s: about 2 s).
ip netns exec "$cli" "$MPTCPCTL" sched set-default bpf_rr
xfer_run "$srv" "$cli" 192.0.2.2 7705 -q -P mptcp -u 48m -d 0 &
bg=$!
wait_moved "$cli" 7705 $((8 * MB)) || true
users=$(sched_field bpf_rr users)
wait $bg || fail "the 48 MiB transfer failed"
[ "$users" -ge 1 ] || fail "bpf_rr had $users users during a transfer"
expect_eq "users after" "$(sched_field bpf_rr users)" 0
expect_counter "$cli" SchedEjected -eq 0
