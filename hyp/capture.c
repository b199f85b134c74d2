/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Kernel generations and the CPUs a dead one left parked (docs/kdump.md,
 * "SMP capture kernels").
 *
 * A panicking arm32 Linux stops its other CPUs with the crash IPI
 * (machine_crash_nonpanic_core(): registers saved, marked offline, then
 * `wfe` forever with interrupts masked); they never call PSCI CPU_OFF, so
 * to belay and to firmware they are ON. The capture kernel's CPU_ON of
 * one would get ALREADY_ON. belay gives such a CPU back: it makes it power
 * itself off, and the CPU_ON then starts it as any CPU that is off.
 *
 * Which CPUs are parked? A kernel initialises its GIC distributor once,
 * on its boot CPU, before it starts any other CPU: gic_dist_init() writes
 * GICD_CTLR = 0 (both groups off), configures, and enables it again. That
 * write, trapped by the vGIC, starts a new kernel generation, to which the
 * writing CPU belongs; a CPU that enters the guest through CPU_ON belongs
 * to the generation of that moment. A CPU is parked when belay's record
 * says it is ON, it is in RUN, and it belongs to an older generation than
 * the current one. A CPU of the current kernel either wrote the GICD_CTLR
 * (its boot CPU) or was started by it afterwards, so it is never taken for
 * a parked one; and only a CPU_ON asks, i.e. a kernel that believes the CPU
 * is off.
 *
 * belay does not wait for that CPU_ON when the parked CPU runs another
 * kernel than the new one: when a generation starts, each CPU of an
 * older one in RUN compares its guest's kernel page tables (TTBR1, MMU
 * on) with the ones the distributor was initialised under, and powers
 * itself off if they differ. All CPUs of one Linux kernel share its
 * swapper page tables, so a live CPU of the writing kernel never
 * qualifies; a dead kernel's parked CPU spins in `wfe` and keeps a host
 * thread busy until its CPU_ON otherwise. The argument is in docs/kdump.md.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/capture.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>

static spinlock_t gen_lock;	/* two CPUs starting a generation at once */
/* Kernel generations seen (distributor initialisations), and the one each
 * CPU's guest context belongs to. The boot CPU starts in generation 0. */
static uint32_t generation;
static uint32_t cpu_generation[MAX_CPUS];
/* The kernel page tables the current generation started under (0: none). */
static uint32_t gen_tables;

/* This CPU's guest kernel page tables: TTBR1 (its low word) with its MMU
 * on, else 0. One Linux kernel loads the same TTBR1 (its swapper_pg_dir)
 * on every CPU. Two kernels whose tables differ only above 4 GiB look the
 * same: the safe side (the CPU_ON rule still applies). */
static uint32_t __attribute__((noinline)) guest_kernel_tables(void)
{
	return (read_sysreg(SCTLR) & SCTLR_M) ? (uint32_t)read_sysreg64(TTBR1) : 0;
}

/* Read without gen_lock: a CPU's generation is written only on that CPU
 * (or before it runs), the current one only grows, and whoever asks
 * about a CPU does so after the write that made it parked. */
static bool parked_now(unsigned int cpu)
{
	return percpu[cpu].cpu.state == BELAY_STATE_RUN && cpu_generation[cpu] != generation;
}

/* A call's argument: the generation, and who asks. */
#define ASKED_AT_START	0x80000000u	/* the generation's start, not a CPU_ON */

/*
 * On the parked CPU, from belay's SGI: whatever the dead kernel was doing
 * there is dropped (this CPU never returns to it), its timers and SGIs go,
 * and it powers off through PSCI's own path, whose teardown resets its
 * vGIC and hands the GIC back with nothing active. A CPU_ON that asked
 * waits for firmware to see it off. Asked at a generation's start, only
 * if it still runs another kernel than that generation's.
 */
static void reclaim_here(unsigned int cpu, uint32_t arg)
{
	uint32_t gen = arg & ~ASKED_AT_START;
	uint32_t tables = guest_kernel_tables();
	bool parked;

	parked = parked_now(cpu) &&
		 (!(arg & ASKED_AT_START) || (tables && tables != gen_tables));
	if (!parked)
		return;		/* not parked after all: leave it alone */
	CPU_NOTICE(cpu, "parked by kernel generation %u, reclaimed for generation %u",
		   (unsigned)cpu_generation[cpu], (unsigned)gen);
	write_sysreg(0, CNTP_CTL);
	write_sysreg(0, CNTV_CTL);
	isb();
	vgic_cpu_drop_sgis(&percpu[cpu].cpu);
	psci_parked_off(cpu);
	/* Firmware refused CPU_OFF: back to the dead kernel's loop. */
}

void __attribute__((noinline)) capture_gicd_disabled(unsigned int cpu)
{
	uint32_t gen, tables;

	spin_lock(&gen_lock);
	gen = ++generation;
	cpu_generation[cpu] = gen;
	gen_tables = tables = guest_kernel_tables();
	spin_unlock(&gen_lock);
	CPU_INFO(cpu, "the guest initialises its GIC distributor: kernel generation %u", (unsigned)gen);
	capture_kernel_started(cpu, "its GIC distributor");
	/* Each CPU in RUN checks itself (hyp_call_on() reaches no other). */
	for (unsigned int i = 0; tables && i < hyp.nr_cpus; i++)
		if (i != cpu)
			hyp_call_on(i, reclaim_here, gen | ASKED_AT_START);
}

void capture_cpu_entered(unsigned int cpu)
{
	cpu_generation[cpu] = generation;	/* parked_now(): no lock needed */
}

/* Parked (an older generation's, in RUN): hyp_call_on() reaches only a CPU
 * in RUN, with the vGIC on; cpu comes from the PSCI records (< nr_cpus). */
int capture_reclaim(unsigned int cpu)
{
	return cpu_generation[cpu] != generation ? hyp_call_on(cpu, reclaim_here, generation) : -1;
}
