// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * The cycle counter as an instruction counter: under QEMU -icount shift=0
 * PMCCNTR advances once per executed instruction (docs/testing.md, "Benchmarks").
 */
#include "guest.h"

#define PMCR_E			(1u << 0)	/* enable */
#define PMCR_C			(1u << 2)	/* reset PMCCNTR */
#define PMCNTENSET_C		(1u << 31)	/* PMCCNTR enable */
#define PMCCFILTR_NSH		(1u << 27)	/* count in Non-secure Hyp too */

void pmu_enable_cycles(void)
{
	/* Filter first: P/U clear (count PL1 and PL0), NSH set (count HYP). */
	write_sysreg(PMCCFILTR_NSH, PMCCFILTR);
	write_sysreg(read_sysreg(PMCR) | PMCR_E | PMCR_C, PMCR);
	write_sysreg(PMCNTENSET_C, PMCNTENSET);
	isb();
}
