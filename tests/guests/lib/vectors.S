/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <arch/sysreg.h>
#include "layout.h"

/*
 * The guest's PL1 vector table (VBAR). Every entry saves a struct rt_frame
 * on the exception mode's stack and calls rt_exception(type, frame), which
 * may edit the frame (the resume address in frame->lr) before we return
 * with the SPSR restored.
 *
 * struct rt_frame { uint32_t spsr; uint32_t r[13]; uint32_t lr; }
 */
	.macro	vector_entry type
	stmfd	sp!, {r0-r12, lr}
	mrs	r0, spsr
	stmfd	sp!, {r0}
	mov	r0, #\type
	mov	r1, sp
	bl	rt_exception
	ldmfd	sp!, {r0}
	msr	spsr_cxsf, r0
	ldmfd	sp!, {r0-r12, pc}^	/* pc = frame->lr, CPSR = SPSR */
	.endm

	.text
	.arm
	.align	5
	.globl	rt_vectors
rt_vectors:
	b	vec_reset		/* 0x00: reset (never taken) */
	b	vec_undef		/* 0x04: undefined instruction */
	b	vec_svc			/* 0x08: supervisor call */
	b	vec_pabt		/* 0x0c: prefetch abort */
	b	vec_dabt		/* 0x10: data abort (belay injects here) */
	b	vec_unused		/* 0x14: not used */
	b	vec_irq			/* 0x18: IRQ */
	b	vec_fiq			/* 0x1c: FIQ */
	.if	. - rt_vectors != 0x20
	.error	"rt_vectors: an entry grew"
	.endif

vec_reset:	vector_entry 0
vec_undef:	vector_entry 1
vec_svc:	vector_entry 2
vec_pabt:	vector_entry 3
vec_dabt:	vector_entry 4
vec_unused:	vector_entry 5
vec_irq:	vector_entry 6
vec_fiq:	vector_entry 7

/*
 * uint32_t probe_read32(uintptr_t addr)
 * void probe_write32(uintptr_t addr, uint32_t val)
 * In: the address (and value). Out: the word read, or PROBE_SENTINEL when
 * the load aborted and rt_exception resumed after it (the single ldr/str
 * here is the faulting instruction; the handler skips it).
 * Clobbers: r0-r2.
 */
	.globl	probe_read32
probe_read32:
	mov	r1, r0
	ldr	r0, =PROBE_SENTINEL
	.globl	probe_read32_insn
probe_read32_insn:
	ldr	r0, [r1]
	bx	lr

	.globl	probe_write32
probe_write32:
	.globl	probe_write32_insn
probe_write32_insn:
	str	r1, [r0]
	bx	lr
	.ltorg

/*
 * The mock hyp-stub's vector table (native runs: see layout.h and mock.c).
 * It lives in .mockhyp at MOCK_REGION_BASE so that, as with belay, the
 * vectors are inside the "hypervisor region". HVCs from SVC arrive at 0x14
 * (Hyp trap); anything else is unexpected and reported.
 *
 * The frame is struct mock_frame { uint32_t r[13]; uint32_t lr; } on
 * SP_hyp; mock_hyp_trap() edits r0-r3 and may redirect ELR_hyp/SPSR_hyp.
 */
	.macro	mock_entry type
	stmfd	sp!, {r0-r12, lr}
	mov	r0, #\type
	mov	r1, sp
	ldr	r2, =mock_hyp_trap
	blx	r2
	ldmfd	sp!, {r0-r12, lr}
	eret
	.endm

	.section .mockhyp, "ax"
	.arm
	.align	5
	.globl	mock_hyp_vectors
mock_hyp_vectors:
	b	mock_other		/* 0x00: reset / unused */
	b	mock_other		/* 0x04: undefined, from HYP */
	b	mock_other		/* 0x08: HVC from HYP */
	b	mock_other		/* 0x0c: prefetch abort, from HYP */
	b	mock_other		/* 0x10: data abort, from HYP */
	b	mock_trap		/* 0x14: Hyp trap: hvc from SVC */
	b	mock_other		/* 0x18: IRQ */
	b	mock_other		/* 0x1c: FIQ */
	.if	. - mock_hyp_vectors != 0x20
	.error	"mock_hyp_vectors: an entry grew"
	.endif
mock_trap:	mock_entry 1
mock_other:	mock_entry 0
	.ltorg
