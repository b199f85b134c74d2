/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's one and only HYP vector table, and the ABI dispatcher behind it
 * (docs/hyp-abi.md). It is installed first thing on every CPU and stays installed
 * in every belay state; the code runs identically with the HYP MMU off
 * (STUB) or on (RUN) because belay's HYP map is an identity map.
 *
 * Nothing here trusts SP_hyp or HTPIDR. Code that belay handed HYP to (a
 * SOFT_RESTART target, foreign vectors) may have moved them before giving
 * the CPU back with these vectors installed, so on entry SP_hyp is only a
 * free scratch register: banked, so not one of the guest's. The fast path
 * uses it and r0 (which every call overwrites) and touches no memory but
 * two boot-time words of belay's own text. The slow path and the reports
 * of exceptions taken in HYP find this CPU's stack from MPIDR through
 * hyp_cpu_table, a table in belay's text at a PC-relative address, filled
 * at boot (hyp/cpu.c) and read-only once the HYP MMU is on; a CPU that is
 * not in it gets HVC_STUB_ERR, and belay touches no memory for it.
 *
 * Either way the guest gets back every register but r0 (and r1-r3 where a
 * call returns values).
 */
#include <arch/asm.h>
#include <arch/sysreg.h>
#include <belay/abi.h>
#include <hyp/cpu.h>

	/*
	 * find_cpu_stack unknown: sp = this CPU's struct cpu, which is the top
	 * of its empty HYP stack, from MPIDR and hyp_cpu_table alone. The
	 * table is indexed by Aff1 * 16 + Aff0 (Aff2 = 0, Aff1 < 4, Aff0 <
	 * 16; cpu_table_index() in include/hyp/cpu.h); an MPIDR outside it or
	 * with a zero entry (not one of belay's CPUs) branches to \unknown
	 * with sp meaningless.
	 * Clobbers sp only; reads only the table. The table must start within
	 * 4 KiB of each use (the ldr's offset), so it sits in this section.
	 */
	.macro	find_cpu_stack unknown
	mrc_sysreg sp, MPIDR
	bic	sp, sp, #0xff000000		/* ~MPIDR_AFF_MASK */
	cmp	sp, #CPU_TABLE_AFF_LIMIT
	bhs	\unknown			/* Aff2 != 0 or Aff1 > 3 */
	tst	sp, #0xf0
	bne	\unknown			/* Aff0 > 15 */
	orr	sp, sp, sp, lsr #4		/* bits [5:4] = Aff1 */
	and	sp, sp, #(CPU_TABLE_ENTRIES - 1)	/* Aff1 * 16 + Aff0 */
	add	sp, pc, sp, lsl #2		/* sp = 99f + 4 + 4 * index */
99:	ldr	sp, [sp, #(hyp_cpu_table - (99b + 4))]
	cmp	sp, #0
	beq	\unknown
	.endm

	/*
	 * save_frame unknown: on this CPU's own empty stack (find_cpu_stack,
	 * \unknown as there), push the guest's registers as a struct frame;
	 * r0 = the frame, r5 = its SPSR. The slow path, the interrupt entries
	 * and the reports of exceptions taken in HYP all start with it.
	 */
	.macro	save_frame unknown
	find_cpu_stack \unknown
	push	{r0-r12, lr}
	mrs	r4, ELR_hyp
	mrs	r5, spsr
	push	{r4, r5}
	mov	r0, sp
	.endm

	.section .text.vectors, "ax"
	.arm
	.align	5
	.globl	hyp_vectors
hyp_vectors:
	b	hyp_bad_reset		/* 0x00: reset (unused in HYP) */
	b	hyp_bad_undef		/* 0x04: undefined instruction in HYP */
	b	hvc_stub_err		/* 0x08: HVC executed in HYP mode (below) */
	b	hyp_bad_pabt		/* 0x0c: prefetch abort in HYP */
	b	hyp_bad_dabt		/* 0x10: data abort in HYP */
	b	hyp_trap_entry		/* 0x14: HVC/trap from the guest */
	b	hyp_irq_entry		/* 0x18: IRQ, from the guest (HCR.IMO) or in HYP */
	b	hyp_fiq_entry		/* 0x1c: FIQ, from the guest (HCR.FMO) or in HYP */
	.if	(. - hyp_vectors) != 0x20
	.error	"hyp_vectors: an entry grew"
	.endif

/*
 * 0x14: an exception from the guest. Fast path for `hvc #0` with r0 =
 * SET_VECTORS, RESET_VECTORS outside RUN, GET_VECTORS and unknown
 * non-SMCCC codes, and for HVCs with a non-zero immediate; the rest goes
 * to trap_slow.
 * In: guest r0-r12, lr live; SP_hyp not ours to trust (scratch).
 * RUN is told from STUB by HCR.VM (Stage-2 on), which belay sets only in
 * RUN and clears in every teardown, so the fast path needs no per-CPU
 * memory at all. (INIT and TEARDOWN never reach it: belay does not take
 * exceptions from the guest while it changes state.)
 */
hyp_trap_entry:
	mrc_sysreg sp, HSR
	cmp	sp, #HSR_HVC0
	bne	not_hvc0
	cmp	r0, #HVC_SET_VECTORS
	beq	hvc_set_vectors
	cmn	r0, #1				/* HVC_GET_VECTORS */
	beq	hvc_get_vectors
	cmp	r0, #HVC_RESET_VECTORS
	beq	hvc_reset_vectors
	blo	trap_slow			/* SOFT_RESTART: C */
	tst	r0, #SMCCC_FAST_CALL
	bne	trap_slow			/* SMCCC function IDs: C */
/*
 * HVC_STUB_ERR, touching no memory. Also the answer to an HVC executed in
 * HYP mode (vector 0x08: only code belay handed HYP to with SOFT_RESTART
 * runs there with these vectors; belay has no ABI for it), and to every
 * exception from PL1 on a CPU that is not one of belay's (belay never
 * started it, yet its vectors are in HVBAR, put there by whoever held HYP):
 * belay has no state for it.
 */
hvc_stub_err:
	movw	r0, #:lower16:HVC_STUB_ERR
	movt	r0, #:upper16:HVC_STUB_ERR
	eret

hvc_get_vectors:
	mrc_sysreg r0, HVBAR
	eret

/* Outside RUN there is nothing to tear down (a CPU handed back from
 * FOREIGN is in STUB); in RUN, C tears down. */
hvc_reset_vectors:
	mrc_sysreg sp, HCR
	tst	sp, #HCR_VM
	bne	trap_slow
	mov	r0, #0
	eret

/*
 * SET_VECTORS. hyp_setvec_window is the first guest RAM range from its
 * first 32-byte boundary, in whole 32-byte slots: r1 is an aligned table
 * inside it iff (r1 - base) ror 5 < slots, because a misaligned r1 leaves
 * low bits that the rotation moves to the top. Such a table is installed
 * outside RUN and refused in RUN ("only the initial stubs implement it").
 */
hvc_set_vectors:
	ldr	r0, hyp_setvec_window		/* base */
	ldr	sp, hyp_setvec_window + 4	/* slots */
	sub	r0, r1, r0
	cmp	sp, r0, ror #5
	bls	hvc_set_vectors_other
	mrc_sysreg sp, HCR
	tst	sp, #HCR_VM
	bne	hvc_stub_err
	mcr_sysreg r1, HVBAR
	mov	r0, #0
	eret

/* Not a whole aligned table in the window: refused if misaligned or in
 * RUN; otherwise C checks the other RAM ranges (r0 back to the call). */
hvc_set_vectors_other:
	tst	r1, #0x1f
	bne	hvc_stub_err
	mrc_sysreg sp, HCR
	tst	sp, #HCR_VM
	bne	hvc_stub_err
	mov	r0, #HVC_SET_VECTORS
	b	trap_slow

/* Not `hvc #0`: an HVC with another immediate is an error, the rest is C's. */
not_hvc0:
	lsr	sp, sp, #HSR_EC_SHIFT
	cmp	sp, #HSR_EC_HVC
	beq	hvc_stub_err

/*
 * The slow path: on this CPU's own empty stack (find_cpu_stack), save the
 * guest's registers as a struct frame and call void hyp_trap(struct frame
 * *). C may rewrite the frame (results, ELR/SPSR for injected exceptions
 * or a new guest entry). The frame sits right below struct cpu, which is
 * how frame_cpu() finds it.
 */
trap_slow:
	save_frame hvc_stub_err			/* not one of belay's CPUs (below) */
	bl	hyp_trap
	.globl	hyp_trap_return
hyp_trap_return:
	pop	{r4, r5}
	msr	ELR_hyp, r4
	msr	spsr_cxsf, r5
	pop	{r0-r12, lr}
	eret

/*
 * 0x18/0x1c: a physical IRQ or FIQ. With the vGIC on, HCR.IMO and FMO
 * route them to HYP while the guest runs in RUN (Arm ARM B1.8.2, B1.15):
 * save the guest's registers as the slow path does and let
 * void hyp_irq(struct frame *) (hyp/vgic.c) acknowledge and inject them.
 * One taken in HYP mode itself (SPSR.M = HYP: belay never unmasks, so
 * only code SOFT_RESTART handed HYP to can) is reported as before. belay
 * signals nothing as FIQ (GICC_CTLR.FIQEn = 0): a physical FIQ from the
 * guest finds nothing to acknowledge and returns.
 */
	.macro	irq_vector name, kind
\name:
	save_frame hyp_bad_unknown_cpu
	and	r6, r5, #PSR_MODE_MASK
	cmp	r6, #PSR_MODE_HYP
	moveq	r1, #\kind
	beq	hyp_bad_exception
	bl	hyp_irq
	b	hyp_trap_return
	.endm

	irq_vector hyp_irq_entry, 6
	irq_vector hyp_fiq_entry, 7


/*
 * Exceptions taken in HYP mode: a bug in belay, or a crash of code that
 * SOFT_RESTART handed HYP to, whose SP_hyp may point anywhere. Report from
 * the top of this CPU's own stack (what a belay bug left there is lost);
 * then power off for the first, stop this CPU for the second
 * (hyp/trap.c). On a CPU belay does not know there is no stack to report
 * from: it stops in a WFI loop.
 */
	.macro	bad_vector name, kind
\name:
	save_frame hyp_bad_unknown_cpu
	mov	r1, #\kind
	b	hyp_bad_exception
	.endm

	bad_vector hyp_bad_reset, 0
	bad_vector hyp_bad_undef, 1
	bad_vector hyp_bad_pabt, 3
	bad_vector hyp_bad_dabt, 4

hyp_bad_unknown_cpu:
	wfi
	b	hyp_bad_unknown_cpu

/*
 * Boot-time data the code above reads, in belay's text so that it is in
 * reach of PC-relative loads. hyp/cpu.c writes it on the boot CPU with the
 * HYP MMU off, before any HYP MMU is turned on and before any other CPU
 * starts (so it is in memory, not in a cache: design.md, "Running with
 * the HYP MMU off"); the HYP map then makes it read-only with the rest of
 * the text.
 */
	.align	3
	.globl	hyp_setvec_window
hyp_setvec_window:
	.word	0			/* base: 32-byte aligned */
	.word	0			/* slots: whole 32-byte tables (0: none) */

	/* By MPIDR[23:0]: this CPU's struct cpu (its stack top), or 0. */
	.align	6
	.globl	hyp_cpu_table
hyp_cpu_table:
	.space	CPU_TABLE_ENTRIES * 4
	.size	hyp_cpu_table, . - hyp_cpu_table

	.text
/*
 * void guest_enter(uint32_t entry, uint32_t spsr, uint32_t r0, uint32_t r1,
 *                  uint32_t r2) __attribute__((noreturn))
 * Enter the guest at `entry` with CPSR = spsr and r0-r2 as given, every
 * other register zero. SP_hyp is left as it is: every entry from the guest
 * finds its stack from MPIDR, so nothing depends on it.
 */
func guest_enter
	ldr	r12, [sp]			/* fifth argument: guest r2 */
	msr	ELR_hyp, r0
	msr	spsr_cxsf, r1
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
