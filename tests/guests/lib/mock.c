// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * The mock hyp-stub: on native runs (QEMU boots the guest ELF in HYP, no
 * belay) crt0 installs mock_hyp_vectors and this handler answers the
 * hyp-stub ABI with belay's own decisions (hyp/abi_state.c, the code
 * belay runs), through a machine side of its own: there is no HYP MMU or
 * Stage-2 to turn on or off, PSCI goes to QEMU's firmware, and the
 * SOFT_RESTART target is entered by the mock's ERET. So the guests' checks
 * of each cell meet belay's answers, not answers written to match them,
 * and their own HYP-mode code (SOFT_RESTART targets, the FOREIGN vectors,
 * register probes) runs without belay. It proves nothing about belay's
 * machine side. Runs in HYP, MMU off, on our own SP_hyp.
 */
#include <hyp/abi_state.h>

#include "guest.h"

struct mock_frame {
	uint32_t r[13];
	uint32_t lr;
};

/* One record per CPU, as belay keeps it (the ABI is per CPU), indexed like
 * the runtime's stacks by MPIDR.Aff0. Every CPU enters the guest in RUN,
 * as under belay: crt0 and smp_entry.S install the mock before they leave
 * HYP. */
static struct cpu mock_cpus[RT_MAX_CPUS] = {
	[0 ... RT_MAX_CPUS - 1] = { .state = BELAY_STATE_RUN },
};
extern const char mock_hyp_vectors[];

static struct cpu *mock_this_cpu(void)
{
	uint32_t aff0 = read_sysreg(MPIDR) & 0xff;

	return &mock_cpus[aff0 < RT_MAX_CPUS ? aff0 : 0];
}

static void mock_fail(const char *what, uint32_t hsr)
{
	printf("FAIL: mock hyp-stub: %s (HSR=%08x ELR_hyp=", what, hsr);
	uint32_t elr;
	__asm__ volatile("mrs %0, elr_hyp" : "=r"(elr));
	printf("%08x)\n", elr);
	smc_call4(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		;
}

void mock_cpu_online(void)
{
	/* A CPU that PSCI just started got the mock afresh (smp_entry.S). */
	mock_this_cpu()->state = BELAY_STATE_RUN;
}

/* The machine side: nothing to turn on or off. */
static void mock_nop(void *ctx)
{
	(void)ctx;
}

static void mock_nop_cpu(void *ctx, struct cpu *cpu)
{
	(void)ctx;
	(void)cpu;
}

static uint32_t mock_get_vectors(void *ctx)
{
	(void)ctx;
	return read_sysreg(HVBAR);
}

static void mock_set_vectors(void *ctx, uint32_t vectors)
{
	(void)ctx;
	write_sysreg(vectors, HVBAR);
}

/* Guest RAM natively: -m 1024 without the mock's region. */
static bool mock_is_guest_ram(void *ctx, uint64_t ipa, uint64_t size)
{
	(void)ctx;
	return ipa >= 0x40000000 && ipa < MOCK_REGION_BASE && size <= MOCK_REGION_BASE - ipa;
}

static void mock_soft_restart(void *ctx, struct cpu *cpu, struct frame *f)
{
	uint32_t target = f->r[1];
	uint32_t spsr = PSR_MODE_HYP | PSR_A | PSR_I | PSR_F;

	(void)ctx;
	(void)cpu;
	if (target & 1)
		spsr |= PSR_T;
	write_sysreg(0, HCR);
	write_sysreg(0, HSTR);
	write_sysreg64((uint64_t)BELAY_VMID << 48, VTTBR);
	write_sysreg((uintptr_t)mock_hyp_vectors, HVBAR);
	f->r[0] = HVC_SOFT_RESTART;
	__asm__ volatile("msr elr_hyp, %0" : : "r"(target & ~1u));
	__asm__ volatile("msr spsr_cxsf, %0" : : "r"(spsr));
	/* The ERET in mock_entry goes there. */
}

/* PSCI: ask the firmware (QEMU answers smc from HYP too). */
static void mock_psci(struct cpu *cpu, struct frame *f)
{
	(void)cpu;
	f->r[0] = smc_call4(f->r[0], f->r[1], f->r[2], f->r[3]).r0;
}

static void mock_mem_info(void *ctx, uint32_t *free_pages, uint32_t *total_pages)
{
	(void)ctx;
	*free_pages = 100;
	*total_pages = MOCK_REGION_SIZE / 4096;
}

static const struct cpu_ops mock_cpu_ops = {
	.mmu_on = mock_nop_cpu,
	.stage2_on = mock_nop,
	.stage2_off = mock_nop,
	.mmu_off = mock_nop_cpu,
};

static const struct abi_ops mock_ops = {
	.cpu = &mock_cpu_ops,
	.get_vectors = mock_get_vectors,
	.set_vectors = mock_set_vectors,
	.is_guest_ram = mock_is_guest_ram,
	.soft_restart = mock_soft_restart,
	.psci = mock_psci,
	.mem_info = mock_mem_info,
};

void mock_hyp_trap(uint32_t type, struct mock_frame *mf)
{
	uint32_t hsr = read_sysreg(HSR);
	struct frame f;

	if (type != 1 || (hsr >> HSR_EC_SHIFT) != HSR_EC_HVC)
		mock_fail("unexpected exception", hsr);
	for (unsigned int i = 0; i < 13; i++)
		f.r[i] = mf->r[i];
	abi_state_hvc(mock_this_cpu(), &mock_ops, &f, hsr & 0xffff);
	for (unsigned int i = 0; i < 4; i++)
		mf->r[i] = f.r[i];
}
