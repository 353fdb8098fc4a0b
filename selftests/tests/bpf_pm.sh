#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# BPF path managers, loaded with mptcpctl and selected per netns
# (net.mptcp.path_manager): bpf_ndiffports opens 3 more subflows over one
# pair of addresses (all four carry data, byte-exact) and can be replaced
# by a new instance live, or named by a socket (MPTCP_PATH_MANAGER);
# bpf_reconnect opens
# the endpoint's subflow like the kernel path manager and, when that
# subflow is reset mid-transfer, opens it again; a path manager asking for
# 64 subflows at once, or announcing and withdrawing addresses in a loop,
# is ejected (spam) while the connection goes on; a path manager may not
# call a scheduler's kfunc.
# timeout: 240
. "$SELFTEST_DIR/lib.sh"

# --- ndiffports: one path, four subflows ---
topo_pair
ip -n "$cli" mptcp limits set subflows 4
ip -n "$srv" mptcp limits set subflows 4
pm_load bpf_ndiffports pm_ndiffports
grep -qw bpf_ndiffports /proc/sys/net/mptcp/available_path_managers || fail "not in available_path_managers"
ip netns exec "$cli" "$MPTCPCTL" pm set-default bpf_ndiffports >/dev/null
expect_eq "path_manager" "$(ip netns exec "$cli" sysctl -n net.mptcp.path_manager)" bpf_ndiffports
sched_load bpf_rr sched_rr	# spreads data over all of them
ip netns exec "$cli" "$MPTCPCTL" sched set-default bpf_rr >/dev/null
shape "$cli" "$LINK_A" 100mbit	# 32 MiB: about 3 s
xfer_run "$srv" "$cli" 192.0.2.2 8001 -q -P mptcp -m poll -u 32m -d 1m &
bg=$!
wait_moved "$cli" 8001 $((1024 * 1024)) 4 || true
ss_out=$(ip netns exec "$cli" ss -Htni state established "dport = :8001")
wait $bg || fail "the ndiffports transfer failed"
subflows=$(grep -c "bytes_sent:[1-9]" <<<"$ss_out" || true)
expect_counter "$cli" MPJoinSynTx -eq 3
expect_counter "$srv" MPJoinAckRx -eq 3
info "bpf_ndiffports: $subflows TCP subflows carried data"
[ "$subflows" -eq 4 ] || fail "$subflows subflows carried data, want 4: $ss_out"
# a new instance replaces the loaded one; new connections get it
"$MPTCPCTL" pm replace bpf_ndiffports "$BPF_DIR/pm_ndiffports.bpf.o" >/dev/null ||
	fail "pm replace failed"
xfer_run "$srv" "$cli" 192.0.2.2 8004 -q -P mptcp -u 1m -d 1m
expect_counter "$cli" MPJoinSynTx -eq 6

# a socket names its path manager itself (MPTCP_PATH_MANAGER), the
# namespace staying on the kernel one
ip netns exec "$cli" "$MPTCPCTL" pm set-default kernel >/dev/null
CLI_OPTS="-M bpf_ndiffports" xfer_run "$srv" "$cli" 192.0.2.2 8005 -q -P mptcp -u 1m -d 1m
expect_counter "$cli" MPJoinSynTx -eq 9

# --- spam: ejected, the connection carries on ---
pm_load test_pm_spam pm_spam
ip netns exec "$cli" "$MPTCPCTL" pm set-default test_pm_spam >/dev/null
xfer_run "$srv" "$cli" 192.0.2.2 8002 -q -P mptcp -m poll -u 2m -d 2m
expect_eq "spam exit" "$(pm_field test_pm_spam exit.kind)" spam
expect_counter "$cli" PmEjected -ge 1
[ "$(pm_field test_pm_spam ejections)" -ge 1 ] || fail "no ejection counted"
# the queue held 8, the limit let 3 through at most
n=$(counter "$cli" MPJoinSynTx)
[ "$n" -le 12 ] || fail "the spamming path manager opened $((n - 9)) subflows"

# --- signal spam: ejected; what it got through before is bounded ---
pm_load test_ann_spam pm_spam_announce
ip netns exec "$cli" "$MPTCPCTL" pm set-default test_ann_spam >/dev/null
ejected=$(counter "$cli" PmEjected)
xfer_run "$srv" "$cli" 192.0.2.2 8006 -q -P mptcp -m poll -u 2m -d 2m
expect_eq "announce spam exit" "$(pm_field test_ann_spam exit.kind)" spam
expect_counter "$cli" PmEjected -eq $((ejected + 1))
# 16 requests a second: 8 announcements and 8 removals at most
n=$(counter "$cli" AddAddrTx)
[ "${n:-0}" -le 8 ] || fail "the spamming path manager had $n ADD_ADDRs sent"
ip netns exec "$cli" "$MPTCPCTL" pm set-default kernel >/dev/null

# --- a path manager may not mark subflows ---
out=$("$MPTCPCTL" pm load "$BPF_DIR/fail_pm_mark.bpf.o" 2>&1) && fail "fail_pm_mark loaded"
grep -q "calling kernel function mptcp_subflow_set_scheduled is not allowed" <<<"$out" ||
	fail "fail_pm_mark: $(tail -3 <<<"$out")"

# --- reconnect: two paths, the second one reset mid-transfer ---
ns_new rc rs
link_add "$rc" 192.0.2.1/24 "$rs" 192.0.2.2/24
r1=$LINK_A
link_add "$rc" 198.51.100.1/24 "$rs" 198.51.100.2/24
r2=$LINK_A
ip -n "$rc" route add default via 198.51.100.2 dev "$r2" metric 102
ip -n "$rc" mptcp limits set subflows 2
ip -n "$rs" mptcp limits set subflows 2
ip -n "$rc" mptcp endpoint add 198.51.100.1 dev "$r2" subflow
shape "$rc" "$r1" "$r2" 50mbit
pm_load bpf_reconnect pm_reconnect
ip netns exec "$rc" "$MPTCPCTL" pm set-default bpf_reconnect >/dev/null
# Round robin keeps the second subflow sending: the reset below answers
# its packets, and the default scheduler leaves it idle while the first
# has room (on the debug kernel, whose CPU cannot fill 50 Mbit/s, always:
# the reset then met no packet, and there was nothing to reopen).
ip netns exec "$rc" "$MPTCPCTL" sched set-default bpf_rr >/dev/null
xfer_run "$rs" "$rc" 192.0.2.2 8003 -q -P mptcp -m poll -u 32m -d 0 &
bg=$!
wait_moved "$rc" 8003 $((6 * 1024 * 1024)) 2 || fail "the upload did not get going on two subflows"
# reset the second subflow: our side answers its own packets with a RST
reset_subflows "$rc" "ip saddr 198.51.100.1 tcp dport 8003"
wait $bg || fail "the transfer across the reset failed"
joins=$(counter "$rc" MPJoinSynTx)
info "bpf_reconnect: $joins joins (the endpoint's, then again after the reset)"
[ "$joins" -ge 2 ] || fail "the reset subflow was not opened again"
expect_counter "$rc" PmEjected -eq 0
