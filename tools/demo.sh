#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh BIN_DIR: the main job, run inside the guest by `make run`.
# Two hosts in network namespaces, an MPTCP transfer between them, and what
# the kernel says about it.
set -uo pipefail
export SELFTEST_BIN=${1:?usage: demo.sh BIN_DIR} SELFTEST_DIR
SELFTEST_DIR=$(cd "$(dirname "$0")/../selftests" && pwd)
. "$SELFTEST_DIR/lib.sh"
set +e

step() { printf '\n== %s\n' "$*"; }

step "kernel $(uname -r): net.mptcp.enabled=$(sysctl -n net.mptcp.enabled)"
topo_pair
ip -n "$cli" -br addr show | grep -Ev '^(lo|sit0)'
ip -n "$srv" -br addr show | grep -Ev '^(lo|sit0)'

step "MPTCP transfer, 32 MiB each way: client $cli (192.0.2.1) <-> server $srv (192.0.2.2)"
ip netns exec "$srv" "$XFER" -l -p 4242 -P mptcp -u 32m -d 32m -m poll &
srv_pid=$!
sleep 0.3
ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p 4242 -P mptcp -u 32m -d 32m -m poll
cli_rc=$?
if [ $cli_rc != 0 ]; then
	kill $srv_pid 2>/dev/null
	step "this kernel's MPTCP core refused the connection: showing plain TCP instead"
	ip netns exec "$srv" "$XFER" -l -p 4243 -u 32m -d 32m -m poll &
	srv_pid=$!
	sleep 0.3
	ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p 4243 -u 32m -d 32m -m poll
fi
wait $srv_pid

step "the same over IPv6, and an MPTCP client to a plain TCP server (fallback)"
ip netns exec "$srv" "$XFER" -l -6 -p 4244 -P mptcp -u 8m -d 8m -m poll &
sleep 0.3
ip netns exec "$cli" "$XFER" -6 -c 2001:db8::2 -p 4244 -P mptcp -u 8m -d 8m -m poll
wait
ip netns exec "$srv" "$XFER" -l -p 4245 -u 8m -d 8m -m poll &
sleep 0.3
ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p 4245 -P mptcp -u 8m -d 8m -m poll
wait

step "what the handshake and the datapath counted, client side"
ip netns exec "$cli" nstat -as 'MPTcpExt*' | grep -v ' 0 ' | sed -n '2,$p'
step "and server side"
ip netns exec "$srv" nstat -as 'MPTcpExt*' | grep -v ' 0 ' | sed -n '2,$p'
echo
