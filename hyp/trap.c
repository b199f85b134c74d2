/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * What a trap from the guest becomes (docs/design.md, "Traps"): an ABI call, an
 * emulated PSCI call, or an exception injected into the guest. Nothing a
 * guest does stops belay.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/vgic.h>

#define SCTLR_EE	(1u << 25)
#define SCTLR_TE	(1u << 30)
#define TTBCR_EAE	(1u << 31)
#define PSR_IT_J_MASK	0x0700fc00u	/* IT[7:2], IT[1:0], J */
#define HSR_ISS_WNR	(1u << 6)

/* Fault status for a synchronous external abort, in the guest's format. */
#define FSR_LPAE	(1u << 9)
#define FSR_LPAE_EXT	0x10u
#define FSR_SHORT_EXT	0x08u
#define FSR_WNR		(1u << 11)

enum banked_mode { BANK_ABT, BANK_UND };

static void write_banked(enum banked_mode m, uint32_t spsr, uint32_t lr)
{
	if (m == BANK_ABT)
		__asm__ volatile("msr SPSR_abt, %0\n\tmsr LR_abt, %1" : : "r"(spsr), "r"(lr));
	else
		__asm__ volatile("msr SPSR_und, %0\n\tmsr LR_und, %1" : : "r"(spsr), "r"(lr));
}

/*
 * Take an exception in the guest the way the CPU would have (Arm ARM
 * B1.8): save CPSR and the return address in the target mode's banked
 * SPSR/LR, switch mode, mask, pick ARM/Thumb and endianness from SCTLR,
 * and resume at the guest's vector.
 */
static void inject(struct frame *f, enum banked_mode bank, uint32_t mode,
		   uint32_t vector_offset, uint32_t lr, bool mask_a)
{
	uint32_t sctlr = read_sysreg(SCTLR);
	uint32_t vbar = (sctlr & SCTLR_V) ? 0xffff0000u : read_sysreg(VBAR);
	uint32_t cpsr = f->spsr & ~(PSR_MODE_MASK | PSR_T | PSR_E | PSR_IT_J_MASK);

	cpsr |= mode | PSR_I | (mask_a ? PSR_A : 0);
	if (sctlr & SCTLR_TE)
		cpsr |= PSR_T;
	if (sctlr & SCTLR_EE)
		cpsr |= PSR_E;
	write_banked(bank, f->spsr, lr);
	f->spsr = cpsr;
	f->elr = vbar + vector_offset;
}

static uint32_t external_abort_fsr(void)
{
	return (read_sysreg(TTBCR) & TTBCR_EAE) ? FSR_LPAE | FSR_LPAE_EXT : FSR_SHORT_EXT;
}

static void inject_dabt(struct cpu *cpu, struct frame *f, uint32_t hsr, uint32_t far,
			uint64_t ipa, const char *why)
{
	GUEST_LOG(cpu->index, LOG_INFO,
		  "cpu%u: guest %s of IPA 0x%llx (VA %08x) at pc %08x: %s, data abort injected",
		  (unsigned)cpu->index, (hsr & HSR_ISS_WNR) ? "write" : "read",
		  (unsigned long long)ipa, (unsigned)far, (unsigned)f->elr, why);
	write_sysreg(far, DFAR);
	write_sysreg(external_abort_fsr() | ((hsr & HSR_ISS_WNR) ? FSR_WNR : 0), DFSR);
	inject(f, BANK_ABT, PSR_MODE_ABT, 0x10, f->elr + 8, true);
}

/* A Stage-2 data abort: the distributor belay emulates, or an abort for
 * the guest. */
static void guest_dabt(struct cpu *cpu, struct frame *f, uint32_t hsr)
{
	uint32_t far = read_sysreg(HDFAR);
	uint64_t ipa = ((uint64_t)(read_sysreg(HPFAR) >> 4) << 12) | (far & 0xfff);

	switch (vgic_mmio(cpu, f, hsr, ipa)) {
	case VGIC_MMIO_DONE:
		return;
	case VGIC_MMIO_UNDECODABLE:
		inject_dabt(cpu, f, hsr, far, ipa, "a GIC distributor access belay cannot decode "
			    "(no HSR.ISV, or a register out of its reach)");
		return;
	case VGIC_MMIO_NOT_GICD:
		inject_dabt(cpu, f, hsr, far, ipa, "not mapped");
		return;
	}
}

static void inject_pabt(struct cpu *cpu, struct frame *f)
{
	uint32_t far = read_sysreg(HIFAR);

	GUEST_LOG(cpu->index, LOG_INFO,
		  "cpu%u: guest fetch from unmapped %08x: prefetch abort injected",
		  (unsigned)cpu->index, (unsigned)far);
	write_sysreg(far, IFAR);
	write_sysreg(external_abort_fsr(), IFSR);
	inject(f, BANK_ABT, PSR_MODE_ABT, 0x0c, f->elr + 4, true);
}

static void inject_undef(struct cpu *cpu, struct frame *f, uint32_t hsr)
{
	/* LR_und is the next ARM instruction, or the faulting Thumb one + 2
	 * whatever its width (Arm ARM B1.8.3): handlers decode from there. */
	uint32_t len = (f->spsr & PSR_T) ? 2 : 4;

	GUEST_LOG(cpu->index, LOG_WARN,
		  "cpu%u: unhandled trap HSR %08x (EC 0x%02x) at pc %08x: UNDEF injected",
		  (unsigned)cpu->index, (unsigned)hsr, (unsigned)(hsr >> HSR_EC_SHIFT), (unsigned)f->elr);
	inject(f, BANK_UND, PSR_MODE_UND, 0x04, f->elr + len, false);
}

/*
 * Crash injection (hyp/crash.c): a synchronous external abort on a data
 * access at the interrupted instruction, as a bus error would raise it
 * (Arm ARM B1.9.7: LR_abt = that instruction + 8 in ARM and Thumb state;
 * DFAR names it too, since no data address is involved), or an undefined
 * instruction there. Linux reports either at that PC.
 */
void guest_inject_sea_at(struct frame *f)
{
	write_sysreg(f->elr, DFAR);
	write_sysreg(external_abort_fsr(), DFSR);
	inject(f, BANK_ABT, PSR_MODE_ABT, 0x10, f->elr + 8, true);
}

void guest_inject_undef_at(struct frame *f)
{
	inject(f, BANK_UND, PSR_MODE_UND, 0x04, f->elr + ((f->spsr & PSR_T) ? 2 : 4), false);
}

void hyp_trap(struct frame *f)
{
	struct cpu *cpu = frame_cpu(f);
	uint32_t hsr = read_sysreg(HSR);

	/* Report the guest's suppressed lines once their period is over. */
	log_guest_tick(cpu->index, false);

	switch (hsr >> HSR_EC_SHIFT) {
	case HSR_EC_HVC:
		abi_hvc(cpu, f, hsr & 0xffff);
		break;
	case HSR_EC_SMC:
		/* A trapped SMC returns to itself (B1.14.5): step over it. */
		smccc_call(cpu, f);
		f->elr += 4;
		break;
	case HSR_EC_DABT:
		guest_dabt(cpu, f, hsr);
		return;
	case HSR_EC_PABT:
		inject_pabt(cpu, f);
		return;
	default:
		inject_undef(cpu, f, hsr);
		return;
	}
	/* A call may have fired a crash on this CPU (hyp/crash.c); belay's
	 * shared data is reachable in RUN only. */
	if (cpu->state == BELAY_STATE_RUN)
		crash_deliver(cpu, f);
}

static const char *const hyp_exception_names[] = {
	"reset", "undefined instruction", "HVC", "prefetch abort",
	"data abort", "trap", "IRQ", "FIQ",
};

/* An exception taken in HYP mode itself (hyp/vectors.S). */
void __attribute__((noreturn)) hyp_bad_exception(struct frame *f, unsigned int kind)
{
	bool ours = f->elr >= (uintptr_t)_start && f->elr < (uintptr_t)_end;

	ERROR("%s in HYP mode at %08x (SPSR %08x, LR %08x)%s",
	      hyp_exception_names[kind & 7], (unsigned)f->elr, (unsigned)f->spsr, (unsigned)f->lr,
	      ours ? "" : ": not belay's code (HYP handed over by SOFT_RESTART)");
	if (ours)
		panic("unexpected exception in HYP");
	/*
	 * The guest's own code crashed in the HYP it took with SOFT_RESTART:
	 * nothing of belay's is wrong, and the other CPUs (a crash kernel,
	 * say) may still be doing useful work. Stop this CPU alone, as
	 * Linux's hyp-stub vectors would (`b .`), with interrupts masked.
	 */
	ERROR("stopping this CPU (MPIDR %08x); the others go on", (unsigned)read_sysreg(MPIDR));
	for (;;)
		__asm__ volatile("wfi");
}
