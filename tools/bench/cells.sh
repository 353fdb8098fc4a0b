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
# BENCH_QUICK=1: smaller transfers and fewer transactions.  BENCH_ONLY:
# the groups to run (pair agg fan loss hetero bpf), all by default.
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
want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }

# busy CPU time of the whole guest so far, in USER_HZ ticks: every field
# of /proc/stat's "cpu" line but idle and iowait
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
hz=$(getconf CLK_TCK)

fresh_ns() {
	local ns
	for ns in "${_namespaces[@]}"; do ip netns del "$ns"; done
	_namespaces=()
}

# The CPU-bound cells pin the client to vCPU 0 and the server to vCPU 1.
# Left to the scheduler, the two processes, the veth softirq (which runs
# on the sender's CPU) and, for MPTCP, the msk's copy land differently
# from one session to the next, and a session's single-path figure swung
# by up to 2x with it, on either kernel; pinned, both kernels get the same
# placement every time.
PIN_CLI=(taskset -c 0) PIN_SRV=(taskset -c 1)
[ "$(nproc)" -ge 2 ] || PIN_CLI=() PIN_SRV=()

# bulk CELL PROTO -u|-d: one transfer of $bulk over the current $cli/$srv
# pair: the receiver's goodput, and the guest's busy CPU per byte
bulk() {
	local cell=$1 proto=$2 dir=$3 out t0 t1 mbit
	port=$((port + 1))
	ip netns exec "$srv" "${PIN_SRV[@]}" "$XFER" -l -p $port -P "$proto" "$dir" "$bulk" -n -m poll -t 300 \
		> /tmp/bench.srv 2>&1 &
	wait_listen "$srv" $port
	t0=$(busy_ticks)
	out=$(ip netns exec "$cli" "${PIN_CLI[@]}" "$XFER" -c "$addr" -p $port -P "$proto" "$dir" "$bulk" \
		-n -m poll -t 300)
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

# rr CELL PROTO SIZE COUNT [LABEL]: request/response transactions per
# second and the client's p50/p99 round trip (recorded as LABEL's, PROTO's
# by default)
rr() {
	local cell=$1 proto=$2 size=$3 n=$4 tag=${5:-$2} out
	port=$((port + 1))
	ip netns exec "$srv" "$XFER" -l -p $port -P "$proto" -r 1 -z "$size" -t 300 -q &
	wait_listen "$srv" $port
	out=$(ip netns exec "$cli" "$XFER" -c "$addr" -p $port -P "$proto" -r "$n" -z "$size" -t 300)
	wait
	emit "$cell" "$tag" tps "$(sed -n 's/.*(\([0-9.]*\)\/s).*/\1/p' <<< "$out")"
	emit "$cell" "$tag" p50_us "$(sed -n 's/.* p50 \([0-9]*\) us.*/\1/p' <<< "$out")"
	emit "$cell" "$tag" p99_us "$(sed -n 's/.* p99 \([0-9]*\) us.*/\1/p' <<< "$out")"
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

# idle_mem PROTO: 200 connections held open after 1 KiB each way; the
# slab memory they take, per connection, both ends together
idle_mem() {
	local proto=$1 n=200 hold=/tmp/bench.hold slab0 spid cpid i
	port=$((port + 1))
	sync; echo 3 > /proc/sys/vm/drop_caches
	slab0=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
	ip netns exec "$srv" "$BIN/load" -l -a "$addr" -p $port -n $n -P "$proto" > /dev/null 2>&1 &
	spid=$!
	wait_listen "$srv" $port
	rm -f "$hold"
	ip netns exec "$cli" "$BIN/load" -c "$addr" -p $port -n $n -b 1024 -P "$proto" \
		-W "$hold" -t 120 > /dev/null 2>&1 &
	cpid=$!
	for ((i = 0; i < 1200; i++)); do
		[ -e "$hold" ] && break
		kill -0 "$cpid" 2>/dev/null || break
		sleep 0.1
	done
	[ -e "$hold" ] && emit idle_mem "$proto" slab_kib_per_conn \
		"$(awk -v s0="$slab0" -v n=$n '/^Slab:/ { printf "%.1f", ($2 - s0) / n }' /proc/meminfo)"
	rm -f "$hold"
	wait "$cpid" "$spid"
}

# upstream's own tool, as upstream's selftests run it (the anchors were
# measured with it): the client sends a file of zeros, the server discards
# it; timed from outside
uc_bulk() {
	local proto=$1 t0 t1
	port=$((port + 1))
	ip netns exec "$srv" "${PIN_SRV[@]}" "$UPSTREAM_CONNECT" -t 60 -l -p $port -s "${proto^^}" 0.0.0.0 \
		< /dev/null > /dev/null &
	wait_listen "$srv" $port
	t0=$(date +%s%N)
	ip netns exec "$cli" "${PIN_CLI[@]}" "$UPSTREAM_CONNECT" -t 60 -p $port -s "${proto^^}" "$addr" \
		< /tmp/bench.in > /dev/null || { echo "# uc_bulk_up $proto: mptcp_connect failed" >&2; wait; return; }
	wait
	t1=$(date +%s%N)
	emit uc_bulk_up "$proto" mbit "$(awk -v b="$(parse_bytes "$bulk")" -v t=$((t1 - t0)) \
		'BEGIN { printf "%.1f", b * 8 / (t / 1e9) / 1e6 }')"
}
UPSTREAM_CONNECT=${BENCH_UPSTREAM_CONNECT:-}
[ -x "$UPSTREAM_CONNECT" ] && head -c "$(parse_bytes "$bulk")" /dev/zero > /tmp/bench.in

# --- one path: a veth pair, nothing shaped (CPU-bound) -----------------------
if want pair; then
topo_pair
addr=192.0.2.2
for proto in "${protos[@]}"; do
	[ -x "$UPSTREAM_CONNECT" ] && uc_bulk "$proto"
	bulk bulk_up "$proto" -u
	bulk bulk_down "$proto" -d
	rr rr_1B "$proto" 1 "$rr"
	rr rr_64K "$proto" 64k "$rr_big"
	setup setup "$proto"
	idle_mem "$proto"
done
fi

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

# shape_routed RATE1 RATE2 DELAY1 DELAY2 [NETEM1...]: netem on both links
# at both ends (Mbit/s, one-way ms); NETEM1 adds to link 1 (loss, say)
shape_routed() {
	local rate1=$1 rate2=$2 delay1=$3 delay2=$4 dev
	shift 4
	for dev in "$cli $c1" "$rtr $r1"; do
		ip netns exec ${dev% *} tc qdisc add dev ${dev#* } root netem \
			rate "$rate1"mbit delay "$delay1"ms limit 50 "$@"
	done
	for dev in "$cli $c2" "$rtr $r2"; do
		ip netns exec ${dev% *} tc qdisc add dev ${dev#* } root netem \
			rate "$rate2"mbit delay "$delay2"ms limit 50
	done
}

# routed_bulk CELL TAG: one upload of $agg over the routed topology, MPTCP
# for any TAG but tcp; the receiver's goodput and longest wait between
# arrivals, recorded as TAG's.  The client does not wait for its join
# (xfer -J): upstream's client is fully established, and so opens joins,
# only on the server's first Data ACK, which an upload that waited would
# never get; simult_flows.sh does not wait either.  The server, with
# nothing to send, keeps its side open until the upload ends (xfer -m
# poll): had it shut down at once, as it did until 2026-12-07, upstream's
# client would have been in CLOSE_WAIT from the first round trip, and
# upstream opens no subflow there -- every agg and fan figure of
# upstream's was one link's.
routed_bulk() {
	local cell=$1 tag=$2 proto=mptcp mbit
	[ "$tag" = tcp ] && proto=tcp
	port=$((port + 1))
	ip netns exec "$srv" "$XFER" -l -p $port -P "$proto" -u "$agg" -n -m poll -t 300 > /tmp/bench.srv 2>&1 &
	wait_listen "$srv" $port
	ip netns exec "$cli" "$XFER" -c "$addr" -p $port -P "$proto" -u "$agg" -n -m poll -t 300 -q
	wait
	mbit=$(sed -n 's/.*(\([0-9.]*\) Mbit\/s).*/\1/p' /tmp/bench.srv | head -n1)
	[ -n "$mbit" ] || { echo "# $cell $tag: no figure: $(cat /tmp/bench.srv)" >&2; return 1; }
	emit "$cell" "$tag" mbit "$mbit"
	emit "$cell" "$tag" gap_ms "$(sed -n 's/.*longest gap \([0-9]*\) ms.*/\1/p' /tmp/bench.srv | head -n1)"
}

aggregate() {	# aggregate RATE1 RATE2 DELAY1 DELAY2 (Mbit/s, ms)
	topo_routed
	shape_routed "$@"
	routed_bulk "agg_$1_$2_$3_$4" mptcp
}
if want agg; then
for c in "10 10 0 0" "10 10 1 25" "10 3 0 0" "10 3 1 25" "10 3 25 1"; do
	aggregate $c
done
fi

# --- aggregation over 4 and 8 subflows -------------------------------------
# N client links of 20/N Mbit/s each (2 ms one way) to the router, one
# subflow per link ("subflow" endpoints), addresses in 192.0.2.0/24 cut in
# /28s; the report takes the goodput as a fraction of the summed rate.
fan() {
	local n=$1 rate
	rate=$(awk -v n="$n" 'BEGIN { print 20 / n }')
	fresh_ns
	topo_fan "$n" "$rate"
	addr=203.0.113.3
	routed_bulk "fan_${n}x$rate" mptcp
}
if want fan; then
fan 4
fan 8
fi

# --- loss and failover -------------------------------------------------------
# Two 10 Mbit/s paths, 10 ms one way.  Loss: link 1 (the initial subflow's,
# and plain TCP's only one) drops 1 % or 5 % both ways; goodput and the
# reader's longest wait.  Failover: 4 MiB in, link 1 drops everything both
# ways; how long the reader waited and what the transfer averaged.
if want loss; then
for loss in 1 5; do
	for proto in "${protos[@]}"; do
		topo_routed
		shape_routed 10 10 10 10 loss "$loss"%
		routed_bulk "loss_${loss}pct" "$proto"
	done
done
topo_routed
shape_routed 10 10 10 10
(	# routed_bulk takes the next port
	wait_moved "$cli" $((port + 1)) $((4 * 1024 * 1024)) 2 || exit 0
	for d in "$cli $c1" "$rtr $r1"; do
		set -- $d
		ip netns exec "$1" tc qdisc change dev "$2" root netem rate 10mbit delay 10ms limit 50 loss 100%
	done
) &
routed_bulk failover mptcp
wait
fi

# --- heterogeneous paths -----------------------------------------------------
# 10 Mbit/s at 5 ms and 3 Mbit/s at 50 ms one way: 16 KiB requests and
# answers, their round trip (p50/p99) and the receiver's out-of-order
# queueing (MPTcpExtOFOQueue), plain TCP on the fast path as the ideal; on
# our kernel again with each shipped BPF scheduler.
het_n=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 100 || echo 400)
ofo_queued() {	# both ends' MPTcpExtOFOQueue
	local a b
	a=$(counter "$srv" OFOQueue) b=$(counter "$cli" OFOQueue)
	echo $(( ${a:-0} + ${b:-0} ))
}
hetero() {	# hetero PROTO [SCHEDULER]
	local proto=$1 sched=${2:-} tag=$1 o0 o1
	topo_routed
	shape_routed 10 3 5 50
	if [ -n "$sched" ]; then
		tag="sched_$sched"
		for ns in "$cli" "$srv"; do
			ip netns exec "$ns" "$BIN/mptcpctl" sched set-default "$sched" > /dev/null ||
				{ echo "# $sched: not selectable" >&2; return; }
		done
	fi
	o0=$(ofo_queued)
	rr hetero_16K "$proto" 16k "$het_n" "$tag"
	o1=$(ofo_queued)
	[ "$proto" = tcp ] || emit hetero_16K "$tag" ofo_queued $((o1 - o0))
}
if want hetero; then
for proto in "${protos[@]}"; do
	hetero "$proto"
done
fi

# --- BPF schedulers (our kernel) ---------------------------------------------
# Each shipped BPF scheduler against the built-in default on the balanced
# 10+10 Mbit/s case and the heterogeneous one, and what one call of it
# costs (kernel.bpf_stats_enabled: run time over calls).
if want bpf; then
if [ -r /proc/net/mptcp_sched ] && [ -x "$BIN/mptcpctl" ]; then
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	sysctl -qw kernel.bpf_stats_enabled=1
	# the schedulers we ship (bpf/), not the selftests' own
	for src in "$SELFTEST_DIR"/../bpf/sched_*.bpf.c; do
		obj=$BIN/bpf/$(basename "$src" .c).o
		name=bpf_$(basename "$src" .bpf.c | sed 's/^sched_//')
		"$BIN/mptcpctl" sched load "$obj" > /dev/null || { echo "# $name: load failed" >&2; continue; }
		topo_routed
		shape_routed 10 10 0 0
		selected=1
		for ns in "$cli" "$srv"; do
			ip netns exec "$ns" "$BIN/mptcpctl" sched set-default "$name" > /dev/null || selected=
		done
		if [ -z "$selected" ]; then
			echo "# $name: not selectable" >&2
			"$BIN/mptcpctl" sched unload "$name" > /dev/null
			continue
		fi
		routed_bulk agg_10_10_0_0 "sched_$name"
		hetero mptcp "$name"
		"$BIN/mptcpctl" -j sched show "$name" | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
if s["calls"]:
	print("BENCH,%s,%s,sched_cost,%s,ns_per_call,%d" % (sys.argv[1], sys.argv[2], sys.argv[3],
	      s["run_time_ns"] // s["calls"]))' "$label" "$round" "sched_$name"
		fresh_ns
		"$BIN/mptcpctl" sched unload "$name" > /dev/null
	done
fi
fi
fresh_ns
