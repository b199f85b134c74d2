/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's PSCI records and decisions (hyp/psci_state.c) against a fake
 * firmware: one that refuses CPU_OFF (TF-A does, on the core its Trusted
 * OS lives on), has a Trusted OS to migrate, and starts and stops CPUs
 * behind belay's back, as a guest outside RUN can make it do.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <belay/abi.h>
#include <hyp/log.h>
#include <hyp/psci_state.h>

#undef CHECK		/* hyp/log.h's; the unit tests have their own */
#include "check.h"

/* hyp/log.c's interface, for the pure code's log lines. */
int log_level = LOG_VERBOSE;
void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	printf("  log %d: ", level);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void log_cpu(int level, unsigned int cpu, const char *fmt, ...)
{
	va_list ap;

	printf("  log %d: cpu%u: ", level, cpu);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define NR_CPUS		4
#define ENTRY		0x5ec0d000u

static const uint32_t mpidrs[NR_CPUS] = { 0x0, 0x1, 0x2, 0x3 };

/* The fake machine: firmware's own view of each CPU, and a clock. */
struct fake {
	int32_t fw_aff[NR_CPUS];	/* PSCI_AFFINITY_* as firmware has it */
	int32_t cpu_off_answer;		/* what firmware CPU_OFF returns */
	int32_t migrate_type;		/* MIGRATE_INFO_TYPE */
	uint32_t up_cpu;		/* MIGRATE_INFO_UP_CPU */
	uint64_t clock;
	uint64_t tick;			/* clock advance per now() */
	unsigned int calls[16];		/* firmware calls by function number */
	unsigned int cpu_off_calls;
	unsigned int locked;
	unsigned int stopping_polls;	/* AFFINITY_INFO answers of ON before OFF for a stopping CPU */
	int stopping;			/* which CPU is going down, -1 none */
	int race;			/* AFFINITY_INFO answers OFF once for it */
	int rec_at_off;			/* belay's record of the CPU at its CPU_OFF */
	bool no_affinity;		/* AFFINITY_INFO NOT_SUPPORTED (U-Boot's PSCI) */
	bool last_hold;			/* cpu_off's hold argument, last call */
	uint32_t held;			/* CPUs in belay's hold, a bit each */
	uint32_t released;		/* CPUs released from it */
};

static struct psci_state st;

static int32_t fake_fw(void *ctx, uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	struct fake *f = ctx;

	(void)a3;
	f->calls[fn & 0xf]++;
	switch (fn) {
	case PSCI_AFFINITY_INFO:
		if (f->no_affinity)
			return PSCI_NOT_SUPPORTED;
		if (a1 >= NR_CPUS)
			return PSCI_INVALID_PARAMETERS;
		if ((int)a1 == f->race) {
			f->race = -1;
			return PSCI_AFFINITY_OFF;
		}
		if ((int)a1 == f->stopping) {
			if (f->stopping_polls) {
				f->stopping_polls--;
				return PSCI_AFFINITY_ON;
			}
			f->fw_aff[a1] = PSCI_AFFINITY_OFF;
			f->stopping = -1;
		}
		return f->fw_aff[a1];
	case PSCI_CPU_ON:
		CHECK_EQ(a2, ENTRY);
		if (a1 >= NR_CPUS)
			return PSCI_INVALID_PARAMETERS;
		if (f->fw_aff[a1] == PSCI_AFFINITY_ON)
			return PSCI_ALREADY_ON;
		if (f->fw_aff[a1] == PSCI_AFFINITY_ON_PENDING)
			return PSCI_ON_PENDING;
		f->fw_aff[a1] = PSCI_AFFINITY_ON_PENDING;
		return PSCI_SUCCESS;
	case PSCI_MIGRATE_INFO_TYPE:
		return f->migrate_type;
	case PSCI_MIGRATE_INFO_UP_CPU:
		return (int32_t)f->up_cpu;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/* belay's side of CPU_OFF: teardown, firmware CPU_OFF, and if that
 * returns, back to RUN. The record must not be touched while unlocked
 * with the CPU in RUN. */
static int32_t fake_cpu_off(void *ctx, unsigned int self, bool hold)
{
	struct fake *f = ctx;

	CHECK_EQ(f->locked, 0);
	f->cpu_off_calls++;
	f->rec_at_off = st.cpu[self].rec;
	f->last_hold = hold;
	if (f->cpu_off_answer == PSCI_SUCCESS) {
		/* A real CPU_OFF does not return; the tests only let firmware
		 * refuse. */
		f->fw_aff[self] = PSCI_AFFINITY_OFF;
		return PSCI_INTERNAL_FAILURE;
	}
	return f->cpu_off_answer;
}

static uint64_t fake_now(void *ctx)
{
	struct fake *f = ctx;

	f->clock += f->tick;
	return f->clock;
}

static void fake_lock(void *ctx)
{
	struct fake *f = ctx;

	CHECK_EQ(f->locked, 0);
	f->locked++;
}

static void fake_unlock(void *ctx)
{
	struct fake *f = ctx;

	CHECK_EQ(f->locked, 1);
	f->locked--;
}

static struct fake fk;
static const struct psci_ops ops = {
	.ctx = &fk,
	.fw_call = fake_fw,
	.cpu_off = fake_cpu_off,
	.now = fake_now,
	.lock = fake_lock,
	.unlock = fake_unlock,
};

/* CPU 0 on, the others off, firmware agreeing. */
static void setup(void)
{
	memset(&fk, 0, sizeof(fk));
	fk.fw_aff[0] = PSCI_AFFINITY_ON;
	for (unsigned int i = 1; i < NR_CPUS; i++)
		fk.fw_aff[i] = PSCI_AFFINITY_OFF;
	fk.cpu_off_answer = PSCI_DENIED;
	fk.migrate_type = 1;		/* a Trusted OS, not migrate capable */
	fk.up_cpu = 0x2;
	fk.tick = 1;
	fk.stopping = -1;
	fk.race = -1;
	psci_state_init(&st, true, NR_CPUS, mpidrs, ENTRY, 1000);
}

/* belay's CPU_ON of cpu, up to the moment it enters the guest. */
static void bring_up(unsigned int cpu)
{
	uint32_t entry = 0, context = 0;

	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[cpu], 0x40001000, 0x77, true), PSCI_SUCCESS);
	fk.fw_aff[cpu] = PSCI_AFFINITY_ON;
	CHECK(psci_state_arrived(&st, &ops, cpu, &entry, &context));
	CHECK_EQ(entry, 0x40001000);
	CHECK_EQ(context, 0x77);
}

/* Issue 9, defect 3: firmware refuses CPU_OFF. belay must not stop the
 * machine: the caller gets firmware's error, back in RUN and ON. */
static void test_cpu_off_refused(void)
{
	setup();
	bring_up(1);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON);

	CHECK_EQ(psci_state_cpu_off(&st, &ops, 1), PSCI_DENIED);
	CHECK_EQ(fk.cpu_off_calls, 1);
	CHECK_EQ(st.cpu[1].rec, PSCI_REC_ON);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 1, mpidrs[1], 0), PSCI_AFFINITY_ON);
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[1], 0x40001000, 0, true), PSCI_ALREADY_ON);

	/* Other refusals come back as firmware gave them. */
	fk.cpu_off_answer = PSCI_INTERNAL_FAILURE;
	CHECK_EQ(psci_state_cpu_off(&st, &ops, 0), PSCI_INTERNAL_FAILURE);
	CHECK_EQ(st.cpu[0].rec, PSCI_REC_ON);
	CHECK_EQ(fk.locked, 0);
}

/* The last CPU on is refused by belay itself, before firmware is asked. */
static void test_cpu_off_last(void)
{
	setup();
	CHECK_EQ(psci_state_cpu_off(&st, &ops, 0), PSCI_DENIED);
	CHECK_EQ(fk.cpu_off_calls, 0);
	/* A CPU belay is turning off counts as off. */
	bring_up(1);
	st.cpu[1].rec = PSCI_REC_STOPPING;
	fk.stopping = 1;
	fk.stopping_polls = 1000000;
	CHECK_EQ(psci_state_cpu_off(&st, &ops, 0), PSCI_DENIED);
	CHECK_EQ(fk.cpu_off_calls, 0);
}

/* Issue 9, defect 3: migration questions go to firmware. */
static void test_migrate_forwarded(void)
{
	setup();
	CHECK_EQ(psci_state_migrate_info_type(&st, &ops), 1);
	CHECK_EQ(psci_state_migrate_info_up_cpu(&st, &ops), 0x2);
	fk.migrate_type = PSCI_NOT_SUPPORTED;
	CHECK_EQ(psci_state_migrate_info_type(&st, &ops), PSCI_NOT_SUPPORTED);
	/* No firmware: no Trusted OS. */
	st.fw = false;
	CHECK_EQ(psci_state_migrate_info_type(&st, &ops), 2);
	CHECK_EQ(psci_state_migrate_info_up_cpu(&st, &ops), PSCI_NOT_SUPPORTED);
}

/* Issue 9, defect 4: a CPU started outside RUN (firmware CPU_ON by the
 * guest in STUB) is ON for AFFINITY_INFO, and CPU_ON answers ALREADY_ON
 * at once, with no CPU_ON sent to firmware. */
static void test_started_outside_run(void)
{
	setup();
	fk.fw_aff[2] = PSCI_AFFINITY_ON;
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[2], 0), PSCI_AFFINITY_ON);
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[2], 0x40001000, 0, true), PSCI_ALREADY_ON);
	CHECK_EQ(fk.calls[PSCI_CPU_ON & 0xf], 0);

	/* Still being started by firmware: ON_PENDING. */
	fk.fw_aff[3] = PSCI_AFFINITY_ON_PENDING;
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[3], 0x40001000, 0, true), PSCI_ON_PENDING);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[3], 0), PSCI_AFFINITY_ON_PENDING);

	/* It counts for the last-CPU rule: CPU 0 may go. */
	CHECK_EQ(psci_state_cpu_off(&st, &ops, 0), PSCI_DENIED);	/* firmware refused */
	CHECK_EQ(fk.cpu_off_calls, 1);

	/* Turned off outside RUN again: OFF, and belay's CPU_ON works. */
	fk.fw_aff[2] = PSCI_AFFINITY_OFF;
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[2], 0), PSCI_AFFINITY_OFF);
	bring_up(2);
	CHECK_EQ(fk.locked, 0);
}

/* A CPU started outside RUN between belay's look at firmware and its
 * CPU_ON: firmware's ALREADY_ON is passed on and recorded. */
static void test_cpu_on_race_with_firmware(void)
{
	uint32_t e, c;

	setup();
	fk.fw_aff[1] = PSCI_AFFINITY_ON;
	fk.race = 1;		/* AFFINITY_INFO still says OFF, once */
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[1], 0x40001000, 0, true), PSCI_ALREADY_ON);
	CHECK_EQ(fk.calls[PSCI_CPU_ON & 0xf], 1);
	CHECK_EQ(st.cpu[1].rec, PSCI_REC_ON);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON);
	/* A CPU that arrives without a CPU_ON of belay's is reported. */
	CHECK(!psci_state_arrived(&st, &ops, 3, &e, &c));
	CHECK_EQ(fk.locked, 0);
}

/* CPU_ON of a CPU still on its way into firmware CPU_OFF waits for it,
 * bounded by time, not by a number of firmware calls. */
static void test_cpu_on_waits_by_time(void)
{
	setup();
	bring_up(1);
	/* Firmware reaches OFF after 50 polls: the wait sees it. */
	st.cpu[1].rec = PSCI_REC_STOPPING;
	fk.stopping = 1;
	fk.stopping_polls = 50;
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON);
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[1], 0x40001000, 0, true), PSCI_SUCCESS);
	CHECK_EQ(st.cpu[1].rec, PSCI_REC_STARTING);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON_PENDING);
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[1], 0x40001000, 0, true), PSCI_ON_PENDING);

	/* Never reaches it: the wait ends when the clock passes the bound
	 * (1000 ticks), however many calls that takes. */
	setup();
	bring_up(1);
	st.cpu[1].rec = PSCI_REC_STOPPING;
	fk.stopping = 1;
	fk.stopping_polls = 1000000;
	fk.tick = 100;
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[1], 0x40001000, 0, true), PSCI_ALREADY_ON);
	CHECK(fk.calls[PSCI_AFFINITY_INFO & 0xf] <= 20);
	CHECK_EQ(fk.calls[PSCI_CPU_ON & 0xf], 1);	/* bring_up's only */
	CHECK_EQ(fk.locked, 0);
}

static void test_arguments(void)
{
	setup();
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, 0x100, ENTRY, 0, true), PSCI_INVALID_PARAMETERS);
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[1], 0, 0, false), PSCI_INVALID_ADDRESS);
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[0], 0x40001000, 0, true), PSCI_ALREADY_ON);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[1], 1), PSCI_INVALID_PARAMETERS);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, 0x100, 0), PSCI_INVALID_PARAMETERS);
	CHECK_EQ(psci_state_affinity_info(&st, &ops, 0, mpidrs[0], 0), PSCI_AFFINITY_ON);
	st.fw = false;
	CHECK_EQ(psci_state_cpu_on(&st, &ops, 0, mpidrs[1], 0x40001000, 0, true), PSCI_NOT_SUPPORTED);
	CHECK_EQ(fk.locked, 0);
}

/* The capture side's view (hyp/capture.c), faked: which CPUs a dead
 * kernel left parked, and what a reclaimed CPU does. */
static uint32_t parked_mask;
static unsigned int reclaims;
static int32_t reclaim_answer;	/* 0: the CPU powers itself off */

static int fake_reclaim(void *ctx, unsigned int t)
{
	struct fake *f = ctx;

	CHECK_EQ(f->locked, 1);
	if (!(parked_mask & (1u << t)))
		return -1;	/* not parked */
	reclaims++;
	if (reclaim_answer)
		return reclaim_answer;
	/* It takes belay's SGI and reaches firmware CPU_OFF a few polls later. */
	f->stopping = (int)t;
	f->stopping_polls = 30;
	parked_mask &= ~(1u << t);
	return 0;
}

static const struct psci_ops capture_ops = {
	.ctx = &fk,
	.fw_call = fake_fw,
	.cpu_off = fake_cpu_off,
	.now = fake_now,
	.lock = fake_lock,
	.unlock = fake_unlock,
	.reclaim = fake_reclaim,
};

/* Issue 11: CPU_ON of a parked CPU reclaims it and then starts it; of a
 * live CPU, or when the reclaim cannot be asked, ALREADY_ON as before. */
static void test_cpu_on_parked(void)
{
	uint32_t e, c;

	setup();
	bring_up(1);
	bring_up(2);
	parked_mask = 1u << 1;
	reclaims = 0;
	reclaim_answer = 0;
	/* A live CPU (not parked): ALREADY_ON, no reclaim. */
	CHECK_EQ(psci_state_cpu_on(&st, &capture_ops, 0, mpidrs[2], 0x40002000, 5, true),
		 PSCI_ALREADY_ON);
	CHECK_EQ(reclaims, 0);
	/* The parked one: reclaimed, waited for, started. The wait for a
	 * reclaimed CPU is longer than a CPU_OFF's (30 polls > 1000 ticks
	 * at tick 50 would not fit in one CPU_OFF wait). */
	fk.tick = 50;
	CHECK_EQ(psci_state_cpu_on(&st, &capture_ops, 0, mpidrs[1], 0x40002000, 5, true),
		 PSCI_SUCCESS);
	CHECK_EQ(reclaims, 1);
	CHECK_EQ(st.cpu[1].rec, PSCI_REC_STARTING);
	fk.fw_aff[1] = PSCI_AFFINITY_ON;
	CHECK(psci_state_arrived(&st, &capture_ops, 1, &e, &c));
	CHECK_EQ(e, 0x40002000);
	CHECK_EQ(c, 5);
	/* Never the caller itself. */
	parked_mask = 1u << 0;
	CHECK_EQ(psci_state_cpu_on(&st, &capture_ops, 0, mpidrs[0], 0x40002000, 5, true),
		 PSCI_ALREADY_ON);
	CHECK_EQ(reclaims, 1);
	/* The SGI cannot be posted: ALREADY_ON, the record unchanged. */
	parked_mask = 1u << 2;
	reclaim_answer = -1;
	CHECK_EQ(psci_state_cpu_on(&st, &capture_ops, 0, mpidrs[2], 0x40002000, 5, true),
		 PSCI_ALREADY_ON);
	CHECK_EQ(st.cpu[2].rec, PSCI_REC_ON);
	/* Firmware refuses the parked CPU's CPU_OFF: it is back ON. */
	fk.cpu_off_answer = PSCI_DENIED;
	CHECK_EQ(psci_state_parked_off(&st, &capture_ops, 2), PSCI_DENIED);
	CHECK_EQ(st.cpu[2].rec, PSCI_REC_ON);
	CHECK_EQ(fk.locked, 0);
	parked_mask = 0;
}

/* A parked CPU that powers itself off when a new kernel starts, before
 * any CPU_ON: on its way off it is STOPPING, so firmware's OFF is belay's
 * own doing (no "turned off without belay" line), and a later CPU_ON
 * starts it at once, without a reclaim. */
static void test_parked_off_early(void)
{
	setup();
	bring_up(1);
	reclaims = 0;
	fk.cpu_off_answer = PSCI_SUCCESS;
	psci_state_parked_off(&st, &capture_ops, 1);
	CHECK_EQ(fk.rec_at_off, PSCI_REC_STOPPING);
	CHECK_EQ(fk.locked, 0);
	st.cpu[1].rec = PSCI_REC_STOPPING;	/* a real CPU_OFF does not return */
	CHECK_EQ(psci_state_affinity_info(&st, &capture_ops, 0, mpidrs[1], 0), PSCI_AFFINITY_OFF);
	CHECK_EQ(st.cpu[1].rec, PSCI_REC_OFF);
	parked_mask = 1u << 1;		/* no longer true: never asked */
	CHECK_EQ(psci_state_cpu_on(&st, &capture_ops, 0, mpidrs[1], 0x40002000, 5, true),
		 PSCI_SUCCESS);
	CHECK_EQ(reclaims, 0);
	parked_mask = 0;
}

/* belay's hold (hyp/cpu_hold.c), faked: the tests put CPUs in it. */
static bool fake_held(void *ctx, unsigned int t)
{
	struct fake *f = ctx;

	return f->held & (1u << t);
}

static void fake_release(void *ctx, unsigned int t)
{
	struct fake *f = ctx;

	CHECK_EQ(f->locked, 1);
	CHECK(f->held & (1u << t));
	f->held &= ~(1u << t);
	f->released |= 1u << t;
}

static const struct psci_ops hold_ops = {
	.ctx = &fk,
	.fw_call = fake_fw,
	.cpu_off = fake_cpu_off,
	.held = fake_held,
	.release = fake_release,
	.now = fake_now,
	.lock = fake_lock,
	.unlock = fake_unlock,
};

/* Firmware without AFFINITY_INFO: belay finds out once, at boot. */
static void test_hold_probe(void)
{
	setup();
	psci_state_probe(&st, &hold_ops, 0);
	CHECK(!st.hold);		/* firmware answers ON for the caller */
	fk.no_affinity = true;
	psci_state_probe(&st, &hold_ops, 0);
	CHECK(st.hold);
	st.fw = false;			/* no firmware: nothing to hold for */
	psci_state_probe(&st, &hold_ops, 0);
	CHECK(!st.hold);
}

/*
 * Firmware without AFFINITY_INFO (U-Boot's sunxi PSCI): CPU_OFF asks for
 * the hold, a CPU in it is OFF to the guest from belay's own record, and
 * CPU_ON releases it without firmware; never asking firmware's
 * AFFINITY_INFO again.
 */
static void test_hold_off_on(void)
{
	uint32_t e, c;
	unsigned int aff_calls;

	setup();
	fk.no_affinity = true;
	psci_state_probe(&st, &hold_ops, 0);
	aff_calls = fk.calls[PSCI_AFFINITY_INFO & 0xf];
	/* Never started: firmware CPU_ON, as without the hold. */
	CHECK_EQ(psci_state_cpu_on(&st, &hold_ops, 0, mpidrs[1], 0x40001000, 0x77, true),
		 PSCI_SUCCESS);
	CHECK_EQ(fk.calls[PSCI_CPU_ON & 0xf], 1);
	CHECK(psci_state_arrived(&st, &hold_ops, 1, &e, &c));

	/* CPU_OFF asks for the hold (the fake refuses, as firmware may). */
	CHECK_EQ(psci_state_cpu_off(&st, &hold_ops, 1), PSCI_DENIED);
	CHECK(fk.last_hold);
	CHECK_EQ(st.cpu[1].rec, PSCI_REC_ON);

	/* On its way: still ON to the guest; in the hold: OFF. */
	st.cpu[1].rec = PSCI_REC_STOPPING;
	CHECK_EQ(psci_state_affinity_info(&st, &hold_ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON);
	fk.held = 1u << 1;
	CHECK_EQ(psci_state_affinity_info(&st, &hold_ops, 0, mpidrs[1], 0), PSCI_AFFINITY_OFF);
	CHECK_EQ(psci_state_affinity_info(&st, &hold_ops, 2, mpidrs[1], 0), PSCI_AFFINITY_OFF);

	/* CPU_ON releases it: no firmware CPU_ON, ON_PENDING until it is
	 * back in the guest with the entry point and context asked for. */
	CHECK_EQ(psci_state_cpu_on(&st, &hold_ops, 0, mpidrs[1], 0x40003000, 9, true),
		 PSCI_SUCCESS);
	CHECK_EQ(fk.released, 1u << 1);
	CHECK_EQ(fk.calls[PSCI_CPU_ON & 0xf], 1);
	CHECK_EQ(psci_state_affinity_info(&st, &hold_ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON_PENDING);
	CHECK_EQ(psci_state_cpu_on(&st, &hold_ops, 0, mpidrs[1], 0x40003000, 9, true),
		 PSCI_ON_PENDING);
	CHECK(psci_state_arrived(&st, &hold_ops, 1, &e, &c));
	CHECK_EQ(e, 0x40003000);
	CHECK_EQ(c, 9);
	CHECK_EQ(psci_state_affinity_info(&st, &hold_ops, 0, mpidrs[1], 0), PSCI_AFFINITY_ON);

	/* A CPU that never reaches the hold: CPU_ON waits for the bound and
	 * answers ALREADY_ON (docs/hyp-abi.md), releasing nothing. */
	st.cpu[2].rec = PSCI_REC_STOPPING;
	fk.tick = 100;
	CHECK_EQ(psci_state_cpu_on(&st, &hold_ops, 0, mpidrs[2], 0x40003000, 9, true),
		 PSCI_ALREADY_ON);
	CHECK_EQ(fk.released, 1u << 1);
	CHECK_EQ(fk.calls[PSCI_CPU_ON & 0xf], 1);
	/* Firmware's AFFINITY_INFO was asked once, by the probe. */
	CHECK_EQ(fk.calls[PSCI_AFFINITY_INFO & 0xf], aff_calls);
	CHECK_EQ(fk.locked, 0);
}

/* The same early power-off with belay's hold: STOPPING on its way, the
 * hold asked for, and OFF once the CPU is held. */
static void test_hold_parked_off_early(void)
{
	uint32_t e, c;

	setup();
	fk.no_affinity = true;
	psci_state_probe(&st, &hold_ops, 0);
	CHECK_EQ(psci_state_cpu_on(&st, &hold_ops, 0, mpidrs[1], 0x40001000, 0, true),
		 PSCI_SUCCESS);
	CHECK(psci_state_arrived(&st, &hold_ops, 1, &e, &c));
	fk.cpu_off_answer = PSCI_SUCCESS;
	psci_state_parked_off(&st, &hold_ops, 1);
	CHECK_EQ(fk.rec_at_off, PSCI_REC_STOPPING);
	CHECK(fk.last_hold);
	st.cpu[1].rec = PSCI_REC_STOPPING;	/* a real CPU_OFF does not return */
	fk.held = 1u << 1;
	CHECK_EQ(psci_state_affinity_info(&st, &hold_ops, 0, mpidrs[1], 0), PSCI_AFFINITY_OFF);
	CHECK_EQ(fk.locked, 0);
}

int main(void)
{
	RUN(test_cpu_off_refused);
	RUN(test_cpu_off_last);
	RUN(test_migrate_forwarded);
	RUN(test_started_outside_run);
	RUN(test_cpu_on_race_with_firmware);
	RUN(test_cpu_on_waits_by_time);
	RUN(test_cpu_on_parked);
	RUN(test_parked_off_early);
	RUN(test_arguments);
	RUN(test_hold_probe);
	RUN(test_hold_off_on);
	RUN(test_hold_parked_off_early);
	return check_result();
}
