// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * abi_foreign: SET_VECTORS (DESIGN §4, the FOREIGN state). Refused in RUN;
 * in STUB it installs the guest's own HYP vectors (lib/hyp_helpers.S):
 * every hvc then lands there, in HYP with the MMU off, until that code
 * hands HYP back by writing belay's vectors into HVBAR. belay then treats
 * the CPU as STUB again: GET_STATE, LAUNCH and SOFT_RESTART work.
 */
#include "abi_common.h"

#define ROUNDS	10

/* STUB -> FOREIGN, prove hvcs reach our vectors, hand back -> STUB. */
static void foreign_round(struct checker *c)
{
	uint32_t calls0 = foreign_record.calls, handbacks0 = foreign_record.handbacks;
	uint32_t v = hvc1(HVC_SET_VECTORS, (uint32_t)(uintptr_t)foreign_hyp_vectors);

	if (!check(c, v == 0, "SET_VECTORS(guest vectors %p) in STUB -> 0 (%08x)",
		   foreign_hyp_vectors, v))
		test_abort("cannot continue: SET_VECTORS refused");

	struct res4 r = hvc_call4(BELAY_GET_STATE, 0, 0, 0);
	check(c, r.r0 == FOREIGN_MAGIC, "hvc in FOREIGN reaches the guest's vectors (r0 %08x)", r.r0);
	check(c, r.r1 == HSR_HVC0, "HSR there is hvc #0 (%08x)", r.r1);
	check(c, (r.r2 & PSR_MODE_MASK) == PSR_MODE_HYP, "they run in HYP mode (cpsr %08x)", r.r2);
	check(c, !(r.r3 & HSCTLR_M), "with the HYP MMU off (HSCTLR %08x)", r.r3);
	check(c, foreign_record.calls == calls0 + 1 && foreign_record.last_r0 == BELAY_GET_STATE,
	      "they recorded the call (%u calls, last r0 %08x)", foreign_record.calls - calls0,
	      foreign_record.last_r0);
	v = hvc0(HVC_GET_VECTORS);
	check(c, v == FOREIGN_MAGIC, "GET_VECTORS too is theirs (%08x)", v);
	v = hvc0(BELAY_LAUNCH);
	check(c, v == FOREIGN_MAGIC, "BELAY_LAUNCH too is theirs (%08x)", v);

	/* belay is out of the way: the smc reaches the firmware. */
	v = smc1(PSCI_VERSION);
	check(c, v >= 0x10000 && v < 0x20000, "PSCI_VERSION via smc answers in FOREIGN (%08x)", v);

	/* Their HVC_RESET_VECTORS writes belay's vectors back to HVBAR. */
	v = hvc0(HVC_RESET_VECTORS);
	check(c, v == 0 && foreign_record.handbacks == handbacks0 + 1,
	      "the guest's vectors hand HYP back (r0 %08x)", v);
	v = belay_state();
	check(c, v == BELAY_STATE_STUB, "belay answers again, in STUB (%s)", belay_state_name(v));
	v = belay_get_vectors();
	check(c, v == belay_vectors, "GET_VECTORS = belay's vectors again (%08x)", v);
}

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
	foreign_round(&c);
	report_prefix_pop();

	/* FOREIGN -> STUB (hand back) -> LAUNCH -> RUN. */
	report_prefix_push("foreign->stub->run");
	abi_to_run(&c);
	abi_check_common(&c, BELAY_STATE_RUN, false);
	report_prefix_pop();

	/* FOREIGN -> STUB -> SOFT_RESTART -> STUB -> RUN. */
	report_prefix_push("foreign->stub->soft_restart");
	abi_to_stub(&c);
	foreign_round(&c);
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
	for (int i = 0; i < ROUNDS; i++)
		foreign_round(&q);
	abi_to_run(&q);
	report(q.fails == 0, "%d more STUB -> FOREIGN -> STUB rounds (%u checks, %u failed)",
	       ROUNDS, q.checks, q.fails);
	v = belay_state();
	report(v == BELAY_STATE_RUN, "RUN at the end (%s)", belay_state_name(v));
	return 0;
}
