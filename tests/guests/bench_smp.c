// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * bench_smp: path lengths of PSCI CPU power management, in instructions
 * (docs/testing.md, "Benchmarks"), on 2 CPUs under QEMU -icount shift=0.
 *
 * With several CPUs, mind what the clocks count. Under -icount QEMU runs
 * the vCPUs in turn on one thread, and both PMCCNTR (QEMU derives it from
 * the virtual clock at 1 GHz) and CNTPCT (62.5 MHz, a tick every 16 ns)
 * follow a virtual clock that advances with the instructions of all CPUs
 * together, 1 ns each at shift=0. So a difference of two reads, on one
 * CPU or on two, is the number of instructions every CPU executed in
 * between: PMCCNTR to the instruction, CNTPCT x 1e9 / CNTFRQ to +-16.
 * A CPU just powered on has its PMU reset, so the target reads CNTPCT.
 * CPU 0 waits with WFE, which QEMU turns into a switch to the other vCPU,
 * so its own share of a figure is small; a CPU_ON round trip on CPU 0
 * includes the target's start-up, because QEMU switches to the target as
 * soon as firmware CPU_ON queues it. Each figure is the minimum of RUNS.
 *
 * Output: "bench: <what> <clock> <N> instructions" (tests/harness/bench.py
 * tabulates them). A benchmark, not a test: it checks only what it needs
 * to measure at all.
 */
#include "abi_common.h"
#include "atomic.h"
#include "smp.h"
#include "timer.h"

#define RUNS	8
#define TARGET	1

static uint32_t ns_per_tick;

static uint32_t min_of(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static uint32_t ticks_to_insns(uint64_t ticks)
{
	return (uint32_t)ticks * ns_per_tick;
}

/* PMCCNTR around one smc, minus the reads' own cost. */
static uint32_t smc_cycles(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3, int32_t *ret)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	uint32_t t0, t1;

	__asm__ volatile("isb\n\t"
			 "mrc p15, 0, %[t0], c9, c13, 0\n\t"	/* PMCCNTR */
			 "smc #0\n\t"
			 "mrc p15, 0, %[t1], c9, c13, 0"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 : : "r12", "lr", "cc", "memory");
	*ret = (int32_t)r0;
	return t1 - t0;
}

static uint32_t pmccntr_overhead(void)
{
	uint32_t best = ~0u;

	for (int i = 0; i < RUNS; i++) {
		uint32_t t0, t1;

		__asm__ volatile("isb\n\t"
				 "mrc p15, 0, %[t0], c9, c13, 0\n\t"
				 "mrc p15, 0, %[t1], c9, c13, 0"
				 : [t0] "=&r"(t0), [t1] "=&r"(t1) : : "memory");
		best = min_of(best, t1 - t0);
	}
	return best;
}

/* On the target: CNTPCT, then CPU_OFF. */
static volatile uint64_t off_stamp;

static uint32_t fn_stamp_and_off(uint32_t arg)
{
	(void)arg;
	off_stamp = read_cntpct();
	return smp_fn_cpu_off(SMP_OFF_SMC);
}

static void print(const char *what, const char *clock, uint32_t n)
{
	printf("bench: %s %s %u instructions\n", what, clock, n);
}

int main(void)
{
	uint32_t on_call = ~0u, on_entry = ~0u, off_seen = ~0u, affinity = ~0u;
	uint32_t max_polls = 0;

	smp_init();
	smp_require_cpus(2);
	if (!rt.native)
		abi_init();
	pmu_enable_cycles();
	ns_per_tick = 1000000000u / read_sysreg(CNTFRQ);
	uint32_t overhead = pmccntr_overhead();
	report_info("%s; back-to-back PMCCNTR reads: %u; %u ns per CNTPCT tick",
		    rt.native ? "QEMU's PSCI" : "belay's PSCI", overhead, ns_per_tick);

	for (int i = 0; i < RUNS; i++) {
		int32_t r;
		uint32_t entries = smp_cpus[TARGET].entries;

		/* CPU_ON: until the target runs its first guest instruction
		 * (smp_entry_stamp), and the caller's round trip. */
		smp_entry_stamps[TARGET] = 0;
		atomic_write(&smp_cpus[TARGET].online, 0);
		uint64_t t0 = read_cntpct();
		uint32_t n = smc_cycles(PSCI_CPU_ON, smp_mpidr(TARGET), (uintptr_t)smp_entry_stamp,
					(uint32_t)i, &r);
		if (r != PSCI_SUCCESS || !smp_wait_online(TARGET, entries))
			test_abort("CPU_ON of CPU %u: %d", TARGET, r);
		on_call = min_of(on_call, n - overhead);
		on_entry = min_of(on_entry, ticks_to_insns(smp_entry_stamps[TARGET] - t0));

		/* AFFINITY_INFO of a CPU that is on. */
		n = smc_cycles(PSCI_AFFINITY_INFO, smp_mpidr(TARGET), 0, 0, &r);
		affinity = min_of(affinity, n - overhead);

		/* CPU_OFF: from the target's smc until CPU 0 sees OFF (belay
		 * says OFF before its teardown, but CPU 0 runs again only once
		 * the target has stopped). */
		uint32_t polls = 0;
		off_stamp = 0;
		smp_call_async(TARGET, fn_stamp_and_off, 0);
		while (psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(TARGET), 0, 0) != PSCI_AFFINITY_OFF) {
			polls++;
			wfe();
		}
		uint64_t t1 = read_cntpct();
		if (!off_stamp)
			test_abort("CPU %u went OFF before it ran the mailbox call", TARGET);
		off_seen = min_of(off_seen, ticks_to_insns(t1 - off_stamp));
		max_polls = polls > max_polls ? polls : max_polls;
	}

	print("CPU_ON-to-target-guest-entry", "CNTPCTx16", on_entry);
	print("CPU_ON-smc-round-trip", "PMCCNTR", on_call);
	print("CPU_OFF-until-AFFINITY_INFO-OFF", "CNTPCTx16", off_seen);
	print("AFFINITY_INFO-smc-round-trip", "PMCCNTR", affinity);
	report_info("CPU_OFF figure includes up to %u AFFINITY_INFO polls by CPU 0", max_polls);
	report(true, "benchmark ran (%d CPU_ON/CPU_OFF cycles)", RUNS);
	return 0;
}
