#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-failover.sh BIN_DIR: run inside the guest by `make bench`, once per
# kernel.  The failover gap: an upload over two netem paths (10 Mbit/s,
# 10 ms each way), and 2 s into it path 1 -- the initial subflow's --
# starts dropping everything, both ways (netem loss 100 %: neither end
# sees a link go down).  The receiving application records when each
# read returns; the gap is the longest time after the failure during which
# it got nothing.  Two cases: the second path a backup (active-backup), and
# both paths in use.  Every byte is checked against what was sent.
set -uo pipefail
export SELFTEST_BIN=${1:?usage: bench-failover.sh BIN_DIR} SELFTEST_DIR
SELFTEST_DIR=$(cd "$(dirname "$0")/../selftests" && pwd)
. "$SELFTEST_DIR/lib.sh"
set +e

runs=${BENCH_RUNS:-3}
size=$((12 * 1024 * 1024))
port=9600
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
tmp=$(mktemp -d)

# The receiver: reads to EOF, checks the bytes, prints the longest gap
# after the failure time (in the file it is given) in ms.
cat > "$tmp/rx.py" <<'PY'
import socket, sys, time
port, failfile, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
pattern = bytes(range(251)) * 1024
twice = pattern * 2
l = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("192.0.2.2", port)); l.listen(1)
c, _ = l.accept()
stamps, got, ok = [], 0, True
while True:
    b = c.recv(65536)
    if not b:
        break
    off = got % len(pattern)
    if b != twice[off:off + len(b)]:
        ok = False
    got += len(b)
    stamps.append(time.time())
t_fail = float(open(failfile).read())
after = [t for t in stamps if t >= t_fail]
prev, gap = t_fail, 0.0
for t in after:
    gap = max(gap, t - prev)
    prev = t
print("gap_ms=%d bytes=%d ok=%d" % (gap * 1000, got, ok and got == size))
PY
cat > "$tmp/tx.py" <<'PY'
import socket, sys
port, size = int(sys.argv[1]), int(sys.argv[2])
pattern = bytes(range(251)) * 1024
twice = pattern * 2
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.connect(("192.0.2.2", port))
sent = 0
while sent < size:
    off = sent % len(pattern)
    chunk = twice[off:off + min(65536, size - sent)]
    sent += s.send(chunk)
s.shutdown(socket.SHUT_WR)
s.recv(1)
PY

# failover BACKUP(0|1): sets $gap, the median gap in ms ("fail" if a run
# lost or corrupted data).
failover() {
	local i out bad=0
	for i in $(seq "$runs"); do
		for ns in "${_namespaces[@]}"; do ip netns del "$ns"; done
		_namespaces=()
		topo_two_paths
		for d in "$cli $l1c" "$srv $l1s" "$cli $l2c" "$srv $l2s"; do
			set -- $d
			ip netns exec "$1" tc qdisc add dev "$2" root netem rate 10mbit delay 10ms limit 100
		done
		ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow \
			$([ "$backup" = 1 ] && echo backup)
		port=$((port + 1))
		date +%s.%N > "$tmp/fail"	# until the real failure time
		ip netns exec "$srv" python3 "$tmp/rx.py" $port "$tmp/fail" $size > "$tmp/out.$i" &
		wait_listen "$srv" $port
		ip netns exec "$cli" python3 "$tmp/tx.py" $port $size &
		sleep 2
		for d in "$cli $l1c" "$srv $l1s"; do
			set -- $d
			ip netns exec "$1" tc qdisc change dev "$2" root netem rate 10mbit delay 10ms \
				limit 100 loss 100%
		done
		date +%s.%N > "$tmp/fail"
		wait
		grep -q "ok=1" "$tmp/out.$i" || bad=1
	done
	if [ "$bad" = 1 ]; then
		gap=fail
	else
		gap=$(sed -n 's/^gap_ms=\([0-9]*\).*/\1/p' "$tmp"/out.* | median)
	fi
	rm -f "$tmp"/out.*
}

printf 'kernel %s, path 1 of 2 fails 2 s into a 12 MiB upload, median of %s runs\n' \
	"$(uname -r)" "$runs"
for backup in 1 0; do
	failover
	name=$([ "$backup" = 1 ] && echo "active-backup" || echo "both paths active")
	printf '%-34s %9s ms\n' "failover gap, $name" "$gap"
	echo "BENCH failover backup=$backup gap_ms=$gap"
done
rm -rf "$tmp"
