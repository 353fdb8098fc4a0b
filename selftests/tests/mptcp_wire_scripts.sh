#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Wire-level scripts (selftests/wire/*.pkt, run by selftests/progs/
# mptcp_wire.py, packetdrill's idea for MPTCP): each plays one option
# exchange of RFC 8684 section 3 by hand against our listener (srv_*) or
# our client (cli_*) and checks every segment our kernel sends back --
# flags, lengths, option fields, keys, tokens, HMACs, checksums, DSNs --
# and every byte the application reads.  The same scripts pass against
# upstream Linux MPTCP (6.18, on the host), so they check what the wire
# must look like, not what our code happens to do.
# timeout: 300
. "$SELFTEST_DIR/lib.sh"

PY=/usr/bin/python3
"$PY" -c "import scapy" 2>/dev/null || skip "python3-scapy is not installed (tools/deps.sh installs it)"
RUNNER=$SELFTEST_DIR/progs/mptcp_wire.py

# $cli plays the peer by hand (192.0.2.1, and 192.0.2.3 for a second
# address); its own TCP must stay out of it: its resets are dropped (the
# runner sends at layer 2, under this hook).  $srv is the kernel under test.
topo_pair
ip -n "$cli" addr add 192.0.2.3/24 dev "$LINK_A"
ip -n "$cli" addr add 2001:db8::3/64 dev "$LINK_A" nodad
ip -n "$srv" addr add 2001:db8::4/64 dev "$LINK_B" nodad
ip -n "$srv" addr add 192.0.2.4/24 dev "$LINK_B"	# a second address of the kernel under test
ip -n "$srv" mptcp limits set subflows 2 add_addr_accepted 2
# cli_syn_fallback makes the namespace see a blackhole; it sets the
# timeout it needs, and no other script is to inherit plain TCP from it
ip netns exec "$srv" sysctl -qw net.mptcp.blackhole_timeout=0
for ns_dev in "$cli $LINK_A" "$srv $LINK_B"; do
	set -- $ns_dev
	ip netns exec "$1" ethtool -K "$2" tso off gso off gro off >/dev/null 2>&1 || true
done
ip netns exec "$cli" nft -f - <<NFT
table inet wire {
	chain out {
		type filter hook output priority 0;
		tcp flags & rst == rst drop
	}
}
NFT
ip netns exec "$cli" ping -c 1 -W 2 192.0.2.2 >/dev/null || fail "no path to the kernel under test"
ip netns exec "$cli" ping -6 -c 1 -W 2 2001:db8::2 >/dev/null || fail "no IPv6 path to the kernel under test"

n=0 failed=()
port=8800
# WIRE_SCRIPTS="srv_mpc_data ...": only those; WIRE_V=1: every segment
for script in "$SELFTEST_DIR"/wire/*.pkt; do
	if [ -n "${WIRE_SCRIPTS:-}" ] && [[ " $WIRE_SCRIPTS " != *" $(basename "$script" .pkt) "* ]]; then
		continue
	fi
	port=$((port + 1))	# a port each: no script sees another's leftovers
	n=$((n + 1))
	ip -n "$srv" mptcp endpoint flush	# what a failed script left
	addrs="192.0.2.1 192.0.2.2"
	[[ $script == *_v6.pkt ]] && addrs="2001:db8::1 2001:db8::2"
	# shellcheck disable=SC2086
	if ! out=$(ip netns exec "$cli" env SCALE="$SCALE" "$PY" "$RUNNER" ${WIRE_V:+-v} "$script" \
		   $addrs "$port" "$srv" 2>&1); then
		failed+=("$(basename "$script")")
	fi
	printf '%s\n' "$out" | { if [ -n "${WIRE_V:-}" ]; then cat; else tail -n 3; fi; }
done
info "$n scripts, ${#failed[@]} failed"
[ "$n" -ge 10 ] || [ -n "${WIRE_SCRIPTS:-}" ] || fail "only $n scripts found in $SELFTEST_DIR/wire"
[ ${#failed[@]} = 0 ] || fail "failed: ${failed[*]}"
[ -n "${WIRE_SCRIPTS:-}" ] && exit 0
# cli_syn_fallback, counted as upstream counts it
expect_counter "$srv" MPCapableSYNTXDrop -ge 1
expect_counter "$srv" Blackhole -ge 1
expect_counter "$srv" MPCapableSYNTXDisabled -ge 1
