/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <arch/sysreg.h>
#include <hyp/cache.h>

void dcache_inv_range(uintptr_t start, uintptr_t end)
{
	for (uintptr_t p = start & ~(uintptr_t)(CACHE_LINE - 1); p < end; p += CACHE_LINE)
		write_sysreg(p, DCIMVAC);
	dsb();
}

void dcache_clean_range(uintptr_t start, uintptr_t end)
{
	for (uintptr_t p = start & ~(uintptr_t)(CACHE_LINE - 1); p < end; p += CACHE_LINE)
		write_sysreg(p, DCCMVAC);
	dsb();
}

void dcache_clean_inv_all(void)
{
	uint32_t clidr = read_sysreg(CLIDR);
	unsigned int loc = (clidr >> 24) & 7;

	dsb();
	for (unsigned int level = 0; level < loc; level++) {
		unsigned int ctype = (clidr >> (level * 3)) & 7;
		if (ctype < 2)	/* no cache or instruction-only */
			continue;
		write_sysreg(level << 1, CSSELR);
		isb();
		uint32_t ccsidr = read_sysreg(CCSIDR);
		unsigned int line_shift = (ccsidr & 7) + 4;
		unsigned int max_way = (ccsidr >> 3) & 0x3ff;
		unsigned int max_set = (ccsidr >> 13) & 0x7fff;
		unsigned int way_shift = max_way ? __builtin_clz(max_way) : 0;
		for (unsigned int way = 0; way <= max_way; way++)
			for (unsigned int set = 0; set <= max_set; set++)
				write_sysreg((way << way_shift) | (set << line_shift) | (level << 1), DCCISW);
	}
	write_sysreg(0, CSSELR);
	dsb();
	isb();
}
