#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The MPTcpExt counters are in /proc/net/netstat, well formed (a header line
# and a value line of the same length), with upstream's names, per namespace,
# and nstat reads them.
. "$SELFTEST_DIR/lib.sh"

check_netstat() {	# check_netstat NS ("" for the namespace we run in)
	local names values netstat
	netstat=$(${1:+ip netns exec "$1"} cat /proc/net/netstat)
	names=$(awk '$1 == "MPTcpExt:" { print; exit }' <<< "$netstat")
	values=$(awk '$1 == "MPTcpExt:" { n++ } n == 2 { print; exit }' <<< "$netstat")
	[ -n "$names" ] || fail "no MPTcpExt header in $1"
	[ -n "$values" ] || fail "no MPTcpExt values in $1"
	expect_eq "fields in header vs values" "$(wc -w <<< "$names")" "$(wc -w <<< "$values")"
	for v in ${values#MPTcpExt:}; do
		[[ $v =~ ^[0-9]+$ ]] || fail "counter value '$v' is not a number"
	done
	for name in MPCapableSYNRX MPCapableSYNTX MPCapableSYNACKRX MPCapableACKRX \
		    MPJoinSynRx MPJoinAckHMacFailure DSSNotMatching AddAddr RmAddr \
		    MPFastcloseTx MPRstRx MPCurrEstab Blackhole FallbackFailed; do
		grep -qw "$name" <<< "$names" || fail "counter $name missing"
	done
}

check_netstat ""
ns_new a
check_netstat "$a"

out=$(ip netns exec "$a" nstat -az MPTcpExtMPCapableSYNRX MPTcpExtMPJoinSynRx)
grep -q '^MPTcpExtMPCapableSYNRX *0 ' <<< "$out" || fail "nstat: $out"
grep -q '^MPTcpExtMPJoinSynRx *0 ' <<< "$out" || fail "nstat: $out"
