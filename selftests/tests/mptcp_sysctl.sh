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
