/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's hold (include/hyp/cpu_hold.h). Two words per CPU, each alone in
 * a cache line and each with one kind of writer, because the held CPU
 * runs with its MMU and caches off while the others keep theirs on:
 * `held` is written only by the held CPU, uncached, and never sits dirty
 * in any cache, so a reader may drop its own copy before reading; `go`
 * is written only by CPU_ON (under the PSCI lock) and cleaned to the PoC
 * at once, so the held CPU reads it from memory.
 */
#include <arch/sysreg.h>
#include <hyp/cache.h>
#include <hyp/cpu.h>
#include <hyp/cpu_hold.h>
#include <hyp/limits.h>

struct hold_word {
	volatile uint32_t v;
} __attribute__((aligned(CACHE_LINE)));

static struct hold_word held[MAX_CPUS], go[MAX_CPUS];

int32_t cpu_hold(void *ctx)
{
	/* The MMU is off: every access is Strongly-ordered, so they happen
	 * in program order (Arm ARM B3.2.1). */
	unsigned int i = this_cpu()->index;
	uint32_t seen = go[i].v;	/* before `held`: a release comes after it */

	(void)ctx;
	/*
	 * What firmware's CPU_OFF and CPU_ON would do that the guest relies
	 * on: this CPU's caches cleaned (the guest invalidates its L1 when it
	 * starts a CPU), and the guest's MMU and caches off at its entry.
	 */
	write_sysreg(read_sysreg(SCTLR) & ~(SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_I), SCTLR);
	dcache_clean_inv_all();
	held[i].v = 1;
	while (go[i].v == seen)
		__asm__ volatile("wfe" : : : "memory");
	held[i].v = 0;
	dsb();		/* `held` is 0 in memory before the CPU is back in RUN */
	secondary_entry(i);
}

bool cpu_held(void *ctx, unsigned int t)
{
	(void)ctx;
	write_sysreg((uintptr_t)&held[t], DCIMVAC);	/* one line */
	dsb();
	return held[t].v != 0;
}

void cpu_release(void *ctx, unsigned int t)
{
	(void)ctx;
	go[t].v++;
	write_sysreg((uintptr_t)&go[t], DCCMVAC);	/* one line */
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
}
