/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The hyp-stub ABI and belay's SMCCC services, slow path (docs/hyp-abi.md):
 * the machine side of hyp/abi_state.c's decisions. hyp/vectors.S answers
 * GET_VECTORS, SET_VECTORS into the first RAM range and RESET_VECTORS
 * outside RUN itself; every other `hvc` and every trapped `smc` arrives
 * here, in RUN with the HYP MMU on and in STUB with it off. Code reachable
 * in STUB reads only boot-time data (struct hyp_globals) and this CPU's
 * struct cpu.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/abi_state.h>
#include <hyp/cache.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/vgic.h>

static uint32_t hw_get_vectors(void *ctx)
{
	(void)ctx;
	return read_sysreg(HVBAR);
}

static void hw_set_vectors(void *ctx, uint32_t vectors)
{
	(void)ctx;
	write_sysreg(vectors, HVBAR);
}

static bool hw_is_guest_ram(void *ctx, uint64_t ipa, uint64_t size)
{
	(void)ctx;
	return ipa_is_guest_ram(ipa, size);
}

static void hw_soft_restart(void *ctx, struct cpu *cpu, struct frame *f)
{
	(void)ctx;
	/* The target runs with the MMU and caches off: make what the guest
	 * wrote with its caches on visible to it. */
	dcache_clean_inv_all();
	write_sysreg(0, ICIALLU);
	write_sysreg(0, BPIALL);
	dsb();
	isb();
	write_sysreg((uintptr_t)hyp_vectors, HVBAR);
	dcache_clean_range((uintptr_t)cpu, (uintptr_t)(cpu + 1));
	soft_restart_jump(f, f->r[1]);
}

static void hw_mem_info(void *ctx, uint32_t *free_pages, uint32_t *total_pages)
{
	(void)ctx;
	*free_pages = palloc_free_pages();
	*total_pages = palloc_total_pages();
}

static void hw_test_hook(void *ctx, struct cpu *cpu, struct frame *f)
{
	(void)ctx;
	(void)cpu;
	if (f->r[0] == BELAY_TEST_HYP_TIMER) {
		f->r[0] = (uint32_t)hyp_test_timer(f->r[1], f->r[2]);
	} else {
		uint32_t fired = 0, run = 0;
		int32_t ret = hyp_test_count(f->r[1], &fired, &run);

		f->r[0] = (uint32_t)ret;
		if (ret == 0) {
			f->r[1] = fired;
			f->r[2] = run;
		}
	}
}

static void hw_crash(void *ctx, struct cpu *cpu, struct frame *f)
{
	(void)ctx;
	crash_call(cpu, f);
}

static const struct abi_ops hw_abi_ops = {
	.cpu = &cpu_hw_ops,
	.get_vectors = hw_get_vectors,
	.set_vectors = hw_set_vectors,
	.is_guest_ram = hw_is_guest_ram,
	.soft_restart = hw_soft_restart,
	.psci = psci_call,
	.mem_info = hw_mem_info,
	.test_hook = hw_test_hook,
	.crash = hw_crash,
};

/*
 * Calls that are crash events (docs/kdump.md) are counted in RUN, before
 * they are made; when the crash is for this CPU the call is not made and
 * the exception arrives at its return address (hyp_trap()). A LAUNCH
 * counts once it has brought the CPU to RUN, where belay's shared data
 * can be reached.
 */
void abi_hvc(struct cpu *cpu, struct frame *f, uint32_t imm)
{
	uint32_t before = cpu->state, fn = f->r[0];

	if (before == BELAY_STATE_RUN && imm == 0 && crash_before_call(cpu, f, true))
		return;
	abi_state_hvc(cpu, &hw_abi_ops, f, imm);
	if (before != BELAY_STATE_RUN && imm == 0 && fn == BELAY_LAUNCH &&
	    cpu->state == BELAY_STATE_RUN)
		crash_after_launch(cpu);
}

void smccc_call(struct cpu *cpu, struct frame *f)
{
	if (cpu->state == BELAY_STATE_RUN && crash_before_call(cpu, f, false))
		return;
	abi_state_smccc(cpu, &hw_abi_ops, f);
}
