#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Losing a path mid-transfer loses no byte: what the subflow on a link that
# goes down held is sent again on the other path, and the transfer completes
# byte-exact both ways.  A backup subflow carries no data while the primary
# path works (mptcp_backup_takeover: when the primary dies).
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 80mbit
shape "$srv" "$l1s" "$l2s" 80mbit

# down_after SEC NS DEV: take DEV down in NS after SEC seconds.
down_after() { sleep "$1"; ip -n "$2" link set "$3" down; }

# 1. Two active paths; the second one's link dies at 0.6 s.
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
down_after 0.6 "$cli" "$l2c" &
_pids+=("$!")
xfer_run "$srv" "$cli" 192.0.2.2 7701 -q -P mptcp -m poll -u 16m -d 16m
# What the dead path held went out again on the live one, from both ends
# (marking the path stale may or may not have been needed for that: a
# detour that keeps the Data ACK moving is enough).
stale=$(( $(counter "$cli" SubflowStale) + $(counter "$srv" SubflowStale) ))
expect_counter "$cli" MPTCPRetrans -ge 1
expect_counter "$srv" MPTCPRetrans -ge 1
info "stale subflows: $stale; retransmissions: client $(counter "$cli" MPTCPRetrans), server $(counter "$srv" MPTCPRetrans)"

# 2. The second path as a backup: idle while the first works...
ip -n "$cli" link set "$l2c" up
ip -n "$cli" route replace default via 198.51.100.2 dev "$l2c" metric 102
ip -n "$cli" mptcp endpoint flush
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow backup
b2=$(tx_bytes "$cli" "$l2c") s2=$(tx_bytes "$srv" "$l2s")
xfer_run "$srv" "$cli" 192.0.2.2 7702 -q -P mptcp -m poll -u 4m -d 4m
d2=$(( $(tx_bytes "$cli" "$l2c") - b2 )) e2=$(( $(tx_bytes "$srv" "$l2s") - s2 ))
info "backup path carried $d2 bytes from the client, $e2 from the server"
[ "$d2" -lt 200000 ] && [ "$e2" -lt 200000 ] || fail "the backup path carried data: $d2 / $e2 bytes"
expect_counter "$srv" MPJoinSynBackupRx -ge 1

