#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# HYP hand-over: the guest under belay (which Linux reports as "started in
# SVC mode") kexecs, through belay-handover, into trampoline + kernel; the
# trampoline's HVC_SOFT_RESTART tears belay down and the kernel starts in
# HYP. The second kernel checks it was told "All CPU(s) started in HYP
# mode", that all CPUs came up (now through QEMU's own PSCI: belay is
# gone), that the /hypervisor node was stripped from its DTB, and that
# hotplug still works.
# Parameters: belay.cpus=N, belay.stage= (set for the second kernel),
# belay.keep_node=1 (leave /hypervisor in the second kernel's DTB).

. /tests/lib/common.sh

CPUS=$(param belay.cpus)
STAGE=$(param belay.stage first)
KEEP=$(param belay.keep_node 0)

case $STAGE in
first)
	check_cpus "$CPUS"
	[ -d $DT/hypervisor ] || fail "no /hypervisor node: not running under belay?"
	dmesg | grep -q 'CPU: All CPU(s) started in SVC mode' ||
		fail "the kernel under belay did not report 'All CPU(s) started in SVC mode'"
	say "handover: under belay in SVC; handing over"
	opt=
	[ "$KEEP" = 1 ] && opt=--keep-hypervisor
	belay-handover $opt --self-initrd --append "$(cmdline_with belay.stage= belay.stage=handedover)"
	fail "belay-handover returned"
	;;
handedover)
	say "handover: second kernel up"
	dmesg | grep -q 'CPU: All CPU(s) started in HYP mode' ||
		fail "no 'CPU: All CPU(s) started in HYP mode.' after the hand-over ($(dmesg | grep 'started in' | head -n1))"
	say "handover: kernel reports all CPUs started in HYP mode"
	check_cpus "$CPUS"
	if [ "$KEEP" = 1 ]; then
		[ -d $DT/hypervisor ] && say "handover: /hypervisor kept in the DTB as asked (belay is gone)"
	else
		[ -d $DT/hypervisor ] && fail "/hypervisor is still in the DTB after the hand-over"
		say "handover: no /hypervisor node"
	fi
	for c in $(hotpluggable_cpus); do
		echo 0 >$CPU_SYS/cpu$c/online && echo 1 >$CPU_SYS/cpu$c/online ||
			fail "hotplug of cpu$c after the hand-over failed"
	done
	check_cpus "$CPUS"
	run_on_each_cpu "$(cpus_online)"
	check_dmesg_clean
	pass
	;;
*)
	fail "unknown belay.stage=$STAGE"
	;;
esac
