#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Aggregation over eight subflows: eight 2.5 Mbit/s links (2 ms one way,
# 50-packet queues) from the client to a router, the server behind it, one
# subflow per link.  A byte-exact 16 MiB upload must reach 0.7 of the
# summed rate.  It got 0.39-0.45 while the connection's receive buffer was
# only the largest subflow's (each subflow's autotuning sees 1/8 of the
# data, and the connection-level window capped the transfer; upstream got
# 0.88): the msk now tunes its own buffer per round trip of its slowest
# subflow (recv.c, rx_autotune()), and hands it to every subflow: it must
# have grown past 1 MB.  Then the same with SO_RCVBUF set by the
# application, which autotuning must leave as it is.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

n=8 rate=2.5
topo_fan $n $rate

# the server's msk and subflow receive buffers (ss skmem "rb"), largest
# subflow's and the msk's, while the upload runs
rcvbufs() {
	ip netns exec "$srv" ss -Htnim state established "sport = :$1" |
		grep -o 'rb[0-9]*' | tr -d rb | sort -n | tail -n1
	ip netns exec "$srv" ss -HMnim state established "sport = :$1" |
		grep -o 'rb[0-9]*' | tr -d rb | head -n1
}

upload() {	# upload PORT [SRV_OPT...]: prints the server's Mbit/s
	local port=$1 out
	shift
	ip netns exec "$srv" "$XFER" -l -p "$port" -P mptcp -u 16m -m poll -t $((120 * SCALE)) \
		"$@" > /tmp/agg.srv.$$ 2>&1 &
	local spid=$!
	wait_listen "$srv" "$port"
	ip netns exec "$cli" "$XFER" -c 203.0.113.3 -p "$port" -P mptcp -u 16m -m poll \
		-t $((120 * SCALE)) -q &
	local cpid=$!
	wait_moved "$cli" "$port" $((8 * 1024 * 1024)) "$n" ||
		fail "the upload to $port did not move 8 MiB over $n subflows"
	rcvbufs "$port" > /tmp/agg.rb.$$
	wait "$cpid" || fail "client of the upload to $port"
	wait "$spid" || fail "server of the upload to $port: $(cat /tmp/agg.srv.$$)"
	sed -n 's/.*(\([0-9.]*\) Mbit\/s).*/\1/p' /tmp/agg.srv.$$
}

mbit=$(upload 7801)
read -r -d '' sf_rb msk_rb < /tmp/agg.rb.$$ || true
info "8 x $rate Mbit/s: $mbit Mbit/s; receive buffers: msk $msk_rb, largest subflow's $sf_rb"
# A rate says something about the stack only where the CPU is not the
# limit: on a debug kernel (timeout scale > 1: KASAN, lockdep) it is, and
# the transfer is judged on its bytes and buffers alone.
if [ "$SCALE" = 1 ]; then
	awk -v m="$mbit" -v n=$n -v r=$rate 'BEGIN { exit !(m >= 0.7 * n * r) }' ||
		fail "$mbit Mbit/s over $n x $rate Mbit/s: under 0.7 of the links"
else
	info "rate not judged at timeout scale $SCALE (a debug kernel: CPU-bound)"
fi
[ "${msk_rb:-0}" -gt 1000000 ] ||
	fail "the msk's receive buffer stayed at ${msk_rb:-?} bytes"

# SO_RCVBUF: the application's figure stands (doubled, as for any socket)
SRV_RB=131072
[ "$(ip netns exec "$srv" sysctl -n net.core.rmem_max)" -ge $SRV_RB ] ||
	ip netns exec "$srv" sysctl -qw net.core.rmem_max=$SRV_RB
mbit=$(upload 7802 -B $SRV_RB)
read -r -d '' sf_rb msk_rb < /tmp/agg.rb.$$ || true
info "with SO_RCVBUF $SRV_RB: $mbit Mbit/s, msk buffer $msk_rb, largest subflow's $sf_rb"
expect_eq "msk receive buffer under SO_RCVBUF" "$msk_rb" $((2 * SRV_RB))
expect_eq "largest subflow receive buffer under SO_RCVBUF" "$sf_rb" $((2 * SRV_RB))
rm -f /tmp/agg.srv.$$ /tmp/agg.rb.$$
