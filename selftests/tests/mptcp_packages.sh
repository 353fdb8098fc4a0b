#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The mptcp-bpf-tools package (make deb-tools), installed for real: dpkg -i
# in a chroot on a writable overlay of the guest's read-only root.  Then
# mptcp-policies.service's own ExecStart/ExecReload/ExecStop lines, read
# from the installed unit, against a policies.conf: the installed mptcpctl
# finds what the unit loaded, a connection started afterwards runs the
# defaults it set (byte-exact), a configuration with bad lines is refused
# line by line with file:line (the unit fails, the good lines still
# apply), a reload is idempotent, stop leaves nothing of its own pinned,
# puts the default back and spares a policy loaded by hand; dpkg -r
# removes the files, --purge the configuration.
# timeout: 300
. "$SELFTEST_DIR/lib.sh"

deb=$(ls "$BIN"/../deb/mptcp-bpf-tools_*_amd64.deb 2>/dev/null | tail -n1 || true)
[ -n "$deb" ] || skip "no mptcp-bpf-tools package built (make deb-tools)"
grep -qw overlay /proc/filesystems || skip "this kernel has no overlayfs (tools/config/base.config)"
deb=$(realpath "$deb")

R=$(mktemp -d /tmp/pkgroot.XXXXXX)
mount -t tmpfs tmpfs "$R"
mkdir "$R/upper" "$R/work" "$R/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$R/upper,workdir=$R/work" "$R/root"
root=$R/root
for d in proc sys dev; do mount --rbind "/$d" "$root/$d"; done
# a /run of its own: the host's, seen through 9p, may say systemd runs
mount -t tmpfs -o mode=0755 tmpfs "$root/run"
sched0=$(sysctl -n net.mptcp.scheduler)
pm0=$(sysctl -n net.mptcp.path_manager 2>/dev/null || echo kernel)
pkg_cleanup() {
	in_root /usr/libexec/mptcp-bpf/mptcp-policies stop >/dev/null 2>&1 || true
	"$MPTCPCTL" sched unload bpf_burst >/dev/null 2>&1 || true
	sysctl -qw net.mptcp.scheduler="$sched0" 2>/dev/null || true
	sysctl -qw net.mptcp.path_manager="$pm0" 2>/dev/null || true
	umount -R "$root/proc" "$root/sys" "$root/dev" "$root/run" 2>/dev/null || true
	umount "$root" "$R" 2>/dev/null || true
	_cleanup
}
trap pkg_cleanup EXIT

in_root() { chroot "$root" env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# --- install ------------------------------------------------------------------
out=$(in_root dpkg -i "$deb" 2>&1) || fail "dpkg -i: $out"
for f in /usr/sbin/mptcpctl /usr/lib/mptcp-bpf/sched_rr.bpf.o /usr/lib/mptcp-bpf/cc_lia.bpf.o \
	 /usr/share/mptcp-bpf/bpftrace/mptcp_sched.bt /usr/libexec/mptcp-bpf/mptcp-policies \
	 /lib/systemd/system/mptcp-policies.service /etc/mptcp/policies.conf \
	 /usr/share/man/man8/mptcpctl.8.gz /usr/share/bash-completion/completions/mptcpctl; do
	[ -e "$root$f" ] || fail "the package did not install $f"
done
[ -e "$R/upper/usr/sbin/mptcpctl" ] || fail "dpkg wrote outside the overlay"
[ -L "$root/etc/systemd/system/multi-user.target.wants/mptcp-policies.service" ] ||
	fail "postinst did not enable mptcp-policies.service"
in_root dpkg -s mptcp-bpf-tools | grep -q '^Status: install ok installed' || fail "dpkg -s: not installed"
in_root mptcpctl version > /dev/null || fail "the installed mptcpctl does not run"
info "installed: $(in_root dpkg-query -W -f='${Package} ${Version}' mptcp-bpf-tools)," \
	"$(in_root dpkg -L mptcp-bpf-tools | wc -l) paths"

# the unit's own command lines, not ours
unit=$root/lib/systemd/system/mptcp-policies.service
exec_line() { sed -n "s/^$1=//p" "$unit"; }
start=$(exec_line ExecStart) stop=$(exec_line ExecStop) reload=$(exec_line ExecReload)
[ -n "$start" ] && [ -n "$stop" ] && [ -n "$reload" ] || fail "unit without ExecStart/Stop/Reload"

# --- a good configuration ---------------------------------------------------------
cat > "$root/etc/mptcp/policies.conf" <<'EOF'
# as a user would write it
sched sched_rr.bpf.o   default bpf_rr
pm    pm_fullmesh.bpf.o
cc    cc_lia.bpf.o     # coupled congestion control
EOF
# one loaded by hand beforehand, which stop must leave alone
"$MPTCPCTL" sched load "$BPF_DIR/sched_burst.bpf.o" > /dev/null || fail "loading bpf_burst by hand"
out=$(in_root $start 2>&1) || fail "ExecStart failed: $out"
info "$out"
for p in "sched bpf_rr" "pm bpf_fullmesh" "cc bpf_lia"; do
	set -- $p
	in_root mptcpctl -j "$1" list | grep -q "\"name\":\"$2\"" ||
		fail "the installed mptcpctl does not list $1 $2 after ExecStart"
done
expect_eq "net.mptcp.scheduler after ExecStart" "$(sysctl -n net.mptcp.scheduler)" bpf_rr

# a connection made now runs the default the unit set: request/response
# over loopback in this namespace (every byte checked), seen by the
# installed mptcpctl while it runs
"$XFER" -l -a 127.0.0.1 -p 7301 -P mptcp -r 1 -z 1k -t $((120 * SCALE)) -q &
for ((i = 0; i < 100; i++)); do
	ss -Hltn "sport = :7301" | grep -q . && break
	sleep 0.05
done
"$XFER" -c 127.0.0.1 -p 7301 -P mptcp -r 5000 -z 1k -t $((120 * SCALE)) -q &
cpid=$!
seen=
for ((i = 0; i < 100; i++)); do
	seen=$(in_root mptcpctl conn list 2>/dev/null | grep -c ' bpf_rr' || true)
	[ "$seen" -gt 0 ] && break
	kill -0 "$cpid" 2>/dev/null || break
	sleep 0.1
done
wait "$cpid" || fail "transfer under the unit's default scheduler failed"
wait || fail "server of that transfer failed"
[ "${seen:-0}" -gt 0 ] || fail "no connection ran bpf_rr while the transfer was under way"

# --- reload: the same again, nothing doubled, nothing left -----------------------
out=$(in_root $reload 2>&1) || fail "ExecReload failed: $out"
expect_eq "bpf_rr entries after reload" "$(in_root mptcpctl sched list | grep -c 'bpf_rr')" 1

# --- a configuration with bad lines -----------------------------------------------
cat > "$root/etc/mptcp/policies.conf" <<'EOF'
sched sched_rr.bpf.o
sched no_such_object.bpf.o
scheduler sched_ecf.bpf.o
pm pm_backup.bpf.o favourite bpf_backup
cc
cgroup /sys/fs/cgroup/no-such-cgroup sched bpf_rr
EOF
out=$(in_root $reload 2>&1) && fail "ExecReload accepted a configuration with bad lines: $out"
for want in "policies.conf:2: sched load" "policies.conf:3: unknown kind 'scheduler'" \
	    "policies.conf:4: expected 'default NAME'" "policies.conf:5: 'cc' needs an object file" \
	    "policies.conf:6: cgroup set"; do
	grep -qF "$want" <<< "$out" || fail "no '$want' in what the unit reported: $out"
done
in_root mptcpctl sched list | grep -q bpf_rr || fail "the good line 1 was not applied beside the bad ones"
info "bad lines reported: $(grep -c 'policies.conf:' <<< "$out")"

# --- stop: nothing of the unit's left, the hand-loaded one kept ----------------------
out=$(in_root $stop 2>&1) || fail "ExecStop failed: $out"
for p in sched/bpf_rr pm/bpf_fullmesh cc/bpf_lia; do
	[ ! -e "/sys/fs/bpf/mptcp/$p" ] || fail "$p still pinned after ExecStop"
done
[ -e /sys/fs/bpf/mptcp/sched/bpf_burst ] || fail "ExecStop unloaded bpf_burst, which it never loaded"
expect_eq "net.mptcp.scheduler after ExecStop" "$(sysctl -n net.mptcp.scheduler)" "$sched0"

# --- remove, purge ---------------------------------------------------------------
out=$(in_root dpkg -r mptcp-bpf-tools 2>&1) || fail "dpkg -r: $out"
[ ! -e "$root/usr/sbin/mptcpctl" ] || fail "dpkg -r left /usr/sbin/mptcpctl"
[ -e "$root/etc/mptcp/policies.conf" ] || fail "dpkg -r removed the conffile (only purge may)"
out=$(in_root dpkg --purge mptcp-bpf-tools 2>&1) || fail "dpkg --purge: $out"
[ ! -e "$root/etc/mptcp/policies.conf" ] || fail "dpkg --purge left /etc/mptcp/policies.conf"
info "removed and purged"
