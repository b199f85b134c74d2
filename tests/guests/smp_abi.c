// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * smp_abi: the hyp-stub ABI is per CPU (docs/hyp-abi.md). Under belay on 4 CPUs
 * (3 will do), every cell of the state x call table is checked on each
 * secondary on its own, with lib/abi_common.c's checks run there through
 * the mailbox: RUN right after CPU_ON; RESET_VECTORS -> STUB while the
 * other CPUs stay in RUN; SET_VECTORS -> FOREIGN and the hand-back; LAUNCH
 * back to RUN; SOFT_RESTART from RUN and STUB; the transient-state loop.
 * Then SOFT_RESTART rounds on CPU 2 while every other CPU keeps calling
 * belay, and CPUs that power themselves off while belay is torn down on
 * them (STUB, FOREIGN) must come back in RUN with the next CPU_ON.
 *
 * Secondaries check quietly into their own struct checker (failures are
 * described in "#" lines); CPU 0 reports one line per CPU and group.
 */
#include "abi_common.h"
#include "atomic.h"
#include "smp.h"
#include "timer.h"

#define SR_ROUNDS		4	/* of RUN/STUB x ARM/Thumb */
#define TRANSIENT_CYCLES	20
/* A CPU that turned itself off is OFF in well under this; belay may
 * never say so (see off_outside_run()), so don't wait too long. */
#define OFF_WAIT_MS		5000

static unsigned int nr_cpus;
static struct checker checkers[SMP_MAX_CPUS];

static struct checker *my_checker(void)
{
	return &checkers[smp_this_cpu()];
}

/* Run fn on cpu with a fresh quiet checker there; report the outcome. */
static void run_checked(unsigned int cpu, smp_fn_t fn, uint32_t arg, const char *what)
{
	checkers[cpu] = (struct checker){ .quiet = true };
	uint32_t extra = smp_call(cpu, fn, arg);
	const struct checker *c = &checkers[cpu];

	report(c->fails == 0 && extra == 0, "CPU %u: %s (%u checks, %u failed)", cpu, what,
	       c->checks, c->fails + extra);
}

/* ---- What the secondaries run ---- */

static uint32_t fn_state(uint32_t arg)
{
	(void)arg;
	return belay_state();
}

static uint32_t fn_run_cells(uint32_t arg)
{
	struct checker *c = my_checker();

	(void)arg;
	abi_check_common(c, BELAY_STATE_RUN, true);
	abi_check_regs(c, BELAY_STATE_RUN);
	uint32_t v = hvc1(HVC_SET_VECTORS, abi_aligned_ram_addr());
	check(c, v == HVC_STUB_ERR, "RUN: SET_VECTORS aligned, in RAM -> HVC_STUB_ERR (%08x)", v);
	v = belay_launch();
	check(c, v == (uint32_t)BELAY_ERR_ALREADY_RUNNING,
	      "RUN: LAUNCH -> BELAY_ERR_ALREADY_RUNNING (%d)", (int32_t)v);
	v = belay_state();
	check(c, v == BELAY_STATE_RUN, "RUN: still RUN (%s)", belay_state_name(v));
	return 0;
}

static uint32_t fn_to_stub(uint32_t arg)
{
	(void)arg;
	abi_to_stub(my_checker());
	return 0;
}

static uint32_t fn_stub_cells(uint32_t arg)
{
	struct checker *c = my_checker();

	(void)arg;
	abi_check_common(c, BELAY_STATE_STUB, true);
	abi_check_regs(c, BELAY_STATE_STUB);
	uint32_t v = belay_reset_vectors();
	check(c, v == 0, "STUB: RESET_VECTORS -> 0 (%08x)", v);
	v = hvc1(HVC_SET_VECTORS, 0xc0000000);
	check(c, v == HVC_STUB_ERR, "STUB: SET_VECTORS 0xc0000000 -> HVC_STUB_ERR (%08x)", v);
	v = hvc1(HVC_SET_VECTORS, (uint32_t)rt.belay_base);
	check(c, v == HVC_STUB_ERR, "STUB: SET_VECTORS at belay's base -> HVC_STUB_ERR (%08x)", v);
	v = belay_state();
	check(c, v == BELAY_STATE_STUB, "STUB: still STUB (%s)", belay_state_name(v));
	return 0;
}

static uint32_t fn_foreign_round(uint32_t arg)
{
	(void)arg;
	return !abi_foreign_round(my_checker());
}

/* The foreign round in steps, so that CPU 0 can look at the others while
 * this CPU is FOREIGN. */
static uint32_t fn_set_foreign(uint32_t arg)
{
	(void)arg;
	return hvc1(HVC_SET_VECTORS, (uint32_t)(uintptr_t)foreign_hyp_vectors);
}

static uint32_t fn_call_foreign(uint32_t arg)
{
	(void)arg;
	return hvc0(BELAY_GET_STATE);	/* FOREIGN_MAGIC from the guest's vectors */
}

static uint32_t fn_hand_back(uint32_t arg)
{
	(void)arg;
	uint32_t v = hvc0(HVC_RESET_VECTORS);
	return v == 0 ? belay_state() : ~0u;
}

static uint32_t fn_to_run(uint32_t arg)
{
	(void)arg;
	abi_to_run(my_checker());
	return 0;
}

static uint32_t fn_soft_restart(uint32_t rounds)
{
	struct checker *c = my_checker();
	uint32_t seed = 0x5a000000 | (smp_this_cpu() << 20);

	for (uint32_t r = 0; r < rounds; r++)
		for (int from_run = 1; from_run >= 0; from_run--)
			for (int thumb = 0; thumb <= 1; thumb++)
				abi_soft_restart_round(c, from_run, thumb,
						       (seed + 0x10000 * r) ^ (from_run << 12) ^
						       (thumb << 8));
	return 0;
}

static uint32_t fn_transient(uint32_t cycles)
{
	return abi_transient_cycles(my_checker(), (int)cycles);
}

/* ---- Probing from the CPUs that are not under test ---- */

static volatile uint32_t stop_probing;
static uint32_t probe_calls[SMP_MAX_CPUS];

/* The calls any CPU in RUN answers the same way. Returns wrong answers. */
static uint32_t probe_once(void)
{
	uint32_t bad = 0;

	bad += belay_state() != BELAY_STATE_RUN;
	bad += belay_get_vectors() != belay_vectors;
	bad += hvc0(SMCCC_VERSION) != SMCCC_VERSION_1_1;
	bad += hvc0(3) != HVC_STUB_ERR;
	return bad;
}

static uint32_t fn_prober(uint32_t arg)
{
	uint32_t bad = 0, n = 0;

	(void)arg;
	while (!atomic_read(&stop_probing)) {
		bad += probe_once();
		n++;
	}
	probe_calls[smp_this_cpu()] = n;
	return bad;
}

/* Every CPU but `busy` is in RUN (CPU 0 asks itself, the others through
 * their mailboxes). */
static void check_others_run(unsigned int busy, const char *while_what)
{
	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
		if (cpu == busy)
			continue;
		uint32_t st = cpu ? smp_call(cpu, fn_state, 0) : belay_state();
		report(st == BELAY_STATE_RUN, "CPU %u: GET_STATE = RUN while CPU %u is %s (%s)", cpu,
		       busy, while_what, belay_state_name(st));
	}
}

/* ---- The table, on each secondary ---- */

static void test_cells_on(unsigned int cpu)
{
	uint32_t v;

	report_prefix_push("table");
	run_checked(cpu, fn_run_cells, 0, "RUN column right after CPU_ON, registers preserved");

	run_checked(cpu, fn_to_stub, 0, "RESET_VECTORS from RUN -> STUB");
	check_others_run(cpu, "STUB");
	run_checked(cpu, fn_stub_cells, 0, "STUB column, registers preserved");

	run_checked(cpu, fn_foreign_round, 0, "SET_VECTORS -> FOREIGN, hvcs reach its vectors, "
		    "hand-back -> STUB");
	v = smp_call(cpu, fn_set_foreign, 0);
	report(v == 0, "CPU %u: SET_VECTORS in STUB -> 0, FOREIGN (%08x)", cpu, v);
	check_others_run(cpu, "FOREIGN");
	v = smp_call(cpu, fn_call_foreign, 0);
	report(v == FOREIGN_MAGIC, "CPU %u: its hvc reaches its own vectors (%08x)", cpu, v);
	v = smp_call(cpu, fn_hand_back, 0);
	report(v == BELAY_STATE_STUB, "CPU %u: handed back, STUB (%s)", cpu, belay_state_name(v));

	run_checked(cpu, fn_to_run, 0, "BELAY_LAUNCH from STUB -> RUN");
	run_checked(cpu, fn_soft_restart, 1, "SOFT_RESTART from RUN and STUB to ARM and Thumb, "
		    "then LAUNCH");
	run_checked(cpu, fn_transient, TRANSIENT_CYCLES, "RESET_VECTORS/LAUNCH cycles, never a "
		    "transient state");
	v = smp_call(cpu, fn_state, 0);
	report(v == BELAY_STATE_RUN, "CPU %u: RUN at the end (%s)", cpu, belay_state_name(v));
	report_prefix_pop();
}

/* ---- SOFT_RESTART on CPU 2 while everyone else calls belay ---- */

static void test_soft_restart_while_others_run(void)
{
	const unsigned int sr_cpu = 2;
	uint32_t bad = 0, calls = 0;

	report_prefix_push("concurrent");
	stop_probing = 0;
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++)
		if (cpu != sr_cpu)
			smp_call_async(cpu, fn_prober, 0);
	checkers[sr_cpu] = (struct checker){ .quiet = true };
	smp_call_async(sr_cpu, fn_soft_restart, SR_ROUNDS);

	uint64_t deadline = timer_deadline_ms(SMP_TIMEOUT_MS);
	while (!smp_call_done(sr_cpu) && !timer_expired(deadline)) {
		bad += probe_once();
		calls++;
	}
	bool done = smp_call_done(sr_cpu);
	atomic_write(&stop_probing, 1);
	sev();
	probe_calls[0] = calls;
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++) {
		uint32_t v = 0;
		if (cpu != sr_cpu && !smp_call_wait(cpu, &v))
			test_abort("CPU %u does not stop probing", cpu);
		bad += v;
	}
	if (!done)
		test_abort("CPU %u's SOFT_RESTART rounds did not finish", sr_cpu);
	const struct checker *c = &checkers[sr_cpu];
	report(c->fails == 0, "CPU %u: %d SOFT_RESTART rounds (RUN/STUB x ARM/Thumb) and back to "
	       "RUN (%u checks, %u failed)", sr_cpu, SR_ROUNDS, c->checks, c->fails);
	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++)
		if (cpu != sr_cpu)
			report_info("CPU %u made %u probes meanwhile", cpu, probe_calls[cpu]);
	report(bad == 0, "meanwhile every other CPU stayed in RUN and answered correctly "
	       "(%u wrong answers)", bad);
	report_prefix_pop();
}

/* ---- Powering off outside RUN ---- */

static uint32_t fn_set_foreign_then_off(uint32_t conduit)
{
	if (belay_reset_vectors() != 0 ||
	    hvc1(HVC_SET_VECTORS, (uint32_t)(uintptr_t)foreign_hyp_vectors) != 0)
		return ~0u;
	/* In FOREIGN the guest's vectors own hvc; Linux would use smc. */
	return smp_fn_cpu_off(conduit);
}

/*
 * A CPU torn down to STUB (or handed to its own vectors, FOREIGN) calls
 * CPU_OFF. belay no longer traps its smc, and passes PSCI hvcs outside
 * RUN to firmware (hyp/psci.c), which powers it off. Linux does this
 * when it offlines a CPU on which it had reset the hyp stub or installed
 * KVM. The CPU must then be OFF for AFFINITY_INFO, and the next CPU_ON
 * must bring it back through belay's entry, in RUN.
 */
static void off_outside_run(unsigned int cpu, const char *state, uint32_t conduit)
{
	const char *how = conduit == SMP_OFF_HVC ? "hvc" : "smc";
	uint32_t entries = smp_cpus[cpu].entries, polls;

	if (!strcmp(state, "STUB")) {
		run_checked(cpu, fn_to_stub, 0, "RESET_VECTORS -> STUB");
		smp_call_async(cpu, smp_fn_cpu_off, conduit);
	} else {
		smp_call_async(cpu, fn_set_foreign_then_off, conduit);
	}
	int32_t r = smp_wait_affinity(cpu, PSCI_AFFINITY_OFF, &polls, OFF_WAIT_MS);
	bool gone = !smp_cpus[cpu].online && !smp_call_done(cpu);
	report(gone, "CPU %u: CPU_OFF (%s) in %s did not return", cpu, how, state);
	if (!report(r == PSCI_AFFINITY_OFF, "CPU %u: then AFFINITY_INFO says OFF (%d after %u polls)",
		    cpu, r, polls)) {
		/* Ask the firmware itself: from STUB, CPU 0's smc reaches it. */
		struct checker q = { .quiet = true };
		abi_to_stub(&q);
		int32_t fw = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(cpu), 0, 0);
		abi_to_run(&q);
		report_info("CPU %u: firmware's AFFINITY_INFO (asked from STUB) = %d", cpu, fw);
	}
	r = smp_cpu_on(cpu, (uintptr_t)smp_entry_arm, 0x5700 + cpu);
	report(r == PSCI_SUCCESS, "CPU %u: CPU_ON after CPU_OFF in %s = SUCCESS (%d)", cpu, state,
	       r);
	if (r != PSCI_SUCCESS || !smp_wait_online(cpu, entries)) {
		report(false, "CPU %u: back (it is lost for the rest of the test)", cpu);
		return;
	}
	uint32_t st = smp_call(cpu, fn_state, 0);
	report(st == BELAY_STATE_RUN, "CPU %u: back, in RUN (%s)", cpu, belay_state_name(st));
	run_checked(cpu, fn_run_cells, 0, "RUN column after coming back");
}

static void test_off_outside_run(void)
{
	report_prefix_push("off");
	off_outside_run(nr_cpus - 1, "STUB", SMP_OFF_HVC);
	off_outside_run(nr_cpus - 2, "STUB", SMP_OFF_SMC);
	if (nr_cpus >= 4)
		off_outside_run(1, "FOREIGN", SMP_OFF_SMC);
	report_prefix_pop();
}

int main(void)
{
	nr_cpus = smp_init();
	smp_require_cpus(3);
	if (rt.native)
		test_skip_all("belay's per-CPU ABI (native runs have only the mock)");
	abi_init();

	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++)
		if (smp_boot_cpu(cpu, cpu) != PSCI_SUCCESS)
			test_abort("CPU %u does not start", cpu);
	for (unsigned int cpu = 1; cpu < nr_cpus; cpu++)
		test_cells_on(cpu);
	test_soft_restart_while_others_run();
	test_off_outside_run();
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "CPU 0 in RUN at the end (%s)", belay_state_name(st));
	return 0;
}
