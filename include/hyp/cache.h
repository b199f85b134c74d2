/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* Data-cache maintenance to the Point of Coherency (Arm ARM B2.2.6). */
#ifndef HYP_CACHE_H
#define HYP_CACHE_H

#include <stdint.h>

#define CACHE_LINE	64	/* the smallest line of the CPUs belay supports */

void dcache_inv_range(uintptr_t start, uintptr_t end);
void dcache_clean_range(uintptr_t start, uintptr_t end);
/* Clean and invalidate every data cache level up to the LoC, by set/way. */
void dcache_clean_inv_all(void);

#endif
