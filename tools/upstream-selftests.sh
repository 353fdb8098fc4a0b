#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# upstream-selftests.sh KSRC [SCRIPT...]: run inside the guest by
# `make check-upstream`.  Runs the Debian tree's own upstream MPTCP
# selftests (tools/testing/selftests/net/mptcp, built against our headers
# by the Makefile) against our kernel, as an outside oracle, and prints
# each script's subtest pass count.  Default script: mptcp_connect.sh.
# SCRIPT:ARG:ARG... passes arguments, e.g. mptcp_join.sh:-l:-t for only
# mptcp_join.sh's link-failure and ADD_ADDR-timeout groups.
set -uo pipefail
ksrc=${1:?usage: upstream-selftests.sh KSRC [SCRIPT...]}
shift
dir=$ksrc/tools/testing/selftests/net/mptcp
[ $# -gt 0 ] || set -- mptcp_connect.sh

cd "$dir" || exit 1
rc=0
for arg in "$@"; do
	script=${arg%%:*}
	args=()
	[ "$arg" = "$script" ] || IFS=: read -ra args <<<"${arg#*:}"
	log=/tmp/${script%.sh}.log
	echo "== $script ${args[*]}"
	# Live, so that a subtest that hangs shows which it is, and failures
	# show even if a cap cuts the run short.
	timeout 3000 ./"$script" "${args[@]}" 2>&1 | tee "$log" | grep --line-buffered -E '^[0-9]+ |^(not )?ok |\[ *FAIL *\]'
	r=${PIPESTATUS[0]}
	# Subtests print "[ OK ]"/"[FAIL]"; mptcp_lib adds a TAP summary of
	# the same subtests, counted only when there is nothing else.
	ok=$(grep -cE '\[ *OK *\]' "$log")
	bad=$(grep -cE '\[ *FAIL *\]' "$log")
	if [ "$ok" = 0 ] && [ "$bad" = 0 ]; then
		ok=$(grep -cE '^ok ' "$log")
		bad=$(grep -cE '^not ok ' "$log")
	fi
	skip=$(grep -cE '\[ *SKIP *\]' "$log")
	echo "$script: exit $r, $ok ok, $bad failed, $skip skipped"
	grep -B3 -A12 -E '\[ *FAIL *\]' "$log" | head -60
	[ "$r" = 0 ] || rc=1
done
exit $rc
