// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * soft_restart: HVC_SOFT_RESTART from STUB and from RUN, to ARM and Thumb
 * targets (docs/hyp-abi.md). The target (lib/hyp_helpers.S) records what it finds
 * in HYP: mode, A/I/F masked, HSCTLR.M/C/I off, r2-r12 as at the call,
 * HVBAR = belay's vectors and, coming from RUN, the full teardown (HCR = 0,
 * so Stage-2 off; HSTR = 0; no HCPTR traps). It then ERETs to SVC, where the
 * CPU must be in STUB, and BELAY_LAUNCH brings RUN back. The checks are
 * lib/abi_common.c's abi_soft_restart_round(), shared with smp_abi.
 */
#include "abi_common.h"

#define ROUNDS	10

int main(void)
{
	struct checker c = { .quiet = false };

	abi_init();
	report_info("targets: ARM %p, Thumb %p", sr_target_arm, sr_target_thumb);

	/* First round reported check by check, then quiet repeats. */
	uint32_t seed = 0x51000000;
	for (int from_run = 1; from_run >= 0; from_run--)
		for (int thumb = 0; thumb <= 1; thumb++)
			abi_soft_restart_round(&c, from_run, thumb,
					       seed ^ (from_run << 12) ^ (thumb << 8));

	for (int round = 1; round < ROUNDS; round++) {
		struct checker q = { .quiet = true };

		for (int from_run = 1; from_run >= 0; from_run--)
			for (int thumb = 0; thumb <= 1; thumb++)
				abi_soft_restart_round(&q, from_run, thumb,
						       (seed + 0x10000 * round) ^
						       (from_run << 12) ^ (thumb << 8));
		report(q.fails == 0, "round %d: STUB/RUN x ARM/Thumb SOFT_RESTART (%u checks, %u failed)",
		       round + 1, q.checks, q.fails);
	}
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "RUN at the end (%s)", belay_state_name(st));
	return 0;
}
