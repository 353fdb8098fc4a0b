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
(sleep 0.4; echo "-- subflows while it runs (client side):";
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

step "BPF schedulers: mptcpctl loads them, the namespace selects one, it runs"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
sysctl -qw kernel.bpf_stats_enabled=1	# for the CALLS and NS/CALL columns
for s in rr backup; do "$MPTCPCTL" sched load "$BPF_DIR/sched_$s.bpf.o"; done
"$MPTCPCTL" sched show
# upload MIB PORT: an MPTCP upload, then what each client link carried
upload() {
	local a1 a2
	a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
	xfer_run "$srv" "$cli" 192.0.2.2 "$2" -q -P mptcp -m poll -u "$1" -d 0
	echo "-- path 1 carried $(( ($(tx_bytes "$cli" "$l1c") - a1) / 1024 )) KiB," \
	     "path 2 $(( ($(tx_bytes "$cli" "$l2c") - a2) / 1024 )) KiB"
}
for s in bpf_backup bpf_rr; do
	ip netns exec "$cli" "$MPTCPCTL" sched set-default "$s"
	upload 8m "$((4250 + ${#s}))"
done

step "swap bpf_rr for first-subflow-only logic while a 32 MiB upload runs, then unload it"
a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
xfer_run "$srv" "$cli" 192.0.2.2 4260 -q -P mptcp -m poll -u 32m -d 0 &
sleep 0.5
b1=$(tx_bytes "$cli" "$l1c") b2=$(tx_bytes "$cli" "$l2c")
"$MPTCPCTL" sched replace bpf_rr "$BPF_DIR/sched_rr_as_backup.bpf.o"
wait
echo "-- before the swap: path 1 $(( (b1 - a1) / 1024 )) KiB, path 2 $(( (b2 - a2) / 1024 )) KiB;" \
     "after (path 2 only drains what it had queued): path 1 $(( ($(tx_bytes "$cli" "$l1c") - b1) / 1024 )) KiB, path 2 $(( ($(tx_bytes "$cli" "$l2c") - b2) / 1024 )) KiB"
"$MPTCPCTL" sched show bpf_rr
for s in rr backup; do "$MPTCPCTL" sched unload "bpf_$s"; done
upload 8m 4261
echo "-- with bpf_rr unloaded, the namespace's connections use: $(ip netns exec "$cli" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
print(s.getsockopt(284, 100, 16).rstrip(b"\0").decode())')"

step "what the handshakes and the datapath counted, client side"
ip netns exec "$cli" nstat -as 'MPTcpExt*' | grep -v ' 0 ' | sed -n '2,$p'
step "and server side"
ip netns exec "$srv" nstat -as 'MPTcpExt*' | grep -v ' 0 ' | sed -n '2,$p'
echo
