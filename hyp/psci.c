/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * PSCI for the guest (Arm DEN0022, docs/hyp-abi.md). In RUN belay emulates it:
 * each guest vCPU is pinned to its physical CPU, so CPU_ON powers the
 * physical CPU on at belay's secondary entry (boot/secondary.S), which takes
 * it through STUB -> INIT -> RUN before entering the guest. Outside RUN (a
 * guest `hvc` with a PSCI function ID in STUB) the call goes to firmware
 * as it would without belay. Answers follow QEMU's PSCI where the
 * specification leaves a choice, so one test suite checks both
 * (docs/hyp-abi.md lists the two deliberate differences).
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <drivers/psci_fw.h>
#include <hyp/capture.h>
#include <hyp/cpu_hold.h>
#include <hyp/cpu_state.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/psci_state.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>

#define PSCI_VERSION_1_1	0x00010001u
#define PSCI_POWER_STATE_VALID	0x0001ffffu	/* StateID and StateType only */
/* How long CPU_ON waits, with interrupts masked, for a CPU that the guest
 * just turned off to reach firmware CPU_OFF: its teardown takes
 * microseconds; the rest is for a host that does not schedule the vCPU. */
#define CPU_OFF_WAIT_MS		100

/* The records (hyp/psci_state.c), shared by all CPUs: touched in RUN only,
 * with the HYP MMU on, under power_lock. */
static spinlock_t power_lock;
static struct psci_state power;

int cpu_index_of(uint32_t mpidr)
{
	return psci_state_index_of(&power, mpidr);
}

static int32_t hw_fw_call(void *ctx, uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	(void)ctx;
	return (int32_t)smccc_smc(fn, a1, a2, a3).a0;
}

/*
 * PSCI CPU_OFF on this CPU: leave RUN, then firmware CPU_OFF. Firmware
 * may refuse (TF-A does on the core its Trusted OS lives on); then the
 * CPU goes back to RUN, as BELAY_LAUNCH would take it, and the guest gets
 * firmware's answer.
 */
static int32_t hw_cpu_off(void *ctx, unsigned int self, bool hold)
{
	(void)ctx;
	log_guest_tick(self, true);	/* before the MMU goes off */
	return cpu_state_power_off(&percpu[self].cpu, hold ? &cpu_hold_ops : &cpu_hw_ops);
}

static uint64_t hw_now(void *ctx)
{
	(void)ctx;
	isb();
	return read_sysreg64(CNTPCT);
}

static void hw_lock(void *ctx)
{
	(void)ctx;
	spin_lock(&power_lock);
}

static void hw_unlock(void *ctx)
{
	(void)ctx;
	spin_unlock(&power_lock);
}

static int hw_reclaim(void *ctx, unsigned int t)
{
	(void)ctx;
	return capture_reclaim(t);
}

static const struct psci_ops hw_ops = {
	.fw_call = hw_fw_call,
	.cpu_off = hw_cpu_off,
	.held = cpu_held,
	.release = cpu_release,
	.now = hw_now,
	.lock = hw_lock,
	.unlock = hw_unlock,
	.reclaim = hw_reclaim,
};

void psci_parked_off(unsigned int self)
{
	psci_state_parked_off(&power, &hw_ops, self);
}

bool psci_init(void)
{
	uint32_t freq = read_sysreg(CNTFRQ);

	/* CNTFRQ is firmware's to set; a board that leaves it 0 still gets
	 * a bound (as if the counter ran at 1 GHz). */
	if (!freq)
		freq = 1000000000u;
	psci_state_init(&power, psci_fw_usable(), hyp.nr_cpus, hyp.cpu_mpidr,
			(uint32_t)(uintptr_t)secondary_entry,
			(uint64_t)(freq / 1000) * CPU_OFF_WAIT_MS);
	psci_state_probe(&power, &hw_ops, 0);	/* on the boot CPU */
	return power.hold;
}

static int32_t psci_features(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return PSCI_SUCCESS;	/* CPU_SUSPEND: original StateID format */
	case PSCI_MIGRATE_INFO_UP_CPU:
		/* Passed on to firmware: firmware says whether it has it. */
		return power.fw ? hw_fw_call(NULL, PSCI_FEATURES, fn, 0, 0) : PSCI_NOT_SUPPORTED;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/* boot/secondary.S: a CPU that belay's CPU_ON started. */
void __attribute__((noreturn)) secondary_main(unsigned int index)
{
	struct cpu *cpu = &percpu[index].cpu;
	uint32_t entry, context, spsr = PSR_MODE_SVC | PSR_A | PSR_I | PSR_F;

	cpu_init_percpu(cpu, index, read_sysreg(MPIDR));
	cpu_launch(cpu);
	if (!psci_state_arrived(&power, &hw_ops, index, &entry, &context))
		CPU_WARN(index, "started at belay's entry without a CPU_ON of belay's");
	capture_cpu_entered(index);
	crash_cpu_started(index);
	CPU_VERBOSE(index, "on, entering the guest at %08x", (unsigned)entry);
	if (entry & 1)
		spsr |= PSR_T;
	guest_enter(entry & ~1u, spsr, context, 0, 0);
}

static int32_t psci_cpu_suspend(uint32_t power_state)
{
	if (power_state & ~PSCI_POWER_STATE_VALID)
		return PSCI_INVALID_PARAMETERS;
	/* Every suspend is a standby here: wait for an interrupt (pending
	 * ones wake WFI even while masked) and return, which DEN0022 allows
	 * for power-down requests too (5.4.2).
	 * With the vGIC, what woke the CPU may already be waiting in a list
	 * register for the guest, which a WFI in HYP does not see. */
	if (!vgic_guest_pending())
		__asm__ volatile("dsb sy\n\twfi" : : : "memory");
	return PSCI_SUCCESS;
}

/* A PSCI function ID (abi_is_psci_id()) from the guest, by `hvc #0` or `smc`. */
void psci_call(struct cpu *cpu, struct frame *f)
{
	uint32_t fn = f->r[0];
	int32_t ret;

	if (cpu->state != BELAY_STATE_RUN) {
		struct smccc_res res = { (uint32_t)PSCI_NOT_SUPPORTED, 0, 0, 0 };
		if (psci_fw_usable())
			res = smccc_smc(f->r[0], f->r[1], f->r[2], f->r[3]);
		f->r[0] = res.a0;
		return;
	}
	switch (fn) {
	case PSCI_VERSION:
		capture_kernel_started(cpu->index, "PSCI VERSION");
		ret = (int32_t)PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		ret = psci_features(f->r[1]);
		break;
	case PSCI_CPU_ON:
		ret = psci_state_cpu_on(&power, &hw_ops, cpu->index, f->r[1], f->r[2], f->r[3],
					ipa_is_guest_ram(f->r[2] & ~1u, 4));
		break;
	case PSCI_CPU_OFF:
		ret = psci_state_cpu_off(&power, &hw_ops, cpu->index);
		break;
	case PSCI_CPU_SUSPEND:
		ret = psci_cpu_suspend(f->r[1]);
		break;
	case PSCI_AFFINITY_INFO:
		ret = psci_state_affinity_info(&power, &hw_ops, cpu->index, f->r[1], f->r[2]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = psci_state_migrate_info_type(&power, &hw_ops);
		break;
	case PSCI_MIGRATE_INFO_UP_CPU:
		ret = psci_state_migrate_info_up_cpu(&power, &hw_ops);
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		log_guest_flush_all();
		CPU_NOTICE(cpu->index, "guest called PSCI %s",
			   fn == PSCI_SYSTEM_OFF ? "SYSTEM_OFF" : "SYSTEM_RESET");
		if (fn == PSCI_SYSTEM_OFF)
			psci_fw_system_off();
		psci_fw_system_reset();
	default:
		ret = PSCI_NOT_SUPPORTED;
	}
	f->r[0] = (uint32_t)ret;
}
