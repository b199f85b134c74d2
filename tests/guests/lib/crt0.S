/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <arch/sysreg.h>
#include "layout.h"
#include "rt_asm.h"

/*
 * _start: entry of every test guest, at GUEST_BASE.
 * In:  r0 = 0, r1 = 0xffffffff, r2 = DTB address (belay's guest protocol).
 *      SVC mode under belay; HYP mode when QEMU boots the ELF directly
 *      (a native run), in which case we install the mock hyp-stub and
 *      drop to SVC with ERET (never `cps` out of HYP).
 * MMU and caches off throughout: the guests never turn them on.
 */
	.section .text.entry, "ax"
	.arm
	.globl	_start
_start:
	mov	r8, r0
	mov	r9, r1
	mov	r10, r2
	mov	r11, #0			/* 1 if entered in HYP */
	mrs	r6, cpsr
	ldr	r0, =rt_entry_regs	/* in .data: survives the .bss clear */
	str	r6, [r0]
	mrc_sysreg r1, SCTLR
	str	r1, [r0, #4]

	/* r7 = this CPU's stack block. */
	rt_stack_block

	mrs	r4, cpsr
	and	r4, r4, #PSR_MODE_MASK
	cmp	r4, #PSR_MODE_HYP
	bne	1f

	/* Native run: HYP is ours (rt_asm.h). */
	mov	r11, #1
	rt_native_hyp_to_svc 1f

1:	/* SVC (PL1), MMU off. One stack per exception mode we can take. */
	rt_pl1_setup

	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
2:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	2b

	mov	r0, r8
	mov	r1, r9
	mov	r2, r10
	mov	r3, r11
	bl	rt_start		/* never returns */
3:	wfi
	b	3b
	.ltorg

	/* uint32_t rt_entry_regs[2]: CPSR and SCTLR as the guest was entered. */
	.data
	.align	2
	.globl	rt_entry_regs
rt_entry_regs:
	.word	0, 0
