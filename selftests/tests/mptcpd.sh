#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian's mptcpd, unmodified, drives our kernel: its addr_adv plugin turns
# the client's addresses into "subflow" endpoints through the mptcp_pm
# family; a transfer then joins over the second path.  When the second
# address goes away mid-transfer, mptcpd deletes its endpoint and our
# kernel withdraws it from the live connection (RM_ADDR); the transfer
# completes byte-exact.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

MPTCPD=/usr/libexec/mptcpd
[ -x "$MPTCPD" ] || skip "no mptcpd (Debian package mptcpd-plugins)"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 40mbit
shape "$srv" "$l1s" "$l2s" 40mbit
log=$(mktemp)
ip netns exec "$cli" "$MPTCPD" --path-manager=addr_adv --load-plugins=addr_adv \
	--addr-flags=subflow --notify-flags=existing,skip_link_local,skip_loopback \
	--log=stderr > "$log" 2>&1 &
_pids+=("$!")

# until mptcpd has made an endpoint of the second address (5 s at most,
# scaled)
for i in $(seq $((50 * SCALE))); do
	ip -n "$cli" mptcp endpoint show | grep -q "^198.51.100.1 .*subflow" && break
	sleep 0.1
done
ip -n "$cli" mptcp endpoint show | grep -q "^198.51.100.1 .*subflow" ||
	fail "mptcpd made no endpoint: $(ip -n "$cli" mptcp endpoint show; cat "$log")"

xfer_run "$srv" "$cli" 192.0.2.2 8401 -q -P mptcp -m poll -u 4m -d 1m
expect_counter "$cli" MPJoinSynTx -eq 1
expect_counter "$srv" MPJoinAckRx -eq 1

# the address goes once 2 MiB of a 16 MiB download are through (the
# RM_ADDR, sent once on a pure ACK, is then not queued behind the client's
# data)
(wait_moved "$cli" 8402 $((2 * 1024 * 1024)) 2; ip -n "$cli" addr del 198.51.100.1/24 dev "$l2c") &
_pids+=("$!")
xfer_run "$srv" "$cli" 192.0.2.2 8402 -q -P mptcp -m poll -u 0 -d 16m
ip -n "$cli" mptcp endpoint show | grep -q "^198.51.100.1 " &&
	fail "mptcpd kept the endpoint of a deleted address"
expect_counter "$cli" RmAddrTx -eq 1
expect_counter "$srv" RmAddr -eq 1
