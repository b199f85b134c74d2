// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * Exceptions the guest takes at PL1 (vectors.S calls rt_exception). A test
 * arms a struct rt_fault before an access that should abort; anything that
 * arrives unarmed ends the test with "FAIL".
 */
#include "guest.h"

static struct rt_fault *armed;
static bool in_handler;

static const char *const names[] = {
	"reset", "undefined", "svc", "prefetch abort", "data abort",
	"unused", "irq", "fiq",
};

const char *exc_name(uint32_t type)
{
	return type < ARRAY_SIZE(names) ? names[type] : "?";
}

void rt_expect_fault(struct rt_fault *f)
{
	f->count = 0;
	f->type = ~0u;
	armed = f;
	dsb();
}

void rt_expect_none(void)
{
	armed = NULL;
	dsb();
}

uint32_t fsr_status(uint32_t fsr)
{
	/* LPAE format (bit 9 set): STATUS is bits [5:0]. Short-descriptor:
	 * FS is bits {10, 3:0}. */
	if (fsr & (1u << 9))
		return fsr & 0x3f;
	return ((fsr >> 6) & 0x10) | (fsr & 0xf);
}

bool fsr_is_sync_external(uint32_t fsr)
{
	uint32_t st = fsr_status(fsr);

	if (fsr & (1u << 9))
		return st == FSR_SYNC_EXTERNAL;
	return st == FSR_SD_SYNC_EXTERNAL;
}

/* Length of the instruction at pc in the state spsr describes. */
static uint32_t insn_len(uint32_t pc, uint32_t spsr)
{
	if (!(spsr & PSR_T))
		return 4;
	uint16_t hw = *(volatile uint16_t *)pc;
	return (hw & 0xf800) >= 0xe800 ? 4 : 2;
}

void rt_exception(uint32_t type, struct rt_frame *f)
{
	uint32_t pc = 0;
	bool thumb = f->spsr & PSR_T;

	switch (type) {
	case EXC_UNDEF:
		pc = f->lr - (thumb ? 2 : 4);	/* approximate for 32-bit Thumb */
		break;
	case EXC_SVC:
		pc = f->lr - (thumb ? 2 : 4);
		break;
	case EXC_PABT:
		pc = f->lr - 4;
		break;
	case EXC_DABT:
		pc = f->lr - 8;
		break;
	default:
		pc = f->lr;
		break;
	}

	if (armed && !in_handler && (type == EXC_UNDEF || type == EXC_DABT ||
				     type == EXC_PABT)) {
		struct rt_fault *r = armed;

		r->type = type;
		r->mode = read_cpsr() & PSR_MODE_MASK;
		r->pc = pc;
		r->spsr = f->spsr;
		r->dfar = read_sysreg(DFAR);
		r->dfsr = read_sysreg(DFSR);
		r->ifar = read_sysreg(IFAR);
		r->ifsr = read_sysreg(IFSR);
		r->count++;
		switch (type) {
		case EXC_UNDEF:		/* LR already points past it */
			return;
		case EXC_DABT:
			f->lr = pc + insn_len(pc, f->spsr);
			return;
		case EXC_PABT:
			if (r->resume_pc) {
				f->lr = r->resume_pc;
				return;
			}
			break;
		}
	}

	if (in_handler) {
		puts_raw("FAIL: exception inside the exception handler\n");
		psci_system_off();
	}
	in_handler = true;
	printf("FAIL: unexpected %s exception at pc=%08x spsr=%08x\n",
	       exc_name(type), pc, f->spsr);
	printf("# DFAR=%08x DFSR=%08x IFAR=%08x IFSR=%08x lr=%08x\n",
	       read_sysreg(DFAR), read_sysreg(DFSR), read_sysreg(IFAR),
	       read_sysreg(IFSR), f->lr);
	for (int i = 0; i < 13; i++)
		printf("# r%d=%08x\n", i, f->r[i]);
	test_abort("unexpected exception");
}
