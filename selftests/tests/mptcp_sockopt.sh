#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Socket options on an MPTCP socket: SOL_SOCKET ones stick, TCP ones reach
# the subflow and read back, ULP and repair options are refused, and a
# connection made with them carries data byte-exact.
. "$SELFTEST_DIR/lib.sh"

topo_pair
ip netns exec "$srv" python3 - <<'PY' || fail "socket options"
import errno, socket, sys
MPTCP = 262
def check(what, cond):
    if not cond:
        print("FAIL:", what); sys.exit(1)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, MPTCP)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
check("SO_REUSEADDR", s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
check("SO_RCVBUF", s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) == 2 * 65536)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
check("TCP_NODELAY", s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 77)
check("TCP_KEEPIDLE", s.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 77)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b"reno")
check("TCP_CONGESTION", s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).rstrip(b"\0") == b"reno")
for opt, name in ((31, "TCP_ULP"), (19, "TCP_REPAIR")):
    try:
        s.setsockopt(socket.IPPROTO_TCP, opt, b"tls" if opt == 31 else 1)
        check(name + " refused", False)
    except OSError as e:
        check(name + " errno", e.errno == errno.EOPNOTSUPP)
# A TCP socket cannot take the hidden ULP either.
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    t.setsockopt(socket.IPPROTO_TCP, 31, b"mptcp")
    check("TCP_ULP mptcp on a TCP socket refused", False)
except OSError as e:
    check("TCP_ULP mptcp errno", e.errno in (errno.EOPNOTSUPP, errno.ENOENT))
s.bind(("192.0.2.2", 7301))
s.listen(1)
# bind() again on the same port with SO_REUSEADDR after close must work.
s.close()
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, MPTCP)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 7301))
s.close()
PY
# A transfer with Nagle off on both sides.
xfer_run "$srv" "$cli" 192.0.2.2 7302 -q -P mptcp -m poll -u 1m -d 1m
