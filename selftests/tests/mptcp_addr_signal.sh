#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Address signalling with the kernel path manager.  1: the server announces
# its second address (a "signal" endpoint, ADD_ADDR with HMAC), the client
# echoes it and joins it: both paths carry data, v4 and v6.  2: a client
# that accepts no announcement still echoes, and opens nothing.  3: the
# server deletes the endpoint mid-transfer: RM_ADDR, the subflow goes on
# both ends, the transfer completes on the other path.  4: the client turns
# its subflow endpoint into a backup mid-transfer: MP_PRIO, and the server
# stops sending on that path.  Every transfer is byte-exact.
#
# A signal is a pure ACK, which a full tbf queue drops like any packet: only
# the ADD_ADDR is sent again (add_addr_timeout), RM_ADDR and MP_PRIO go once
# (RFC 8684).  So each signal here travels against the data, on a direction
# that carries only ACKs, and the ADD_ADDR counts allow for repeats.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
tmp=$(mktemp -d)
# The links must be the bottleneck for the shares below to mean anything:
# on a CPU-bound (debug) kernel they are slowed by the timeout scale, else
# the sender, not the paths, sets the split (1.6 of 8.5 MB on one path there)
shape "$cli" "$l1c" "$l2c" $((20 / SCALE))mbit
shape "$srv" "$l1s" "$l2s" $((20 / SCALE))mbit
ip netns exec "$srv" sysctl -qw net.mptcp.add_addr_timeout=1

# share PORT ADDR [-6]: an 8 MiB upload; both client links carry a quarter.
share() {
	local a1 a2 d1 d2
	a1=$(tx_bytes "$cli" "$l1c") a2=$(tx_bytes "$cli" "$l2c")
	xfer_run "$srv" "$cli" "$2" "$1" ${3:-} -q -P mptcp -m poll -u 8m -d 0
	d1=$(( $(tx_bytes "$cli" "$l1c") - a1 )) d2=$(( $(tx_bytes "$cli" "$l2c") - a2 ))
	info "$2: client sent $d1 bytes on path 1, $d2 on path 2"
	[ "$d1" -gt $((2 * 1024 * 1024)) ] && [ "$d2" -gt $((2 * 1024 * 1024)) ] ||
		fail "$2: one path idle (path 1 $d1 bytes, path 2 $d2 bytes)"
}

# 1. Announced, echoed, joined; the v6 address is announced on the v4
# connection too, and ignored there; the IPv6 socket joins both addresses
# (an IPv6 socket speaks IPv4 too, as upstream's since 6.3): 1 + 2 joins.
ip -n "$srv" mptcp endpoint add 198.51.100.2 dev "$l2s" signal
ip -n "$srv" mptcp endpoint add 2001:db8:1::2 dev "$l2s" signal
share 7901 192.0.2.2
share 7902 2001:db8::2 -6
expect_counter "$srv" AddAddrTx -ge 4
expect_counter "$cli" AddAddr -ge 4
expect_counter "$cli" EchoAddTx -ge 4
expect_counter "$srv" EchoAdd -ge 4
expect_counter "$cli" AddAddrDrop -eq 0
expect_counter "$cli" MPJoinSynTx -eq 3
expect_counter "$srv" MPJoinAckRx -eq 3

# 2. No announcement accepted: echoed all the same, nothing joined.
ip -n "$cli" mptcp limits set subflows 2 add_addr_accepted 0
echoes=$(counter "$cli" EchoAddTx)
xfer_run "$srv" "$cli" 192.0.2.2 7903 -q -P mptcp -u 1m -d 1m
expect_counter "$cli" EchoAddTx -ge $((echoes + 2))
expect_counter "$cli" MPJoinSynTx -eq 3
ip -n "$cli" mptcp limits set subflows 2 add_addr_accepted 2

# 3. The server drops its second address once 3 MiB of a 12 MiB upload
# are through; half a second later the client sends nothing on that path.
# The client may see the subflow reset before the RM_ADDR names it: only
# the server's count is certain.
(wait_moved "$cli" 7904 $((3 * 1024 * 1024)) 2; ip -n "$srv" mptcp endpoint del id 1
 nap 0.5; tx_bytes "$cli" "$l2c" > "$tmp/rm.l2c") &
_pids+=("$!")
xfer_run "$srv" "$cli" 192.0.2.2 7904 -q -P mptcp -m poll -u 12m -d 0
expect_counter "$srv" RmAddrTx -eq 1
expect_counter "$cli" RmAddr -eq 1
expect_counter "$srv" RmSubflow -eq 1
expect_counter "$cli" RmSubflow -le 1
expect_counter "$cli" MPJoinSynTx -eq 4
after2=$(( $(tx_bytes "$cli" "$l2c") - $(cat "$tmp/rm.l2c") ))
[ "$after2" -lt 4096 ] || fail "the removed path still carried $after2 bytes"
ip -n "$srv" mptcp endpoint flush

# 4. The client's second path becomes a backup once 4 MiB of a 16 MiB
# download are through (the links' slowdown lets the checks' own commands
# keep up on the debug kernel); from half a second later the server sends
# on it no more than a few ACKs' worth.
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
id=$(ip -n "$cli" mptcp endpoint show | awk '/198.51.100.1/ { print $3 }')
(wait_moved "$cli" 7905 $((4 * 1024 * 1024)) 2; ip -n "$cli" mptcp endpoint change id "$id" backup
 nap 0.5; tx_bytes "$srv" "$l2s" > "$tmp/l2s.mid"; tx_bytes "$srv" "$l1s" > "$tmp/l1s.mid") &
_pids+=("$!")
xfer_run "$srv" "$cli" 192.0.2.2 7905 -q -P mptcp -m poll -d 16m
expect_counter "$cli" MPPrioTx -eq 1
expect_counter "$srv" MPPrioRx -eq 1
after2=$(( $(tx_bytes "$srv" "$l2s") - $(cat "$tmp/l2s.mid") ))
after1=$(( $(tx_bytes "$srv" "$l1s") - $(cat "$tmp/l1s.mid") ))
info "after MP_PRIO the server sent $after1 bytes on path 1, $after2 on the backup"
[ "$after1" -gt $((2 * 1024 * 1024)) ] ||
	fail "the transfer was over before the backup switch could show ($after1 bytes after)"
[ "$after2" -lt $((256 * 1024)) ] || fail "the server kept using the backup path ($after2 bytes)"
