#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Closing an MPTCP socket: with unread data, or with SO_LINGER 0, the peer
# gets a reset (as with TCP) that aborts the connection (MP_FASTCLOSE) and
# reads as a reset there; a clean close after a half-close delivers
# everything; and a hundred connections opened and closed leave no meta-
# socket, request sock or subflow behind.
. "$SELFTEST_DIR/lib.sh"

topo_pair

ip netns exec "$srv" python3 - <<'PY' &
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 7501)); s.listen(4)
# The abort must reach us open (a msk that closed first takes no
# MP_FASTCLOSE), and must read as a reset, never as the end of the stream.
def reset_seen(c):
    try:
        b = c.recv(1)
    except ConnectionResetError:
        c.close()
        return
    raise SystemExit(f"the client's abort read as {b!r}, not a reset")
# 1: the client sends and closes without reading what we sent it.
c, _ = s.accept(); c.sendall(b"x" * 1000); c.recv(1); reset_seen(c)
# 2: the client closes with SO_LINGER 0 while we wait for data.
c, _ = s.accept(); c.recv(1); reset_seen(c)
s.close()
PY
srv_pid=$!
_pids+=("$srv_pid")
wait_listen "$srv" 7501

ip netns exec "$cli" python3 - <<'PY' || fail "reset on close"
import errno, socket, struct, sys, time
def conn():
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    c.connect(("192.0.2.2", 7501))
    return c
c = conn(); c.sendall(b"a"); time.sleep(0.5)   # 1000 bytes wait unread
c.close()
c = conn()
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.sendall(b"b"); time.sleep(0.2); c.close()
PY
wait "$srv_pid" || fail "server side of the close cases"

# Both aborts must have reached the wire as resets.
rsts=$(snmp_counter "$cli" TcpOutRsts)
[ "${rsts:-0}" -ge 2 ] || fail "expected 2 resets from the client, saw ${rsts:-0}"
# ...aborting the connection, not just a subflow: MP_FASTCLOSE with the
# server's key, and MP_TCPRST saying why (sections 3.5, 3.6).
expect_counter "$cli" MPFastcloseTx -eq 2
expect_counter "$srv" MPFastcloseRx -eq 2
expect_counter "$cli" MPRstTx -ge 2
expect_counter "$srv" MPRstRx -ge 2

# Exact counts, not slab statistics (which keep freed objects of active
# slabs): meta-sockets and TCP sockets (subflows) alive host-wide -- the
# kernel counts both globally, so what earlier tests left dying (orphans
# whose peer is gone) is the baseline.
msks() { awk '$1 == "MPTCP" || $1 == "MPTCPv6" { n += $3 } END { print n + 0 }' /proc/net/protocols; }
tcps() { ip netns exec "$1" awk '$1 == "TCP:" { for (i = 2; i < NF; i++) if ($i == "alloc") print $(i + 1) }' /proc/net/sockstat; }
before=$(msks) tcp_before=$(tcps "$cli")
ip netns exec "$srv" "$XFER" -l -p 7502 -P mptcp -u 3000 -d 3000 -C 100 -t $((60 * SCALE)) -q &
srv_pid=$!
wait_listen "$srv" 7502
for i in $(seq 100); do
	ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p 7502 -P mptcp -u 3000 -d 3000 -q ||
		fail "connection $i"
done
wait "$srv_pid" || fail "server of the hundred connections"
for i in $(seq 50); do
	[ "$(msks)" -le "$before" ] && [ "$(tcps "$cli")" -le "$tcp_before" ] && break
	sleep 0.2
done
[ "$(msks)" -le "$before" ] || fail "$(( $(msks) - before )) meta-sockets left after 100 connections"
[ "$(tcps "$cli")" -le "$tcp_before" ] ||
	fail "$(( $(tcps "$cli") - tcp_before )) subflows left after 100 connections"
expect_counter "$cli" MPCurrEstab -eq 0
expect_counter "$srv" MPCurrEstab -eq 0

# Listeners that go away with connections in their queue, unaccepted: by
# disconnect (connect(AF_UNSPEC), shutdown(SHUT_RD): TCP's listen stop) or
# by close() after a join arrived; nothing of them may stay behind (sysfuzz
# found both: the queued msks lived on, and the joined subflow got a FIN
# the peer's connection waited on forever).
ns_new lsn
ip -n "$lsn" addr add 192.0.2.1/24 dev lo
ip -n "$lsn" addr add 192.0.2.9/24 dev lo
ip -n "$lsn" mptcp limits set subflows 2 add_addr_accepted 2
ip -n "$lsn" mptcp endpoint add 192.0.2.9 subflow
ip netns exec "$lsn" python3 - <<'PY' || fail "listener teardown cases"
import ctypes, socket, struct, time
libc = ctypes.CDLL(None)
for how in ("unspec", "shutrd", "close-after-join"):
    l = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("192.0.2.1", 7510)); l.listen(8)
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    c.connect(("192.0.2.1", 7510)); c.send(b"x" * 1000)
    time.sleep(1.0 if how == "close-after-join" else 0.3)
    if how == "unspec":
        assert libc.connect(l.fileno(), struct.pack("H14x", 0), 16) == 0
    elif how == "shutrd":
        l.shutdown(socket.SHUT_RD)
    l.close(); c.close()
# An accepted IPv6 msk outliving its listener: it once shared the
# listener's IPv6 state and freed it again (KASAN sees that at once).
for i in range(20):
    l = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, 262)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("::1", 7511)); l.listen(8)
    c = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, 262)
    c.connect(("::1", 7511))
    a, _ = l.accept()
    l.close()
    time.sleep(0.05)
    a.send(b"y" * 100); c.recv(100)
    a.close(); c.close()
PY
for i in $(seq 50); do
	left=$(ip netns exec "$lsn" ss -HtMan | grep -vc TIME-WAIT || true)
	[ "$left" = 0 ] && break
	sleep 0.2
done
[ "$left" = 0 ] || fail "$left sockets left by the listener teardowns: $(ip netns exec "$lsn" ss -tanM)"
