// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * parked_cpu: a capture kernel gets back the CPUs a dead kernel left
 * parked (docs/kdump.md, "SMP capture kernels"), and only those. On
 * 3 CPUs, as a crashed arm32 Linux and its capture kernel would:
 *   - CPU 1 "parks": interrupts masked, WFE forever, still ON. A CPU_ON
 *     of it gets ALREADY_ON: no new kernel has started.
 *   - CPU 2 powers off properly (CPU_OFF).
 *   - CPU 0 re-initialises the GIC distributor (GICD_CTLR 0, then 1), as
 *     a new kernel's gic_dist_init() does: a new kernel generation.
 *   - CPU_ON(CPU 2) = SUCCESS (it was off) and, now that CPU 2 belongs to
 *     the new generation, a second CPU_ON(CPU 2) = ALREADY_ON: a live CPU
 *     of the current kernel is never reclaimed.
 *   - CPU 1 ran with its MMU off, so belay could not tell it runs another
 *     kernel (below): still ON until the new kernel asks for it.
 *   - CPU_ON(CPU 1) = SUCCESS: it arrives at the entry point with the
 *     context id, in SVC and RUN, serves its mailbox (the doorbell SGI
 *     reaches it), and a second CPU_ON(CPU 1) = ALREADY_ON.
 * Then once more with page tables, as Linux runs: every CPU turns its MMU
 * on, CPUs 0 and 2 with one kernel's TTBR1, CPU 1 with another's, and CPU
 * 1 parks. CPU 0's next distributor initialisation powers CPU 1 off at
 * once, without a CPU_ON (it runs another kernel than the new one), and
 * leaves CPU 2 running (same kernel); CPU_ON(CPU 1) then starts it.
 */
#include "abi_common.h"
#include "atomic.h"
#include "gic.h"
#include "mmu.h"
#include "smp.h"
#include "timer.h"

static volatile uint32_t parked;
static uint32_t l1[MMU_L1_ENTRIES] __attribute__((aligned(16384)));
/* Two kernels' TTBR1 values (short-descriptor, TTBCR.N = 0: never walked). */
#define TABLES_NEW	0x41000000u
#define TABLES_DEAD	0x42000000u

/* What machine_crash_nonpanic_core() does, less the register save. */
static uint32_t fn_park(uint32_t arg)
{
	(void)arg;
	__asm__ volatile("cpsid if" : : : "memory");
	atomic_write(&parked, 1);
	for (;;)
		__asm__ volatile("wfe");
	return 0;
}

/* This CPU runs a kernel whose page tables are `ttbr1`. */
static uint32_t fn_mmu_on(uint32_t ttbr1)
{
	write_sysreg64((uint64_t)ttbr1, TTBR1);
	mmu_on(l1);
	return 0;
}

static uint32_t fn_park_mapped(uint32_t ttbr1)
{
	fn_mmu_on(ttbr1);
	return fn_park(0);
}

static uint32_t fn_mmu_off(uint32_t arg)
{
	(void)arg;
	mmu_off();
	return 0;
}

static uint32_t fn_state(uint32_t arg)
{
	(void)arg;
	return belay_state();
}

static void gicd_ctlr(uint32_t v)
{
	*(volatile uint32_t *)(gic.dist + GICD_CTLR) = v;
	dmb();
}

/* CPU_ON of cpu at smp_entry_arm, which must succeed and bring it up. */
static void cpu_on_back(unsigned int cpu, uint32_t context)
{
	uint32_t entries = smp_cpus[cpu].entries, st;
	int32_t r;

	r = smp_cpu_on(cpu, (uintptr_t)smp_entry_arm, context);
	report(r == PSCI_SUCCESS, "CPU_ON(CPU %u) = SUCCESS (%s)", cpu, psci_ret_name(r));
	if (r != PSCI_SUCCESS || !smp_wait_online(cpu, entries))
		test_abort("CPU %u did not come back", cpu);
	report((smp_cpus[cpu].entry_cpsr & PSR_MODE_MASK) == PSR_MODE_SVC &&
	       smp_cpus[cpu].entry_r0 == context && smp_cpus[cpu].entries == entries + 1,
	       "CPU %u entered once at the entry point, in SVC, r0 = %08x (cpsr %08x, r0 %08x)",
	       cpu, context, smp_cpus[cpu].entry_cpsr, smp_cpus[cpu].entry_r0);
	st = smp_call(cpu, fn_state, 0);
	report(st == BELAY_STATE_RUN, "CPU %u in RUN, serving its mailbox (%s)", cpu,
	       belay_state_name(st));
}

static int32_t affinity(unsigned int cpu)
{
	return psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(cpu), 0, 0);
}

static void already_on(unsigned int cpu, const char *why)
{
	uint32_t entries = smp_cpus[cpu].entries;
	int32_t r = psci_smc(PSCI_CPU_ON, smp_mpidr(cpu), (uintptr_t)smp_entry_arm, 0xbad);

	report(r == PSCI_ALREADY_ON, "CPU_ON(CPU %u) %s = ALREADY_ON (%s)", cpu, why,
	       psci_ret_name(r));
	timer_delay_us(10000);
	report(smp_cpus[cpu].entries == entries, "... and CPU %u was not started again", cpu);
}

int main(void)
{
	smp_init();
	smp_require_cpus(3);
	rt_require_belay();
	abi_init();
	if (!gic.dist)
		test_missing("a GIC in the DTB");
	for (unsigned int cpu = 1; cpu < 3; cpu++)
		if (smp_boot_cpu(cpu, 0x100 + cpu) != PSCI_SUCCESS)
			test_abort("CPU %u did not start", cpu);

	smp_call_async(1, fn_park, 0);
	if (!smp_wait_flag(&parked, 1))
		test_abort("CPU 1 did not park");
	report(smp_cpu_off(2), "CPU 2 powered off (CPU_OFF, AFFINITY_INFO OFF)");
	already_on(1, "while parked, same kernel");

	/* A new kernel: gic_dist_init() disables, configures, enables. */
	gicd_ctlr(0);
	gicd_ctlr(GICD_CTLR_ENABLE);

	timer_delay_us(100000);
	report(affinity(1) == PSCI_AFFINITY_ON, "CPU 1 (MMU off) still on until a CPU_ON");
	cpu_on_back(2, 0xc2);
	already_on(2, "started by the new kernel");
	cpu_on_back(1, 0xc1);
	already_on(1, "reclaimed and running the new kernel");
	report(smp_call(1, fn_state, 0) == BELAY_STATE_RUN && smp_call(2, fn_state, 0) ==
	       BELAY_STATE_RUN && belay_state() == BELAY_STATE_RUN, "all three CPUs in RUN");

	/* With page tables: CPU 1 parks in another kernel than CPUs 0, 2. */
	mmu_identity_map(l1);
	fn_mmu_on(TABLES_NEW);
	smp_call(2, fn_mmu_on, TABLES_NEW);
	atomic_write(&parked, 0);
	smp_call_async(1, fn_park_mapped, TABLES_DEAD);
	if (!smp_wait_flag(&parked, 1))
		test_abort("CPU 1 did not park");
	gicd_ctlr(0);
	gicd_ctlr(GICD_CTLR_ENABLE);
	report(smp_wait_affinity(1, PSCI_AFFINITY_OFF, NULL, SMP_TIMEOUT_MS) == PSCI_AFFINITY_OFF,
	       "CPU 1 (another kernel's TTBR1) powered off by the new generation, no CPU_ON");
	report(affinity(2) == PSCI_AFFINITY_ON && smp_call(2, fn_state, 0) == BELAY_STATE_RUN,
	       "CPU 2 (the new kernel's TTBR1) left running, in RUN");
	smp_call(2, fn_mmu_off, 0);
	fn_mmu_off(0);
	cpu_on_back(1, 0xc3);
	already_on(1, "powered off early, then started by the new kernel");
	return 0;
}
