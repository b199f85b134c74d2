#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# CPU hotplug: offline and online every secondary CPU through sysfs, which
# Linux does with PSCI CPU_OFF and CPU_ON, i.e. through belay. Odd cycles
# take all secondaries down and then up again; even cycles cycle one CPU at
# a time. Afterwards every CPU must be online and run a pinned workload,
# and the kernel log must be free of warnings.
# Parameters: belay.cpus=N (expected CPUs), belay.cycles=C (default 200).

. /tests/lib/common.sh

CPUS=$(param belay.cpus)
CYCLES=$(param belay.cycles 200)

set_online() {
	echo "$2" >$CPU_SYS/cpu$1/online || fail "echo $2 > cpu$1/online failed in cycle $cycle"
	[ "$(cat $CPU_SYS/cpu$1/online)" = "$2" ] ||
		fail "cpu$1/online reads $(cat $CPU_SYS/cpu$1/online) after writing $2 (cycle $cycle)"
}

check_cpus "$CPUS"
SECONDARIES=$(hotpluggable_cpus | tr '\n' ' ')
[ -n "$SECONDARIES" ] || fail "no hotpluggable CPU (booted with one CPU?)"
say "hotplug: $CYCLES cycles of cpus $SECONDARIES"

start=$(cut -d' ' -f1 /proc/uptime)
cycle=1
while [ $cycle -le "$CYCLES" ]; do
	if [ $((cycle % 2)) = 1 ]; then
		for c in $SECONDARIES; do set_online $c 0; done
		[ "$(cpus_online)" = 1 ] || fail "cpus online $(cat $CPU_SYS/online) with all secondaries off (cycle $cycle)"
		for c in $SECONDARIES; do set_online $c 1; done
	else
		for c in $SECONDARIES; do
			set_online $c 0
			set_online $c 1
		done
	fi
	[ $((cycle % 50)) = 0 ] && say "hotplug: $cycle cycles done, online $(cat $CPU_SYS/online)"
	cycle=$((cycle + 1))
done
end=$(cut -d' ' -f1 /proc/uptime)
say "hotplug: $CYCLES cycles in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"

check_cpus "$CPUS"
run_on_each_cpu "$(cpus_online)"
check_dmesg_clean
pass
