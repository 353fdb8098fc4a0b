#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mptcpctl conn: a running connection is listed with its policies and
# moved from the default scheduler (both paths) to bpf_backup (first
# subflow only) mid-transfer: from then on the second path carries little
# beyond what it had queued, and the transfer is byte-exact.  Moves to
# unknown policies or tokens are refused with a reason.
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 100mbit
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load bpf_backup sched_backup
conn() { ip netns exec "$cli" "$MPTCPCTL" "$@"; }

# 96 MiB over 2 x 100 Mbit/s: about 4 s
xfer_run "$srv" "$cli" 192.0.2.2 8201 -q -P mptcp -u 96m -d 0 &
bg=$!
wait_moved "$cli" 8201 $((8 * 1024 * 1024)) 2 || true
# awk, not python: a python start takes most of a second under emulation
row=$(conn conn list | awk 'NR == 2 { print $1, $3, $5, $6, $7 }')
token=${row%% *}
expect_eq "listed" "${row#* }" "192.0.2.2:8201 2 default kernel"
b1=$(tx_bytes "$cli" "$l1c") b2=$(tx_bytes "$cli" "$l2c")
conn conn move "$token" sched bpf_backup >/dev/null || fail "conn move failed"
moved=$(conn conn list | awk 'NR == 2 { print $6 }')
wait $bg || fail "the transfer across the move failed"
d1=$(( $(tx_bytes "$cli" "$l1c") - b1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - b2 ))
info "after the move to bpf_backup: path 1 carried $d1 bytes, path 2 $d2"
expect_eq "scheduler after the move" "$moved" bpf_backup
[ "$d1" -gt $((8 * 1024 * 1024)) ] || fail "the transfer ended before the move"
[ "$d2" -lt $((d1 / 4)) ] || fail "the connection did not follow its new scheduler"

out=$(conn conn move "$token" sched no_such 2>&1) && fail "a move of a finished connection worked"
grep -q "no connection with token $token\|no scheduler 'no_such'" <<<"$out" || fail "move: $out"
out=$(conn conn move 12345678 pm kernel 2>&1) && fail "a move of an unknown token worked"
grep -q "no connection with token 12345678" <<<"$out" || fail "move: $out"
out=$(conn conn move zz sched default 2>&1) && fail "a bad token was accepted"
grep -q "'zz' is not a token" <<<"$out" || fail "move: $out"
expect_eq "JSON list, nothing running" "$(conn -j conn list)" "[]"
