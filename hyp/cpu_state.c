/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Per-CPU state transitions (include/hyp/cpu_state.h). Only the CPU itself
 * changes its state, always from HYP with interrupts masked, and it returns
 * to the guest only once a transition is complete: that is why the guest
 * can never observe INIT or TEARDOWN on its own CPU.
 */
#include <belay/abi.h>
#include <hyp/cpu_state.h>

void cpu_state_start(struct cpu *cpu, unsigned int index, uint32_t mpidr)
{
	cpu->index = index;
	cpu->mpidr = mpidr;
	cpu->state = BELAY_STATE_STUB;
}

void cpu_state_launch(struct cpu *cpu, const struct cpu_ops *ops)
{
	cpu->state = BELAY_STATE_INIT;
	ops->mmu_on(ops->ctx, cpu);
	ops->stage2_on(ops->ctx);
	cpu->state = BELAY_STATE_RUN;
}

void cpu_state_teardown(struct cpu *cpu, const struct cpu_ops *ops)
{
	cpu->state = BELAY_STATE_TEARDOWN;
	ops->stage2_off(ops->ctx);
	/* STUB before the block is cleaned: from here on it is read with the
	 * MMU off, from memory. */
	cpu->state = BELAY_STATE_STUB;
	ops->mmu_off(ops->ctx, cpu);
}

int32_t cpu_state_power_off(struct cpu *cpu, const struct cpu_ops *ops)
{
	int32_t ret;

	cpu_state_teardown(cpu, ops);
	cpu->state = BELAY_STATE_OFF;
	ret = ops->fw_cpu_off(ops->ctx);
	/* Firmware refused (TF-A does on the core its Trusted OS lives on):
	 * back to RUN, as BELAY_LAUNCH would take the CPU. */
	cpu_state_launch(cpu, ops);
	return ret;
}
