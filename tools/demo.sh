#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh BIN_DIR: the main job, run inside the guest by `make run`.
# Two hosts in network namespaces joined by two shaped paths, an MPTCP
# transfer that uses both (MP_JOIN from an `ip mptcp endpoint`), per-path
# bytes, plain TCP beside it, and what the kernel counted.
set -uo pipefail
export SELFTEST_BIN=${1:?usage: demo.sh BIN_DIR} SELFTEST_DIR
SELFTEST_DIR=$(cd "$(dirname "$0")/../selftests" && pwd)
. "$SELFTEST_DIR/lib.sh"
set +e

step() { printf '\n== %s\n' "$*"; }

step "kernel $(uname -r): net.mptcp.enabled=$(sysctl -n net.mptcp.enabled)," \
	"scheduler $(sysctl -n net.mptcp.scheduler) (available: $(sysctl -n net.mptcp.available_schedulers))"
topo_two_paths
shape "$cli" "$l1c" "$l2c" 100mbit
shape "$srv" "$l1s" "$l2s" 100mbit
ip -n "$cli" -br addr show | grep -Ev '^(lo|sit0)'
ip -n "$srv" -br addr show | grep -Ev '^(lo|sit0)'

step "two paths of 100 Mbit/s each; the client's path manager opens a subflow from its second address"
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
ip -n "$cli" mptcp endpoint show
ip -n "$cli" mptcp limits show

step "MPTCP transfer, 24 MiB each way: client $cli <-> server $srv (192.0.2.2)"
a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
ip netns exec "$srv" "$XFER" -l -p 4242 -P mptcp -u 24m -d 24m -m poll &
srv_pid=$!
sleep 0.3
(sleep 0.8; echo "-- subflows while it runs (client side):";
 ip netns exec "$cli" ss -tni state established | awk '/^[0-9]/ { print "   " $3 " -> " $4 }') &
ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p 4242 -P mptcp -u 24m -d 24m -m poll
cli_rc=$?
wait
d1=$(( $(tx_bytes "$cli" "$l1c") - a1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
echo "-- the client sent $((d1 / 1024)) KiB on path 1 and $((d2 / 1024)) KiB on path 2"
[ $cli_rc = 0 ] || step "the transfer failed (status $cli_rc)"

step "plain TCP over one path, for comparison"
ip netns exec "$srv" "$XFER" -l -p 4243 -u 24m -d 24m -m poll &
sleep 0.3
ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p 4243 -u 24m -d 24m -m poll
wait

step "the same over IPv6, and an MPTCP client to a plain TCP server (fallback)"
ip -n "$cli" mptcp endpoint add 2001:db8:1::1 dev "$l2c" subflow
ip netns exec "$srv" "$XFER" -l -6 -p 4244 -P mptcp -u 8m -d 8m -m poll &
sleep 0.3
ip netns exec "$cli" "$XFER" -6 -c 2001:db8::2 -p 4244 -P mptcp -u 8m -d 8m -m poll
wait
ip netns exec "$srv" "$XFER" -l -p 4245 -u 8m -d 8m -m poll &
sleep 0.3
ip netns exec "$cli" "$XFER" -c 192.0.2.2 -p 4245 -P mptcp -u 8m -d 8m -m poll
wait

step "what the handshakes and the datapath counted, client side"
ip netns exec "$cli" nstat -as 'MPTcpExt*' | grep -v ' 0 ' | sed -n '2,$p'
step "and server side"
ip netns exec "$srv" nstat -as 'MPTcpExt*' | grep -v ' 0 ' | sed -n '2,$p'
echo
