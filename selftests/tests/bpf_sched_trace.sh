#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The decision tracepoints, through the bpftrace scripts we ship: with
# bpf_rr over two paths, tools/bpftrace/mptcp_sched.bt sees decisions that
# mark the first subflow and decisions that mark the second, and an
# ejection with its reason; tools/bpftrace/mptcp_pm.bt sees the path
# manager open the second subflow.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

command -v bpftrace >/dev/null || skip "bpftrace is not installed"
mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing
[ -d /sys/kernel/tracing/events/mptcp/mptcp_sched_decision ] || fail "no mptcp_sched_decision tracepoint"
tools=$SELFTEST_DIR/../tools/bpftrace

topo_two_paths
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load bpf_rr sched_rr
sched_load test_stall sched_stall

out=$(mktemp) pmout=$(mktemp)
bpftrace "$tools/mptcp_sched.bt" > "$out" 2>&1 &
_pids+=($!)
bpftrace "$tools/mptcp_pm.bt" > "$pmout" 2>&1 &
_pids+=($!)
# bpftrace compiles its programs first: wait until both are attached
for i in $(seq 300); do
	grep -q "^Attaching" "$out" && grep -q "^Attaching" "$pmout" && break
	sleep 0.1
done
grep -q "^Attaching" "$out" || fail "mptcp_sched.bt did not start: $(head -5 "$out")"

ip netns exec "$cli" "$MPTCPCTL" sched set-default bpf_rr >/dev/null
xfer_run "$srv" "$cli" 192.0.2.2 7951 -q -P mptcp -m poll -u 8m -d 64k
ip netns exec "$cli" "$MPTCPCTL" sched set-default test_stall >/dev/null
xfer_run "$srv" "$cli" 192.0.2.2 7952 -q -P mptcp -m poll -u 8m -d 64k
sleep 1.5		# one more interval print
# bpftrace prints its maps and detaches on SIGTERM; one that is still
# there 20 s later is stuck (once in CI the test hung here, silently, to
# its time limit): say where, then fail
kill "${_pids[@]}" 2>/dev/null
for ((i = 0; i < 200 * SCALE; i++)); do
	alive=
	for p in "${_pids[@]}"; do kill -0 "$p" 2>/dev/null && alive+=" $p"; done
	[ -z "$alive" ] && break
	sleep 0.1
done
if [ -n "$alive" ]; then
	for p in $alive; do
		echo "bpftrace $p stuck: $(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null)" \
			"state $(awk '{ print $3 }' /proc/$p/stat 2>/dev/null)" \
			"wchan $(cat /proc/$p/wchan 2>/dev/null)" >&2
		cat /proc/$p/stack >&2 2>/dev/null || true
	done
	fail "bpftrace did not exit within 20 s of SIGTERM"
fi
wait 2>/dev/null

grep -E '^@decisions\[[0-9]+, bpf_rr, send, 2\]: [0-9]+' "$out" >/dev/null ||
	fail "no bpf_rr decision marking subflow 1: $(grep bpf_rr "$out" | head -5)"
grep -E '^@decisions\[[0-9]+, bpf_rr, send, 4\]: [0-9]+' "$out" >/dev/null ||
	fail "no bpf_rr decision marking subflow 2: $(grep bpf_rr "$out" | head -5)"
grep -q "scheduler test_stall ejected from connection .*: stall: marked no usable subflow" "$out" ||
	fail "no ejection traced: $(grep -i eject "$out" | head -3)"
grep -q "^@default_answered\[[0-9]*, test_stall\]" "$out" || fail "the default's answers were not traced"
grep -Eq "new subflow, err 0" "$pmout" || fail "mptcp_pm.bt saw no subflow: $(head -5 "$pmout")"
info "$(grep -c '^@decisions' "$out") decision lines, $(grep -c 'new subflow' "$pmout") subflows traced"
