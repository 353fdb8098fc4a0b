#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our client against a hand-made server (scapy, selftests/progs/
# mptcp_craft_server.py): the MP_CAPABLE handshake goes through, and of
# the two joins the client's path manager then opens, the one whose
# SYN-ACK carries a wrong HMAC and the one whose SYN-ACK has no MP_JOIN
# are both reset with MP_TCPRST (RFC 8684 section 3.2; B8 of
# ../shared/research/reliability.md section 6.2), the first counted as
# MPJoinSynAckHMacFailure.  The client then still talks to a real server.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

PY=/usr/bin/python3
"$PY" -c "import scapy" 2>/dev/null || skip "python3-scapy is not installed (tools/deps.sh installs it)"

topo_pair
for a in 192.0.2.3 192.0.2.4; do
	ip -n "$cli" addr add "$a/24" dev "$LINK_A"
	ip -n "$cli" mptcp endpoint add "$a" subflow
done
ip -n "$cli" mptcp limits set subflows 2
# the server kernel knows nothing of scapy's connection: no resets from it
ip netns exec "$srv" nft -f - <<NFT
table ip craft_server {
	chain out {
		type filter hook output priority 0;
		tcp sport 9300 tcp flags & rst == rst drop
	}
}
NFT

hmac0=$(counter "$cli" MPJoinSynAckHMacFailure)
rst0=$(counter "$cli" MPRstTx)
out=$(ip netns exec "$srv" env PYTHONPATH="$SELFTEST_DIR/progs" "$PY" \
	"$SELFTEST_DIR/progs/mptcp_craft_server.py" 192.0.2.2 9300 "$cli" 192.0.2.1 2>&1) ||
	fail "crafted server: $out"
info "$out"
expect_eq MPJoinSynAckHMacFailure $(( $(counter "$cli" MPJoinSynAckHMacFailure) - hmac0 )) 1
[ $(( $(counter "$cli" MPRstTx) - rst0 )) -ge 2 ] || fail "MPRstTx did not count both resets"
expect_counter "$cli" MPJoinSynAckRx -eq 0

ip netns exec "$srv" nft delete table ip craft_server
xfer_run "$srv" "$cli" 192.0.2.2 9301 -q -P mptcp -m poll -u 1m -d 1m
