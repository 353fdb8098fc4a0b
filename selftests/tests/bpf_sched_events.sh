#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scheduler events: test_events sends only on subflows the core reported
# up (subflow_up) and not down.  Selected by the namespace, both paths
# carry data, and its acked callback adds up to exactly what was sent; selected for a running connection (conn move), it hears of
# the subflows already up and both paths go on carrying data.  A missing
# event would make it mark nothing, 64 times, and be ejected: it must not.
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 100mbit
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load test_events sched_events
MB=$((1024 * 1024))

ip netns exec "$cli" "$MPTCPCTL" sched set-default test_events >/dev/null
a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
xfer_run "$srv" "$cli" 192.0.2.2 8301 -q -P mptcp -m poll -u 8m -d 0
d1=$(( $(tx_bytes "$cli" "$l1c") - a1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
info "test_events from the start: path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $((2 * MB)) ] && [ "$d2" -gt $((2 * MB)) ] || fail "a path missed its subflow_up"
# the acked event: every byte uploaded, DATA_ACKed once
acked=$("$BIN/bpftool" -j map dump name sched_ev.bss |
	awk -F'"acked_bytes":' 'NF > 1 { split($2, a, /[,}]/); print a[1]; exit }')
info "test_events heard of $acked DATA_ACKed bytes"
expect_eq "acked bytes" "$acked" $((8 * MB))

ip netns exec "$cli" "$MPTCPCTL" sched set-default default >/dev/null
xfer_run "$srv" "$cli" 192.0.2.2 8302 -q -P mptcp -u 64m -d 0 &
bg=$!
wait_moved "$cli" 8302 $((2 * MB)) 2 || true
token=$(ip netns exec "$cli" "$MPTCPCTL" conn list | awk 'NR == 2 { print $1 }')
ip netns exec "$cli" "$MPTCPCTL" conn move "$token" sched test_events >/dev/null ||
	fail "conn move failed"
b1=$(tx_bytes "$cli" "$l1c") b2=$(tx_bytes "$cli" "$l2c")
wait $bg || fail "the transfer across the move failed"
d1=$(( $(tx_bytes "$cli" "$l1c") - b1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - b2 ))
info "after a live move to test_events: path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $((4 * MB)) ] && [ "$d2" -gt $((4 * MB)) ] || fail "a path was idle after the move"
expect_eq "ejections" "$(sched_field test_events ejections)" 0
expect_counter "$cli" SchedEjected -eq 0
