/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's per-CPU PSCI power records and the decisions made from them
 * (hyp/psci_state.c). Pure logic: firmware, the counter, the lock and the
 * CPU's own power-down are reached through struct psci_ops, so the host
 * unit tests (tests/unit/test_psci_state.c) can play firmware, including
 * firmware that refuses CPU_OFF, which QEMU's never does.
 */
#ifndef HYP_PSCI_STATE_H
#define HYP_PSCI_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/limits.h>

/* What belay believes about one CPU's power. */
enum psci_rec {
	PSCI_REC_OFF,		/* powered down */
	PSCI_REC_ON,		/* running, under belay or not */
	PSCI_REC_ON_PENDING,	/* firmware is starting it for a CPU_ON belay did not make */
	PSCI_REC_STARTING,	/* belay's CPU_ON: firmware accepted, guest not yet entered */
	PSCI_REC_STOPPING,	/* belay's CPU_OFF: on its way into firmware CPU_OFF or belay's hold */
};

struct psci_ops {
	void *ctx;
	/* A firmware PSCI call (`smc #0` from HYP); r0 of the answer. */
	int32_t (*fw_call)(void *ctx, uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
	/*
	 * Power the calling CPU `self` down: tear belay down on it and call
	 * firmware CPU_OFF, or with `hold` wait in belay's hold instead
	 * (ops->release starts it again; never returns). Returns only if
	 * firmware refused, with the CPU back in RUN, and firmware's answer.
	 */
	int32_t (*cpu_off)(void *ctx, unsigned int self, bool hold);
	/* Only used with psci_state.hold: is CPU t in belay's hold (past
	 * the point of no return), and start it from there at belay's
	 * secondary entry, as firmware CPU_ON would. */
	bool (*held)(void *ctx, unsigned int t);
	void (*release)(void *ctx, unsigned int t);
	uint64_t (*now)(void *ctx);	/* a free-running counter (CNTPCT) */
	/*
	 * Optional (NULL: never). If CPU t, recorded ON, is parked by a
	 * kernel that is dead (hyp/capture.c), reclaim(t) asks it to power
	 * itself off and returns 0; it then calls psci_state_parked_off().
	 * Otherwise (not parked, or it cannot be asked) nonzero.
	 */
	int (*reclaim)(void *ctx, unsigned int t);
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
};

struct psci_state {
	bool fw;			/* firmware PSCI is usable */
	/* Firmware cannot say that a CPU is off (no AFFINITY_INFO): CPUs the
	 * guest turns off wait in belay's hold, not in firmware. */
	bool hold;
	unsigned int nr_cpus;
	const uint32_t *mpidr;		/* by logical CPU, [0] = boot CPU */
	uint32_t secondary_entry;	/* where firmware starts CPUs for belay */
	uint64_t wait_ticks;		/* bound of every wait, in counter ticks */
	struct {
		enum psci_rec rec;
		uint32_t entry;		/* CPU_ON entry point (bit 0: Thumb) */
		uint32_t context;	/* CPU_ON context id, for r0 */
	} cpu[MAX_CPUS];
};

/* CPU 0 (the boot CPU) ON, every other CPU OFF. */
void psci_state_init(struct psci_state *st, bool fw, unsigned int nr_cpus, const uint32_t *mpidr,
		     uint32_t secondary_entry, uint64_t wait_ticks);
int psci_state_index_of(const struct psci_state *st, uint32_t mpidr);
/* Ask firmware's AFFINITY_INFO about the calling CPU `self`; no answer
 * (U-Boot's PSCI has none) sets st->hold. */
void psci_state_probe(struct psci_state *st, const struct psci_ops *ops, unsigned int self);

/* The guest's PSCI calls in RUN on CPU `self`; results as DEN0022 says. */
int32_t psci_state_cpu_on(struct psci_state *st, const struct psci_ops *ops, unsigned int self,
			  uint32_t target, uint32_t entry, uint32_t context, bool entry_ok);
int32_t psci_state_cpu_off(struct psci_state *st, const struct psci_ops *ops, unsigned int self);
int32_t psci_state_affinity_info(struct psci_state *st, const struct psci_ops *ops,
				 unsigned int self, uint32_t target, uint32_t level);
int32_t psci_state_migrate_info_type(struct psci_state *st, const struct psci_ops *ops);
int32_t psci_state_migrate_info_up_cpu(struct psci_state *st, const struct psci_ops *ops);

/*
 * A parked CPU that belay reclaims (for a CPU_ON, ops->reclaim, or when a
 * new kernel starts) powers itself off: record STOPPING, ops->cpu_off.
 * Returns only if firmware refused, with the CPU back in RUN and its
 * record ON.
 */
int32_t psci_state_parked_off(struct psci_state *st, const struct psci_ops *ops, unsigned int self);

/*
 * A CPU that belay's CPU_ON started arrives in RUN: record it ON. Returns
 * false if no CPU_ON of belay's was pending for it; otherwise the entry
 * point and context id the guest asked for.
 */
bool psci_state_arrived(struct psci_state *st, const struct psci_ops *ops, unsigned int self,
			uint32_t *entry, uint32_t *context);

#endif /* HYP_PSCI_STATE_H */
