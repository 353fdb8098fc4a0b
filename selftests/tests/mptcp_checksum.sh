#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DSS checksums (net.mptcp.checksum_enabled).  Either end asking is
# enough: with the client asking (IPv4) and with the server asking (IPv6)
# both ends put a checksum on every mapping (counted on the wire: a DSS of
# 28 octets exists only with one) and verify the other's, byte-exact both
# ways; joined subflows carry them too.  A middlebox that rewrites the
# checksum (tc pedit) mid-transfer: on the only subflow, the receiver
# sends MP_FAIL and both ends go on as plain TCP (the sender marks where
# with an infinite mapping), nothing lost; on one of two subflows, that
# subflow is reset with MP_FAIL and its data goes out again on the other.
# timeout: 200
. "$SELFTEST_DIR/lib.sh"

# dss_csum_filter NS DEV 4|6 [pedit]: count (or corrupt, with "pedit") the
# checksums of the data segments DEV sends: TCP options of 40 octets,
# timestamps then a 28-octet DSS (Data ACK, 64-bit DSN, checksum)
dss_csum_filter() {
	local ns=$1 dev=$2 h=20 proto=ip act=(action ok)
	[ "$3" = 6 ] && h=40 proto=ipv6
	[ "${4:-}" = pedit ] && act=(action pedit ex munge offset $((h + 58)) u16 invert)
	ip netns exec "$ns" tc qdisc add dev "$dev" clsact 2>/dev/null || true
	ip netns exec "$ns" tc filter add dev "$dev" egress protocol "$proto" u32 \
		match u8 0xf0 0xf0 at $((h + 12)) \
		match u16 0x1e1c 0xffff at $((h + 32)) \
		match u8 0x20 0xf0 at $((h + 34)) "${act[@]}"
}

# dss_csum_hits NS DEV: segments the filter matched (GSO packets count once)
dss_csum_hits() {
	ip netns exec "$1" tc -s filter show dev "$2" egress |
		awk '/Sent/ { n += $4 } END { print n + 0 }'
}

# --- negotiation, both ways ---
topo_pair
dss_csum_filter "$cli" "$LINK_A" 4
dss_csum_filter "$srv" "$LINK_B" 4
dss_csum_filter "$cli" "$LINK_A" 6
dss_csum_filter "$srv" "$LINK_B" 6
ip netns exec "$cli" sysctl -qw net.mptcp.checksum_enabled=1
xfer_run "$srv" "$cli" 192.0.2.2 9101 -q -P mptcp -m poll -u 4m -d 4m
c=$(dss_csum_hits "$cli" "$LINK_A") s=$(dss_csum_hits "$srv" "$LINK_B")
info "client asking: $c checksummed DSS from the client, $s from the server"
[ "$c" -gt 0 ] && [ "$s" -gt 0 ] || fail "an end sent no checksums"
ip netns exec "$cli" sysctl -qw net.mptcp.checksum_enabled=0
ip netns exec "$srv" sysctl -qw net.mptcp.checksum_enabled=1
xfer_run "$srv" "$cli" 2001:db8::2 9102 -q -6 -P mptcp -m poll -u 4m -d 4m
c2=$(dss_csum_hits "$cli" "$LINK_A") s2=$(dss_csum_hits "$srv" "$LINK_B")
info "server asking (IPv6): $((c2 - c)) from the client, $((s2 - s)) from the server"
[ "$c2" -gt "$c" ] && [ "$s2" -gt "$s" ] || fail "an end sent no checksums over IPv6"
ip netns exec "$srv" sysctl -qw net.mptcp.checksum_enabled=0
xfer_run "$srv" "$cli" 192.0.2.2 9103 -q -P mptcp -m poll -u 1m -d 1m
expect_eq "checksums nobody asked for" "$(dss_csum_hits "$cli" "$LINK_A")" "$c2"
for ns in "$cli" "$srv"; do
	expect_counter "$ns" DataCsumErr -eq 0
	expect_counter "$ns" MPFailTx -eq 0
done

# --- a middlebox rewrites checksums on the only subflow ---
ip netns exec "$cli" sysctl -qw net.mptcp.checksum_enabled=1
shape "$cli" "$LINK_A" 50mbit	# 16 MiB: more than two seconds
xfer_run "$srv" "$cli" 192.0.2.2 9104 -q -P mptcp -m poll -u 16m -d 1m &
bg=$!
sleep 0.5
ip netns exec "$cli" tc filter del dev "$LINK_A" egress	# counting ones first
dss_csum_filter "$cli" "$LINK_A" 4 pedit
wait $bg || fail "the transfer across the corruption failed"
expect_counter "$srv" DataCsumErr -ge 1
expect_counter "$srv" DSSCorruptionFallback -eq 1
expect_counter "$srv" MPFailTx -eq 1
expect_counter "$cli" MPFailRx -eq 1
expect_counter "$cli" InfiniteMapTx -le 1
info "one subflow: fell back to TCP after $(counter "$srv" DataCsumErr) failed checksum(s)"
# --- ... on one of two subflows ---
ip netns del "$cli"; ip netns del "$srv"; _namespaces=()
topo_two_paths
ip netns exec "$cli" sysctl -qw net.mptcp.checksum_enabled=1
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
shape "$cli" "$l1c" "$l2c" 50mbit
dss_csum_filter "$cli" "$l2c" 4
xfer_run "$srv" "$cli" 192.0.2.2 9105 -q -P mptcp -m poll -u 4m -d 1m
[ "$(dss_csum_hits "$cli" "$l2c")" -gt 0 ] || fail "the joined subflow sent no checksums"
# 32 MiB: both paths still carry data well after the rewriting starts
xfer_run "$srv" "$cli" 192.0.2.2 9106 -q -P mptcp -m poll -u 32m -d 1m &
bg=$!
sleep 0.8
ip netns exec "$cli" tc filter del dev "$l2c" egress
dss_csum_filter "$cli" "$l2c" 4 pedit
wait $bg || fail "the transfer across the corrupted subflow failed"
expect_counter "$srv" DSSCorruptionReset -ge 1
expect_counter "$srv" DSSCorruptionFallback -eq 0
expect_counter "$srv" MPFailTx -ge 1
expect_counter "$cli" MPFailRx -ge 1
expect_counter "$cli" InfiniteMapTx -eq 0
info "two subflows: the corrupted one reset, $(counter "$cli" MPTCPRetrans) retransmission(s) at the connection level"
