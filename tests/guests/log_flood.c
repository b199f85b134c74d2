// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * log_flood: a guest that makes belay log as fast as it can, on two CPUs
 * at once. Each CPU reads belay's own base (unmapped in Stage-2) FLOOD
 * times; every read is a Stage-2 fault for which belay injects a data
 * abort and writes a log line. The guest only checks that each read
 * aborted; the harness (run_qemu.py --guest-lines FLOOD) checks belay's
 * side: every belay line whole (no interleaving of the two CPUs), per
 * CPU at most GUEST_LOG_BURST lines per period, and the printed plus the
 * reported "suppressed" lines adding up to FLOOD. Nothing is printed by
 * the guest while the CPUs fault, so its own lines cannot get in between.
 */
#include "abi_common.h"
#include "atomic.h"
#include "smp.h"

#define FLOOD	10000

static volatile uint32_t go;

static uint32_t flood(uint32_t arg)
{
	struct rt_fault f = { 0 };
	uint32_t wrong = 0;

	(void)arg;
	if (!smp_wait_flag(&go, 1))
		return ~0u;
	rt_expect_fault(&f);
	for (uint32_t i = 0; i < FLOOD; i++) {
		uint32_t before = f.count;

		probe_read32((uintptr_t)rt.belay_base);
		if (f.count != before + 1 || f.type != EXC_DABT)
			wrong++;
	}
	rt_expect_none();
	return wrong;
}

int main(void)
{
	uint32_t wrong1 = 0;

	if (smp_init() < 2)
		test_skip_all("needs 2 CPUs (QEMU -smp 2)");
	abi_init();
	if (!report(smp_boot_cpu(1, 1) == PSCI_SUCCESS, "CPU 1 powered on"))
		return 0;
	smp_call_async(1, flood, 0);
	atomic_write(&go, 1);
	sev();
	uint32_t wrong0 = flood(0);
	bool done = smp_call_wait(1, &wrong1);

	report(wrong0 == 0, "CPU 0: %u reads of belay's base, each one data abort (%u wrong)",
	       FLOOD, wrong0);
	report(done && wrong1 == 0, "CPU 1: %u reads of belay's base, each one data abort "
	       "(%u wrong%s)", FLOOD, wrong1, done ? "" : ", no answer");
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "CPU 0 still in RUN (%s)", belay_state_name(st));
	return 0;
}
