# SPDX-License-Identifier: GPL-2.0
# The two ends of capture-seeds' connections (not a data-path tool: it only
# has to make the options appear on the wire).
#   serve ADDR        accept one MPTCP connection on port 10100, echo it
#   client ADDR       send 256 KiB, read it back, close
#   client-slow ADDR  the same over 4 s, then abort (SO_LINGER 0)
import socket
import struct
import sys
import time

IPPROTO_MPTCP = 262
mode, addr = sys.argv[1], sys.argv[2]
fam = socket.AF_INET6 if ':' in addr else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM, IPPROTO_MPTCP)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if mode == 'serve':
    s.bind((addr, 10100))
    s.listen(1)
    s.settimeout(20)
    c, _ = s.accept()
    c.settimeout(20)
    try:
        while True:
            d = c.recv(65536)
            if not d:
                break
            c.sendall(d)
    except OSError:
        pass
    c.close()
    sys.exit(0)

s.settimeout(20)
s.connect((addr, 10100))
chunk = bytes(range(256)) * 256
if mode == 'client':
    for _ in range(4):
        s.sendall(chunk)
    s.shutdown(socket.SHUT_WR)
    got = 0
    while True:
        d = s.recv(65536)
        if not d:
            break
        got += len(d)
    s.close()
    sys.exit(0 if got == 4 * len(chunk) else 1)
for _ in range(40):
    s.sendall(chunk[:4096])
    s.recv(65536)
    time.sleep(0.1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
s.close()
