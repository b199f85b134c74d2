/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Per-CPU state transitions (DESIGN §4). Only the CPU itself changes its
 * state, always from HYP with interrupts masked, and it returns to the
 * guest only once a transition is complete: that is why the guest can
 * never observe INIT or TEARDOWN on its own CPU.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/cache.h>
#include <hyp/cpu.h>
#include <hyp/hyp.h>
#include <hyp/log.h>

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

struct cpu *this_cpu(void)
{
	uintptr_t p = read_sysreg(HTPIDR);

	/* Called from panic(): do not trust HTPIDR blindly. */
	for (unsigned int i = 0; i < MAX_CPUS; i++)
		if (p == (uintptr_t)&percpu[i].cpu)
			return &percpu[i].cpu;
	return NULL;
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

/* SET_VECTORS may take the fast path: outside RUN only (struct cpu). */
static void open_setvec_window(struct cpu *cpu)
{
	const struct range *r = &hyp.guest_ram[0];

	cpu->setvec_base = 0;
	cpu->setvec_size = 0;
	/* Whole 32-byte tables only: a table that starts inside the window
	 * must end inside it. */
	if (hyp.nr_guest_ram && r->base + r->size <= 0x100000000ull && r->size >= 32) {
		cpu->setvec_base = (uint32_t)r->base;
		cpu->setvec_size = (uint32_t)(r->size - 31);
	}
}

/*
 * Set up the registers a CPU keeps in every state, and its struct cpu.
 * Runs on the CPU itself, in HYP, MMU off, right after its vectors.
 */
void cpu_init_percpu(struct cpu *cpu, unsigned int index, uint32_t mpidr)
{
	cpu->index = index;
	cpu->mpidr = mpidr;
	open_setvec_window(cpu);
	cpu->state = BELAY_STATE_STUB;

	/* The guest sees the real CPU (one vCPU pinned per CPU), owns the
	 * physical timer and counter, and virtual time equals physical time
	 * (DESIGN §5). These hold in STUB too. */
	write_sysreg(read_sysreg(MIDR), VPIDR);
	write_sysreg(read_sysreg(MPIDR), VMPIDR);
	write_sysreg(CNTHCTL_PL1PCEN | CNTHCTL_PL1PCTEN, CNTHCTL);
	write_sysreg64(0, CNTVOFF);
	isb();
	stage2_init_percpu();
}

void cpu_launch(struct cpu *cpu)
{
	cpu->state = BELAY_STATE_INIT;
	/* Lines of this CPU's stack may sit stale in a cache from before its
	 * last teardown; drop them before reading it cacheably. */
	dcache_inv_range((uintptr_t)cpu_percpu(cpu), (uintptr_t)(cpu_percpu(cpu) + 1));
	hyp_mmu_enable();
	stage2_enable();
	cpu->setvec_size = 0;
	cpu->state = BELAY_STATE_RUN;
}

void cpu_teardown(struct cpu *cpu)
{
	cpu->state = BELAY_STATE_TEARDOWN;
	stage2_disable();
	open_setvec_window(cpu);
	cpu->state = BELAY_STATE_STUB;
	/* Cleans and invalidates the whole stack and struct cpu first: they
	 * are read and written with the MMU off from now on. */
	hyp_mmu_disable(cpu_percpu(cpu));
}
