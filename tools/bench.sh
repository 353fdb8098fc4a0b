#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh BIN_DIR: run inside the guest by `make bench`.  Bulk throughput
# and request/response rate over one veth pair, plain TCP and MPTCP side
# by side in this one session; prints each figure and the MPTCP/TCP ratio.
# Figures are for comparison within the session only: under software
# emulation their absolute values mean little.
set -uo pipefail
export SELFTEST_BIN=${1:?usage: bench.sh BIN_DIR} SELFTEST_DIR
SELFTEST_DIR=$(cd "$(dirname "$0")/../selftests" && pwd)
. "$SELFTEST_DIR/lib.sh"
set +e

runs=${BENCH_RUNS:-5}
bulk=${BENCH_BULK:-256m}
rr=${BENCH_RR:-20000}
topo_pair
port=9000

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure() {	# measure PROTO bulk|rr -> median figure
	local proto=$1 kind=$2 i out
	for i in $(seq "$runs"); do
		port=$((port + 1))
		if [ "$kind" = bulk ]; then
			ip netns exec "$srv" "$XFER" -l -p $port -P "$proto" -u "$bulk" -m poll -q &
			wait_listen "$srv" $port
			out=$(ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p $port -P "$proto" -u "$bulk" -m poll)
			sed -n 's/.*(\([0-9.]*\) Mbit\/s).*/\1/p' <<< "$out"
		else
			ip netns exec "$srv" "$XFER" -l -p $port -P "$proto" -r 1 -q &
			wait_listen "$srv" $port
			out=$(ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p $port -P "$proto" -r "$rr")
			sed -n 's/.*(\([0-9.]*\)\/s).*/\1/p' <<< "$out"
		fi
		wait
	done | median
}

tcp_bulk=$(measure tcp bulk)
mptcp_bulk=$(measure mptcp bulk)
tcp_rr=$(measure tcp rr)
mptcp_rr=$(measure mptcp rr)

# Our kernel only: the same MPTCP runs with the scheduler in BPF
# (bpf_burst, the default's logic) instead of the built-in C default.
bpf_bulk= bpf_rr=
if [ -r /proc/net/mptcp_sched ] && [ -x "$BIN/mptcpctl" ]; then
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	sysctl -qw kernel.bpf_stats_enabled=1
	"$BIN/mptcpctl" sched load "$BIN/bpf/sched_burst.bpf.o" >/dev/null
	for ns in "$cli" "$srv"; do
		ip netns exec "$ns" "$BIN/mptcpctl" sched set-default bpf_burst >/dev/null
	done
	bpf_bulk=$(measure mptcp bulk)
	bpf_rr=$(measure mptcp rr)
	bpf_stats=$("$BIN/mptcpctl" -j sched show bpf_burst | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
n, t = s["calls"], s["run_time_ns"]
print(f"{n} calls, {t // max(n, 1)} ns per call")')
	"$BIN/mptcpctl" sched unload bpf_burst >/dev/null
fi

# Our kernel only: request/response over two paths that lose 1 % each way
# (5 ms delay), the default scheduler against bpf_redundant (every request
# and answer on both paths): the tail latency redundancy buys.
red_p99= def_p99=
if [ -n "$bpf_bulk" ]; then
	ip netns del "$cli"; ip netns del "$srv"	# topo_two_paths reuses the names
	topo_two_paths
	for d in "$cli $l1c" "$cli $l2c" "$srv $l1s" "$srv $l2s"; do
		set -- $d
		ip netns exec "$1" tc qdisc add dev "$2" root netem delay 5ms loss 1%
	done
	ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
	"$BIN/mptcpctl" sched load "$BIN/bpf/sched_redundant.bpf.o" >/dev/null
	rr_p99() {	# rr_p99 SCHED -> median over runs of the client's p99 in us
		local i out
		for ns in "$cli" "$srv"; do
			ip netns exec "$ns" "$BIN/mptcpctl" sched set-default "$1" >/dev/null
		done
		for i in $(seq "$runs"); do
			port=$((port + 1))
			ip netns exec "$srv" "$XFER" -l -p $port -P mptcp -r 1 -q &
			wait_listen "$srv" $port
			out=$(ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p $port -P mptcp -r 1000)
			sed -n 's/.* p99 \([0-9]*\) us.*/\1/p' <<< "$out"
			wait
		done | median
	}
	def_p99=$(rr_p99 default)
	red_p99=$(rr_p99 bpf_redundant)
	"$BIN/mptcpctl" sched unload bpf_redundant >/dev/null
fi

printf 'kernel %s, median of %s runs\n' "$(uname -r)" "$runs"
printf '%-28s %12s %12s %8s\n' "" tcp mptcp ratio
awk -v t="$tcp_bulk" -v m="$mptcp_bulk" 'BEGIN { printf "%-28s %12.0f %12.0f %8.2f\n", "bulk Mbit/s (one way)", t, m, m / t }'
awk -v t="$tcp_rr" -v m="$mptcp_rr" 'BEGIN { printf "%-28s %12.0f %12.0f %8.2f\n", "request/response per s", t, m, m / t }'
if [ -n "$bpf_bulk" ]; then
	printf '%-28s %12s %12s %8s\n' "" default bpf_burst ratio
	awk -v t="$mptcp_bulk" -v m="$bpf_bulk" 'BEGIN { printf "%-28s %12.0f %12.0f %8.2f\n", "MPTCP bulk Mbit/s", t, m, m / t }'
	awk -v t="$mptcp_rr" -v m="$bpf_rr" 'BEGIN { printf "%-28s %12.0f %12.0f %8.2f\n", "MPTCP request/response per s", t, m, m / t }'
	echo "bpf_burst get_send: $bpf_stats (kernel.bpf_stats_enabled)"
	printf '%-28s %12s %12s %8s\n' "1 % loss, 5 ms, 2 paths" default redundant ratio
	awk -v t="$def_p99" -v m="$red_p99" 'BEGIN { printf "%-28s %12.0f %12.0f %8.2f\n", "request/response p99 us", t, m, m / t }'
	echo "BENCH bpf_bulk_ratio=$(awk -v t="$mptcp_bulk" -v m="$bpf_bulk" 'BEGIN { printf "%.3f", m / t }') bpf_rr_ratio=$(awk -v t="$mptcp_rr" -v m="$bpf_rr" 'BEGIN { printf "%.3f", m / t }') redundant_p99_ratio=$(awk -v t="$def_p99" -v m="$red_p99" 'BEGIN { printf "%.3f", m / t }')"
fi
echo "BENCH bulk_ratio=$(awk -v t="$tcp_bulk" -v m="$mptcp_bulk" 'BEGIN { printf "%.3f", m / t }') rr_ratio=$(awk -v t="$tcp_rr" -v m="$mptcp_rr" 'BEGIN { printf "%.3f", m / t }')"
