/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The hyp-stub ABI and belay's SMCCC services (docs/hyp-abi.md), decided
 * from the calling CPU's state (include/hyp/abi_state.h). In STUB this
 * runs with belay's HYP MMU off: it reads only its arguments and this
 * CPU's struct cpu.
 */
#include <belay/abi.h>
#include <hyp/abi_state.h>

static void set_vectors(struct cpu *cpu, const struct abi_ops *ops, struct frame *f)
{
	uint32_t vectors = f->r[1];

	/* "Only the initial stubs implement it" (Linux hyp-stub.S): in RUN
	 * belay owns HYP. */
	if (cpu->state == BELAY_STATE_RUN || (vectors & 0x1f) ||
	    !ops->is_guest_ram(ops->ctx, vectors, 32)) {
		f->r[0] = HVC_STUB_ERR;
		return;
	}
	/* The CPU is FOREIGN now; belay's record stays STUB, which it is
	 * again whenever belay's vectors run (include/hyp/cpu.h). */
	ops->set_vectors(ops->ctx, vectors);
	f->r[0] = 0;
}

void abi_state_hvc(struct cpu *cpu, const struct abi_ops *ops, struct frame *f, uint32_t imm)
{
	uint32_t fn = f->r[0];

	if (imm) {		/* only `hvc #0` is the ABI */
		f->r[0] = HVC_STUB_ERR;
		return;
	}
	switch (fn) {
	case HVC_SET_VECTORS:
		set_vectors(cpu, ops, f);
		return;
	case HVC_SOFT_RESTART:
		if (cpu->state == BELAY_STATE_RUN)
			cpu_state_teardown(cpu, ops->cpu);
		cpu->state = BELAY_STATE_STUB;
		ops->soft_restart(ops->ctx, cpu, f);
		return;
	case HVC_RESET_VECTORS:
		if (cpu->state == BELAY_STATE_RUN)
			cpu_state_teardown(cpu, ops->cpu);
		cpu->state = BELAY_STATE_STUB;
		f->r[0] = 0;
		return;
	case HVC_GET_VECTORS:
		f->r[0] = ops->get_vectors(ops->ctx);
		return;
	}
	if (fn & SMCCC_FAST_CALL)
		abi_state_smccc(cpu, ops, f);
	else
		f->r[0] = HVC_STUB_ERR;
}

static void belay_service(struct cpu *cpu, const struct abi_ops *ops, struct frame *f)
{
	switch (f->r[0]) {
	case BELAY_CALL_COUNT:
		f->r[0] = BELAY_NR_CALLS;
		break;
	case BELAY_CALL_UID:
		f->r[0] = BELAY_UID_0;
		f->r[1] = BELAY_UID_1;
		f->r[2] = BELAY_UID_2;
		f->r[3] = BELAY_UID_3;
		break;
	case BELAY_CALL_REVISION:
		f->r[0] = BELAY_REVISION_MAJOR;
		f->r[1] = BELAY_REVISION_MINOR;
		break;
	case BELAY_LAUNCH:
		if (cpu->state == BELAY_STATE_RUN) {
			f->r[0] = (uint32_t)BELAY_ERR_ALREADY_RUNNING;
		} else {
			cpu_state_launch(cpu, ops->cpu);
			f->r[0] = 0;
		}
		break;
	case BELAY_GET_STATE:
		f->r[0] = cpu->state;
		break;
	case BELAY_MEM_INFO:
		ops->mem_info(ops->ctx, &f->r[0], &f->r[1]);
		break;
	case BELAY_TEST_HYP_TIMER:
	case BELAY_TEST_COUNT:
		/* Test hooks of belay's own interrupts: only in RUN, where
		 * belay takes interrupts. */
		if (cpu->state == BELAY_STATE_RUN && ops->test_hook)
			ops->test_hook(ops->ctx, cpu, f);
		else
			f->r[0] = (uint32_t)SMCCC_NOT_SUPPORTED;
		break;
	case BELAY_CRASH_ARM:
	case BELAY_CRASH_DISARM:
	case BELAY_CRASH_STATUS:
		/* Crash injection lives in RUN, with belay's interrupts. */
		if (cpu->state == BELAY_STATE_RUN && ops->crash)
			ops->crash(ops->ctx, cpu, f);
		else
			f->r[0] = (uint32_t)SMCCC_NOT_SUPPORTED;
		break;
	default:
		f->r[0] = (uint32_t)SMCCC_NOT_SUPPORTED;
	}
}

void abi_state_smccc(struct cpu *cpu, const struct abi_ops *ops, struct frame *f)
{
	uint32_t fn = f->r[0];
	uint32_t oen = (fn >> SMCCC_OEN_SHIFT) & SMCCC_OEN_MASK;

	if (abi_is_psci_id(fn)) {
		ops->psci(cpu, f);
		return;
	}
	if (fn == SMCCC_VERSION) {
		f->r[0] = SMCCC_VERSION_1_1;
		return;
	}
	if (fn == SMCCC_ARCH_FEATURES) {
		/* belay offers no Arm architecture workarounds. */
		f->r[0] = f->r[1] == SMCCC_VERSION || f->r[1] == SMCCC_ARCH_FEATURES ?
			  0 : (uint32_t)SMCCC_NOT_SUPPORTED;
		return;
	}
	/* OEN 6, fast, SMC32: belay's vendor service. */
	if ((fn & 0x40000000) == 0 && oen == 6 && (fn & SMCCC_FAST_CALL)) {
		belay_service(cpu, ops, f);
		return;
	}
	f->r[0] = (uint32_t)SMCCC_NOT_SUPPORTED;
}
