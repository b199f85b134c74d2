/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * One call of the ABI fuzzer (fuzz.c) through one of several conduits,
 * with every register the call must preserve loaded with a pattern and
 * checked afterwards.
 */
#include "fuzz_call.h"

	.syntax	unified
	.arch_extension virt
	.arch_extension sec
	.text

/*
 * void fuzz_call_<conduit>(struct fuzz_regs *fr)
 * In:  fr->in[0..3] (r0-r3 for the call), fr->pat (the pattern).
 * Out: fr->out[0..3] (r0-r3 after it), fr->cpsr_in/cpsr_out, fr->bad
 *      (FC_BAD_* bits of what changed that must not: r4-r12, lr, sp,
 *      LR_usr, SP_usr). r4-r12 and lr hold pat ^ (n << 24) across the
 *      call, LR_usr pat ^ (15 << 24), SP_usr pat ^ (13 << 24), the flags
 *      pat's top five bits.
 * Clobbers: r0-r3, r12, flags (AAPCS); LR_usr and SP_usr (the guests
 * never run in User or System mode). SVC mode, any MMU state.
 */
	.macro	fuzz_call_fn name, insn
	.arm
	.align	2
	.globl	\name
	.type	\name, %function
\name:
	push	{r4-r11, lr}
	push	{r0}			/* fr, at [sp] */
	str	sp, [r0, #FC_SP]
	ldr	r12, [r0, #FC_PAT]
	eor	r1, r12, #(15 << 24)
	msr	lr_usr, r1
	eor	r1, r12, #(13 << 24)
	msr	sp_usr, r1
	and	r1, r12, #0xf8000000
	msr	APSR_nzcvq, r1
	mrs	r1, cpsr
	str	r1, [r0, #FC_CPSR_IN]
	eor	r4, r12, #(4 << 24)
	eor	r5, r12, #(5 << 24)
	eor	r6, r12, #(6 << 24)
	eor	r7, r12, #(7 << 24)
	eor	r8, r12, #(8 << 24)
	eor	r9, r12, #(9 << 24)
	eor	r10, r12, #(10 << 24)
	eor	r11, r12, #(11 << 24)
	eor	lr, r12, #(14 << 24)
	eor	r12, r12, #(12 << 24)
	ldm	r0, {r0-r3}
	\insn
	push	{r0-r3}			/* stores leave the flags alone */
	mrs	r0, cpsr
	ldr	r1, [sp, #16]		/* fr */
	str	r0, [r1, #FC_CPSR_OUT]
	ldr	r3, [r1, #FC_PAT]
	mov	r2, #0
	.irp	n, 4, 5, 6, 7, 8, 9, 10, 11, 12
	eor	r0, r3, #(\n << 24)
	cmp	r\n, r0
	orrne	r2, r2, #(1 << \n)
	.endr
	eor	r0, r3, #(14 << 24)
	cmp	lr, r0
	orrne	r2, r2, #FC_BAD_LR
	mrs	r0, lr_usr
	eor	r12, r3, #(15 << 24)
	cmp	r0, r12
	orrne	r2, r2, #FC_BAD_LR_USR
	mrs	r0, sp_usr
	eor	r12, r3, #(13 << 24)
	cmp	r0, r12
	orrne	r2, r2, #FC_BAD_SP_USR
	add	r0, sp, #16
	ldr	r12, [r1, #FC_SP]
	cmp	r0, r12
	orrne	r2, r2, #FC_BAD_SP
	str	r2, [r1, #FC_BAD]
	pop	{r0, r2, r3, r12}	/* the call's r0-r3 */
	str	r0, [r1, #FC_OUT]
	str	r2, [r1, #(FC_OUT + 4)]
	str	r3, [r1, #(FC_OUT + 8)]
	str	r12, [r1, #(FC_OUT + 12)]
	add	sp, sp, #4		/* fr */
	pop	{r4-r11, pc}
	.size	\name, . - \name
	.ltorg
	.endm

	fuzz_call_fn fuzz_call_hvc0, "hvc #0"
	fuzz_call_fn fuzz_call_hvc1, "hvc #1"
	fuzz_call_fn fuzz_call_hvc2a5, "hvc #0x2a5"
	fuzz_call_fn fuzz_call_hvc8000, "hvc #0x8000"
	fuzz_call_fn fuzz_call_hvcffff, "hvc #0xffff"
	fuzz_call_fn fuzz_call_smc0, "smc #0"
	fuzz_call_fn fuzz_call_smcf, "smc #0xf"
