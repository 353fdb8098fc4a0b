#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Wire fuzzer: for WIREFUZZ_S (60) seconds, mptcp_wirefuzz.py drives
# MPTCP connections by hand against our listener -- real handshakes, Fast
# Open ones (data in the SYN, then right, wrong or no keys), and joins
# (right and wrong HMACs), then mutated options, flags, sequence
# numbers and lengths -- while the client's kernel runs byte-exact MPTCP
# transfers to the same listener's neighbour port, back to back, the whole
# time.  Pass: every transfer byte-exact, the listener still serves a new
# transfer afterwards, the malformed options were counted, and (the
# runner's check) the guest log holds no splat.  WIREFUZZ_SEED replays a
# run (default: a new seed, printed).
# timeout: 300
. "$SELFTEST_DIR/lib.sh"

PY=/usr/bin/python3
"$PY" -c "import scapy" 2>/dev/null || skip "python3-scapy is not installed (tools/deps.sh installs it)"
SECS=${WIREFUZZ_S:-60}
SEED=${WIREFUZZ_SEED:-$(( $(date +%s) % 100000 ))}

topo_pair
ip netns exec "$srv" sysctl -qw net.ipv4.tcp_fastopen=$((0x203))	# no cookie needed
craft_listener 9300
malformed0=$(counter "$srv" MalformedOption)

xfers_beside 9301

info "seed $SEED, $SECS s"
out=$(ip netns exec "$cli" "$PY" "$SELFTEST_DIR/progs/mptcp_wirefuzz.py" \
	192.0.2.1 192.0.2.2 9300 "$SECS" "$SEED" 2>&1) || fail "wirefuzz: $out"
info "$out"
xfers_beside_stop "the wire fuzzer (seed $SEED)"

# every malformed option was refused and counted
malformed=$(( $(counter "$srv" MalformedOption) - malformed0 ))
info "server counters: MalformedOption +$malformed, $(ip netns exec "$srv" nstat -az 'MPTcpExt*' |
	awk '$2 != 0 && $1 ~ /Rst|Fail|DSS|NoDSS|Drop|Fallback|HMac|Dup/ { sub("MPTcpExt", "", $1); printf "%s %s ", $1, $2 }')"
[ "$malformed" -ge 1 ] || fail "no malformed option counted (seed $SEED)"

# the listener serves as before
xfer_run "$srv" "$cli" 192.0.2.2 9302 -q -P mptcp -m poll -u 2m -d 2m

kill "${_pids[@]}" 2>/dev/null || true
ip netns exec "$srv" ss -K -tn "sport = :9300" >/dev/null
