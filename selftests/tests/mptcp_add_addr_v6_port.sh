#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An IPv6 ADD_ADDR with a port and its HMAC takes 32 bytes of the 40 TCP
# options have; beside the timestamps (12) it never fits.  Such an
# announcement used to stay pending for good, and every announcement
# queued behind it with it: the peer heard of none of them.  Now, as in
# upstream's newest kernels: with net.mptcp.add_addr_v6_port_drop_ts=1
# (the default) it goes on a pure ACK without timestamps and the peer
# joins at that port; with 0 it is dropped and counted (AddAddrTxDrop),
# and the next announcement still goes.  Both transfers byte-exact.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 40mbit
shape "$srv" "$l1s" "$l2s" 40mbit
ip -n "$srv" addr add 2001:db8:2::2/64 dev "$l2s" nodad
for ns in "$cli" "$srv"; do
	[ "$(ip netns exec "$ns" sysctl -n net.ipv4.tcp_timestamps)" != 0 ] ||
		fail "timestamps off in $ns: the case needs them"
done
# The long one first: it held back the one behind it.
ip -n "$srv" mptcp endpoint add 2001:db8:1::2 port 10200 signal ||
	fail "IPv6 port endpoint refused"
ip -n "$srv" mptcp endpoint add 2001:db8:2::2 signal
[ "$(ip netns exec "$srv" sysctl -n net.mptcp.add_addr_v6_port_drop_ts)" = 1 ] ||
	fail "net.mptcp.add_addr_v6_port_drop_ts is not 1 by default"

delta() {	# delta NS NAME: the counter's change since snap()
	local v
	v=$(counter "$1" "$2")
	echo $(( ${v:-0} - ${snap["$1$2"]:-0} ))
}
declare -A snap
take_snap() {
	local c
	for c in AddAddr PortAdd; do snap["$cli$c"]=$(counter "$cli" $c); done
	for c in AddAddrTx AddAddrTxDrop MPJoinPortAckRx; do
		snap["$srv$c"]=$(counter "$srv" $c)
	done
}

# 1. Timestamps left off that one ACK: the peer hears both, joins the port.
take_snap
xfer_run "$srv" "$cli" 2001:db8::2 7731 -q -6 -P mptcp -m poll -u 8m -d 8m
expect_eq "AddAddrTx on the server" "$(delta "$srv" AddAddrTx)" 2
expect_eq "AddAddrTxDrop on the server" "$(delta "$srv" AddAddrTxDrop)" 0
expect_eq "ADD_ADDRs the client took" "$(delta "$cli" AddAddr)" 2
expect_eq "ADD_ADDRs with a port the client took" "$(delta "$cli" PortAdd)" 1
expect_eq "joins at the announced port" "$(delta "$srv" MPJoinPortAckRx)" 1
info "IPv6 ADD_ADDR with a port sent without timestamps: heard, joined at port 10200"

# 2. Timestamps kept: the long one is dropped and counted, the next goes.
ip netns exec "$srv" sysctl -qw net.mptcp.add_addr_v6_port_drop_ts=0
take_snap
xfer_run "$srv" "$cli" 2001:db8::2 7732 -q -6 -P mptcp -m poll -u 8m -d 8m
expect_eq "AddAddrTxDrop on the server" "$(delta "$srv" AddAddrTxDrop)" 1
expect_eq "AddAddrTx on the server" "$(delta "$srv" AddAddrTx)" 1
expect_eq "ADD_ADDRs the client took" "$(delta "$cli" AddAddr)" 1
expect_eq "ADD_ADDRs with a port the client took" "$(delta "$cli" PortAdd)" 0
info "with add_addr_v6_port_drop_ts=0: dropped and counted, the next announcement heard"
