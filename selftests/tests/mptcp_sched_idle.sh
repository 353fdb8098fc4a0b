#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The built-in scheduler on an idle connection: every request/response
# exchange finds both subflows idle (nothing queued), and the tie must go
# to the shorter path, not alternate between them.  Paths 5 ms and 50 ms
# one way; 16 KiB requests and answers over MPTCP with both subflows up
# must see about the round trip of plain TCP on the fast path, not the
# slow path's on every other exchange (it was 3x TCP's p50 before the
# tie went to the lower srtt), and the slow path's link must carry less
# than one message; bpf_burst, its BPF twin, too.  Every byte checked by
# xfer.
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
for end in "$cli $l1c" "$srv $l1s"; do
	ip netns exec ${end% *} tc qdisc add dev ${end#* } root netem delay 5ms limit 1000
done
for end in "$cli $l2c" "$srv $l2s"; do
	ip netns exec ${end% *} tc qdisc add dev ${end#* } root netem delay 50ms limit 1000
done
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow

# rtt PROTO PORT [xfer options]: the client's "p50 p99" round trip, in us
rtt() {
	local proto=$1 port=$2 out
	shift 2
	ip netns exec "$srv" "$XFER" -l -p "$port" -P "$proto" -r 1 -z 16k -q -t $((60 * SCALE)) &
	wait_listen "$srv" "$port"
	out=$(ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p "$port" -P "$proto" -r 60 -z 16k \
		-t $((60 * SCALE)) "$@") || fail "$proto exchange failed: $out"
	wait $! || fail "$proto server failed"
	sed -n 's/.* p50 \([0-9]*\) us p99 \([0-9]*\) us.*/\1 \2/p' <<<"$out"
}

# slow_bytes: what both ends have sent on the 50 ms path so far.  The
# direct oracle: with the tie going to the fast path, the slow one carries
# the join's handshake and a few ACKs, less than one 16 KiB message.
slow_bytes() { echo $(( $(tx_bytes "$cli" "$l2c") + $(tx_bytes "$srv" "$l2s") )); }
# round trips against TCP's: only where the stack's CPU cost is small
# beside the path's delay.  On the debug kernel MPTCP's own cost per
# exchange alone doubled TCP's p50 (40 against 21 ms) with 880 bytes on
# the slow path: there the bytes decide.
near_tcp() {	# near_tcp P50 P99
	[ "$SCALE" -gt 1 ] && return 0
	[ "${1:-999999999}" -le $((tcp50 * 3 / 2 + 5000)) ] &&
		[ "${2:-999999999}" -le $((tcp99 * 3 / 2 + 20000)) ]
}
slow_max=$((16 * 1024))

read -r tcp50 tcp99 <<<"$(rtt tcp 8301)"
s0=$(slow_bytes)
read -r mp50 mp99 <<<"$(rtt mptcp 8302 -J 1)"
slow=$(( $(slow_bytes) - s0 ))
info "16 KiB request/response p50/p99: TCP on the 5 ms path $tcp50/$tcp99 us, MPTCP over 5 ms + 50 ms $mp50/$mp99 us, $slow bytes on the slow path"
[ -n "$tcp99" ] && [ -n "$mp99" ] || fail "no figure"
[ "$slow" -lt "$slow_max" ] || fail "idle sends took the slow path ($slow bytes there)"
near_tcp "$mp50" "$mp99" ||
	fail "MPTCP's round trips are over 1.5x TCP's on the fast path: idle sends took the slow one"

# bpf_burst, the default's logic in BPF, must decide the same
sched_load bpf_burst sched_burst
s0=$(slow_bytes)
read -r b50 b99 <<<"$(rtt mptcp 8304 -J 1 -S bpf_burst)"
slow=$(( $(slow_bytes) - s0 ))
info "the same under bpf_burst: p50/p99 $b50/$b99 us, $slow bytes on the slow path"
[ "$slow" -lt "$slow_max" ] || fail "bpf_burst's idle sends took the slow path ($slow bytes there)"
near_tcp "$b50" "$b99" || fail "bpf_burst's round trips are over 1.5x TCP's: idle sends took the slow path"

# the same exchange under round robin must show the slow path, in bytes
# and in time: the setup can tell the two apart
sched_load bpf_rr sched_rr
s0=$(slow_bytes)
read -r rr50 rr99 <<<"$(rtt mptcp 8303 -J 1 -S bpf_rr)"
slow=$(( $(slow_bytes) - s0 ))
info "the same under bpf_rr: p50/p99 $rr50/$rr99 us, $slow bytes on the slow path"
# (it carried 489 KB of the 1966 KB exchanged on the debug kernel)
[ "$slow" -ge $((60 * 16 * 1024 / 4)) ] || fail "round robin left the 50 ms path idle: the test sees nothing"
[ "${rr99:-0}" -ge $((tcp99 + 60000)) ] || fail "round robin did not show the 50 ms path: the test sees nothing"
