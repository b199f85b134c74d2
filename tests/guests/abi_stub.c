// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * abi_stub: the STUB column of docs/hyp-abi.md and the RUN <-> STUB transitions.
 * RESET_VECTORS from RUN tears belay down (-> STUB); every call is then
 * checked in STUB; BELAY_LAUNCH brings RUN back. Finally the transient-state
 * test: INIT and TEARDOWN must never be observable from the guest, so 100
 * RESET/LAUNCH cycles interleave every call with GET_STATE and it must
 * only ever say STUB or RUN (the one expected).
 */
#include "abi_common.h"

#define CYCLES	100

static void test_reset_from_run(struct checker *c)
{
	report_prefix_push("run->stub");
	abi_regs_preserved(c, "RESET_VECTORS from RUN", CONDUIT_HVC0, HVC_RESET_VECTORS, 0, 1, 0);
	uint32_t st = belay_state();
	check(c, st == BELAY_STATE_STUB, "RESET_VECTORS from RUN -> STUB (%s)", belay_state_name(st));
	report_prefix_pop();
}

static void test_stub_calls(struct checker *c)
{
	report_prefix_push("stub");
	abi_check_common(c, BELAY_STATE_STUB, false);

	uint32_t v = belay_reset_vectors();
	check(c, v == 0, "RESET_VECTORS in STUB -> 0 (%08x)", v);
	v = belay_state();
	check(c, v == BELAY_STATE_STUB, "still STUB after RESET_VECTORS (%s)", belay_state_name(v));

	/* Outside RAM: far above it, and just past the end of guest RAM. */
	v = hvc1(HVC_SET_VECTORS, 0xc0000000);
	check(c, v == HVC_STUB_ERR, "SET_VECTORS 0xc0000000 (not RAM) -> HVC_STUB_ERR (%08x)", v);
	v = hvc1(HVC_SET_VECTORS, (uint32_t)rt.belay_base);
	check(c, v == HVC_STUB_ERR, "SET_VECTORS at belay's base %08x -> HVC_STUB_ERR (%08x)",
	      (uint32_t)rt.belay_base, v);
	v = hvc1(HVC_SET_VECTORS, (uint32_t)(rt.belay_base + rt.belay_size - 32));
	check(c, v == HVC_STUB_ERR, "SET_VECTORS at the end of belay's region -> HVC_STUB_ERR (%08x)",
	      v);
	v = hvc1(HVC_SET_VECTORS, abi_aligned_ram_addr() + 16);
	check(c, v == HVC_STUB_ERR, "SET_VECTORS 16-byte aligned only -> HVC_STUB_ERR (%08x)", v);
	v = belay_state();
	check(c, v == BELAY_STATE_STUB, "still STUB after the refused SET_VECTORS (%s)",
	      belay_state_name(v));
	report_prefix_pop();

	report_prefix_push("stub regs");
	abi_check_regs(c, BELAY_STATE_STUB);
	report_prefix_pop();
}

static void test_launch(struct checker *c)
{
	report_prefix_push("stub->run");
	abi_regs_preserved(c, "BELAY_LAUNCH from STUB", CONDUIT_HVC0, BELAY_LAUNCH, 0, 1, 0);
	uint32_t st = belay_state();
	check(c, st == BELAY_STATE_RUN, "BELAY_LAUNCH from STUB -> RUN (%s)", belay_state_name(st));
	uint32_t v = belay_get_vectors();
	check(c, v == belay_vectors, "GET_VECTORS unchanged after the cycle (%08x)", v);
	report_prefix_pop();
}

/*
 * RESET_VECTORS / LAUNCH cycles with every call in between, GET_STATE after
 * each: only STUB or RUN, and the right one.
 */
static void test_transient(void)
{
	struct checker q = { .quiet = true };

	report_prefix_push("transient");
	unsigned int bad_transition = abi_transient_cycles(&q, CYCLES);
	report(bad_transition == 0, "%d RESET_VECTORS/LAUNCH cycles: every transition completed",
	       CYCLES);
	report(q.fails == 0,
	       "%u calls and GET_STATEs interleaved: state always the expected STUB or RUN (%u wrong)",
	       q.checks, q.fails);
	report_prefix_pop();
}

int main(void)
{
	struct checker c = { .quiet = false };

	abi_init();
	test_reset_from_run(&c);
	test_stub_calls(&c);
	test_launch(&c);
	test_transient();
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "RUN at the end (%s)", belay_state_name(st));
	return 0;
}
