// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * sp_hyp_moved: belay must not find its per-CPU data through SP_hyp
 * (issue 9, defect 5). Code that belay hands HYP to may move SP_hyp and
 * give the CPU back with belay's vectors still installed: a SOFT_RESTART
 * target that drops to SVC with ERET (hyp-abi.md allows it), or foreign
 * vectors that move it when they hand HYP back. Here SP_hyp then points
 * into the middle of a sentinel area in guest RAM filled with a known
 * pattern. Every hyp-stub call must still get the STUB column's answer,
 * registers preserved; SET_VECTORS in and out of the window, LAUNCH and
 * the RUN column afterwards, and the sentinel must be unchanged at the
 * end: belay reads and writes nothing around the SP_hyp it finds.
 */
#include "abi_common.h"

/* 16 KiB: SP_hyp is moved 12 KiB in, so a belay that used it as a stack
 * (pushes below it, its per-CPU block above it) writes inside the area. */
#define SENTINEL_WORDS	4096
#define SP_AT_WORD	3072

static uint32_t sentinel[SENTINEL_WORDS] __attribute__((aligned(64)));

static uint32_t pattern(unsigned int i)
{
	return 0x5e000000u | (i * 0x9e37u & 0xffffffu);
}

static void sentinel_fill(void)
{
	for (unsigned int i = 0; i < SENTINEL_WORDS; i++)
		sentinel[i] = pattern(i);
	__asm__ volatile("dsb sy" : : : "memory");
}

static bool sentinel_intact(struct checker *c, const char *when)
{
	unsigned int changed = 0, first = 0, last = 0;

	for (unsigned int i = 0; i < SENTINEL_WORDS; i++) {
		if (sentinel[i] == pattern(i))
			continue;
		if (!changed++)
			first = i;
		last = i;
	}
	if (changed)
		report_info("%u words changed, SP_hyp %+d to %+d bytes (first now %08x)", changed,
			    (int)(first - SP_AT_WORD) * 4, (int)(last - SP_AT_WORD) * 4,
			    sentinel[first]);
	return check(c, changed == 0, "%s: the sentinel around the moved SP_hyp is unchanged",
		     when);
}

static uint32_t moved_sp(void)
{
	return (uint32_t)(uintptr_t)&sentinel[SP_AT_WORD];
}

/*
 * SOFT_RESTART (from RUN or STUB) to sr_target_move_sp: it must arrive in
 * HYP with belay's vectors and belay's own SP_hyp, and come back to SVC in
 * STUB with SP_hyp at the sentinel.
 */
static void soft_restart_move_sp(struct checker *c, const char *from)
{
	memset(&sr_record, 0, sizeof(sr_record));
	sr_new_sp_hyp = moved_sp();
	uint32_t ret = soft_restart_call((uint32_t)(uintptr_t)sr_target_move_sp, 0x5b000000);
	const struct sr_record *r = &sr_record;

	if (!check(c, ret == 0 && r->arrived == SR_ARRIVED_MOVE_SP,
		   "SOFT_RESTART from %s reaches the target (hvc returned: %s, r0 %08x)", from,
		   ret ? "yes" : "no", r->returned))
		test_abort("cannot continue without the SOFT_RESTART target");
	check(c, (r->cpsr & PSR_MODE_MASK) == PSR_MODE_HYP, "%s: target in HYP (cpsr %08x)", from,
	      r->cpsr);
	check(c, r->hvbar == belay_vectors, "%s: HVBAR there is belay's (%08x)", from, r->hvbar);
	check(c, r->sp_hyp >= rt.belay_base && r->sp_hyp < rt.belay_base + rt.belay_size,
	      "%s: the target's SP_hyp is belay's, in its region (%08x)", from, r->sp_hyp);
	uint32_t st = belay_state();
	check(c, st == BELAY_STATE_STUB, "%s: back in SVC with SP_hyp moved to %08x: STUB (%s)",
	      from, moved_sp(), belay_state_name(st));
}

/* The STUB column with SP_hyp wherever the last HYP owner left it. */
static void stub_column(struct checker *c)
{
	uint32_t v;

	v = belay_get_vectors();
	check(c, v == belay_vectors, "GET_VECTORS = belay's vectors (%08x)", v);
	v = hvc_call4(BELAY_GET_STATE, 0, 0, 0).r0;
	check(c, v == BELAY_STATE_STUB, "vendor GET_STATE = STUB (%s)", belay_state_name(v));
	v = belay_reset_vectors();
	check(c, v == 0, "RESET_VECTORS in STUB -> 0 (%08x)", v);
	v = hvc1(HVC_SET_VECTORS, abi_aligned_ram_addr() + 4);
	check(c, v == HVC_STUB_ERR, "SET_VECTORS misaligned, in the window -> HVC_STUB_ERR (%08x)", v);
	v = hvc1(HVC_SET_VECTORS, 0x1000);
	check(c, v == HVC_STUB_ERR, "SET_VECTORS 0x1000, aligned, out of the window -> HVC_STUB_ERR (%08x)", v);
	v = hvc1(HVC_SET_VECTORS, (uint32_t)rt.belay_base);
	check(c, v == HVC_STUB_ERR, "SET_VECTORS belay's base, aligned, out of the window -> HVC_STUB_ERR (%08x)", v);
	/* Unknown codes, non-zero immediates, SMCCC, vendor calls, PSCI. */
	abi_check_common(c, BELAY_STATE_STUB, true);
	abi_check_regs(c, BELAY_STATE_STUB);
}

int main(void)
{
	struct checker c = { .quiet = false };

	abi_init();
	report_info("sentinel %p-%p, SP_hyp moved to %08x", (void *)sentinel,
		    (void *)(sentinel + SENTINEL_WORDS), moved_sp());
	sentinel_fill();

	report_prefix_push("from-run");
	soft_restart_move_sp(&c, "RUN");
	report_prefix_pop();
	report_prefix_push("stub");
	stub_column(&c);
	sentinel_intact(&c, "after the STUB column");
	report_prefix_pop();

	/* SET_VECTORS in the window: the guest's vectors, then their hand-back. */
	report_prefix_push("foreign");
	abi_foreign_round(&c);
	stub_column(&c);
	report_prefix_pop();

	/* Foreign vectors that move SP_hyp as they hand HYP back. */
	report_prefix_push("foreign-moves-sp");
	foreign_record.handback_sp = moved_sp();
	abi_foreign_round(&c);
	foreign_record.handback_sp = 0;
	stub_column(&c);
	sentinel_intact(&c, "after SET_VECTORS and the hand-backs");
	report_prefix_pop();

	/* SOFT_RESTART from STUB with SP_hyp moved; the target moves it again. */
	report_prefix_push("from-stub");
	soft_restart_move_sp(&c, "STUB");
	stub_column(&c);
	report_prefix_pop();

	/* LAUNCH with SP_hyp moved: RUN works, and RESET_VECTORS back. */
	report_prefix_push("launch");
	if (abi_to_run(&c)) {
		abi_check_common(&c, BELAY_STATE_RUN, false);
		abi_check_regs(&c, BELAY_STATE_RUN);
		abi_to_stub(&c);
		stub_column(&c);
		abi_to_run(&c);
	}
	report_prefix_pop();

	sentinel_intact(&c, "at the end");
	return 0;
}
