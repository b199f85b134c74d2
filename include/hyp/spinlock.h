/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * A test-and-set spinlock on LDREX/STREX. Only for data touched with the
 * HYP MMU on (Normal, inner-shareable memory, where exclusives are
 * architecturally defined).
 */
#ifndef HYP_SPINLOCK_H
#define HYP_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	volatile uint32_t locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp;

	__asm__ volatile(
		"1:	ldrex	%0, [%1]\n"
		"	teq	%0, #0\n"
		"	itee	ne\n"		/* for Thumb-2; no code in ARM */
		"	wfene\n"
		"	strexeq	%0, %2, [%1]\n"
		"	teqeq	%0, #0\n"
		"	bne	1b\n"
		"	dmb	ish\n"
		: "=&r"(tmp) : "r"(&l->locked), "r"(1) : "cc", "memory");
}

/* One attempt (retried only when STREX fails spuriously); true if taken. */
static inline bool spin_trylock(spinlock_t *l)
{
	uint32_t tmp;

	__asm__ volatile(
		"1:	ldrex	%0, [%1]\n"
		"	teq	%0, #0\n"
		"	bne	2f\n"
		"	strex	%0, %2, [%1]\n"
		"	teq	%0, #0\n"
		"	bne	1b\n"
		"	dmb	ish\n"
		"	mov	%0, #1\n"
		"	b	3f\n"
		"2:	clrex\n"
		"	mov	%0, #0\n"
		"3:\n"
		: "=&r"(tmp) : "r"(&l->locked), "r"(1) : "cc", "memory");
	return tmp;
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("dmb ish" : : : "memory");
	l->locked = 0;
	__asm__ volatile("dsb ish\n\tsev" : : : "memory");
}

#endif
