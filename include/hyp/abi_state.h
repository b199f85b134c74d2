/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The decisions of docs/hyp-abi.md's state x call table, as pure code: what
 * each `hvc #0` and trapped `smc` does in the calling CPU's state. The
 * machine (HVBAR, guest RAM, caches and the jump of SOFT_RESTART, PSCI,
 * the page pool, and the transitions' side effects) is reached through
 * struct abi_ops: hyp/abi.c on the target, a fake in
 * tests/unit/test_abi_state.c, and the test guests' native stand-in
 * (tests/guests/lib/mock.c). hyp/vectors.S answers some calls before C
 * (docs/design.md, "Fast path"), with the same results.
 */
#ifndef HYP_ABI_STATE_H
#define HYP_ABI_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/cpu.h>
#include <hyp/cpu_state.h>

struct abi_ops {
	void *ctx;
	const struct cpu_ops *cpu;		/* the transitions' side effects */
	uint32_t (*get_vectors)(void *ctx);	/* HVBAR */
	void (*set_vectors)(void *ctx, uint32_t vectors);	/* HVBAR = vectors */
	bool (*is_guest_ram)(void *ctx, uint64_t ipa, uint64_t size);
	/*
	 * HVC_SOFT_RESTART once the CPU is in STUB: make memory visible to
	 * code running with caches off, install belay's vectors, enter
	 * f->r[1] in HYP. Does not return on the target.
	 */
	void (*soft_restart)(void *ctx, struct cpu *cpu, struct frame *f);
	/* A PSCI function ID (abi_is_psci_id()): answer it in f. */
	void (*psci)(struct cpu *cpu, struct frame *f);
	void (*mem_info)(void *ctx, uint32_t *free_pages, uint32_t *total_pages);
	/* BELAY_TEST_HYP_TIMER / BELAY_TEST_COUNT in RUN: answer in f.
	 * NULL: both are NOT_SUPPORTED. */
	void (*test_hook)(void *ctx, struct cpu *cpu, struct frame *f);
	/* BELAY_CRASH_ARM / DISARM / STATUS in RUN: answer in f. NULL: all
	 * three are NOT_SUPPORTED. */
	void (*crash)(void *ctx, struct cpu *cpu, struct frame *f);
};

/* 0x84000000-0x8400001f (SMC32) and 0xc4000000-0xc400001f (SMC64). */
static inline bool abi_is_psci_id(uint32_t fn)
{
	return (fn & ~(0x40000000u | 0x1fu)) == 0x84000000u;
}

/* `hvc #imm` from the guest, imm = HSR.ISS[15:0]. */
void abi_state_hvc(struct cpu *cpu, const struct abi_ops *ops, struct frame *f, uint32_t imm);
/* An SMCCC function ID (bit 31 set), by `hvc #0` or by a trapped `smc`. */
void abi_state_smccc(struct cpu *cpu, const struct abi_ops *ops, struct frame *f);

#endif /* HYP_ABI_STATE_H */
