#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The default scheduler does not spill onto a slow path what a fast one
# will carry sooner: 10 Mbit/s with 1 ms one way beside 3 Mbit/s with
# 25 ms (50-packet queues, the bench's agg_10_3_1_25), a byte-exact 16 MiB
# upload.  While the fast subflow's queue was full, bursts went to the slow
# one: its send queue held up to 265 KB not yet sent (most of a second at
# 3 Mbit/s), data that arrived after everything the fast path sent
# meanwhile, and the connection got 0.75-0.88 of the links (upstream 0.93).
# A full subflow now still competes on linger time, and the burst waits
# for it.  Sampled during the transfer: the slow subflow's unsent queue
# stays under 192 KB (half a second at 3 Mbit/s; with equal linger times
# it peaks at 65-115 KB: the fast subflow's queue holds a third of a
# second); the goodput reaches 0.85 of the links.  The same for
# bpf_burst, the default's BPF twin.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
for ns_dev in "$cli $l1c" "$srv $l1s"; do
	set -- $ns_dev
	ip netns exec "$1" tc qdisc add dev "$2" root netem rate 10mbit delay 1ms limit 50
done
for ns_dev in "$cli $l2c" "$srv $l2s"; do
	set -- $ns_dev
	ip netns exec "$1" tc qdisc add dev "$2" root netem rate 3mbit delay 25ms limit 50
done
ip -n "$cli" mptcp limits set subflows 1 add_addr_accepted 0
ip -n "$srv" mptcp limits set subflows 1 add_addr_accepted 0
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load bpf_burst sched_burst

spill_case() {	# spill_case PORT SCHEDULER
	local port=$1 sched=$2 cpid spid worst=0 q mbit
	ip netns exec "$srv" "$XFER" -l -p "$port" -P mptcp -u 16m -m poll -t $((120 * SCALE)) \
		> /tmp/spill.srv.$$ 2>&1 &
	spid=$!
	wait_listen "$srv" "$port"
	ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p "$port" -P mptcp -u 16m -m poll -S "$sched" \
		-t $((120 * SCALE)) -q &
	cpid=$!
	wait_moved "$cli" "$port" $((2 * 1024 * 1024)) 2 ||
		fail "$sched: the upload did not get going over both paths"
	while kill -0 "$cpid" 2>/dev/null; do
		q=$(ip netns exec "$cli" ss -Htni state established src 198.51.100.1 "dport = :$port" |
			grep -o 'notsent:[0-9]*' | cut -d: -f2 || true)
		[ "${q:-0}" -gt "$worst" ] && worst=$q
		sleep 0.3
	done
	wait "$cpid" || fail "$sched: client of the upload"
	wait "$spid" || fail "$sched: server of the upload: $(cat /tmp/spill.srv.$$)"
	mbit=$(sed -n 's/.*(\([0-9.]*\) Mbit\/s).*/\1/p' /tmp/spill.srv.$$)
	rm -f /tmp/spill.srv.$$
	info "$sched: $mbit Mbit/s over 10 + 3 Mbit/s; the slow subflow's unsent queue peaked at $worst bytes"
	[ "$worst" -lt $((192 * 1024)) ] ||
		fail "$sched: $worst bytes waited unsent on the slow subflow"
	# rates judged only where the CPU is not the limit (not on a debug
	# kernel, timeout scale > 1); the queue bound holds everywhere
	[ "$SCALE" != 1 ] || awk -v m="$mbit" 'BEGIN { exit !(m >= 0.85 * 13) }' ||
		fail "$sched: $mbit Mbit/s, under 0.85 of the 13 Mbit/s the links carry"
}

spill_case 7811 default
spill_case 7812 bpf_burst
