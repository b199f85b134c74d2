/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Checks of the hyp-stub ABI (docs/hyp-abi.md) shared by the abi_* guests: the
 * calls whose answer is the same in STUB and RUN, register preservation,
 * and the state helpers.
 */
#ifndef GUEST_ABI_COMMON_H
#define GUEST_ABI_COMMON_H

#include "guest.h"
#include "hyp_helpers.h"

/* belay's HYP vectors, from GET_VECTORS at the start (abi_init). */
extern uint32_t belay_vectors;

/* Require belay, read its vectors, check the CPU is in RUN. */
void abi_init(void);

/* A 32-byte aligned address in guest RAM that is not ours to lose (the
 * foreign vector table is the natural one). */
uint32_t abi_aligned_ram_addr(void);

/*
 * Every call whose answer does not depend on STUB vs RUN, except the state
 * changing ones: GET_VECTORS, GET_STATE (== state), unknown codes and HVC
 * immediates, SET_VECTORS misaligned / outside RAM / inside belay, SMCCC
 * version, belay's vendor calls, unknown SMCCC IDs, PSCI via hvc and smc.
 * With c->quiet, checks only count (the transient loop); with
 * check_state_after, GET_STATE is asserted after every call as well.
 */
void abi_check_common(struct checker *c, uint32_t state, bool check_state_after);

/*
 * Register preservation of one call (conduit, r0 = fn, r1 = arg1):
 * r1-r12 (r<nret>-r12 when the call returns values in r0-r3: the contract
 * lets UID, REVISION and MEM_INFO use all of r1-r3), lr, LR_usr (Hyp mode
 * shares it), sp, SP_usr and the flags must survive; r0 must be expect_r0
 * unless that is ANY_R0.
 */
bool abi_regs_preserved(struct checker *c, const char *what, int conduit,
			uint32_t fn, uint32_t arg1, int nret, uint32_t expect_r0);
#define CONDUIT_HVC0	0
#define CONDUIT_SMC0	1
#define CONDUIT_HVC1	2
/* expect_r0 that means "don't care". */
#define ANY_R0		0x0badbad0

/* Register preservation for every call of abi_check_common. */
void abi_check_regs(struct checker *c, uint32_t state);

/* RESET_VECTORS from RUN (-> STUB) and LAUNCH from STUB (-> RUN), checked. */
bool abi_to_stub(struct checker *c);
bool abi_to_run(struct checker *c);

/*
 * The transient states (INIT, TEARDOWN) must never be observable: `cycles`
 * RESET_VECTORS/LAUNCH cycles from RUN, every call of abi_check_common
 * (quietly, into q) in between with GET_STATE after each. Returns the
 * number of transitions that did not complete (wrong return value or
 * state); q->fails counts the rest. Starts and ends in RUN.
 */
unsigned int abi_transient_cycles(struct checker *q, int cycles);

/*
 * One SET_VECTORS round from STUB: install foreign_hyp_vectors
 * (-> FOREIGN), check every hvc lands there, in HYP with the MMU off, and
 * that the smc still reaches the firmware; their RESET_VECTORS hands HYP
 * back (-> STUB). Returns false if SET_VECTORS was refused (the CPU then
 * is still in STUB).
 */
bool abi_foreign_round(struct checker *c);

/*
 * SOFT_RESTART from RUN (from_run) or STUB to sr_target_arm or
 * sr_target_thumb with r2-r12 patterns from seed: the target must run in
 * HYP with A/I/F masked, HSCTLR.M/C/I off, r2-r12 intact, HVBAR = belay's
 * vectors and, from RUN, the full teardown; back in SVC the CPU is in
 * STUB. Ends with BELAY_LAUNCH, in RUN.
 */
void abi_soft_restart_round(struct checker *c, bool from_run, bool thumb, uint32_t seed);

#endif /* GUEST_ABI_COMMON_H */
