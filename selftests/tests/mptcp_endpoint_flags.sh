#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Endpoint changes on live connections, mid-upload, byte-exact.  1: a
# "fullmesh" endpoint opens a subflow to every peer address the connection
# runs on (the initial one and the announced one); made "nofullmesh", its
# subflows close and it opens one again, to the initial address only.
# 2: `ip mptcp endpoint delete id 0 ADDR` removes the address the
# connection started from: RM_ADDR for id 0, the initial subflow closes,
# the transfer completes on the other.  48 MiB at 2 x 20 Mbit/s: about
# 10 s, so that the samples fall inside the transfer on a debug kernel,
# whose ip/ss/nstat calls take seconds (with 24 MiB the transfer there
# was over before "subflows after" looked: 0 subflows, 2026-11-26 and
# 2026-12-06).
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 20mbit
shape "$srv" "$l1s" "$l2s" 20mbit
ip -n "$cli" mptcp limits set subflows 4 add_addr_accepted 2
ip -n "$srv" mptcp limits set subflows 4 add_addr_accepted 2

# subflows NS PORT: the established subflows of the connection to PORT
subflows() {
	ip netns exec "$1" ss -Htn state established "( dport = :$2 or sport = :$2 )" | wc -l
}

# 1. fullmesh on, then off
ip -n "$srv" mptcp endpoint add 198.51.100.2 dev "$l2s" signal
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow fullmesh
# 48 MiB, times the scale: still running after the naps on a slow kernel
xfer_run "$srv" "$cli" 192.0.2.2 7801 -q -P mptcp -m poll -u $((48 * SCALE))m -d 0 &
bg=$!
wait_moved "$cli" 7801 $((4 * 1024 * 1024)) 3 || true
n=$(subflows "$cli" 7801)
expect_eq "subflows with a fullmesh endpoint" "$n" 3
rm_before=$(counter "$cli" RmSubflow)
id=$(ip -n "$cli" mptcp endpoint show | awk '/198.51.100.1/ { print $3 }')
ip -n "$cli" mptcp endpoint change id "$id" nofullmesh
nap 1.5
n=$(subflows "$cli" 7801)
expect_eq "subflows once nofullmesh" "$n" 2
expect_counter "$cli" RmSubflow -eq $((${rm_before:-0} + 2))
wait $bg || fail "the fullmesh transfer failed"
expect_counter "$cli" MPJoinSynTx -eq 3

# 2. the initial address goes
ip -n "$srv" mptcp endpoint flush
ip -n "$cli" mptcp endpoint flush
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
xfer_run "$srv" "$cli" 192.0.2.2 7802 -q -P mptcp -m poll -u $((48 * SCALE))m -d 0 &
bg=$!
wait_moved "$cli" 7802 $((4 * 1024 * 1024)) 2 || true
expect_eq "subflows before" "$(subflows "$cli" 7802)" 2
rm_addr=$(counter "$srv" RmAddr) rm_sf=$(counter "$cli" RmSubflow)
ip -n "$cli" mptcp endpoint delete id 0 192.0.2.1 || fail "delete id 0 refused"
nap 1
expect_counter "$srv" RmAddr -eq $((${rm_addr:-0} + 1))
expect_counter "$cli" RmSubflow -eq $((${rm_sf:-0} + 1))
expect_eq "subflows after" "$(subflows "$cli" 7802)" 1
wait $bg || fail "the transfer without its initial subflow failed"
exit 0
