/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <belay/abi.h>

/*
 * Helpers of crash_inject.c whose PCs the test checks: belay's injected
 * exception must arrive at one of their instructions. ARM state, no
 * stack except where said.
 */
	.text
	.arm
	.syntax	unified

/*
 * int32_t crash_arm(uint32_t trigger, uint32_t target, uint32_t arg, uint32_t how)
 * BELAY_CRASH_ARM with r1-r4 = the arguments. Out: r0. Clobbers r1-r3, r12.
 */
	.globl	crash_arm
crash_arm:
	push	{r4, lr}
	mov	r4, r3
	mov	r3, r2
	mov	r2, r1
	mov	r1, r0
	ldr	r0, =BELAY_CRASH_ARM
	hvc	#0
	pop	{r4, pc}
	.ltorg

/*
 * uint32_t crash_spin(const volatile uint32_t *count, uint32_t budget)
 * Spin until *count != 0 or budget rounds have gone by. Out: the rounds
 * left (0: nothing came). Interrupts as the caller has them.
 */
	.globl	crash_spin, crash_spin_end
crash_spin:
1:	ldr	r2, [r0]
	cmp	r2, #0
	bne	2f
	subs	r1, r1, #1
	bne	1b
2:	mov	r0, r1
	bx	lr
crash_spin_end:

/*
 * int32_t crash_irq_mode_arm(uint32_t ticks, uint32_t delay_us,
 *                            const volatile uint32_t *count, uint32_t *count_in_irq)
 * In IRQ mode (interrupts stay masked): arm a deadline crash on this CPU
 * (CPU 0) delay_us ahead, spend `ticks` counter ticks, store *count as it
 * is then in *count_in_irq, and come back to SVC. Out: BELAY_CRASH_ARM's
 * answer. IRQ mode's SP and LR are not touched; the stack used is SVC's,
 * before and after.
 */
	.globl	crash_irq_mode_arm, crash_irq_mode_end
crash_irq_mode_arm:
	push	{r4-r8, lr}
	mov	r5, r0
	mov	r6, r1
	mov	r7, r2
	mov	r8, r3
	cps	#0x12
	ldr	r0, =BELAY_CRASH_ARM
	mov	r1, #BELAY_CRASH_AT_DEADLINE
	mov	r2, #0
	mov	r3, r6
	mov	r4, #BELAY_CRASH_SEA
	hvc	#0
	mov	r4, r0
	isb
	mrrc	p15, 0, r1, r3, c14	/* CNTPCT */
1:	isb
	mrrc	p15, 0, r2, r3, c14
	sub	r2, r2, r1
	cmp	r2, r5
	blo	1b
	ldr	r1, [r7]
	str	r1, [r8]
	cps	#0x13
crash_irq_mode_end:
	mov	r0, r4
	pop	{r4-r8, pc}
	.ltorg

/*
 * uint32_t crash_irq_mode_hvc(uint32_t fn, uint32_t a1)
 * `hvc #0` with r0 = fn, r1 = a1, r2 = r3 = 0 made in IRQ mode (interrupts
 * stay masked), then back to SVC. Out: r0. IRQ mode's SP and LR are not
 * touched.
 */
	.globl	crash_irq_mode_hvc, crash_irq_mode_hvc_end
crash_irq_mode_hvc:
	mov	r2, #0
	mov	r3, #0
	cps	#0x12
	hvc	#0
	cps	#0x13
crash_irq_mode_hvc_end:
	bx	lr

/*
 * uint32_t crash_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
 * uint32_t crash_hvc(...)
 * One call, with a label on its return address. Out: r0.
 */
	.globl	crash_smc, crash_smc_ret, crash_hvc, crash_hvc_ret
crash_smc:
	smc	#0
crash_smc_ret:
	bx	lr
crash_hvc:
	hvc	#0
crash_hvc_ret:
	bx	lr
