# SPDX-License-Identifier: GPL-2.0
#
# One entry point: build our MPTCP kernel, its BPF policies and loader, boot it
# under QEMU and test it.  `make help` lists the targets.
#
#   O=DIR        where everything is built (default: build/)
#   KSRC=DIR     the unpacked kernel tree (default: $(O)/linux)
#   KOUT=DIR     the kernel's own O= directory (default: $(O)/kernel)
#   TOOLS=DIR    libbpf and bpftool, built from $(KSRC)/tools (default: $(O)/tools)
#   V=1          show every command

.DELETE_ON_ERROR:
.SUFFIXES:
SHELL := /bin/bash

TOP        := $(CURDIR)
O          ?= build
BUILD      := $(abspath $(O))
KSRC       ?= $(BUILD)/linux
KOUT       ?= $(BUILD)/kernel
# the debug and the stock kernel live beside the regular one
KOUT_DEBUG ?= $(KOUT)-debug
# The stock tree and its build sit in a directory of their own, named as
# ours are, so that every path in a compiler command is the same relative
# to the build directory in both, and ccache (CCACHE_BASEDIR below) builds
# the stock kernel from our kernel's objects, everything but net/mptcp and
# what includes the one header our patch series touches.
STOCK_DIR  ?= $(dir $(KOUT))stock
KSRC_STOCK ?= $(STOCK_DIR)/$(notdir $(KSRC))
KOUT_STOCK ?= $(STOCK_DIR)/$(notdir $(KOUT))
TOOLS      ?= $(BUILD)/tools

# ccache lives outside every checkout so that CI's fresh clones share it.
export CCACHE_DIR ?= /var/cache/mptcp-bpf/ccache
# Paths under the kernels' common parent go into ccache's keys relative to
# the build directory, and the directory itself not at all (objects keep
# the first build's DW_AT_comp_dir, which nothing here reads).
export CCACHE_BASEDIR ?= $(patsubst %/,%,$(dir $(KOUT)))
export CCACHE_NOHASHDIR ?= 1

ifeq ($(V),1)
Q :=
else
Q := @
KMAKE_QUIET := -s
endif

# Use the caller's -j if given, else all cores plus one.
KJOBS := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell echo $$(($$(nproc) + 1))))

# Reproducible build stamps keep ccache hits across trees and rebuilds.
KMAKE = $(MAKE) $(KMAKE_QUIET) $(KJOBS) -C $(1) O=$(2) CC="ccache gcc" \
	KBUILD_BUILD_TIMESTAMP=@0 KBUILD_BUILD_USER=mptcp KBUILD_BUILD_HOST=build \
	$(if $(filter 1,$(V)),V=1)

FRAGMENTS       := tools/config/base.config tools/config/machine.config \
		   tools/config/mptcp.config
DEBUG_FRAGMENTS := $(FRAGMENTS) tools/config/debug.config
KERNEL_FILES    := $(shell find kernel include -type f 2>/dev/null)

BZIMAGE       := $(KOUT)/arch/x86/boot/bzImage
BZIMAGE_DEBUG := $(KOUT_DEBUG)/arch/x86/boot/bzImage
BZIMAGE_STOCK := $(KOUT_STOCK)/arch/x86/boot/bzImage

# What the guest runs: test programs, mptcpctl and the BPF objects.
SELFTEST_BIN := $(BUILD)/selftests
BPF_OUT      := $(SELFTEST_BIN)/bpf
MPTCPCTL     := $(SELFTEST_BIN)/mptcpctl

LIBBPF     := $(TOOLS)/libbpf/libbpf.a
LIBBPF_INC := $(TOOLS)/root/include
BPFTOOL    := $(TOOLS)/bpftool/bpftool
CLANG      ?= clang-19
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
	      -I$(BPF_OUT) -I$(LIBBPF_INC) -Ibpf
BPF_OBJS   := $(patsubst bpf/%.c,$(BPF_OUT)/%.o,$(wildcard bpf/*.bpf.c)) \
	      $(patsubst selftests/bpf/%.c,$(BPF_OUT)/%.o,$(wildcard selftests/bpf/*.bpf.c)) \
	      $(patsubst Documentation/tutorial/%.c,$(BPF_OUT)/%.o,$(wildcard Documentation/tutorial/*.bpf.c))
LOADER_SRCS := $(filter-out %.bpf.c,$(wildcard loader/*.c))
# mptcpctl's own BPF program (policy per cgroup), embedded as a skeleton
LOADER_SKEL := $(BPF_OUT)/mptcpctl_cgroup.skel.h

.PHONY: all help deps kernel kernel-debug kernel-stock selftests bpf loader libbpf \
	vm shell run fuzz fuzz-build fuzz-codec \
	check check-debug check-upstream check-deb bench bench-policies install deb deb-kernel \
	deb-tools policy \
	clean distclean FORCE

all: kernel selftests

help:
	@echo 'Targets:'
	@echo '  deps          install the Debian packages the project needs (apt)'
	@echo '  kernel        our MPTCP kernel: $(BZIMAGE)'
	@echo '  kernel-debug  the same with KASAN, lockdep, kmemleak, DEBUG_NET'
	@echo '  kernel-stock  the same tree with its own upstream net/mptcp (benchmark baseline)'
	@echo '  bpf           the BPF policies of bpf/ (and selftests/bpf/) -> $(BPF_OUT)'
	@echo '  loader        mptcpctl, the policy loader -> $(MPTCPCTL)'
	@echo '  policy        your own BPF policy: make policy SRC=FILE.bpf.c -> $(BUILD)/policies/'
	@echo '  selftests     the test programs that run in the guest (with bpf, loader)'
	@echo '  run           the main job: boot the guest, show an MPTCP transfer'
	@echo '  check         build, boot, run selftests/ in the guest, scan the guest log'
	@echo '                (against this machine'"'"'s upstream MPTCP too; INTEROP=0 leaves that out)'
	@echo '  check-debug   check on the debug kernel'
	@echo '  fuzz-codec    the option-codec fuzzer (kernel/wire.c, libFuzzer + ASan + UBSan)'
	@echo '  fuzz          every fuzzer, FUZZ_S seconds each (default 60; make check runs 60):'
	@echo '                the codec on the host, the wire and syscall fuzzers in the guest'
	@echo '  bench         every benchmark cell, ours against kernel-stock (if built) and'
	@echo '                TCP, sessions interleaved; report in build/bench/ (QUICK=1: short)'
	@echo '  bench-policies  BPF scheduler cost, redundancy tail latency, failover gaps'
	@echo '  check-upstream upstream MPTCP selftests of the tree, run on our kernel'
	@echo '                (UPSTREAM_TESTS="mptcp_connect.sh ..."; not part of check;'
	@echo '                UPSTREAM_ASSUME="sym ...": run the cases a kallsyms probe for an'
	@echo '                upstream internal would skip, in a copy of the scripts)'
	@echo '  install       mptcpctl, the shipped policies, the boot unit (DESTDIR=, PREFIX=/usr)'
	@echo '  deb           the kernel (bindeb-pkg) and tools Debian packages -> $(DEB_OUT)/'
	@echo '  deb-kernel    only the linux-image and linux-headers packages'
	@echo '  deb-tools     only the mptcp-bpf-tools package'
	@echo '  check-deb     a Debian 12 VM from its own disk: the packages installed with'
	@echo '                dpkg, a policy loaded at boot, checked (downloads Debian 12 once)'
	@echo '  vm / shell    boot the guest with an interactive shell'
	@echo '  clean         remove build products of ours (keeps the kernel trees)'
	@echo '  distclean     remove $(BUILD) entirely'
	@echo 'Variables: O=DIR KSRC=DIR KOUT=DIR V=1 -jN   (see the top of Makefile)'

deps:
	$(Q)tools/deps.sh

# --- kernels ----------------------------------------------------------------
# The tree is refreshed on every call (cheap: content-checked copies), so the
# stamp below always reflects kernel/, include/ and kernel/patches/.

$(KSRC)/.mptcp-tree: FORCE
	$(Q)tools/kernel/prepare-tree $(KSRC)

$(KOUT)/.config: $(FRAGMENTS) tools/kernel/configure | $(KSRC)/.mptcp-tree
	$(Q)tools/kernel/configure $(KSRC) $(KOUT) $(FRAGMENTS)

$(BZIMAGE): $(KSRC)/.mptcp-tree $(KOUT)/.config FORCE
	@printf '  %-8s %s\n' BUILD "$@"
	$(Q)+tools/kernel/build-progress $(KOUT) $(call KMAKE,$(KSRC),$(KOUT)) bzImage

kernel: $(BZIMAGE)

$(KOUT_DEBUG)/.config: $(DEBUG_FRAGMENTS) tools/kernel/configure | $(KSRC)/.mptcp-tree
	$(Q)tools/kernel/configure $(KSRC) $(KOUT_DEBUG) $(DEBUG_FRAGMENTS)

$(BZIMAGE_DEBUG): $(KSRC)/.mptcp-tree $(KOUT_DEBUG)/.config FORCE
	@printf '  %-8s %s\n' BUILD "$@"
	$(Q)+tools/kernel/build-progress $(KOUT_DEBUG) $(call KMAKE,$(KSRC),$(KOUT_DEBUG)) bzImage

kernel-debug: $(BZIMAGE_DEBUG)

$(KSRC_STOCK)/.mptcp-tree: FORCE
	$(Q)tools/kernel/prepare-tree $(KSRC_STOCK) stock

$(KOUT_STOCK)/.config: $(FRAGMENTS) tools/kernel/configure | $(KSRC_STOCK)/.mptcp-tree
	$(Q)tools/kernel/configure $(KSRC_STOCK) $(KOUT_STOCK) $(FRAGMENTS)

$(BZIMAGE_STOCK): $(KSRC_STOCK)/.mptcp-tree $(KOUT_STOCK)/.config FORCE
	@printf '  %-8s %s\n' BUILD "$@"
	$(Q)+tools/kernel/build-progress $(KOUT_STOCK) $(call KMAKE,$(KSRC_STOCK),$(KOUT_STOCK)) bzImage

kernel-stock: $(BZIMAGE_STOCK)

# --- user space -------------------------------------------------------------

# pm_nl_ctl, upstream's userspace-PM client, comes from the tree's own
# selftests, built against our uapi headers.
selftests: bpf loader
	$(Q)$(MAKE) -s -C $(KSRC) O=$(KOUT) headers_install INSTALL_HDR_PATH=$(BUILD)/headers >/dev/null
	$(Q)+$(MAKE) $(KMAKE_QUIET) -C selftests OUT=$(SELFTEST_BIN) \
		UPSTREAM_DIR=$(UPSTREAM_DIR) HDRS=$(BUILD)/headers/include
	$(Q)cp -u $(BPFTOOL) $(SELFTEST_BIN)/bpftool	# tests read BPF globals with it

# KERNEL_PREBUILT=1: take $(KSRC) and $(KOUT) as they are, never refresh
# nor rebuild them (debian/rules builds from a copy that has no kernel/).
TREE_DEP   := $(if $(filter 1,$(KERNEL_PREBUILT)),,$(KSRC)/.mptcp-tree)
KERNEL_DEP := $(if $(filter 1,$(KERNEL_PREBUILT)),,$(BZIMAGE))

# libbpf and bpftool of the same tree: their own makefiles are incremental.
libbpf: $(TREE_DEP)
	$(Q)mkdir -p $(TOOLS)/libbpf $(TOOLS)/bpftool $(TOOLS)/root
	$(Q)$(MAKE) -s -C $(KSRC)/tools/lib/bpf OUTPUT=$(TOOLS)/libbpf/ BUILD_STATIC_ONLY=1 >/dev/null
	$(Q)$(MAKE) -s -C $(KSRC)/tools/lib/bpf OUTPUT=$(TOOLS)/libbpf/ DESTDIR=$(TOOLS)/root \
		prefix= install_headers >/dev/null
	$(Q)$(MAKE) -s -C $(KSRC)/tools/bpf/bpftool OUTPUT=$(TOOLS)/bpftool/ >/dev/null

# The kernel's types, for CO-RE; replaced only when they change, so the
# objects rebuild only then.
$(BPF_OUT)/vmlinux.h: $(KERNEL_DEP) | libbpf
	$(Q)mkdir -p $(BPF_OUT)
	$(Q)$(BPFTOOL) btf dump file $(KOUT)/vmlinux format c > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm $@.tmp || { printf '  %-8s %s\n' GEN $@; mv $@.tmp $@; }

$(BPF_OUT)/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.h) $(BPF_OUT)/vmlinux.h
	@printf '  %-8s %s\n' CLANG "$@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BPF_OUT)/%.bpf.o: selftests/bpf/%.bpf.c $(wildcard bpf/*.h) $(BPF_OUT)/vmlinux.h
	@printf '  %-8s %s\n' CLANG "$@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BPF_OUT)/%.bpf.o: Documentation/tutorial/%.bpf.c $(wildcard bpf/*.h) $(BPF_OUT)/vmlinux.h
	@printf '  %-8s %s\n' CLANG "$@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

bpf: $(BPF_OBJS)

# make policy SRC=my_sched.bpf.c: your own scheduler, path manager or
# congestion control, built as the shipped ones are, into build/policies/.
POLICY_OUT := $(BUILD)/policies
policy: $(BPF_OUT)/vmlinux.h
	$(Q)[ -n "$(SRC)" ] || { echo "usage: make policy SRC=FILE.bpf.c" >&2; exit 2; }
	$(Q)mkdir -p $(POLICY_OUT)
	@printf '  %-8s %s\n' CLANG "$(POLICY_OUT)/$(notdir $(SRC:.c=.o))"
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $(SRC) -o $(POLICY_OUT)/$(notdir $(SRC:.c=.o))

$(BPF_OUT)/cgroup.bpf.o: loader/cgroup.bpf.c loader/cgroup_policy.h $(BPF_OUT)/vmlinux.h
	@printf '  %-8s %s\n' CLANG "$@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -Iloader -c $< -o $@

$(LOADER_SKEL): $(BPF_OUT)/cgroup.bpf.o | libbpf
	@printf '  %-8s %s\n' SKEL "$@"
	$(Q)$(BPFTOOL) gen skeleton $< name mptcpctl_cgroup > $@.tmp && mv $@.tmp $@

$(MPTCPCTL): $(LOADER_SRCS) loader/mptcpctl.h loader/cgroup_policy.h $(LOADER_SKEL) $(LIBBPF) | libbpf
	@printf '  %-8s %s\n' CC "$@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror \
		-DMPTCPCTL_VERSION='"$(shell git describe --always --dirty 2>/dev/null || echo 0)"' \
		-I$(LIBBPF_INC) -I$(KSRC)/tools/include/uapi -I$(BPF_OUT) \
		$(LOADER_SRCS) $(LIBBPF) -lelf -lz -o $@

loader: $(MPTCPCTL)

# --- fuzzers ----------------------------------------------------------------
# kernel/wire.c built as it is into a userspace libFuzzer target, against
# the wire structs of the tree's own include/net/mptcp.h.

FUZZ_OUT    := $(BUILD)/fuzz
FUZZ_S      ?= 60
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	       -Wall -Wextra -Werror -Itools/fuzz/shim -I$(FUZZ_OUT)/gen -Ikernel
FUZZ_DEPS   := kernel/wire.c kernel/wire.h $(wildcard tools/fuzz/shim/*/*.h) \
	       $(FUZZ_OUT)/gen/mptcp_structs.h

$(FUZZ_OUT)/gen/mptcp_structs.h: tools/fuzz/gen-structs | $(KSRC)/.mptcp-tree
	$(Q)tools/fuzz/gen-structs $(KSRC)/include/net/mptcp.h $@

$(FUZZ_OUT)/codec_fuzz: tools/fuzz/codec_fuzz.c $(FUZZ_DEPS)
	@printf '  %-8s %s\n' FUZZCC "$@"
	$(Q)$(CLANG) $(FUZZ_CFLAGS) kernel/wire.c $< -o $@

$(FUZZ_OUT)/codec_cov: tools/fuzz/codec_fuzz.c $(FUZZ_DEPS)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fprofile-instr-generate -fcoverage-mapping kernel/wire.c $< -o $@

fuzz-build: $(FUZZ_OUT)/codec_fuzz $(FUZZ_OUT)/codec_cov

fuzz-codec: fuzz-build
	$(Q)tools/fuzz/run --bin $(FUZZ_OUT) --seconds $(FUZZ_S) codec

# The guest's fuzzers (wire, syscalls and netlink) for as long, on the
# regular kernel, with the same host-side checks as make check.
fuzz: fuzz-codec kernel selftests
	$(Q)tools/vm/check --kernel $(BZIMAGE) --log $(BUILD)/vm-fuzz --bin $(SELFTEST_BIN) \
		--timeout-scale $$(( $(FUZZ_S) / 60 + 1 )) \
		--env WIREFUZZ_S=$(FUZZ_S) --env SYSFUZZ_S=$(FUZZ_S) mptcp_wire_fuzz mptcp_sysfuzz

# --- the guest --------------------------------------------------------------

VM := tools/vm/run --log $(BUILD)/vm

vm shell: kernel selftests
	$(Q)$(VM) --kernel $(BZIMAGE) --interactive

run: kernel selftests
	$(Q)$(VM) --kernel $(BZIMAGE) -- tools/demo.sh $(SELFTEST_BIN)

# deb-kernel first: its bindeb-pkg relinks the image (a version stamp of
# its own), and the guest then boots exactly the packaged kernel.
check: deb-kernel kernel selftests fuzz-build deb-tools
	$(Q)INTEROP=$(INTEROP) tools/vm/check --kernel $(BZIMAGE) --log $(BUILD)/vm --bin $(SELFTEST_BIN) \
		--fuzz $(FUZZ_OUT) --fuzz-seconds $(FUZZ_S) --deb $(DEB_OUT) --deb-cache $(patsubst %/,%,$(dir $(KOUT)))

# The test programs' BPF objects (and the tools package mptcp_packages
# installs) are built against the debug kernel's own BTF: no regular
# kernel build is needed (nor run beside this one).
check-debug: kernel-debug
	$(Q)$(MAKE) --no-print-directory selftests deb-tools KOUT=$(KOUT_DEBUG) KERNEL_PREBUILT=1
	$(Q)tools/vm/check --kernel $(BZIMAGE_DEBUG) --log $(BUILD)/vm-debug \
		--bin $(SELFTEST_BIN) --timeout-scale 4

# The Debian tree's upstream MPTCP selftests, an outside oracle: built in
# the unpacked tree against our uapi headers, run in the guest, unmodified
# unless UPSTREAM_ASSUME names kallsyms probes to take as satisfied.
UPSTREAM_TESTS ?= mptcp_connect.sh
UPSTREAM_ASSUME ?=
UPSTREAM_DIR := $(KSRC)/tools/testing/selftests/net/mptcp

check-upstream: kernel
	@printf '  %-8s %s\n' HDRS "$(BUILD)/headers"
	$(Q)$(MAKE) -s -C $(KSRC) O=$(KOUT) headers_install INSTALL_HDR_PATH=$(BUILD)/headers >/dev/null
	@printf '  %-8s %s\n' BUILD "$(UPSTREAM_DIR)"
	$(Q)$(MAKE) -s -C $(UPSTREAM_DIR) KHDR_INCLUDES="-isystem $(BUILD)/headers/include" >/dev/null
	$(Q)tools/vm/run --log $(BUILD)/vm-upstream --kernel $(BZIMAGE) --timeout 3600 -- \
		tools/upstream-selftests.sh $(KSRC) $(foreach s,$(UPSTREAM_ASSUME),--assume $(s)) \
		$(UPSTREAM_TESTS)

# Ratios, not timings: every cell on our kernel and, once built, on
# kernel-stock (upstream's MPTCP from the same tree and config), their
# sessions interleaved round by round (tools/bench/run); the raw runs, the
# report and its plot go to build/bench/.  QUICK=1: 2 rounds, small sizes.
BENCH_ROUNDS ?= $(if $(filter 1,$(QUICK)),2,5)
UPSTREAM_CONNECT := $(UPSTREAM_DIR)/mptcp_connect

$(UPSTREAM_CONNECT): | $(BZIMAGE)
	$(Q)$(MAKE) -s -C $(KSRC) O=$(KOUT) headers_install INSTALL_HDR_PATH=$(BUILD)/headers >/dev/null
	$(Q)$(MAKE) -s -C $(UPSTREAM_DIR) KHDR_INCLUDES="-isystem $(BUILD)/headers/include" mptcp_connect >/dev/null

bench: kernel selftests $(UPSTREAM_CONNECT)
	$(Q)tools/bench/run --bin $(SELFTEST_BIN) --out $(BUILD)/bench --rounds $(BENCH_ROUNDS) \
		$(if $(filter 1,$(QUICK)),--quick) --upstream-connect $(UPSTREAM_CONNECT) \
		ours=$(BZIMAGE) $(if $(wildcard $(BZIMAGE_STOCK)),stock=$(BZIMAGE_STOCK))
	$(Q)[ -r $(BZIMAGE_STOCK) ] || echo "  (upstream's MPTCP not built: make kernel-stock, then make bench again)"

# The BPF policies' figures (a BPF scheduler against the built-in one,
# redundancy's tail latency, failover gaps): our kernel, and the stock one
# where a figure applies.
bench-policies: kernel selftests
	$(Q)$(VM) --kernel $(BZIMAGE) -- tools/bench.sh $(SELFTEST_BIN)
	$(Q)$(VM) --kernel $(BZIMAGE) -- tools/bench-failover.sh $(SELFTEST_BIN)
	$(Q)if [ -r $(BZIMAGE_STOCK) ]; then \
		tools/vm/run --log $(BUILD)/vm-stock --kernel $(BZIMAGE_STOCK) -- tools/bench-failover.sh $(SELFTEST_BIN); \
	fi

# --- install and packages ---------------------------------------------------
# What a machine running our kernel needs besides it: mptcpctl, the BPF
# policies of bpf/ (not the test programs of selftests/bpf/), the unit that
# loads the configured ones at boot, the man page, bash completion and the
# bpftrace scripts.  Units go where Debian 12's systemd reads its packages'.
PREFIX      ?= /usr
UNITDIR     ?= /lib/systemd/system
SHIPPED_BPF := $(patsubst bpf/%.c,$(BPF_OUT)/%.o,$(wildcard bpf/*.bpf.c))
DEB_OUT     := $(BUILD)/deb

install: loader bpf
	$(Q)install -D -m 0755 $(MPTCPCTL) $(DESTDIR)$(PREFIX)/sbin/mptcpctl
	$(Q)install -d $(DESTDIR)$(PREFIX)/lib/mptcp-bpf $(DESTDIR)$(PREFIX)/share/mptcp-bpf/bpftrace
	$(Q)install -m 0644 $(SHIPPED_BPF) $(DESTDIR)$(PREFIX)/lib/mptcp-bpf/
	$(Q)install -m 0755 tools/bpftrace/*.bt $(DESTDIR)$(PREFIX)/share/mptcp-bpf/bpftrace/
	$(Q)install -D -m 0755 loader/mptcp-policies $(DESTDIR)$(PREFIX)/libexec/mptcp-bpf/mptcp-policies
	$(Q)install -D -m 0644 loader/mptcp-policies.service $(DESTDIR)$(UNITDIR)/mptcp-policies.service
	$(Q)install -D -m 0644 loader/policies.conf $(DESTDIR)/etc/mptcp/policies.conf
	$(Q)install -D -m 0644 loader/mptcpctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/mptcpctl.8
	$(Q)install -D -m 0644 loader/mptcpctl.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mptcpctl

# dpkg-buildpackage writes next to the tree it builds, so it builds a copy
# under $(DEB_OUT); O, KSRC, KOUT and TOOLS go with it in the environment
# and its `make loader bpf` finds everything already built here.
DEB_SRC_FILES := Makefile debian loader bpf tools/bpftrace selftests/bpf

deb-tools: loader bpf
	@printf '  %-8s %s\n' DEB "$(DEB_OUT)/mptcp-bpf-tools_*.deb"
	$(Q)rm -rf $(DEB_OUT)/src && mkdir -p $(DEB_OUT)/src && rm -f $(DEB_OUT)/mptcp-bpf-tools*
	$(Q)tar -c $(DEB_SRC_FILES) | tar -x -C $(DEB_OUT)/src
	$(Q)cd $(DEB_OUT)/src && O=$(BUILD) KSRC=$(KSRC) KOUT=$(KOUT) TOOLS=$(TOOLS) \
		dpkg-buildpackage -b -uc -us --no-sign > $(DEB_OUT)/build.log 2>&1 || \
		{ tail -30 $(DEB_OUT)/build.log; exit 1; }
	$(Q)lintian --fail-on error $(DEB_OUT)/mptcp-bpf-tools_*.changes > $(DEB_OUT)/lintian.log 2>&1 || \
		{ cat $(DEB_OUT)/lintian.log; exit 1; }
	$(Q)grep -v 'root privileges' $(DEB_OUT)/lintian.log | sed 's/^/  lintian: /' || true

# The kernel packages: the tree's own bindeb-pkg on the kernel the tests
# boot ($(KOUT), whose configuration boots a Debian 12 virtual machine from
# its disk: tools/config/machine.config).  No -dbg package: BTF is in the
# image, and DWARF of vmlinux would be most of the build time.  The packages
# land beside $(KOUT), and are moved to $(DEB_OUT).
DEB_KERNEL_FILES = $(addprefix $(1),linux-image-*.deb linux-headers-*.deb linux-libc-dev_*.deb \
	linux-upstream_*.buildinfo linux-upstream_*.changes)
DEB_KERNEL_FLAGS := KDEB_PKGVERSION=$$(make -s -C $(KSRC) kernelversion)-1 \
	DPKG_FLAGS=-Ppkg.linux-upstream.nokerneldbg
# the same maintainer as debian/control's (mkdebian reads these)
DEB_KERNEL_ENV := DEBEMAIL=mptcp-bpf@example.org DEBFULLNAME="MPTCP-BPF developers"

deb-kernel: kernel
	@printf '  %-8s %s\n' DEB "$(DEB_OUT)/linux-image-*.deb, linux-headers-*.deb"
	$(Q)mkdir -p $(DEB_OUT) && rm -f $(call DEB_KERNEL_FILES,$(DEB_OUT)/) \
		$(call DEB_KERNEL_FILES,$(dir $(KOUT)))
	$(Q)+$(DEB_KERNEL_ENV) $(call KMAKE,$(KSRC),$(KOUT)) $(DEB_KERNEL_FLAGS) bindeb-pkg \
		> $(DEB_OUT)/kernel-build.log 2>&1 || { tail -30 $(DEB_OUT)/kernel-build.log; exit 1; }
	$(Q)mv -t $(DEB_OUT) $$(ls $(call DEB_KERNEL_FILES,$(dir $(KOUT))) 2>/dev/null)
	$(Q)lintian $(DEB_OUT)/linux-image-*.deb > $(DEB_OUT)/kernel-lintian.log 2>&1 || true
	$(Q)sed 's/^/  lintian: /' $(DEB_OUT)/kernel-lintian.log

deb: deb-kernel deb-tools

# From a fresh Debian 12 to our kernel with a policy loaded at boot, the
# way the README tells it: a bookworm root (debootstrap, cached beside the
# kernel: the mirror is asked once), the packages installed with dpkg, a
# policies.conf, then booted from its own ext4 disk under QEMU; systemd
# runs mptcp-policies.service and a check unit.  make check runs it too.
check-deb: deb selftests
	$(Q)tools/deb/boot-test --debs $(DEB_OUT) --bin $(SELFTEST_BIN) --log $(BUILD)/vm-deb \
		--cache $(patsubst %/,%,$(dir $(KOUT)))

clean:
	$(Q)rm -rf $(SELFTEST_BIN) $(BUILD)/vm $(BUILD)/vm-debug $(DEB_OUT)

distclean:
	$(Q)rm -rf $(BUILD)

FORCE:
