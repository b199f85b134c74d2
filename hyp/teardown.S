/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* Leaving belay's HYP configuration: MMU off, and SOFT_RESTART's jump. */
#include <arch/asm.h>
#include <arch/sysreg.h>
#include <belay/abi.h>
#include <hyp/cpu.h>

	.text
/*
 * void hyp_mmu_disable(struct percpu *pc)
 * Clean and invalidate this CPU's whole per-CPU block (its HYP stack and
 * struct cpu) to the PoC, then turn the HYP MMU and caches off and drop
 * HYP TLB entries. The whole block, not just the live part of the stack:
 * a line below SP dirtied by an earlier, deeper trap would otherwise stay
 * in the cache and could be written back later over what the CPU writes
 * to its stack with the MMU off. Nothing is stored between the clean and
 * the MMU switch (a leaf, no stack).
 * In: HYP, MMU on, r0 = this CPU's struct percpu (cache-line aligned,
 * PERCPU_SIZE bytes: include/hyp/cpu.h). Clobbers r0, r1.
 */
func hyp_mmu_disable
	add	r1, r0, #PERCPU_SIZE
1:	mcr_sysreg r0, DCCIMVAC
	add	r0, r0, #CACHE_LINE
	cmp	r0, r1
	blo	1b
	dsb	sy
	mrc_sysreg r1, HSCTLR
	bic	r1, r1, #HSCTLR_M
	bic	r1, r1, #HSCTLR_C
	bic	r1, r1, #HSCTLR_I
	mcr_sysreg r1, HSCTLR
	isb
	mcr_sysreg r1, TLBIALLH
	dsb	sy
	isb
	bx	lr
endfunc hyp_mmu_disable

/*
 * void soft_restart_jump(struct frame *f, uint32_t target)
 * Enter `target` in HYP mode (bit 0 set: Thumb) with A/I/F masked, r0 =
 * HVC_SOFT_RESTART, r1 = target, r2-r12 and lr as the guest had them, and
 * an empty HYP stack (f is the slow path's frame, right below struct cpu).
 * In: HYP, belay's MMU already off, caches cleaned. Does not return.
 */
func soft_restart_jump
	mov	r2, #(PSR_MODE_HYP | PSR_A | PSR_I | PSR_F)
	tst	r1, #1
	orrne	r2, r2, #PSR_T
	bic	r3, r1, #1
	msr	spsr_cxsf, r2
	msr	ELR_hyp, r3
	add	sp, r0, #FRAME_SIZE		/* f + 1: this CPU's struct cpu */
	ldr	lr, [r0, #(FRAME_R0 + 13 * 4)]
	add	r0, r0, #(FRAME_R0 + 2 * 4)
	ldm	r0, {r2-r12}
	mov	r0, #HVC_SOFT_RESTART
	eret
endfunc soft_restart_jump
