/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * A stage-1 MMU for the test guests that need one: the short-descriptor
 * format (Arm ARM B3.5), one level of 1 MiB sections, TTBR0 only
 * (TTBCR.N = 0), domain 0 as client. Guest RAM is Normal non-cacheable,
 * everything else Device, so with the data caches off a plain store and a
 * DSB publish an entry to the table walks of every CPU.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <stdint.h>

#define SECTION		0x100000u
#define MMU_L1_ENTRIES	4096u	/* a table is 16 KiB, 16 KiB aligned */

/* Short-descriptor section entries (Arm ARM B3.5.1). */
#define SECT		0x2u
#define SECT_B		(1u << 2)
#define SECT_XN		(1u << 4)
#define SECT_AP_RW	(3u << 10)	/* AP[1:0] = 11, AP[2] = 0: full access */
#define SECT_TEX1	(1u << 12)	/* TEX 001, C 0, B 0: Normal non-cacheable */
#define SECT_S		(1u << 16)
#define SECT_RAM	(SECT | SECT_AP_RW | SECT_TEX1 | SECT_S)
#define SECT_DEVICE	(SECT | SECT_AP_RW | SECT_B | SECT_XN)	/* shareable Device */

/* Fill l1 (MMU_L1_ENTRIES) with the identity map of the whole 4 GiB. */
void mmu_identity_map(uint32_t *l1);
/* This CPU: translate through l1 (TTBR0), MMU on; and off again. */
void mmu_on(const uint32_t *l1);
void mmu_off(void);

#endif
