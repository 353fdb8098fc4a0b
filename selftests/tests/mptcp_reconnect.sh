#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One socket, five connections: connect(AF_UNSPEC) ends each of the first
# four (RFC 8684 section 3.5: MP_FASTCLOSE, after the peer's own abort, or
# after both DATA_FINs) and the same socket connects again, as upstream's
# "full disconnect" case (mptcp_connect -I) does.  Nothing of one
# connection may reach the next: not the abort we sent (the next
# disconnect sent MP_FASTCLOSE uncounted), not the abort we got (the next
# connection was reset as soon as it came up), not a DATA_FIN (the next
# one's was ignored: its end never seen), not the path manager's state
# (each connection joins the second path again), not the events (the next
# connection was never CREATED for `ip mptcp monitor` or mptcpd).  Then
# two more against a plain-TCP server, fallen back: each shut down, seen
# closed by `ss -M` and connected again, as upstream's case against a TCP
# server does (a fallen-back msk stayed in CLOSING for good: TCP's FIN is
# its DATA_FIN, and that FIN's ACK was never taken for the DATA_ACK).
# Every exchange checked by SHA-256.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
tmp=$(mktemp -d)
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
ip -n "$cli" mptcp monitor >> "$tmp/events" &
_pids+=("$!")
nap 0.5	# subscribed

tx0=$(counter "$cli" MPFastcloseTx)
rx0=$(counter "$srv" MPFastcloseRx)

# The servers: per request an 8-byte length, then that many bytes,
# answered by their SHA-256; a length of 0 asks it to abort (SO_LINGER 0).
# The MPTCP one serves five connections, the plain TCP one two.
ip netns exec "$srv" python3 - > "$tmp/srv.log" 2>&1 <<'PY' &
import hashlib, socket, struct

def recvall(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d:
            if b:
                raise EOFError("short read: %d of %d" % (len(b), n))
            return None
        b += d
    return b

l = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("192.0.2.2", 8301))
l.listen(4)
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("192.0.2.2", 8302))
t.listen(4)
print("listening", flush=True)
for n in range(7):
    c, _ = (l if n < 5 else t).accept()
    try:
        while True:
            h = recvall(c, 8)
            if h is None:
                break
            size, = struct.unpack("!Q", h)
            if not size:
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                break
            c.sendall(hashlib.sha256(recvall(c, size)).digest())
    except ConnectionResetError:
        pass
    c.close()
print("served 7", flush=True)
PY
srv_pid=$!
_pids+=("$srv_pid")
for i in $(seq 50); do grep -q listening "$tmp/srv.log" && break; nap 0.1; done

ip netns exec "$cli" python3 - "$SCALE" <<'PY' || fail "reconnect cases: see above"
import ctypes, hashlib, os, socket, struct, subprocess, sys, time

SOL_MPTCP, MPTCP_INFO = 284, 1
scale = float(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)

def recvall(n):
    b = b""
    while len(b) < n:
        d = s.recv(n - len(b))
        assert d, "EOF after %d of %d bytes" % (len(b), n)
        b += d
    return b

def info():
    b = s.getsockopt(SOL_MPTCP, MPTCP_INFO, 256)
    return b[0], struct.unpack_from("I", b, 12)[0]	# extra subflows, token

def connect(n):
    s.connect(("192.0.2.2", 8301))
    deadline = time.time() + 10 * scale
    while info()[0] < 1:
        assert time.time() < deadline, "connection %d: no join in %gs" % (n, 10 * scale)
        time.sleep(0.05)
    return info()[1]

def exchange(n, size):
    data = os.urandom(size)
    s.sendall(struct.pack("!Q", size) + data)
    assert recvall(32) == hashlib.sha256(data).digest(), "connection %d: digest differs" % n

def upload_and_end(n):
    """Three exchanges, then our end of the stream and the peer's."""
    for i in range(3):
        exchange(n, 1 << 20)
    s.shutdown(socket.SHUT_WR)
    s.settimeout(10 * scale)
    assert s.recv(1) == b"", "connection %d: no clean end" % n
    s.settimeout(None)

def disconnect(n):
    if libc.connect(s.fileno(), struct.pack("H14x", 0), 16):
        raise OSError(ctypes.get_errno(), "connection %d: connect(AF_UNSPEC)" % n)

tokens = []
for n in (1, 2):
    tokens.append(connect(n))
    exchange(n, 1 << 20)
    disconnect(n)

# The server aborts the third: MP_FASTCLOSE reaches us.
tokens.append(connect(3))
exchange(3, 64 << 10)
s.sendall(struct.pack("!Q", 0))
try:
    got = s.recv(1)
    raise AssertionError("connection 3: read %r, not the peer's abort" % got)
except ConnectionResetError:
    pass
disconnect(3)

# The fourth must live on and end cleanly, both DATA_FINs through; so
# must a fifth after it (the fourth's DATA_FIN once hid the fifth's).
for n in (4, 5):
    tokens.append(connect(n))
    upload_and_end(n)
    disconnect(n)
assert len(set(tokens)) == 5 and 0 not in tokens, "tokens %s" % tokens
print("5 connections on one socket, tokens", " ".join("%08x" % t for t in tokens))

# Two fallen-back connections to a plain TCP server.  Each ends as
# upstream's mptcp_connect -I ends it: shut down, wait until `ss -M` no
# longer lists the connection (closed), disconnect, connect again.
def listed():
    port = s.getsockname()[1]
    out = subprocess.run(["ss", "-MHnt", "sport", "= :%d" % port],
                         capture_output=True, text=True, check=True).stdout
    return out.strip()

for n in (6, 7):
    s.connect(("192.0.2.2", 8302))
    flags = struct.unpack_from("I", s.getsockopt(SOL_MPTCP, MPTCP_INFO, 256), 8)[0]
    assert flags & 1, "connection %d: no fallback against a TCP server" % n	# MPTCP_INFO_FLAG_FALLBACK
    upload_and_end(n)
    deadline = time.time() + 10 * scale
    while listed():
        assert time.time() < deadline, \
            "connection %d: not closed after both FINs: %s" % (n, listed())
        time.sleep(0.05)
    disconnect(n)
s.close()
print("2 fallen-back connections on the same socket, each closed and reconnected")
PY
wait "$srv_pid" || fail "server: $(cat "$tmp/srv.log")"
grep -q "served 7" "$tmp/srv.log" || fail "server: $(cat "$tmp/srv.log")"

# Our two disconnects of live connections went out as MP_FASTCLOSE, each
# counted once; the third found the connection reset already: nothing to
# send, nothing counted.
expect_eq "MPFastcloseTx on the client" $(( $(counter "$cli" MPFastcloseTx) - tx0 )) 2
expect_eq "MPFastcloseRx on the server" $(( $(counter "$srv" MPFastcloseRx) - rx0 )) 2
expect_counter "$cli" MPFastcloseRx -eq 1
expect_counter "$cli" MPCapableFallbackSYNACK -eq 2

nap 0.5	# the last events are out
for ev in CREATED ESTABLISHED SF_ESTABLISHED CLOSED; do
	n=$(grep -c "^\[ *$ev\]" "$tmp/events" || true)
	[ "$n" = 5 ] || fail "$n $ev events on the client, want 5:
$(cat "$tmp/events")"
done
info "7 connections on one socket: 5 joined, byte-exact, their events and tokens; 2 fallen back, closed and reconnected"
