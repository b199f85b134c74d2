// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * watchdog: belay's capture watchdog (docs/kdump.md, "Watchdog"), armed
 * by the test-only belay.watchdog_test=20ms with belay.watchdog=1s
 * (QEMU -append; 300ms for the hang tests). The guest plays what follows
 * the crash, chosen by its bootargs:
 *   watchdog.mode=version  a new kernel's first PSCI call (PSCI_VERSION)
 *                          100 ms after entry: belay says the capture is
 *                          under way and never fires; the guest waits
 *                          1.5 s more, past the deadline, and passes;
 *   watchdog.mode=gicd     the same with the distributor initialisation
 *                          (GICD_CTLR 0, then 1);
 *   watchdog.mode=hang     nothing, interrupts masked: belay prints its
 *                          line and ends the run (the harness expects
 *                          QEMU to exit by itself, with that line).
 */
#include "abi_common.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

int main(void)
{
	const char *mode = strstr(rt.bootargs, "watchdog.mode=");

	rt_require_belay();
	if (!mode)
		test_abort("no watchdog.mode= in the bootargs");
	mode += strlen("watchdog.mode=");
	timer_delay_us(100000);
	if (!strncmp(mode, "version", 7)) {
		uint32_t v = smc1(PSCI_VERSION);

		report(v >= 0x10000 && v < 0x20000, "PSCI_VERSION = %08x", v);
	} else if (!strncmp(mode, "gicd", 4)) {
		smp_init();
		if (!gic.dist)
			test_missing("a GIC in the DTB");
		*(volatile uint32_t *)(gic.dist + GICD_CTLR) = 0;
		*(volatile uint32_t *)(gic.dist + GICD_CTLR) = GICD_CTLR_ENABLE;
		report(true, "GIC distributor re-initialised");
	} else if (!strncmp(mode, "hang", 4)) {
		report_info("hanging with interrupts masked: belay's watchdog ends the run");
		__asm__ volatile("cpsid if" : : : "memory");
		for (;;)
			__asm__ volatile("wfi");
	} else {
		test_abort("unknown watchdog.mode");
	}
	timer_delay_us(1500000);
	report(true, "still running 1.5 s later, past the deadline: the watchdog did not fire");
	return 0;
}
