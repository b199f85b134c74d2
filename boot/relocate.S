/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <arch/asm.h>

#define R_ARM_RELATIVE	23

	.text
/*
 * void apply_relocs(uint32_t delta, const Elf32_Rel *start,
 *                   const Elf32_Rel *end, uintptr_t base)
 * Add delta to every word an R_ARM_RELATIVE entry names. r_offset is a
 * link-time address (belay links at 0), so in the image at `base` the word
 * lives at base + r_offset. Other relocation types cannot occur in a
 * static PIE and are skipped.
 * In: r0 = delta, r1 = start, r2 = end, r3 = base (run-time addresses).
 * MMU off or identity-mapped and writable. Clobbers r1, r4, r5. No stack.
 */
func apply_relocs
	b	2f
1:	ldr	r4, [r1], #8		/* r_offset */
	ldr	r5, [r1, #-4]		/* r_info */
	and	r5, r5, #0xff
	cmp	r5, #R_ARM_RELATIVE
	bne	2f
	ldr	r5, [r3, r4]
	add	r5, r5, r0
	str	r5, [r3, r4]
2:	cmp	r1, r2
	blo	1b
	bx	lr
endfunc apply_relocs
