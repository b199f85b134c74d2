/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * What belay knows of a guest crash and of the capture kernel that should
 * follow it (docs/kdump.md, "SMP capture kernels" and "Watchdog"): the
 * kernel generations belay has seen start, the CPUs a dead generation
 * left parked (hyp/capture.c), and the watchdog on a capture kernel that
 * does not come up (hyp/watchdog.c).
 */
#ifndef HYP_CAPTURE_H
#define HYP_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

/* A crash belay knows of happened on CPU `cpu` (belay's index): the crash
 * injector reports each injection here. Arms the watchdog. */
void capture_note_crash(unsigned cpu);

/* ---- kernel generations and parked CPUs (hyp/capture.c) ---------------- */

/* hyp/vgic.c: the guest on CPU `cpu` wrote GICD_CTLR with both groups
 * disabled, which a kernel does once, when it initialises its GIC: a new
 * generation starts, and the parked CPUs that run another kernel (their
 * TTBR1 differs) power themselves off. */
void capture_gicd_disabled(unsigned int cpu);
/* hyp/psci.c: CPU `cpu` entered the guest for a CPU_ON. */
void capture_cpu_entered(unsigned int cpu);
/* hyp/psci.c, CPU_ON of a CPU recorded ON: if it is parked by a dead
 * kernel generation, make it power itself off through psci_parked_off()
 * on that CPU; 0 if asked, nonzero if not parked or not reachable. */
int capture_reclaim(unsigned int cpu);
void psci_parked_off(unsigned int self);	/* hyp/psci.c */

/* ---- the watchdog (hyp/watchdog.c) ------------------------------------- */

/*
 * belay.watchdog=<time>|off: how long (guest time, i.e. the counter) a
 * capture kernel may take after a crash belay knows of to reach its first
 * PSCI call or GIC distributor initialisation. Default 60 s.
 */
#define WATCHDOG_DEFAULT_US	60000000ull
extern uint64_t watchdog_us;		/* 0: off */
extern uint64_t watchdog_test_us;	/* belay.watchdog_test=<time>: 0 = none */
extern bool semihosting_option;		/* belay.semihosting=on */
/* The QEMU exit status of a watchdog expiry with belay.semihosting=on. */
#define WATCHDOG_EXIT_STATUS	3

/* A new kernel reached `what` on CPU `cpu`: the capture is under way. */
void capture_kernel_started(unsigned int cpu, const char *what);
/* Boot CPU, right before the first guest entry: belay.watchdog_test. */
void watchdog_boot(void);

#endif
