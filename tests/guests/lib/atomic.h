/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Atomics and a spinlock for the SMP guests, with LDREX/STREX (Arm ARM
 * A3.4). The guests run with the MMU off, so every data access is
 * Strongly-ordered: accesses already happen in program order and no cache
 * can hide a store from another CPU. The barriers below are still the ones
 * Normal memory would need, so the code stays right if a guest ever turns
 * its MMU on. QEMU implements exclusives on every memory type; on hardware,
 * exclusives to Strongly-ordered memory rely on the global monitor and are
 * IMPLEMENTATION DEFINED (A3.4.5) - these guests target QEMU.
 */
#ifndef GUEST_ATOMIC_H
#define GUEST_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>

static inline void dmb(void)
{
	__asm__ volatile("dmb sy" : : : "memory");
}

/* Wake CPUs waiting in WFE; they re-check whatever they wait for. */
static inline void sev(void)
{
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
}

/* Wait for an event (or an interrupt): the polite way to spin. QEMU treats
 * it as a yield to the other vCPUs, which matters under -icount where
 * they share one host thread. */
static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static inline uint32_t atomic_read(const volatile uint32_t *p)
{
	uint32_t v = *p;

	dmb();
	return v;
}

static inline void atomic_write(volatile uint32_t *p, uint32_t v)
{
	dmb();
	*p = v;
	dmb();
}

/* *p += v; returns the new value. */
static inline uint32_t atomic_add_return(volatile uint32_t *p, uint32_t v)
{
	uint32_t res, fail;

	dmb();
	__asm__ volatile("1:	ldrex	%0, [%2]\n"
			 "	add	%0, %0, %3\n"
			 "	strex	%1, %0, [%2]\n"
			 "	teq	%1, #0\n"
			 "	bne	1b"
			 : "=&r"(res), "=&r"(fail)
			 : "r"(p), "r"(v)
			 : "cc", "memory");
	dmb();
	return res;
}

static inline uint32_t atomic_inc(volatile uint32_t *p)
{
	return atomic_add_return(p, 1);
}

/* If *p == old, *p = new. Returns the value *p had. */
static inline uint32_t atomic_cmpxchg(volatile uint32_t *p, uint32_t old, uint32_t new)
{
	uint32_t prev, fail;

	dmb();
	__asm__ volatile("1:	ldrex	%0, [%2]\n"
			 "	teq	%0, %3\n"
			 "	bne	2f\n"
			 "	strex	%1, %4, [%2]\n"
			 "	teq	%1, #0\n"
			 "	bne	1b\n"
			 "2:"
			 : "=&r"(prev), "=&r"(fail)
			 : "r"(p), "r"(old), "r"(new)
			 : "cc", "memory");
	dmb();
	return prev;
}

/* A test-and-set lock: 0 free, else 1 + the owner's CPU number. */
typedef struct {
	volatile uint32_t owner;
} spinlock_t;

static inline bool spin_trylock(spinlock_t *l, uint32_t cpu)
{
	return atomic_cmpxchg(&l->owner, 0, cpu + 1) == 0;
}

static inline void spin_lock(spinlock_t *l, uint32_t cpu)
{
	while (!spin_trylock(l, cpu))
		wfe();
}

static inline void spin_unlock(spinlock_t *l)
{
	atomic_write(&l->owner, 0);
	sev();
}

#endif /* GUEST_ATOMIC_H */
