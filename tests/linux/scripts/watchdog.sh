#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# The watchdog test's guest (docs/kdump.md, "Watchdog"): no crash kernel
# is loaded, so after the crash belay is told of, no capture kernel can
# come. The guest only waits; belay's watchdog line and exit status end
# the run (tests/linux/run_linux.py, watchdog-no-capture). If the run gets
# this far, the guest has nothing to report: it prints its state and
# waits for belay.

. /tests/lib/common.sh

loaded=$(cat /sys/kernel/kexec_crash_loaded 2>/dev/null)
say "watchdog: crash kernel loaded: ${loaded:-?}; waiting for belay's watchdog"
while :; do
	sleep 1
done
