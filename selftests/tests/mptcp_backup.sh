#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A backup subflow (`ip mptcp endpoint ... subflow backup`, the B bit on
# its MP_JOIN) carries no data while the primary path works; the transfer
# is byte-exact; the first subflow made a backup by its endpoint (MP_PRIO).
# Losing paths mid-transfer: mptcp_path_loss.
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


# The first subflow's own address as a backup endpoint: MP_CAPABLE has no
# backup bit, so the client says it with MP_PRIO once established, and the
# server then sends on the other path (the second endpoint) only.
ip -n "$cli" mptcp endpoint flush
ip -n "$cli" mptcp endpoint add 192.0.2.1 dev "$l1c" subflow backup
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
prio_tx=$(counter "$cli" MPPrioTx)
b1=$(tx_bytes "$srv" "$l1s")
xfer_run "$srv" "$cli" 192.0.2.2 7703 -q -P mptcp -m poll -u 1m -d 4m
e1=$(( $(tx_bytes "$srv" "$l1s") - b1 ))
info "the backup first path carried $e1 bytes from the server"
expect_counter "$cli" MPPrioTx -eq $((prio_tx + 1))
expect_counter "$srv" MPPrioRx -ge 1
[ "$e1" -lt 1000000 ] || fail "the first path, a backup, carried $e1 bytes from the server"
