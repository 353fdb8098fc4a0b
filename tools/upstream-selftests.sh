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
#
# --assume SYMBOL (opt-in, `make check-upstream UPSTREAM_ASSUME=...`): the
# scripts decide whether a feature exists by looking up upstream function
# names in /proc/kallsyms; SYMBOL is then taken as present, in a copy of
# the scripts under /tmp, so that the cases behind a probe that names an
# upstream internal (a hook our design has no need for) run all the same.
# Every line of the output says so.  Without it the scripts run unmodified.
set -uo pipefail
ksrc=${1:?usage: upstream-selftests.sh KSRC [--assume SYMBOL]... [SCRIPT...]}
shift
dir=$ksrc/tools/testing/selftests/net/mptcp
assume=()
while [ "${1:-}" = --assume ]; do
	assume+=("$2")
	shift 2
done
[ $# -gt 0 ] || set -- mptcp_connect.sh

if [ ${#assume[@]} -gt 0 ]; then
	copy=/tmp/upstream-assume/net
	mkdir -p "$copy"
	cp -a "$dir" "$copy/"
	cp -a "$dir"/../lib.sh "$dir"/../net_helper.sh "$copy/"
	dir=$copy/mptcp
	# the scripts ask for "name$" (a whole name): match those literally
	fixed=$(printf " -e '%s\\$'" "${assume[@]}")
	sed -i "s/^\(\tgrep -q \" \${sym}\" \/proc\/kallsyms\)$/\tgrep -Fxq$fixed <<<\"\${sym}\" \&\& return 0\n\1/" \
		"$dir/mptcp_lib.sh"
	grep -q "grep -Fxq -e '${assume[0]}" "$dir/mptcp_lib.sh" ||
		{ echo "upstream-selftests: could not patch the kallsyms probe"; exit 1; }
	echo "== ASSUMED present in kallsyms (scripts copied to $dir): ${assume[*]}"
fi

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
	echo "$script: exit $r, $ok ok, $bad failed, $skip skipped${assume:+ (assuming ${assume[*]})}"
	grep -B3 -A12 -E '\[ *FAIL *\]' "$log" | head -60
	[ "$r" = 0 ] || rc=1
done
exit $rc
