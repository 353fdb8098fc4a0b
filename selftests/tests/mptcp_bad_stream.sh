#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input at the data level, hand-made with scapy (selftests/progs/
# mptcp_craft_stream.py) against a listener that records what each
# connection delivers: the RFC 8684 MUST rows B12, B15, B16 and B19 of
# ../shared/research/reliability.md section 6.2.  A mapping changed
# halfway resets the subflow, a second copy of a DSN is dropped (the first
# wins), a mapping may span segments, an infinite mapping beside a second
# subflow resets that subflow, a DSN beyond the window offered is dropped
# without a Data ACK, 32-bit DSNs wrap once and only when they should, the
# data-carrying third ACK twice is data once, an address id reused for
# another address or id 0 for a non-initial address is ignored, and an
# MP_FAIL without checksums falls back once, without a loop.  In every
# case the application reads exactly the bytes the peer meant, and each
# reaction is counted under its name.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

PY=/usr/bin/python3
"$PY" -c "import scapy" 2>/dev/null || skip "python3-scapy is not installed (tools/deps.sh installs it)"
CRAFT=$SELFTEST_DIR/progs/mptcp_craft_stream.py

topo_pair
ip -n "$srv" mptcp limits set subflows 2
rx=$(mktemp -d)
craft_listener 9250 "$rx"

# crafted CASE [COUNTER DELTA]...: the case sees its reaction and the
# bytes it meant arrive; each COUNTER on the server moves by DELTA
crafted() {
	local name=$1 out c
	local -A before=()
	shift
	for c in $(printf '%s\n' "$@" | awk 'NR % 2'); do
		before[$c]=$(counter "$srv" "$c")
	done
	out=$(ip netns exec "$cli" env CRAFT_RX="$rx" "$PY" "$CRAFT" 192.0.2.1 192.0.2.2 9250 "$name" 2>&1) ||
		fail "$name: $out"
	info "$out"
	while [ $# -ge 2 ]; do
		expect_eq "$name: $1" $(( $(counter "$srv" "$1") - before[$1] )) "$2"
		shift 2
	done
}

crafted dss-remap DSSNotMatching 1 MPRstTx 1
crafted dss-dup-dsn DuplicateData 1 MPRstTx 0
crafted dss-long-map MPRstTx 0
crafted dss-infinite-join InfiniteMapRx 1 MPRstTx 1
crafted dsn-out-of-window NoDSSInWindow 1 MPRstTx 0
crafted dsn-wrap32 DuplicateData 1 NoDSSInWindow 0 MPRstTx 0
crafted mpc-data-dup MPRstTx 0
crafted add-addr-id-reuse AddAddr 2 AddAddrDrop 1
crafted add-addr-id0 AddAddr 2 AddAddrDrop 1
crafted mp-fail-nocsum MPFailRx 2 MPFailTx 1 MPRstTx 0

xfer_run "$srv" "$cli" 192.0.2.2 9251 -q -P mptcp -m poll -u 2m -d 2m

kill "${_pids[@]}" 2>/dev/null || true
ip netns exec "$srv" ss -K -tn "sport = :9250" >/dev/null
rm -rf "$rx"
