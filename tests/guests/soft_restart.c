// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * soft_restart: HVC_SOFT_RESTART from STUB and from RUN, to ARM and Thumb
 * targets (DESIGN §4). The target (lib/hyp_helpers.S) records what it finds
 * in HYP: mode, A/I/F masked, HSCTLR.M/C/I off, r2-r12 as at the call,
 * HVBAR = belay's vectors and, coming from RUN, the full teardown (HCR = 0,
 * so Stage-2 off; HSTR = 0; no HCPTR traps). It then ERETs to SVC, where the
 * CPU must be in STUB, and BELAY_LAUNCH brings RUN back.
 */
#include "abi_common.h"

#define ROUNDS	10

/* HCPTR trap bits (B4.1.74): TCP10, TCP11, TASE, TTA, TCPAC. */
#define HCPTR_TRAPS	((1u << 10) | (1u << 11) | (1u << 15) | (1u << 20) | (1u << 31))

static void one(struct checker *c, bool from_run, bool thumb, uint32_t seed)
{
	const char *from = from_run ? "RUN" : "STUB";
	const char *isa = thumb ? "Thumb" : "ARM";
	uint32_t target = thumb ? ((uint32_t)(uintptr_t)sr_target_thumb | 1)
				: (uint32_t)(uintptr_t)sr_target_arm;
	uint32_t st;

	if (!from_run)
		abi_to_stub(c);
	st = belay_state();
	check(c, st == (from_run ? BELAY_STATE_RUN : BELAY_STATE_STUB), "%s: in %s before (%s)",
	      from, from, belay_state_name(st));

	memset(&sr_record, 0, sizeof(sr_record));
	uint32_t ret = soft_restart_call(target, seed);
	const struct sr_record *r = &sr_record;

	uint32_t magic = thumb ? SR_ARRIVED_THUMB : SR_ARRIVED_MAGIC;

	if (!check(c, ret == 0 && r->arrived == magic,
		   "%s -> %s target: control arrives there (hvc returned: %s, r0 %08x)",
		   from, isa, ret ? "yes" : "no", r->returned)) {
		abi_to_run(c);
		return;
	}
	check(c, (r->cpsr & PSR_MODE_MASK) == PSR_MODE_HYP, "%s -> %s: in HYP mode (cpsr %08x)",
	      from, isa, r->cpsr);
	check(c, (r->cpsr & (PSR_A | PSR_I | PSR_F)) == (PSR_A | PSR_I | PSR_F),
	      "%s -> %s: A/I/F masked (cpsr %08x)", from, isa, r->cpsr);
	check(c, !(r->hsctlr & (HSCTLR_M | HSCTLR_C | HSCTLR_I)),
	      "%s -> %s: HSCTLR.M/C/I off (%08x)", from, isa, r->hsctlr);
	int bad = -1;
	for (int i = 2; i <= 12; i++)
		if (r->r[i] != sr_pattern(seed, i) && bad < 0)
			bad = i;
	check(c, bad < 0, "%s -> %s: r2-r12 preserved%s", from, isa,
	      bad < 0 ? "" : " (first bad one below)");
	if (bad >= 0)
		report_info("r%d = %08x, expected %08x", bad, r->r[bad], sr_pattern(seed, bad));
	check(c, r->hvbar == belay_vectors, "%s -> %s: HVBAR = belay's vectors (%08x)", from, isa,
	      r->hvbar);
	if (from_run) {
		check(c, r->hcr == 0, "%s -> %s: HCR = 0, Stage-2 and traps off (%08x)", from, isa,
		      r->hcr);
		check(c, r->hstr == 0, "%s -> %s: HSTR = 0 (%08x)", from, isa, r->hstr);
		check(c, !(r->hcptr & HCPTR_TRAPS), "%s -> %s: no HCPTR traps (%08x)", from, isa,
		      r->hcptr);
	}
	check(c, r->svc_sp_after == r->svc_sp, "%s -> %s: SP_svc intact after the round trip",
	      from, isa);

	st = belay_state();
	check(c, st == BELAY_STATE_STUB, "%s -> %s: back in SVC the CPU is in STUB (%s)", from,
	      isa, belay_state_name(st));
	uint32_t v = belay_get_vectors();
	check(c, v == belay_vectors, "%s -> %s: GET_VECTORS = belay's (%08x)", from, isa, v);
	abi_to_run(c);
}

int main(void)
{
	struct checker c = { .quiet = false };

	abi_init();
	report_info("targets: ARM %p, Thumb %p", sr_target_arm, sr_target_thumb);

	/* First round reported check by check, then quiet repeats. */
	uint32_t seed = 0x51000000;
	for (int from_run = 1; from_run >= 0; from_run--)
		for (int thumb = 0; thumb <= 1; thumb++)
			one(&c, from_run, thumb, seed ^ (from_run << 12) ^ (thumb << 8));

	for (int round = 1; round < ROUNDS; round++) {
		struct checker q = { .quiet = true };

		for (int from_run = 1; from_run >= 0; from_run--)
			for (int thumb = 0; thumb <= 1; thumb++)
				one(&q, from_run, thumb,
				    (seed + 0x10000 * round) ^ (from_run << 12) ^ (thumb << 8));
		report(q.fails == 0, "round %d: STUB/RUN x ARM/Thumb SOFT_RESTART (%u checks, %u failed)",
		       round + 1, q.checks, q.fails);
	}
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "RUN at the end (%s)", belay_state_name(st));
	return 0;
}
