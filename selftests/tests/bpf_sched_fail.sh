#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Schedulers the kernel must refuse, each with its exact reason, through
# mptcpctl: a write outside the allowlist, a non-GPL program, no get_send,
# a scheduler kfunc called from a tracing program, a sleepable callback
# (policies run with preemption off), a second scheduler of
# the same name.  Nothing is left registered, and mptcpctl itself rejects
# bad command lines with a message and a non-zero status.
# timeout: 120
. "$SELFTEST_DIR/lib.sh"

mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf

# refused OBJECT MESSAGE_REGEX: mptcpctl must fail to load OBJECT and say
# MESSAGE (the verifier's words, or ours)
refused() {
	local out rc=0
	out=$("$MPTCPCTL" sched load "$BPF_DIR/$1.bpf.o" 2>&1) || rc=$?
	[ "$rc" != 0 ] || fail "$1 loaded"
	grep -Eq "$2" <<<"$out" || fail "$1: no '$2' in: $(tail -5 <<<"$out")"
	info "$1 refused: $(grep -Eo "$2" <<<"$out" | head -1)"
}

refused fail_write 'no write support to mptcp_subflow_context at off [0-9]+'
refused fail_license 'struct ops programs must have a GPL compatible license'
refused fail_no_get_send "the kernel refused scheduler 'test_noget': Invalid argument \(get_send is required"
refused fail_kfunc_context 'calling kernel function bpf_mptcp_subflow_ctx is not allowed'
refused fail_sleepable 'attach to unsupported member get_send of struct mptcp_sched_ops'

sched_load bpf_rr sched_rr
refused sched_rr "a scheduler named 'bpf_rr' is registered already"

for s in test_write test_nongpl test_noget test_kfunc_ctx test_sleepable; do
	grep -qw "$s" /proc/sys/net/mptcp/available_schedulers && fail "$s was registered"
	[ ! -e "/sys/fs/bpf/mptcp/sched/$s" ] || fail "$s left a pin"
done

# The command line: strict verbs, errors say what is wrong.
# cli_refused MESSAGE ARGS...
cli_refused() {
	local out rc=0 msg=$1
	shift
	out=$("$MPTCPCTL" "$@" 2>&1) || rc=$?
	[ "$rc" != 0 ] || fail "mptcpctl $* succeeded"
	grep -q "$msg" <<<"$out" || fail "mptcpctl $*: no '$msg' in: $out"
}
cli_refused "unknown command 'frob'" sched frob
cli_refused "unknown command 'bogus'" bogus
cli_refused "no scheduler 'nope' loaded by mptcpctl" sched unload nope
cli_refused "no scheduler 'nope' is registered" sched set-default nope
cli_refused "no scheduler 'nope' is registered" sched show nope
cli_refused "cannot open '/nonexistent.o'" sched load /nonexistent.o
cli_refused "unexpected 'extra'" sched unload bpf_rr extra
expect_eq "JSON error" "$("$MPTCPCTL" -j sched unload nope 2>/dev/null)" \
	'{"error":"no scheduler '"'nope'"' loaded by mptcpctl (/sys/fs/bpf/mptcp/sched/nope)"}'
"$MPTCPCTL" sched help 2>&1 | grep -q "Usage: mptcpctl sched load OBJECT_FILE" || fail "sched help"
