#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-socket scheduler selection (SOL_MPTCP, MPTCP_SCHEDULER): a client
# socket names bpf_backup while its namespace uses the default, and its
# data stays on one path; a listener names it and the accepted connection
# inherits it (the server's answer stays on one path); an unprivileged
# socket may name "default" but not bpf_backup (EPERM); unknown names are
# refused (ENOENT); the netns default still spreads data over both paths.
# timeout: 180
. "$SELFTEST_DIR/lib.sh"

topo_two_paths
shape "$cli" "$l1c" "$l2c" 100mbit
shape "$srv" "$l1s" "$l2s" 100mbit
ip -n "$cli" mptcp endpoint add 198.51.100.1 dev "$l2c" subflow
sched_load bpf_backup sched_backup
MB=$((1024 * 1024))

CLI_OPTS="-S bpf_backup" moved "$cli" "$l1c" "$l2c" \
	xfer_run "$srv" "$cli" 192.0.2.2 7961 -q -P mptcp -m poll -u 6m -d 64k
info "client socket on bpf_backup: path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $((5 * MB)) ] && [ "$d2" -lt $((MB / 4)) ] || fail "the client's socket option was not used"

SRV_OPTS="-S bpf_backup" moved "$srv" "$l1s" "$l2s" \
	xfer_run "$srv" "$cli" 192.0.2.2 7962 -q -P mptcp -m poll -u 64k -d 6m
info "listener on bpf_backup: server path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $((5 * MB)) ] && [ "$d2" -lt $((MB / 4)) ] || fail "the accepted socket did not inherit the listener's scheduler"

moved "$cli" "$l1c" "$l2c" xfer_run "$srv" "$cli" 192.0.2.2 7963 -q -P mptcp -m poll -u 6m -d 64k
info "netns default: path 1 $d1 bytes, path 2 $d2"
[ "$d1" -gt $MB ] && [ "$d2" -gt $MB ] || fail "the default no longer spreads data"

# setopt NAME [UNPRIVILEGED]: print the errno name setsockopt gives, or OK
setopt() {
	local py='
import errno, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
try:
    s.setsockopt(284, 100, sys.argv[1].encode())
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])'
	if [ -n "${2:-}" ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
			--bounding-set=-all python3 -c "$py" "$1"
	else
		python3 -c "$py" "$1"
	fi
}
expect_eq "unknown name" "$(setopt no_such_sched)" ENOENT
expect_eq "unprivileged, default" "$(setopt default nobody)" OK
expect_eq "unprivileged, bpf_backup" "$(setopt bpf_backup nobody)" EPERM
expect_eq "privileged, bpf_backup" "$(setopt bpf_backup)" OK
