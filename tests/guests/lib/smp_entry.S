/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <arch/sysreg.h>
#include <belay/abi.h>
#include "layout.h"
#include "rt_asm.h"

/*
 * Where PSCI CPU_ON starts a secondary CPU of a test guest (smp.h).
 * In:  r0 = context id. SVC under belay, HYP natively; MMU and caches
 *      off, A/I/F masked (belay's CPU_ON contract, and QEMU's reset
 *      state). Nothing else is assumed: belay zeroes r1-r12, QEMU does
 *      not promise anything.
 */
	.syntax	unified
	.text

/*
 * smp_entry_arm / smp_entry_thumb: the runtime's entries.
 * Out: never return; smp_secondary_main(context, entry CPSR, entry SCTLR,
 *      1 if entered through the Thumb entry) in SVC on this CPU's stacks.
 */
	.arm
	.align	2
	.globl	smp_entry_arm
	.type	smp_entry_arm, %function
smp_entry_arm:
	mov	r8, #0			/* entered in ARM state */
smp_entry_common:
	mov	r9, r0
	mrs	r10, cpsr
	mrc_sysreg r11, SCTLR
	rt_stack_block			/* r7 */
	and	r0, r10, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP
	bne	1f
	rt_native_hyp_to_svc 1f
1:	rt_pl1_setup
	mov	r0, r9
	mov	r1, r10
	mov	r2, r11
	mov	r3, r8
	bl	smp_secondary_main	/* never returns */
2:	wfi
	b	2b
	.size	smp_entry_arm, . - smp_entry_arm
	.ltorg

/*
 * A CPU_ON entry point with bit 0 set must be entered in Thumb state
 * (DEN0022 6.4.3). MRS reads CPSR.T as 0, so this entry says "Thumb" by
 * being the only way to reach the runtime with r8 = 1: entered in ARM
 * state these bytes are not the same instructions.
 */
	.thumb
	.align	2
	.globl	smp_entry_thumb
	.type	smp_entry_thumb, %function
	.thumb_func
smp_entry_thumb:
	mov.w	r8, #1
	ldr	r1, =smp_entry_common
	bx	r1			/* to ARM state: the address is even */
	.size	smp_entry_thumb, . - smp_entry_thumb
	.ltorg

/*
 * smp_entry_stamp: CNTPCT as the first guest instructions after CPU_ON
 * (tests/guests/bench_smp.c), into smp_entry_stamps[Aff0], then the
 * runtime's ARM entry. Keeps r0.
 */
	.arm
	.align	2
	.globl	smp_entry_stamp
	.type	smp_entry_stamp, %function
smp_entry_stamp:
	isb
	mrrc_sysreg r2, r3, CNTPCT
	mrc_sysreg r1, MPIDR
	and	r1, r1, #(RT_MAX_CPUS - 1)
	ldr	r4, =smp_entry_stamps
	add	r4, r4, r1, lsl #3
	strd	r2, r3, [r4]
	b	smp_entry_arm
	.size	smp_entry_stamp, . - smp_entry_stamp
	.ltorg

/*
 * smp_entry_off: count the arrival, then PSCI CPU_OFF straight away
 * (tests/guests/smp_stress.c). It needs no stack. Should CPU_OFF
 * return, its error is recorded and the CPU sleeps for good.
 */
	.arm
	.align	2
	.globl	smp_entry_off
	.type	smp_entry_off, %function
smp_entry_off:
	mrc_sysreg r4, MPIDR
	and	r4, r4, #(RT_MAX_CPUS - 1)
	ldr	r2, =smp_off_entries
	ldr	r3, [r2, r4, lsl #2]
	add	r3, r3, #1
	str	r3, [r2, r4, lsl #2]
	dsb	sy
	ldr	r0, =PSCI_CPU_OFF
	smc	#0
	ldr	r2, =smp_off_errors	/* r4-r7 survive an SMCCC call */
	str	r0, [r2, r4, lsl #2]
	dsb	sy
1:	wfi
	b	1b
	.size	smp_entry_off, . - smp_entry_off
	.ltorg
