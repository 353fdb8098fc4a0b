#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Interoperability with upstream Linux MPTCP: the host's own kernel is the
# peer, on eth0 (tools/vm/peer).  Our client talks to its server over IPv4
# and IPv6, its client talks to our server; every byte is verified by both
# ends, and both ends' counters must show MP_CAPABLE, not a fallback, an
# MP_JOIN each way with both HMACs accepted, DSS checksums on the IPv6
# connection verified both ways, and an ADD_ADDR each way with
# its HMAC accepted and echoed, and TCP Fast Open each way: data in the
# SYN taken by the other side, MPTCP after it (the peer's side is reported
# by tools/vm/check as interop_upstream_peer).
# timeout: 400
. "$SELFTEST_DIR/lib.sh"

[ -d /sys/class/net/eth0 ] || skip "no upstream peer (tools/vm/check links one unless INTEROP=0 or the host cannot)"
ip addr add 203.0.113.2/24 dev eth0
ip addr add 203.0.113.4/24 dev eth0
ip addr add 203.0.113.6/24 dev eth0
ip addr add 2001:db8:203::2/64 dev eth0 nodad
ip link set eth0 up
# Joins both ways: ours from .4 to upstream's server, upstream's from .3
# to ours (the peer's endpoint, tools/vm/peer).
ip mptcp limits set subflows 4 add_addr_accepted 2	# every join at once: tools/vm/peer
ip mptcp endpoint add 203.0.113.4 dev eth0 subflow
ip mptcp endpoint add 203.0.113.6 dev eth0 signal

opts=(-P mptcp -u 4m -d 4m -m poll -t $((300 * SCALE)) -q)
fo=(-P mptcp -u 1m -d 1m -m poll -t $((300 * SCALE)) -q)
sysctl -qw net.ipv4.tcp_fastopen=3
tfo_active0=$(tcpext "" TCPFastOpenActive)
tfo_passive0=$(tcpext "" TCPFastOpenPassive)
synack0=$(counter "" MPCapableSYNACKRX)
ack0=$(counter "" MPCapableACKRX)

# On failure, what our side counted says where it went wrong.
trap 'nstat -asz "MPTcpExt*" | grep -v " 0 "; ss -tnie' ERR

"$XFER" -l -a 203.0.113.2 -p 8003 "${opts[@]}" &
srv_pid=$!
_pids+=("$srv_pid")
# Fast Open from upstream's client (tools/vm/peer: twice, the second with
# its data in the SYN).
"$XFER" -l -a 203.0.113.2 -p 8005 -F listen -C 2 "${fo[@]}" &
fo_srv_pid=$!
_pids+=("$fo_srv_pid")
# The join is ours to make before the data moves: upstream takes a join
# only while its connection is ESTABLISHED, and 4 MiB each way can be over
# before a busy guest gets to it (5 runs of 20 beside a kernel build).
# 24 MiB down: more than upstream can buffer before we read, so that it
# cannot have closed by the time our join arrives (tools/vm/peer).
"$XFER" -c 203.0.113.1 -p 8001 -R 30 -J 1 "${opts[@]}" -d 24m || fail "IPv4 client to upstream"
# The IPv6 connection asks for DSS checksums: each end checks the other's
# (any mismatch would show as an MP_FAIL or a fallback on one side).
sysctl -qw net.mptcp.checksum_enabled=1
"$XFER" -6 -c 2001:db8:203::1 -p 8002 -R 30 "${opts[@]}" || fail "IPv6 client to upstream"
sysctl -qw net.mptcp.checksum_enabled=0
# Fast Open to upstream's server: a cookie first, then data in the SYN.
"$XFER" -c 203.0.113.1 -p 8004 -R 30 -F sendto "${fo[@]}" || fail "Fast Open cookie from upstream"
"$XFER" -c 203.0.113.1 -p 8004 -R 30 -F sendto "${fo[@]}" || fail "Fast Open client to upstream"
wait "$srv_pid" || { nstat -as "MPTcpExt*" "TcpExt*" | grep -v " 0 "; fail "server for the upstream client"; }
wait "$fo_srv_pid" || fail "Fast Open server for the upstream client"
tfo_grew() { echo $(( $(tcpext "" "TCPFastOpen$1") - $2 )); }
[ "$(tfo_grew Active "$tfo_active0")" -ge 1 ] || fail "upstream took no data from our SYN"
[ "$(tfo_grew Passive "$tfo_passive0")" -ge 1 ] || fail "we took no data from upstream's SYN"

# two clients, and the two Fast Open connections each way
[ $(( $(counter "" MPCapableSYNACKRX) - synack0 )) -eq 4 ] ||
	fail "upstream's SYN-ACKs were not MP_CAPABLE"
[ $(( $(counter "" MPCapableACKRX) - ack0 )) -eq 3 ] ||
	fail "upstream's third ACKs were not MP_CAPABLE"
expect_counter "" MPCapableFallbackSYNACK -eq 0
expect_counter "" MPCapableFallbackACK -eq 0
# nobody fell back later either (upstream's Fast Open client sends its
# data with no MPTCP option if we answer before its key came)
expect_counter "" DssFallback -eq 0
expect_counter "" DataCsumErr -eq 0
expect_counter "" MPFailRx -eq 0
expect_counter "" MPFailTx -eq 0
expect_counter "" InfiniteMapRx -eq 0
expect_counter "" MPJoinSynAckRx -ge 1
expect_counter "" MPJoinAckRx -ge 1
expect_counter "" MPJoinSynAckHMacFailure -eq 0
expect_counter "" MPJoinAckHMacFailure -eq 0
# upstream's announcements pass our HMAC check, ours are echoed
expect_counter "" AddAddr -ge 1
expect_counter "" AddAddrDrop -eq 0
expect_counter "" EchoAdd -ge 1
expect_counter "" EchoAddTx -ge 1
