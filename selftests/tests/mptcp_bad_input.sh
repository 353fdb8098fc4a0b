#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input from the wire, hand-made with scapy (selftests/progs/
# mptcp_craft.py), against our listener, one case per RFC 8684 MUST row
# (../shared/research/reliability.md, section 2): an MP_JOIN with an
# unknown token, a wrong HMAC or no MP_JOIN on its third ACK is reset; an
# ADD_ADDR with a wrong HMAC is dropped unechoed; data outside its mapping,
# or whose DSS carries a checksum nobody negotiated, resets the subflow; a
# truncated DSS, an RM_ADDR of unknown ids and a Data ACK for data never
# sent are ignored and the connection goes on (the data after them is
# DATA_ACKed); an MP_CAPABLE SYN with the B bit, no crypto bit or version 0
# gets a SYN-ACK without MP_CAPABLE; a third ACK without MP_CAPABLE falls
# back to TCP; MP_FASTCLOSE on an ACK aborts only with our key; an
# MP_TCPRST with reserved bits is taken.  Each reaction is counted under
# its name (or, where nothing may happen, its counter must not move); the
# listener then still serves a byte-exact transfer, and the guest log
# stays clean.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

PY=/usr/bin/python3
"$PY" -c "import scapy" 2>/dev/null || skip "python3-scapy is not installed (tools/deps.sh installs it)"
CRAFT=$SELFTEST_DIR/progs/mptcp_craft.py

topo_pair
craft_listener 9200

# crafted CASE COUNTER [N]: the case sees its reaction, the server counts
# it N times (once by default)
crafted() {
	local before out
	before=$(counter "$srv" "$2")
	out=$(ip netns exec "$cli" "$PY" "$CRAFT" 192.0.2.1 192.0.2.2 9200 "$1" 2>&1) ||
		fail "$1: $out"
	info "$out ($2 +$(( $(counter "$srv" "$2") - before )))"
	expect_eq "$1: $2" "$(counter "$srv" "$2")" $((before + ${3:-1}))
}

crafted join-no-token MPJoinNoTokenFound
crafted join-bad-hmac MPJoinAckHMacFailure
crafted add-addr-hmac AddAddrDrop
crafted dss-outside NoDSSInWindow
crafted malformed MalformedOption
crafted mpc-flag-b MPCapableSYNRX 0
crafted mpc-no-crypto MPCapableSYNRX 0
crafted mpc-version-0 MPCapableSYNRX 0
crafted mpc-ack-missing MPCapableFallbackACK
crafted join-ack-no-mpj MPJoinAckHMacFailure
crafted fastclose-ack MPFastcloseRx
crafted dss-csum-extra DataCsumErr
crafted rm-addr-unknown RmSubflow 0
crafted data-ack-future MPRstTx 0
crafted tcprst-flags MPRstRx
expect_counter "$srv" EchoAddTx -eq 0

xfer_run "$srv" "$cli" 192.0.2.2 9201 -q -P mptcp -m poll -u 2m -d 2m

# The crafted connections' peer is gone: abort what is left of them rather
# than let it retransmit for minutes.
kill "${_pids[@]}" 2>/dev/null || true
ip netns exec "$srv" ss -K -tn "sport = :9200" >/dev/null
