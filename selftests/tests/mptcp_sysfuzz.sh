#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Syscall and netlink sequence fuzzer: SYSFUZZ_ROUNDS (6) rounds of
# SYSFUZZ_S / rounds seconds (60 in all), each in a fresh network namespace
# that sysfuzz (selftests/progs/sysfuzz.c) fills with random socket calls,
# socket options, MSG_* flags and mptcp_pm requests, while a BPF scheduler
# is loaded, made the namespace's default, replaced and unloaded under it;
# the namespace is deleted the moment sysfuzz exits, its connections still
# alive (odd rounds), or once every MPTCP and TCP socket sysfuzz left has
# gone from its counts (even rounds: its sockets closed, none may linger);
# every third round with TCP Fast Open on for every socket.
# Beside it all, byte-exact transfers run between two other namespaces.
# Pass: the transfers byte-exact, the even rounds' namespaces empty, and
# (the runner's check) no splat; the slab figures before and after are
# printed (SLUB's counts are too coarse to judge; kmemleak on the debug
# kernel is the leak oracle for the deleted namespaces).  SYSFUZZ_SEED
# replays a run.
# timeout: 300
. "$SELFTEST_DIR/lib.sh"

SECS=${SYSFUZZ_S:-60}
ROUNDS=${SYSFUZZ_ROUNDS:-6}
SEED=${SYSFUZZ_SEED:-$(( $(date +%s) % 100000 ))}

# objects in use in the socket slabs: MPTCP ones have caches of their own
# (SLAB_TYPESAFE_BY_RCU keeps them unmerged), as do TCP's
slab_objs() {
	awk -v re="$1" '$1 ~ re { n += $2 } END { print n + 0 }' /proc/slabinfo 2>/dev/null
}
# sockets of a namespace, exactly: its protocols' in-use counts
ns_socks() {
	ip netns exec "$1" awk '$1 ~ /^(MPTCP|MPTCPv6|TCP|TCPv6)$/ { n += $3 } END { print n + 0 }' \
		/proc/net/protocols
}

# Static keys that sysfuzz's options switch on, switched on now and held,
# before anything runs: under TCG another vCPU may execute a stale copy of
# the code being patched (README, Known problems: "Oops: int3").
/usr/bin/python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, 35, 1)	# SO_TIMESTAMPNS: netstamp_needed_key
s.setsockopt(socket.IPPROTO_IP, 21, 1)			# IP_MINTTL: ip4_min_ttl
s.setsockopt(socket.IPPROTO_TCP, 37, 1)			# TCP_TX_DELAY
s6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s6.setsockopt(socket.IPPROTO_IPV6, 73, 1)		# IPV6_MINHOPCOUNT
time.sleep(100000)
' &
_pids+=("$!")
sleep 1

topo_pair
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
msk0=$(slab_objs '^MPTCP(v6)?$') tcp0=$(slab_objs '^TCP(v6)?$')

xfers_beside 9501

info "seed $SEED, $ROUNDS rounds of $((SECS / ROUNDS)) s"
for r in $(seq "$ROUNDS"); do
	ns=sysfuzz-$$-$r
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	ip -n "$ns" addr add 192.0.2.1/24 dev lo
	ip -n "$ns" addr add 2001:db8::1/64 dev lo nodad
	ip -n "$ns" mptcp limits set subflows 4 add_addr_accepted 4
	# TCP's own orphan timers, short: what they bound may go in the
	# 30 s the even rounds wait; what no timer bounds (a leak) may not
	ip netns exec "$ns" sysctl -qw net.ipv4.tcp_fin_timeout=1 \
		net.ipv4.tcp_orphan_retries=1 net.ipv4.tcp_retries2=3
	# Fast Open in every third round, both ends, no cookie wanted: every
	# listener takes SYN data, every MSG_FASTOPEN or TCP_FASTOPEN_CONNECT
	# sends some (0x607: client, server, client without cookie, server
	# without cookie or socket option)
	if [ $((r % 3)) = 0 ]; then
		ip netns exec "$ns" sysctl -qw net.ipv4.tcp_fastopen=$((0x607))
	fi
	ip netns exec "$ns" "$BIN/sysfuzz" $((SEED + r)) $((SECS / ROUNDS)) \
		127.0.0.1 ::1 192.0.2.1 2001:db8::1 > /tmp/sysfuzz-out.$$ 2>&1 &
	fz=$!
	# policies come and go under it
	sleep 1
	"$MPTCPCTL" sched load "$BPF_DIR/sched_rr.bpf.o" >/dev/null 2>&1 || true
	ip netns exec "$ns" "$MPTCPCTL" sched set-default bpf_rr >/dev/null 2>&1 || true
	sleep 1
	"$MPTCPCTL" sched replace bpf_rr "$BPF_DIR/sched_rr.bpf.o" >/dev/null 2>&1 || true
	sleep 1
	"$MPTCPCTL" sched unload bpf_rr >/dev/null 2>&1 || true
	# a call that never returns is a finding too: show where it sleeps
	for i in $(seq $(( (SECS / ROUNDS + 60) * 10 ))); do
		kill -0 "$fz" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$fz" 2>/dev/null; then
		info "sysfuzz stuck in: $(cat /proc/"$(pgrep -P "$fz" sysfuzz || echo "$fz")"/stack 2>/dev/null | head -n 12)"
		fail "sysfuzz round $r (seed $((SEED + r))) never finished"
	fi
	wait "$fz" || fail "sysfuzz round $r (seed $((SEED + r))): $(cat /tmp/sysfuzz-out.$$)"
	info "round $r: $(cat /tmp/sysfuzz-out.$$)"
	if [ $((r % 3)) = 0 ]; then
		tfo=$(ip netns exec "$ns" nstat -az TcpExtTCPFastOpenPassive TcpExtTCPFastOpenActive |
		      awk '/^TcpExt/ { printf "%s %s ", substr($1, 7), $2 }')
		info "round $r, Fast Open: $tfo"
		# the fuzzer must still reach the code: some SYN's data taken
		if [[ $tfo == *"TCPFastOpenPassive 0 "* ]]; then
			fail "round $r (seed $((SEED + r))): no Fast Open SYN data taken"
		fi
	fi
	if [ $((r % 2)) = 0 ]; then
		for i in $(seq 150); do
			[ "$(ns_socks "$ns")" = 0 ] && break
			sleep 0.2
		done
		[ "$(ns_socks "$ns")" = 0 ] ||
			fail "round $r (seed $((SEED + r))): $(ns_socks "$ns") sockets left: $(ip netns exec "$ns" ss -tanM | head -n 20)"
	fi
	ip netns del "$ns"	# odd rounds: with whatever sysfuzz left open
done
rm -f /tmp/sysfuzz-out.$$

xfers_beside_stop "sysfuzz (seed $SEED)"

sleep 2
info "slab objects in use: MPTCP $msk0 -> $(slab_objs '^MPTCP(v6)?$'), TCP $tcp0 -> $(slab_objs '^TCP(v6)?$')"
