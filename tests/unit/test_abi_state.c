/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * docs/hyp-abi.md's state x call table and the per-CPU transitions
 * (hyp/abi_state.c, hyp/cpu_state.c) against a fake CPU: HVBAR, belay's
 * HYP MMU and Stage-2 as flags, guest RAM, PSCI and the page pool as
 * recorders, and a log of every side effect with the state word at that
 * moment. The fake routes an `hvc` to belay only while belay's vectors are
 * in HVBAR, as the hardware does, which is how the FOREIGN column is made.
 * hyp/vectors.S's fast path is not here (docs/testing.md says which cells
 * only the QEMU tests reach).
 */
#include <stdio.h>
#include <string.h>

#include <belay/abi.h>
#include <hyp/abi_state.h>
#include <hyp/cpu_state.h>

#include "check.h"

#define BELAY_VECTORS	0x7fe01000u
#define GUEST_VECTORS	0x40100000u	/* 32-byte aligned, in guest RAM */
#define RAM0_BASE	0x40000000u	/* guest RAM: two ranges around belay */
#define RAM0_END	0x7fe00000u
#define RAM1_BASE	0x80000000u
#define RAM1_END	0x90000000u
#define TARGET		0x40200000u

enum effect { MMU_ON = 1, STAGE2_ON, STAGE2_OFF, MMU_OFF, FW_CPU_OFF, SOFT_RESTART };

struct fake {
	uint32_t hvbar;
	bool mmu, stage2;
	int32_t fw_cpu_off_answer;
	unsigned int psci_calls, foreign_calls;
	uint32_t soft_restart_target;
	struct cpu *cpu;
	/* The side effects in order, each with the state word when it ran. */
	unsigned int n;
	enum effect what[16];
	uint32_t state[16];
};

static void note(struct fake *k, enum effect e)
{
	if (k->n < 16) {
		k->what[k->n] = e;
		k->state[k->n] = k->cpu->state;
	}
	k->n++;
}

static void f_mmu_on(void *ctx, struct cpu *cpu)
{
	struct fake *k = ctx;

	CHECK(cpu == k->cpu);
	note(k, MMU_ON);
	k->mmu = true;
}

static void f_stage2_on(void *ctx)
{
	struct fake *k = ctx;

	CHECK(k->mmu);		/* Stage-2 goes on under belay's MMU */
	note(k, STAGE2_ON);
	k->stage2 = true;
}

static void f_stage2_off(void *ctx)
{
	struct fake *k = ctx;

	note(k, STAGE2_OFF);
	k->stage2 = false;
}

static void f_mmu_off(void *ctx, struct cpu *cpu)
{
	struct fake *k = ctx;

	CHECK(cpu == k->cpu);
	CHECK(!k->stage2);	/* Stage-2 is off before belay's MMU */
	note(k, MMU_OFF);
	k->mmu = false;
}

static int32_t f_fw_cpu_off(void *ctx)
{
	struct fake *k = ctx;

	CHECK(!k->mmu && !k->stage2);
	note(k, FW_CPU_OFF);
	return k->fw_cpu_off_answer;
}

static uint32_t f_get_vectors(void *ctx)
{
	return ((struct fake *)ctx)->hvbar;
}

static void f_set_vectors(void *ctx, uint32_t v)
{
	((struct fake *)ctx)->hvbar = v;
}

static bool f_is_guest_ram(void *ctx, uint64_t ipa, uint64_t size)
{
	(void)ctx;
	return (ipa >= RAM0_BASE && ipa + size <= RAM0_END) ||
	       (ipa >= RAM1_BASE && ipa + size <= RAM1_END);
}

static void f_soft_restart(void *ctx, struct cpu *cpu, struct frame *f)
{
	struct fake *k = ctx;

	CHECK(cpu == k->cpu);
	CHECK(!k->mmu && !k->stage2);
	note(k, SOFT_RESTART);
	/* hyp/abi.c installs belay's vectors and enters the target in HYP
	 * with r0 = 1 and r1 as passed (docs/hyp-abi.md). */
	k->hvbar = BELAY_VECTORS;
	k->soft_restart_target = f->r[1];
	f->r[0] = HVC_SOFT_RESTART;
}

#define PSCI_ANSWER	0x5c1u

static void f_psci(struct cpu *cpu, struct frame *f)
{
	(void)cpu;
	f->r[0] = PSCI_ANSWER;
}

static void f_mem_info(void *ctx, uint32_t *free_pages, uint32_t *total_pages)
{
	(void)ctx;
	*free_pages = 60;
	*total_pages = 64;
}

static struct fake k;
static struct cpu cpu;
static const struct cpu_ops fake_cpu_ops = {
	.ctx = &k, .mmu_on = f_mmu_on, .stage2_on = f_stage2_on, .stage2_off = f_stage2_off,
	.mmu_off = f_mmu_off, .fw_cpu_off = f_fw_cpu_off,
};
static const struct abi_ops fake_ops = {
	.ctx = &k, .cpu = &fake_cpu_ops, .get_vectors = f_get_vectors,
	.set_vectors = f_set_vectors, .is_guest_ram = f_is_guest_ram,
	.soft_restart = f_soft_restart, .psci = f_psci, .mem_info = f_mem_info,
};

/* The CPU in a given column: STUB or RUN as belay leaves it, FOREIGN as
 * SET_VECTORS leaves it (belay's word says STUB, HVBAR is the guest's). */
enum column { STUB, RUN, FOREIGN };
static const char *const column_names[] = { "STUB", "RUN", "FOREIGN" };

static void enter(enum column c)
{
	memset(&k, 0, sizeof(k));
	k.cpu = &cpu;
	k.hvbar = c == FOREIGN ? GUEST_VECTORS : BELAY_VECTORS;
	k.mmu = k.stage2 = c == RUN;
	cpu_state_start(&cpu, 1, 0x80000001u);
	if (c == RUN)
		cpu.state = BELAY_STATE_RUN;
}

enum conduit { HVC0, HVC1, SMC };

/*
 * One call from the guest. Every register the ABI does not answer in
 * carries a pattern that must come back. Returns the frame.
 */
static struct frame call(enum conduit how, uint32_t r0, uint32_t r1)
{
	struct frame f, before;

	for (unsigned int i = 0; i < 13; i++)
		f.r[i] = 0xa0000000u + i;
	f.r[0] = r0;
	f.r[1] = r1;
	f.lr = 0x1e1e1e1eu;
	f.elr = 0x40008000u;
	f.spsr = 0x600001d3u;
	before = f;
	if (how == SMC) {
		abi_state_smccc(&cpu, &fake_ops, &f);
	} else if (k.hvbar != BELAY_VECTORS) {
		k.foreign_calls++;	/* the guest's own vectors take it */
		return f;
	} else {
		abi_state_hvc(&cpu, &fake_ops, &f, how == HVC1 ? 1 : 0);
	}
	/* r4-r12, lr, ELR and SPSR are the guest's; r1-r3 only for the calls
	 * that answer in them (checked by the caller). */
	for (unsigned int i = 4; i < 13; i++)
		CHECK_EQ(f.r[i], before.r[i]);
	CHECK_EQ(f.lr, before.lr);
	CHECK_EQ(f.elr, before.elr);
	CHECK_EQ(f.spsr, before.spsr);
	/* Whatever the call did, the CPU is back in STUB or RUN, never in
	 * INIT or TEARDOWN, and in RUN exactly when Stage-2 is on. */
	CHECK(cpu.state == BELAY_STATE_STUB || cpu.state == BELAY_STATE_RUN);
	CHECK_EQ(cpu.state == BELAY_STATE_RUN, k.stage2);
	CHECK_EQ(k.mmu, k.stage2);
	return f;
}

/* Nothing but r0 changed: same state, no side effect. */
static void quiet(enum column c, const struct frame *f, uint32_t r1)
{
	CHECK_EQ(cpu.state, c == RUN ? BELAY_STATE_RUN : BELAY_STATE_STUB);
	CHECK_EQ(k.n, 0);
	CHECK_EQ(k.hvbar, c == FOREIGN ? GUEST_VECTORS : BELAY_VECTORS);
	CHECK_EQ(f->r[1], r1);
	CHECK_EQ(f->r[2], 0xa0000002u);
	CHECK_EQ(f->r[3], 0xa0000003u);
}

/* In FOREIGN belay answers nothing: every `hvc` is the guest's own. */
static void foreign_only(const struct frame *f, uint32_t r0, uint32_t r1)
{
	CHECK_EQ(k.foreign_calls, 1);
	CHECK_EQ(f->r[0], r0);
	quiet(FOREIGN, f, r1);
}

static void test_get_vectors(void)
{
	for (enum column c = STUB; c <= FOREIGN; c++) {
		enter(c);
		struct frame f = call(HVC0, HVC_GET_VECTORS, 0x1234);
		if (c == FOREIGN) {
			foreign_only(&f, HVC_GET_VECTORS, 0x1234);
			continue;
		}
		CHECK_EQ(f.r[0], BELAY_VECTORS);
		quiet(c, &f, 0x1234);
	}
}

static void test_set_vectors(void)
{
	static const struct {
		uint32_t r1;
		bool ok;
	} cases[] = {
		{ GUEST_VECTORS, true },
		{ RAM1_BASE + 0x20, true },		/* the second RAM range */
		{ RAM0_END - 32, true },		/* the last table that fits */
		{ RAM0_END - 16, false },		/* runs into belay's region */
		{ GUEST_VECTORS + 4, false },		/* misaligned */
		{ GUEST_VECTORS + 1, false },
		{ 0x7fe00000u, false },			/* belay's region */
		{ 0x08000000u, false },			/* MMIO */
		{ 0xffffffe0u, false },			/* nothing */
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (enum column c = STUB; c <= FOREIGN; c++) {
			enter(c);
			struct frame f = call(HVC0, HVC_SET_VECTORS, cases[i].r1);
			if (c == FOREIGN) {
				foreign_only(&f, HVC_SET_VECTORS, cases[i].r1);
				continue;
			}
			if (c == STUB && cases[i].ok) {
				/* -> FOREIGN: HVBAR only, the word stays STUB. */
				CHECK_EQ(f.r[0], 0);
				CHECK_EQ(k.hvbar, cases[i].r1);
				CHECK_EQ(cpu.state, BELAY_STATE_STUB);
				CHECK_EQ(k.n, 0);
				continue;
			}
			/* RUN refuses every address ("only the initial stubs
			 * implement it"); STUB refuses bad ones. */
			if (f.r[0] != HVC_STUB_ERR)
				printf("  SET_VECTORS %08x in %s\n", (unsigned)cases[i].r1,
				       column_names[c]);
			CHECK_EQ(f.r[0], HVC_STUB_ERR);
			quiet(c, &f, cases[i].r1);
		}
	}
}

static void test_foreign_hand_back(void)
{
	enter(STUB);
	CHECK_EQ(call(HVC0, HVC_SET_VECTORS, GUEST_VECTORS).r[0], 0);
	/* FOREIGN: belay sees none of these. */
	call(HVC0, BELAY_GET_STATE, 0);
	call(HVC0, HVC_RESET_VECTORS, 0);
	call(HVC0, BELAY_LAUNCH, 0);
	CHECK_EQ(k.foreign_calls, 3);
	CHECK_EQ(k.n, 0);
	/* The foreign code writes belay's vectors back: STUB, every call
	 * works again, LAUNCH included. */
	k.hvbar = BELAY_VECTORS;
	CHECK_EQ(call(HVC0, BELAY_GET_STATE, 0).r[0], BELAY_STATE_STUB);
	CHECK_EQ(call(HVC0, HVC_RESET_VECTORS, 0).r[0], 0);
	CHECK_EQ(cpu.state, BELAY_STATE_STUB);
	CHECK_EQ(call(HVC0, BELAY_LAUNCH, 0).r[0], 0);
	CHECK_EQ(cpu.state, BELAY_STATE_RUN);
	CHECK_EQ(k.foreign_calls, 3);
}

static void test_reset_vectors(void)
{
	enter(STUB);
	struct frame f = call(HVC0, HVC_RESET_VECTORS, 7);
	CHECK_EQ(f.r[0], 0);
	quiet(STUB, &f, 7);

	enter(RUN);
	f = call(HVC0, HVC_RESET_VECTORS, 7);
	CHECK_EQ(f.r[0], 0);
	CHECK_EQ(cpu.state, BELAY_STATE_STUB);
	/* RUN -> TEARDOWN -> STUB: Stage-2 off in TEARDOWN, the MMU off
	 * (and the block cleaned) once the word says STUB. */
	CHECK_EQ(k.n, 2);
	CHECK_EQ(k.what[0], STAGE2_OFF);
	CHECK_EQ(k.state[0], BELAY_STATE_TEARDOWN);
	CHECK_EQ(k.what[1], MMU_OFF);
	CHECK_EQ(k.state[1], BELAY_STATE_STUB);
	CHECK_EQ(k.hvbar, BELAY_VECTORS);
	CHECK_EQ(f.r[1], 7);

	enter(FOREIGN);
	f = call(HVC0, HVC_RESET_VECTORS, 7);
	foreign_only(&f, HVC_RESET_VECTORS, 7);
}

static void test_soft_restart(void)
{
	for (enum column c = STUB; c <= FOREIGN; c++) {
		for (uint32_t thumb = 0; thumb <= 1; thumb++) {
			enter(c);
			struct frame f = call(HVC0, HVC_SOFT_RESTART, TARGET | thumb);
			if (c == FOREIGN) {
				foreign_only(&f, HVC_SOFT_RESTART, TARGET | thumb);
				continue;
			}
			unsigned int i = 0;
			if (c == RUN) {
				CHECK_EQ(k.n, 3);
				CHECK_EQ(k.what[i], STAGE2_OFF);
				CHECK_EQ(k.state[i++], BELAY_STATE_TEARDOWN);
				CHECK_EQ(k.what[i], MMU_OFF);
				CHECK_EQ(k.state[i++], BELAY_STATE_STUB);
			} else {
				CHECK_EQ(k.n, 1);
			}
			/* The target is entered with the CPU in STUB. */
			CHECK_EQ(k.what[i], SOFT_RESTART);
			CHECK_EQ(k.state[i], BELAY_STATE_STUB);
			CHECK_EQ(k.soft_restart_target, TARGET | thumb);
			CHECK_EQ(f.r[0], HVC_SOFT_RESTART);
			CHECK_EQ(f.r[1], TARGET | thumb);
			CHECK_EQ(cpu.state, BELAY_STATE_STUB);
			CHECK_EQ(k.hvbar, BELAY_VECTORS);
		}
	}
}

/* Codes with bit 31 clear that are not 0, 1 or 2, and HVC_STUB_ERR itself. */
static void test_unknown_codes(void)
{
	static const uint32_t codes[] = { 3, 4, 0xff, 0x7fffffffu, HVC_STUB_ERR };

	for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		for (enum column c = STUB; c <= FOREIGN; c++) {
			enter(c);
			struct frame f = call(HVC0, codes[i], 5);
			if (c == FOREIGN) {
				foreign_only(&f, codes[i], 5);
				continue;
			}
			CHECK_EQ(f.r[0], HVC_STUB_ERR);
			quiet(c, &f, 5);
		}
	}
}

/* `hvc` with a non-zero immediate: HVC_STUB_ERR whatever r0 says. */
static void test_nonzero_immediate(void)
{
	static const uint32_t codes[] = {
		HVC_SET_VECTORS, HVC_SOFT_RESTART, HVC_RESET_VECTORS, HVC_GET_VECTORS,
		SMCCC_VERSION, BELAY_LAUNCH, BELAY_GET_STATE, 0x84000000u, 42,
	};

	for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		for (enum column c = STUB; c <= RUN; c++) {
			enter(c);
			struct frame f = call(HVC1, codes[i], GUEST_VECTORS);
			CHECK_EQ(f.r[0], HVC_STUB_ERR);
			quiet(c, &f, GUEST_VECTORS);
			CHECK_EQ(k.psci_calls, 0);
		}
	}
}

/*
 * The SMCCC rows: the same answers by `hvc #0` in STUB and RUN and by a
 * trapped `smc` in RUN (the only state in which `smc` traps).
 */
struct smccc_case {
	uint32_t fn, r1;
	uint32_t r0;		/* expected */
	bool r1_changes;
	uint32_t out_r1;
};

static void smccc_row(const struct smccc_case *t)
{
	static const struct {
		enum column c;
		enum conduit how;
	} ways[] = { { STUB, HVC0 }, { RUN, HVC0 }, { RUN, SMC }, { FOREIGN, HVC0 } };

	for (unsigned int w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
		enter(ways[w].c);
		struct frame f = call(ways[w].how, t->fn, t->r1);
		if (ways[w].c == FOREIGN) {
			foreign_only(&f, t->fn, t->r1);
			continue;
		}
		if (f.r[0] != t->r0)
			printf("  %08x in %s by %s\n", (unsigned)t->fn, column_names[ways[w].c],
			       ways[w].how == SMC ? "smc" : "hvc");
		CHECK_EQ(f.r[0], t->r0);
		if (t->r1_changes) {
			CHECK_EQ(f.r[1], t->out_r1);
			CHECK_EQ(k.n, 0);
			CHECK_EQ(cpu.state, ways[w].c == RUN ? BELAY_STATE_RUN : BELAY_STATE_STUB);
		} else {
			quiet(ways[w].c, &f, t->r1);
		}
	}
}

static void test_smccc(void)
{
	static const struct smccc_case cases[] = {
		{ SMCCC_VERSION, 0, SMCCC_VERSION_1_1, false, 0 },
		{ SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, false, 0 },
		{ SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, 0, false, 0 },
		{ SMCCC_ARCH_FEATURES, 0x80008000u, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ SMCCC_ARCH_FEATURES, BELAY_GET_STATE, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		/* Other SMCCC IDs: SiP, OEM, standard, trusted OS, SMC64. */
		{ 0x82000000u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0x83000001u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0x84000020u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0xb2000000u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0x80000002u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0xfffffffeu, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		/* The vendor service: only fast SMC32 calls of OEN 6. */
		{ BELAY_CALL_COUNT, 0, BELAY_NR_CALLS, false, 0 },
		{ BELAY_CALL_REVISION, 9, BELAY_REVISION_MAJOR, true, BELAY_REVISION_MINOR },
		{ BELAY_MEM_INFO, 9, 60, true, 64 },
		{ 0x86000000u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0x86000004u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0x8600ff02u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0x8600ffffu, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },
		{ 0xc6000002u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },	/* SMC64 */
		{ 0x87000002u, 0, (uint32_t)SMCCC_NOT_SUPPORTED, false, 0 },	/* OEN 7 */
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		smccc_row(&cases[i]);
}

static void test_uid(void)
{
	for (enum column c = STUB; c <= RUN; c++) {
		for (enum conduit how = HVC0; how <= SMC; how += 2) {
			if (how == SMC && c != RUN)
				continue;
			enter(c);
			struct frame f = call(how, BELAY_CALL_UID, 0);
			CHECK_EQ(f.r[0], BELAY_UID_0);
			CHECK_EQ(f.r[1], BELAY_UID_1);
			CHECK_EQ(f.r[2], BELAY_UID_2);
			CHECK_EQ(f.r[3], BELAY_UID_3);
			CHECK_EQ(k.n, 0);
		}
	}
}

/* PSCI IDs go to hyp/psci.c (emulated in RUN, forwarded in STUB), whole
 * ranges of SMC32 and SMC64 alike, and nothing else does. */
static void f_psci_count(struct cpu *c, struct frame *f)
{
	(void)c;
	k.psci_calls++;
	f->r[0] = PSCI_ANSWER;
}

static void test_psci_routing(void)
{
	struct abi_ops ops = fake_ops;

	ops.psci = f_psci_count;
	static const uint32_t bases[] = { 0x84000000u, 0xc4000000u };

	for (unsigned int b = 0; b < 2; b++) {
		uint32_t base = bases[b];

		for (uint32_t fn = base - 1; fn <= base + 0x20; fn++) {
			bool psci = fn >= base && fn < base + 0x20;

			for (enum column c = STUB; c <= RUN; c++) {
				struct frame f = { .r = { fn } };

				enter(c);
				abi_state_hvc(&cpu, &ops, &f, 0);
				CHECK_EQ(k.psci_calls, psci ? 1 : 0);
				if (psci)
					CHECK_EQ(f.r[0], PSCI_ANSWER);
				else
					CHECK(f.r[0] != PSCI_ANSWER);
				if (c == RUN) {
					struct frame g = { .r = { fn } };

					abi_state_smccc(&cpu, &ops, &g);
					CHECK_EQ(k.psci_calls, psci ? 2 : 0);
				}
			}
		}
	}
}

/* The crash calls reach ops->crash in RUN only, by hvc and smc; in STUB,
 * or with no crash op, they are NOT_SUPPORTED. */
static unsigned int crash_calls;
static void f_crash(void *ctx, struct cpu *c, struct frame *f)
{
	(void)ctx;
	(void)c;
	crash_calls++;
	f->r[0] = 0x5a5a;
}

static void test_crash_routing(void)
{
	static const uint32_t fns[] = { BELAY_CRASH_ARM, BELAY_CRASH_DISARM, BELAY_CRASH_STATUS };
	struct abi_ops ops = fake_ops;

	ops.crash = f_crash;
	for (unsigned int i = 0; i < 3; i++) {
		struct frame e = { .r = { fns[i] } }, f = e, g = e, h = e;

		crash_calls = 0;
		enter(STUB);
		abi_state_hvc(&cpu, &ops, &e, 0);
		CHECK_EQ(e.r[0], (uint32_t)SMCCC_NOT_SUPPORTED);
		CHECK_EQ(crash_calls, 0);
		enter(RUN);
		abi_state_hvc(&cpu, &ops, &f, 0);
		abi_state_smccc(&cpu, &ops, &g);
		CHECK_EQ(f.r[0], 0x5a5a);
		CHECK_EQ(g.r[0], 0x5a5a);
		CHECK_EQ(crash_calls, 2);
		abi_state_hvc(&cpu, &fake_ops, &h, 0);	/* no crash op */
		CHECK_EQ(h.r[0], (uint32_t)SMCCC_NOT_SUPPORTED);
		CHECK_EQ(cpu.state, BELAY_STATE_RUN);
	}
}

static void test_launch_and_get_state(void)
{
	/* STUB: STUB -> INIT -> RUN, MMU on before Stage-2, both in INIT. */
	enter(STUB);
	CHECK_EQ(call(HVC0, BELAY_GET_STATE, 0).r[0], BELAY_STATE_STUB);
	struct frame f = call(HVC0, BELAY_LAUNCH, 3);
	CHECK_EQ(f.r[0], 0);
	CHECK_EQ(f.r[1], 3);
	CHECK_EQ(cpu.state, BELAY_STATE_RUN);
	CHECK_EQ(k.n, 2);
	CHECK_EQ(k.what[0], MMU_ON);
	CHECK_EQ(k.state[0], BELAY_STATE_INIT);
	CHECK_EQ(k.what[1], STAGE2_ON);
	CHECK_EQ(k.state[1], BELAY_STATE_INIT);
	CHECK_EQ(call(HVC0, BELAY_GET_STATE, 0).r[0], BELAY_STATE_RUN);

	/* RUN: ALREADY_RUNNING, nothing changes, by hvc and by smc. */
	for (enum conduit how = HVC0; how <= SMC; how += 2) {
		enter(RUN);
		f = call(how, BELAY_LAUNCH, 3);
		CHECK_EQ(f.r[0], (uint32_t)BELAY_ERR_ALREADY_RUNNING);
		quiet(RUN, &f, 3);
		CHECK_EQ(call(how, BELAY_GET_STATE, 0).r[0], BELAY_STATE_RUN);
	}
}

/* RESET_VECTORS / LAUNCH cycles: no transient state ever answers, and the
 * side effects pair up. */
static void test_cycles(void)
{
	enter(RUN);
	for (unsigned int i = 0; i < 20; i++) {
		k.n = 0;
		CHECK_EQ(call(HVC0, HVC_RESET_VECTORS, 0).r[0], 0);
		CHECK_EQ(call(HVC0, BELAY_GET_STATE, 0).r[0], BELAY_STATE_STUB);
		CHECK_EQ(call(HVC0, BELAY_LAUNCH, 0).r[0], 0);
		CHECK_EQ(call(HVC0, BELAY_GET_STATE, 0).r[0], BELAY_STATE_RUN);
		CHECK_EQ(k.n, 4);
	}
}

/* The transitions of include/hyp/cpu_state.h on their own. */
static void test_transitions(void)
{
	enter(STUB);
	cpu.state = BELAY_STATE_OFF;
	cpu_state_start(&cpu, 3, 0x103u);
	CHECK_EQ(cpu.state, BELAY_STATE_STUB);
	CHECK_EQ(cpu.index, 3);
	CHECK_EQ(cpu.mpidr, 0x103u);

	cpu_state_launch(&cpu, &fake_cpu_ops);
	CHECK_EQ(cpu.state, BELAY_STATE_RUN);
	cpu_state_teardown(&cpu, &fake_cpu_ops);
	CHECK_EQ(cpu.state, BELAY_STATE_STUB);
	CHECK(!k.mmu && !k.stage2);

	/* PSCI CPU_OFF that firmware refuses (TF-A: DENIED on its Trusted
	 * OS's core): torn down, OFF during the firmware call, then back to
	 * RUN with firmware's answer. */
	enter(RUN);
	k.fw_cpu_off_answer = -3;
	CHECK_EQ(cpu_state_power_off(&cpu, &fake_cpu_ops), -3);
	CHECK_EQ(cpu.state, BELAY_STATE_RUN);
	CHECK(k.mmu && k.stage2);
	CHECK_EQ(k.n, 5);
	static const enum effect what[] = { STAGE2_OFF, MMU_OFF, FW_CPU_OFF, MMU_ON, STAGE2_ON };
	static const uint32_t state[] = { BELAY_STATE_TEARDOWN, BELAY_STATE_STUB, BELAY_STATE_OFF,
					  BELAY_STATE_INIT, BELAY_STATE_INIT };
	for (unsigned int i = 0; i < 5; i++) {
		CHECK_EQ(k.what[i], what[i]);
		CHECK_EQ(k.state[i], state[i]);
	}
}

int main(void)
{
	RUN(test_get_vectors);
	RUN(test_set_vectors);
	RUN(test_foreign_hand_back);
	RUN(test_reset_vectors);
	RUN(test_soft_restart);
	RUN(test_unknown_codes);
	RUN(test_nonzero_immediate);
	RUN(test_smccc);
	RUN(test_uid);
	RUN(test_psci_routing);
	RUN(test_crash_routing);
	RUN(test_launch_and_get_state);
	RUN(test_cycles);
	RUN(test_transitions);
	return check_result();
}
