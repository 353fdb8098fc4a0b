#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# net.mptcp.* exists in every namespace with upstream's names and defaults,
# accepts only its range, and is private to each namespace.
. "$SELFTEST_DIR/lib.sh"

[ -d /proc/sys/net/mptcp ] || fail "/proc/sys/net/mptcp missing"
expect_eq "enabled" "$(cat /proc/sys/net/mptcp/enabled)" 1
expect_eq "checksum_enabled" "$(cat /proc/sys/net/mptcp/checksum_enabled)" 0

ns_new a
expect_eq "enabled in a new netns" "$(ip netns exec "$a" sysctl -n net.mptcp.enabled)" 1

ip netns exec "$a" sysctl -qw net.mptcp.enabled=0
expect_eq "enabled after writing 0" "$(ip netns exec "$a" sysctl -n net.mptcp.enabled)" 0
expect_eq "init netns unaffected" "$(cat /proc/sys/net/mptcp/enabled)" 1

for bad in 2 -1 abc; do
	if ip netns exec "$a" sysctl -qw net.mptcp.enabled=$bad 2>/dev/null; then
		fail "enabled accepted out-of-range value $bad"
	fi
done
expect_eq "enabled after bad writes" "$(ip netns exec "$a" sysctl -n net.mptcp.enabled)" 0

ip netns exec "$a" sysctl -qw net.mptcp.checksum_enabled=1
expect_eq "checksum_enabled" "$(ip netns exec "$a" sysctl -n net.mptcp.checksum_enabled)" 1
ip netns exec "$a" sysctl -qw net.mptcp.enabled=1

# Every sysctl upstream 6.12 has is here, and the later ones we have (a
# sysctl.conf written for upstream must apply unchanged), with upstream's
# defaults -- stale_loss_cnt
# excepted: ours counts TCP timeouts in a row, 2 by default, upstream's
# its own retransmission intervals, 4 (about the same two RTOs).
for name in enabled add_addr_timeout close_timeout checksum_enabled \
	    allow_join_initial_addr_port stale_loss_cnt pm_type scheduler \
	    available_schedulers blackhole_timeout syn_retrans_before_tcp_fallback \
	    add_addr_v6_port_drop_ts; do
	[ -e "/proc/sys/net/mptcp/$name" ] || fail "net.mptcp.$name missing"
done
expect_eq "close_timeout" "$(ip netns exec "$a" sysctl -n net.mptcp.close_timeout)" 60
expect_eq "stale_loss_cnt" "$(ip netns exec "$a" sysctl -n net.mptcp.stale_loss_cnt)" 2
expect_eq "blackhole_timeout" "$(ip netns exec "$a" sysctl -n net.mptcp.blackhole_timeout)" 3600
expect_eq "syn_retrans_before_tcp_fallback" \
	"$(ip netns exec "$a" sysctl -n net.mptcp.syn_retrans_before_tcp_fallback)" 2
expect_eq "add_addr_v6_port_drop_ts" \
	"$(ip netns exec "$a" sysctl -n net.mptcp.add_addr_v6_port_drop_ts)" 1
ip netns exec "$a" sysctl -qw net.mptcp.close_timeout=5 net.mptcp.stale_loss_cnt=4
expect_eq "close_timeout written" "$(ip netns exec "$a" sysctl -n net.mptcp.close_timeout)" 5
expect_eq "stale_loss_cnt written" "$(ip netns exec "$a" sysctl -n net.mptcp.stale_loss_cnt)" 4
for bad in "stale_loss_cnt=0" "stale_loss_cnt=256" "blackhole_timeout=-1" \
	   "syn_retrans_before_tcp_fallback=300" "add_addr_v6_port_drop_ts=2"; do
	if ip netns exec "$a" sysctl -qw "net.mptcp.$bad" 2>/dev/null; then
		fail "net.mptcp.$bad accepted"
	fi
done
