#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# BPF path managers that use address signalling.  bpf_fullmesh on the
# client: the server announces its second address, and the client opens
# a subflow for every pair of its two addresses and the server's two (four
# subflows, three joins).  bpf_backup_pm on the server: the client's join
# is made a backup with MP_PRIO, so the client leaves the second path idle;
# when the server's first subflow is reset mid-transfer the backup is made
# active (a second MP_PRIO) and carries the rest.  Every transfer is
# byte-exact.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
tmp=$(mktemp -d)
shape "$cli" "$l1c" "$l2c" 40mbit
shape "$srv" "$l1s" "$l2s" 40mbit

# --- fullmesh: 2 x 2 addresses ---
ip -n "$cli" mptcp limits set subflows 3 add_addr_accepted 2
ip -n "$srv" mptcp limits set subflows 3 add_addr_accepted 2
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c"
ip -n "$srv" mptcp endpoint add 198.51.100.2 dev "$l2s" signal
pm_load bpf_fullmesh pm_fullmesh
ip netns exec "$cli" "$MPTCPCTL" pm set-default bpf_fullmesh >/dev/null
xfer_run "$srv" "$cli" 192.0.2.2 8101 -q -P mptcp -m poll -u 24m -d 1m &
bg=$!
wait_moved "$cli" 8101 $((6 * 1024 * 1024)) 4 || true
ss_out=$(ip netns exec "$cli" ss -Htn state established "dport = :8101")
wait $bg || fail "the fullmesh transfer failed"
expect_counter "$cli" AddAddr -eq 1
expect_counter "$cli" MPJoinSynTx -eq 3
expect_counter "$srv" MPJoinAckRx -eq 3
pairs=$(awk '{ print $3 "-" $4 }' <<<"$ss_out" | sed 's/:[0-9]*//g' | sort -u | xargs)
info "bpf_fullmesh: subflows $pairs"
expect_eq "fullmesh pairs" "$pairs" \
	"192.0.2.1-192.0.2.2 192.0.2.1-198.51.100.2 198.51.100.1-192.0.2.2 198.51.100.1-198.51.100.2"
ip netns exec "$cli" "$MPTCPCTL" pm set-default kernel >/dev/null
ip -n "$cli" mptcp endpoint flush
ip -n "$srv" mptcp endpoint flush
ip -n "$cli" mptcp limits set subflows 2 add_addr_accepted 2
ip -n "$srv" mptcp limits set subflows 2 add_addr_accepted 2

# --- backup_pm on the server: one active path, failover ---
# An upload: the server's MP_PRIOs travel with its ACKs only, never behind
# a full tbf queue (they are not sent again if lost).
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
pm_load bpf_backup_pm pm_backup
ip netns exec "$srv" "$MPTCPCTL" pm set-default bpf_backup_pm >/dev/null
b0=$(tx_bytes "$cli" "$l2c")
(sleep 1.5; tx_bytes "$cli" "$l2c" > "$tmp/l2c.before"
 reset_subflows "$srv" "oifname \"$l1s\" tcp sport 8102") &
_pids+=("$!")
xfer_run "$srv" "$cli" 192.0.2.2 8102 -q -P mptcp -m poll -u 16m -d 0
before=$(( $(cat "$tmp/l2c.before") - b0 ))
after=$(( $(tx_bytes "$cli" "$l2c") - $(cat "$tmp/l2c.before") ))
info "bpf_backup_pm: the client sent $before bytes on the backup path before the reset, $after after"
info "MPPrioTx $(counter "$srv" MPPrioTx), MPPrioRx $(counter "$cli" MPPrioRx)," \
     "client SubflowStale $(counter "$cli" SubflowStale), MPTCPRetrans $(counter "$cli" MPTCPRetrans)"
expect_counter "$srv" MPPrioTx -eq 2
expect_counter "$cli" MPPrioRx -eq 2
[ "$before" -lt $((256 * 1024)) ] || fail "the backup path carried $before bytes while path 1 lived"
[ "$after" -gt $((2 * 1024 * 1024)) ] || fail "the backup did not take over ($after bytes)"
expect_counter "$srv" PmEjected -eq 0
