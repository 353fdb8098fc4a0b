#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The per-subflow SOL_MPTCP getsockopts in upstream's layouts
# (MPTCP_TCPINFO, MPTCP_SUBFLOW_ADDRS, MPTCP_FULL_INFO), from an
# application over two paths (progs/subflow_info.c): all of them report
# both subflows, consistently, with the addresses the paths have, shorter
# user elements get the leading part, malformed requests get EINVAL; the
# data arrives byte-exact.
# timeout: 60
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
out=$(ip netns exec "$cli" "$BIN/subflow_info" -s "$srv" -a 192.0.2.2 -p 8601 -n 2) ||
	fail "subflow_info failed: $out"
info "$out"
grep -q "^subflow 1 192.0.2.1:[0-9]* 192.0.2.2:8601$" <<<"$out" || fail "no first subflow: $out"
grep -q "^subflow 2 198.51.100.1:[0-9]* 192.0.2.2:8601$" <<<"$out" || fail "no joined subflow: $out"
