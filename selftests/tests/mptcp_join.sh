#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two paths: the client's kernel path manager opens a second subflow from an
# `ip mptcp endpoint ... subflow` address with MP_JOIN (both HMACs checked),
# bulk data both ways arrives byte-exact over IPv4 and IPv6, and both links
# carry a share of it.  `ip mptcp limits` round-trips; a server whose limit
# is 0 answers the join's SYN (as upstream does) but resets its third ACK,
# the connection going on over one path; a server answering every SYN with
# a syncookie still takes joins; a joined subflow gets the options the
# socket was given before connect().
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
# Equal, modest rates: one path alone cannot carry it all.
shape "$cli" "$l1c" "$l2c" 80mbit
shape "$srv" "$l1s" "$l2s" 80mbit

expect_eq "limits" "$(ip -n "$cli" mptcp limits show | xargs)" "add_addr_accepted 2 subflows 2"
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
ip -n "$cli" mptcp endpoint add 2001:db8:1::1 dev "$l2c" subflow
ip -n "$cli" mptcp endpoint show | grep -q "^198.51.100.1 id 1 subflow dev $l2c" ||
	fail "endpoint show: $(ip -n "$cli" mptcp endpoint show)"
ip -n "$cli" mptcp endpoint add 198.51.100.1 subflow 2>/dev/null &&
	fail "a duplicate endpoint was accepted"
ip -n "$cli" mptcp limits set subflows 9 2>/dev/null &&
	fail "a limit above 8 was accepted"

# share ADDR PORT [-6]: one 8 MiB-each-way transfer; both client links must
# carry at least a quarter of what the client sent.
share() {
	local a1 a2 d1 d2
	a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
	xfer_run "$srv" "$cli" "$1" "$2" ${3:-} -P mptcp -m poll -u 8m -d 8m
	d1=$(( $(tx_bytes "$cli" "$l1c") - a1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
	info "$1: client sent $d1 bytes on path 1, $d2 on path 2"
	# A quarter each where the links are the limit; on the debug kernel
	# (timeout scale > 1) the CPU is, one path can carry most of it (12 %
	# and 88 % once), and each must still carry data.
	local min=$((2 * 1024 * 1024))
	[ "$SCALE" = 1 ] || min=$((256 * 1024))
	[ "$d1" -gt "$min" ] && [ "$d2" -gt "$min" ] ||
		fail "$1: one path idle (path 1 $d1 bytes, path 2 $d2 bytes)"
}

share 192.0.2.2 7601
share 2001:db8::2 7602 -6
expect_counter "$cli" MPJoinSynTx -eq 2
expect_counter "$cli" MPJoinSynAckRx -eq 2
expect_counter "$srv" MPJoinSynRx -eq 2
expect_counter "$srv" MPJoinAckRx -eq 2
expect_counter "$srv" MPJoinAckHMacFailure -eq 0
expect_counter "$cli" MPJoinSynAckHMacFailure -eq 0

# The server takes no extra subflow: the join is reset, the data flows.
ip -n "$srv" mptcp limits set subflows 0
xfer_run "$srv" "$cli" 192.0.2.2 7603 -q -P mptcp -u 1m -d 1m
expect_counter "$srv" MPJoinSynRx -eq 3
expect_counter "$cli" MPJoinSynAckRx -eq 3
expect_counter "$srv" MPJoinAckRx -eq 2
# The refusal says why (MP_TCPRST on the reset).
expect_counter "$cli" MPRstRx -ge 1
ip -n "$srv" mptcp limits set subflows 2

# Syncookies for every SYN: the join's nonces wait aside until its third
# ACK, which is checked against them; the subflow then carries its share.
ip netns exec "$srv" sysctl -qw net.ipv4.tcp_syncookies=2
share 192.0.2.2 7604
cookies=$(tcpext "$srv" SyncookiesSent)
[ "${cookies:-0}" -ge 2 ] || fail "the server sent ${cookies:-0} syncookies, want 2 or more"
expect_counter "$srv" MPJoinAckRx -eq 3
expect_counter "$srv" MPJoinAckHMacFailure -eq 0

# Options set on the socket before connect() reach the subflow that joins
# later (SO_MARK and TCP_CONGESTION here), not only the first.
ip netns exec "$srv" sysctl -qw net.ipv4.tcp_syncookies=1
ip netns exec "$srv" python3 - <<'PY' &
import socket
l = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("192.0.2.2", 7605)); l.listen(1)
a, _ = l.accept()
got = b"".join(iter(lambda: a.recv(65536), b""))
if got != bytes(range(256)) * 8192:
    raise SystemExit("FAIL: %d bytes, not the 2 MiB sent" % len(got))
PY
opt_srv=$!
_pids+=("$opt_srv")
wait_listen "$srv" 7605
ip netns exec "$cli" python3 - <<'PY' &
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, 0x42)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b"reno")
s.connect(("192.0.2.2", 7605))
data = bytes(range(256)) * 8192
s.sendall(data[:1 << 20])
time.sleep(2)
s.sendall(data[1 << 20:])
s.close()
PY
opt_cli=$!
_pids+=("$opt_cli")
# the client sleeps 2 s after its first MiB: look while both subflows are
# up (python's start-up alone took over a second in a busy guest)
# (ss -i prints two lines a socket: count with plain ss, then read -ie)
for ((i = 0; i < 50 * SCALE; i++)); do
	n=$(ip netns exec "$cli" ss -Htn state established "dport = :7605" | grep -c . || true)
	[ "$n" -ge 2 ] && break
	sleep 0.1
done
subflows=$(ip netns exec "$cli" ss -Htnie state established "dport = :7605" 2>/dev/null)
marked=$(grep -c "fwmark:0x42" <<<"$subflows" || true)
reno=$(grep -c "reno" <<<"$subflows" || true)
wait "$opt_cli" || fail "the client of the inherited-options connection"
wait "$opt_srv" || fail "the server of the inherited-options connection"
[ "$marked" = 2 ] && [ "$reno" = 2 ] ||
	fail "joined subflow without the socket's options: $marked of 2 marked, $reno of 2 reno: $subflows"
