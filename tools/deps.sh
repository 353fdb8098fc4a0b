#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs every Debian package the project needs.  Quick and silent when
# they are all present already; otherwise runs apt-get update once and
# installs what is missing.
set -euo pipefail

packages=(
	# the kernel: source, toolchain, BTF
	linux-source-6.12 build-essential bc bison flex cpio kmod rsync xz-utils
	libelf-dev libssl-dev zlib1g-dev dwarves ccache python3
	# BPF programs and the loader
	clang-19 llvm-19 lld-19 libcap-dev libmnl-dev
	# the userspace fuzzers (libFuzzer, ASan, UBSan runtimes)
	libclang-rt-19-dev
	# the guest and what tests run inside it
	qemu-system-x86 iproute2 ethtool bpftrace socat nftables iptables
	iputils-ping tcpdump procps mptcpd mptcpd-plugins python3-scapy
	# make bench: the report's plots
	gnuplot-nox
	# make deb-tools (part of make check): the tools package, checked;
	# make deb-kernel: the tree's bindeb-pkg; make check-deb: a Debian 12
	# root for a machine that installs both
	debhelper lintian fakeroot dpkg-dev debootstrap e2fsprogs
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "  DEPS     all ${#packages[@]} packages present"; exit 0; }

echo "  DEPS     installing: ${missing[*]}"
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
