/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Secondary CPUs in the test guests. CPU 0 runs main(); the others start
 * when a test powers them on with PSCI CPU_ON at one of the entries below
 * (smp_entry.S), set up their stacks and exception vectors, and wait in a
 * per-CPU mailbox for functions to run. A logical CPU number is the CPU's
 * MPIDR.Aff0, as for the stacks (layout.h); smp_init() checks that the
 * DTB's CPUs are numbered that way (QEMU virt's are, up to 8).
 *
 * A CPU enters the runtime in SVC under belay and in HYP natively (QEMU's
 * PSCI starts CPUs in the highest EL it provides); natively the entry
 * installs the mock hyp-stub and drops to SVC as crt0 does.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include "guest.h"

#define SMP_MAX_CPUS		RT_MAX_CPUS
/* The SGI that wakes a CPU waiting in its mailbox (tests use the others;
 * SGI 15 is belay's own under the vGIC). */
#define SMP_DOORBELL_SGI	14
/* A bound for every wait on another CPU: generous, since QEMU shares the
 * host with other jobs and a vCPU may not run for a while. */
#define SMP_TIMEOUT_MS		20000

/* Runs on a CPU through its mailbox; the result comes back to the caller. */
typedef uint32_t (*smp_fn_t)(uint32_t arg);

struct smp_cpu {
	uint32_t mpidr;			/* from the DTB */
	/* Written by the CPU at each entry through smp_entry_arm/thumb: */
	volatile uint32_t entries;	/* how many times it entered */
	volatile uint32_t online;	/* 1 while it serves its mailbox */
	uint32_t entry_r0;		/* the CPU_ON context id */
	uint32_t entry_cpsr;		/* CPSR as entered (MRS reads T as 0) */
	uint32_t entry_sctlr;
	uint32_t entry_thumb;		/* 1: came in through smp_entry_thumb */
	uint32_t gic_target;		/* its bit in SGI target lists */
	/* Set by another CPU before CPU_ON: armed (rt_expect_fault) from the
	 * CPU's first C on, for a fault expected while it starts; the test
	 * disarms it. */
	struct rt_fault *entry_fault;
	/* The mailbox: one requester at a time. */
	volatile uint32_t req;		/* bumped by the requester */
	volatile uint32_t done;		/* set to req by the CPU when it is done */
	smp_fn_t fn;
	uint32_t arg;
	volatile uint32_t result;
};
extern struct smp_cpu smp_cpus[SMP_MAX_CPUS];
extern unsigned int smp_nr_cpus;

/*
 * Read the CPUs from the DTB, and set up the GIC for the mailbox doorbell
 * if there is one. Returns the number of CPUs; ends the whole test if the
 * runtime cannot number them (test_missing(): a failure under belay).
 */
unsigned int smp_init(void);
/*
 * Skip the whole test unless the DTB lists at least n CPUs, with the line
 * "belay-test: skip needs N CPUs, the DTB lists M": a test run with fewer
 * CPUs than it needs does not apply. run_qemu.py fails it when QEMU was
 * given N CPUs or more, since then the guest's DTB lost some.
 */
void smp_require_cpus(unsigned int n);
static inline unsigned int smp_this_cpu(void)
{
	return read_sysreg(MPIDR) & 0xff;
}
static inline uint32_t smp_mpidr(unsigned int cpu)
{
	return smp_cpus[cpu].mpidr;
}

/* Entry points for CPU_ON (smp_entry.S). Take smp_entry_thumb's address
 * with bit 0 set. */
void smp_entry_arm(void);
void smp_entry_thumb(void);
/* Records CNTPCT as its first instructions in smp_entry_stamps[cpu] (in
 * HYP natively, in SVC under belay), then continues as smp_entry_arm. */
void smp_entry_stamp(void);
extern volatile uint64_t smp_entry_stamps[SMP_MAX_CPUS];
/* Counts its arrival in smp_off_entries[cpu] and calls PSCI CPU_OFF at
 * once (smc); should that return, the error goes to smp_off_errors[cpu]
 * and the CPU waits in WFI for good. */
void smp_entry_off(void);
extern volatile uint32_t smp_off_entries[SMP_MAX_CPUS];
extern volatile uint32_t smp_off_errors[SMP_MAX_CPUS];

/* PSCI calls, through `smc #0` (Linux's conduit on QEMU virt) or `hvc #0`. */
static inline int32_t psci_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	return (int32_t)smc_call4(fn, a1, a2, a3).r0;
}
static inline int32_t psci_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	return (int32_t)hvc_call4(fn, a1, a2, a3).r0;
}
const char *psci_ret_name(int32_t ret);

/*
 * CPU_ON of cpu at entry with context, through smc; marks it not online
 * first, so smp_wait_online() then waits for this entry.
 */
int32_t smp_cpu_on(unsigned int cpu, uint32_t entry, uint32_t context);
/* Wait (bounded) until cpu has entered more than `entries` times and
 * serves its mailbox. */
bool smp_wait_online(unsigned int cpu, uint32_t entries);
/* CPU_ON at smp_entry_arm and wait for it: PSCI_SUCCESS, a PSCI error,
 * or PSCI_INTERNAL_FAILURE if it never arrived. */
int32_t smp_boot_cpu(unsigned int cpu, uint32_t context);

/* Mailbox: run fn(arg) on cpu. */
void smp_call_async(unsigned int cpu, smp_fn_t fn, uint32_t arg);
bool smp_call_done(unsigned int cpu);
/* Wait (bounded) for the call posted last; false on timeout. */
bool smp_call_wait(unsigned int cpu, uint32_t *result);
/* Both; a timeout ends the test (the CPU is lost). */
uint32_t smp_call(unsigned int cpu, smp_fn_t fn, uint32_t arg);

/* Ask cpu to call CPU_OFF on itself (conduit: 0 smc, 1 hvc); does not
 * wait. smp_fn_cpu_off is the mailbox function, for callers that need to
 * read what a refused CPU_OFF returned. */
#define SMP_OFF_SMC	0
#define SMP_OFF_HVC	1
uint32_t smp_fn_cpu_off(uint32_t conduit);
void smp_cpu_off_async(unsigned int cpu, uint32_t conduit);
/*
 * Poll AFFINITY_INFO(cpu) (smc) until it says want, for at most ms.
 * Returns the last answer; *polls (if not NULL) counts the calls.
 */
int32_t smp_wait_affinity(unsigned int cpu, int32_t want, uint32_t *polls, uint32_t ms);
/* smp_cpu_off_async, then wait for AFFINITY_INFO OFF. */
bool smp_cpu_off(unsigned int cpu);

/* Spin (politely) until *flag == value, within the bound. */
bool smp_wait_flag(const volatile uint32_t *flag, uint32_t value);

#endif /* GUEST_SMP_H */
