#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Plants a real kernel WARN (lkdtm) between two markers in the kernel log.
# The host's log scanner must find it inside the window (tools/vm/check
# reports log_scanner_sees_planted_splat) and must not count it against the
# run.  Here we only make sure the splat really happened.
. "$SELFTEST_DIR/lib.sh"

trigger=/sys/kernel/debug/provoke-crash/DIRECT
[ -w "$trigger" ] || skip "lkdtm not built in (CONFIG_LKDTM)"

echo "selftest: planted splat begin" > /dev/kmsg
echo WARNING > "$trigger" || true
echo "selftest: planted splat end" > /dev/kmsg

dmesg | sed -n '/selftest: planted splat begin/,/selftest: planted splat end/p' |
	grep -q 'WARNING:' || fail "lkdtm did not produce a WARNING"
