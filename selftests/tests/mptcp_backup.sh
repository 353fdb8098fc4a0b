#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A backup subflow (`ip mptcp endpoint ... subflow backup`, the B bit on
# its MP_JOIN) carries no data while the primary path works; the transfer
# is byte-exact.  Losing paths mid-transfer: mptcp_path_loss.
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 80mbit
shape "$srv" "$l1s" "$l2s" 80mbit

ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow backup
b2=$(tx_bytes "$cli" "$l2c") s2=$(tx_bytes "$srv" "$l2s")
xfer_run "$srv" "$cli" 192.0.2.2 7702 -q -P mptcp -m poll -u 4m -d 4m
d2=$(( $(tx_bytes "$cli" "$l2c") - b2 )) e2=$(( $(tx_bytes "$srv" "$l2s") - s2 ))
info "backup path carried $d2 bytes from the client, $e2 from the server"
[ "$d2" -lt 200000 ] && [ "$e2" -lt 200000 ] || fail "the backup path carried data: $d2 / $e2 bytes"
expect_counter "$srv" MPJoinSynBackupRx -ge 1

