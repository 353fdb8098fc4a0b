#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP Fast Open on MPTCP sockets.  A first connection asks for a cookie
# (its data follows the handshake); with the cookie, the client's first
# bytes ride in its SYN, by sendto(MSG_FASTOPEN) and by
# TCP_FASTOPEN_CONNECT, over IPv4 and IPv6; the server accepts them before
# the third ACK, and the connection is MPTCP from there: the client's key
# reaches the server (MPCapableACKRX), nobody falls back, a second subflow
# joins (its HMACs need that key) and every byte both ways is verified.  A
# listener without Fast Open leaves the SYN's data unacknowledged: TCP
# sends it again as plain bytes, so the client falls back, and the bytes
# still arrive intact.  And with no cookie at all (the sysctl's bits for
# it), data in the very first SYN.
# timeout: 300
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
for ns in "$cli" "$srv"; do
	ip netns exec "$ns" sysctl -qw net.ipv4.tcp_fastopen=3	# client and server
done

# grew NS NAME BEFORE: how much TcpExt NAME grew in NS since BEFORE
grew() { echo $(( $(tcpext "$1" "$2") - $3 )); }

t=$((60 * SCALE))
port=7300
# fo_run HOW SIZE ADDR [xfer options]: one connection with the client's
# Fast Open by HOW (sendto or connect), the server listening with it.
fo_run() {
	local how=$1 size=$2 addr=$3
	shift 3
	port=$((port + 1))
	SRV_OPTS="-F listen" CLI_OPTS="-F $how" \
		xfer_run "$srv" "$cli" "$addr" $port -q -P mptcp -u "$size" -d "$size" "$@"
}

# 1. No cookie yet: the SYN asks for one, carries nothing.
reqd0=$(tcpext "$srv" TCPFastOpenCookieReqd)
pass0=$(tcpext "$srv" TCPFastOpenPassive)
fo_run sendto 100k 192.0.2.2
[ "$(grew "$srv" TCPFastOpenCookieReqd "$reqd0")" -ge 1 ] || fail "the first SYN asked for no cookie"
expect_eq "Fast Open children without a cookie" "$(grew "$srv" TCPFastOpenPassive "$pass0")" 0

# 2. With the cookie: data in the SYN, MPTCP after, a join, 4 MiB each way.
pass0=$(tcpext "$srv" TCPFastOpenPassive)
act0=$(tcpext "$cli" TCPFastOpenActive)
mpc0=$(counter "$srv" MPCapableACKRX)
join0=$(counter "$srv" MPJoinAckRx)
fo_run sendto 4m 192.0.2.2 -J 1 -m poll
expect_eq "server's Fast Open children" "$(grew "$srv" TCPFastOpenPassive "$pass0")" 1
expect_eq "client's SYN data acknowledged" "$(grew "$cli" TCPFastOpenActive "$act0")" 1
expect_eq "client keys learnt after the SYN" $(( $(counter "$srv" MPCapableACKRX) - mpc0 )) 1
[ $(( $(counter "$srv" MPJoinAckRx) - join0 )) -ge 1 ] || fail "no join on the Fast Open connection"

# 3. TCP_FASTOPEN_CONNECT: connect() returns at once, the first write
# sends the SYN with it.
pass0=$(tcpext "$srv" TCPFastOpenPassive)
fo_run connect 1m 192.0.2.2 -m block
expect_eq "Fast Open by TCP_FASTOPEN_CONNECT" "$(grew "$srv" TCPFastOpenPassive "$pass0")" 1

# 4. IPv6: a cookie of its own first, then data in the SYN.
fo_run sendto 10k 2001:db8::2 -6
pass0=$(tcpext "$srv" TCPFastOpenPassive)
fo_run sendto 2m 2001:db8::2 -6 -m poll
expect_eq "Fast Open over IPv6" "$(grew "$srv" TCPFastOpenPassive "$pass0")" 1

# 5. Request/response: each exchange byte-exact, the first in the SYN.
pass0=$(tcpext "$srv" TCPFastOpenPassive)
fo_run sendto 1k 192.0.2.2 -r 20 -z 1000
expect_eq "Fast Open before requests" "$(grew "$srv" TCPFastOpenPassive "$pass0")" 1

expect_counter "$srv" MPCapableFallbackACK -eq 0
expect_counter "$cli" MPCapableFallbackSYNACK -eq 0
expect_counter "$srv" DSSNoMatchTCP -eq 0
expect_counter "$cli" DSSNoMatchTCP -eq 0
expect_counter "$srv" DssFallback -eq 0
expect_counter "$cli" DssFallback -eq 0

# 6. A server that takes no SYN data (no TCP_FASTOPEN on its listener):
# the cookie is sent, the data is not acknowledged and goes again as
# plain bytes, which no mapping covers: the client falls back, and so
# does the server at its third ACK.  Still byte-exact.
fail0=$(tcpext "$cli" TCPFastOpenActiveFail)
fb0=$(counter "$srv" MPCapableFallbackACK)
port=$((port + 1))
CLI_OPTS="-F sendto" xfer_run "$srv" "$cli" 192.0.2.2 $port -q -P mptcp -u 1m -d 1m
expect_eq "SYN data refused" "$(grew "$cli" TCPFastOpenActiveFail "$fail0")" 1
expect_eq "server's fallback at the third ACK" $(( $(counter "$srv" MPCapableFallbackACK) - fb0 )) 1

# 7. No cookie needed (the client's and the server's sysctl bits): data
# in the very first SYN, to an address with no cookie cached.
for ns in "$cli" "$srv"; do
	ip netns exec "$ns" sysctl -qw net.ipv4.tcp_fastopen=$((0x207))
done
pass0=$(tcpext "$srv" TCPFastOpenPassive)
fo_run sendto 1m 198.51.100.2 -d 0
expect_eq "Fast Open without a cookie" "$(grew "$srv" TCPFastOpenPassive "$pass0")" 1
expect_counter "$srv" MPCapableFallbackACK -eq 1

# 8. sysfuzz's finding: a socket whose connect() TCP_FASTOPEN_CONNECT
# deferred (no SYN sent yet) taken back by connect(AF_UNSPEC), or closed
# or shut down; the subflow's reset divided by its receive MSS, still 0
# (an oops in __tcp_select_window).  The listener serves afterwards.
port=$((port + 1))
ip netns exec "$srv" "$XFER" -l -p $port -t "$t" -q -P mptcp -u 100 -d 100 &
srv_pid=$!
_pids+=("$srv_pid")
wait_listen "$srv" $port
ip netns exec "$cli" python3 - 192.0.2.2 $port <<'PY' || fail "a deferred Fast Open connect taken back"
import socket, sys
addr = (sys.argv[1], int(sys.argv[2]))
def deferred():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    s.setsockopt(socket.IPPROTO_TCP, 30, 1)	# TCP_FASTOPEN_CONNECT
    s.connect(addr)		# returns at once: the SYN waits for a write
    return s
s = deferred()
import ctypes, ctypes.util
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
unspec = (ctypes.c_ubyte * 16)()		# struct sockaddr, sa_family AF_UNSPEC
if libc.connect(s.fileno(), unspec, 16) != 0:
    sys.exit(f"connect(AF_UNSPEC): errno {ctypes.get_errno()}")
deferred().shutdown(socket.SHUT_RDWR)
deferred().close()
PY
# none of them reached it: its one connection is this one
ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p $port -t "$t" -q -P mptcp -u 100 -d 100 ||
	fail "the listener after the deferred connects"
wait "$srv_pid" || fail "the server after the deferred connects"
