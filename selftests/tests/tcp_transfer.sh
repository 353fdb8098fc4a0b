#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Plain TCP across two namespaces is byte-exact in every I/O mode, both
# directions, IPv4 and IPv6: the harness works and our MPTCP core leaves TCP
# alone.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

topo_pair
port=5000
for mode in block poll sendfile; do
	for size in 1 65535 4m; do
		port=$((port + 1))
		xfer_run "$srv" "$cli" 192.0.2.2 $port -q -m $mode -u $size -d $size
		port=$((port + 1))
		xfer_run "$srv" "$cli" 2001:db8::2 $port -q -6 -m $mode -u $size -d $size
	done
done
# A bigger one-way stream, and the reverse direction alone.
xfer_run "$srv" "$cli" 192.0.2.2 6001 -m poll -u 64m
xfer_run "$srv" "$cli" 192.0.2.2 6002 -m block -d 16m
