/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <arch/sysreg.h>
#include <belay/abi.h>
#include "hyp_helpers.h"
#include "layout.h"

	.syntax	unified
	.text

/*
 * void regcheck_hvc0(struct regcheck *rc)   (and _smc0, _hvc1)
 * In:  rc->in[0..12], rc->lr_in, rc->apsr_in, rc->lr_usr_in, rc->sp_usr_in.
 * Out: rc->out[0..12], rc->lr_out, rc->apsr_out (CPSR), rc->sp_in/sp_out,
 *      rc->lr_usr_out, rc->sp_usr_out.
 * Clobbers: r0-r3, r12, flags (as the AAPCS allows). SVC mode.
 */
	.macro	regcheck_fn name, insn
	.arm
	.globl	\name
	.type	\name, %function
\name:
	push	{r4-r12, lr}
	ldr	r1, =regcheck_ptr
	str	r0, [r1]
	str	sp, [r0, #RC_SP_IN]
	ldr	r1, [r0, #RC_LRUSR_IN]
	msr	lr_usr, r1
	ldr	r1, [r0, #RC_SPUSR_IN]
	msr	sp_usr, r1
	ldr	r1, [r0, #RC_APSR_IN]
	msr	APSR_nzcvq, r1
	ldr	lr, [r0, #RC_LR_IN]
	ldm	r0, {r0-r12}
	\insn
	push	{r0-r12, lr}		/* 14 words: stores leave flags alone */
	mrs	r0, cpsr
	ldr	r1, =regcheck_ptr
	ldr	r1, [r1]
	str	r0, [r1, #RC_APSR_OUT]
	mrs	r0, lr_usr
	str	r0, [r1, #RC_LRUSR_OUT]
	mrs	r0, sp_usr
	str	r0, [r1, #RC_SPUSR_OUT]
	add	r2, r1, #RC_OUT
	mov	r3, #14
1:	ldr	r0, [sp], #4
	str	r0, [r2], #4
	subs	r3, r3, #1
	bne	1b
	str	sp, [r1, #RC_SP_OUT]
	pop	{r4-r12, pc}
	.size	\name, . - \name
	.endm

	regcheck_fn regcheck_hvc0, "hvc #0"
	regcheck_fn regcheck_smc0, "smc #0"
	regcheck_fn regcheck_hvc1, "hvc #1"
	.ltorg

/*
 * uint32_t soft_restart_call(uint32_t target, uint32_t seed)
 * In:  target (bit 0 = Thumb), seed for the r2-r12 patterns.
 * Out: 0 when the target ran and came back through sr_resume; 1 when the
 *      hvc returned (r0 it returned in sr_record.returned).
 * Clobbers: r0-r3, r12 (AAPCS). SVC mode. While the target runs in HYP it
 * owns the CPU; it comes back with ERET to sr_resume, in SVC, where SP_svc
 * (banked, untouched in HYP) still points at what we pushed.
 */
	.arm
	.globl	soft_restart_call
	.type	soft_restart_call, %function
soft_restart_call:
	push	{r4-r11, lr}
	ldr	r2, =sr_record
	mov	r3, #0
	str	r3, [r2, #SR_ARRIVED]
	str	r3, [r2, #SR_RETURNED]
	str	sp, [r2, #SR_SVC_SP]
	mov	r12, r1
	eor	r2, r12, #(2 << 24)
	eor	r3, r12, #(3 << 24)
	eor	r4, r12, #(4 << 24)
	eor	r5, r12, #(5 << 24)
	eor	r6, r12, #(6 << 24)
	eor	r7, r12, #(7 << 24)
	eor	r8, r12, #(8 << 24)
	eor	r9, r12, #(9 << 24)
	eor	r10, r12, #(10 << 24)
	eor	r11, r12, #(11 << 24)
	eor	r12, r12, #(12 << 24)
	mov	r1, r0
	mov	r0, #HVC_SOFT_RESTART
	hvc	#0
	/* Still here: the call failed. */
	ldr	r1, =sr_record
	str	r0, [r1, #SR_RETURNED]
	mov	r0, #1
	pop	{r4-r11, pc}

	.globl	sr_resume
sr_resume:
	ldr	r1, =sr_record
	str	sp, [r1, #SR_SVC_SP_AFTER]
	mov	r0, #0
	pop	{r4-r11, pc}
	.size	soft_restart_call, . - soft_restart_call
	.ltorg

/*
 * sr_target_arm / sr_target_thumb: where SOFT_RESTART sends the CPU.
 * In:  HYP mode, MMU and caches off, r2-r12 as at the call (r0, r1 free).
 * Records registers and HYP configuration in sr_record (arrived says which
 * target ran: MRS reads CPSR.T as zero, so that is how we know the Thumb
 * one ran in Thumb state), then returns to
 * SVC at sr_resume with A/I/F masked (ERET; `msr spsr_hyp` is UNDEFINED in
 * QEMU's Hyp mode, so SPSR is written with spsr_cxsf). It does not touch
 * SP_hyp or HTPIDR: belay relies on them once it owns HYP again.
 */
	.macro	sr_target_body arrived
	ldr	r0, =sr_record
	add	r1, r0, #(SR_R + 8)
	stmia	r1, {r2-r12}
	str	lr, [r0, #SR_LR]
	mrs	r1, cpsr
	str	r1, [r0, #SR_CPSR]
	mrc_sysreg r1, HSCTLR
	str	r1, [r0, #SR_HSCTLR]
	mrc_sysreg r1, HVBAR
	str	r1, [r0, #SR_HVBAR]
	mrc_sysreg r1, HCR
	str	r1, [r0, #SR_HCR]
	mrc_sysreg r1, HSTR
	str	r1, [r0, #SR_HSTR]
	mrc_sysreg r1, HCPTR
	str	r1, [r0, #SR_HCPTR]
	mov	r1, sp
	str	r1, [r0, #SR_SP_HYP]
	mrrc_sysreg r2, r3, VTTBR	/* r2, r3 are recorded already */
	str	r2, [r0, #SR_VTTBR_LO]
	str	r3, [r0, #SR_VTTBR_HI]
	ldr	r1, =\arrived
	str	r1, [r0, #SR_ARRIVED]
	dsb	sy
	ldr	r1, =(PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r1
	ldr	r1, =sr_resume
	msr	elr_hyp, r1
	eret
	.endm

	.arm
	.align	2
	.globl	sr_target_arm
	.type	sr_target_arm, %function
sr_target_arm:
	sr_target_body SR_ARRIVED_MAGIC
	.size	sr_target_arm, . - sr_target_arm
	.ltorg

	.thumb
	.align	2
	.globl	sr_target_thumb
	.type	sr_target_thumb, %function
	.thumb_func
sr_target_thumb:
	sr_target_body SR_ARRIVED_THUMB
	.size	sr_target_thumb, . - sr_target_thumb
	.ltorg

/*
 * sr_target_move_sp: a SOFT_RESTART target that keeps belay's vectors but
 * moves SP_hyp, as code that takes HYP for a while may (hyp-abi.md allows
 * a target to drop back to PL1). Records arrival, CPSR, HVBAR and the
 * SP_hyp belay gave it, sets SP_hyp = sr_new_sp_hyp and returns to SVC at
 * sr_resume with ERET.
 */
	.arm
	.align	2
	.globl	sr_target_move_sp
	.type	sr_target_move_sp, %function
sr_target_move_sp:
	ldr	r0, =sr_record
	mov	r1, sp
	str	r1, [r0, #SR_SP_HYP]
	mrs	r1, cpsr
	str	r1, [r0, #SR_CPSR]
	mrc_sysreg r1, HVBAR
	str	r1, [r0, #SR_HVBAR]
	ldr	r1, =sr_new_sp_hyp
	ldr	sp, [r1]
	ldr	r1, =SR_ARRIVED_MOVE_SP
	str	r1, [r0, #SR_ARRIVED]
	dsb	sy
	ldr	r1, =(PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r1
	ldr	r1, =sr_resume
	msr	elr_hyp, r1
	eret
	.size	sr_target_move_sp, . - sr_target_move_sp
	.ltorg

/*
 * foreign_hyp_vectors: a guest-owned HYP vector table for SET_VECTORS.
 * Runs in HYP, MMU off, and uses no stack: only r0-r3, which its calls
 * return. SP_hyp is left alone unless foreign_record.handback_sp asks the
 * hand-back to move it (belay must not depend on it). ELR_hyp/SPSR_hyp are
 * the exception's own, so ERET returns to the caller.
 */
	.arm
	.align	5
	.globl	foreign_hyp_vectors
foreign_hyp_vectors:
	b	foreign_bad_00		/* 0x00: reset / unused */
	b	foreign_bad_04		/* 0x04: undefined, from HYP */
	b	foreign_bad_08		/* 0x08: HVC from HYP */
	b	foreign_bad_0c		/* 0x0c: prefetch abort, from HYP */
	b	foreign_bad_10		/* 0x10: data abort, from HYP */
	b	foreign_trap		/* 0x14: Hyp trap: hvc from SVC */
	b	foreign_bad_18		/* 0x18: IRQ */
	b	foreign_bad_1c		/* 0x1c: FIQ */
	.if	. - foreign_hyp_vectors != 0x20
	.error	"foreign_hyp_vectors: an entry grew"
	.endif

foreign_trap:
	cmp	r0, #HVC_RESET_VECTORS
	beq	foreign_hand_back
	ldr	r2, =foreign_record
	ldr	r1, [r2, #FR_CALLS]
	add	r1, r1, #1
	str	r1, [r2, #FR_CALLS]
	str	r0, [r2, #FR_LAST_R0]
	mrc_sysreg r1, HSR
	str	r1, [r2, #FR_LAST_HSR]
	mrs	r2, cpsr
	mrc_sysreg r3, HSCTLR
	ldr	r0, =FOREIGN_MAGIC
	eret

	/* Give HYP back to belay: its vectors in HVBAR, SP_hyp moved if
	 * foreign_record.handback_sp says so. */
foreign_hand_back:
	ldr	r1, =foreign_record
	ldr	r0, [r1, #FR_HANDBACKS]
	add	r0, r0, #1
	str	r0, [r1, #FR_HANDBACKS]
	ldr	r0, [r1, #FR_HANDBACK_SP]
	cmp	r0, #0
	movne	sp, r0
	ldr	r0, [r1, #FR_BELAY_VECTORS]
	mcr_sysreg r0, HVBAR
	isb
	mov	r0, #0
	eret

	/* Unexpected entry: say so on the UART (no stack: r0-r2 only) and
	 * power off through the firmware, which owns EL3/PSCI. */
	.macro	foreign_bad off
foreign_bad_\off:
	mov	r2, #0x\off
	b	foreign_bad
	.endm
	foreign_bad 00
	foreign_bad 04
	foreign_bad 08
	foreign_bad 0c
	foreign_bad 10
	foreign_bad 18
	foreign_bad 1c
foreign_bad:
	adr	r0, foreign_bad_msg
	ldr	r1, =GUEST_UART_BASE
1:	ldrb	r3, [r0], #1
	cmp	r3, #0
	beq	2f
	str	r3, [r1]		/* UARTDR; QEMU's PL011 never fills */
	b	1b
2:	mov	r3, r2, lsr #2		/* vector offset / 4, as a digit */
	add	r3, r3, #'0'
	str	r3, [r1]
	mov	r3, #'\n'
	str	r3, [r1]
	ldr	r0, =PSCI_SYSTEM_OFF
	smc	#0
3:	wfi
	b	3b
foreign_bad_msg:
	.asciz	"FAIL: foreign HYP vectors: unexpected exception, vector number "
	.align	2
	.ltorg

	.data
	.align	3
	.globl	sr_record
sr_record:
	.space	SR_SIZE
	.globl	foreign_record
foreign_record:
	.space	FR_SIZE
	.globl	sr_new_sp_hyp
sr_new_sp_hyp:
	.word	0
regcheck_ptr:
	.word	0
