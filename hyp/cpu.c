/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Per-CPU data and the machine side of the state transitions
 * (docs/design.md): the transitions themselves are hyp/cpu_state.c.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/cache.h>
#include <drivers/psci_fw.h>
#include <hyp/cpu.h>
#include <hyp/cpu_hold.h>
#include <hyp/cpu_state.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/vgic.h>

struct percpu percpu[MAX_CPUS];

static const char *const state_names[] = {
	[BELAY_STATE_OFF] = "OFF",
	[BELAY_STATE_STUB] = "STUB",
	[BELAY_STATE_INIT] = "INIT",
	[BELAY_STATE_RUN] = "RUN",
	[BELAY_STATE_TEARDOWN] = "TEARDOWN",
	[BELAY_STATE_FOREIGN] = "FOREIGN",
};

const char *state_name(uint32_t state)
{
	return state < sizeof(state_names) / sizeof(state_names[0]) ? state_names[state] : "?";
}

bool cpu_table_fits(uint32_t mpidr)
{
	mpidr &= MPIDR_AFF_MASK;
	return mpidr < CPU_TABLE_AFF_LIMIT && (mpidr & 0xf0) == 0;
}

/* The same lookup as find_cpu_stack in hyp/vectors.S, so C and the entry
 * code always agree on which block is this CPU's. */
struct cpu *this_cpu(void)
{
	uint32_t mpidr = read_sysreg(MPIDR);

	if (!cpu_table_fits(mpidr))
		return NULL;
	return (struct cpu *)hyp_cpu_table[cpu_table_index(mpidr)];
}

bool ipa_is_guest_ram(uint64_t ipa, uint64_t size)
{
	for (unsigned int i = 0; i < hyp.nr_guest_ram; i++) {
		const struct range *r = &hyp.guest_ram[i];
		if (ipa >= r->base && size <= r->size && ipa - r->base <= r->size - size)
			return true;
	}
	return false;
}

/*
 * Fill the boot-time data hyp/vectors.S reads PC-relative: hyp_cpu_table
 * from hyp.cpu_mpidr (logical CPU i's MPIDR -> &percpu[i].cpu), and the
 * SET_VECTORS fast-path window. Runs on the boot CPU, HYP MMU off, before
 * the first MMU enable (belay_main() then invalidates the data cache over
 * the whole image) and before any other CPU starts, so every CPU reads
 * these words from memory with its MMU off or on. Nobody writes them
 * again: the HYP map makes belay's text read-only.
 */
void cpu_tables_init(void)
{
	const struct range *r = &hyp.guest_ram[0];

	for (unsigned int i = 0; i < CPU_TABLE_ENTRIES; i++)
		hyp_cpu_table[i] = 0;
	/* The first logical CPU with an MPIDR keeps it (number_cpus() lists
	 * each once): two CPUs must never share a block. */
	for (unsigned int i = 0; i < hyp.nr_cpus; i++) {
		uintptr_t *e = &hyp_cpu_table[cpu_table_index(hyp.cpu_mpidr[i])];

		if (!*e)
			*e = (uintptr_t)&percpu[i].cpu;
	}

	/* The first guest RAM range below 4 GiB from its first 32-byte
	 * boundary, in whole 32-byte tables: a table that starts inside the
	 * window ends inside it. */
	hyp_setvec_window[0] = 0;
	hyp_setvec_window[1] = 0;
	if (hyp.nr_guest_ram && r->base + r->size <= 0x100000000ull) {
		uint64_t base = (r->base + 31) & ~31ull, end = r->base + r->size;

		if (end > base) {
			hyp_setvec_window[0] = (uint32_t)base;
			hyp_setvec_window[1] = (uint32_t)((end - base) / 32);
		}
	}
}

/*
 * Set up the registers a CPU keeps in every state, and its struct cpu.
 * Runs on the CPU itself, in HYP, MMU off, right after its vectors.
 */
void cpu_init_percpu(struct cpu *cpu, unsigned int index, uint32_t mpidr)
{
	cpu_state_start(cpu, index, mpidr);

	/* The guest sees the real CPU (one vCPU pinned per CPU), owns the
	 * physical timer and counter, and virtual time equals physical time
	 * (docs/design.md). These hold in STUB too. */
	write_sysreg(read_sysreg(MIDR), VPIDR);
	write_sysreg(read_sysreg(MPIDR), VMPIDR);
	write_sysreg(CNTHCTL_PL1PCEN | CNTHCTL_PL1PCTEN, CNTHCTL);
	write_sysreg64(0, CNTVOFF);
	isb();
	stage2_init_percpu();
}

static void hw_mmu_on(void *ctx, struct cpu *cpu)
{
	(void)ctx;
	/* Lines of this CPU's stack may sit stale in a cache from before its
	 * last teardown; drop them before reading it cacheably. */
	dcache_inv_range((uintptr_t)cpu_percpu(cpu), (uintptr_t)(cpu_percpu(cpu) + 1));
	hyp_mmu_enable();
}

static void hw_stage2_on(void *ctx)
{
	(void)ctx;
	stage2_enable();
	/* The CPU being launched is always this one (docs/design.md). */
	vgic_cpu_enter(this_cpu());
	crash_cpu_enter(this_cpu());
}

static void hw_stage2_off(void *ctx)
{
	(void)ctx;
	crash_cpu_leave(this_cpu());
	vgic_cpu_leave(this_cpu());
	stage2_disable();
}

static void hw_mmu_off(void *ctx, struct cpu *cpu)
{
	(void)ctx;
	/* Cleans and invalidates the whole stack and struct cpu first: they
	 * are read and written with the MMU off from now on. */
	hyp_mmu_disable(cpu_percpu(cpu));
}

static int32_t hw_fw_cpu_off(void *ctx)
{
	(void)ctx;
	return (int32_t)smccc_smc(PSCI_CPU_OFF, 0, 0, 0).a0;
}

/* The machine side of hyp/cpu_state.c's transitions. */
const struct cpu_ops cpu_hw_ops = {
	.mmu_on = hw_mmu_on,
	.stage2_on = hw_stage2_on,
	.stage2_off = hw_stage2_off,
	.mmu_off = hw_mmu_off,
	.fw_cpu_off = hw_fw_cpu_off,
};

/* The same, but a CPU that powers off waits in belay's hold instead of
 * calling firmware CPU_OFF (hyp/cpu_hold.c). */
const struct cpu_ops cpu_hold_ops = {
	.mmu_on = hw_mmu_on,
	.stage2_on = hw_stage2_on,
	.stage2_off = hw_stage2_off,
	.mmu_off = hw_mmu_off,
	.fw_cpu_off = cpu_hold,
};

void cpu_launch(struct cpu *cpu)
{
	cpu_state_launch(cpu, &cpu_hw_ops);
}

void cpu_teardown(struct cpu *cpu)
{
	cpu_state_teardown(cpu, &cpu_hw_ops);
}
