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
