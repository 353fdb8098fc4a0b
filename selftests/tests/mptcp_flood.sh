#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Floods (scapy, selftests/progs/mptcp_craft.py): a peer announcing 1000
# addresses with valid HMACs on one connection (it goes on, DATA_ACKing;
# the listener opens no subflow for them), then 2000 MP_CAPABLE SYNs and
# 2000 MP_JOIN SYNs with random tokens at a listener with a 128-entry SYN
# backlog and syncookies, while legitimate MPTCP clients connect and
# transfer byte-exact through it.  Every bogus join is refused and
# counted; the cookies show the backlog overflowed.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

PY=/usr/bin/python3
"$PY" -c "import scapy" 2>/dev/null || skip "python3-scapy is not installed (tools/deps.sh installs it)"
CRAFT=$SELFTEST_DIR/progs/mptcp_craft.py

topo_pair
ip netns exec "$srv" sysctl -qw net.ipv4.tcp_max_syn_backlog=128 net.ipv4.tcp_syncookies=1
craft_listener 9600

# the address storm
add0=$(counter "$srv" AddAddr)
out=$(ip netns exec "$cli" "$PY" "$CRAFT" 192.0.2.1 192.0.2.2 9600 add-addr-storm 1000 2>&1) ||
	fail "add-addr-storm: $out"
added=$(( $(counter "$srv" AddAddr) - add0 ))
info "$out; AddAddr +$added, echoes $(counter "$srv" EchoAddTx) (dropped $(counter "$srv" EchoAddTxDrop))"
[ "$added" -ge 1 ] && [ "$added" -le 1000 ] || fail "AddAddr +$added for 1000 announcements"
expect_counter "$srv" MPJoinSynTx -eq 0	# the accepting side opens no subflow

# the SYN flood, with legitimate clients in the middle of it
nt0=$(counter "$srv" MPJoinNoTokenFound)
ip netns exec "$cli" "$PY" "$CRAFT" 192.0.2.1 192.0.2.2 9600 syn-flood 2000 > /tmp/flood.$$ 2>&1 &
flood=$!
_pids+=("$flood")
sleep 1
for i in 1 2 3; do
	xfer_run "$srv" "$cli" 192.0.2.2 9601 -q -P mptcp -m poll -u 512k -d 512k -s "$i"
done
wait "$flood" || fail "syn-flood: $(cat /tmp/flood.$$)"
refused=$(( $(counter "$srv" MPJoinNoTokenFound) - nt0 ))
cookies=$(tcpext "$srv" TCPReqQFullDoCookies)
info "$(cat /tmp/flood.$$); MPJoinNoTokenFound +$refused, TCPReqQFullDoCookies $cookies"
rm -f /tmp/flood.$$
[ "$refused" -ge 1000 ] || fail "only $refused of 2000 bogus joins refused and counted"
[ "${cookies:-0}" -ge 1 ] || fail "the SYN backlog never overflowed: the flood did not flood"

# and still serves
xfer_run "$srv" "$cli" 192.0.2.2 9602 -q -P mptcp -m poll -u 2m -d 2m
kill "${_pids[@]}" 2>/dev/null || true
ip netns exec "$srv" ss -K -tn "sport = :9600" >/dev/null
