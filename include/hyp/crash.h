/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Crash injection from below (docs/kdump.md, "Crash injection"): belay
 * makes the guest take a synchronous exception on a chosen CPU at a chosen
 * instant or hypervisor-visible event. The spec, its `belay.crash=` words
 * and the event counting are pure code (hyp/crash_spec.c, unit-tested);
 * hyp/crash.c arms the triggers and delivers the exception.
 */
#ifndef HYP_CRASH_H
#define HYP_CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hyp/cpu.h>

/* One armed crash, in the terms of BELAY_CRASH_ARM (include/belay/abi.h). */
struct crash_spec {
	uint32_t trigger;	/* BELAY_CRASH_AT_* */
	uint32_t target;	/* the CPU that takes the exception */
	uint32_t arg;		/* microseconds, k, or (cpu << 8) | BELAY_STATE_* */
	uint32_t how;		/* BELAY_CRASH_SEA or BELAY_CRASH_UNDEF */
};

/*
 * The value of one `belay.crash=` word (without the name), e.g.
 * "at:2500ms,cpu=1,how=sea". NULL and *out filled, or why not.
 */
const char *crash_parse(const char *s, size_t len, struct crash_spec *out);
/* NULL if spec can be armed on a machine of nr_cpus CPUs, or why not. */
const char *crash_spec_check(const struct crash_spec *spec, unsigned int nr_cpus);
/* The trigger as a `belay.crash=` word would write it ("cpu_off:3"). */
int crash_format_trigger(char *buf, size_t size, const struct crash_spec *spec);
const char *crash_how_name(uint32_t how);

/* An armed crash and how many of its events have passed. */
struct crash_arm {
	bool armed;
	struct crash_spec spec;
	uint32_t seen;
};
/*
 * An event (trigger, and for WHILE_STATE the (cpu << 8) | state that was
 * entered) happened: true when it is the one the crash waits for, which
 * disarms it. Deadlines never match here.
 */
bool crash_arm_event(struct crash_arm *a, uint32_t trigger, uint32_t arg);

/* Counter arithmetic without libgcc's 64-bit division. */
uint64_t crash_us_to_ticks(uint64_t us, uint32_t freq);
uint64_t crash_ticks_to_us(uint64_t ticks, uint32_t freq);

/* ---- hyp/crash.c: the machine side ---- */

/* hyp/options.c: a `belay.crash=` word, kept until crash_boot(). */
void crash_option(const char *value, size_t len);
/* The boot CPU, in RUN, just before it first enters the guest: the
 * deadline time base, and the crash of the command line armed. */
void crash_boot(void);
/* BELAY_CRASH_ARM / DISARM / STATUS in RUN: answer in f. */
void crash_call(struct cpu *cpu, struct frame *f);
/*
 * A guest call f (by `hvc #0`, or a trapped `smc`), before belay makes it
 * (RUN, HYP MMU on): counts it as a crash event. True: a crash for this
 * CPU fired or is pending and the guest can take it at the call's return
 * address, so the call is not made. A crash the guest cannot take there
 * stays pending, and the call is made.
 */
bool crash_before_call(struct cpu *cpu, struct frame *f, bool by_hvc);
/* BELAY_LAUNCH took this CPU from STUB to RUN. */
void crash_after_launch(struct cpu *cpu);
/* hyp/cpu.c: this CPU in INIT with its vGIC on (entering RUN), and
 * leaving RUN (TEARDOWN). */
void crash_cpu_enter(struct cpu *cpu);
void crash_cpu_leave(struct cpu *cpu);
/* hyp/psci.c: CPU index is about to enter the guest for a CPU_ON; a crash
 * for it then waits for its first GIC distributor access, which hyp/vgic.c
 * reports with crash_cpu_gic(). */
void crash_cpu_started(unsigned int index);
void crash_cpu_gic(unsigned int index);
/* The end of every trap and interrupt taken from the guest in RUN:
 * deliver a crash pending on this CPU if the guest is in SVC mode. */
void crash_deliver(struct cpu *cpu, struct frame *f);

#endif /* HYP_CRASH_H */
