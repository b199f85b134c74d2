/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Memory layout of a test guest, shared by guest.ld, the assembly and C.
 * Valid C and assembler.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

/* Where belay (and QEMU's guest-loader) puts a raw test guest. */
#define GUEST_BASE		0x42000000

/* The PL011 of QEMU virt. Test guests hard-code it: belay passes the same
 * UART through and the DTB's /chosen/stdout-path names it. */
#define GUEST_UART_BASE		0x09000000

/* Per-CPU stacks, indexed by MPIDR.Aff0. */
#define RT_MAX_CPUS		8
#define RT_STACK_SVC		16384
#define RT_STACK_EXC		2048	/* each of ABT, UND, IRQ, FIQ */
#define RT_STACK_HYP		4096	/* native runs only: our own HYP */
#define RT_STACK_CPU		(RT_STACK_SVC + 4 * RT_STACK_EXC + RT_STACK_HYP)
/* Offsets of each stack's top inside one CPU's block. */
#define RT_STACK_SVC_TOP	RT_STACK_SVC
#define RT_STACK_ABT_TOP	(RT_STACK_SVC_TOP + RT_STACK_EXC)
#define RT_STACK_UND_TOP	(RT_STACK_ABT_TOP + RT_STACK_EXC)
#define RT_STACK_IRQ_TOP	(RT_STACK_UND_TOP + RT_STACK_EXC)
#define RT_STACK_FIQ_TOP	(RT_STACK_IRQ_TOP + RT_STACK_EXC)
#define RT_STACK_HYP_TOP	(RT_STACK_FIQ_TOP + RT_STACK_HYP)

/*
 * Native runs (no belay; QEMU enters the guest ELF in HYP) install a small
 * stand-in for belay's hyp-stub ABI, the "mock", so the test guests' own
 * HYP-mode code can be exercised without belay. Its vector table sits where
 * belay would live with -m 1024 (top 2 MiB of RAM); it is only in the ELF,
 * never in the .bin that belay loads.
 */
#define MOCK_REGION_BASE	0x7fe00000
#define MOCK_REGION_SIZE	0x00200000

/* What probe_read32() returns when its load aborted. */
#define PROBE_SENTINEL		0x5e771e1

#endif /* GUEST_LAYOUT_H */
