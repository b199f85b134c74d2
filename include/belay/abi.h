/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's guest-visible ABI: the hyp-stub calls every 32-bit ARM kernel
 * knows, the SMCCC calls belay answers, and the per-CPU states. This header
 * is shared by belay, its test guests and docs/hyp-abi.md; change them
 * together. It is valid C and assembler.
 *
 * Every call is `hvc #0` with the function code in r0. Results come back in
 * r0 (and r1-r3 where a call says so); all other registers are preserved.
 */
#ifndef BELAY_ABI_H
#define BELAY_ABI_H

/* The hyp-stub ABI (Linux arch/arm/include/asm/virt.h). */
#define HVC_SET_VECTORS		0	/* r1 = vectors (PA, 32-byte aligned) */
#define HVC_SOFT_RESTART	1	/* r1 = address in HYP, bit 0 = Thumb */
#define HVC_RESET_VECTORS	2	/* tear belay down on this CPU */
#define HVC_GET_VECTORS		0xffffffff /* legacy: r0 = HVBAR */
#define HVC_STUB_ERR		0xbadca11  /* returned in r0 on error */

/* The exact HSR of `hvc #0` from the guest: EC 0x12, IL 1, imm16 0. */
#define HSR_HVC0		0x4a000000

/* SMC Calling Convention (Arm DEN0028) values belay uses. */
#define SMCCC_FAST_CALL		0x80000000
#define SMCCC_OEN_SHIFT		24
#define SMCCC_OEN_MASK		0x3f
#define SMCCC_VERSION		0x80000000
#define SMCCC_ARCH_FEATURES	0x80000001
#define SMCCC_VERSION_1_1	0x10001
#define SMCCC_NOT_SUPPORTED	(-1)
#define SMCCC_INVALID_PARAMETER	(-3)

/*
 * belay's vendor-specific hypervisor service (SMCCC OEN 6, fast SMC32
 * calls 0x86000000-0x8600ffff), reachable with `hvc #0` in every belay
 * state (not while FOREIGN: then HYP is someone else's).
 */
#define BELAY_SVC_BASE		0x86000000
#define BELAY_CALL_COUNT	0x8600ff00 /* r0 = number of calls */
#define BELAY_CALL_UID		0x8600ff01 /* r0-r3 = BELAY_UID_0..3 */
#define BELAY_CALL_REVISION	0x8600ff03 /* r0 = major, r1 = minor */
#define BELAY_LAUNCH		0x86000001 /* STUB: re-launch belay, -> RUN */
#define BELAY_GET_STATE		0x86000002 /* r0 = this CPU's state */
#define BELAY_MEM_INFO		0x86000003 /* r0 = free pages, r1 = total */
/*
 * Test hooks for belay's own interrupts (vGIC only, RUN; else -1):
 * BELAY_TEST_HYP_TIMER r1 = CPU index, r2 = delay in microseconds: arm
 * that CPU's HYP timer (another CPU: through belay's SGI) with a callback
 * that counts; BELAY_TEST_COUNT r1 = CPU index: r0 = 0, r1 = HYP-timer
 * callbacks run there, r2 = cross-CPU calls run there.
 */
#define BELAY_TEST_HYP_TIMER	0x86000004
#define BELAY_TEST_COUNT	0x86000005
/*
 * Crash injection (docs/hyp-abi.md, docs/kdump.md), in RUN only (else -1):
 * BELAY_CRASH_ARM r1 = trigger (BELAY_CRASH_AT_*), r2 = target CPU index,
 * r3 = the trigger's argument (microseconds from the call for DEADLINE;
 * k, the k-th event, counted from 1 after arming, for the event triggers;
 * for WHILE_STATE (cpu << 8) | BELAY_STATE_*, any state but FOREIGN),
 * r4 = delivery (BELAY_CRASH_SEA or BELAY_CRASH_UNDEF). r0 = 0, -3 for a
 * bad argument, or -1 for a DEADLINE without belay's HYP timer
 * (belay.gic=passthrough). One crash is armed at a time: arming again
 * replaces it. BELAY_CRASH_DISARM: r0 = 0; nothing armed or fired is
 * injected any more. BELAY_CRASH_STATUS: r0 = 0, r1 = 1 while a crash is
 * armed, r2 = events of its trigger seen so far, r3 = crashes injected
 * since boot.
 */
#define BELAY_CRASH_ARM		0x86000006
#define BELAY_CRASH_DISARM	0x86000007
#define BELAY_CRASH_STATUS	0x86000008
#define BELAY_CRASH_AT_DEADLINE		0
#define BELAY_CRASH_AT_CPU_ON		1
#define BELAY_CRASH_AT_CPU_OFF		2
#define BELAY_CRASH_AT_AFFINITY_INFO	3
#define BELAY_CRASH_AT_RESET_VECTORS	4
#define BELAY_CRASH_AT_LAUNCH		5
#define BELAY_CRASH_AT_WHILE_STATE	6
#define BELAY_CRASH_SEA		0
#define BELAY_CRASH_UNDEF	1
#define BELAY_NR_CALLS		11

/* The service's UID, as the four words BELAY_CALL_UID returns in r0-r3. */
#define BELAY_UID_0		0x7d3d6c1e
#define BELAY_UID_1		0x4b1f5f0a
#define BELAY_UID_2		0x620e9a0e
#define BELAY_UID_3		0x01796c65
#define BELAY_REVISION_MAJOR	1
#define BELAY_REVISION_MINOR	2	/* 1.1: the vGIC test hooks; 1.2: crash injection */

/* Returned by BELAY_LAUNCH when belay already runs on this CPU. */
#define BELAY_ERR_ALREADY_RUNNING	(-4)

/* Per-CPU states, as BELAY_GET_STATE reports them (docs/hyp-abi.md). */
#define BELAY_STATE_OFF		0
#define BELAY_STATE_STUB	1
#define BELAY_STATE_INIT	2
#define BELAY_STATE_RUN		3
#define BELAY_STATE_TEARDOWN	4
#define BELAY_STATE_FOREIGN	5

/*
 * The VMID (VTTBR.VMID) the guest runs under, the same in every state:
 * with Stage-2 off (STUB) the guest's stage-1 TLB entries are still tagged
 * with it, and a broadcast TLB invalidate reaches only entries of the
 * issuer's VMID, so CPUs in STUB and RUN must share one. Code that gets
 * HYP from belay (SOFT_RESTART, SET_VECTORS) finds it in VTTBR.
 */
#define BELAY_VMID		1

/* PSCI (Arm DEN0022) function IDs, 32-bit calling convention. */
#define PSCI_VERSION		0x84000000
#define PSCI_CPU_SUSPEND	0x84000001
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON		0x84000003
#define PSCI_AFFINITY_INFO	0x84000004
#define PSCI_MIGRATE		0x84000005
#define PSCI_MIGRATE_INFO_TYPE	0x84000006
#define PSCI_MIGRATE_INFO_UP_CPU 0x84000007
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009
#define PSCI_FEATURES		0x8400000a

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)
#define PSCI_NOT_PRESENT	(-7)
#define PSCI_DISABLED		(-8)
#define PSCI_INVALID_ADDRESS	(-9)

#define PSCI_AFFINITY_ON	0
#define PSCI_AFFINITY_OFF	1
#define PSCI_AFFINITY_ON_PENDING 2

#endif /* BELAY_ABI_H */
