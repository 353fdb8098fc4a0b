#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input from the wire, hand-made with scapy (selftests/progs/
# mptcp_craft.py), against our listener: an MP_JOIN with an unknown token
# and one with a wrong HMAC are reset, an ADD_ADDR with a wrong HMAC is
# dropped unechoed, data outside its mapping resets the subflow, a
# truncated DSS is ignored and the connection goes on (the data after it
# is DATA_ACKed).  Each is counted under its name; the listener then still
# serves a byte-exact transfer, and the guest log stays clean.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

PY=/usr/bin/python3
"$PY" -c "import scapy" 2>/dev/null || skip "python3-scapy is not installed (tools/deps.sh installs it)"
CRAFT=$SELFTEST_DIR/progs/mptcp_craft.py

topo_pair
# The client's kernel knows nothing of the crafted connections: its
# resets to their SYN-ACKs must not reach the server.
ip netns exec "$cli" nft -f - <<'NFT'
table ip craft {
	chain out {
		type filter hook output priority 0;
		tcp dport 9200 tcp flags & rst == rst drop
	}
}
NFT
ip netns exec "$srv" "$PY" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)	# IPPROTO_MPTCP
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 9200))
s.listen(16)
held = []
while True:
	held.append(s.accept()[0])
' &
_pids+=("$!")
wait_listen "$srv" 9200

# crafted CASE COUNTER: the case sees its reaction, the server counts it once
crafted() {
	local before out
	before=$(counter "$srv" "$2")
	out=$(ip netns exec "$cli" "$PY" "$CRAFT" 192.0.2.1 192.0.2.2 9200 "$1" 2>&1) ||
		fail "$1: $out"
	info "$out ($2 +$(( $(counter "$srv" "$2") - before )))"
	expect_eq "$1: $2" "$(counter "$srv" "$2")" $((before + 1))
}

crafted join-no-token MPJoinNoTokenFound
crafted join-bad-hmac MPJoinAckHMacFailure
crafted add-addr-hmac AddAddrDrop
crafted dss-outside NoDSSInWindow
crafted malformed MalformedOption
expect_counter "$srv" EchoAddTx -eq 0

xfer_run "$srv" "$cli" 192.0.2.2 9201 -q -P mptcp -m poll -u 2m -d 2m

# The crafted connections' peer is gone: abort what is left of them rather
# than let it retransmit for minutes.
kill "${_pids[@]}" 2>/dev/null || true
ip netns exec "$srv" ss -K -tn "sport = :9200" >/dev/null
