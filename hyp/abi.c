/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The hyp-stub ABI and belay's SMCCC services, slow path (docs/hyp-abi.md and
 * docs/hyp-abi.md). hyp/vectors.S answers GET_VECTORS, SET_VECTORS into
 * the first RAM range and RESET_VECTORS outside RUN itself; every other
 * `hvc #0` arrives here, in RUN with the HYP MMU on and in STUB with it
 * off. Code reachable in STUB reads only boot-time data (struct
 * hyp_globals) and this CPU's struct cpu.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <drivers/psci_fw.h>
#include <hyp/cache.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/vgic.h>

static void abi_set_vectors(struct cpu *cpu, struct frame *f)
{
	uint32_t vectors = f->r[1];

	/* "Only the initial stubs implement it" (Linux hyp-stub.S): in RUN
	 * belay owns HYP. */
	if (cpu->state == BELAY_STATE_RUN || (vectors & 0x1f) || !ipa_is_guest_ram(vectors, 32)) {
		f->r[0] = HVC_STUB_ERR;
		return;
	}
	/* The CPU is FOREIGN now; belay's record stays STUB, which it is
	 * again whenever belay's vectors run (include/hyp/cpu.h). */
	write_sysreg(vectors, HVBAR);
	f->r[0] = 0;
}

static void __attribute__((noreturn)) abi_soft_restart(struct cpu *cpu, struct frame *f)
{
	if (cpu->state == BELAY_STATE_RUN)
		cpu_teardown(cpu);
	/* The target runs with the MMU and caches off: make what the guest
	 * wrote with its caches on visible to it. */
	dcache_clean_inv_all();
	write_sysreg(0, ICIALLU);
	write_sysreg(0, BPIALL);
	dsb();
	isb();
	write_sysreg((uintptr_t)hyp_vectors, HVBAR);
	cpu->state = BELAY_STATE_STUB;
	dcache_clean_range((uintptr_t)cpu, (uintptr_t)(cpu + 1));
	soft_restart_jump(f, f->r[1]);
}

void abi_hvc(struct cpu *cpu, struct frame *f)
{
	uint32_t fn = f->r[0];

	switch (fn) {
	case HVC_SET_VECTORS:
		abi_set_vectors(cpu, f);
		return;
	case HVC_SOFT_RESTART:
		abi_soft_restart(cpu, f);
	case HVC_RESET_VECTORS:
		if (cpu->state == BELAY_STATE_RUN)
			cpu_teardown(cpu);
		cpu->state = BELAY_STATE_STUB;
		f->r[0] = 0;
		return;
	case HVC_GET_VECTORS:
		f->r[0] = read_sysreg(HVBAR);
		return;
	}
	if (fn & SMCCC_FAST_CALL)
		smccc_call(cpu, f, false);
	else
		f->r[0] = HVC_STUB_ERR;
}

static void belay_service(struct cpu *cpu, struct frame *f)
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
			cpu_launch(cpu);
			f->r[0] = 0;
		}
		break;
	case BELAY_GET_STATE:
		f->r[0] = cpu->state;
		break;
	case BELAY_MEM_INFO:
		f->r[0] = palloc_free_pages();
		f->r[1] = palloc_total_pages();
		break;
	case BELAY_TEST_HYP_TIMER:
		f->r[0] = cpu->state == BELAY_STATE_RUN ? (uint32_t)hyp_test_timer(f->r[1], f->r[2]) :
			  (uint32_t)SMCCC_NOT_SUPPORTED;
		break;
	case BELAY_TEST_COUNT: {
		uint32_t fired = 0, run = 0;
		int32_t ret = cpu->state == BELAY_STATE_RUN ? hyp_test_count(f->r[1], &fired, &run) :
			      SMCCC_NOT_SUPPORTED;

		f->r[0] = (uint32_t)ret;
		if (ret == 0) {
			f->r[1] = fired;
			f->r[2] = run;
		}
		break;
	}
	default:
		f->r[0] = (uint32_t)SMCCC_NOT_SUPPORTED;
	}
}

/* An SMCCC call (bit 31 set) by `hvc #0`, or by a trapped `smc`. */
void smccc_call(struct cpu *cpu, struct frame *f, bool from_smc)
{
	uint32_t fn = f->r[0];
	uint32_t oen = (fn >> SMCCC_OEN_SHIFT) & SMCCC_OEN_MASK;

	(void)from_smc;
	if (psci_call(cpu, f))
		return;
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
	if ((fn & 0x40000000) == 0 && oen == 6 && (fn & SMCCC_FAST_CALL)) {
		belay_service(cpu, f);
		return;
	}
	f->r[0] = (uint32_t)SMCCC_NOT_SUPPORTED;
}
