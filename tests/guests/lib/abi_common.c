// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

#include "abi_common.h"

uint32_t belay_vectors;

void abi_init(void)
{
	rt_require_belay();
	belay_vectors = belay_get_vectors();
	/* Should a SET_VECTORS that must fail succeed, the foreign vectors can
	 * still hand HYP back. */
	foreign_record.belay_vectors = belay_vectors;
	report_info("belay region %08x+%x, vectors %08x", (uint32_t)rt.belay_base,
		    (uint32_t)rt.belay_size, belay_vectors);
	uint32_t st = belay_state();
	if (st != BELAY_STATE_RUN)
		test_abort("expected RUN at guest entry, BELAY_GET_STATE = %u (%s)",
			   st, belay_state_name(st));
}

uint32_t abi_aligned_ram_addr(void)
{
	return (uint32_t)(uintptr_t)foreign_hyp_vectors;
}

/* GET_STATE after a call, if asked: never a transient or foreign state. */
static void state_after(struct checker *c, bool on, uint32_t state, const char *after)
{
	if (!on)
		return;
	uint32_t st = belay_state();
	check(c, st == state, "state after %s is %s (%u)", after, belay_state_name(st), st);
}

void abi_check_common(struct checker *c, uint32_t state, bool sa)
{
	const char *sn = belay_state_name(state);
	struct res4 r;
	uint32_t v;

	v = belay_get_vectors();
	check(c, v == belay_vectors, "%s: GET_VECTORS = belay's vectors (%08x)", sn, v);
	state_after(c, sa, state, "GET_VECTORS");

	v = belay_state();
	check(c, v == state, "%s: GET_STATE = %s (%u)", sn, belay_state_name(v), v);

	static const uint32_t unknown[] = { 3, 4, 0x7fffffff, 0x12345678 };
	for (unsigned int i = 0; i < ARRAY_SIZE(unknown); i++) {
		v = hvc0(unknown[i]);
		check(c, v == HVC_STUB_ERR, "%s: unknown r0 %x -> HVC_STUB_ERR (%08x)", sn,
		      unknown[i], v);
		state_after(c, sa, state, "an unknown call");
	}

	/* Valid function codes with a non-zero immediate: still errors. */
	v = hvc1_call4(BELAY_GET_STATE, 0, 0, 0).r0;
	check(c, v == HVC_STUB_ERR, "%s: hvc #1 (GET_STATE) -> HVC_STUB_ERR (%08x)", sn, v);
	v = hvcffff_call4(HVC_GET_VECTORS, 0, 0, 0).r0;
	check(c, v == HVC_STUB_ERR, "%s: hvc #0xffff (GET_VECTORS) -> HVC_STUB_ERR (%08x)", sn, v);
	state_after(c, sa, state, "hvc #imm");

	/* SET_VECTORS that no state accepts. */
	uint32_t ram = abi_aligned_ram_addr();
	v = hvc1(HVC_SET_VECTORS, ram + 4);
	check(c, v == HVC_STUB_ERR, "%s: SET_VECTORS misaligned (%08x) -> HVC_STUB_ERR (%08x)",
	      sn, ram + 4, v);
	v = hvc1(HVC_SET_VECTORS, 0);
	check(c, v == HVC_STUB_ERR, "%s: SET_VECTORS 0x0 (not RAM) -> HVC_STUB_ERR (%08x)", sn, v);
	v = hvc1(HVC_SET_VECTORS, belay_vectors);
	check(c, v == HVC_STUB_ERR, "%s: SET_VECTORS belay's own vectors -> HVC_STUB_ERR (%08x)",
	      sn, v);
	uint32_t inside = (uint32_t)rt.belay_base + 0x1000;
	v = hvc1(HVC_SET_VECTORS, inside);
	check(c, v == HVC_STUB_ERR, "%s: SET_VECTORS %08x in belay's region -> HVC_STUB_ERR (%08x)",
	      sn, inside, v);
	state_after(c, sa, state, "a refused SET_VECTORS");

	/* SMCCC. */
	v = hvc0(SMCCC_VERSION);
	check(c, v == SMCCC_VERSION_1_1, "%s: SMCCC_VERSION = 1.1 (%08x)", sn, v);
	v = hvc1(SMCCC_ARCH_FEATURES, 0x8000ffff);
	check(c, v == (uint32_t)SMCCC_NOT_SUPPORTED,
	      "%s: SMCCC_ARCH_FEATURES(unknown) = NOT_SUPPORTED (%d)", sn, (int32_t)v);
	static const uint32_t unknown_smccc[] = { 0x86001234, 0xc4000000, 0x8600ff02, 0x83000000 };
	for (unsigned int i = 0; i < ARRAY_SIZE(unknown_smccc); i++) {
		v = hvc0(unknown_smccc[i]);
		check(c, v == (uint32_t)SMCCC_NOT_SUPPORTED,
		      "%s: unknown SMCCC %08x -> NOT_SUPPORTED (%d)", sn, unknown_smccc[i],
		      (int32_t)v);
	}
	state_after(c, sa, state, "SMCCC calls");

	/* belay's vendor service. */
	v = hvc0(BELAY_CALL_COUNT);
	check(c, v == BELAY_NR_CALLS, "%s: BELAY_CALL_COUNT = %u (%u)", sn, BELAY_NR_CALLS, v);
	r = hvc_call4(BELAY_CALL_UID, 0, 0, 0);
	check(c, r.r0 == BELAY_UID_0 && r.r1 == BELAY_UID_1 && r.r2 == BELAY_UID_2 &&
	      r.r3 == BELAY_UID_3, "%s: BELAY_CALL_UID (%08x %08x %08x %08x)", sn,
	      r.r0, r.r1, r.r2, r.r3);
	r = hvc_call4(BELAY_CALL_REVISION, 0, 0, 0);
	check(c, r.r0 == BELAY_REVISION_MAJOR && r.r1 == BELAY_REVISION_MINOR,
	      "%s: BELAY_CALL_REVISION = %u.%u (%u.%u)", sn, BELAY_REVISION_MAJOR,
	      BELAY_REVISION_MINOR, r.r0, r.r1);
	r = hvc_call4(BELAY_MEM_INFO, 0, 0, 0);
	check(c, r.r1 > 0 && r.r0 <= r.r1, "%s: BELAY_MEM_INFO free %u <= total %u, total > 0",
	      sn, r.r0, r.r1);
	state_after(c, sa, state, "vendor calls");

	/* PSCI through both conduits (in STUB the smc goes straight to the
	 * firmware, the hvc to belay: they must agree). */
	uint32_t vs = smc1(PSCI_VERSION);
	uint32_t vh = hvc0(PSCI_VERSION);
	check(c, vs >= 0x10000 && vs < 0x20000, "%s: PSCI_VERSION via smc is 1.x (%08x)", sn, vs);
	check(c, vh == vs, "%s: PSCI_VERSION via hvc = via smc (%08x)", sn, vh);
	v = hvc_call4(PSCI_AFFINITY_INFO, read_sysreg(MPIDR) & 0xffffff, 0, 0).r0;
	check(c, v == PSCI_AFFINITY_ON, "%s: PSCI AFFINITY_INFO(self) via hvc = ON (%d)", sn,
	      (int32_t)v);
	state_after(c, sa, state, "PSCI calls");
}

bool abi_regs_preserved(struct checker *c, const char *what, int conduit,
			uint32_t fn, uint32_t arg1, int nret, uint32_t expect_r0)
{
	static struct regcheck rc;
	bool ok = true;

	for (int i = 0; i < 13; i++)
		rc.in[i] = 0xa5000000u | ((uint32_t)i << 16) | (fn & 0xffff);
	rc.in[0] = fn;
	rc.in[1] = arg1;
	rc.lr_in = 0x1e1e1e1e ^ fn;
	rc.apsr_in = 0xa0000000;	/* N and C set, Z and V clear */
	rc.lr_usr_in = 0x7e7e7e7e ^ fn;
	rc.sp_usr_in = 0x5b5b5b50 ^ (fn & ~7u);
	switch (conduit) {
	case CONDUIT_HVC0:
		regcheck_hvc0(&rc);
		break;
	case CONDUIT_SMC0:
		regcheck_smc0(&rc);
		break;
	default:
		regcheck_hvc1(&rc);
		break;
	}
	int first = nret > 1 ? nret : 1;
	int bad = -1;
	for (int i = first; i < 13; i++)
		if (rc.out[i] != rc.in[i] && bad < 0)
			bad = i;
	if (bad >= 0) {
		ok = false;
		report_info("%s: r%d = %08x, was %08x", what, bad, rc.out[bad], rc.in[bad]);
	}
	if (rc.lr_out != rc.lr_in) {
		ok = false;
		report_info("%s: lr = %08x, was %08x", what, rc.lr_out, rc.lr_in);
	}
	if (rc.sp_out != rc.sp_in) {
		ok = false;
		report_info("%s: sp = %08x, was %08x", what, rc.sp_out, rc.sp_in);
	}
	if (rc.lr_usr_out != rc.lr_usr_in || rc.sp_usr_out != rc.sp_usr_in) {
		ok = false;
		report_info("%s: LR_usr/SP_usr = %08x/%08x, were %08x/%08x", what,
			    rc.lr_usr_out, rc.sp_usr_out, rc.lr_usr_in, rc.sp_usr_in);
	}
	if ((rc.apsr_out & 0xf8000000) != rc.apsr_in) {
		ok = false;
		report_info("%s: flags = %08x, were %08x", what, rc.apsr_out & 0xf8000000,
			    rc.apsr_in);
	}
	if (expect_r0 != ANY_R0 && rc.out[0] != expect_r0) {
		ok = false;
		report_info("%s: r0 = %08x, expected %08x", what, rc.out[0], expect_r0);
	}
	return check(c, ok, "%s: registers preserved (r%d-r12, lr, sp, LR_usr, SP_usr, flags)", what, first);
}

void abi_check_regs(struct checker *c, uint32_t state)
{
	char what[64];
	const char *sn = belay_state_name(state);

#define REGS(name, conduit, fn, a1, nret, r0)					\
	do {									\
		snprintf(what, sizeof(what), "%s: %s", sn, name);		\
		abi_regs_preserved(c, what, conduit, fn, a1, nret, r0);		\
	} while (0)

	REGS("GET_VECTORS", CONDUIT_HVC0, HVC_GET_VECTORS, 0, 1, belay_vectors);
	REGS("GET_STATE", CONDUIT_HVC0, BELAY_GET_STATE, 0, 1, state);
	REGS("unknown r0 3", CONDUIT_HVC0, 3, 0x11111111, 1, HVC_STUB_ERR);
	REGS("hvc #1", CONDUIT_HVC1, BELAY_GET_STATE, 0, 1, HVC_STUB_ERR);
	REGS("SET_VECTORS misaligned", CONDUIT_HVC0, HVC_SET_VECTORS,
	     abi_aligned_ram_addr() + 4, 1, HVC_STUB_ERR);
	REGS("SMCCC_VERSION", CONDUIT_HVC0, SMCCC_VERSION, 0, 1, SMCCC_VERSION_1_1);
	REGS("unknown SMCCC", CONDUIT_HVC0, 0x86001234, 0, 1, (uint32_t)SMCCC_NOT_SUPPORTED);
	REGS("BELAY_CALL_UID", CONDUIT_HVC0, BELAY_CALL_UID, 0, 4, BELAY_UID_0);
	REGS("BELAY_CALL_REVISION", CONDUIT_HVC0, BELAY_CALL_REVISION, 0, 4,
	     BELAY_REVISION_MAJOR);
	REGS("BELAY_MEM_INFO", CONDUIT_HVC0, BELAY_MEM_INFO, 0, 4, ANY_R0);
	REGS("BELAY_CALL_COUNT", CONDUIT_HVC0, BELAY_CALL_COUNT, 0, 1, BELAY_NR_CALLS);
	REGS("PSCI_VERSION via hvc", CONDUIT_HVC0, PSCI_VERSION, 0, 1, ANY_R0);
	REGS("PSCI_VERSION via smc", CONDUIT_SMC0, PSCI_VERSION, 0, 1, ANY_R0);
	if (state == BELAY_STATE_STUB)
		REGS("RESET_VECTORS (no-op)", CONDUIT_HVC0, HVC_RESET_VECTORS, 0, 1, 0);
	else
		REGS("LAUNCH (already running)", CONDUIT_HVC0, BELAY_LAUNCH, 0, 1,
		     (uint32_t)BELAY_ERR_ALREADY_RUNNING);
#undef REGS
}

bool abi_to_stub(struct checker *c)
{
	uint32_t v = belay_reset_vectors();
	bool ok = check(c, v == 0, "RESET_VECTORS from RUN returns 0 (%08x)", v);
	uint32_t st = belay_state();

	return check(c, st == BELAY_STATE_STUB, "state after RESET_VECTORS is STUB (%s)",
		     belay_state_name(st)) && ok;
}

bool abi_to_run(struct checker *c)
{
	uint32_t v = belay_launch();
	bool ok = check(c, v == 0, "BELAY_LAUNCH from STUB returns 0 (%08x)", v);
	uint32_t st = belay_state();

	return check(c, st == BELAY_STATE_RUN, "state after BELAY_LAUNCH is RUN (%s)",
		     belay_state_name(st)) && ok;
}

unsigned int abi_transient_cycles(struct checker *q, int cycles)
{
	unsigned int bad_transition = 0;

	for (int i = 0; i < cycles; i++) {
		uint32_t v = belay_reset_vectors();
		uint32_t st = belay_state();
		if (v != 0 || st != BELAY_STATE_STUB) {
			if (bad_transition++ < 4)
				report_info("cycle %d: RESET_VECTORS = %08x, then %s", i, v,
					    belay_state_name(st));
		}
		abi_check_common(q, BELAY_STATE_STUB, true);
		v = belay_reset_vectors();	/* the STUB no-op, interleaved */
		st = belay_state();
		if (v != 0 || st != BELAY_STATE_STUB)
			bad_transition++;

		v = belay_launch();
		st = belay_state();
		if (v != 0 || st != BELAY_STATE_RUN) {
			if (bad_transition++ < 4)
				report_info("cycle %d: LAUNCH = %08x, then %s", i, v,
					    belay_state_name(st));
		}
		abi_check_common(q, BELAY_STATE_RUN, true);
		v = belay_launch();	/* already running */
		st = belay_state();
		if (v != (uint32_t)BELAY_ERR_ALREADY_RUNNING || st != BELAY_STATE_RUN)
			bad_transition++;
	}
	return bad_transition;
}

bool abi_foreign_round(struct checker *c)
{
	uint32_t calls0 = foreign_record.calls, handbacks0 = foreign_record.handbacks;
	uint32_t v = hvc1(HVC_SET_VECTORS, (uint32_t)(uintptr_t)foreign_hyp_vectors);

	if (!check(c, v == 0, "SET_VECTORS(guest vectors %p) in STUB -> 0 (%08x)",
		   foreign_hyp_vectors, v))
		return false;

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
	return true;
}

/* HCPTR trap bits (B4.1.74): TCP10, TCP11, TASE, TTA, TCPAC. */
#define HCPTR_TRAPS	((1u << 10) | (1u << 11) | (1u << 15) | (1u << 20) | (1u << 31))

void abi_soft_restart_round(struct checker *c, bool from_run, bool thumb, uint32_t seed)
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
	/* One VMID in every state: the guest's TLB entries from STUB and RUN
	 * must answer the same broadcast invalidates (vmid_tlb.c). */
	check(c, ((r->vttbr_hi >> 16) & 0xff) == BELAY_VMID,
	      "%s -> %s: VTTBR.VMID = BELAY_VMID (%u) (VTTBR %08x%08x)", from, isa, BELAY_VMID,
	      r->vttbr_hi, r->vttbr_lo);
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
