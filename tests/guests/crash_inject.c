// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * crash_inject: belay's crash injection (docs/kdump.md, "Crash
 * injection"; BELAY_CRASH_ARM in docs/hyp-abi.md), on 2 CPUs under the
 * vGIC. A deadline on CPU 0 and on CPU 1 while each spins with IRQs
 * masked: a synchronous external abort (or an undefined instruction) at
 * the spin loop's PC, with the fault status and LR the architecture gives
 * an external abort, no earlier than the deadline. Each event trigger
 * fires exactly at the k-th event: on the calling CPU the call is not
 * made and the exception arrives at its return address; on another CPU
 * that CPU's spin loop takes it. Bad arguments are -3. An injection
 * waits while the guest is in IRQ mode and lands once it is back in SVC;
 * a call that fires it there is made and answers.
 * A crash for a CPU that CPU_ON starts waits for its first GIC
 * distributor access. A crash armed on belay's command line fires; under
 * belay.gic=passthrough a deadline is refused and a crash on the calling
 * CPU still works.
 */
#include "atomic.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

#define SPIN_BUDGET	200000000u	/* rounds of crash_spin: seconds of TCG */
#define DEADLINE_US	20000

uint32_t crash_spin(const volatile uint32_t *count, uint32_t budget);
int32_t crash_irq_mode_arm(uint32_t ticks, uint32_t delay_us, const volatile uint32_t *count,
			   uint32_t *count_in_irq);
int32_t crash_arm(uint32_t trigger, uint32_t target, uint32_t arg, uint32_t how);
uint32_t crash_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
uint32_t crash_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
uint32_t crash_irq_mode_hvc(uint32_t fn, uint32_t a1);
extern const char crash_spin_end[], crash_irq_mode_end[], crash_smc_ret[], crash_hvc_ret[];
extern const char crash_irq_mode_hvc_end[];

static struct rt_fault faults[SMP_MAX_CPUS];
static volatile uint32_t ready[SMP_MAX_CPUS];

static bool in_spin(uint32_t pc)
{
	return pc >= (uintptr_t)crash_spin && pc < (uintptr_t)crash_spin_end;
}

/* The injected exception as the guest's handler saw it. */
static void check_fault(const struct rt_fault *f, uint32_t how, const char *where)
{
	uint32_t want_type = how == BELAY_CRASH_UNDEF ? EXC_UNDEF : EXC_DABT;

	report(f->count == 1, "%s: one exception taken (%u)", where, f->count);
	report(f->type == want_type, "%s: a %s (got %s)", where, exc_name(want_type),
	       exc_name(f->type));
	report((f->spsr & PSR_MODE_MASK) == PSR_MODE_SVC, "%s: taken from SVC (SPSR %08x)",
	       where, f->spsr);
	if (how == BELAY_CRASH_SEA) {
		report(fsr_is_sync_external(f->dfsr) && !(f->dfsr & FSR_WNR),
		       "%s: DFSR %08x is a synchronous external abort on a read", where, f->dfsr);
		report(f->dfar == f->pc, "%s: DFAR %08x names the PC", where, f->dfar);
	}
}

static int32_t status(uint32_t *armed, uint32_t *seen, uint32_t *injected)
{
	struct res4 r = hvc_call4(BELAY_CRASH_STATUS, 0, 0, 0);

	*armed = r.r1;
	*seen = r.r2;
	*injected = r.r3;
	return (int32_t)r.r0;
}

/* ---- spinning with IRQs masked ---- */

/* Mailbox (or CPU 0): arm this CPU's fault, say so, spin. */
static uint32_t fn_spin(uint32_t arg)
{
	unsigned int cpu = smp_this_cpu();
	struct rt_fault *f = &faults[cpu];
	uint32_t left;

	(void)arg;
	f->resume_at_pc = true;
	rt_expect_fault(f);
	atomic_inc(&ready[cpu]);
	left = crash_spin(&f->count, SPIN_BUDGET);
	rt_expect_none();
	return left;
}

static void test_deadline(unsigned int target, uint32_t how)
{
	char where[48];
	uint64_t t0;
	uint32_t left, masked = read_cpsr() & PSR_I;
	uint32_t before = ready[target];

	snprintf(where, sizeof(where), "deadline cpu%u %s", target, how ? "undef" : "sea");
	if (target == 0) {
		struct rt_fault *f = &faults[0];
		int32_t r;

		/* Ready for the fault before it is armed: TCG may take the
		 * deadline's time before the spin loop starts. */
		f->resume_at_pc = true;
		rt_expect_fault(f);
		t0 = read_cntpct();
		r = crash_arm(BELAY_CRASH_AT_DEADLINE, 0, DEADLINE_US, how);
		left = crash_spin(&f->count, SPIN_BUDGET);
		rt_expect_none();
		report(r == 0, "%s: armed", where);
	} else {
		smp_call_async(target, fn_spin, 0);
		smp_wait_flag(&ready[target], before + 1);
		t0 = read_cntpct();
		report(crash_arm(BELAY_CRASH_AT_DEADLINE, target, DEADLINE_US, how) == 0,
		       "%s: armed from cpu0", where);
		if (!smp_call_wait(target, &left))
			test_abort("%s: cpu%u never came back", where, target);
	}
	report(left != 0, "%s: the spin loop was interrupted", where);
	report(read_cntpct() - t0 >= timer_ticks_us(DEADLINE_US), "%s: not before the deadline",
	       where);
	report(masked, "%s: CPU 0 spun with IRQs masked (CPSR.I)", where);
	check_fault(&faults[target], how, where);
	report(in_spin(faults[target].pc), "%s: at the spin loop's PC (%08x)", where,
	       faults[target].pc);
}

/* ---- event triggers ---- */

/* The calling CPU is the target: the k-th call is not made and the abort
 * arrives at its return address. */
static void test_event_self(const char *name, uint32_t trigger, uint32_t k, uint32_t fn,
			    uint32_t a1, bool by_hvc)
{
	struct rt_fault *f = &faults[0];
	uint32_t armed, seen, injected0, injected, r0 = 0;
	const char *ret = by_hvc ? crash_hvc_ret : crash_smc_ret;

	status(&armed, &seen, &injected0);
	report(crash_arm(trigger, 0, k, BELAY_CRASH_SEA) == 0, "%s:%u: armed", name, k);
	f->resume_at_pc = true;
	rt_expect_fault(f);
	for (uint32_t i = 1; i <= k; i++) {
		r0 = by_hvc ? crash_hvc(fn, a1, 0, 0) : crash_smc(fn, a1, 0, 0);
		if (i < k && f->count) {
			report(false, "%s:%u: fired early, at call %u", name, k, i);
			break;
		}
		if (i < k) {
			status(&armed, &seen, &injected);
			if (!report(armed == 1 && seen == i, "%s:%u: call %u counted (armed %u, "
				    "seen %u)", name, k, i, armed, seen))
				break;
		}
	}
	rt_expect_none();
	check_fault(f, BELAY_CRASH_SEA, name);
	report(f->pc == (uintptr_t)ret, "%s:%u: at the call's return address (%08x, want %08x)",
	       name, k, f->pc, (unsigned)(uintptr_t)ret);
	report(r0 == fn, "%s:%u: the call was not made (r0 %08x)", name, k, r0);
	status(&armed, &seen, &injected);
	report(armed == 0 && injected == injected0 + 1, "%s:%u: disarmed, one injection more",
	       name, k);
}

/*
 * Another CPU makes the k-th call; CPU 0, spinning, is the target. The
 * call waits a while first, so that CPU 0 is in its spin loop by then.
 */
#define CALL_DELAY_US	50000
static volatile uint32_t cpu0_spins;	/* bumped right before CPU 0 spins */
static volatile uint32_t cpu0_spins_want;	/* what CPU 1 waits for */

/* CPU 1: wait until CPU 0 is about to spin, and a while longer. */
static void wait_for_cpu0(void)
{
	smp_wait_flag(&cpu0_spins, cpu0_spins_want);
	timer_delay_us(CALL_DELAY_US);
}

static uint32_t fn_late_hvc(uint32_t fn)
{
	wait_for_cpu0();
	return hvc0(fn);
}

static uint32_t fn_late_cpu_off(uint32_t unused)
{
	(void)unused;
	wait_for_cpu0();
	return smp_fn_cpu_off(SMP_OFF_SMC);
}

static uint32_t fn_call_hvc(uint32_t fn)
{
	return hvc0(fn);
}

/* CPU 0: post fn(arg) to CPU 1, which waits for this spin to begin. */
static uint32_t cpu0_spin_while(smp_fn_t fn, uint32_t arg)
{
	cpu0_spins_want = cpu0_spins + 1;
	smp_call_async(1, fn, arg);
	atomic_inc(&cpu0_spins);
	return crash_spin(&faults[0].count, SPIN_BUDGET);
}

static void test_event_other(void)
{
	uint32_t left;

	/* CPU 1's first CPU_OFF: CPU 1 goes off, CPU 0 crashes meanwhile. */
	report(crash_arm(BELAY_CRASH_AT_CPU_OFF, 0, 1, BELAY_CRASH_SEA) == 0, "cpu_off on cpu1 "
	       "-> cpu0: armed");
	faults[0].resume_at_pc = true;
	rt_expect_fault(&faults[0]);
	left = cpu0_spin_while(fn_late_cpu_off, 0);
	rt_expect_none();
	report(left != 0, "cpu_off on cpu1 -> cpu0: the spin loop was interrupted");
	check_fault(&faults[0], BELAY_CRASH_SEA, "cpu_off on cpu1 -> cpu0");
	report(in_spin(faults[0].pc), "cpu_off on cpu1 -> cpu0: at the spin loop (%08x)",
	       faults[0].pc);
	report(smp_wait_affinity(1, PSCI_AFFINITY_OFF, NULL, SMP_TIMEOUT_MS) == PSCI_AFFINITY_OFF,
	       "cpu_off on cpu1 -> cpu0: cpu1 went off all the same");
	report(smp_boot_cpu(1, 0) == PSCI_SUCCESS, "cpu1 back on");

	/* While CPU 1 is in STUB (its RESET_VECTORS), CPU 0 crashes. */
	report(crash_arm(BELAY_CRASH_AT_WHILE_STATE, 0, (1 << 8) | BELAY_STATE_STUB,
			 BELAY_CRASH_SEA) == 0, "while:1:stub -> cpu0: armed");
	rt_expect_fault(&faults[0]);
	left = cpu0_spin_while(fn_late_hvc, HVC_RESET_VECTORS);
	rt_expect_none();
	report(left != 0, "while:1:stub -> cpu0: the spin loop was interrupted");
	check_fault(&faults[0], BELAY_CRASH_SEA, "while:1:stub -> cpu0");
	report(in_spin(faults[0].pc), "while:1:stub -> cpu0: at the spin loop (%08x)",
	       faults[0].pc);
	smp_call_wait(1, &left);
	report(smp_call(1, fn_call_hvc, BELAY_LAUNCH) == 0, "cpu1 launched again");

	/* CPU 0's CPU_ON of CPU 1 (on already: ALREADY_ON) crashes CPU 1,
	 * which spins. */
	report(crash_arm(BELAY_CRASH_AT_CPU_ON, 1, 1, BELAY_CRASH_SEA) == 0,
	       "cpu_on on cpu0 -> cpu1: armed");
	left = ready[1];
	smp_call_async(1, fn_spin, 0);
	smp_wait_flag(&ready[1], left + 1);
	report(psci_smc(PSCI_CPU_ON, smp_mpidr(1), (uintptr_t)smp_entry_arm, 0) == PSCI_ALREADY_ON,
	       "cpu_on on cpu0 -> cpu1: ALREADY_ON");
	if (!smp_call_wait(1, &left))
		test_abort("cpu_on on cpu0 -> cpu1: cpu1 never came back");
	report(left != 0, "cpu_on on cpu0 -> cpu1: the spin loop was interrupted");
	check_fault(&faults[1], BELAY_CRASH_SEA, "cpu_on on cpu0 -> cpu1");
	report(in_spin(faults[1].pc), "cpu_on on cpu0 -> cpu1: at the spin loop (%08x)",
	       faults[1].pc);
}

/* On CPU 1: its CPU_OFF, which belay turns into a crash. */
static uint32_t fn_cpu_off_crashes(uint32_t arg)
{
	struct rt_fault *f = &faults[1];
	uint32_t r0;

	(void)arg;
	f->resume_at_pc = true;
	rt_expect_fault(f);
	r0 = crash_smc(PSCI_CPU_OFF, 0, 0, 0);
	rt_expect_none();
	return r0;
}

static void test_cpu_off_self(void)
{
	uint32_t r0;

	report(crash_arm(BELAY_CRASH_AT_CPU_OFF, 1, 1, BELAY_CRASH_SEA) == 0, "cpu_off:1 on "
	       "cpu1: armed");
	r0 = smp_call(1, fn_cpu_off_crashes, 0);
	report(r0 == PSCI_CPU_OFF, "cpu_off:1 on cpu1: the call was not made (r0 %08x)", r0);
	check_fault(&faults[1], BELAY_CRASH_SEA, "cpu_off:1 on cpu1");
	report(faults[1].pc == (uintptr_t)crash_smc_ret, "cpu_off:1 on cpu1: at the call's "
	       "return address (%08x)", faults[1].pc);
	report(psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(1), 0, 0) == PSCI_AFFINITY_ON,
	       "cpu_off:1 on cpu1: cpu1 still on");
}

static uint32_t fn_expect_none(uint32_t unused)
{
	(void)unused;
	rt_expect_none();
	return 0;
}

/*
 * A crash for a CPU that CPU_ON starts waits for that CPU's first access
 * to the GIC distributor (docs/kdump.md, "What belay injects"): Linux
 * sets its exception stacks before that, not before its vectors. CPU 1's
 * runtime has SVC, stacks and vectors from its first instructions, and
 * its first distributor access is gic_irq_enable()'s, for the mailbox's
 * doorbell: the abort must arrive there, not at the entry.
 */
static void test_starting_cpu(void)
{
	struct rt_fault *f = &faults[1];
	uint32_t pc;

	report(smp_cpu_off(1), "starting cpu1: off");
	report(crash_arm(BELAY_CRASH_AT_CPU_ON, 1, 1, BELAY_CRASH_SEA) == 0,
	       "starting cpu1: cpu_on:1,cpu=1 armed");
	f->resume_at_pc = true;
	f->count = 0;
	smp_cpus[1].entry_fault = f;
	dsb();
	report(smp_boot_cpu(1, 0) == PSCI_SUCCESS, "starting cpu1: on, serving its mailbox");
	smp_call(1, fn_expect_none, 0);
	smp_cpus[1].entry_fault = NULL;
	check_fault(f, BELAY_CRASH_SEA, "starting cpu1");
	pc = f->pc;
	report(pc >= (uintptr_t)gic_irq_enable && pc < (uintptr_t)gic_irq_enable + 64,
	       "starting cpu1: at its first GIC distributor access (pc %08x, gic_irq_enable "
	       "%08x)", pc, (unsigned)(uintptr_t)gic_irq_enable);
}

/* LAUNCH counts once it has brought the CPU to RUN: the abort arrives
 * at its return address, in RUN, with r0 = 0 from the launch. */
static void test_launch(void)
{
	struct rt_fault *f = &faults[0];
	uint32_t r0;

	report(crash_arm(BELAY_CRASH_AT_LAUNCH, 0, 1, BELAY_CRASH_SEA) == 0, "launch:1: armed");
	report(belay_reset_vectors() == 0, "launch:1: RESET_VECTORS (not an event of it)");
	f->resume_at_pc = true;
	rt_expect_fault(f);
	r0 = crash_hvc(BELAY_LAUNCH, 0, 0, 0);
	rt_expect_none();
	report(r0 == 0 && belay_state() == BELAY_STATE_RUN, "launch:1: launched (r0 %d)", r0);
	check_fault(f, BELAY_CRASH_SEA, "launch:1");
	report(f->pc == (uintptr_t)crash_hvc_ret, "launch:1: at the call's return address (%08x)",
	       f->pc);
}

static void test_bad_arguments(void)
{
	static const struct { uint32_t t, cpu, arg, how; const char *why; } bad[] = {
		{ 7, 0, 1, 0, "trigger 7" },
		{ BELAY_CRASH_AT_DEADLINE, 2, 1000, 0, "CPU 2 of 2" },
		{ BELAY_CRASH_AT_DEADLINE, 0xffffffffu, 1000, 0, "CPU 0xffffffff" },
		{ BELAY_CRASH_AT_DEADLINE, 0, 1000, 2, "delivery 2" },
		{ BELAY_CRASH_AT_CPU_ON, 0, 0, 0, "the 0th CPU_ON" },
		{ BELAY_CRASH_AT_WHILE_STATE, 0, (1 << 8) | BELAY_STATE_FOREIGN, 0, "while FOREIGN" },
		{ BELAY_CRASH_AT_WHILE_STATE, 0, (2 << 8) | BELAY_STATE_RUN, 0, "while CPU 2" },
		{ BELAY_CRASH_AT_WHILE_STATE, 0, (1 << 8) | 99, 0, "while state 99" },
	};
	uint32_t armed, seen, injected;

	hvc0(BELAY_CRASH_DISARM);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		int32_t r = crash_arm(bad[i].t, bad[i].cpu, bad[i].arg, bad[i].how);

		report(r == SMCCC_INVALID_PARAMETER, "bad arguments (%s): %d", bad[i].why, r);
	}
	report(status(&armed, &seen, &injected) == 0 && armed == 0, "nothing armed after them");
	/* Outside RUN the calls do not exist. */
	belay_reset_vectors();
	report(crash_arm(BELAY_CRASH_AT_DEADLINE, 0, 1000, 0) == SMCCC_NOT_SUPPORTED &&
	       hvc0(BELAY_CRASH_STATUS) == (uint32_t)SMCCC_NOT_SUPPORTED &&
	       hvc0(BELAY_CRASH_DISARM) == (uint32_t)SMCCC_NOT_SUPPORTED,
	       "in STUB: NOT_SUPPORTED");
	report(belay_launch() == 0, "launched again");
}

static void test_deferred(void)
{
	struct rt_fault *f = &faults[0];
	uint32_t left, in_irq = ~0u;
	int32_t r;

	f->resume_at_pc = true;
	rt_expect_fault(f);
	r = crash_irq_mode_arm((uint32_t)timer_ticks_us(5000), 500, &f->count, &in_irq);
	left = crash_spin(&f->count, SPIN_BUDGET);
	rt_expect_none();
	report(r == 0, "deferred: armed from IRQ mode, 500 us ahead");
	report(in_irq == 0, "deferred: nothing during 5 ms in IRQ mode (%u)", in_irq);
	report(left != 0, "deferred: delivered once back in SVC");
	check_fault(f, BELAY_CRASH_SEA, "deferred");
	report(f->pc < (uintptr_t)crash_irq_mode_arm || f->pc >= (uintptr_t)crash_irq_mode_end,
	       "deferred: after the IRQ-mode loop (%08x)", f->pc);
}

/*
 * The k-th call fires a crash for the calling CPU but comes from IRQ
 * mode, where the guest cannot take it: the call is made and answers
 * (AFFINITY_INFO of CPU 0: ON), and the crash comes once back in SVC.
 */
static void test_event_self_deferred(void)
{
	struct rt_fault *f = &faults[0];
	uint32_t armed, seen, injected0, injected, r0, left;

	status(&armed, &seen, &injected0);
	report(crash_arm(BELAY_CRASH_AT_AFFINITY_INFO, 0, 1, BELAY_CRASH_SEA) == 0,
	       "affinity_info from IRQ mode: armed");
	f->resume_at_pc = true;
	rt_expect_fault(f);
	r0 = crash_irq_mode_hvc(PSCI_AFFINITY_INFO, smp_mpidr(0));
	left = crash_spin(&f->count, SPIN_BUDGET);
	rt_expect_none();
	report(r0 == PSCI_AFFINITY_ON, "affinity_info from IRQ mode: the call was made and "
	       "answered ON (r0 %08x)", r0);
	report(left != 0, "affinity_info from IRQ mode: the crash came once back in SVC");
	check_fault(f, BELAY_CRASH_SEA, "affinity_info from IRQ mode");
	report(f->pc <= (uintptr_t)crash_irq_mode_hvc || f->pc >= (uintptr_t)crash_irq_mode_hvc_end,
	       "affinity_info from IRQ mode: not inside the IRQ-mode call (%08x)", f->pc);
	status(&armed, &seen, &injected);
	report(armed == 0 && injected == injected0 + 1,
	       "affinity_info from IRQ mode: disarmed, one injection more");
}

static void test_disarm(void)
{
	struct rt_fault *f = &faults[0];
	int32_t armed, disarmed;

	f->resume_at_pc = true;
	rt_expect_fault(f);
	armed = crash_arm(BELAY_CRASH_AT_DEADLINE, 0, 20000, BELAY_CRASH_SEA);
	disarmed = (int32_t)hvc0(BELAY_CRASH_DISARM);
	timer_delay_us(50000);
	rt_expect_none();
	report(armed == 0 && disarmed == 0, "disarm: armed 20 ms ahead, disarmed at once");
	report(f->count == 0, "disarm: nothing came in 50 ms");
}

/*
 * crash-inject-belay's command line arms belay.crash=cpu_on:1,how=undef
 * (after two bad words belay reports and ignores): the first CPU_ON,
 * CPU 0's of CPU 1, becomes an undefined instruction on CPU 0.
 */
static void test_boot_word(void)
{
	struct rt_fault *f = &faults[0];
	uint32_t armed, seen, injected, r0;

	report(status(&armed, &seen, &injected) == 0 && armed == 1 && seen == 0 && injected == 0,
	       "belay.crash=cpu_on:1,how=undef: armed at boot (armed %u, seen %u, injected %u)",
	       armed, seen, injected);
	f->resume_at_pc = true;
	rt_expect_fault(f);
	r0 = crash_smc(PSCI_CPU_ON, smp_mpidr(1), (uintptr_t)smp_entry_arm, 0);
	rt_expect_none();
	check_fault(f, BELAY_CRASH_UNDEF, "belay.crash=cpu_on:1,how=undef");
	report(f->pc == (uintptr_t)crash_smc_ret && r0 == PSCI_CPU_ON,
	       "belay.crash=cpu_on:1,how=undef: at CPU_ON's return address, not made (pc %08x, "
	       "r0 %08x)", f->pc, r0);
}

/* belay.gic=passthrough: no HYP timer and no SGI of belay's, so no
 * deadline and no crash for another CPU; a crash on the calling CPU is
 * delivered on that call's way back all the same. */
static void test_passthrough(void)
{
	uint32_t armed, seen, injected;

	report(status(&armed, &seen, &injected) == 0 && armed == 0,
	       "passthrough: belay.crash=at:1ms was not armed");
	report(crash_arm(BELAY_CRASH_AT_DEADLINE, 0, 1000, BELAY_CRASH_SEA) == SMCCC_NOT_SUPPORTED,
	       "passthrough: a deadline is NOT_SUPPORTED");
	test_event_self("cpu_on", BELAY_CRASH_AT_CPU_ON, 2, PSCI_CPU_ON, 0x7f, false);
	test_event_self("reset_vectors", BELAY_CRASH_AT_RESET_VECTORS, 1, HVC_RESET_VECTORS, 0,
			true);
	test_launch();
	test_cpu_off_self();
}

int main(void)
{
	bool vgic;

	smp_init();
	smp_require_cpus(2);
	if (rt.native)
		test_skip_all("crash injection is belay's");
	vgic = hvc_call4(BELAY_TEST_COUNT, 0, 0, 0).r0 == 0;
	report_info("under belay's %s", vgic ? "vGIC" : "GIC pass-through");
	if (vgic)
		test_boot_word();
	report(smp_boot_cpu(1, 0) == PSCI_SUCCESS, "cpu1 on");
	if (!vgic) {
		test_passthrough();
		return 0;
	}

	test_bad_arguments();
	test_deadline(0, BELAY_CRASH_SEA);
	test_deadline(1, BELAY_CRASH_SEA);
	test_deadline(0, BELAY_CRASH_UNDEF);
	test_deadline(1, BELAY_CRASH_UNDEF);
	test_deferred();
	test_event_self_deferred();
	test_disarm();

	test_event_self("cpu_on", BELAY_CRASH_AT_CPU_ON, 2, PSCI_CPU_ON, 0x7f, false);
	test_event_self("affinity_info", BELAY_CRASH_AT_AFFINITY_INFO, 3, PSCI_AFFINITY_INFO, 0,
			false);
	test_event_self("affinity_info by hvc", BELAY_CRASH_AT_AFFINITY_INFO, 1,
			PSCI_AFFINITY_INFO, 0, true);
	test_event_self("reset_vectors", BELAY_CRASH_AT_RESET_VECTORS, 1, HVC_RESET_VECTORS, 0,
			true);
	report(belay_state() == BELAY_STATE_RUN, "reset_vectors: still in RUN");
	test_launch();
	test_cpu_off_self();
	test_event_other();
	test_starting_cpu();
	return 0;
}
