/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* Assembler helpers shared by boot/ and hyp/. */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

#ifdef __ASSEMBLER__

	.syntax	unified
	/* ARM, not Thumb, whatever the C code is built as: the vectors, the
	 * fast paths and the MMU/cache sequences are written for ARM (and
	 * adr_l's PC offset of 8 is ARM's). */
	.arm
	.arch	armv7-a
	.arch_extension virt
	.arch_extension sec

	/* func NAME / endfunc NAME: a global ARM function with size info. */
	.macro	func name
	.globl	\name
	.type	\name, %function
	.align	2
\name:
	.endm
	.macro	endfunc name
	.size	\name, . - \name
	.endm

	/*
	 * adr_l rd, sym: rd = run-time address of sym, however far away and
	 * whether or not belay has been relocated yet (PC-relative; the
	 * offset is fixed at link time).
	 */
	.macro	adr_l rd, sym
	ldr	\rd, 77f
76:	add	\rd, \rd, pc
	b	78f
77:	.word	\sym - (76b + 8)
78:
	.endm

#endif /* __ASSEMBLER__ */
#endif /* ARCH_ASM_H */
