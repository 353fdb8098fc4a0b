#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host addresses coming and going reach a BPF path manager
# (local_addr_down/local_addr_up).  bpf_reconnect on the client, two paths,
# the second one from the endpoint 198.51.100.1: while an upload runs, that
# address is deleted -- the path manager closes its subflow -- then added
# back -- it opens the subflow again at once, which carries data.  The
# transfer is byte-exact; the connection never stops.  Done over IPv4 and
# over IPv6.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 40mbit
# a second address on the link keeps its routes when the first one goes
ip -n "$cli" addr add 198.51.100.11/24 dev "$l2c"
ip -n "$cli" addr add 2001:db8:1::11/64 dev "$l2c" nodad
pm_load bpf_reconnect pm_reconnect
ip netns exec "$cli" "$MPTCPCTL" pm set-default bpf_reconnect >/dev/null

# established_from NS ADDR PORT: the client's established subflows from ADDR
established_from() {
	ip netns exec "$1" ss -Htni state established "dport = :$3" |
		awk -v a="$2" '$3 ~ "^\\[?" a "\\]?(%[^:]*)?:[0-9]+$" { getline; print }'
}

# flap ADDR/LEN PORT SERVER: delete and restore ADDR under an upload
flap() {
	local addr=${1%/*} prefix=$1 port=$2 server=$3 joins0 bg gone back acked i
	local nodad= v6=
	[[ $addr == *:* ]] && nodad=nodad v6=-6
	ip -n "$cli" mptcp endpoint add "$addr" dev "$l2c" subflow
	joins0=$(counter "$cli" MPJoinSynTx)
	# 32 MiB, as much again per step of the timeout scale: on the debug
	# kernel the upload was over before the v6 subflow came back (once)
	xfer_run "$srv" "$cli" "$server" "$port" -q $v6 -P mptcp -m poll -u $((32 * SCALE))m -d 0 &
	bg=$!
	wait_moved "$cli" "$port" $((1024 * 1024)) 2 || true
	[ -n "$(established_from "$cli" "$addr" "$port")" ] ||
		fail "$addr: no subflow from the endpoint before the change"
	ip -n "$cli" addr del "$prefix" dev "$l2c"
	nap 0.5
	gone=$(established_from "$cli" "$addr" "$port")
	ip -n "$cli" addr add "$prefix" dev "$l2c" $nodad
	for i in $(seq $((30 * SCALE))); do	# 3 s at most (scaled), the upload lasts longer
		sleep 0.1
		back=$(established_from "$cli" "$addr" "$port")
		acked=$(grep -o 'bytes_acked:[0-9]*' <<<"$back" | cut -d: -f2 || true)
		[ "${acked:-0}" -gt 100000 ] && break
	done
	wait $bg || fail "$addr: the transfer across the address change failed"
	[ -z "$gone" ] || fail "$addr: its subflow outlived the address: $gone"
	info "$addr: closed when deleted; reopened when added back (bytes_acked:${acked:-none})"
	[ "${acked:-0}" -gt 100000 ] ||
		fail "$addr: no subflow carrying data once the address was back: '$back'"
	expect_counter "$cli" MPJoinSynTx -eq $((joins0 + 2))
	ip -n "$cli" mptcp endpoint flush
}

flap 198.51.100.1/24 8201 192.0.2.2
flap 2001:db8:1::1/64 8202 2001:db8::2
expect_counter "$cli" PmEjected -eq 0
