#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's tutorials, step by step, with their own files
# (Documentation/tutorial/): tut_minrtt keeps an upload on the 1 ms path
# of two, 10 Mbit/s each (where the built-in default spreads it over
# both), is replaced
# live by a rebuilt copy and unloaded mid-transfer, its connection moving
# to the default without a byte lost; tut_follow opens a subflow to the
# address a server announces, where the kernel path manager (allowed no
# announced address) opens none.  Byte-exact.
# timeout: 300
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
# 10 Mbit/s each (what even the debug kernel moves); the 1 ms path's
# queue short enough (20 packets, 24 ms) that it stays the faster one
# under load, or minrtt would rightly move to the other
for ns_dev in "$cli $l1c" "$srv $l1s"; do
	set -- $ns_dev
	ip netns exec "$1" tc qdisc add dev "$2" root netem delay 1ms rate 10mbit limit 20
done
for ns_dev in "$cli $l2c" "$srv $l2s"; do
	set -- $ns_dev
	ip netns exec "$1" tc qdisc add dev "$2" root netem delay 20ms rate 10mbit limit 200
done
MB=$((1024 * 1024))

# --- the scheduler: load, select, watch, replace, unload ---
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load tut_minrtt sched_minrtt
stats_was=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -qw kernel.bpf_stats_enabled=1	# mptcpctl sched show: calls, run time
ip netns exec "$cli" "$MPTCPCTL" sched set-default tut_minrtt >/dev/null
moved "$cli" "$l1c" "$l2c" xfer_run "$srv" "$cli" 192.0.2.2 8701 -q -P mptcp -m poll -u 8m -d 0
info "tut_minrtt, 8 MiB up: 1 ms path $d1 bytes, 20 ms path $d2"
[ "$d1" -gt $((8 * MB)) ] || fail "the 1 ms path carried only $d1 bytes"
[ "$d2" -lt $((d1 / 50)) ] || fail "tut_minrtt put $d2 bytes on the 20 ms path"
calls=$(sched_field tut_minrtt calls)
sysctl -qw kernel.bpf_stats_enabled="$stats_was"
[ "${calls:-0}" -gt 0 ] || fail "mptcpctl sched show counts no call of tut_minrtt"

# The same upload on the built-in default: both paths, which is what the
# tutorial's scheduler gives up for its delay.
ip netns exec "$cli" "$MPTCPCTL" sched set-default default >/dev/null
moved "$cli" "$l1c" "$l2c" xfer_run "$srv" "$cli" 192.0.2.2 8702 -q -P mptcp -m poll -u 8m -d 0
info "default, 8 MiB up: 1 ms path $d1 bytes, 20 ms path $d2"
[ "$d2" -gt $MB ] || fail "the default left the 20 ms path idle ($d2 bytes): the paths are not what the test needs"

# Live: replaced by a rebuilt copy, then unloaded, during one upload.
ip netns exec "$cli" "$MPTCPCTL" sched set-default tut_minrtt >/dev/null
xfer_run "$srv" "$cli" 192.0.2.2 8703 -q -P mptcp -m poll -u 32m -d 0 &
bg=$!
wait_moved "$cli" 8703 $((4 * MB)) 2 || fail "the upload did not start on two subflows"
"$MPTCPCTL" sched replace tut_minrtt "$BPF_DIR/sched_minrtt.bpf.o" >/dev/null ||
	fail "mptcpctl sched replace failed"
wait_moved "$cli" 8703 $((2 * MB)) 2 || fail "the upload stalled after the replace"
a2=$(tx_bytes "$cli" "$l2c")
"$MPTCPCTL" sched unload tut_minrtt >/dev/null || fail "mptcpctl sched unload failed"
_scheds=()
wait "$bg" || fail "the upload failed across the replace and the unload"
after=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
info "after the unload, the 20 ms path carried $after bytes"
[ "$after" -gt $MB ] || fail "the connection did not move to the default (20 ms path: $after bytes)"
"$MPTCPCTL" sched show tut_minrtt >/dev/null 2>&1 && fail "tut_minrtt is still listed"

# --- the path manager: follow the server's announcement ---
ip -n "$cli" mptcp endpoint flush
ip -n "$cli" mptcp limits set subflows 2 add_addr_accepted 0
ip -n "$srv" mptcp endpoint add 198.51.100.2 dev "$l2s" signal
moved "$cli" "$l1c" "$l2c" xfer_run "$srv" "$cli" 192.0.2.2 8704 -q -P mptcp -m poll -u 8m -d 0
info "kernel path manager: 20 ms path $d2 bytes"
[ "$d2" -lt $MB ] || fail "the kernel path manager followed the announcement ($d2 bytes): the test proves nothing"
pm_load tut_follow pm_follow
ip netns exec "$cli" "$MPTCPCTL" pm set-default tut_follow >/dev/null
moved "$cli" "$l1c" "$l2c" xfer_run "$srv" "$cli" 192.0.2.2 8705 -q -P mptcp -m poll -u 8m -d 0
info "tut_follow: 1 ms path $d1 bytes, 20 ms path $d2"
[ "$d2" -gt $MB ] || fail "tut_follow opened no subflow to the announced address ($d2 bytes)"
expect_counter "$cli" AddAddr -ge 2
