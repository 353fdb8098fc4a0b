#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Socket options on an MPTCP socket: SOL_SOCKET ones stick, TCP ones reach
# the subflow and read back, ULP, repair and group membership options are
# refused, and a connection made with them carries data byte-exact;
# MPTCP_INFO reads back
# in upstream's layout with byte counts that match what was sent.
# FIONREAD, SIOCOUTQ, TCP_INQ and SO_TIMESTAMPNS count and stamp the stream.
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
# IPv6-level options go by the subflow's family: on an IPv4 socket they
# are refused as TCP refuses them (sysfuzz found IPV6_UNICAST_HOPS here
# writing through a NULL pointer), on an IPv6 one they apply; and no
# subflow may be turned into an IPv4 socket.
try:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 4)
    check("IPV6_UNICAST_HOPS on an IPv4 MPTCP socket refused", False)
except OSError as e:
    check("IPV6_UNICAST_HOPS on IPv4 errno", e.errno == errno.ENOPROTOOPT)
s6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, MPTCP)
s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 4)
check("IPV6_UNICAST_HOPS", s6.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS) == 4)
s6.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 0x20)
try:
    s6.setsockopt(socket.IPPROTO_IPV6, 1, socket.AF_INET)	# IPV6_ADDRFORM
    check("IPV6_ADDRFORM refused", False)
except OSError as e:
    check("IPV6_ADDRFORM errno", e.errno == errno.EOPNOTSUPP)
# Group membership is refused as upstream refuses it: applied to the
# subflows it would take the RTNL under the msk's lock (sysfuzz on the
# debug kernel: a lockdep cycle against every other socket's setsockopt).
mreq = socket.inet_aton("239.1.2.3") + socket.inet_aton("0.0.0.0")
for sk, level, opt, val, name in (
        (s, socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq, "IP_ADD_MEMBERSHIP"),
        (s, socket.IPPROTO_IP, 42, b"\0" * 136, "MCAST_JOIN_GROUP"),
        (s6, socket.IPPROTO_IPV6, 27, socket.inet_pton(socket.AF_INET6, "2001:db8::1") + b"\0" * 4,
         "IPV6_JOIN_ANYCAST")):
    try:
        sk.setsockopt(level, opt, val)
        check(name + " refused", False)
    except OSError as e:
        check(name + " errno %d" % e.errno, e.errno == errno.EOPNOTSUPP)
s6.close()
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

# getsockopt(SOL_MPTCP, MPTCP_INFO) in upstream's layout: an MPTCP
# connection with the peer's key, a token, and byte counts that match what
# was written and read (1000 bytes each way, all acknowledged).
ip netns exec "$srv" python3 - <<'PY' &
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 7303)); s.listen(1)
c, _ = s.accept()
got = b""
while len(got) < 1000:
    got += c.recv(1000 - len(got))
c.sendall(b"s" * 1000); c.recv(1); c.close()
PY
info_srv=$!
_pids+=("$info_srv")
wait_listen "$srv" 7303
ip netns exec "$cli" python3 - <<'PY' || fail "MPTCP_INFO"
import socket, struct, time
SOL_MPTCP, MPTCP_INFO = 284, 1
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
c.connect(("192.0.2.2", 7303))
c.sendall(b"c" * 1000)
got = b""
while len(got) < 1000:
    got += c.recv(1000 - len(got))
time.sleep(0.3)     # the last Data ACK
raw = c.getsockopt(SOL_MPTCP, MPTCP_INFO, 256)
fmt = "<BBBBBBxxIIQQQBBBxIQQQQB3xIII"
assert len(raw) >= struct.calcsize(fmt), len(raw)
(subflows, sig, acc, sf_max, sig_max, acc_max, flags, token, write_seq, snd_una,
 rcv_nxt, la_used, la_max, csum, rtx, b_rtx, b_sent, b_recv, b_acked, sf_total,
 last_sent, last_recv, last_ack) = struct.unpack_from(fmt, raw)
def check(what, ok):
    if not ok:
        raise SystemExit("MPTCP_INFO %s: %r" % (what, raw[:96].hex()))
check("remote key flag, no fallback", flags & 2 and not flags & 1)
check("token", token != 0)
check("one subflow", subflows == 0 and sf_total == 1)
check("all acknowledged", write_seq == snd_una)
check("bytes sent/acked", b_sent == 1000 and b_acked == 1000)
check("bytes received", b_recv == 1000)
c.sendall(b"x"); c.close()
# A short buffer gets the leading part.
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
check("short read", len(t.getsockopt(SOL_MPTCP, MPTCP_INFO, 8)) == 8)
PY
wait "$info_srv" || fail "server of the MPTCP_INFO connection"

# What an application asks of the stream itself: FIONREAD and TCP_INQ
# count the bytes left to read (1 at the end of the stream, as TCP says),
# SIOCOUTQ what the peer has not DATA_ACKed yet, and SO_TIMESTAMPNS stamps
# what was received once it is on (the subflows stamp, recvmsg reports).
ip netns exec "$srv" python3 - <<'PY' || fail "TCP_INQ, FIONREAD, SIOCOUTQ, SO_TIMESTAMPNS"
import fcntl, socket, struct, termios, time
SO_TIMESTAMPNS, TCP_INQ = 35, 36
def check(what, ok):
    if not ok:
        raise SystemExit("FAIL: " + what)
def ioctl(s, req):
    return struct.unpack("i", fcntl.ioctl(s, req, b"\0" * 4))[0]
def cmsg(anc, level, kind):
    return [d for l, t, d in anc if (l, t) == (level, kind)]
l = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", 7304)); l.listen(1)
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
c.connect(("127.0.0.1", 7304))
a, _ = l.accept()
a.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
a.setsockopt(socket.IPPROTO_TCP, TCP_INQ, 1)
check("TCP_INQ reads back", a.getsockopt(socket.IPPROTO_TCP, TCP_INQ) == 1)
time.sleep(0.3)	# the kernel turns receive stamping on from a work item
c.sendall(b"i" * 1000)
for _ in range(100):
    if ioctl(a, termios.FIONREAD) == 1000 and ioctl(c, termios.TIOCOUTQ) == 0:
        break
    time.sleep(0.01)
check("FIONREAD 1000: %d" % ioctl(a, termios.FIONREAD), ioctl(a, termios.FIONREAD) == 1000)
check("SIOCOUTQ 0 once acknowledged", ioctl(c, termios.TIOCOUTQ) == 0)
data, anc, _, _ = a.recvmsg(400, 1024)
check("400 bytes", data == b"i" * 400)
inq = cmsg(anc, socket.IPPROTO_TCP, TCP_INQ)
check("TCP_CM_INQ 600: %r" % inq, inq and struct.unpack("i", inq[0])[0] == 600)
check("stamped", cmsg(anc, socket.SOL_SOCKET, SO_TIMESTAMPNS))
sec, nsec = struct.unpack("qq", cmsg(anc, socket.SOL_SOCKET, SO_TIMESTAMPNS)[0])
check("a recent stamp", abs(sec + nsec / 1e9 - time.time()) < 60)
c.shutdown(socket.SHUT_WR)
data, anc, _, _ = a.recvmsg(1000, 1024)
check("the rest", data == b"i" * 600)
time.sleep(0.2)
data, anc, _, _ = a.recvmsg(1000, 1024)
check("end of stream", data == b"")
inq = cmsg(anc, socket.IPPROTO_TCP, TCP_INQ)
check("TCP_CM_INQ 1 at the end: %r" % inq, inq and struct.unpack("i", inq[0])[0] == 1)
try:
    fcntl.ioctl(l, termios.FIONREAD, b"\0" * 4)
    check("FIONREAD on a listener refused", False)
except OSError as e:
    check("FIONREAD on a listener: EINVAL", e.errno == 22)
PY
