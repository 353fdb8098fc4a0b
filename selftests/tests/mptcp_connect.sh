#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MPTCP to MPTCP over one subflow: the MP_CAPABLE handshake completes on
# both sides (no fallback), and byte streams of every size and I/O mode,
# both directions at once, arrive byte-exact over IPv4 and IPv6, also when
# read by peeking first (MSG_PEEK, then a read of what was peeked).
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_pair
port=7000
for mode in block poll sendfile; do
	for size in 1 1000 65537 3m; do
		port=$((port + 1))
		xfer_run "$srv" "$cli" 192.0.2.2 $port -q -P mptcp -m $mode -u $size -d $size
		port=$((port + 1))
		xfer_run "$srv" "$cli" 2001:db8::2 $port -q -6 -P mptcp -m $mode -u $size -d $size
	done
done
# One direction only, each way, and a large stream.
xfer_run "$srv" "$cli" 192.0.2.2 7101 -q -P mptcp -m poll -u 0 -d 8m
xfer_run "$srv" "$cli" 192.0.2.2 7102 -q -P mptcp -m poll -u 8m -d 0
xfer_run "$srv" "$cli" 192.0.2.2 7103 -P mptcp -m poll -u 64m -d 64m
# Peeking readers, blocking and not.
xfer_run "$srv" "$cli" 192.0.2.2 7104 -q -k -P mptcp -m block -u 4m -d 4m
xfer_run "$srv" "$cli" 2001:db8::2 7105 -q -6 -k -P mptcp -m poll -u 4m -d 4m

# A connect() that fails at once (no route) may be retried on the same
# socket, then succeed: each attempt's token must go with it, or the
# connection walks (/proc/net/mptcp_conns, ss -M, address events) would
# meet the msk once per attempt, and after close() a freed one.
ip netns exec "$srv" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 7106)); s.listen(1)
c, _ = s.accept(); c.sendall(c.recv(5))' &
_pids+=("$!")
wait_listen "$srv" 7106
ip netns exec "$cli" python3 - <<'PY' || fail "connect() retried after failing at once"
import errno, socket, sys
def conns():
    return open("/proc/net/mptcp_conns").read().splitlines()[1:]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
for attempt in range(3):
    try:
        s.connect(("203.0.113.99", 7106))
        sys.exit("connected without a route")
    except OSError as e:
        if e.errno != errno.ENETUNREACH:
            raise
if conns():
    sys.exit(f"failed attempts left connections behind: {conns()}")
s.connect(("192.0.2.2", 7106))
if len(conns()) != 1:
    sys.exit(f"one connection, listed {len(conns())} times: {conns()}")
s.sendall(b"hello")
got = b""
while len(got) < 5:
    got += s.recv(5)
if got != b"hello":
    sys.exit(f"echo {got!r}")
s.close()
PY

conns=$(( 3 * 4 * 2 + 6 ))
# Counted per attempt, as upstream does: the three without a route too.
expect_counter "$cli" MPCapableSYNTX -eq $((conns + 3))
expect_counter "$cli" MPCapableSYNACKRX -eq $conns
expect_counter "$srv" MPCapableSYNRX -eq $conns
expect_counter "$srv" MPCapableACKRX -eq $conns
expect_counter "$cli" MPCapableFallbackSYNACK -eq 0
expect_counter "$srv" MPCapableFallbackACK -eq 0
expect_counter "$cli" MPCurrEstab -eq 0
expect_counter "$srv" MPCurrEstab -eq 0
