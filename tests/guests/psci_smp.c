// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * psci_smp: PSCI with secondary CPUs (Arm DEN0022, docs/hyp-abi.md), on 2 or 4
 * CPUs: FEATURES, CPU_ON (entry contract, context id, Thumb entry),
 * AFFINITY_INFO through OFF -> ON, ALREADY_ON, CPU_OFF and CPU_ON again
 * through both conduits, two CPU_ON for one CPU at once, invalid MPIDRs
 * and entry points, CPU_SUSPEND woken by a timer and by an SGI, and
 * CPU_OFF of the last CPU.
 *
 * The same image runs natively, where QEMU's own PSCI is the reference,
 * and under belay, whose emulation must give the same answers except for
 * its two documented differences (docs/hyp-abi.md): CPU_OFF of the last
 * CPU that is on is DENIED (QEMU powers it off), and CPU_ON with an entry
 * point outside guest RAM is INVALID_ADDRESS (QEMU does not check). Those
 * run under belay only: natively QEMU would really power the last CPU
 * off, or start a CPU at a wild address. QEMU 7.2 also has no ON_PENDING
 * state (target/arm/arm-powerctl.c): AFFINITY_INFO says OFF until the
 * target has reset, and a second CPU_ON before that succeeds too, which
 * DEN0022 (5.6) does not allow. So natively OFF is tolerated right after
 * CPU_ON and the races are skipped; belay keeps its own power states and
 * is held to the specification.
 */
#include "atomic.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

#define RACE_ROUNDS	10
/* CPU_ON context ids: recognisable, and different for every call. */
#define CTX(cpu, n)	(0xc0de0000u | ((uint32_t)(n) << 8) | (cpu))
/* SGI that wakes a CPU from CPU_SUSPEND (the doorbell is 15). */
#define SGI_WAKE	1
/* power_state bits outside StateID and StateType: a power level of 1,
 * and a reserved bit (DEN0022 5.4.2, original format). */
#define POWER_STATE_LEVEL1	(1u << 24)
#define POWER_STATE_RESERVED	(1u << 30)

static unsigned int nr_cpus;
static unsigned int ctx_serial = 1;

static uint32_t next_ctx(unsigned int cpu)
{
	return CTX(cpu, ctx_serial++ & 0xff);
}

/* ---- Mailbox functions (they run on the secondary) ---- */

static uint32_t fn_mpidr(uint32_t arg)
{
	(void)arg;
	return read_sysreg(MPIDR) & 0x00ffffff;
}

static uint32_t fn_affinity_self(uint32_t arg)
{
	(void)arg;
	return (uint32_t)psci_smc(PSCI_AFFINITY_INFO, read_sysreg(MPIDR) & 0x00ffffff, 0, 0);
}

static uint32_t fn_belay_state(uint32_t arg)
{
	(void)arg;
	return belay_state();
}

/* CPU_ON of the CPU numbered arg, entry smp_entry_arm. */
static uint32_t fn_cpu_on(uint32_t cpu)
{
	return (uint32_t)psci_smc(PSCI_CPU_ON, smp_mpidr(cpu), (uintptr_t)smp_entry_arm,
				  next_ctx(cpu));
}

/* ---- Checks ---- */

/* PSCI_FEATURES (DEN0022 5.1.14): SUCCESS (0) for what is implemented;
 * CPU_SUSPEND's 0 also says "original power_state format, platform
 * coordination". */
static void test_features(void)
{
	static const struct {
		uint32_t fn;
		const char *name;
		int32_t expect;
	} rows[] = {
		{ PSCI_VERSION, "PSCI_VERSION", PSCI_SUCCESS },
		{ PSCI_CPU_SUSPEND, "CPU_SUSPEND", PSCI_SUCCESS },
		{ PSCI_CPU_OFF, "CPU_OFF", PSCI_SUCCESS },
		{ PSCI_CPU_ON, "CPU_ON", PSCI_SUCCESS },
		{ PSCI_AFFINITY_INFO, "AFFINITY_INFO", PSCI_SUCCESS },
		{ PSCI_MIGRATE_INFO_TYPE, "MIGRATE_INFO_TYPE", PSCI_SUCCESS },
		{ PSCI_SYSTEM_OFF, "SYSTEM_OFF", PSCI_SUCCESS },
		{ PSCI_SYSTEM_RESET, "SYSTEM_RESET", PSCI_SUCCESS },
		{ PSCI_FEATURES, "PSCI_FEATURES", PSCI_SUCCESS },
		/* No Trusted OS to migrate; SMC64 IDs mean nothing to AArch32. */
		{ PSCI_MIGRATE, "MIGRATE", PSCI_NOT_SUPPORTED },
		{ PSCI_CPU_ON | 0x40000000, "CPU_ON (SMC64)", PSCI_NOT_SUPPORTED },
	};

	report_prefix_push("features");
	for (unsigned int i = 0; i < ARRAY_SIZE(rows); i++) {
		int32_t r = psci_smc(PSCI_FEATURES, rows[i].fn, 0, 0);

		report(r == rows[i].expect, "PSCI_FEATURES(%s) = %s (%d)", rows[i].name,
		       psci_ret_name(rows[i].expect), r);
	}
	report_prefix_pop();
}

static void test_invalid_mpidr(void)
{
	/* Aff0 one past the last CPU, and an Aff1 this machine lacks. */
	const uint32_t absent[] = { nr_cpus, 0xfe00 };

	report_prefix_push("invalid");
	for (unsigned int i = 0; i < ARRAY_SIZE(absent); i++) {
		int32_t r = psci_smc(PSCI_CPU_ON, absent[i], (uintptr_t)smp_entry_arm, 0);
		report(r == PSCI_INVALID_PARAMETERS,
		       "CPU_ON(absent MPIDR %x) = INVALID_PARAMETERS (%d)", absent[i], r);
		r = psci_smc(PSCI_AFFINITY_INFO, absent[i], 0, 0);
		report(r == PSCI_INVALID_PARAMETERS,
		       "AFFINITY_INFO(absent MPIDR %x) = INVALID_PARAMETERS (%d)", absent[i], r);
	}
	if (rt.native) {
		report_skip("AFFINITY_INFO level 1 (QEMU answers ON for any level above 0)");
	} else {
		int32_t r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(1), 1, 0);
		report(r == PSCI_INVALID_PARAMETERS,
		       "AFFINITY_INFO level 1 = INVALID_PARAMETERS: belay answers level 0 only (%d)", r);
	}
	report_prefix_pop();
}

static void test_initial_state(void)
{
	int32_t r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(0), 0, 0);

	report(r == PSCI_AFFINITY_ON, "AFFINITY_INFO(CPU 0) = ON (%d)", r);
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++) {
		r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(cpu), 0, 0);
		report(r == PSCI_AFFINITY_OFF, "AFFINITY_INFO(CPU %u) = OFF before any CPU_ON (%d)",
		       cpu, r);
	}
}

/*
 * Right after CPU_ON, AFFINITY_INFO may say ON_PENDING (DEN0022 5.1.5)
 * and then ON, never OFF, and never ON_PENDING again once it said ON.
 * QEMU 7.2 has no ON_PENDING and says OFF until the target has reset, so
 * natively OFF is tolerated before ON (and counted in *off_seen).
 * Returns whether ON_PENDING was seen (it need not be).
 */
static bool watch_affinity_after_on(unsigned int cpu, bool *ok, unsigned int *off_seen)
{
	uint64_t deadline = timer_deadline_ms(SMP_TIMEOUT_MS);
	bool pending = false, on = false, off = false;
	int32_t r;

	*ok = true;
	do {
		r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(cpu), 0, 0);
		if (r == PSCI_AFFINITY_ON_PENDING) {
			pending = true;
			if (on)
				*ok = false;
		} else if (r == PSCI_AFFINITY_ON) {
			on = true;
		} else if (r == PSCI_AFFINITY_OFF && rt.native && !pending) {
			off = true;
		} else {
			*ok = false;
			report_info("AFFINITY_INFO(CPU %u) after CPU_ON = %d", cpu, r);
			break;
		}
	} while (!on && !timer_expired(deadline));
	*off_seen += off;
	*ok = *ok && on;
	return pending;
}

/* The entry contract of a CPU that just arrived at the runtime. */
static void check_entry(unsigned int cpu, uint32_t ctx, bool thumb)
{
	const struct smp_cpu *c = &smp_cpus[cpu];
	uint32_t mode = rt.native ? PSR_MODE_HYP : PSR_MODE_SVC;

	report(c->entry_r0 == ctx, "CPU %u: r0 at entry = context id %08x (%08x)", cpu, ctx,
	       c->entry_r0);
	report((c->entry_cpsr & PSR_MODE_MASK) == mode, "CPU %u: entered in %s (cpsr %08x)", cpu,
	       rt.native ? "HYP (QEMU's PSCI)" : "SVC", c->entry_cpsr);
	report((c->entry_cpsr & (PSR_A | PSR_I | PSR_F)) == (PSR_A | PSR_I | PSR_F),
	       "CPU %u: entered with A/I/F masked (cpsr %08x)", cpu, c->entry_cpsr);
	report((c->entry_sctlr & (1u << 0 | 1u << 2 | 1u << 12)) == 0,
	       "CPU %u: entered with SCTLR.M/C/I off (%08x)", cpu, c->entry_sctlr);
	report(c->entry_thumb == thumb, "CPU %u: entered through the %s entry", cpu,
	       thumb ? "Thumb" : "ARM");
}

static void test_cpu_on_each(void)
{
	unsigned int pending_seen = 0, off_seen = 0;

	report_prefix_push("cpu_on");
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++) {
		uint32_t entries = smp_cpus[cpu].entries, ctx = next_ctx(cpu);
		bool ok;

		int32_t r = smp_cpu_on(cpu, (uintptr_t)smp_entry_arm, ctx);
		report(r == PSCI_SUCCESS, "CPU_ON(CPU %u) = SUCCESS (%d)", cpu, r);
		if (r != PSCI_SUCCESS)
			test_abort("CPU %u cannot be started", cpu);
		pending_seen += watch_affinity_after_on(cpu, &ok, &off_seen);
		report(ok, "CPU %u: AFFINITY_INFO goes OFF -> (ON_PENDING ->) ON", cpu);
		if (!report(smp_wait_online(cpu, entries), "CPU %u runs guest code", cpu))
			test_abort("CPU %u never arrived", cpu);
		check_entry(cpu, ctx, false);

		uint32_t v = smp_call(cpu, fn_mpidr, 0);
		report(v == smp_mpidr(cpu), "CPU %u: its MPIDR is the DTB's %x (%x)", cpu,
		       smp_mpidr(cpu), v);
		v = smp_call(cpu, fn_affinity_self, 0);
		report(v == PSCI_AFFINITY_ON, "CPU %u: AFFINITY_INFO(self) = ON (%d)", cpu, (int32_t)v);
		if (rt.native) {
			report_skip("CPU %u: GET_STATE (belay's call)", cpu);
		} else {
			v = smp_call(cpu, fn_belay_state, 0);
			report(v == BELAY_STATE_RUN, "CPU %u: GET_STATE = RUN (%s)", cpu,
			       belay_state_name(v));
		}
	}
	report_info("right after CPU_ON: ON_PENDING seen for %u of %u CPUs, OFF (QEMU) for %u",
		    pending_seen, nr_cpus - 1, off_seen);
	report_prefix_pop();
}

/* A secondary gets the answers CPU 0 gets. */
static uint32_t fn_answers(uint32_t arg)
{
	uint32_t bad = 0;

	bad |= (psci_smc(PSCI_VERSION, 0, 0, 0) != (int32_t)arg) << 0;
	bad |= (psci_smc(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0) != 2) << 1;
	bad |= (psci_smc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0) != PSCI_SUCCESS) << 2;
	bad |= (psci_smc(PSCI_FEATURES, PSCI_MIGRATE, 0, 0) != PSCI_NOT_SUPPORTED) << 3;
	bad |= (psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(0), 0, 0) != PSCI_AFFINITY_ON) << 4;
	return bad;
}

static void test_secondary_answers(void)
{
	int32_t version = psci_smc(PSCI_VERSION, 0, 0, 0);

	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++) {
		uint32_t bad = smp_call(cpu, fn_answers, (uint32_t)version);
		report(bad == 0, "CPU %u: PSCI_VERSION %08x, MIGRATE_INFO_TYPE 2, PSCI_FEATURES and "
		       "AFFINITY_INFO(CPU 0) as CPU 0 sees them (wrong: %x)", cpu, version, bad);
	}
}

static void test_already_on(void)
{
	report_prefix_push("already_on");
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++) {
		int32_t r = psci_smc(PSCI_CPU_ON, smp_mpidr(cpu), (uintptr_t)smp_entry_arm, 0);
		report(r == PSCI_ALREADY_ON, "CPU_ON(CPU %u, on) = ALREADY_ON (%d)", cpu, r);
	}
	int32_t r = (int32_t)smp_call(1, fn_cpu_on, 0);
	report(r == PSCI_ALREADY_ON, "CPU 1: CPU_ON(CPU 0) = ALREADY_ON (%d)", r);
	r = (int32_t)smp_call(1, fn_cpu_on, 1);
	report(r == PSCI_ALREADY_ON, "CPU 1: CPU_ON(itself) = ALREADY_ON (%d)", r);
	report_prefix_pop();
}

/* Entry points outside guest RAM, for a CPU that is off. */
static void test_invalid_address(unsigned int cpu)
{
	const uint32_t bad[] = {
		0x00000100,				/* flash */
		(uint32_t)rt.belay_base + 0x100,	/* belay's own region */
		0xfffffff1,				/* top of the space, Thumb */
	};

	if (rt.native) {
		report_skip("CPU_ON outside guest RAM (QEMU does not check; it would start the CPU there)");
		return;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		int32_t r = psci_smc(PSCI_CPU_ON, smp_mpidr(cpu), bad[i], 0);
		report(r == PSCI_INVALID_ADDRESS, "CPU_ON(CPU %u, entry %08x) = INVALID_ADDRESS (%d)",
		       cpu, bad[i], r);
	}
	int32_t r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(cpu), 0, 0);
	report(r == PSCI_AFFINITY_OFF, "CPU %u stays OFF after them (%d)", cpu, r);
}

/* CPU_OFF from the CPU itself, then CPU_ON again, through `conduit`. */
static void off_on(unsigned int cpu, uint32_t conduit, bool thumb)
{
	const char *how = conduit == SMP_OFF_HVC ? "hvc" : "smc";
	uint32_t polls;

	smp_cpu_off_async(cpu, conduit);
	int32_t r = smp_wait_affinity(cpu, PSCI_AFFINITY_OFF, &polls, SMP_TIMEOUT_MS);
	report(r == PSCI_AFFINITY_OFF, "CPU %u: CPU_OFF (%s) -> AFFINITY_INFO OFF (%d, %u polls)",
	       cpu, how, r, polls);
	report(!smp_cpus[cpu].online, "CPU %u: CPU_OFF did not return", cpu);
	if (cpu == 1)
		test_invalid_address(cpu);

	uint32_t entries = smp_cpus[cpu].entries, ctx = next_ctx(cpu);
	uint32_t entry = thumb ? ((uintptr_t)smp_entry_thumb | 1) : (uintptr_t)smp_entry_arm;
	atomic_write(&smp_cpus[cpu].online, 0);
	if (conduit == SMP_OFF_HVC)
		r = psci_hvc(PSCI_CPU_ON, smp_mpidr(cpu), entry, ctx);
	else
		r = psci_smc(PSCI_CPU_ON, smp_mpidr(cpu), entry, ctx);
	report(r == PSCI_SUCCESS, "CPU %u: CPU_ON (%s%s) again = SUCCESS (%d)", cpu, how,
	       thumb ? ", Thumb entry" : "", r);
	if (!report(smp_wait_online(cpu, entries), "CPU %u is back", cpu))
		test_abort("CPU %u did not come back", cpu);
	check_entry(cpu, ctx, thumb);
	if (conduit == SMP_OFF_HVC) {
		r = psci_hvc(PSCI_AFFINITY_INFO, smp_mpidr(cpu), 0, 0);
		report(r == PSCI_AFFINITY_ON, "CPU %u: AFFINITY_INFO (hvc) = ON (%d)", cpu, r);
	}
}

static void test_off_on(void)
{
	report_prefix_push("off_on");
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++)
		off_on(cpu, SMP_OFF_SMC, false);
	/* The same IDs through hvc #0, and a Thumb entry point (bit 0). */
	off_on(1, SMP_OFF_HVC, false);
	off_on(nr_cpus - 1, SMP_OFF_SMC, true);
	off_on(nr_cpus - 1, SMP_OFF_SMC, false);
	report_prefix_pop();
}

/* ---- Two CPU_ON for one target ---- */

static volatile uint32_t race_go, race_ready;

/* Wait for the start signal, then CPU_ON the target (arg). */
static uint32_t fn_race(uint32_t target)
{
	uint32_t round = atomic_read(&race_go) + 1;

	atomic_inc(&race_ready);
	smp_wait_flag(&race_go, round);
	return (uint32_t)psci_smc(PSCI_CPU_ON, smp_mpidr(target), (uintptr_t)smp_entry_arm,
				  CTX(smp_this_cpu(), 0xee));
}

/*
 * One round: every racer (CPU 0 and racers 1..nracers) calls CPU_ON of
 * target at once. Exactly one gets SUCCESS; the others ALREADY_ON or
 * ON_PENDING (DEN0022 5.6); the target arrives with the winner's context.
 * Counts into c; *pending counts ON_PENDING answers.
 */
static void race_round(struct checker *c, unsigned int target, unsigned int nracers,
		       unsigned int *pending)
{
	int32_t res[SMP_MAX_CPUS];
	uint32_t entries = smp_cpus[target].entries;
	unsigned int wins = 0, winner = 0;

	atomic_write(&race_ready, 0);
	atomic_write(&smp_cpus[target].online, 0);
	for (unsigned int r = 1; r <= nracers; r++)
		smp_call_async(r, fn_race, target);
	smp_wait_flag(&race_ready, nracers);
	atomic_write(&race_go, race_go + 1);
	sev();
	res[0] = psci_smc(PSCI_CPU_ON, smp_mpidr(target), (uintptr_t)smp_entry_arm,
			  CTX(0, 0xee));
	/* With one CPU to race, CPU 0 races itself: a second call at once. */
	if (nracers == 0)
		res[1] = psci_smc(PSCI_CPU_ON, smp_mpidr(target), (uintptr_t)smp_entry_arm,
				  CTX(0, 0xef));
	for (unsigned int r = 1; r <= nracers; r++) {
		uint32_t v = (uint32_t)PSCI_INTERNAL_FAILURE;
		check(c, smp_call_wait(r, &v), "racer CPU %u finished", r);
		res[r] = (int32_t)v;
	}
	unsigned int n = nracers ? nracers + 1 : 2;
	for (unsigned int r = 0; r < n; r++) {
		if (res[r] == PSCI_SUCCESS) {
			wins++;
			winner = r;
		} else if (res[r] == PSCI_ON_PENDING) {
			(*pending)++;
		} else {
			check(c, res[r] == PSCI_ALREADY_ON,
			      "call %u: CPU_ON of a CPU being started = ALREADY_ON or ON_PENDING (%d)",
			      r, res[r]);
		}
	}
	check(c, wins == 1, "exactly one CPU_ON of CPU %u succeeded (%u)", target, wins);
	check(c, smp_wait_online(target, entries), "CPU %u arrived", target);
	/* CPU 0 racing itself used 0xee, then 0xef. */
	uint32_t want = nracers ? CTX(winner, 0xee) : CTX(0, 0xee + winner);
	check(c, smp_cpus[target].entry_r0 == want, "it carries the winner's context %08x (%08x)",
	      want, smp_cpus[target].entry_r0);
	check(c, smp_cpu_off(target), "CPU %u off again", target);
}

static void test_race(void)
{
	unsigned int target = nr_cpus - 1, nracers = nr_cpus >= 3 ? nr_cpus - 2 : 0;
	struct checker c = { .quiet = true };
	unsigned int pending = 0;

	report_prefix_push("race");
	if (rt.native) {
		/* QEMU 7.2 (target/arm/arm-powerctl.c) never enters ON_PENDING:
		 * until the target has run its reset work, a second CPU_ON
		 * succeeds too and resets it again. */
		report_skip("CPU_ON races (QEMU's PSCI has no ON_PENDING: both calls may succeed)");
		report_prefix_pop();
		return;
	}
	if (!smp_cpu_off(target))
		test_abort("CPU %u does not turn off", target);
	for (int i = 0; i < RACE_ROUNDS; i++)
		race_round(&c, target, nracers, &pending);
	if (nracers)
		report(c.fails == 0, "%d rounds: CPUs 0-%u race CPU_ON(CPU %u), one SUCCESS each time "
		       "(%u checks, %u failed)", RACE_ROUNDS, nracers, target, c.checks, c.fails);
	else
		report(c.fails == 0, "%d rounds: two CPU_ON(CPU %u) back to back, one SUCCESS each "
		       "time (%u checks, %u failed)", RACE_ROUNDS, target, c.checks, c.fails);
	report_info("ON_PENDING answers: %u", pending);
	if (!nracers)
		report_skip("CPU_ON races from two CPUs (needs 3 CPUs)");
	/* Leave the target on, as the tests after this expect. */
	if (smp_boot_cpu(target, next_ctx(target)) != PSCI_SUCCESS)
		test_abort("CPU %u does not come back", target);
	report_prefix_pop();
}

/* ---- CPU_SUSPEND ---- */

static uint32_t vtimer_id;

/* Arm this CPU's virtual timer to fire in us microseconds; IRQs stay
 * masked, so it only wakes WFI and waits at the GIC to be acknowledged. */
static void vtimer_arm(uint32_t us)
{
	gic_irq_enable(vtimer_id, GIC_PRIO_DEFAULT);
	write_sysreg((uint32_t)timer_ticks_us(us), CNTV_TVAL);
	write_sysreg(CNT_CTL_ENABLE, CNTV_CTL);
	isb();
}

/* Stop the virtual timer and take back whatever it left pending. */
static unsigned int vtimer_disarm(void)
{
	unsigned int acked = 0;

	write_sysreg(0, CNTV_CTL);
	isb();
	for (uint32_t iar; GIC_IAR_ID(iar = gic_ack()) < 1020; acked++)
		gic_eoi(iar);
	gic_irq_disable(vtimer_id);
	return acked;
}

static void test_suspend_cpu0(void)
{
	/* The timer wakes us; a pending interrupt ends WFI even while masked
	 * (B1.8.13), so IRQs can stay masked and we read the GIC after. */
	vtimer_arm(2000);
	int32_t r = psci_smc(PSCI_CPU_SUSPEND, 0, 0, 0);
	report(r == PSCI_SUCCESS, "CPU 0: CPU_SUSPEND(standby) = SUCCESS (%d)", r);
	uint64_t end = timer_deadline_ms(SMP_TIMEOUT_MS);
	while (!(read_sysreg(CNTV_CTL) & CNT_CTL_ISTATUS) && !timer_expired(end))
		;
	uint32_t iar = gic_ack();
	report(GIC_IAR_ID(iar) == vtimer_id, "the wake-up was the virtual timer (IAR %x)", iar);
	write_sysreg(0, CNTV_CTL);
	if (GIC_IAR_ID(iar) < 1020)
		gic_eoi(iar);
	vtimer_disarm();

	/* Should an implementation suspend anyway, the timer wakes it. */
	const uint32_t bad[] = { POWER_STATE_LEVEL1, POWER_STATE_RESERVED };
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		vtimer_arm(100000);
		r = psci_smc(PSCI_CPU_SUSPEND, bad[i], 0, 0);
		vtimer_disarm();
		report(r == PSCI_INVALID_PARAMETERS,
		       "CPU 0: CPU_SUSPEND(power_state %08x) = INVALID_PARAMETERS (%d)", bad[i], r);
	}
}

static volatile uint32_t suspend_ready;
static volatile uint32_t suspend_iar, suspend_calls;

static void on_wake_sgi(uint32_t iar)
{
	suspend_iar = iar;
}

/*
 * On the secondary: CPU_SUSPEND until CPU 0's SGI arrives. Standby may
 * end early (the mailbox doorbell can still be on its way, DEN0022 allows
 * spurious wake-ups), so suspend again until it is the SGI; every call
 * must return SUCCESS.
 */
static uint32_t fn_suspend_until_sgi(uint32_t arg)
{
	uint64_t deadline = timer_deadline_ms(SMP_TIMEOUT_MS);
	int32_t r;

	(void)arg;
	gic_irq_enable(SGI_WAKE, GIC_PRIO_DEFAULT);
	atomic_write(&suspend_ready, 1);
	sev();
	do {
		r = psci_smc(PSCI_CPU_SUSPEND, 0, 0, 0);
		suspend_calls++;
		gic_handle_irq();	/* IRQs are masked: take them by hand */
	} while (r == PSCI_SUCCESS && suspend_iar == GIC_SPURIOUS && !timer_expired(deadline));
	return (uint32_t)r;
}

static void test_suspend_secondary(unsigned int cpu)
{
	uint32_t v = (uint32_t)PSCI_INTERNAL_FAILURE;

	suspend_ready = 0;
	suspend_calls = 0;
	suspend_iar = GIC_SPURIOUS;
	gic_set_handler(SGI_WAKE, on_wake_sgi);
	smp_call_async(cpu, fn_suspend_until_sgi, 0);
	smp_wait_flag(&suspend_ready, 1);
	timer_delay_us(2000);	/* likely asleep by now; if not, WFI sees it pending */
	gic_send_sgi(GICD_SGIR_FILTER_LIST, smp_cpus[cpu].gic_target, SGI_WAKE);
	bool done = smp_call_wait(cpu, &v);
	if (!done)
		test_abort("CPU %u did not wake up", cpu);
	report((int32_t)v == PSCI_SUCCESS, "CPU %u: CPU_SUSPEND(standby) = SUCCESS (%d)", cpu,
	       (int32_t)v);
	report(GIC_IAR_ID(suspend_iar) == SGI_WAKE && GIC_IAR_SGI_CPU(suspend_iar) == 0,
	       "CPU %u: woken by SGI %u from CPU 0 (IAR %x, %u CPU_SUSPEND calls)", cpu, SGI_WAKE,
	       suspend_iar, suspend_calls);
	gic_set_handler(SGI_WAKE, NULL);
}

static void test_suspend(void)
{
	report_prefix_push("suspend");
	if (!gic.dist) {
		/* Under belay the DTB is belay's: a lost GIC is its bug. */
		if (rt.native)
			report_skip("CPU_SUSPEND (no GIC in the DTB to arrange a wake-up)");
		else
			report(false, "CPU_SUSPEND: a GIC in the DTB belay wrote, to arrange a wake-up");
		report_prefix_pop();
		return;
	}
	vtimer_id = timer_irq_id(rt.fdt, TIMER_PPI_VIRT);
	test_suspend_cpu0();
	test_suspend_secondary(1);
	report_prefix_pop();
}

/* ---- The last CPU ---- */

static void test_last_cpu_off(void)
{
	report_prefix_push("last");
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++)
		report(smp_cpu_off(cpu), "CPU %u off", cpu);
	if (rt.native) {
		report_skip("CPU_OFF of the last CPU (QEMU would power it off for good)");
	} else {
		int32_t r = psci_smc(PSCI_CPU_OFF, 0, 0, 0);
		report(r == PSCI_DENIED, "CPU_OFF of the last CPU that is on = DENIED (%d)", r);
		r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(0), 0, 0);
		report(r == PSCI_AFFINITY_ON, "CPU 0 is still ON (%d)", r);
	}
	report_prefix_pop();
}

int main(void)
{
	nr_cpus = smp_init();
	smp_require_cpus(2);
	if (!rt.native)
		rt_require_belay();
	report_info("%s, %u CPUs", rt.native ? "QEMU's PSCI" : "belay's PSCI", nr_cpus);

	test_features();
	test_invalid_mpidr();
	test_initial_state();
	test_cpu_on_each();
	test_secondary_answers();
	test_already_on();
	test_off_on();
	test_race();
	test_suspend();
	test_last_cpu_off();
	return 0;
}
