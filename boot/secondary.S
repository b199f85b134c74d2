/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Where firmware PSCI CPU_ON starts a CPU for belay (hyp/psci.c passes
 * this address and the logical CPU number as the context id). belay is
 * already at home and relocated.
 */
#include <arch/asm.h>
#include <arch/sysreg.h>
#include <hyp/cpu.h>
#include <hyp/limits.h>

	.text
/*
 * In: HYP mode, MMU and caches off, r0 = logical CPU number.
 * Out: never returns (enters the guest through secondary_main()).
 */
func secondary_entry
	/* The first thing on every CPU: belay's vectors answer the ABI. */
	adr_l	r5, hyp_vectors
	mcr_sysreg r5, HVBAR
	isb
	cmp	r0, #MAX_CPUS
	bhs	1f
	mov	r4, r0
	bl	cpu_set_stack
	mov	r0, r4
	b	secondary_main
	/* Firmware passed a context id belay never gave: nothing sane to do
	 * without a stack but to stop this CPU. */
1:	wfi
	b	1b
endfunc secondary_entry
