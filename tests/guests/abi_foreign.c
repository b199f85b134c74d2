// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * abi_foreign: SET_VECTORS (docs/hyp-abi.md, the FOREIGN state). Refused in RUN;
 * in STUB it installs the guest's own HYP vectors (lib/hyp_helpers.S):
 * every hvc then lands there, in HYP with the MMU off, until that code
 * hands HYP back by writing belay's vectors into HVBAR. belay then treats
 * the CPU as STUB again: GET_STATE, LAUNCH and SOFT_RESTART work.
 */
#include "abi_common.h"

#define ROUNDS	10

int main(void)
{
	struct checker c = { .quiet = false };

	abi_init();
	foreign_record.belay_vectors = belay_vectors;

	report_prefix_push("run");
	uint32_t v = hvc1(HVC_SET_VECTORS, (uint32_t)(uintptr_t)foreign_hyp_vectors);
	check(&c, v == HVC_STUB_ERR, "SET_VECTORS in RUN -> HVC_STUB_ERR (%08x)", v);
	v = belay_state();
	check(&c, v == BELAY_STATE_RUN, "still RUN (%s)", belay_state_name(v));
	report_prefix_pop();

	report_prefix_push("stub");
	abi_to_stub(&c);
	report_prefix_pop();

	report_prefix_push("foreign");
	if (!abi_foreign_round(&c))
		test_abort("cannot continue: SET_VECTORS refused");
	report_prefix_pop();

	/* FOREIGN -> STUB (hand back) -> LAUNCH -> RUN. */
	report_prefix_push("foreign->stub->run");
	abi_to_run(&c);
	abi_check_common(&c, BELAY_STATE_RUN, false);
	report_prefix_pop();

	/* FOREIGN -> STUB -> SOFT_RESTART -> STUB -> RUN. */
	report_prefix_push("foreign->stub->soft_restart");
	abi_to_stub(&c);
	if (!abi_foreign_round(&c))
		test_abort("cannot continue: SET_VECTORS refused");
	uint32_t seed = 0x3c000000;
	v = soft_restart_call((uint32_t)(uintptr_t)sr_target_arm, seed);
	check(&c, v == 0 && sr_record.arrived == SR_ARRIVED_MAGIC,
	      "SOFT_RESTART after the hand-back reaches the target (hvc returned %08x)",
	      sr_record.returned);
	check(&c, sr_record.hvbar == belay_vectors, "HVBAR there is belay's (%08x)", sr_record.hvbar);
	v = belay_state();
	check(&c, v == BELAY_STATE_STUB, "back in SVC: STUB (%s)", belay_state_name(v));
	abi_to_run(&c);
	report_prefix_pop();

	/* Repeated rounds, STUB -> FOREIGN -> STUB, then RUN. */
	struct checker q = { .quiet = true };
	abi_to_stub(&q);
	for (int i = 0; i < ROUNDS && abi_foreign_round(&q); i++)
		;
	abi_to_run(&q);
	report(q.fails == 0, "%d more STUB -> FOREIGN -> STUB rounds (%u checks, %u failed)",
	       ROUNDS, q.checks, q.fails);
	v = belay_state();
	report(v == BELAY_STATE_RUN, "RUN at the end (%s)", belay_state_name(v));
	return 0;
}
