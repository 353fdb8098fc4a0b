#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Byte-exact MPTCP transfers, both directions at once, over a path that
# loses (1 %), delays, reorders and duplicates segments, with segmentation
# offloads on and then off: retransmitted and split segments keep their
# DSS mappings, and reassembly copes with what arrives.
# timeout: 300
. "$SELFTEST_DIR/lib.sh"

topo_pair
for ns in "$cli" "$srv"; do
	dev=$(ip -n "$ns" -o link show type veth | awk -F': ' '{ print $2 }' | cut -d@ -f1)
	ip netns exec "$ns" tc qdisc add dev "$dev" root netem \
		delay 5ms 2ms loss 1% reorder 5% 50% duplicate 1% limit 10000
done

xfer_run "$srv" "$cli" 192.0.2.2 7401 -P mptcp -m poll -u 4m -d 4m
xfer_run "$srv" "$cli" 2001:db8::2 7402 -q -6 -P mptcp -m block -u 2m -d 2m

for ns in "$cli" "$srv"; do
	dev=$(ip -n "$ns" -o link show type veth | awk -F': ' '{ print $2 }' | cut -d@ -f1)
	ip netns exec "$ns" ethtool -K "$dev" gso off tso off gro off >/dev/null 2>&1 ||
		fail "ethtool -K on $dev"
done
xfer_run "$srv" "$cli" 192.0.2.2 7403 -P mptcp -m poll -u 4m -d 4m
xfer_run "$srv" "$cli" 192.0.2.2 7404 -q -P mptcp -m sendfile -u 1m -d 1m

expect_counter "$cli" MPCapableFallbackSYNACK -eq 0
expect_counter "$srv" MPCapableFallbackACK -eq 0
expect_counter "$cli" DSSNotMatching -eq 0
expect_counter "$srv" DSSNotMatching -eq 0
expect_counter "$cli" NoDSSInWindow -eq 0
expect_counter "$srv" NoDSSInWindow -eq 0
