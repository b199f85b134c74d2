// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * smp_stress: belay's ABI under load from several CPUs at once (3 or 4
 * CPUs, under belay). While CPU 0 powers CPU 2 on and off ITERATIONS
 * times, CPU 1 calls belay in a tight loop (GET_VECTORS, GET_STATE,
 * SMCCC_VERSION, and RESET_VECTORS + BELAY_LAUNCH cycles) and CPU 3, if
 * there is one, asks PSCI about CPU 2 and CPU 1. Half of CPU 2's lives
 * are the runtime's (CPU 0 asks it to CPU_OFF through its mailbox), half
 * a bare entry that calls CPU_OFF as its first act (smp_entry_off), the
 * shortest life belay's CPU_ON/CPU_OFF paths can see. Every answer must
 * be right, nothing may hang, and belay's page pool must not move.
 */
#include "abi_common.h"
#include "atomic.h"
#include "smp.h"
#include "timer.h"

#define ITERATIONS	500
#define HAMMER_CPU	1
#define CYCLED_CPU	2
#define PSCI_CPU	3

static volatile uint32_t stop;

struct hammer_stats {
	uint32_t loops, bad;
	uint32_t first_bad_loop, first_bad_what;
};
static struct hammer_stats stats[SMP_MAX_CPUS];

static void note_bad(struct hammer_stats *s, uint32_t what)
{
	if (!s->bad++) {
		s->first_bad_loop = s->loops;
		s->first_bad_what = what;
	}
}

/* CPU 1: the ABI, and the state transitions, as fast as it can. */
static uint32_t fn_abi_hammer(uint32_t arg)
{
	struct hammer_stats *s = &stats[smp_this_cpu()];

	(void)arg;
	while (!atomic_read(&stop)) {
		if (belay_get_vectors() != belay_vectors)
			note_bad(s, 1);
		if (belay_state() != BELAY_STATE_RUN)
			note_bad(s, 2);
		if (hvc0(SMCCC_VERSION) != SMCCC_VERSION_1_1)
			note_bad(s, 3);
		if (belay_reset_vectors() != 0)
			note_bad(s, 4);
		if (belay_state() != BELAY_STATE_STUB)
			note_bad(s, 5);
		if (belay_get_vectors() != belay_vectors)
			note_bad(s, 6);
		if (belay_launch() != 0)
			note_bad(s, 7);
		if (belay_state() != BELAY_STATE_RUN)
			note_bad(s, 8);
		s->loops++;
	}
	return 0;
}

/* CPU 3: PSCI queries about the CPU being cycled and the busy one. */
static uint32_t fn_psci_hammer(uint32_t arg)
{
	struct hammer_stats *s = &stats[smp_this_cpu()];

	(void)arg;
	while (!atomic_read(&stop)) {
		int32_t r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(CYCLED_CPU), 0, 0);
		if (r != PSCI_AFFINITY_ON && r != PSCI_AFFINITY_OFF && r != PSCI_AFFINITY_ON_PENDING)
			note_bad(s, 1);
		r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(HAMMER_CPU), 0, 0);
		if (r != PSCI_AFFINITY_ON)
			note_bad(s, 2);
		r = psci_smc(PSCI_CPU_ON, smp_mpidr(HAMMER_CPU), (uintptr_t)smp_entry_off, 0);
		if (r != PSCI_ALREADY_ON)
			note_bad(s, 3);
		if (hvc0(PSCI_VERSION) != (uint32_t)psci_smc(PSCI_VERSION, 0, 0, 0))
			note_bad(s, 4);
		s->loops++;
	}
	return 0;
}

/* One life of CPU 2: on at `entry`, then off; checked into c. */
static void cycle_once(struct checker *c, uint32_t i, bool bare)
{
	uint32_t entries = smp_cpus[CYCLED_CPU].entries;
	uint32_t off_entries = smp_off_entries[CYCLED_CPU];
	int32_t r = smp_cpu_on(CYCLED_CPU, bare ? (uintptr_t)smp_entry_off : (uintptr_t)smp_entry_arm,
			       i);

	if (!check(c, r == PSCI_SUCCESS, "iteration %u: CPU_ON = %d", i, r))
		return;
	if (bare) {
		check(c, smp_wait_flag(&smp_off_entries[CYCLED_CPU], off_entries + 1),
		      "iteration %u: the bare entry ran", i);
	} else {
		check(c, smp_wait_online(CYCLED_CPU, entries), "iteration %u: CPU 2 arrived", i);
		check(c, smp_cpus[CYCLED_CPU].entry_r0 == i, "iteration %u: context %u (%u)", i, i,
		      smp_cpus[CYCLED_CPU].entry_r0);
		smp_cpu_off_async(CYCLED_CPU, SMP_OFF_SMC);
	}
	r = smp_wait_affinity(CYCLED_CPU, PSCI_AFFINITY_OFF, NULL, SMP_TIMEOUT_MS);
	check(c, r == PSCI_AFFINITY_OFF, "iteration %u: CPU 2 OFF again (%d)", i, r);
}

static void report_hammer(unsigned int cpu, const char *what)
{
	const struct hammer_stats *s = &stats[cpu];

	report(s->bad == 0, "CPU %u: %u rounds of %s meanwhile, all answers right (%u wrong)", cpu,
	       s->loops, what, s->bad);
	if (s->bad)
		report_info("CPU %u: first wrong answer: check %u in round %u", cpu,
			    s->first_bad_what, s->first_bad_loop);
	report(s->loops > 0, "CPU %u made progress while CPU 2 was cycled", cpu);
}

int main(void)
{
	struct checker c = { .quiet = true };
	unsigned int nr_cpus = smp_init();

	smp_require_cpus(3);
	if (rt.native)
		test_skip_all("belay's ABI under load (native runs have only the mock)");
	abi_init();
	uint32_t free0 = hvc_call4(BELAY_MEM_INFO, 0, 0, 0).r0;

	if (smp_boot_cpu(HAMMER_CPU, 0) != PSCI_SUCCESS)
		test_abort("CPU %u does not start", HAMMER_CPU);
	smp_call_async(HAMMER_CPU, fn_abi_hammer, 0);
	bool psci_hammer = nr_cpus > PSCI_CPU;
	if (psci_hammer) {
		if (smp_boot_cpu(PSCI_CPU, 0) != PSCI_SUCCESS)
			test_abort("CPU %u does not start", PSCI_CPU);
		smp_call_async(PSCI_CPU, fn_psci_hammer, 0);
	}

	/* Give up early after a few failures: CPU 2 may be lost. */
	uint64_t t0 = read_cntpct();
	uint32_t done = 0;
	for (; done < ITERATIONS && c.fails < 8; done++)
		cycle_once(&c, done, done & 1);
	uint32_t ms = timer_ms_since(t0);

	atomic_write(&stop, 1);
	sev();
	if (!smp_call_wait(HAMMER_CPU, NULL))
		test_abort("CPU %u does not stop", HAMMER_CPU);
	if (psci_hammer && !smp_call_wait(PSCI_CPU, NULL))
		test_abort("CPU %u does not stop", PSCI_CPU);

	printf("smp_stress: %u power cycles of CPU 2 in %u ms\n", done, ms);
	report(c.fails == 0 && done == ITERATIONS, "CPU 0: %u of %d CPU_ON/CPU_OFF cycles of CPU 2, "
	       "half through the bare entry (%u checks, %u failed)", done, ITERATIONS, c.checks,
	       c.fails);
	report(smp_off_errors[CYCLED_CPU] == 0, "the bare entry's CPU_OFF never returned (%d)",
	       (int32_t)smp_off_errors[CYCLED_CPU]);
	report_hammer(HAMMER_CPU, "GET_VECTORS/GET_STATE/SMCCC_VERSION/RESET_VECTORS/LAUNCH");
	if (psci_hammer)
		report_hammer(PSCI_CPU, "AFFINITY_INFO/CPU_ON/PSCI_VERSION");
	else
		report_skip("PSCI queries from a fourth CPU (QEMU -smp 4)");
	uint32_t free = hvc_call4(BELAY_MEM_INFO, 0, 0, 0).r0;
	report(free == free0, "BELAY_MEM_INFO: %u pages free, as before (%u)", free, free0);
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "CPU 0 in RUN at the end (%s)", belay_state_name(st));
	return 0;
}
