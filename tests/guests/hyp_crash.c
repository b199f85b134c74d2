// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * hyp_crash: code a guest hands HYP to with SOFT_RESTART crashes there
 * (an undefined instruction in HYP, with belay's vectors installed). That
 * is the guest's code, not belay's: belay reports it and stops that CPU
 * alone; the machine is not powered off, and belay goes on answering on
 * the other CPUs.
 */
#include "abi_common.h"
#include "smp.h"
#include "timer.h"

/* The SOFT_RESTART target: an undefined instruction in HYP. */
void hyp_udf_target(void);
__asm__(".arm\n"
	".align 5\n"
	".globl hyp_udf_target\n"
	"hyp_udf_target:\n"
	"	udf	#0x42\n"
	"	b	hyp_udf_target\n");

static uint32_t fn_crash_in_hyp(uint32_t arg)
{
	(void)arg;
	return hvc_call4(HVC_SOFT_RESTART, (uintptr_t)hyp_udf_target, 0, 0).r0;
}

int main(void)
{
	if (smp_init() < 2)
		test_skip_all("needs 2 CPUs (QEMU -smp 2)");
	rt_require_belay();
	abi_init();
	report(smp_boot_cpu(1, 0) == PSCI_SUCCESS, "CPU 1 up");
	smp_call_async(1, fn_crash_in_hyp, 0);
	/* Time for CPU 1 to crash and for belay to deal with it. */
	timer_delay_us(300000);
	report(!smp_call_done(1), "CPU 1's SOFT_RESTART target did not come back");
	report(true, "the machine is still running 300 ms later");
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "CPU 0: belay answers, RUN (%s)", belay_state_name(st));
	int32_t r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(1), 0, 0);
	report(r == PSCI_AFFINITY_ON, "AFFINITY_INFO(CPU 1) = ON: stopped, not off (%d)", r);
	return 0;
}
