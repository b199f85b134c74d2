/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Assembler macros shared by the boot CPU's entry (crt0.S) and the
 * secondary CPUs' entry (smp_entry.S): finding this CPU's stacks, leaving
 * HYP on a native run, and the PL1 set-up every CPU needs before C.
 * Assembler only.
 */
#ifndef GUEST_RT_ASM_H
#define GUEST_RT_ASM_H

#include <arch/sysreg.h>
#include "layout.h"

/*
 * rt_stack_block: r7 = this CPU's stack block (__stacks_start +
 * MPIDR.Aff0 * RT_STACK_CPU; an Aff0 beyond RT_MAX_CPUS shares CPU 0's).
 * Clobbers r0, r1.
 */
	.macro	rt_stack_block
	mrc_sysreg r0, MPIDR
	and	r0, r0, #0xff
	cmp	r0, #RT_MAX_CPUS
	movhs	r0, #0
	ldr	r7, =__stacks_start
	ldr	r1, =RT_STACK_CPU
	mla	r7, r0, r1, r7
	.endm

/*
 * rt_native_hyp_to_svc target: on a native run QEMU enters every CPU in
 * HYP, which is then ours. Do here what belay does for its guest on every
 * CPU (docs/design.md): PL1 may use the physical counter and timer, CNTVOFF = 0,
 * no traps; install the mock hyp-stub (mock.c) and leave for SVC at
 * `target` with A/I/F masked, by ERET (never `cps` out of HYP).
 * In: r7 = stack block. Clobbers r0, r1.
 */
	.macro	rt_native_hyp_to_svc target
	ldr	r0, =RT_STACK_HYP_TOP
	add	sp, r7, r0
	ldr	r0, =mock_hyp_vectors
	mcr_sysreg r0, HVBAR
	mov	r0, #(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN)
	mcr_sysreg r0, CNTHCTL
	mov	r0, #0
	mov	r1, #0
	mcrr_sysreg r0, r1, CNTVOFF
	mcr_sysreg r0, HCR
	mcr_sysreg r0, HSTR
	isb
	ldr	r0, =(PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r0
	adr	r0, \target
	msr	elr_hyp, r0
	eret
	.endm

/*
 * rt_pl1_setup: in SVC with the MMU off, mask A/I/F, give each exception
 * mode we can take its stack from the block in r7, end in SVC on the SVC
 * stack, and route exceptions to rt_vectors (VBAR, ARM state).
 * Clobbers r0.
 */
	.macro	rt_pl1_setup
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

	ldr	r0, =rt_vectors
	mcr_sysreg r0, VBAR
	mrc_sysreg r0, SCTLR
	bic	r0, r0, #(1 << 13)	/* V: low vectors, i.e. VBAR */
	bic	r0, r0, #(1 << 30)	/* TE: ARM exception entry */
	mcr_sysreg r0, SCTLR
	isb
	.endm

#endif /* GUEST_RT_ASM_H */
