#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Path-manager events reach `ip mptcp monitor` unmodified (the mptcp_pm
# family's event group, upstream's attributes): on the client, a
# connection created, established, the server's address announced, the
# subflow to it established, the connection closed; on the server, the
# listener, the connection and the joined subflow.  Then the server drops
# that address mid-transfer: the client hears it removed and its subflow
# closed.  The client's subflow to the announced address starts from an
# address with no endpoint: it gets an implicit endpoint (as upstream's
# kernel path manager), never id 0, the initial address's; the user takes
# it over by adding the address without an id, never with another.
# Transfers byte-exact.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
tmp=$(mktemp -d)
shape "$cli" "$l1c" "$l2c" 40mbit
shape "$srv" "$l1s" "$l2s" 40mbit
ip -n "$srv" mptcp endpoint add 198.51.100.2 dev "$l2s" signal
ip -n "$cli" mptcp monitor >> "$tmp/cli" &	# appends: truncated below
_pids+=("$!")
ip -n "$srv" mptcp monitor >> "$tmp/srv" &
_pids+=("$!")
nap 0.5	# subscribed

# want FILE PATTERN...: each pattern matches a line, in this order
want() {
	local f=$1 p n=0 line
	shift
	for p in "$@"; do
		line=$(awk -v re="$p" 'NR > s && $0 ~ re { print NR; exit }' s="$n" "$f")
		[ -n "$line" ] || fail "no event /$p/ after line $n of $(basename "$f"):
$(cat "$f")"
		n=$line
	done
}

xfer_run "$srv" "$cli" 192.0.2.2 8201 -q -P mptcp -u 1m -d 1m
nap 1		# the closed connections are released
t=$(awk '/CREATED/ { sub("token=", "", $3); print $3; exit }' "$tmp/cli")
[ -n "$t" ] || fail "no CREATED event: $(cat "$tmp/cli")"
want "$tmp/cli" \
	"CREATED\\] token=$t .*saddr4=192.0.2.1 daddr4=192.0.2.2 .*dport=8201" \
	"ESTABLISHED\\] token=$t " \
	"ANNOUNCED\\] token=$t remid=1 daddr4=198.51.100.2 dport=8201" \
	"SF_ESTABLISHED\\] token=$t remid=1 locid=1 saddr4=198.51.100.1 daddr4=198.51.100.2 " \
	"CLOSED\\] token=$t"
# older iproute2 prints listener events by number
want "$tmp/srv" \
	"LISTENER_CREATED|UNKNOWN 15" \
	"CREATED\\] token=.*saddr4=192.0.2.2 daddr4=192.0.2.1 sport=8201" \
	"ESTABLISHED\\] token=" \
	"SF_ESTABLISHED\\] token=.*locid=1 saddr4=198.51.100.2 " \
	"LISTENER_CLOSED|UNKNOWN 16"
grep -q "CLOSED\\] token=" "$tmp/srv" || fail "no CLOSED on the server: $(cat "$tmp/srv")"
ep=$(ip -n "$cli" mptcp endpoint show)
# iproute2 6.1 knows no "implicit": it prints the flag's value
grep -Eq "^198.51.100.1 id 1 (implicit|rawflags 10) " <<<"$ep" || fail "no implicit endpoint: $ep"
ip -n "$cli" mptcp endpoint add 198.51.100.1 id 33 subflow 2>/dev/null &&
	fail "an implicit endpoint took another id"
ip -n "$cli" mptcp endpoint add 198.51.100.1 backup
ep=$(ip -n "$cli" mptcp endpoint show)
grep -q "^198.51.100.1 id 1 backup" <<<"$ep" || fail "implicit endpoint not taken over: $ep"
ip -n "$cli" mptcp endpoint flush

# The address goes once 2 MiB of a 12 MiB upload are through, both
# subflows up (the RM_ADDR goes once, on a pure ACK: not behind the
# server's data in a full tbf queue).
: > "$tmp/cli"
(wait_moved "$cli" 8202 $((2 * 1024 * 1024)) 2; ip -n "$srv" mptcp endpoint del id 1) &
_pids+=("$!")
xfer_run "$srv" "$cli" 192.0.2.2 8202 -q -P mptcp -m poll -u 12m -d 0
t=$(awk '/CREATED/ { sub("token=", "", $3); print $3; exit }' "$tmp/cli")
# the server's reset of the subflow may come before its RM_ADDR
want "$tmp/cli" "CREATED\\] token=$t " "SF_ESTABLISHED\\] token=$t remid=1 " \
	"REMOVED\\] token=$t remid=1"
want "$tmp/cli" "SF_ESTABLISHED\\] token=$t remid=1 " "SF_CLOSED\\] token=$t remid=1 "
