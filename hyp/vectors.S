/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's one and only HYP vector table, and the ABI dispatcher behind it
 * (DESIGN §4). It is installed first thing on every CPU and stays installed
 * in every belay state; the code runs identically with the HYP MMU off
 * (STUB) or on (RUN) because belay's HYP map is an identity map. The state
 * of the CPU is the word at SP_hyp + CPU_STATE: on entry from the guest the
 * HYP stack is empty, so SP_hyp == &this CPU's struct cpu.
 *
 * The hyp-stub calls that only read or write HVBAR are answered here
 * without saving the guest's registers; everything else goes through the
 * full save to hyp_trap() in C. Either way the guest gets back every
 * register but r0 (and r1-r3 where a call returns values).
 */
#include <arch/asm.h>
#include <arch/sysreg.h>
#include <belay/abi.h>
#include <hyp/cpu.h>

	.section .text.vectors, "ax"
	.arm
	.align	5
	.globl	hyp_vectors
hyp_vectors:
	b	hyp_bad_reset		/* 0x00: reset (unused in HYP) */
	b	hyp_bad_undef		/* 0x04: undefined instruction in HYP */
	b	hyp_hvc_in_hyp		/* 0x08: HVC executed in HYP mode */
	b	hyp_bad_pabt		/* 0x0c: prefetch abort in HYP */
	b	hyp_bad_dabt		/* 0x10: data abort in HYP */
	b	hyp_trap_entry		/* 0x14: HVC/trap from the guest */
	b	hyp_bad_irq		/* 0x18: IRQ in HYP */
	b	hyp_bad_fiq		/* 0x1c: FIQ in HYP */
	.if	(. - hyp_vectors) != 0x20
	.error	"hyp_vectors: an entry grew"
	.endif

/*
 * 0x14: an exception from the guest. Fast path for `hvc #0` with
 * r0 = SET_VECTORS, RESET_VECTORS (no-op case), GET_VECTORS and unknown
 * non-SMCCC codes, and for HVCs with a non-zero immediate.
 * In: SP_hyp = &cpu (stack empty). Guest r0-r12, lr live.
 */
hyp_trap_entry:
	push	{r4, r5}
	mrc_sysreg r4, HSR
	cmp	r4, #HSR_HVC0
	bne	not_hvc0
	cmp	r0, #HVC_SET_VECTORS
	beq	hvc_set_vectors
	cmn	r0, #1				/* HVC_GET_VECTORS */
	beq	hvc_get_vectors
	cmp	r0, #HVC_RESET_VECTORS
	beq	hvc_reset_vectors
	bhi	hvc_high
	b	trap_slow_pop			/* SOFT_RESTART: C */

hvc_get_vectors:
	mrc_sysreg r0, HVBAR
	pop	{r4, r5}
	eret

/*
 * In the CPU's SET_VECTORS window (aligned, inside the first guest RAM
 * range; empty in RUN, see struct cpu): install them, state FOREIGN.
 */
hvc_set_vectors:
	ldrd	r4, r5, [sp, #(8 + CPU_SETVEC_BASE)]
	sub	r4, r1, r4
	cmp	r4, r5
	bhs	hvc_set_vectors_outside
	tst	r1, #0x1f
	bne	hvc_stub_err
	mcr_sysreg r1, HVBAR
	mov	r4, #BELAY_STATE_FOREIGN
	str	r4, [sp, #(8 + CPU_STATE)]
	mov	r0, #0
	pop	{r4, r5}
	eret

/* Outside the window: refused in RUN or if misaligned; C checks the
 * other RAM ranges. */
hvc_set_vectors_outside:
	ldr	r5, [sp, #(8 + CPU_STATE)]
	cmp	r5, #BELAY_STATE_RUN
	beq	hvc_stub_err
	tst	r1, #0x1f
	bne	hvc_stub_err
	b	trap_slow_pop

/* Outside RUN there is nothing to tear down (FOREIGN handed back counts
 * as STUB); in RUN, C tears down. */
hvc_reset_vectors:
	ldr	r5, [sp, #(8 + CPU_STATE)]
	cmp	r5, #BELAY_STATE_RUN
	beq	trap_slow_pop
	mov	r5, #BELAY_STATE_STUB
	str	r5, [sp, #(8 + CPU_STATE)]
	mov	r0, #0
	pop	{r4, r5}
	eret

/* r0 above the stub calls: SMCCC IDs (bit 31) go to C, the rest are errors. */
hvc_high:
	tst	r0, #SMCCC_FAST_CALL
	bne	trap_slow_pop
	b	hvc_stub_err

/* Not `hvc #0`: an HVC with another immediate is an error, the rest is C's. */
not_hvc0:
	lsr	r5, r4, #HSR_EC_SHIFT
	cmp	r5, #HSR_EC_HVC
	bne	trap_slow_pop
hvc_stub_err:
	movw	r0, #:lower16:HVC_STUB_ERR
	movt	r0, #:upper16:HVC_STUB_ERR
	pop	{r4, r5}
	eret

/*
 * The slow path: save the guest's registers as a struct frame on the HYP
 * stack and call void hyp_trap(struct frame *). C may rewrite the frame
 * (results, ELR/SPSR for injected exceptions or a new guest entry).
 */
trap_slow_pop:
	pop	{r4, r5}
	push	{r0-r12, lr}
	mrs	r4, ELR_hyp
	mrs	r5, spsr
	push	{r4, r5}
	mov	r0, sp
	bl	hyp_trap
	.globl	hyp_trap_return
hyp_trap_return:
	pop	{r4, r5}
	msr	ELR_hyp, r4
	msr	spsr_cxsf, r5
	pop	{r0-r12, lr}
	eret

/*
 * HVC executed in HYP mode: only code belay handed HYP to with
 * SOFT_RESTART runs in HYP while these vectors are installed. belay has no
 * ABI for it: answer HVC_STUB_ERR without touching memory (its SP_hyp is
 * not ours to trust).
 */
hyp_hvc_in_hyp:
	movw	r0, #:lower16:HVC_STUB_ERR
	movt	r0, #:upper16:HVC_STUB_ERR
	eret

/*
 * Exceptions taken in HYP mode: a bug in belay, or a crash of code that
 * SOFT_RESTART handed HYP to. Report; then power off for the first, stop
 * this CPU for the second (hyp/trap.c).
 */
	.macro	bad_vector name, kind
\name:
	push	{r0-r12, lr}
	mrs	r4, ELR_hyp
	mrs	r5, spsr
	push	{r4, r5}
	mov	r0, sp
	mov	r1, #\kind
	b	hyp_bad_exception
	.endm

	bad_vector hyp_bad_reset, 0
	bad_vector hyp_bad_undef, 1
	bad_vector hyp_bad_pabt, 3
	bad_vector hyp_bad_dabt, 4
	bad_vector hyp_bad_irq, 6
	bad_vector hyp_bad_fiq, 7

	.text
/*
 * void guest_enter(uint32_t entry, uint32_t spsr, uint32_t r0, uint32_t r1,
 *                  uint32_t r2) __attribute__((noreturn))
 * Enter the guest at `entry` with CPSR = spsr and r0-r2 as given, every
 * other register zero. Resets SP_hyp to this CPU's struct cpu (HTPIDR) so
 * the next trap finds an empty stack.
 */
func guest_enter
	ldr	r12, [sp]			/* fifth argument: guest r2 */
	msr	ELR_hyp, r0
	msr	spsr_cxsf, r1
	mrc_sysreg r4, HTPIDR
	mov	sp, r4
	mov	r0, r2
	mov	r1, r3
	mov	r2, r12
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
	mov	r10, #0
	mov	r11, #0
	mov	r12, #0
	mov	lr, #0
	eret
endfunc guest_enter
