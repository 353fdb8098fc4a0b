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

conns=$(( 3 * 4 * 2 + 5 ))
expect_counter "$cli" MPCapableSYNTX -eq $conns
expect_counter "$cli" MPCapableSYNACKRX -eq $conns
expect_counter "$srv" MPCapableSYNRX -eq $conns
expect_counter "$srv" MPCapableACKRX -eq $conns
expect_counter "$cli" MPCapableFallbackSYNACK -eq 0
expect_counter "$srv" MPCapableFallbackACK -eq 0
expect_counter "$cli" MPCurrEstab -eq 0
expect_counter "$srv" MPCurrEstab -eq 0
