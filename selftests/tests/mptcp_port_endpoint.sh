#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Port endpoints (`ip mptcp endpoint add ADDR signal port P`): the server
# listens on ADDR:P for joins, announces the port in its ADD_ADDR, and the
# client's join lands there and carries a share of the data, byte-exact.
# The port takes joins only: a new connection to it is reset.  A join to a
# port the connection never announced is refused (MismatchPortSynRx), until
# net.mptcp.join_any_port lets the token alone decide (1); a join to a port
# nothing listens on is reset, until join_any_port 2 takes it there too,
# through no listener anyone can see.  Deleting the endpoint closes its
# listener (the port is free again).
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

PM_NL_CTL=$BIN/pm_nl_ctl

topo_two_paths
shape "$cli" "$l1c" "$l2c" 40mbit
shape "$srv" "$l1s" "$l2s" 40mbit

ip -n "$cli" mptcp limits set add_addr_accepted 1 subflows 2
ip -n "$srv" mptcp limits set subflows 2
ip -n "$srv" mptcp endpoint add 198.51.100.2 port 10100 subflow 2>/dev/null &&
	fail "a port endpoint without signal was accepted"
ip -n "$srv" mptcp endpoint add 198.51.100.2 port 10100 signal ||
	fail "port endpoint refused"
ip -n "$srv" mptcp endpoint show | grep -q "^198.51.100.2 port 10100 id 1 signal" ||
	fail "endpoint show: $(ip -n "$srv" mptcp endpoint show)"
ip netns exec "$srv" ss -Hltn "sport = :10100" | grep -q 198.51.100.2 ||
	fail "nothing listens on the endpoint's port"

# The join goes to the announced port and carries its share.
a2=$(tx_bytes "$cli" "$l2c")
xfer_run "$srv" "$cli" 192.0.2.2 7701 -P mptcp -m poll -u 8m -d 8m
d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
info "the subflow joined at port 10100 carried $d2 bytes from the client"
[ "$d2" -gt $((2 * 1024 * 1024)) ] || fail "the port subflow carried $d2 bytes"
expect_counter "$cli" PortAdd -eq 1
expect_counter "$srv" MPJoinPortSynRx -eq 1
expect_counter "$cli" MPJoinPortSynAckRx -eq 1
expect_counter "$srv" MPJoinPortAckRx -eq 1
expect_counter "$srv" MPJoinAckRx -eq 1
expect_counter "$srv" MismatchPortSynRx -eq 0

# A connection opened to the port itself is refused with a reset.
ip netns exec "$cli" "$XFER" -c 198.51.100.2 -p 10100 -t 5 -q -P mptcp -u 4k -d 0 \
	2>/dev/null && fail "a connection to the port endpoint was accepted"
expect_counter "$srv" MPCapableEndpAttempt -eq 1

# A join to a port nobody announced: refused, then taken on the token alone.
if [ -x "$PM_NL_CTL" ]; then
	ip netns exec "$cli" sysctl -qw net.mptcp.pm_type=1
	ip netns exec "$srv" python3 - <<'PY' &
import socket
l = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("198.51.100.2", 7799)); l.listen(4)
l.accept()	# nothing connects: joins never reach accept()
PY
	spare=$!
	wait_listen "$srv" 7799
	# 48 MiB over 40 Mbit/s: about 10 s, for both joins to find it running
	# (as much again per step of the timeout scale: on the debug kernel
	# the connection was gone before the second join, its token with it)
	xfer_run "$srv" "$cli" 192.0.2.2 7702 -q -P mptcp -m poll -u $((48 * SCALE))m -d 0 &
	bg=$!
	wait_moved "$cli" 7702 $((1024 * 1024)) || true
	ct=$(ip netns exec "$cli" awk 'NR == 2 { print $1 }' /proc/net/mptcp_conns)
	[ -n "$ct" ] || fail "no client connection listed"
	ct=$((16#$ct))
	ip netns exec "$cli" "$PM_NL_CTL" csf lip 198.51.100.1 lid 3 rip 198.51.100.2 \
		rport 7799 token "$ct" >/dev/null 2>&1
	nap 0.5
	expect_counter "$srv" MismatchPortSynRx -eq 1
	expect_counter "$srv" MPJoinAckRx -eq 1
	ip netns exec "$srv" sysctl -qw net.mptcp.join_any_port=1
	ip netns exec "$cli" "$PM_NL_CTL" csf lip 198.51.100.1 lid 4 rip 198.51.100.2 \
		rport 7799 token "$ct" || fail "subflow create refused"
	nap 0.5
	expect_counter "$srv" MPJoinAckRx -eq 2
	expect_counter "$srv" MPJoinPortAckRx -eq 2
	wait $bg || fail "the transfer with a join on an unannounced port failed"

	# A port with no listener at all: TCP's reset, until join_any_port
	# is 2; then the namespace's own catcher takes the join (and shows
	# up in no listing), and at 0 again it is gone.
	csf_no_listener() {	# csf_no_listener ID PORT: the counters tell what became of it
		local i
		ip netns exec "$cli" "$PM_NL_CTL" csf lip 198.51.100.1 lid "$1" rip 198.51.100.2 \
			rport "$2" token "$ct" || info "subflow create to port $2: refused"
		# a join that goes through is counted within a second or two
		# under emulation; one that does not, never.  Half-second
		# steps: each look runs nstat, CPU the exchanges need
		for ((i = 0; i < 4 * SCALE; i++)); do
			[ "$(counter "$srv" MPJoinAckRx)" -gt "$acks" ] && break
			sleep 0.5
		done
		acks=$(counter "$srv" MPJoinAckRx)
	}
	# request/response, byte-exact, long enough under emulation for
	# three joins and the checks between them.  Not scaled: a slow kernel
	# stretches each exchange already (the debug kernel does about 80 a
	# second beside the checks, 4 x 20000 of them outlasted xfer's
	# deadline), and the deadline is doubled for the 20000
	XFER_DEADLINE=$((120 * SCALE)) xfer_run "$srv" "$cli" 192.0.2.2 7703 -q -P mptcp -r 20000 -z 4k &
	bg=$!
	wait_moved "$cli" 7703 $((1024 * 1024)) || true
	ct=$(ip netns exec "$cli" awk '$3 ~ /:7703$/ && $4 == "ESTABLISHED" { print $1 }' /proc/net/mptcp_conns)
	[ -n "$ct" ] || fail "no client connection listed"
	ct=$((16#$ct))
	acks=$(counter "$srv" MPJoinAckRx)
	csf_no_listener 5 7800
	expect_counter "$srv" MPJoinSynRx -eq 3
	expect_counter "$srv" MPJoinAckRx -eq 2
	ip netns exec "$srv" sysctl -qw net.mptcp.join_any_port=3 2>/dev/null &&
		fail "join_any_port took 3"
	ip netns exec "$srv" sysctl -qw net.mptcp.join_any_port=2 ||
		fail "join_any_port refused 2"
	csf_no_listener 6 7802
	expect_counter "$srv" MPJoinSynRx -eq 4
	expect_counter "$srv" MPJoinAckRx -eq 3
	expect_counter "$srv" MPJoinPortAckRx -eq 3
	ip netns exec "$cli" ss -Htn state established "dport = :7802" | grep -q . ||
		fail "no subflow established at port 7802"
	ip netns exec "$srv" ss -Hltn | grep -v ':770[0-9] \|:7799 \|:10100 ' | grep . &&
		fail "a listener other than the test's shows up"
	ip netns exec "$srv" sysctl -qw net.mptcp.join_any_port=0
	csf_no_listener 7 7801
	expect_counter "$srv" MPJoinSynRx -eq 4
	expect_counter "$srv" MPJoinAckRx -eq 3
	wait $bg || fail "the request/response with a join at a port without listener failed"
	kill $spare 2>/dev/null
	ip netns exec "$cli" sysctl -qw net.mptcp.pm_type=0
else
	info "no pm_nl_ctl (make selftests builds it): unannounced-port joins not checked"
fi

# Deleting the endpoint closes its listener.
ip -n "$srv" mptcp endpoint delete id 1
ip netns exec "$srv" ss -Hltn "sport = :10100" | grep -q . &&
	fail "the listener outlived its endpoint"
ip -n "$srv" mptcp endpoint add 198.51.100.2 port 10100 signal ||
	fail "the port could not be taken again"
ip -n "$srv" mptcp endpoint flush
exit 0
