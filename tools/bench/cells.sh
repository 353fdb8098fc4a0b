#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cells.sh BIN_DIR LABEL ROUND: one round of every benchmark cell, run
# inside the guest by tools/bench/run (once per kernel and round, the
# kernels' sessions interleaved).  Each figure is printed as one line
#   BENCH,LABEL,ROUND,CELL,PROTO,METRIC,VALUE
# for the host to collect; nothing here judges a figure.  TCP and MPTCP
# use the same C tool (xfer -n: no per-byte pattern, so that the stack's
# cost is measured, not the checker's) with the same buffers and sysctls,
# their order alternating from round to round.
#
# BENCH_QUICK=1: smaller transfers and fewer transactions.
set -uo pipefail
export SELFTEST_BIN=${1:?usage: cells.sh BIN_DIR LABEL ROUND} SELFTEST_DIR
label=${2:?} round=${3:?}
SELFTEST_DIR=$(cd "$(dirname "$0")/../../selftests" && pwd)
. "$SELFTEST_DIR/lib.sh"
set +e

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	bulk=64m rr=2000 rr_big=200 agg=4m setup_s=3
else
	bulk=256m rr=10000 rr_big=1000 agg=16m setup_s=10
fi
port=$((9000 + round * 200))
protos=(tcp mptcp)
[ $((round % 2)) = 0 ] && protos=(mptcp tcp)

emit() { echo "BENCH,$label,$round,$1,$2,$3,$4"; }

# busy CPU time of the whole guest so far, in USER_HZ ticks: every field
# of /proc/stat's "cpu" line but idle and iowait
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
hz=$(getconf CLK_TCK)

fresh_ns() {
	local ns
	for ns in "${_namespaces[@]}"; do ip netns del "$ns"; done
	_namespaces=()
}

# bulk CELL PROTO -u|-d: one transfer of $bulk over the current $cli/$srv
# pair: the receiver's goodput, and the guest's busy CPU per byte
bulk() {
	local cell=$1 proto=$2 dir=$3 out t0 t1 mbit
	port=$((port + 1))
	ip netns exec "$srv" "$XFER" -l -p $port -P "$proto" "$dir" "$bulk" -n -m poll > /tmp/bench.srv 2>&1 &
	wait_listen "$srv" $port
	t0=$(busy_ticks)
	out=$(ip netns exec "$cli" "$XFER" -c "$addr" -p $port -P "$proto" "$dir" "$bulk" -n -m poll -t 300)
	wait
	t1=$(busy_ticks)
	# the receiving side's figure: what arrived, not what was queued
	if [ "$dir" = -u ]; then out=$(cat /tmp/bench.srv); fi
	mbit=$(sed -n 's/.*(\([0-9.]*\) Mbit\/s).*/\1/p' <<< "$out" | head -n1)
	[ -n "$mbit" ] || { echo "# $cell $proto: no figure: $out" >&2; return; }
	emit "$cell" "$proto" mbit "$mbit"
	emit "$cell" "$proto" cpu_ns_per_byte "$(awk -v d=$((t1 - t0)) -v hz="$hz" -v b="$(parse_bytes "$bulk")" \
		'BEGIN { printf "%.3f", d / hz * 1e9 / b }')"
}

parse_bytes() { numfmt --from=iec "${1^^}"; }

# rr CELL PROTO SIZE COUNT: request/response transactions per second and
# the client's p50/p99 round trip
rr() {
	local cell=$1 proto=$2 size=$3 n=$4 out
	port=$((port + 1))
	ip netns exec "$srv" "$XFER" -l -p $port -P "$proto" -r 1 -z "$size" -q &
	wait_listen "$srv" $port
	out=$(ip netns exec "$cli" "$XFER" -c "$addr" -p $port -P "$proto" -r "$n" -z "$size" -t 300)
	wait
	emit "$cell" "$proto" tps "$(sed -n 's/.*(\([0-9.]*\)\/s).*/\1/p' <<< "$out")"
	emit "$cell" "$proto" p50_us "$(sed -n 's/.* p50 \([0-9]*\) us.*/\1/p' <<< "$out")"
	emit "$cell" "$proto" p99_us "$(sed -n 's/.* p99 \([0-9]*\) us.*/\1/p' <<< "$out")"
}

# setup CELL PROTO: connect, one request and its answer, close, one after
# another for $setup_s seconds: connections per second
setup() {
	local cell=$1 proto=$2 out
	port=$((port + 1))
	ip netns exec "$srv" "$BIN/load" -l -a "$addr" -p $port -P "$proto" -n 0 > /dev/null 2>&1 &
	local spid=$!
	wait_listen "$srv" $port
	out=$(ip netns exec "$cli" "$BIN/load" -c "$addr" -p $port -P "$proto" -n 1 -b 1 -R "$setup_s")
	kill "$spid"; wait "$spid" 2>/dev/null
	emit "$cell" "$proto" conn_per_s "$(sed -n 's/.*in [0-9.]* s (\([0-9.]*\)\/s).*/\1/p' <<< "$out")"
}

# upstream's own tool, as upstream's selftests run it (the anchors were
# measured with it): the client sends a file of zeros, the server discards
# it; timed from outside
uc_bulk() {
	local proto=$1 t0 t1
	port=$((port + 1))
	ip netns exec "$srv" "$UPSTREAM_CONNECT" -t 60 -l -p $port -s "${proto^^}" 0.0.0.0 \
		< /dev/null > /dev/null &
	wait_listen "$srv" $port
	t0=$(date +%s%N)
	ip netns exec "$cli" "$UPSTREAM_CONNECT" -t 60 -p $port -s "${proto^^}" "$addr" \
		< /tmp/bench.in > /dev/null || { echo "# uc_bulk_up $proto: mptcp_connect failed" >&2; wait; return; }
	wait
	t1=$(date +%s%N)
	emit uc_bulk_up "$proto" mbit "$(awk -v b="$(parse_bytes "$bulk")" -v t=$((t1 - t0)) \
		'BEGIN { printf "%.1f", b * 8 / (t / 1e9) / 1e6 }')"
}
UPSTREAM_CONNECT=${BENCH_UPSTREAM_CONNECT:-}
[ -x "$UPSTREAM_CONNECT" ] && head -c "$(parse_bytes "$bulk")" /dev/zero > /tmp/bench.in

# --- one path: a veth pair, nothing shaped (CPU-bound) -----------------------
topo_pair
addr=192.0.2.2
for proto in "${protos[@]}"; do
	[ -x "$UPSTREAM_CONNECT" ] && uc_bulk "$proto"
	bulk bulk_up "$proto" -u
	bulk bulk_down "$proto" -d
	rr rr_1B "$proto" 1 "$rr"
	rr rr_64K "$proto" 64k "$rr_big"
	setup setup "$proto"
done

# --- aggregation: upstream's simult_flows topology ---------------------------
# The client has two links to a router, the server one fast link behind it;
# both links shaped with netem (rate, one-way delay) at both ends.  The
# kernel path manager opens the second subflow from a "subflow" endpoint
# bound to the second link.  Goodput as a fraction of the summed rates;
# the report adds the ceiling the headers leave (1420 of 1514 bytes).
topo_routed() {
	fresh_ns
	ns_new cli rtr srv
	link_add "$cli" 192.0.2.1/24 "$rtr" 192.0.2.2/24
	c1=$LINK_A r1=$LINK_B
	link_add "$cli" 198.51.100.1/24 "$rtr" 198.51.100.2/24
	c2=$LINK_A r2=$LINK_B
	link_add "$rtr" 203.0.113.2/24 "$srv" 203.0.113.3/24
	ip netns exec "$rtr" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$cli" route add default via 192.0.2.2 dev "$c1" metric 101
	ip -n "$cli" route add default via 198.51.100.2 dev "$c2" metric 102
	ip -n "$srv" route add default via 203.0.113.2
	ip -n "$cli" mptcp limits set subflows 1 add_addr_accepted 1
	ip -n "$srv" mptcp limits set subflows 1 add_addr_accepted 1
	ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$c2" subflow
	addr=203.0.113.3
}

aggregate() {	# aggregate RATE1 RATE2 DELAY1 DELAY2 (Mbit/s, ms)
	local cell="agg_$1_$2_$3_$4" out mbit d
	topo_routed
	for d in "$cli $c1 $1 $3" "$rtr $r1 $1 $3" "$cli $c2 $2 $4" "$rtr $r2 $2 $4"; do
		set -- $d
		ip netns exec "$1" tc qdisc add dev "$2" root netem rate "$3"mbit delay "$4"ms limit 50
	done
	port=$((port + 1))
	ip netns exec "$srv" "$XFER" -l -p $port -P mptcp -u "$agg" -n -m poll > /tmp/bench.srv 2>&1 &
	wait_listen "$srv" $port
	ip netns exec "$cli" "$XFER" -c "$addr" -p $port -P mptcp -u "$agg" -n -m poll -J 1 -t 300 -q
	wait
	mbit=$(sed -n 's/.*(\([0-9.]*\) Mbit\/s).*/\1/p' /tmp/bench.srv | head -n1)
	[ -n "$mbit" ] && emit "$cell" mptcp mbit "$mbit"
}
for c in "10 10 0 0" "10 10 1 25" "10 3 0 0" "10 3 1 25" "10 3 25 1"; do
	aggregate $c
done
