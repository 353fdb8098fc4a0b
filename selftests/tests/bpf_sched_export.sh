#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A scheduler written in the mptcp_net-next export branch's dialect
# (selftests/bpf/export_dialect.bpf.c: its own declarations, not our
# header; that branch's kfuncs and fields; .struct_ops.link) loads
# unchanged, carries an upload over two paths byte-exact, and each of its
# parts ran: get_send decisions, the window edge from mptcp_wnd_end()
# always known; nothing ejected.  When a subflow is reset mid-transfer,
# its get_retrans places what that subflow held on the other one.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 40mbit
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load test_export export_dialect
ip netns exec "$cli" "$MPTCPCTL" sched set-default test_export >/dev/null

# bss NAME: a counter of the loaded program
bss() {
	"$BIN/bpftool" -j map dump name export_d.bss |
		awk -F"\"$1\":" 'NF > 1 { split($2, a, /[,}]/); print a[1]; exit }'
}

MB=$((1024 * 1024))
a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
xfer_run "$srv" "$cli" 192.0.2.2 8401 -q -P mptcp -m poll -u 8m -d 0
d1=$(( $(tx_bytes "$cli" "$l1c") - a1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
info "test_export: path 1 $d1 bytes, path 2 $d2; $(bss sends) decisions"
[ "$d1" -gt $((2 * MB)) ] && [ "$d2" -gt $((2 * MB)) ] || fail "a path was left idle"
[ "$(bss sends)" -gt 100 ] || fail "get_send made $(bss sends) decisions"
expect_eq "decisions without a window edge" "$(bss window_lies)" 0

# the second subflow reset mid-transfer: what it held goes out again on
# the first, where get_retrans puts it
xfer_run "$srv" "$cli" 192.0.2.2 8402 -q -P mptcp -m poll -u 24m -d 0 &
bg=$!
wait_moved "$cli" 8402 $((6 * MB)) 2 || true
reset_subflows "$cli" "ip saddr 198.51.100.1 tcp dport 8402"
wait $bg || fail "the transfer across the reset failed"
info "test_export after a reset: $(bss retrans_calls) retransmission decisions, $(bss stale_checks) staleness checks"
[ "$(bss retrans_calls)" -gt 0 ] || fail "get_retrans never ran"
expect_eq "ejections" "$(sched_field test_export ejections)" 0
