/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's entry, booted like a 32-bit Linux zImage (Documentation/arch/arm/
 * booting.rst): HYP mode, MMU and caches off, r0 = 0, r1 = machine id,
 * r2 = DTB. belay is linked at 0 and position-independent; it relocates
 * itself in place, asks C where its home at the top of RAM is, copies
 * itself there, relocates again and continues at home.
 */
#include <arch/asm.h>
#include <arch/sysreg.h>
#include <arch/zimage.h>
#include <hyp/cpu.h>

	.section .text.head, "ax"
	.arm
	.globl	_start
_start:
	.rept	8
	mov	r0, r0			/* 0x00-0x1c: zImage no-ops */
	.endr
	b	entry			/* 0x20 */
	.word	ZIMAGE_MAGIC		/* 0x24: zImage magic */
	.word	0			/* 0x28: start (0: position-independent) */
	.word	_edata			/* 0x2c: end = size, as linked at 0 */
	.word	ZIMAGE_LE_MARKER	/* 0x30: little-endian marker */

/*
 * In:  r0 = 0, r1 = machine id, r2 = DTB (PA); any mode; MMU/caches off.
 * Out: never returns.
 */
entry:
	mrs	r4, cpsr
	and	r4, r4, #PSR_MODE_MASK
	cmp	r4, #PSR_MODE_HYP
	bne	not_hyp
	/* The first thing on every CPU: belay's vectors answer the ABI. */
	adr_l	r5, hyp_vectors
	mcr_sysreg r5, HVBAR
	isb

	mov	r8, r2			/* r8 = DTB */
	adr	r9, _start		/* r9 = where we were loaded */
	bl	relocate_in_place
	adr_l	sp, early_stack_top

	mov	r0, r8
	mov	r1, r9
	bl	boot_choose_home	/* r0 = home (PA), or it powers off */
	mov	r10, r0

	/*
	 * Copy the loaded image and its boot data home (_start to _eearly),
	 * zero the copy's bss (to _end), relocate the copy. 32 bytes a step
	 * (boot/belay.ld aligns both ends): the bss is most of a MiB.
	 */
	mov	r0, r10
	mov	r1, r9
	adr_l	r2, _eearly
	sub	r2, r2, r9		/* r2 = bytes to copy */
1:	ldmia	r1!, {r3-r7, r11, r12, lr}
	stmia	r0!, {r3-r7, r11, r12, lr}
	subs	r2, r2, #32
	bhi	1b
	adr_l	r1, _eearly
	adr_l	r2, _end
	sub	r2, r2, r1		/* r2 = bss size, r0 = home's _eearly */
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r11, #0
	mov	r12, #0
	mov	lr, #0
2:	stmia	r0!, {r3-r7, r11, r12, lr}
	subs	r2, r2, #32
	bhi	2b
	sub	r0, r10, r9		/* delta = home - load */
	adr_l	r1, __rel_dyn_start
	adr_l	r2, __rel_dyn_end
	add	r1, r1, r0
	add	r2, r2, r0
	mov	r3, r10
	bl	apply_relocs

	adr	r0, at_home
	sub	r0, r0, r9
	add	r0, r0, r10
	bx	r0
at_home:
	adr_l	r5, hyp_vectors		/* the copy's vectors from now on */
	mcr_sysreg r5, HVBAR
	mov	r0, #0			/* the boot CPU is logical CPU 0 */
	bl	cpu_set_stack
	mov	r0, r8
	mov	r1, r10
	b	belay_main

/* Entered in a mode other than HYP: say so on the console, power off. */
not_hyp:
	mov	r8, r2
	mov	r10, r4			/* r10 = mode */
	adr	r9, _start
	bl	relocate_in_place
	adr_l	sp, early_stack_top
	mov	r0, r8
	mov	r1, r10
	bl	boot_wrong_mode		/* does not return */
1:	wfi
	b	1b

/*
 * Unpack belay where it was loaded (boot/belay.ld): move .data and what
 * follows it, then .rodata, from their places in the file up to their
 * page-aligned run addresses, each copied from its end since it moves up
 * by less than its size. Then apply belay's relocations for the address
 * it runs at now.
 * In: r9 = run-time address of _start. Clobbers r0-r5, r7, lr (no stack).
 */
relocate_in_place:
	mov	r7, lr
	adr_l	r0, _erodata		/* .data's run address */
	adr_l	r1, __data_load
	adr_l	r2, _edata
	sub	r2, r2, r0
	bl	move_up
	adr_l	r0, _etext		/* .rodata's run address */
	adr_l	r1, __rodata_load
	adr_l	r2, __data_load
	sub	r2, r2, r1		/* .rodata as packed, 32-byte multiple */
	bl	move_up
	mov	r0, r9			/* delta = run address - link address 0 */
	adr_l	r1, __rel_dyn_start
	adr_l	r2, __rel_dyn_end
	mov	r3, r9
	bl	apply_relocs
	bx	r7

/*
 * Copy r2 bytes (a multiple of 4) from r1 up to r0 >= r1, last word
 * first, so that overlapping ranges are safe. Clobbers r0-r2, r4.
 */
move_up:
	add	r0, r0, r2
	add	r1, r1, r2
1:	cmp	r2, #0
	bxle	lr
	ldr	r4, [r1, #-4]!
	str	r4, [r0, #-4]!
	sub	r2, r2, #4
	b	1b

/*
 * void cpu_set_stack(unsigned int cpu)
 * Point SP_hyp and HTPIDR at percpu[cpu].cpu (the top of that CPU's
 * stack). In: r0 = logical CPU. Clobbers r0, r1.
 */
func cpu_set_stack
	adr_l	r1, percpu
	add	r1, r1, #HYP_STACK_SIZE
	mov	r2, #PERCPU_SIZE
	mla	r1, r0, r2, r1
	mov	sp, r1
	mcr_sysreg r1, HTPIDR
	bx	lr
endfunc cpu_set_stack

	/* The stack for the first C: boot data just past the loaded image
	 * (boot/belay.ld), copied home with it. */
	.section .bss.belay_early, "aw", %nobits
	.align	3
early_stack:
	.space	4096
early_stack_top:
