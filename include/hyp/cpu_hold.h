/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's hold for CPUs the guest turns off when firmware cannot say that
 * a CPU is off (hyp/cpu_hold.c; docs/design.md, "PSCI without
 * AFFINITY_INFO"): the CPU stays powered, in HYP with belay torn down on
 * it, until a CPU_ON starts it at belay's secondary entry.
 */
#ifndef HYP_CPU_HOLD_H
#define HYP_CPU_HOLD_H

#include <stdbool.h>
#include <stdint.h>

/* boot/secondary.S: where firmware CPU_ON, or the hold, starts a CPU. */
void __attribute__((noreturn)) secondary_entry(unsigned int index);

/* Wait in the hold: cpu_ops.fw_cpu_off's stand-in (HYP, MMU off). */
int32_t __attribute__((noreturn)) cpu_hold(void *ctx);
/* Is CPU t in the hold? (ctx: struct psci_ops's, unused) */
bool cpu_held(void *ctx, unsigned int t);
/* Start CPU t, which is in the hold, at secondary_entry. */
void cpu_release(void *ctx, unsigned int t);

#endif /* HYP_CPU_HOLD_H */
