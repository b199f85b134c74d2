// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * Exceptions the guest takes at PL1 (vectors.S calls rt_exception). A test
 * arms a struct rt_fault before an access that should abort; anything that
 * arrives unarmed ends the test with "FAIL".
 */
#include "guest.h"

/* Per CPU (MPIDR.Aff0, like the stacks): each CPU arms its own faults. */
static struct rt_fault *armed_faults[RT_MAX_CPUS];
static bool in_handlers[RT_MAX_CPUS];
static void (*irq_handler)(void);

static unsigned int exc_cpu(void)
{
	uint32_t aff0 = read_sysreg(MPIDR) & 0xff;

	return aff0 < RT_MAX_CPUS ? aff0 : 0;
}

void rt_set_irq_handler(void (*handler)(void))
{
	irq_handler = handler;
	dsb();
}

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
	armed_faults[exc_cpu()] = f;
	dsb();
}

void rt_expect_none(void)
{
	armed_faults[exc_cpu()] = NULL;
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
	unsigned int cpu = exc_cpu();
	struct rt_fault *armed = armed_faults[cpu];
	uint32_t pc = 0;
	bool thumb = f->spsr & PSR_T;

	/* IRQs go to the driver that asked for them (gic.c); LR_irq is the
	 * interrupted instruction + 4 in both ARM and Thumb state (B1.8.3). */
	if (type == EXC_IRQ && irq_handler && !in_handlers[cpu]) {
		f->lr -= 4;
		irq_handler();
		return;
	}

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

	if (armed && !in_handlers[cpu] &&
	    (type == EXC_UNDEF || type == EXC_DABT || type == EXC_PABT)) {
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
			if (r->resume_at_pc)
				f->lr = pc;
			return;
		case EXC_DABT:
			f->lr = r->resume_at_pc ? pc : pc + insn_len(pc, f->spsr);
			return;
		case EXC_PABT:
			if (r->resume_pc) {
				f->lr = r->resume_pc;
				return;
			}
			break;
		}
	}

	if (in_handlers[cpu]) {
		puts_raw("FAIL: exception inside the exception handler\n");
		psci_system_off();
	}
	in_handlers[cpu] = true;
	printf("FAIL: unexpected %s exception on CPU %u at pc=%08x spsr=%08x\n",
	       exc_name(type), cpu, pc, f->spsr);
	printf("# DFAR=%08x DFSR=%08x IFAR=%08x IFSR=%08x lr=%08x\n",
	       read_sysreg(DFAR), read_sysreg(DFSR), read_sysreg(IFAR),
	       read_sysreg(IFSR), f->lr);
	for (int i = 0; i < 13; i++)
		printf("# r%d=%08x\n", i, f->r[i]);
	test_abort("unexpected exception");
}
