# SPDX-License-Identifier: GPL-2.0
#
# Helpers for tests under selftests/tests/; source it first.  A test exits 0
# to pass, calls fail to fail, skip to be skipped.  Network namespaces made
# with ns_new are removed when the test exits, however it exits.
set -euo pipefail

BIN=${SELFTEST_BIN:?run me through selftests/run}
XFER=$BIN/xfer
SCALE=${SELFTEST_TIMEOUT_SCALE:-1}

MPTCPCTL=$BIN/mptcpctl
BPF_DIR=$BIN/bpf

_namespaces=()
_pids=()
_scheds=()
_pms=()

_cleanup() {
	local p ns s
	for p in "${_pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for s in "${_scheds[@]}"; do "$MPTCPCTL" sched unload "$s" >/dev/null 2>&1 || true; done
	for s in "${_pms[@]}"; do "$MPTCPCTL" pm unload "$s" >/dev/null 2>&1 || true; done
	for ns in "${_namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}
trap _cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }
info() { echo "$*"; }

# expect_eq WHAT GOT WANT
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

# ns_new NAME...: fresh namespaces with loopback up and a unique suffix, so
# tests never collide with each other or with leftovers.
ns_new() {
	local name
	for name in "$@"; do
		local ns="$name-$$"
		ip netns add "$ns"
		_namespaces+=("$ns")
		ip -n "$ns" link set lo up
		printf -v "$name" '%s' "$ns"
	done
}

# link_add NS_A ADDR_A NS_B ADDR_B [V6_A V6_B]: a veth pair between two
# namespaces, addresses with prefix length, brought up (no DAD wait).
link_add() {
	local a=$1 aa=$2 b=$3 ba=$4 a6=${5:-} b6=${6:-}
	local va="v${RANDOM}a" vb="v${RANDOM}b"
	ip link add "$va" netns "$a" type veth peer name "$vb" netns "$b"
	ip -n "$a" addr add "$aa" dev "$va"
	ip -n "$b" addr add "$ba" dev "$vb"
	if [ -n "$a6" ]; then
		ip -n "$a" addr add "$a6" dev "$va" nodad
		ip -n "$b" addr add "$b6" dev "$vb" nodad
	fi
	ip -n "$a" link set "$va" up
	ip -n "$b" link set "$vb" up
	LINK_A=$va LINK_B=$vb
}

# topo_pair: namespaces $cli and $srv on one veth link, documentation
# addresses 192.0.2.1/24 <-> 192.0.2.2/24 and 2001:db8::1/64 <-> 2001:db8::2/64.
topo_pair() {
	ns_new cli srv
	link_add "$cli" 192.0.2.1/24 "$srv" 192.0.2.2/24 2001:db8::1/64 2001:db8::2/64
}

# topo_two_paths: $cli and $srv joined by two veth links, 192.0.2.0/24 +
# 2001:db8::/64 (client ends $l1c, server ends $l1s) and 198.51.100.0/24 +
# 2001:db8:1::/64 ($l2c, $l2s).  A client subflow bound to the second link
# reaches the server's first address through the server's side of that
# link (the server is a weak host).  Both sides allow 2 extra subflows.
topo_two_paths() {
	ns_new cli srv
	link_add "$cli" 192.0.2.1/24 "$srv" 192.0.2.2/24 2001:db8::1/64 2001:db8::2/64
	l1c=$LINK_A l1s=$LINK_B
	link_add "$cli" 198.51.100.1/24 "$srv" 198.51.100.2/24 2001:db8:1::1/64 2001:db8:1::2/64
	l2c=$LINK_A l2s=$LINK_B
	ip -n "$cli" route add default via 192.0.2.2 dev "$l1c" metric 101
	ip -n "$cli" route add default via 198.51.100.2 dev "$l2c" metric 102
	ip -n "$cli" -6 route add default via 2001:db8::2 dev "$l1c" metric 101
	ip -n "$cli" -6 route add default via 2001:db8:1::2 dev "$l2c" metric 102
	ip -n "$cli" mptcp limits set subflows 2 add_addr_accepted 2
	ip -n "$srv" mptcp limits set subflows 2 add_addr_accepted 2
}

# topo_fan N RATE: namespaces $cli, $rtr and $srv; N links of RATE Mbit/s
# (netem, 2 ms one way, 50-packet queues, both ends) from the client to
# the router, 192.0.2.0/24 cut in /28s, the server at 203.0.113.3 behind
# a fast link; one "subflow" endpoint per link but the first, both sides
# allowing N-1 extra subflows (the bench's fan cells, upstream's
# simult_flows.sh widened).
topo_fan() {
	local n=$1 rate=$2 i a
	ns_new cli rtr srv
	for ((i = 0; i < n; i++)); do
		a=$((16 * i))
		link_add "$cli" 192.0.2.$((a + 1))/28 "$rtr" 192.0.2.$((a + 2))/28
		ip netns exec "$cli" tc qdisc add dev "$LINK_A" root netem rate "$rate"mbit delay 2ms limit 50
		ip netns exec "$rtr" tc qdisc add dev "$LINK_B" root netem rate "$rate"mbit delay 2ms limit 50
		ip -n "$cli" route add default via 192.0.2.$((a + 2)) dev "$LINK_A" metric $((101 + i))
		[ "$i" = 0 ] || ip -n "$cli" mptcp endpoint add 192.0.2.$((a + 1)) dev "$LINK_A" subflow
	done
	link_add "$rtr" 203.0.113.2/24 "$srv" 203.0.113.3/24
	ip netns exec "$rtr" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$srv" route add default via 203.0.113.2
	ip -n "$cli" mptcp limits set subflows $((n - 1)) add_addr_accepted 0
	ip -n "$srv" mptcp limits set subflows $((n - 1)) add_addr_accepted 0
}

# shape NS DEV... RATE: a tbf of RATE on each device (egress)
shape() {
	local ns=$1 rate=${*: -1} d
	for d in "${@:2:$#-2}"; do
		ip netns exec "$ns" tc qdisc add dev "$d" root tbf rate "$rate" burst 64kb latency 50ms
	done
}

# reset_subflows NS MATCH [SECONDS]: NS answers its own packets that nft
# MATCH selects (e.g. "ip saddr 198.51.100.1 tcp dport 8003") with a TCP
# reset, for SECONDS (0.2), then lets them through again
reset_subflows() {
	ip netns exec "$1" nft -f - <<NFT
table inet reset_subflows {
	chain out {
		type filter hook output priority 0;
		$2 reject with tcp reset
	}
}
NFT
	sleep "${3:-0.2}"
	ip netns exec "$1" nft delete table inet reset_subflows
}

# tx_bytes NS DEV: bytes sent on DEV so far
tx_bytes() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/tx_bytes"; }

# moved NS DEV1 DEV2 CMD...: run CMD, set d1 d2 to what DEV1 and DEV2 sent
moved() {
	local ns=$1 i1=$2 i2=$3 a1 a2
	shift 3
	a1=$(tx_bytes "$ns" "$i1") a2=$(tx_bytes "$ns" "$i2")
	"$@"
	d1=$(( $(tx_bytes "$ns" "$i1") - a1 )) d2=$(( $(tx_bytes "$ns" "$i2") - a2 ))
}

# wait_listen NS PORT: until something listens on PORT in NS (5 s at most).
wait_listen() {
	local i
	for i in $(seq 100); do
		ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q . && return 0
		sleep 0.05
	done
	fail "nothing listens on port $2 in $1"
}

# wait_moved NS PORT BYTES [SUBFLOWS]: until NS has SUBFLOWS (1) TCP
# connections to PORT established and its links have moved BYTES (sent
# and received, headers included) since the call; false if they all end
# first, or after 20 s (times the timeout scale).  A test that acts on a
# running transfer waits for the transfer's progress, not for a time that
# a slower kernel (the debug one) turns into "before it started" or "after
# it ended".  It reads the namespace's /proc/net through a process that
# sits in it, with bash builtins only: an ss or ip call costs a fifth of a
# second under emulation, while the transfer moves on.
wait_moved() {
	local ns=$1 port=$2 want=$3 subflows=${4:-1}
	local holder i base= moved n seen= hexport line c f rem st
	ip netns exec "$ns" sleep $((30 * SCALE)) &
	holder=$!
	printf -v hexport '%04X' "$port"
	for ((i = 0; i < 400 * SCALE; i++)); do
		sleep 0.05
		# until it has entered NS, the holder's /proc/net is ours
		[ /proc/$holder/ns/net -ef "/run/netns/$ns" ] || continue
		moved=0
		while read -r line; do
			[[ $line == *:* ]] || continue
			[[ ${line%%:*} == lo ]] && continue
			read -r -a c <<<"${line#*:}"	# rx bytes ... tx bytes
			moved=$((moved + c[0] + c[8]))
		done < /proc/$holder/net/dev
		[ -n "$base" ] || base=$moved
		n=0
		for f in /proc/$holder/net/tcp /proc/$holder/net/tcp6; do
			[ -r "$f" ] || continue
			while read -r _ _ rem st _; do	# sl local rem st
				[[ $st == 01 && ${rem##*:} == "$hexport" ]] && n=$((n + 1))
			done < "$f"
		done
		if [ "$n" -ge "$subflows" ] && [ $((moved - base)) -ge "$want" ]; then
			kill "$holder" 2>/dev/null
			return 0
		fi
		if [ "$n" = 0 ] && [ -n "$seen" ]; then
			break
		fi
		[ "$n" = 0 ] || seen=1
	done
	kill "$holder" 2>/dev/null
	return 1
}

# nap SECONDS: a grace period for the kernel to act on something, as long
# again on a kernel whose timeouts are scaled (the debug one)
nap() { sleep "$(awk -v s="$1" -v k="$SCALE" 'BEGIN { print s * k }')"; }

# xfer_run SRV_NS CLI_NS ADDR PORT [xfer options...]: one connection, server
# and client with the same options (plus $SRV_OPTS / $CLI_OPTS for one side
# only, and $SRV_WRAP / $CLI_WRAP, a command to run that side under, e.g.
# "in_cgroup DIR"); fails unless both verify every byte.
xfer_run() {
	local sns=$1 cns=$2 addr=$3 port=$4 srv_rc=0 cli_rc=0 srv_pid
	shift 4
	local t=${XFER_DEADLINE:-$((60 * SCALE))}
	# shellcheck disable=SC2086
	${SRV_WRAP:-} ip netns exec "$sns" "$XFER" -l -p "$port" -t "$t" "$@" ${SRV_OPTS:-} &
	srv_pid=$!
	wait_listen "$sns" "$port"
	# shellcheck disable=SC2086
	${CLI_WRAP:-} ip netns exec "$cns" "$XFER" -c "$addr" -p "$port" -t "$t" "$@" \
		${CLI_OPTS:-} || cli_rc=$?
	wait "$srv_pid" || srv_rc=$?
	[ "$cli_rc" = 0 ] && [ "$srv_rc" = 0 ] ||
		fail "xfer $* to $addr: client status $cli_rc, server status $srv_rc"
}

# in_cgroup DIR CMD...: CMD as a process of cgroup v2 DIR
in_cgroup() {
	# shellcheck disable=SC2016
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$@"
}

# snmp_counter NS NAME: the value of the SNMP/MIB counter NAME (nstat's
# name, e.g. TcpOutRsts) in NS ("" for the namespace we run in);
# counter NS NAME and tcpext NS NAME: MPTcpExt and TcpExt ones, without
# the prefix.
snmp_counter() {
	${1:+ip netns exec "$1"} nstat -az "$2" | awk -v n="$2" '$1 == n { print $2 }'
}
counter() { snmp_counter "$1" "MPTcpExt$2"; }
tcpext() { snmp_counter "$1" "TcpExt$2"; }

# expect_counter NS NAME OP VALUE: e.g. expect_counter "$srv" MPCapableACKRX -ge 1
expect_counter() {
	local v
	v=$(counter "$1" "$2")
	[ "${v:-0}" "$3" "$4" ] || fail "$2 in $1 is ${v:-0}, want $3 $4"
}

# sched_load NAME OBJECT, pm_load NAME OBJECT: load a BPF scheduler or path
# manager with mptcpctl (bpffs mounted if need be); unloaded again when the
# test exits, however it exits.
policy_load() {
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	"$MPTCPCTL" "$1" load "$BPF_DIR/$3.bpf.o" >/dev/null || fail "mptcpctl could not load $3"
}
sched_load() { policy_load sched "$@"; _scheds+=("$1"); }
pm_load() { policy_load pm "$@"; _pms+=("$1"); }

# sched_field NAME FIELD, pm_field NAME FIELD: one field (a.b for nested)
# of `mptcpctl -j sched|pm show NAME`
policy_field() {
	"$MPTCPCTL" -j "$1" show "$2" | python3 -c "
import json, sys
v = json.load(sys.stdin)[0]
for k in sys.argv[1].split('.'):
    v = v.get(k, '') if isinstance(v, dict) else ''
print(v)" "$3"
}
sched_field() { policy_field sched "$@"; }
pm_field() { policy_field pm "$@"; }

# craft_listener PORT [DIR]: for scapy's hand-made connections from $cli to
# $srv (topo_pair): an MPTCP listener on 192.0.2.2:PORT that accepts and
# holds everything, and the client kernel's resets to PORT dropped -- it
# knows nothing of those connections, and its resets must not reach the
# server.  With DIR, what each connection delivers to the application is
# written, as it arrives, to DIR/<client port>: what the crafted peer
# meant to send is checked against it byte for byte.
craft_listener() {
	ip netns exec "$cli" nft -f - <<NFT
table ip craft_$1 {
	chain out {
		type filter hook output priority 0;
		tcp dport $1 tcp flags & rst == rst drop
	}
}
NFT
	ip netns exec "$srv" /usr/bin/python3 -c '
import socket, sys, threading
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)	# IPPROTO_MPTCP
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 16)	# if the sysctl has it
s.bind(("192.0.2.2", int(sys.argv[1])))
s.listen(128)
held = []
def record(c, path):
	with open(path, "ab", buffering=0) as out:
		while True:
			try:
				b = c.recv(65536)
			except OSError:
				return
			if not b:
				return
			out.write(b)
while True:
	c, peer = s.accept()
	held.append(c)
	if len(sys.argv) > 2:
		threading.Thread(target=record, daemon=True,
				 args=(c, f"{sys.argv[2]}/{peer[1]}")).start()
' "$@" &
	_pids+=("$!")
	wait_listen "$srv" "$1"
}

# xfers_beside PORT: byte-exact MPTCP transfers (1 MiB each way) from $cli
# to $srv's 192.0.2.2 (topo_pair), back to back, until xfers_beside_stop:
# the legitimate traffic a fuzzer must not disturb.
xfers_beside() {
	_beside=/tmp/beside.$$
	rm -f "$_beside.stop"
	(
		n=0
		while [ ! -e "$_beside.stop" ]; do
			xfer_run "$srv" "$cli" 192.0.2.2 "$1" -q -P mptcp -m poll -u 1m -d 1m \
				-s $((n + 1)) || exit 1
			n=$((n + 1))
		done
		echo "$n"
	) > "$_beside.out" 2>&1 &
	_beside_pid=$!
	_pids+=("$_beside_pid")
}

# xfers_beside_stop WHAT: fails unless every transfer beside WHAT was
# byte-exact and at least one completed
xfers_beside_stop() {
	local n
	touch "$_beside.stop"
	wait "$_beside_pid" || fail "a transfer beside $1 failed: $(cat "$_beside.out")"
	n=$(tail -n1 "$_beside.out")
	rm -f "$_beside.out" "$_beside.stop"
	info "transfers beside $1, 1 MiB each way, byte-exact: $n"
	[ "$n" -ge 1 ] || fail "no transfer completed beside $1"
}
