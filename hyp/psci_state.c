/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's PSCI power records (include/hyp/psci_state.h). The guest's PSCI
 * in RUN is answered from them, and they must stay true in every state:
 * outside RUN the guest's `smc` reaches firmware directly (and belay
 * forwards its PSCI `hvc`s there), so CPUs can be started and stopped
 * without belay seeing it. Firmware knows the truth about power; before
 * belay answers anything about another CPU, it asks firmware's
 * AFFINITY_INFO unless the CPU is in the middle of one of belay's own
 * transitions (refresh()). Every call here runs in RUN, with the HYP MMU
 * on, under ops->lock except where it waits or powers down.
 *
 * Firmware without AFFINITY_INFO (U-Boot's PSCI) cannot say when a CPU
 * that called its CPU_OFF is off, and a CPU_ON before then is unsafe:
 * U-Boot's sunxi CPU_ON restarts its target whatever it is doing and
 * never answers ALREADY_ON, while CPU 0, whenever it takes the FIQ that
 * CPU_OFF sent it, still powers the target down at its next WFI; no wait
 * or retry can see that window end (docs/design.md, "PSCI without
 * AFFINITY_INFO"). belay then never calls
 * firmware CPU_OFF: a CPU the guest turns off waits in belay's own hold
 * (st->hold), and is OFF to the guest once it is there, which belay sees
 * itself; CPU_ON of it releases it.
 */
#include <belay/abi.h>
#include <hyp/log.h>
#include <hyp/psci_state.h>

/* DEN0022 5.1.4: "Trusted OS is not present or does not require migration". */
#define PSCI_TOS_NOT_PRESENT_MP	2
/* A reclaimed parked CPU gets this many CPU_OFF waits to reach firmware. */
#define RECLAIM_WAIT_FACTOR	10

void psci_state_init(struct psci_state *st, bool fw, unsigned int nr_cpus, const uint32_t *mpidr,
		     uint32_t secondary_entry, uint64_t wait_ticks)
{
	st->fw = fw;
	st->hold = false;
	st->nr_cpus = nr_cpus;
	st->mpidr = mpidr;
	st->secondary_entry = secondary_entry;
	st->wait_ticks = wait_ticks;
	for (unsigned int i = 0; i < MAX_CPUS; i++) {
		st->cpu[i].rec = i == 0 ? PSCI_REC_ON : PSCI_REC_OFF;
		st->cpu[i].entry = 0;
		st->cpu[i].context = 0;
	}
}

void psci_state_probe(struct psci_state *st, const struct psci_ops *ops, unsigned int self)
{
	/* DEN0022 makes AFFINITY_INFO mandatory from PSCI 0.2; about the
	 * calling CPU, firmware that has it answers ON (0). */
	st->hold = st->fw && ops->fw_call(ops->ctx, PSCI_AFFINITY_INFO, st->mpidr[self], 0, 0) < 0;
}

int psci_state_index_of(const struct psci_state *st, uint32_t mpidr)
{
	for (unsigned int i = 0; i < st->nr_cpus; i++)
		if (st->mpidr[i] == mpidr)
			return (int)i;
	return -1;
}

/* The caller runs the guest in RUN: it is ON, whatever the record said
 * (it may have been started outside RUN and then launched belay). */
static void self_on(struct psci_state *st, unsigned int self)
{
	st->cpu[self].rec = PSCI_REC_ON;
}

/*
 * Bring the record of CPU t (not the caller) in line with firmware.
 * Called with the lock held. belay's own CPU_ON in flight (STARTING) is
 * left alone: firmware says ON or ON_PENDING for it, and the guest must
 * see ON_PENDING until it is entered. A CPU in belay's CPU_OFF (STOPPING)
 * becomes OFF once firmware says so.
 */
/* A CPU started or stopped behind belay's back; one format for both lines. */
#define OUTSIDE_RUN "cpu%u was %s without belay (PSCI outside RUN): %s %s"

static void refresh(struct psci_state *st, const struct psci_ops *ops, unsigned int t)
{
	enum psci_rec old = st->cpu[t].rec, rec = old;
	int32_t fw;

	if (!st->fw || old == PSCI_REC_STARTING)
		return;
	if (st->hold) {
		/* No firmware to ask: only belay's own CPU_OFF can end. */
		if (old == PSCI_REC_STOPPING && ops->held(ops->ctx, t))
			st->cpu[t].rec = PSCI_REC_OFF;
		return;
	}
	fw = ops->fw_call(ops->ctx, PSCI_AFFINITY_INFO, st->mpidr[t], 0, 0);
	if (fw == PSCI_AFFINITY_OFF)
		rec = PSCI_REC_OFF;
	else if (old == PSCI_REC_STOPPING)
		return;			/* not there yet */
	else if (fw == PSCI_AFFINITY_ON)
		rec = PSCI_REC_ON;
	else if (fw == PSCI_AFFINITY_ON_PENDING)
		rec = PSCI_REC_ON_PENDING;
	else
		return;			/* firmware has no answer: keep ours */
	if (rec == old)
		return;
	st->cpu[t].rec = rec;
	if (old != PSCI_REC_STOPPING)
		NOTICE(OUTSIDE_RUN, t, rec == PSCI_REC_OFF ? "turned off" : "started", "record now",
		       rec == PSCI_REC_OFF ? "OFF" : rec == PSCI_REC_ON ? "ON" : "ON_PENDING");
}

static int32_t affinity_of(enum psci_rec rec)
{
	switch (rec) {
	case PSCI_REC_OFF:
		return PSCI_AFFINITY_OFF;
	case PSCI_REC_ON_PENDING:
	case PSCI_REC_STARTING:
		return PSCI_AFFINITY_ON_PENDING;
	case PSCI_REC_ON:
	case PSCI_REC_STOPPING:		/* still running until firmware has it */
	default:
		return PSCI_AFFINITY_ON;
	}
}

int32_t psci_state_cpu_on(struct psci_state *st, const struct psci_ops *ops, unsigned int self,
			  uint32_t target, uint32_t entry, uint32_t context, bool entry_ok)
{
	int t = psci_state_index_of(st, target);
	uint64_t start, bound = st->wait_ticks;
	bool reclaimed = false;
	int32_t ret;

	if (t < 0)
		return PSCI_INVALID_PARAMETERS;
	if (!entry_ok)
		return PSCI_INVALID_ADDRESS;
	if (!st->fw)
		return PSCI_NOT_SUPPORTED;

	/*
	 * A CPU the guest has just turned off through belay may still be on
	 * its way into firmware CPU_OFF. Wait for it, bounded in time (with
	 * interrupts masked: keep the bound short), then answer as firmware
	 * has it.
	 */
	start = ops->now(ops->ctx);
	for (;;) {
		ops->lock(ops->ctx);
		self_on(st, self);
		if ((unsigned int)t != self)
			refresh(st, ops, (unsigned int)t);
		/*
		 * A CPU that a dead kernel left parked is ON to firmware but
		 * nobody's: belay makes it power itself off, and this CPU_ON
		 * then starts it like any CPU that is off (docs/kdump.md,
		 * "SMP capture kernels"). It has longer than a CPU_OFF in
		 * flight: it first has to take belay's SGI.
		 */
		if (!reclaimed && (unsigned int)t != self && st->cpu[t].rec == PSCI_REC_ON &&
		    ops->reclaim && ops->reclaim(ops->ctx, (unsigned int)t) == 0) {
			st->cpu[t].rec = PSCI_REC_STOPPING;
			reclaimed = true;
			bound = st->wait_ticks * RECLAIM_WAIT_FACTOR;
		}
		if (st->cpu[t].rec != PSCI_REC_STOPPING ||
		    ops->now(ops->ctx) - start >= bound)
			break;
		ops->unlock(ops->ctx);
	}
	switch (st->cpu[t].rec) {
	case PSCI_REC_OFF:
		break;
	case PSCI_REC_ON_PENDING:
	case PSCI_REC_STARTING:
		ops->unlock(ops->ctx);
		return PSCI_ON_PENDING;
	case PSCI_REC_STOPPING:
		CPU_WARN(self, "CPU_ON of cpu%u, not yet off%s: ALREADY_ON",
		     (unsigned int)t, reclaimed ? " (a parked CPU, reclaimed)" : "");
		/* fall through */
	default:
		ops->unlock(ops->ctx);
		return PSCI_ALREADY_ON;
	}
	st->cpu[t].rec = PSCI_REC_STARTING;
	st->cpu[t].entry = entry;
	st->cpu[t].context = context;
	/* A CPU in belay's hold is not off to firmware: belay starts it. */
	if (st->hold && ops->held(ops->ctx, (unsigned int)t)) {
		ops->release(ops->ctx, (unsigned int)t);
		ret = PSCI_SUCCESS;
		goto unlock;
	}
	ops->unlock(ops->ctx);

	ret = ops->fw_call(ops->ctx, PSCI_CPU_ON, target, st->secondary_entry, (uint32_t)t);

	ops->lock(ops->ctx);
	switch (ret) {
	case PSCI_SUCCESS:
		break;		/* the target records itself ON (psci_state_arrived()) */
	case PSCI_ALREADY_ON:
	case PSCI_ON_PENDING:
		/* Started outside RUN since refresh() asked: firmware's answer
		 * is the truth, and the guest's. */
		NOTICE(OUTSIDE_RUN, (unsigned int)t, "started", "firmware says", ret == PSCI_ALREADY_ON ? "ALREADY_ON" : "ON_PENDING");
		st->cpu[t].rec = ret == PSCI_ALREADY_ON ? PSCI_REC_ON : PSCI_REC_ON_PENDING;
		break;
	default:
		CPU_WARN(self, "firmware CPU_ON of MPIDR %08x failed (%d)", (unsigned)target,
		     (int)ret);
		st->cpu[t].rec = PSCI_REC_OFF;
		ret = PSCI_INTERNAL_FAILURE;
		break;
	}
unlock:
	ops->unlock(ops->ctx);
	return ret;
}

bool psci_state_arrived(struct psci_state *st, const struct psci_ops *ops, unsigned int self,
			uint32_t *entry, uint32_t *context)
{
	bool ours;

	ops->lock(ops->ctx);
	ours = st->cpu[self].rec == PSCI_REC_STARTING;
	st->cpu[self].rec = PSCI_REC_ON;
	*entry = st->cpu[self].entry;
	*context = st->cpu[self].context;
	ops->unlock(ops->ctx);
	return ours;
}

/*
 * The caller powers itself off; its record is locked (the lock is dropped
 * here). Marked STOPPING, so that firmware's OFF (or belay's hold) is
 * taken as belay's own doing. Returns only if firmware refused (TF-A
 * answers DENIED on the core a Trusted OS lives on): the CPU is back in
 * RUN, and so is its record.
 */
static int32_t off_self(struct psci_state *st, const struct psci_ops *ops, unsigned int self)
{
	int32_t ret;

	st->cpu[self].rec = PSCI_REC_STOPPING;
	ops->unlock(ops->ctx);
	ret = ops->cpu_off(ops->ctx, self, st->hold);
	ops->lock(ops->ctx);
	st->cpu[self].rec = PSCI_REC_ON;
	ops->unlock(ops->ctx);
	CPU_WARN(self, "firmware refused CPU_OFF (%d): back in RUN", (int)ret);
	return ret;
}

int32_t psci_state_cpu_off(struct psci_state *st, const struct psci_ops *ops, unsigned int self)
{
	unsigned int others_on = 0;
	int32_t ret;

	ops->lock(ops->ctx);
	self_on(st, self);
	for (unsigned int i = 0; i < st->nr_cpus; i++) {
		if (i == self)
			continue;
		refresh(st, ops, i);
		/* A CPU in belay's CPU_OFF counts as off: two last CPUs
		 * turning themselves off at once must not both succeed. */
		if (st->cpu[i].rec != PSCI_REC_OFF && st->cpu[i].rec != PSCI_REC_STOPPING)
			others_on++;
	}
	/* Turning the last CPU off would leave a machine nobody can wake:
	 * refuse, as DEN0022 allows (5.5.2). */
	if (!others_on || !st->fw) {
		ops->unlock(ops->ctx);
		return PSCI_DENIED;
	}
	/* The guest gets firmware's error: a CPU_OFF that returns is never
	 * SUCCESS. */
	ret = off_self(st, ops, self);
	return ret < 0 ? ret : PSCI_INTERNAL_FAILURE;
}

/* A CPU_ON that asked marked it STOPPING already; one at a new kernel's
 * start did not. If firmware refuses, the CPU_ON waiting for this CPU
 * answers ALREADY_ON. */
int32_t psci_state_parked_off(struct psci_state *st, const struct psci_ops *ops, unsigned int self)
{
	ops->lock(ops->ctx);
	return off_self(st, ops, self);
}

int32_t psci_state_affinity_info(struct psci_state *st, const struct psci_ops *ops,
				 unsigned int self, uint32_t target, uint32_t level)
{
	int t = psci_state_index_of(st, target);
	int32_t affinity;

	if (level != 0 || t < 0)
		return PSCI_INVALID_PARAMETERS;
	ops->lock(ops->ctx);
	self_on(st, self);
	if ((unsigned int)t != self)
		refresh(st, ops, (unsigned int)t);
	affinity = affinity_of(st->cpu[t].rec);
	ops->unlock(ops->ctx);
	return affinity;
}

/*
 * Migration is firmware's business (a Trusted OS lives there, not in
 * belay): pass both questions on. Without firmware there is no Trusted OS.
 */
int32_t psci_state_migrate_info_type(struct psci_state *st, const struct psci_ops *ops)
{
	if (!st->fw)
		return PSCI_TOS_NOT_PRESENT_MP;
	return ops->fw_call(ops->ctx, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
}

int32_t psci_state_migrate_info_up_cpu(struct psci_state *st, const struct psci_ops *ops)
{
	if (!st->fw)
		return PSCI_NOT_SUPPORTED;
	return ops->fw_call(ops->ctx, PSCI_MIGRATE_INFO_UP_CPU, 0, 0, 0);
}
