#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-aggregate.sh BIN_DIR: run inside the guest by `make bench`, once
# per kernel.  Upstream's simult_flows cases: two paths shaped with netem
# (rate and delay, both ways), the kernel path manager opening the second
# subflow from a "subflow" endpoint, an upload over MPTCP.  Prints the
# goodput the server saw as a fraction of the two links' summed rates, and
# of the ceiling the headers leave: 1500-byte packets carry 1420 bytes of
# MPTCP payload (timestamps and a DSS with mapping) in 1514 on the wire.
set -uo pipefail
export SELFTEST_BIN=${1:?usage: bench-aggregate.sh BIN_DIR} SELFTEST_DIR
SELFTEST_DIR=$(cd "$(dirname "$0")/../selftests" && pwd)
. "$SELFTEST_DIR/lib.sh"
set +e

runs=${BENCH_RUNS:-3}
size=${BENCH_AGG_SIZE:-8m}
ceiling=$(awk 'BEGIN { print 1420 / 1514 }')
port=9500
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# aggregate RATE1 RATE2 DELAY1 DELAY2 (Mbit/s, ms): sets $goodput, the
# median in Mbit/s.  Not in a subshell: the namespaces it makes are
# deleted by the next call, or at exit, through lib.sh's list.
aggregate() {
	local i out
	for ns in "${_namespaces[@]}"; do ip netns del "$ns"; done
	_namespaces=()
	topo_two_paths
	for d in "$cli $l1c $1 $3" "$srv $l1s $1 $3" "$cli $l2c $2 $4" "$srv $l2s $2 $4"; do
		set -- $d
		ip netns exec "$1" tc qdisc add dev "$2" root netem rate "$3"mbit delay "$4"ms
	done
	ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
	out=$(mktemp)
	for i in $(seq "$runs"); do
		port=$((port + 1))
		ip netns exec "$srv" "$XFER" -l -p $port -P mptcp -u "$size" -m poll > "$out.$i" 2>&1 &
		wait_listen "$srv" $port
		ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p $port -P mptcp -u "$size" -m poll -q
		wait
	done
	goodput=$(cat "$out".* | sed -n 's/^xfer server: .*(\([0-9.]*\) Mbit\/s).*/\1/p' | median)
	rm -f "$out" "$out".*
}

printf 'kernel %s, two netem paths, %s upload, median of %s runs\n' "$(uname -r)" "$size" "$runs"
printf '%-34s %9s %9s %9s\n' "rates Mbit/s, delays ms" Mbit/s "of links" "of ceil."
for c in "10 10 0 0" "10 10 1 25" "10 3 0 0" "10 3 1 25" "10 3 25 1"; do
	set -- $c
	aggregate "$@"
	g=$goodput
	awk -v g="$g" -v r="$(($1 + $2))" -v c="$ceiling" -v n="$1/$2, $3/$4" \
		'BEGIN { printf "%-34s %9.2f %9.2f %9.2f\n", n, g, g / r, g / r / c }'
	echo "BENCH aggregate $1/$2/$3/$4 goodput=$g"
done
