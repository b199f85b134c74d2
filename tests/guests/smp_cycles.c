// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * smp_cycles: CPU 1 powered off and on CYCLES times under belay. Every
 * CPU_ON takes the physical CPU through belay's secondary entry, STUB ->
 * INIT -> RUN, and every CPU_OFF tears it down again (hyp/psci.c); a
 * state, a mapping or a page-table page that one cycle leaves behind
 * shows after a thousand. After each power-on CPU 1 probes the ABI
 * (GET_STATE = RUN, GET_VECTORS = belay's, an unknown code ->
 * HVC_STUB_ERR, SMCCC_VERSION = 1.1, AFFINITY_INFO(self) = ON), and
 * BELAY_MEM_INFO's free page count must be the same after every cycle as
 * before the first: no leak, no drift.
 */
#include "abi_common.h"
#include "atomic.h"
#include "smp.h"
#include "timer.h"

#define CYCLES	1000

/* fn_probe's result: one bit per wrong answer. */
#define P_STATE		(1u << 0)
#define P_VECTORS	(1u << 1)
#define P_UNKNOWN	(1u << 2)
#define P_SMCCC		(1u << 3)
#define P_AFFINITY	(1u << 4)

static uint32_t fn_probe(uint32_t arg)
{
	uint32_t bad = 0;

	(void)arg;
	if (belay_state() != BELAY_STATE_RUN)
		bad |= P_STATE;
	if (belay_get_vectors() != belay_vectors)
		bad |= P_VECTORS;
	if (hvc0(3) != HVC_STUB_ERR)
		bad |= P_UNKNOWN;
	if (hvc0(SMCCC_VERSION) != SMCCC_VERSION_1_1)
		bad |= P_SMCCC;
	if (psci_smc(PSCI_AFFINITY_INFO, read_sysreg(MPIDR) & 0x00ffffff, 0, 0) !=
	    PSCI_AFFINITY_ON)
		bad |= P_AFFINITY;
	return bad;
}

static uint32_t mem_free(uint32_t *total)
{
	struct res4 r = hvc_call4(BELAY_MEM_INFO, 0, 0, 0);

	if (total)
		*total = r.r1;
	return r.r0;
}

int main(void)
{
	struct checker on = { .quiet = true }, entry = { .quiet = true };
	struct checker probe = { .quiet = true }, mem = { .quiet = true };
	struct checker off = { .quiet = true };
	uint32_t total0, total, free0, free;
	unsigned int cycles = 0;

	smp_init();
	smp_require_cpus(2);
	abi_init();
	free0 = mem_free(&total0);
	report_info("BELAY_MEM_INFO before: %u of %u page-table pages free", free0, total0);
	uint64_t t0 = read_cntpct();

	for (uint32_t i = 0; i < CYCLES; i++) {
		uint32_t entries = smp_cpus[1].entries;
		int32_t r = smp_cpu_on(1, (uintptr_t)smp_entry_arm, i);

		if (!check(&on, r == PSCI_SUCCESS, "cycle %u: CPU_ON = %d", i, r))
			break;
		if (!check(&on, smp_wait_online(1, entries), "cycle %u: CPU 1 arrives", i))
			break;
		check(&entry, smp_cpus[1].entry_r0 == i &&
		      (smp_cpus[1].entry_cpsr & PSR_MODE_MASK) == PSR_MODE_SVC,
		      "cycle %u: entered in SVC with r0 = %u (r0 %u, cpsr %08x)", i, i,
		      smp_cpus[1].entry_r0, smp_cpus[1].entry_cpsr);
		uint32_t bad = smp_call(1, fn_probe, i);
		check(&probe, bad == 0, "cycle %u: CPU 1's ABI probe, wrong answers %x", i, bad);
		free = mem_free(NULL);
		check(&mem, free == free0, "cycle %u: %u pages free, %u before", i, free, free0);
		if (!check(&off, smp_cpu_off(1), "cycle %u: CPU 1 goes OFF", i))
			break;
		cycles++;
	}
	uint32_t ms = timer_ms_since(t0);

	printf("smp_cycles: %u CPU_OFF/CPU_ON cycles of CPU 1 in %u ms\n", cycles, ms);
	report(cycles == CYCLES, "%u of %u cycles completed", cycles, CYCLES);
	report(on.fails == 0, "every CPU_ON succeeded and CPU 1 arrived (%u failed)", on.fails);
	report(entry.fails == 0, "every time in SVC with the context id in r0 (%u wrong)",
	       entry.fails);
	report(probe.fails == 0, "CPU 1 in RUN with belay's ABI after every power-on "
	       "(%u of %u probes wrong)", probe.fails, probe.checks);
	report(off.fails == 0, "every CPU_OFF reached AFFINITY_INFO OFF (%u failed)", off.fails);
	report(mem.fails == 0, "BELAY_MEM_INFO free pages = %u after every cycle (%u differed)",
	       free0, mem.fails);
	free = mem_free(&total);
	report(free == free0 && total == total0, "BELAY_MEM_INFO after: %u of %u free, as before",
	       free, total);
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "CPU 0 still in RUN (%s)", belay_state_name(st));
	return 0;
}
