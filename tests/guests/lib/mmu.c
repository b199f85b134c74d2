/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* A stage-1 identity map for the test guests (mmu.h). */
#include <arch/sysreg.h>
#include "guest.h"
#include "mmu.h"

#define DACR_D0_CLIENT	1u

void mmu_identity_map(uint32_t *l1)
{
	for (uint32_t i = 0; i < MMU_L1_ENTRIES; i++) {
		uint32_t pa = i * SECTION;

		l1[i] = pa | (addr_in_ram(pa, SECTION) ? SECT_RAM : SECT_DEVICE);
	}
	dsb();
}

/* Table walks are non-cacheable (TTBR0 IRGN/RGN = 0). */
void mmu_on(const uint32_t *l1)
{
	write_sysreg(0, TTBCR);
	write_sysreg((uint32_t)(uintptr_t)l1, TTBR0);
	write_sysreg(DACR_D0_CLIENT, DACR);
	isb();
	write_sysreg(0, TLBIALL);
	dsb();
	isb();
	write_sysreg(read_sysreg(SCTLR) | SCTLR_M, SCTLR);
	isb();
}

void mmu_off(void)
{
	write_sysreg(read_sysreg(SCTLR) & ~SCTLR_M, SCTLR);
	isb();
	write_sysreg(0, TLBIALL);
	dsb();
	isb();
}
