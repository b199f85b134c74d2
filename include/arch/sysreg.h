/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The CP15 registers belay touches, each named once with its encoding
 * (Arm ARM DDI 0406C, B4.1 and B8.2). C reads and writes them through
 * read_sysreg()/write_sysreg() (32-bit) and read_sysreg64()/write_sysreg64()
 * (64-bit, mrrc/mcrr); assembler uses the same names with the
 * mrc/mcr/mrrc/mcrr macros at the end. Valid C and assembler.
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

/* 32-bit registers: coproc, opc1, CRn, CRm, opc2. */
#define MIDR		p15, 0, c0, c0, 0	/* Main ID */
#define MPIDR		p15, 0, c0, c0, 5	/* Multiprocessor Affinity */
#define CLIDR		p15, 1, c0, c0, 1	/* Cache Level ID */
#define CCSIDR		p15, 1, c0, c0, 0	/* Cache Size ID */
#define CSSELR		p15, 2, c0, c0, 0	/* Cache Size Selection */
#define SCTLR		p15, 0, c1, c0, 0	/* System Control (PL1) */
#define TTBR0		p15, 0, c2, c0, 0	/* Translation Table Base 0 (32-bit form) */
#define TTBCR		p15, 0, c2, c0, 2	/* Translation Table Base Control */
#define DACR		p15, 0, c3, c0, 0	/* Domain Access Control */
#define DFSR		p15, 0, c5, c0, 0	/* Data Fault Status */
#define IFSR		p15, 0, c5, c0, 1	/* Instruction Fault Status */
#define DFAR		p15, 0, c6, c0, 0	/* Data Fault Address */
#define IFAR		p15, 0, c6, c0, 2	/* Instruction Fault Address */
#define VBAR		p15, 0, c12, c0, 0	/* Vector Base Address (PL1) */
#define ATS12NSOPR	p15, 0, c7, c8, 4	/* Stages 1+2 Non-secure PL1 read translation */
#define VPIDR		p15, 4, c0, c0, 0	/* Virtualization Processor ID */
#define VMPIDR		p15, 4, c0, c0, 5	/* Virtualization MPIDR */
#define HSCTLR		p15, 4, c1, c0, 0	/* Hyp System Control */
#define HACTLR		p15, 4, c1, c0, 1	/* Hyp Auxiliary Control */
#define HCR		p15, 4, c1, c1, 0	/* Hyp Configuration */
#define HDCR		p15, 4, c1, c1, 1	/* Hyp Debug Configuration */
#define HCPTR		p15, 4, c1, c1, 2	/* Hyp Coprocessor Trap */
#define HSTR		p15, 4, c1, c1, 3	/* Hyp System Trap */
#define HTCR		p15, 4, c2, c0, 2	/* Hyp Translation Control */
#define VTCR		p15, 4, c2, c1, 2	/* Virtualization Translation Control */
#define HSR		p15, 4, c5, c2, 0	/* Hyp Syndrome */
#define HDFAR		p15, 4, c6, c0, 0	/* Hyp Data Fault Address */
#define HIFAR		p15, 4, c6, c0, 2	/* Hyp Instruction Fault Address */
#define HPFAR		p15, 4, c6, c0, 4	/* Hyp IPA Fault Address */
#define HMAIR0		p15, 4, c10, c2, 0	/* Hyp Memory Attribute Indirection 0 */
#define HMAIR1		p15, 4, c10, c2, 1	/* Hyp Memory Attribute Indirection 1 */
#define HVBAR		p15, 4, c12, c0, 0	/* Hyp Vector Base Address */
#define HTPIDR		p15, 4, c13, c0, 2	/* Hyp Software Thread ID (per-CPU base) */
#define CNTFRQ		p15, 0, c14, c0, 0	/* Counter Frequency */
#define CNTHCTL		p15, 4, c14, c1, 0	/* Counter-timer Hyp Control */
#define CNTHP_CTL	p15, 4, c14, c2, 1	/* Counter-timer Hyp Physical Timer Control */
#define CNTP_CTL	p15, 0, c14, c2, 1	/* Counter-timer Physical Timer Control (the guest's) */
#define CNTV_CTL	p15, 0, c14, c3, 1	/* Counter-timer Virtual Timer Control (the guest's) */
#define PMCR		p15, 0, c9, c12, 0	/* Performance Monitors Control */
#define PMCNTENSET	p15, 0, c9, c12, 1	/* PM Count Enable Set */
#define PMCCNTR		p15, 0, c9, c13, 0	/* PM Cycle Count */
#define PMCCFILTR	p15, 0, c14, c15, 7	/* PM Cycle Count Filter */

/* Cache and TLB maintenance (write-only operations). */
#define ICIALLU		p15, 0, c7, c5, 0	/* I-cache invalidate all to PoU */
#define BPIALL		p15, 0, c7, c5, 6	/* Branch predictor invalidate all */
#define DCIMVAC		p15, 0, c7, c6, 1	/* D-cache invalidate by MVA to PoC */
#define DCISW		p15, 0, c7, c6, 2	/* D-cache invalidate by set/way */
#define DCCMVAC		p15, 0, c7, c10, 1	/* D-cache clean by MVA to PoC */
#define DCCSW		p15, 0, c7, c10, 2	/* D-cache clean by set/way */
#define DCCIMVAC	p15, 0, c7, c14, 1	/* D-cache clean+invalidate by MVA to PoC */
#define DCCISW		p15, 0, c7, c14, 2	/* D-cache clean+invalidate by set/way */
#define TLBIMVAIS	p15, 0, c8, c3, 1	/* Invalidate TLB entry by MVA and ASID, Inner Shareable */
#define TLBIALL		p15, 0, c8, c7, 0	/* Invalidate entire unified TLB (this CPU) */
#define TLBIALLH	p15, 4, c8, c7, 0	/* Invalidate entire Hyp unified TLB */
#define TLBIALLNSNH	p15, 4, c8, c7, 4	/* Invalidate entire Non-secure non-Hyp TLB */

/* 64-bit registers: coproc, opc1, CRm. */
#define HTTBR		p15, 4, c2		/* Hyp Translation Table Base */
#define VTTBR		p15, 6, c2		/* Virtualization Translation Table Base */
#define TTBR1		p15, 1, c2		/* Translation Table Base 1 (PL1: the guest kernel's) */
#define CNTPCT		p15, 0, c14		/* Physical Count */
#define CNTVOFF		p15, 4, c14		/* Virtual Offset */
#define CNTHP_CVAL	p15, 6, c14		/* Counter-timer Hyp Physical Timer CompareValue */
#define PAR64		p15, 0, c7		/* Physical Address (64-bit view) */

#ifdef __ASSEMBLER__

	/* mrc_sysreg rt, REG  /  mcr_sysreg rt, REG (REG is a name above). */
	.macro	mrc_sysreg rt, cp, op1, crn, crm, op2
	mrc	\cp, \op1, \rt, \crn, \crm, \op2
	.endm
	.macro	mcr_sysreg rt, cp, op1, crn, crm, op2
	mcr	\cp, \op1, \rt, \crn, \crm, \op2
	.endm
	.macro	mrrc_sysreg rlo, rhi, cp, op1, crm
	mrrc	\cp, \op1, \rlo, \rhi, \crm
	.endm
	.macro	mcrr_sysreg rlo, rhi, cp, op1, crm
	mcrr	\cp, \op1, \rlo, \rhi, \crm
	.endm

#else /* C */

#include <stdint.h>

#define __stringify_1(...)	#__VA_ARGS__
#define __stringify(...)	__stringify_1(__VA_ARGS__)

#define __read_cp32(cp, op1, crn, crm, op2)				\
	({ uint32_t __v;						\
	   __asm__ volatile("mrc " __stringify(cp, op1, %0, crn, crm, op2) \
			    : "=r"(__v) : : "memory");			\
	   __v; })
#define __write_cp32(v, cp, op1, crn, crm, op2)				\
	__asm__ volatile("mcr " __stringify(cp, op1, %0, crn, crm, op2) \
			 : : "r"((uint32_t)(v)) : "memory")
#define __read_cp64(cp, op1, crm)					\
	({ uint64_t __v;						\
	   __asm__ volatile("mrrc " __stringify(cp, op1, %Q0, %R0, crm) \
			    : "=r"(__v) : : "memory");			\
	   __v; })
#define __write_cp64(v, cp, op1, crm)					\
	__asm__ volatile("mcrr " __stringify(cp, op1, %Q0, %R0, crm)	\
			 : : "r"((uint64_t)(v)) : "memory")

/* One more level of expansion so a register name becomes its tuple. */
#define __read_sysreg(...)		__read_cp32(__VA_ARGS__)
#define __write_sysreg(v, ...)		__write_cp32(v, __VA_ARGS__)
#define __read_sysreg64(...)		__read_cp64(__VA_ARGS__)
#define __write_sysreg64(v, ...)	__write_cp64(v, __VA_ARGS__)

#define read_sysreg(reg)		__read_sysreg(reg)
#define write_sysreg(v, reg)		__write_sysreg(v, reg)
#define read_sysreg64(reg)		__read_sysreg64(reg)
#define write_sysreg64(v, reg)		__write_sysreg64(v, reg)

#define isb()	__asm__ volatile("isb" : : : "memory")
#define dsb()	__asm__ volatile("dsb sy" : : : "memory")
#define dsb_ish() __asm__ volatile("dsb ish" : : : "memory")

#endif /* __ASSEMBLER__ */

/* HCR bits (B4.1.65). */
#define HCR_VM		(1u << 0)
#define HCR_SWIO	(1u << 1)
#define HCR_FMO		(1u << 3)
#define HCR_IMO		(1u << 4)
#define HCR_AMO		(1u << 5)
#define HCR_TSC		(1u << 19)

/* SCTLR bits (B4.1.130). */
#define SCTLR_M		(1u << 0)
#define SCTLR_A		(1u << 1)
#define SCTLR_C		(1u << 2)
#define SCTLR_I		(1u << 12)
#define SCTLR_V		(1u << 13)

/* PAR bits (B4.1.112): the translation faulted; the long-descriptor format. */
#define PAR_F		(1u << 0)
#define PAR_LPAE	(1u << 11)

/* HSCTLR bits (B4.1.66). */
#define HSCTLR_M	(1u << 0)
#define HSCTLR_A	(1u << 1)
#define HSCTLR_C	(1u << 2)
#define HSCTLR_I	(1u << 12)
#define HSCTLR_WXN	(1u << 19)
#define HSCTLR_RES1	((3u << 28) | (3u << 22) | (1u << 18) | (1u << 16) | (1u << 11) | (3u << 4))

/* MPIDR (B4.1.106): Aff2, Aff1 and Aff0 name the CPU; bits 31:24 (the
 * format bit, U and MT) are the same on every CPU of a system. */
#define MPIDR_AFF_MASK	0x00ffffff
#define MPIDR_AFF1_SHIFT 8

/* CNTHCTL bits: PL1 may use the physical counter and timer. */
#define CNTHCTL_PL1PCTEN (1u << 0)
#define CNTHCTL_PL1PCEN	 (1u << 1)

/* CNTHP_CTL bits (B8.2.5): the HYP timer. */
#define CNTHP_CTL_ENABLE (1u << 0)
#define CNTHP_CTL_IMASK	 (1u << 1)

/* CPSR / SPSR. */
#define PSR_MODE_MASK	0x1f
#define PSR_MODE_USR	0x10
#define PSR_MODE_FIQ	0x11
#define PSR_MODE_IRQ	0x12
#define PSR_MODE_SVC	0x13
#define PSR_MODE_ABT	0x17
#define PSR_MODE_HYP	0x1a
#define PSR_MODE_UND	0x1b
#define PSR_T		(1u << 5)
#define PSR_F		(1u << 6)
#define PSR_I		(1u << 7)
#define PSR_A		(1u << 8)
#define PSR_E		(1u << 9)

/* HSR exception classes (B3.13.6). */
#define HSR_EC_SHIFT	26
#define HSR_EC_UNKNOWN	0x00
#define HSR_EC_WFI	0x01
#define HSR_EC_CP15_32	0x03
#define HSR_EC_CP15_64	0x04
#define HSR_EC_CP14_MR	0x05
#define HSR_EC_CP14_LS	0x06
#define HSR_EC_CP10_ID	0x08
#define HSR_EC_CP14_64	0x0c
#define HSR_EC_SVC	0x11
#define HSR_EC_HVC	0x12
#define HSR_EC_SMC	0x13
#define HSR_EC_PABT	0x20
#define HSR_EC_PABT_HYP	0x21
#define HSR_EC_DABT	0x24
#define HSR_EC_DABT_HYP	0x25
#define HSR_IL		(1u << 25)

#endif /* ARCH_SYSREG_H */
