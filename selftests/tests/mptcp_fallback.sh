#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fallback to TCP (RFC 8684 section 3.1), byte-exact, in each direction:
# an MPTCP client to a TCP server, a TCP client to an MPTCP server, and an
# MPTCP socket in a namespace with net.mptcp.enabled=0.
. "$SELFTEST_DIR/lib.sh"

topo_pair

# MPTCP client, TCP server: the SYN-ACK has no MP_CAPABLE.
CLI_OPTS="-P mptcp" xfer_run "$srv" "$cli" 192.0.2.2 7201 -q -m poll -u 2m -d 2m
expect_counter "$cli" MPCapableSYNTX -eq 1
expect_counter "$cli" MPCapableFallbackSYNACK -eq 1

# TCP client, MPTCP server: the listener hands out a plain TCP socket.
SRV_OPTS="-P mptcp" xfer_run "$srv" "$cli" 2001:db8::2 7202 -q -6 -m block -u 2m -d 2m
expect_counter "$srv" MPCapableSYNRX -eq 0
expect_counter "$srv" MPCapableACKRX -eq 0

# MPTCP disabled on the client side: it sends a plain SYN.
ip netns exec "$cli" sysctl -qw net.mptcp.enabled=0
xfer_run "$srv" "$cli" 192.0.2.2 7203 -q -P mptcp -m sendfile -u 1m -d 1m
expect_counter "$cli" MPCapableSYNTX -eq 1
expect_counter "$srv" MPCapableSYNRX -eq 0
