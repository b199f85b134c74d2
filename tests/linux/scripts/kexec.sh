#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# Repeated kexec: each kernel checks that all CPUs came back (Linux offlined
# the secondaries with PSCI CPU_OFF before the jump; the new kernel turned
# them on with CPU_ON, all through belay), that they run work, and that
# belay still describes itself in the DTB, then kexecs the same kernel with
# a copy of the running initramfs and belay.round= one higher.
# Parameters: belay.cpus=N, belay.rounds=R (default 10), belay.round=I
# (set by the previous round), belay.native=1 (no /hypervisor expected).

. /tests/lib/common.sh

CPUS=$(param belay.cpus)
ROUNDS=$(param belay.rounds 10)
ROUND=$(param belay.round 0)

say "kexec round $ROUND of $ROUNDS"
check_cpus "$CPUS"
run_on_each_cpu "$(cpus_online)"
if [ "$(param belay.native 0)" != 1 ]; then
	[ -d $DT/hypervisor ] || fail "round $ROUND: no /hypervisor node"
fi
check_dmesg_clean
if [ "$ROUND" -ge "$ROUNDS" ]; then
	say "kexec: $ROUNDS rounds done"
	pass
fi
belay-kexec -l -e --self-initrd --append "$(cmdline_with belay.round= belay.round=$((ROUND + 1)))"
fail "round $ROUND: belay-kexec -l -e returned"
