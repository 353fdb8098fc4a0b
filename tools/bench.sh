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

printf 'kernel %s, median of %s runs\n' "$(uname -r)" "$runs"
printf '%-28s %12s %12s %8s\n' "" tcp mptcp ratio
awk -v t="$tcp_bulk" -v m="$mptcp_bulk" 'BEGIN { printf "%-28s %12.0f %12.0f %8.2f\n", "bulk Mbit/s (one way)", t, m, m / t }'
awk -v t="$tcp_rr" -v m="$mptcp_rr" 'BEGIN { printf "%-28s %12.0f %12.0f %8.2f\n", "request/response per s", t, m, m / t }'
echo "BENCH bulk_ratio=$(awk -v t="$tcp_bulk" -v m="$mptcp_bulk" 'BEGIN { printf "%.3f", m / t }') rr_ratio=$(awk -v t="$tcp_rr" -v m="$mptcp_rr" 'BEGIN { printf "%.3f", m / t }')"
