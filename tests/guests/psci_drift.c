// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * psci_drift: belay's PSCI records must stay true when CPUs are started
 * behind its back (issue 9, defect 4). CPU 0 leaves RUN
 * (RESET_VECTORS), has firmware start CPU 1 (its own `smc`, which STUB
 * does not trap; then belay's forwarding of a PSCI `hvc` in STUB),
 * and relaunches belay. CPU 1 now runs, but not through belay: firmware
 * started it in HYP at the runtime's entry, which installs the mock
 * hyp-stub there. Under belay, from RUN:
 *   - AFFINITY_INFO(CPU 1) must say ON;
 *   - CPU_ON(CPU 1), through `smc` and `hvc`, must say ALREADY_ON, well
 *     within CPU_ON_MS, and must not start CPU 1 again;
 *   - once CPU 1 has turned itself off (its `smc` reaches firmware),
 *     AFFINITY_INFO must say OFF, and belay's CPU_ON must bring it back
 *     through belay, in RUN.
 */
#include "abi_common.h"
#include "atomic.h"
#include "smp.h"
#include "timer.h"

#define ROUNDS		2	/* firmware CPU_ON by smc, then by belay's forwarding */
#define CPU_ON_MS	100	/* far above an answer from records, far below a spin */
#define OFF_WAIT_MS	5000

static uint32_t fn_state(uint32_t arg)
{
	(void)arg;
	return belay_state();
}

static void round_outside_run(unsigned int round)
{
	const char *how = round ? "hvc forwarded by belay" : "smc";
	struct checker q = { .quiet = true };
	uint32_t mpidr = smp_mpidr(1), entries = smp_cpus[1].entries, polls, ms;
	uint64_t t0;
	int32_t r;

	report_prefix_push(round ? "hvc" : "smc");
	if (!abi_to_stub(&q))
		test_abort("CPU 0: RESET_VECTORS did not reach STUB");
	atomic_write(&smp_cpus[1].online, 0);
	if (round)
		r = psci_hvc(PSCI_CPU_ON, mpidr, (uintptr_t)smp_entry_arm, 0xd1f0 + round);
	else
		r = psci_smc(PSCI_CPU_ON, mpidr, (uintptr_t)smp_entry_arm, 0xd1f0 + round);
	if (!abi_to_run(&q))
		test_abort("CPU 0: BELAY_LAUNCH did not reach RUN");
	if (!report(r == PSCI_SUCCESS, "firmware CPU_ON of CPU 1 from STUB (%s) = SUCCESS (%s)",
		    how, psci_ret_name(r)))
		test_abort("CPU 1 could not be started outside RUN");
	if (!report(smp_wait_online(1, entries), "CPU 1 runs, started outside belay"))
		test_abort("CPU 1 is lost");
	report_info("CPU 1 entered with cpsr %08x, r0 %08x", smp_cpus[1].entry_cpsr,
		    smp_cpus[1].entry_r0);

	r = psci_smc(PSCI_AFFINITY_INFO, mpidr, 0, 0);
	report(r == PSCI_AFFINITY_ON, "RUN: AFFINITY_INFO(CPU 1) = ON (%d)", r);

	t0 = read_cntpct();
	r = psci_smc(PSCI_CPU_ON, mpidr, (uintptr_t)smp_entry_arm, 0xbad);
	ms = timer_ms_since(t0);
	report(r == PSCI_ALREADY_ON, "RUN: CPU_ON(CPU 1) by smc = ALREADY_ON (%s)",
	       psci_ret_name(r));
	report(ms < CPU_ON_MS, "RUN: ... answered in %u ms (less than %u)", ms, CPU_ON_MS);
	t0 = read_cntpct();
	r = psci_hvc(PSCI_CPU_ON, mpidr, (uintptr_t)smp_entry_arm, 0xbad);
	ms = timer_ms_since(t0);
	report(r == PSCI_ALREADY_ON && ms < CPU_ON_MS,
	       "RUN: CPU_ON(CPU 1) by hvc = ALREADY_ON (%s) in %u ms", psci_ret_name(r), ms);
	timer_delay_us(10000);
	report(smp_cpus[1].entries == entries + 1 && smp_cpus[1].entry_r0 == 0xd1f0 + round,
	       "CPU 1 was not started again (%u entries, r0 %08x)",
	       smp_cpus[1].entries - entries, smp_cpus[1].entry_r0);

	/* CPU 1 goes off by itself: under the mock its smc reaches firmware. */
	smp_call_async(1, smp_fn_cpu_off, SMP_OFF_SMC);
	r = smp_wait_affinity(1, PSCI_AFFINITY_OFF, &polls, OFF_WAIT_MS);
	report(r == PSCI_AFFINITY_OFF, "CPU 1 turned itself off: AFFINITY_INFO = OFF (%d after %u "
	       "polls)", r, polls);

	entries = smp_cpus[1].entries;
	r = smp_cpu_on(1, (uintptr_t)smp_entry_arm, 0x5700 + round);
	report(r == PSCI_SUCCESS, "then belay's CPU_ON = SUCCESS (%s)", psci_ret_name(r));
	if (r != PSCI_SUCCESS || !smp_wait_online(1, entries))
		test_abort("CPU 1 did not come back through belay");
	report((smp_cpus[1].entry_cpsr & PSR_MODE_MASK) == PSR_MODE_SVC &&
	       smp_cpus[1].entry_r0 == 0x5700 + round,
	       "CPU 1 entered through belay: SVC, r0 = %08x (cpsr %08x, r0 %08x)", 0x5700 + round,
	       smp_cpus[1].entry_cpsr, smp_cpus[1].entry_r0);
	uint32_t st = smp_call(1, fn_state, 0);
	report(st == BELAY_STATE_RUN, "CPU 1 in RUN (%s)", belay_state_name(st));
	r = psci_smc(PSCI_AFFINITY_INFO, mpidr, 0, 0);
	report(r == PSCI_AFFINITY_ON, "AFFINITY_INFO(CPU 1) = ON (%d)", r);

	/* Off through belay, for the next round. */
	report(smp_cpu_off(1), "CPU_OFF of CPU 1 through belay: AFFINITY_INFO OFF");
	report_prefix_pop();
}

int main(void)
{
	if (smp_init() < 2)
		test_skip_all("needs 2 CPUs (QEMU -smp 2)");
	rt_require_belay();
	abi_init();
	for (unsigned int round = 0; round < ROUNDS; round++)
		round_outside_run(round);
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "CPU 0 still in RUN (%s)", belay_state_name(st));
	return 0;
}
