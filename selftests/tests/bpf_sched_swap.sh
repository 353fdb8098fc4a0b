#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Live changes under traffic, byte-exact: `mptcpctl sched replace` swaps
# what runs as bpf_rr (round robin -> first subflow only) while a transfer
# uses it, and from then on the second path carries (almost) nothing;
# `mptcpctl sched unload` removes a scheduler in use, and its connection
# finishes on the default.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 100mbit
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load bpf_rr sched_rr
ip netns exec "$cli" "$MPTCPCTL" sched set-default bpf_rr

# 48 MiB over 2 x 100 Mbit/s: about 2 s; the change comes once 12 MiB are
# through (wait_moved: a time would miss the transfer on a slower kernel)
xfer_run "$srv" "$cli" 192.0.2.2 7901 -q -P mptcp -u 48m -d 0 &
bg=$!
wait_moved "$cli" 7901 $((12 * 1024 * 1024)) 2 || true
"$MPTCPCTL" sched replace bpf_rr "$BPF_DIR/sched_rr_as_backup.bpf.o" >/dev/null
a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
wait $bg || fail "the transfer across the replacement failed"
d1=$(( $(tx_bytes "$cli" "$l1c") - a1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
info "after the replacement: path 1 carried $d1 bytes, path 2 $d2"
[ "$d1" -gt $((4 * 1024 * 1024)) ] || fail "the transfer ended before the replacement took effect"
[ "$d2" -lt $((d1 / 8)) ] || fail "the replacement did not take over the live connection"
expect_eq "ejections" "$(sched_field bpf_rr ejections)" 0

xfer_run "$srv" "$cli" 192.0.2.2 7902 -q -P mptcp -u 48m -d 0 &
bg=$!
wait_moved "$cli" 7902 $((12 * 1024 * 1024)) 2 || true
"$MPTCPCTL" sched unload bpf_rr >/dev/null
_scheds=()
nap 0.3
users=$(sched_field default users)
wait $bg || fail "the transfer across the unload failed"
grep -qw bpf_rr /proc/sys/net/mptcp/available_schedulers && fail "bpf_rr still registered"
# the server's connection, and now the client's
[ "$users" -ge 2 ] || fail "the client's connection did not move to the default ($users users)"
expect_counter "$cli" SchedEjected -eq 0
