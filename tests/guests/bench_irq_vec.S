/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * bench_irq's measuring code (bench_irq.c): a vector table whose IRQ
 * entry reads PMCCNTR as its first instruction, and the waits it ends.
 * The IRQ entry does not return to the interrupted wait: it returns, with
 * IRQs masked, to bench_resume, with r0 = that PMCCNTR. It clobbers only
 * r0 and LR_irq. The other entries branch to the runtime's (rt_vectors).
 */
	.text
	.arm
	.align	5
	.globl	bench_vectors
bench_vectors:
	b	rt_vectors + 0x00
	b	rt_vectors + 0x04
	b	rt_vectors + 0x08
	b	rt_vectors + 0x0c
	b	rt_vectors + 0x10
	b	rt_vectors + 0x14
	mrc	p15, 0, r0, c9, c13, 0	/* 0x18: IRQ: PMCCNTR, the handler's first instruction */
	b	bench_irq_rest		/* 0x1c: FIQ is never enabled here (GICC_CTLR.FIQEn = 0) */

bench_irq_rest:
	mrs	lr, spsr
	orr	lr, lr, #0x80		/* back with IRQs masked */
	msr	spsr_cxsf, lr
	ldr	lr, =bench_resume
	ldr	lr, [lr]
	movs	pc, lr

/*
 * uint32_t bench_timer_wait(uint32_t k, uint32_t *edge)
 * Wait for a CNTPCT tick; read PMCCNTR 3 instructions after the mrrc that
 * saw it (*edge); arm the physical timer for that tick + k; spin on a
 * one-instruction loop with IRQs unmasked. Returns the handler's PMCCNTR.
 */
	.globl	bench_timer_wait
bench_timer_wait:
	push	{r4-r7, lr}
	mov	r7, r1
	adr	r2, 2f
	ldr	r3, =bench_resume
	str	r2, [r3]
	isb
	mrrc	p15, 0, r2, r3, c14	/* CNTPCT */
1:	mrrc	p15, 0, r4, r5, c14
	cmp	r4, r2
	beq	1b
	mrc	p15, 0, r6, c9, c13, 0	/* PMCCNTR: the tick + 3..5 instructions */
	adds	r4, r4, r0
	adc	r5, r5, #0
	mcrr	p15, 2, r4, r5, c14	/* CNTP_CVAL */
	mov	r4, #1
	mcr	p15, 0, r4, c14, c2, 1	/* CNTP_CTL = ENABLE */
	isb
	cpsie	i
0:	b	0b
2:	str	r6, [r7]
	pop	{r4-r7, pc}

/*
 * uint32_t bench_ipi_wait(uint32_t sgir, uintptr_t gicd_sgir, uint32_t *sent)
 * Unmask IRQs, read PMCCNTR (*sent), write sgir to GICD_SGIR, wait with
 * WFE (QEMU's cue to run the other vCPU). Returns the handler's PMCCNTR.
 */
	.globl	bench_ipi_wait
bench_ipi_wait:
	push	{r4-r7, lr}
	mov	r7, r2
	adr	r2, 2f
	ldr	r3, =bench_resume
	str	r2, [r3]
	dsb
	cpsie	i
	isb
	mrc	p15, 0, r6, c9, c13, 0	/* PMCCNTR */
	str	r0, [r1]		/* GICD_SGIR */
0:	wfe
	b	0b
2:	str	r6, [r7]
	pop	{r4-r7, pc}
	.ltorg

	.data
	.align	2
bench_resume:
	.word	0
