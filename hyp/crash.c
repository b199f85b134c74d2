/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Crash injection, the machine side (docs/kdump.md, "Crash injection"):
 * one armed crash (include/hyp/crash.h), its triggers, and the delivery
 * of a synchronous exception to the target CPU's guest.
 *
 * A trigger that fires marks its target CPU "pending" and, if that is
 * another CPU, kicks it with belay's SGI. The exception itself is injected
 * at the end of a trap or interrupt taken on the target (crash_deliver()),
 * the only place where the guest's interrupted context is at hand, and
 * only while that context is in SVC mode with vectors it can take: Linux
 * oopses on an abort taken in SVC, while in USR it would only signal a
 * process, in IRQ or ABT mode it would nest exceptions of its own, and in
 * its first instructions after CPU_ON it has no vectors yet. Otherwise the
 * HYP timer retries a few microseconds later. A CPU that CPU_ON started
 * also waits for its first GIC distributor access (crash_cpu_gic()). Both the HYP timer and the SGI reach
 * HYP whatever the guest's CPSR.I, so a CPU spinning with interrupts
 * masked crashes too.
 *
 * Everything here runs in RUN with belay's HYP MMU on; nothing is read or
 * written in STUB, where the caches would not be coherent with it.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/capture.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>

/* How long a crash waits for its target to be back in SVC mode. */
#define CRASH_RETRY_US	5

/* A crash that fired, waiting for its target CPU's guest. */
struct crash_cpu {
	volatile uint32_t pending;
	struct crash_spec spec;		/* what fired */
	uint32_t deferred;		/* retries: the guest not in SVC, or no vectors */
	bool starting;			/* CPU_ON'd, no GIC distributor access yet */
} __attribute__((aligned(CACHE_LINE)));

static struct crash_cpu crash_cpus[MAX_CPUS];
static spinlock_t crash_lock;		/* arm, deadline, injections */
static struct crash_arm arm;
static uint64_t deadline;		/* CNTPCT, for BELAY_CRASH_AT_DEADLINE */
static uint32_t injections;
static uint64_t launch_count;		/* CNTPCT at the guest's first entry */
static bool have_boot_spec;		/* belay.crash= on the command line */
static struct crash_spec boot_spec;

static uint64_t now(void)
{
	isb();
	return read_sysreg64(CNTPCT);
}

static bool cpu_in_run(unsigned int index)
{
	return percpu[index].cpu.state == BELAY_STATE_RUN;
}

/* Under crash_lock: the armed crash fires on its target. */
static void fire(unsigned int self, const struct crash_spec *spec)
{
	struct crash_cpu *c = &crash_cpus[spec->target];

	c->spec = *spec;
	c->deferred = 0;
	dsb();
	c->pending = 1;
	if (spec->target != self && cpu_in_run(spec->target))
		hyp_kick(spec->target);
}

/* The HYP timer, on the deadline's target or for a retry. */
static void crash_timer(unsigned int index)
{
	spin_lock(&crash_lock);
	if (arm.armed && arm.spec.trigger == BELAY_CRASH_AT_DEADLINE && arm.spec.target == index) {
		if (now() >= deadline) {
			arm.armed = false;
			fire(index, &arm.spec);
		} else {
			hyp_timer_arm(deadline, crash_timer);
		}
	}
	spin_unlock(&crash_lock);
	/* A pending crash is delivered at the end of this interrupt. */
}

/* On the deadline's target CPU (from its IRQ vector, or itself). */
static void arm_deadline_here(unsigned int index, uint32_t unused)
{
	(void)unused;
	(void)index;
	hyp_timer_arm(deadline, crash_timer);
}

/* An event on CPU self; under crash_lock. True if self is the target. */
static bool event(unsigned int self, uint32_t trigger, uint32_t arg)
{
	if (!crash_arm_event(&arm, trigger, arg))
		return false;
	fire(self, &arm.spec);
	return arm.spec.target == self;
}

static bool note(unsigned int self, uint32_t trigger, uint32_t arg)
{
	bool mine;

	if (!arm.armed)		/* a hint; decided under the lock */
		return false;
	spin_lock(&crash_lock);
	mine = event(self, trigger, arg);
	spin_unlock(&crash_lock);
	return mine;
}

static void note_state(unsigned int self, uint32_t state)
{
	note(self, BELAY_CRASH_AT_WHILE_STATE, (self << 8) | state);
}

/*
 * Arm spec (checked) from CPU self in RUN; from the command line or
 * BELAY_CRASH_ARM. Replaces what was armed.
 */
static void arm_crash(unsigned int self, const struct crash_spec *spec, uint64_t base)
{
	char what[40];

	spin_lock(&crash_lock);
	arm = (struct crash_arm){ .armed = true, .spec = *spec };
	if (spec->trigger == BELAY_CRASH_AT_DEADLINE)
		deadline = base + crash_us_to_ticks(spec->arg, read_sysreg(CNTFRQ));
	spin_unlock(&crash_lock);
	crash_format_trigger(what, sizeof(what), spec);
	/* Rate-limited: a guest may arm as often as it likes. */
	GUEST_LOG(self, LOG_INFO, "crash: armed %s on cpu%u, how=%s", what, (unsigned)spec->target,
		  crash_how_name(spec->how));
	if (spec->trigger != BELAY_CRASH_AT_DEADLINE)
		return;
	/* A target outside RUN arms its timer when it enters RUN. */
	if (spec->target == self)
		arm_deadline_here(self, 0);
	else
		hyp_call_on(spec->target, arm_deadline_here, 0);
}

/* Why spec cannot be armed on this machine, or NULL. */
static const char *check(const struct crash_spec *spec)
{
	const char *why = crash_spec_check(spec, hyp.nr_cpus);

	if (!why && spec->trigger == BELAY_CRASH_AT_DEADLINE && !(vgic_on() && vgic.timer_id))
		why = "a deadline needs belay's HYP timer (belay.gic=vgic only)";
	return why;
}

void crash_option(const char *value, size_t len)
{
	struct crash_spec spec;
	const char *why = crash_parse(value, len, &spec);

	if (why) {
		WARN("belay.crash=%.*s: %s; ignored", (int)len, value, why);
		return;
	}
	if (have_boot_spec)
		WARN("belay.crash=%.*s replaces the earlier one (one crash at a time)",
		     (int)len, value);
	boot_spec = spec;
	have_boot_spec = true;
}

void crash_boot(void)
{
	const char *why;

	launch_count = now();
	if (!have_boot_spec)
		return;
	if ((why = check(&boot_spec))) {
		char what[40];

		crash_format_trigger(what, sizeof(what), &boot_spec);
		WARN("belay.crash=%s,cpu=%u: %s; ignored", what, (unsigned)boot_spec.target, why);
		return;
	}
	arm_crash(0, &boot_spec, launch_count);
}

void crash_call(struct cpu *cpu, struct frame *f)
{
	switch (f->r[0]) {
	case BELAY_CRASH_ARM: {
		struct crash_spec spec = { f->r[1], f->r[2], f->r[3], f->r[4] };
		const char *why = check(&spec);

		if (why) {
			GUEST_LOG(cpu->index, LOG_INFO, "cpu%u: BELAY_CRASH_ARM(%u, %u, %u, %u): %s",
				  (unsigned)cpu->index, (unsigned)f->r[1], (unsigned)f->r[2],
				  (unsigned)f->r[3], (unsigned)f->r[4], why);
			f->r[0] = (uint32_t)(crash_spec_check(&spec, hyp.nr_cpus) ?
					     SMCCC_INVALID_PARAMETER : SMCCC_NOT_SUPPORTED);
			return;
		}
		arm_crash(cpu->index, &spec, now());
		f->r[0] = 0;
		return;
	}
	case BELAY_CRASH_DISARM:
		/* Nothing more is injected: neither the armed crash nor one
		 * that fired and still waits for its target's SVC mode. */
		spin_lock(&crash_lock);
		arm.armed = false;
		for (unsigned int i = 0; i < hyp.nr_cpus; i++)
			crash_cpus[i].pending = 0;
		spin_unlock(&crash_lock);
		f->r[0] = 0;
		return;
	case BELAY_CRASH_STATUS:
		spin_lock(&crash_lock);
		f->r[1] = arm.armed;
		f->r[2] = arm.seen;
		f->r[3] = injections;
		spin_unlock(&crash_lock);
		f->r[0] = 0;
		return;
	}
}

/* The event trigger a guest call is, or -1. */
static int call_trigger(uint32_t fn, bool by_hvc)
{
	switch (fn & ~0x40000000u) {	/* SMC64 PSCI IDs count too */
	case PSCI_CPU_ON:
		return BELAY_CRASH_AT_CPU_ON;
	case PSCI_CPU_OFF:
		return BELAY_CRASH_AT_CPU_OFF;
	case PSCI_AFFINITY_INFO:
		return BELAY_CRASH_AT_AFFINITY_INFO;
	}
	return by_hvc && fn == HVC_RESET_VECTORS ? BELAY_CRASH_AT_RESET_VECTORS : -1;
}

/*
 * Whether the guest can take the exception: its vector for it must
 * translate, through the guest's stage 1 (if its MMU is on) and belay's
 * Stage-2, to memory. Not so in a kernel's secondary in its first
 * instructions after CPU_ON: with the MMU off its vector base is still
 * the reset 0, outside guest RAM, and in Linux's identity-mapped
 * __turn_mmu_on the MMU is on but the vectors are not mapped yet. The
 * exception would then fault on its own vector fetch, again and again,
 * with no oops (crash campaigns found both). ATS12NSOPR asks the MMU
 * itself (Arm ARM B4.2.6) where the vector base leads; PAR is the
 * guest's, so it is put back.
 */
static bool guest_vectors_ready(void)
{
	uint32_t sctlr = read_sysreg(SCTLR);
	uint32_t vbar = (sctlr & SCTLR_V) ? 0xffff0000u : read_sysreg(VBAR);
	uint64_t par = read_sysreg64(PAR64);
	uint64_t pa;
	bool ok;

	write_sysreg(vbar, ATS12NSOPR);
	isb();
	pa = read_sysreg64(PAR64);
	write_sysreg64(par, PAR64);
	isb();
	if (pa & PAR_F)
		return false;
	/* The long-descriptor format (PAR.LPAE) holds PA[39:12], the short one
	 * PA[31:12]. Stage-2 maps guest RAM at the same addresses, and the
	 * vectors must be there: what lies outside it (QEMU's flash at 0) is
	 * mapped Device and execute-never (docs/design.md). */
	pa &= (pa & PAR_LPAE) ? 0xfffffff000ull : 0xfffff000ull;
	ok = ipa_is_guest_ram(pa | (vbar & 0xfff), 32);
	return ok;
}

/*
 * Whether the guest can take the pending crash at f now. Where it cannot,
 * the crash stays pending and the HYP timer retries (crash_deliver()).
 */
static bool deliverable(const struct crash_cpu *c, const struct frame *f)
{
	return !c->starting && (f->spsr & PSR_MODE_MASK) == PSR_MODE_SVC &&
	       guest_vectors_ready();
}

bool crash_before_call(struct cpu *cpu, struct frame *f, bool by_hvc)
{
	uint32_t fn = f->r[0];
	int trigger = call_trigger(fn, by_hvc);
	struct crash_cpu *c = &crash_cpus[cpu->index];

	/* The state this CPU heads for, seen from the other CPUs. The
	 * hyp-stub calls are `hvc #0` only: an `smc` with r0 = 2 is an
	 * unknown SMCCC call. */
	if (by_hvc && (fn == HVC_RESET_VECTORS || fn == HVC_SOFT_RESTART))
		note_state(cpu->index, BELAY_STATE_STUB);
	else if ((fn & ~0x40000000u) == PSCI_CPU_OFF)
		note_state(cpu->index, BELAY_STATE_OFF);
	if (trigger >= 0)
		note(cpu->index, (uint32_t)trigger, 0);
	/* A crash for this CPU, fired by either event or earlier, is
	 * delivered instead of the call, at its return address. One the
	 * guest cannot take there (a call from another mode, or with its
	 * vectors unmapped) must not cost the call its answer: the call is
	 * made, and the crash comes later as any deferred one. */
	return c->pending && deliverable(c, f);
}

void crash_after_launch(struct cpu *cpu)
{
	note(cpu->index, BELAY_CRASH_AT_LAUNCH, 0);
}

void crash_cpu_enter(struct cpu *cpu)
{
	note_state(cpu->index, BELAY_STATE_INIT);
	note_state(cpu->index, BELAY_STATE_RUN);
	spin_lock(&crash_lock);
	if (arm.armed && arm.spec.trigger == BELAY_CRASH_AT_DEADLINE && arm.spec.target == cpu->index)
		hyp_timer_arm(deadline, crash_timer);
	spin_unlock(&crash_lock);
	/* A crash that fired while this CPU was away: at once. */
	if (crash_cpus[cpu->index].pending)
		hyp_timer_arm(now(), crash_timer);
}

/*
 * A CPU that CPU_ON started is not ready for a crash when its vectors
 * are: Linux's secondary_start_kernel() sets the exception modes' stacks
 * in cpu_init(), after its MMU and vectors are on, and an abort before
 * that faults again on the abort stack, with no oops (a campaign's
 * cpu_on:1,cpu=1 crashed it in __turn_mmu_on, and the CPU never came up).
 * Its first access to the GIC distributor (gic_cpu_init(), from
 * notify_cpu_starting(), after cpu_init()) is the first sign belay sees
 * of a CPU that can take one; until then a crash for it waits, with no
 * retries. Only the vGIC traps those accesses.
 */
void crash_cpu_started(unsigned int index)
{
	crash_cpus[index].starting = vgic_on();
}

void crash_cpu_gic(unsigned int index)
{
	struct crash_cpu *c = &crash_cpus[index];

	if (!c->starting)
		return;
	c->starting = false;
	if (c->pending)		/* delivered as the guest goes on */
		hyp_timer_arm(now(), crash_timer);
}

void crash_cpu_leave(struct cpu *cpu)
{
	note_state(cpu->index, BELAY_STATE_TEARDOWN);
}

void crash_deliver(struct cpu *cpu, struct frame *f)
{
	struct crash_cpu *c = &crash_cpus[cpu->index];
	uint64_t t;
	char what[40];

	if (!c->pending)
		return;
	if (!deliverable(c, f)) {
		c->deferred++;
		if (c->starting)	/* crash_cpu_gic() takes it up */
			return;
		hyp_timer_arm(now() + crash_us_to_ticks(CRASH_RETRY_US, read_sysreg(CNTFRQ)),
			      crash_timer);
		return;
	}
	c->pending = 0;
	t = now();
	spin_lock(&crash_lock);
	injections++;
	spin_unlock(&crash_lock);
	crash_format_trigger(what, sizeof(what), &c->spec);
	/* The ground truth for a vmcore (docs/kdump.md): one line, never
	 * rate-limited; each costs the guest an arm call and an exception. */
	NOTICE("crash: injected %s on cpu%u at pc 0x%08x (svc) cnt=%llu t=%lluus trigger %s "
	       "deferred=%u", crash_how_name(c->spec.how), (unsigned)cpu->index, (unsigned)f->elr,
	       (unsigned long long)t,
	       (unsigned long long)crash_ticks_to_us(t - launch_count, read_sysreg(CNTFRQ)),
	       what, (unsigned)c->deferred);
	if (c->spec.how == BELAY_CRASH_UNDEF)
		guest_inject_undef_at(f);
	else
		guest_inject_sea_at(f);
	capture_note_crash(cpu->index);
}
