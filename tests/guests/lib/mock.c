// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * The mock hyp-stub: on native runs (QEMU boots the guest ELF in HYP, no
 * belay) crt0 installs mock_hyp_vectors and this handler answers the
 * hyp-stub ABI the way docs/hyp-abi.md says belay does, minus everything
 * belay does with Stage-2 and traps. It exists so the test guests' own
 * HYP-mode code (SOFT_RESTART targets, the FOREIGN vectors, register
 * probes) can be checked without belay; it proves nothing about belay.
 * Runs in HYP, MMU off, on our own SP_hyp.
 */
#include "guest.h"

struct mock_frame {
	uint32_t r[13];
	uint32_t lr;
};

/* One state per CPU, as belay keeps it (the ABI is per CPU), indexed like
 * the runtime's stacks by MPIDR.Aff0. Every CPU starts in RUN: crt0 and
 * smp_entry.S install the mock before they leave HYP. */
static uint32_t mock_states[RT_MAX_CPUS] = {
	[0 ... RT_MAX_CPUS - 1] = BELAY_STATE_RUN,
};
extern const char mock_hyp_vectors[];

static uint32_t *mock_state_of_this_cpu(void)
{
	uint32_t aff0 = read_sysreg(MPIDR) & 0xff;

	return &mock_states[aff0 < RT_MAX_CPUS ? aff0 : 0];
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

static bool mock_in_guest_ram(uint32_t a)
{
	return a >= 0x40000000 && a < MOCK_REGION_BASE;
}

void mock_cpu_online(void)
{
	/* A CPU that PSCI just started got the mock afresh (smp_entry.S). */
	*mock_state_of_this_cpu() = BELAY_STATE_RUN;
}

void mock_hyp_trap(uint32_t type, struct mock_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);
	uint32_t fn = f->r[0];
	uint32_t *state = mock_state_of_this_cpu();

	if (type != 1 || (hsr >> HSR_EC_SHIFT) != HSR_EC_HVC)
		mock_fail("unexpected exception", hsr);

	/* Entered through our vectors again: whoever had HYP gave it back. */
	if (*state == BELAY_STATE_FOREIGN)
		*state = BELAY_STATE_STUB;

	if (hsr & 0xffff) {
		f->r[0] = HVC_STUB_ERR;
		return;
	}

	switch (fn) {
	case HVC_GET_VECTORS:
		f->r[0] = read_sysreg(HVBAR);
		return;
	case HVC_SET_VECTORS:
		if (*state != BELAY_STATE_STUB || (f->r[1] & 31) ||
		    !mock_in_guest_ram(f->r[1])) {
			f->r[0] = HVC_STUB_ERR;
			return;
		}
		write_sysreg(f->r[1], HVBAR);
		*state = BELAY_STATE_FOREIGN;
		f->r[0] = 0;
		return;
	case HVC_RESET_VECTORS:
		*state = BELAY_STATE_STUB;
		f->r[0] = 0;
		return;
	case HVC_SOFT_RESTART: {
		uint32_t target = f->r[1];
		uint32_t spsr = PSR_MODE_HYP | PSR_A | PSR_I | PSR_F;

		if (target & 1)
			spsr |= PSR_T;
		*state = BELAY_STATE_STUB;
		write_sysreg(0, HCR);
		write_sysreg(0, HSTR);
		write_sysreg64((uint64_t)BELAY_VMID << 48, VTTBR);
		write_sysreg((uintptr_t)mock_hyp_vectors, HVBAR);
		__asm__ volatile("msr elr_hyp, %0" : : "r"(target & ~1u));
		__asm__ volatile("msr spsr_cxsf, %0" : : "r"(spsr));
		return;		/* the ERET in mock_entry goes there */
	}
	case BELAY_LAUNCH:
		if (*state == BELAY_STATE_RUN) {
			f->r[0] = (uint32_t)BELAY_ERR_ALREADY_RUNNING;
			return;
		}
		*state = BELAY_STATE_RUN;
		f->r[0] = 0;
		return;
	case BELAY_GET_STATE:
		f->r[0] = *state;
		return;
	case BELAY_MEM_INFO:
		f->r[0] = 100;
		f->r[1] = MOCK_REGION_SIZE / 4096;
		return;
	case BELAY_CALL_COUNT:
		f->r[0] = BELAY_NR_CALLS;
		return;
	case BELAY_CALL_UID:
		f->r[0] = BELAY_UID_0;
		f->r[1] = BELAY_UID_1;
		f->r[2] = BELAY_UID_2;
		f->r[3] = BELAY_UID_3;
		return;
	case BELAY_CALL_REVISION:
		f->r[0] = BELAY_REVISION_MAJOR;
		f->r[1] = BELAY_REVISION_MINOR;
		return;
	case SMCCC_VERSION:
		f->r[0] = SMCCC_VERSION_1_1;
		return;
	}
	if ((fn >> SMCCC_OEN_SHIFT) == 0x84) {
		/* PSCI: ask the firmware (QEMU answers smc from HYP too). */
		struct res4 r = smc_call4(fn, f->r[1], f->r[2], f->r[3]);
		f->r[0] = r.r0;
		return;
	}
	f->r[0] = (fn & SMCCC_FAST_CALL) ? (uint32_t)SMCCC_NOT_SUPPORTED : HVC_STUB_ERR;
}
