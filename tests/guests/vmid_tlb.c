// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * vmid_tlb: one guest, one VMID, whatever the state of each CPU.
 *
 * The guest's stage-1 TLB entries are tagged with VTTBR.VMID even while
 * Stage-2 is off (HCR.VM = 0, the STUB state), and a broadcast TLB
 * invalidate (TLBIMVAIS) only reaches entries of the issuing CPU's VMID
 * (Arm ARM B3.10.2). If belay ran the guest under one VMID in RUN and
 * another in STUB, a kernel with one CPU in STUB (after RESET_VECTORS)
 * and another in RUN - which the ABI allows - would keep stale
 * translations on one side after the other side changed a page table.
 *
 * Both CPUs turn on their own stage-1 MMU (short-descriptor format, 1 MiB
 * sections, an identity map plus one test window) on one shared table.
 * In each round one CPU caches a translation of the window, the other
 * repoints the window's section, invalidates it with TLBIMVAIS and a
 * DSB, and the first must then read through the new mapping: CPU 1 in
 * STUB reading while CPU 0 in RUN writes, and the other way round.
 *
 * QEMU 7.2 cannot show the stale entry this guards against: its TLB is not
 * tagged by VMID (a VTTBR write flushes the local TLB, and every *IS
 * invalidate flushes all CPUs whatever the VMID). The test documents the
 * requirement and would catch it on hardware; soft-restart and
 * smp-abi-belay check the VMID itself (abi_common.c).
 */
#include "abi_common.h"
#include "atomic.h"
#include "mmu.h"
#include "smp.h"
#include "timer.h"

#define ROUNDS		20
#define TEST_VA		0xa0000000u	/* the window; nothing lives there */
/* Two sections of guest RAM, far from the image, the stacks and the DTB. */
#define PA_A		0x60000000u
#define PA_B		0x60100000u
#define MAGIC_A		0xaaaa5555u
#define MAGIC_B		0xbbbb6666u

static uint32_t l1[MMU_L1_ENTRIES] __attribute__((aligned(16384)));

/* Rendezvous between the reader and the writer of one round. */
static volatile uint32_t stage;
#define ST_CACHED	1	/* the reader holds a translation of TEST_VA */
#define ST_FLIPPED	2	/* the writer repointed it and invalidated it */

static void build_table(void)
{
	mmu_identity_map(l1);
	l1[TEST_VA / SECTION] = PA_A | SECT_RAM | SECT_XN;
	dsb();
}

static uint32_t read_window(void)
{
	uint32_t v = 0;

	/* A few reads, so that the translation is surely in the TLB. */
	for (int i = 0; i < 4; i++)
		v = *(volatile uint32_t *)TEST_VA;
	return v;
}

/* Repoint the window and invalidate it in the whole Inner Shareable
 * domain, as a kernel changing a live mapping does. */
static void flip_window(uint32_t pa)
{
	l1[TEST_VA / SECTION] = pa | SECT_RAM | SECT_XN;
	dsb();
	write_sysreg(TEST_VA, TLBIMVAIS);	/* global entry: any ASID */
	dsb();
	isb();
}

/* Result bits of the mailbox functions. */
#define R_NOT_STUB	(1u << 0)	/* RESET_VECTORS did not give STUB */
#define R_FIRST		(1u << 1)	/* first read not through PA_A */
#define R_STALE		(1u << 2)	/* second read not through PA_B */
#define R_TIMEOUT	(1u << 3)	/* the writer never said it flipped */
#define R_NOT_RUN	(1u << 4)	/* LAUNCH did not give RUN back */

static volatile uint32_t last_read;

/* CPU 1, direction 1: read in STUB while CPU 0 (RUN) flips. */
static uint32_t fn_stub_reader(uint32_t arg)
{
	uint32_t bad = 0;

	(void)arg;
	if (belay_reset_vectors() != 0 || belay_state() != BELAY_STATE_STUB)
		bad |= R_NOT_STUB;
	mmu_on(l1);
	if (read_window() != MAGIC_A)
		bad |= R_FIRST;
	atomic_write(&stage, ST_CACHED);
	sev();
	if (!smp_wait_flag(&stage, ST_FLIPPED))
		bad |= R_TIMEOUT;
	isb();
	last_read = read_window();
	if (last_read != MAGIC_B)
		bad |= R_STALE;
	mmu_off();
	if (belay_launch() != 0 || belay_state() != BELAY_STATE_RUN)
		bad |= R_NOT_RUN;
	return bad;
}

/* CPU 1, direction 2. */
static uint32_t fn_to_stub(uint32_t arg)
{
	(void)arg;
	return belay_reset_vectors() == 0 && belay_state() == BELAY_STATE_STUB ? 0 : R_NOT_STUB;
}

static uint32_t fn_flip(uint32_t pa)
{
	uint32_t bad = belay_state() == BELAY_STATE_STUB ? 0 : R_NOT_STUB;

	mmu_on(l1);
	flip_window(pa);
	mmu_off();
	return bad;
}

static uint32_t fn_to_run(uint32_t arg)
{
	(void)arg;
	return belay_launch() == 0 && belay_state() == BELAY_STATE_RUN ? 0 : R_NOT_RUN;
}

int main(void)
{
	struct checker d1 = { .quiet = true }, d2 = { .quiet = true };

	if (smp_init() < 2)
		test_skip_all("needs 2 CPUs (QEMU -smp 2)");
	abi_init();
	if (!addr_in_ram(PA_A, 2 * SECTION) || addr_in_belay(PA_A) || addr_in_belay(PA_B))
		test_skip_all("0x60000000-0x60200000 is not free guest RAM (needs -m 1024)");
	*(volatile uint32_t *)PA_A = MAGIC_A;
	*(volatile uint32_t *)PA_B = MAGIC_B;
	build_table();
	if (!report(smp_boot_cpu(1, 1) == PSCI_SUCCESS, "CPU 1 powered on"))
		return 0;

	/* Direction 1: CPU 1 in STUB holds the translation, CPU 0 in RUN
	 * changes it. */
	for (uint32_t i = 0; i < ROUNDS; i++) {
		l1[TEST_VA / SECTION] = PA_A | SECT_RAM | SECT_XN;
		dsb();
		atomic_write(&stage, 0);
		smp_call_async(1, fn_stub_reader, i);
		bool cached = smp_wait_flag(&stage, ST_CACHED);
		uint32_t st = belay_state();

		check(&d1, st == BELAY_STATE_RUN, "round %u: CPU 0 in RUN while CPU 1 is in STUB (%s)",
		      i, belay_state_name(st));
		mmu_on(l1);
		flip_window(PA_B);
		mmu_off();
		atomic_write(&stage, ST_FLIPPED);
		sev();
		uint32_t bad = 0;
		if (!smp_call_wait(1, &bad))
			test_abort("round %u: CPU 1 does not answer", i);
		check(&d1, cached && bad == 0,
		      "round %u: CPU 1 (STUB) reads the new mapping after CPU 0's (RUN) TLBIMVAIS "
		      "(result %x, read %08x, expected %08x)", i, bad, last_read, MAGIC_B);
	}
	report(d1.fails == 0, "CPU 0 in RUN changes a shared PTE, TLBIMVAIS: CPU 1 in STUB "
	       "sees it, %u rounds (%u of %u checks wrong)", ROUNDS, d1.fails, d1.checks);

	/* Direction 2: CPU 0 in RUN holds the translation, CPU 1 in STUB
	 * changes it. */
	for (uint32_t i = 0; i < ROUNDS; i++) {
		l1[TEST_VA / SECTION] = PA_A | SECT_RAM | SECT_XN;
		dsb();
		uint32_t bad = smp_call(1, fn_to_stub, 0);
		mmu_on(l1);
		uint32_t first = read_window();
		bad |= smp_call(1, fn_flip, PA_B);
		uint32_t second = read_window();
		mmu_off();
		uint32_t st = belay_state();
		bad |= smp_call(1, fn_to_run, 0);
		check(&d2, bad == 0 && first == MAGIC_A && second == MAGIC_B &&
		      st == BELAY_STATE_RUN,
		      "round %u: CPU 0 (%s) reads the new mapping after CPU 1's (STUB) TLBIMVAIS "
		      "(result %x, reads %08x %08x)", i, belay_state_name(st), bad, first, second);
	}
	report(d2.fails == 0, "CPU 1 in STUB changes a shared PTE, TLBIMVAIS: CPU 0 in RUN "
	       "sees it, %u rounds (%u of %u checks wrong)", ROUNDS, d2.fails, d2.checks);
	return 0;
}
