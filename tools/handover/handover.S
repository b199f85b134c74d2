/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay-handover: a zImage-shaped trampoline that lets a Linux guest kexec
 * into a kernel that starts in HYP mode (docs/kdump.md, "HYP hand-over").
 *
 * tools/guest/belay-handover appends a kernel zImage at HANDOVER_KERNEL
 * and loads the result with kexec. The old kernel enters it like any
 * zImage: SVC, MMU off, r0 = 0, r1 = machine, r2 = DTB. It asks belay for
 * HVC_SOFT_RESTART into its second half, which belay enters in HYP with
 * r2-r12 preserved, having torn itself down on this CPU (the old kernel
 * has already turned the other CPUs off with PSCI CPU_OFF). The second half
 * sets the Linux boot registers and jumps to the kernel, still in HYP.
 *
 * Position-independent: kexec puts it wherever it likes.
 */
#include <arch/zimage.h>
#include <belay/abi.h>

#define HANDOVER_KERNEL		0x1000	/* offset of the appended zImage */

	.syntax	unified
	.arch	armv7-a
	.arch_extension virt
	.arm
	.section .text
	.globl	_start
_start:
	.rept	8
	mov	r0, r0			/* 0x00-0x1c: zImage no-ops */
	.endr
	b	svc_entry		/* 0x20 */
	.word	ZIMAGE_MAGIC		/* 0x24 */
	.word	0			/* 0x28: start (position-independent) */
	.word	HANDOVER_KERNEL		/* 0x2c: end; belay-handover adds the kernel's size */
	.word	ZIMAGE_LE_MARKER	/* 0x30: little-endian */

/* In: SVC (from the old kernel's relocate_new_kernel), MMU off, r2 = DTB. */
svc_entry:
	adr	r1, hyp_entry
	mov	r0, #HVC_SOFT_RESTART
	hvc	#0
	/* Still here: no belay (or it refused). Boot the kernel in SVC, as a
	 * plain kexec would have. */
	mov	r0, #0
	mvn	r1, #0
	b	kernel

/* In: HYP, A/I/F masked, MMU and caches off, r2 = DTB (preserved by belay). */
hyp_entry:
	mov	r0, #0
	mvn	r1, #0			/* no machine number: boot by DTB */
	b	kernel

	.balign	HANDOVER_KERNEL
kernel:
