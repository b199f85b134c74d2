/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) 2026 The belay authors */

/*
 * The belay guest module (docs/guest-module.md): what its parts share.
 * calls.c makes belay's calls, on a chosen CPU where they concern one;
 * crash.c reads the crash words; main.c checks belay and serves
 * /sys/kernel/belay.
 */
#ifndef BELAY_MODULE_H
#define BELAY_MODULE_H

#include <linux/types.h>
#include <asm/opcodes-virt.h>

#include <belay/abi.h>

struct belay_res {
	u32 r0, r1, r2, r3;
};

/*
 * One call into belay: `hvc #0`, function code in r0, arguments in r1-r4
 * (only BELAY_CRASH_ARM uses r4). belay answers in r0-r3 and preserves
 * every other register (docs/hyp-abi.md, "Calling convention"). The
 * "memory" clobber: RESET_VECTORS and LAUNCH change how this CPU's memory
 * accesses are translated, so no access may be moved across the call.
 * Call only once belay is known to be there (main.c's load checks): with
 * nothing in HYP, hvc is undefined.
 */
static inline struct belay_res belay_call(u32 fn, u32 a1, u32 a2, u32 a3, u32 a4)
{
	register u32 r0 asm("r0") = fn;
	register u32 r1 asm("r1") = a1;
	register u32 r2 asm("r2") = a2;
	register u32 r3 asm("r3") = a3;
	register u32 r4 asm("r4") = a4;

	asm volatile(__HVC(0)
		     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
		     : "r"(r4)
		     : "memory");
	return (struct belay_res){ r0, r1, r2, r3 };
}

const char *belay_state_name(u32 state);

/* calls.c: the per-CPU operations. */

/* BELAY_GET_STATE on cpu: 0 and *state, or -ENODEV for an offline CPU. */
int belay_cpu_state(unsigned int cpu, u32 *state);

struct belay_relaunch {
	unsigned int cpu;
	u32 loops;		/* cycles asked for */
	u32 done;		/* cycles completed */
	u64 ns;			/* time the cycles took */
	char why[128];		/* the first failure, or "" */
};
/*
 * RESET_VECTORS then LAUNCH on rl->cpu, rl->loops times, each cycle with
 * interrupts masked there from the state check before to the one after;
 * rl->done cycles completed. Stops at the first wrong answer (0 and
 * rl->why), when the CPU is offline (-ENODEV) or at a signal (-EINTR).
 */
int belay_relaunch(struct belay_relaunch *rl);

struct belay_spin {
	unsigned int cpu;
	u32 ms;			/* asked for */
	u64 ns;			/* spun, by ktime_get() */
};
/* Spin s->cpu with interrupts masked for s->ms. 0, or -ENODEV. */
int belay_spin(struct belay_spin *s);

/* crash.c: `belay.crash=` words, without the prefix. */

struct belay_crash {
	u32 trigger;		/* BELAY_CRASH_AT_* */
	u32 cpu;		/* belay's CPU index */
	u32 arg;		/* microseconds, k, or (cpu << 8) | state */
	u32 how;		/* BELAY_CRASH_SEA or BELAY_CRASH_UNDEF */
};
/*
 * Parse s ("at:2500ms,cpu=1,how=sea", or the four numbers of the
 * register layout, "0 1 2500000 0") into c. NULL, or why not.
 */
const char *belay_crash_parse(const char *s, struct belay_crash *c);

#endif /* BELAY_MODULE_H */
