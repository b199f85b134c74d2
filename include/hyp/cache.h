/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Data-cache maintenance to the Point of Coherency (Arm ARM B2.2.6).
 * Valid C and assembler (CACHE_LINE only).
 */
#ifndef HYP_CACHE_H
#define HYP_CACHE_H

/*
 * The stride of maintenance by address: the smallest data cache line of
 * the CPUs belay supports (Cortex-A15 and Cortex-A7: 64 bytes). A larger
 * value would step over lines.
 */
#define CACHE_LINE	64

#ifndef __ASSEMBLER__
#include <stdint.h>

void dcache_inv_range(uintptr_t start, uintptr_t end);
void dcache_clean_range(uintptr_t start, uintptr_t end);
/* Clean and invalidate every data cache level up to the LoC, by set/way. */
void dcache_clean_inv_all(void);
#endif /* __ASSEMBLER__ */

#endif
