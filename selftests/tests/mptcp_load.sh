#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load: LOAD_CONNS (1000) MPTCP connections held open at once, each with
# two subflows (a join over the second path), every byte of 64 KiB each
# way checked per connection; the memory they take, against as many plain
# TCP connections; then setup/teardown churn (64 connections in flight,
# each replaced the moment it finishes) for LOAD_CHURN_S (20) seconds.
# Afterwards no meta-socket, subflow or request sock is left and
# MPCurrEstab is 0.  Figures are printed, not judged: they are ratios for
# the README, the test fails only on a lost, wrong or leaked byte.
# timeout: 420
. "$SELFTEST_DIR/lib.sh"

LOAD=$BIN/load
N=${LOAD_CONNS:-1000}
CHURN_S=${LOAD_CHURN_S:-20}
hold=/tmp/load-hold.$$

topo_two_paths
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
for ns in "$cli" "$srv"; do
	ip netns exec "$ns" sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=4096 \
		net.ipv4.ip_local_port_range="10000 65000"
done

msks() { awk '$1 == "MPTCP" || $1 == "MPTCPv6" { n += $3 } END { print n + 0 }' /proc/net/protocols; }
tcps() { ip netns exec "$1" awk '$1 == "TCP:" { for (i = 2; i < NF; i++) if ($i == "alloc") print $(i + 1) }' /proc/net/sockstat; }
# KiB in use, and of it in slabs
mem_used() { awk '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 } END { print t - f }' /proc/meminfo; }
slab() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
estab() { ip netns exec "$1" ss -Htn state established "( sport = :$2 or dport = :$2 )" | wc -l; }

# hold PROTO PORT: N connections of PROTO held open; sets held_mem and
# held_slab (KiB per connection, both ends together) and held_subflows
hold() {
	local proto=$1 port=$2 mem0 slab0 srv_pid cli_pid i
	sync; echo 3 > /proc/sys/vm/drop_caches
	mem0=$(mem_used) slab0=$(slab)
	ip netns exec "$srv" "$LOAD" -l -a 192.0.2.2 -p "$port" -n "$N" -P "$proto" &
	srv_pid=$!
	wait_listen "$srv" "$port"
	rm -f "$hold"
	ip netns exec "$cli" "$LOAD" -c 192.0.2.2 -p "$port" -n "$N" -b 65536 -P "$proto" \
		-W "$hold" -t $((240 * SCALE)) &
	cli_pid=$!
	for i in $(seq $((2400 * SCALE))); do
		[ -e "$hold" ] && break
		kill -0 "$cli_pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -e "$hold" ] || { wait "$cli_pid"; fail "$proto: the $N connections did not all complete"; }
	# joins may still be completing on the last connections
	for i in $(seq 50); do
		held_subflows=$(estab "$cli" "$port")
		[ "$proto" = tcp ] || [ "$held_subflows" -ge $((2 * N)) ] && break
		sleep 0.2
	done
	held_mem=$(( ($(mem_used) - mem0) / N ))
	held_slab=$(( ($(slab) - slab0) / N ))
	rm -f "$hold"
	wait "$cli_pid" || fail "$proto: client"
	wait "$srv_pid" || fail "$proto: server"
}

before=$(msks) tcp_cli=$(tcps "$cli") tcp_srv=$(tcps "$srv")
joins0=$(counter "$srv" MPJoinAckRx)

hold mptcp 9400
mptcp_mem=$held_mem mptcp_slab=$held_slab
info "mptcp: $N connections held, $held_subflows subflows established on the client," \
	"$mptcp_mem KiB per connection in use ($mptcp_slab KiB of it slab), both ends"
[ "$held_subflows" -ge $((2 * N)) ] || fail "$held_subflows subflows for $N connections, want $((2 * N))"
expect_eq "joins accepted" $(( $(counter "$srv" MPJoinAckRx) - joins0 )) "$N"
expect_counter "$cli" MPFallbackTokenInit -eq 0
expect_counter "$srv" MPFallbackTokenInit -eq 0

hold tcp 9401
info "tcp: $N connections held, $held_mem KiB per connection in use ($held_slab KiB of it slab)"
[ "$held_mem" -gt 0 ] && info "mptcp/tcp memory per connection: $(awk -v a="$mptcp_mem" -v b="$held_mem" 'BEGIN { printf "%.2f", a / b }')"

# churn: the server serves until told to stop, the client keeps 64 going
ip netns exec "$srv" "$LOAD" -l -a 192.0.2.2 -p 9402 -n 0 > /tmp/load-churn-srv.$$ &
srv_pid=$!
wait_listen "$srv" 9402
out=$(ip netns exec "$cli" "$LOAD" -c 192.0.2.2 -p 9402 -n 64 -b 4096 -R "$CHURN_S" \
	-t $((CHURN_S + 120 * SCALE))) || fail "churn client: $out"
info "churn: $out"
sleep 1
kill -TERM "$srv_pid"
wait "$srv_pid" || fail "churn server: $(cat /tmp/load-churn-srv.$$)"
info "churn: $(cat /tmp/load-churn-srv.$$)"
rm -f /tmp/load-churn-srv.$$

# everything freed: exact socket counts, as mptcp_close does it
for i in $(seq 150); do
	[ "$(msks)" -le "$before" ] && [ "$(tcps "$cli")" -le "$tcp_cli" ] &&
		[ "$(tcps "$srv")" -le "$tcp_srv" ] && break
	sleep 0.2
done
[ "$(msks)" -le "$before" ] || fail "$(( $(msks) - before )) meta-sockets left"
[ "$(tcps "$cli")" -le "$tcp_cli" ] || fail "$(( $(tcps "$cli") - tcp_cli )) client TCP sockets left"
[ "$(tcps "$srv")" -le "$tcp_srv" ] || fail "$(( $(tcps "$srv") - tcp_srv )) server TCP sockets left"
expect_counter "$cli" MPCurrEstab -eq 0
expect_counter "$srv" MPCurrEstab -eq 0
