/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The per-CPU state transitions (docs/design.md, "Per-CPU states"), as pure
 * code: the state word's changes and their order against the side effects,
 * which are reached through struct cpu_ops (hyp/cpu.c on the target; a fake
 * in tests/unit/test_abi_state.c, so the transitions are unit-tested on the
 * host).
 */
#ifndef HYP_CPU_STATE_H
#define HYP_CPU_STATE_H

#include <stdint.h>

#include <hyp/cpu.h>

struct cpu_ops {
	void *ctx;
	/* Drop stale lines of the CPU's block, turn belay's HYP MMU on. */
	void (*mmu_on)(void *ctx, struct cpu *cpu);
	void (*stage2_on)(void *ctx);		/* Stage-2, traps and the vGIC on */
	void (*stage2_off)(void *ctx);		/* the vGIC, Stage-2 and traps off */
	/* Clean and invalidate the CPU's whole block, HYP MMU off. */
	void (*mmu_off)(void *ctx, struct cpu *cpu);
	/* Firmware CPU_OFF for this CPU: returns only if firmware refused,
	 * with firmware's answer. */
	int32_t (*fw_cpu_off)(void *ctx);
};

/* OFF -> STUB: a CPU's record when it first runs belay's code. */
void cpu_state_start(struct cpu *cpu, unsigned int index, uint32_t mpidr);
/* STUB -> INIT -> RUN. */
void cpu_state_launch(struct cpu *cpu, const struct cpu_ops *ops);
/* RUN -> TEARDOWN -> STUB. */
void cpu_state_teardown(struct cpu *cpu, const struct cpu_ops *ops);
/*
 * PSCI CPU_OFF's part on this CPU: RUN -> TEARDOWN -> STUB -> OFF, then
 * firmware CPU_OFF. Returns only if firmware refused, with the CPU back in
 * RUN (OFF -> INIT -> RUN) and firmware's answer.
 */
int32_t cpu_state_power_off(struct cpu *cpu, const struct cpu_ops *ops);

#endif /* HYP_CPU_STATE_H */
