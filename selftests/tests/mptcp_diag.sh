#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `ss -M` (inet_diag for IPPROTO_MPTCP), unmodified: mid-transfer the
# client lists its connection with the token /proc/net/mptcp_conns gives
# and MPTCP_INFO (-i), the server its listener (-l) and its connection,
# a port filter (bytecode) selects and rejects, TCP's diag shows the
# subflow with its MPTCP state (`ss -ti`), and after the transfer nothing
# is left.  Byte-exact.
# timeout: 90
. "$SELFTEST_DIR/lib.sh"

topo_pair
shape "$cli" "$LINK_A" 4mbit	# 4 MiB each way (times the scale): 8 s, for the checks below to
# find it running on a slow (debug) kernel too
shape "$srv" "$LINK_B" 4mbit
xfer_run "$srv" "$cli" 192.0.2.2 8501 -q -P mptcp -m poll -u $((4 * SCALE))m -d $((4 * SCALE))m &
bg=$!
wait_moved "$cli" 8501 $((64 * 1024)) || true

# ss prints the token without leading zeros, /proc/net/mptcp_conns with
tok=$(ip netns exec "$cli" awk 'NR == 2 { print $1 }' /proc/net/mptcp_conns | sed 's/^0*//')
out=$(ip netns exec "$cli" ss -HMni)
info "client: $(xargs <<<"$out")"
grep -q "^ESTAB .*192.0.2.1:[0-9]* *192.0.2.2:8501" <<<"$out" || fail "client: no connection: $out"
grep -q "token:$tok " <<<"$out" || fail "client: token $tok not in: $out"
grep -q "write_seq:" <<<"$out" || fail "client: no MPTCP_INFO: $out"
# TCP's own diag shows the subflow as MPTCP's (`ss -ti`: tcp-ulp-mptcp):
# MP_CAPABLE both ways, fully established, our token and address id 0
out=$(ip netns exec "$cli" ss -HtOni "dport = :8501")
info "client subflow: $(grep -o 'tcp-ulp-mptcp.*' <<<"$out")"
grep -Eq "tcp-ulp-mptcp flags:Mm[^ ]*e[^ ]* token:[0-9a-f]+\(id:0\)/0*$tok\(id:0\)" <<<"$out" ||
	fail "client: the subflow's MPTCP diag: $out"
out=$(ip netns exec "$cli" ss -HMn "dport = :8501")
grep -q "192.0.2.2:8501" <<<"$out" || fail "client: the port filter lost it: $out"
out=$(ip netns exec "$cli" ss -HMn "dport = :8599")
[ -z "$out" ] || fail "client: the port filter let through: $out"
out=$(ip netns exec "$srv" ss -HMln 2>&1)
rc=$?
if ! grep -q "^LISTEN .*0.0.0.0:8501" <<<"$out"; then
	# seen once on the debug kernel, not since: what else was there
	info "server: ss status $rc; TCP listeners: $(ip netns exec "$srv" ss -Hltn | xargs)"
	info "server: all MPTCP sockets: $(ip netns exec "$srv" ss -HMan 2>&1 | xargs)"
	fail "server: no listener: $out"
fi
out=$(ip netns exec "$srv" ss -HMn)
grep -q "^ESTAB .*192.0.2.2:8501 *192.0.2.1:" <<<"$out" || fail "server: no connection: $out"

wait $bg || fail "the transfer failed"
sleep 0.5	# the closed connections are released
out=$(ip netns exec "$cli" ss -HMan)
[ -z "$out" ] || fail "client: left after the transfer: $out"
