/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <arch/sysreg.h>
#include "layout.h"

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
	mrc_sysreg r0, MPIDR
	and	r0, r0, #0xff
	cmp	r0, #RT_MAX_CPUS
	movhs	r0, #0
	ldr	r7, =__stacks_start
	ldr	r1, =RT_STACK_CPU
	mla	r7, r0, r1, r7

	mrs	r4, cpsr
	and	r4, r4, #PSR_MODE_MASK
	cmp	r4, #PSR_MODE_HYP
	bne	1f

	/* Native run: HYP is ours. Let PL1 use the physical counter, install
	 * the mock stub and leave for SVC with everything masked. */
	mov	r11, #1
	ldr	r0, =RT_STACK_HYP_TOP
	add	sp, r7, r0
	ldr	r0, =mock_hyp_vectors
	mcr_sysreg r0, HVBAR
	mov	r0, #(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN)
	mcr_sysreg r0, CNTHCTL
	mov	r0, #0
	mcr_sysreg r0, HCR
	mcr_sysreg r0, HSTR
	isb
	ldr	r0, =(PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r0
	adr	r0, 1f
	msr	elr_hyp, r0
	eret

1:	/* SVC (PL1), MMU off. One stack per exception mode we can take. */
	cpsid	aif
	cps	#PSR_MODE_ABT
	ldr	r0, =RT_STACK_ABT_TOP
	add	sp, r7, r0
	cps	#PSR_MODE_UND
	ldr	r0, =RT_STACK_UND_TOP
	add	sp, r7, r0
	cps	#PSR_MODE_IRQ
	ldr	r0, =RT_STACK_IRQ_TOP
	add	sp, r7, r0
	cps	#PSR_MODE_FIQ
	ldr	r0, =RT_STACK_FIQ_TOP
	add	sp, r7, r0
	cps	#PSR_MODE_SVC
	ldr	r0, =RT_STACK_SVC_TOP
	add	sp, r7, r0

	/* Exceptions to our table, taken in ARM state, VBAR honoured. */
	ldr	r0, =rt_vectors
	mcr_sysreg r0, VBAR
	mrc_sysreg r0, SCTLR
	bic	r0, r0, #(1 << 13)	/* V: low vectors, i.e. VBAR */
	bic	r0, r0, #(1 << 30)	/* TE: ARM exception entry */
	mcr_sysreg r0, SCTLR
	isb

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
