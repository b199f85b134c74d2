/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * PSCI for the guest (Arm DEN0022, DESIGN §5). In RUN belay emulates it:
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
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/spinlock.h>

#define PSCI_VERSION_1_1	0x00010001u
#define PSCI_POWER_STATE_VALID	0x0001ffffu	/* StateID and StateType only */
#define PSCI_SMC64		0x40000000u
/* How long CPU_ON waits for a CPU that the guest just turned off to
 * finish powering down in firmware. */
#define CPU_ON_RETRIES		1000000

void secondary_entry(void);

/* The guest's view of each CPU, and what CPU_ON asked for. */
struct vcpu_power {
	uint32_t affinity;	/* PSCI_AFFINITY_ON/OFF/ON_PENDING */
	uint32_t entry;		/* CPU_ON entry point (bit 0: Thumb) */
	uint32_t context;	/* CPU_ON context id, for r0 */
};

static spinlock_t power_lock;
static struct vcpu_power power[MAX_CPUS];

static bool is_psci_id(uint32_t fn)
{
	/* 0x84000000-0x8400001f (SMC32) and 0xc4000000-0xc400001f (SMC64). */
	return (fn & ~(PSCI_SMC64 | 0x1fu)) == 0x84000000u;
}

int cpu_index_of(uint32_t mpidr)
{
	for (unsigned int i = 0; i < hyp.nr_cpus; i++)
		if (hyp.cpu_mpidr[i] == mpidr)
			return (int)i;
	return -1;
}

void psci_init(void)
{
	for (unsigned int i = 0; i < MAX_CPUS; i++)
		power[i].affinity = i == 0 ? PSCI_AFFINITY_ON : PSCI_AFFINITY_OFF;
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
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/*
 * Outside RUN the guest talks to firmware directly (its `smc` is not
 * trapped), so it can turn a CPU off behind belay's back. Firmware knows
 * the truth about power: where belay's record says ON for a CPU, ask it.
 * Called with power_lock held; never for the calling CPU.
 */
static void refresh_record(unsigned int t)
{
	if (power[t].affinity != PSCI_AFFINITY_ON || !psci_fw_usable())
		return;
	if ((int32_t)smccc_smc(PSCI_AFFINITY_INFO, hyp.cpu_mpidr[t], 0, 0).a0 == PSCI_AFFINITY_OFF) {
		NOTICE("cpu%u was turned off without belay (PSCI outside RUN): now OFF", t);
		power[t].affinity = PSCI_AFFINITY_OFF;
	}
}

static int32_t psci_cpu_on(struct cpu *cpu, uint32_t target, uint32_t entry, uint32_t context)
{
	int t = cpu_index_of(target);
	int32_t ret;

	if (t < 0)
		return PSCI_INVALID_PARAMETERS;
	if (!ipa_is_guest_ram(entry & ~1u, 4))
		return PSCI_INVALID_ADDRESS;
	if (!psci_fw_usable())
		return PSCI_NOT_SUPPORTED;

	spin_lock(&power_lock);
	if ((unsigned int)t != cpu->index)
		refresh_record(t);
	if (power[t].affinity != PSCI_AFFINITY_OFF) {
		ret = power[t].affinity == PSCI_AFFINITY_ON ? PSCI_ALREADY_ON : PSCI_ON_PENDING;
		spin_unlock(&power_lock);
		return ret;
	}
	power[t].affinity = PSCI_AFFINITY_ON_PENDING;
	power[t].entry = entry;
	power[t].context = context;
	spin_unlock(&power_lock);

	/* A CPU the guest just turned off may still be on its way into
	 * firmware CPU_OFF (hyp/psci.c psci_cpu_off()); firmware says
	 * ALREADY_ON until it is there. */
	for (int i = 0; i < CPU_ON_RETRIES; i++) {
		ret = (int32_t)smccc_smc(PSCI_CPU_ON, target, (uintptr_t)secondary_entry, (uint32_t)t).a0;
		if (ret != PSCI_ALREADY_ON)
			break;
	}
	if (ret != PSCI_SUCCESS) {
		WARN("cpu%u: firmware CPU_ON of MPIDR %08x failed (%d)", (unsigned)cpu->index,
		     (unsigned)target, (int)ret);
		spin_lock(&power_lock);
		power[t].affinity = PSCI_AFFINITY_OFF;
		spin_unlock(&power_lock);
		return PSCI_INTERNAL_FAILURE;
	}
	return PSCI_SUCCESS;
}

/* boot/secondary.S: a CPU that belay's CPU_ON started. */
void __attribute__((noreturn)) secondary_main(unsigned int index)
{
	struct cpu *cpu = &percpu[index].cpu;
	uint32_t entry, context, spsr = PSR_MODE_SVC | PSR_A | PSR_I | PSR_F;

	cpu_init_percpu(cpu, index, read_sysreg(MPIDR));
	cpu_launch(cpu);
	spin_lock(&power_lock);
	power[index].affinity = PSCI_AFFINITY_ON;
	entry = power[index].entry;
	context = power[index].context;
	spin_unlock(&power_lock);
	VERBOSE("cpu%u: on, entering the guest at %08x", index, (unsigned)entry);
	if (entry & 1)
		spsr |= PSR_T;
	guest_enter(entry & ~1u, spsr, context, 0, 0);
}

static int32_t psci_cpu_off(struct cpu *cpu)
{
	unsigned int others_on = 0;

	spin_lock(&power_lock);
	for (unsigned int i = 0; i < hyp.nr_cpus; i++) {
		if (i == cpu->index)
			continue;
		refresh_record(i);
		if (power[i].affinity != PSCI_AFFINITY_OFF)
			others_on++;
	}
	/* Turning the last CPU off would leave a machine nobody can wake:
	 * refuse, as DEN0022 allows (5.5.2). */
	if (!others_on) {
		spin_unlock(&power_lock);
		return PSCI_DENIED;
	}
	power[cpu->index].affinity = PSCI_AFFINITY_OFF;
	spin_unlock(&power_lock);

	log_guest_tick(cpu->index, true);	/* before the MMU goes off */
	cpu_teardown(cpu);
	cpu->state = BELAY_STATE_OFF;
	int32_t ret = (int32_t)smccc_smc(PSCI_CPU_OFF, 0, 0, 0).a0;
	panic("firmware CPU_OFF returned %d", (int)ret);
}

static int32_t psci_affinity_info(struct cpu *cpu, uint32_t target, uint32_t level)
{
	int t = cpu_index_of(target);
	uint32_t affinity;

	if (level != 0 || t < 0)
		return PSCI_INVALID_PARAMETERS;
	spin_lock(&power_lock);
	if ((unsigned int)t != cpu->index)
		refresh_record(t);
	affinity = power[t].affinity;
	spin_unlock(&power_lock);
	return (int32_t)affinity;
}

static int32_t psci_cpu_suspend(uint32_t power_state)
{
	if (power_state & ~PSCI_POWER_STATE_VALID)
		return PSCI_INVALID_PARAMETERS;
	/* Every suspend is a standby here: wait for an interrupt (pending
	 * ones wake WFI even while masked) and return, which DEN0022 allows
	 * for power-down requests too (5.4.2). */
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
	return PSCI_SUCCESS;
}

bool psci_call(struct cpu *cpu, struct frame *f)
{
	uint32_t fn = f->r[0];
	int32_t ret;

	if (!is_psci_id(fn))
		return false;
	if (cpu->state != BELAY_STATE_RUN) {
		struct smccc_res res = { (uint32_t)PSCI_NOT_SUPPORTED, 0, 0, 0 };
		if (psci_fw_usable())
			res = smccc_smc(f->r[0], f->r[1], f->r[2], f->r[3]);
		f->r[0] = res.a0;
		return true;
	}
	switch (fn) {
	case PSCI_VERSION:
		ret = (int32_t)PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		ret = psci_features(f->r[1]);
		break;
	case PSCI_CPU_ON:
		ret = psci_cpu_on(cpu, f->r[1], f->r[2], f->r[3]);
		break;
	case PSCI_CPU_OFF:
		ret = psci_cpu_off(cpu);
		break;
	case PSCI_CPU_SUSPEND:
		ret = psci_cpu_suspend(f->r[1]);
		break;
	case PSCI_AFFINITY_INFO:
		ret = psci_affinity_info(cpu, f->r[1], f->r[2]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2;	/* no Trusted OS that needs migrating */
		break;
	case PSCI_SYSTEM_OFF:
		log_guest_flush_all();
		NOTICE("cpu%u: guest called PSCI SYSTEM_OFF", (unsigned)cpu->index);
		psci_fw_system_off();
	case PSCI_SYSTEM_RESET:
		log_guest_flush_all();
		NOTICE("cpu%u: guest called PSCI SYSTEM_RESET", (unsigned)cpu->index);
		psci_fw_system_reset();
	default:
		ret = PSCI_NOT_SUPPORTED;
	}
	f->r[0] = (uint32_t)ret;
	return true;
}
