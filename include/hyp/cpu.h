/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Per-CPU data. Each CPU owns one struct percpu: a HYP stack with its
 * struct cpu directly above it, so that the stack top is &cpu.
 *
 * belay finds a CPU's block from its MPIDR, never from SP_hyp or HTPIDR:
 * code that belay hands HYP to (a SOFT_RESTART target, foreign vectors)
 * may move both and give the CPU back with belay's vectors installed.
 * hyp_cpu_table, in belay's text next to the vectors, maps MPIDR[23:0] to
 * the stack top; hyp/vectors.S reads it PC-relative (find_cpu_stack) on
 * every slow-path entry, so each trap starts on the CPU's own empty stack
 * and frame_cpu() is the trusted block, and this_cpu() reads the same
 * table. HTPIDR is still set to the block when a CPU starts, as a hint in
 * panic reports only.
 *
 * The fields read with the HYP MMU off (in STUB state) are written either
 * before the first MMU enable or by this CPU with its caches cleaned
 * afterwards (hyp/teardown.S); see docs/design.md.
 */
#ifndef HYP_CPU_H
#define HYP_CPU_H

#include <arch/sysreg.h>
#include <hyp/cache.h>

#define HYP_STACK_SIZE	4096
/* sizeof(struct cpu), one cache line, and of struct percpu (checked below). */
#define CPU_SIZE	CACHE_LINE
#define PERCPU_SIZE	(HYP_STACK_SIZE + CPU_SIZE)

/*
 * hyp_cpu_table's index is Aff1 * 16 + Aff0, for CPUs with Aff2 = 0,
 * Aff1 < 4 and Aff0 < 16 (four clusters of up to 16 CPUs, far more than
 * GICv2's 8), at 4 bytes an entry: 256 bytes of text. A CPU outside it
 * cannot run under belay (number_cpus() in hyp/main.c).
 */
#define CPU_TABLE_ENTRIES	64
/* MPIDR[23:0] values with an entry are below this, with Aff0 < 16. */
#define CPU_TABLE_AFF_LIMIT	(4 << MPIDR_AFF1_SHIFT)


/* Offsets in struct frame. */
#define FRAME_ELR	0
#define FRAME_SPSR	4
#define FRAME_R0	8
#define FRAME_SIZE	64

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stddef.h>

/* The table index of an MPIDR that cpu_table_fits(). */
static inline unsigned int cpu_table_index(uint32_t mpidr)
{
	return ((mpidr >> (MPIDR_AFF1_SHIFT - 4)) & 0x30) | (mpidr & 0xf);
}

/* Guest registers saved by the slow trap path, on the HYP stack. */
struct frame {
	uint32_t elr;		/* ELR_hyp: where the guest resumes */
	uint32_t spsr;		/* SPSR_hyp: the guest's CPSR */
	uint32_t r[13];		/* r0-r12 */
	uint32_t lr;		/* LR_usr: shared between Hyp and User/System */
};

struct cpu {
	/*
	 * BELAY_STATE_*, written only by this CPU. FOREIGN is never
	 * recorded: belay's code does not run on a CPU while foreign vectors
	 * hold it, and when it runs again the CPU is in STUB.
	 */
	volatile uint32_t state;
	uint32_t index;		/* logical CPU number */
	uint32_t mpidr;
	uint32_t pad[CPU_SIZE / 4 - 3];	/* one cache line */
};

/*
 * Cache-line aligned and a whole number of lines, so that maintenance of
 * one CPU's block by address never touches a neighbour's (hyp/teardown.S,
 * cpu_launch()).
 */
struct percpu {
	uint8_t stack[HYP_STACK_SIZE];
	struct cpu cpu;
} __attribute__((aligned(CACHE_LINE)));

_Static_assert(HYP_STACK_SIZE % 8 == 0, "the stack top (&cpu) is 8-byte aligned (AAPCS)");
_Static_assert(CPU_TABLE_AFF_LIMIT == 0x400 && CPU_TABLE_ENTRIES == 0x40,
	       "find_cpu_stack's cmp and and take them as immediates");
_Static_assert(sizeof(struct cpu) == CPU_SIZE && CPU_SIZE == CACHE_LINE,
	       "struct cpu is one cache line");
_Static_assert(sizeof(struct percpu) == PERCPU_SIZE && PERCPU_SIZE % CACHE_LINE == 0 &&
	       _Alignof(struct percpu) == CACHE_LINE &&
	       offsetof(struct percpu, cpu) == HYP_STACK_SIZE,
	       "PERCPU_SIZE: struct percpu is whole cache lines, struct cpu on top");
_Static_assert(offsetof(struct frame, elr) == FRAME_ELR, "FRAME_ELR");
_Static_assert(offsetof(struct frame, spsr) == FRAME_SPSR, "FRAME_SPSR");
_Static_assert(offsetof(struct frame, r) == FRAME_R0, "FRAME_R0");
_Static_assert(sizeof(struct frame) == FRAME_SIZE, "FRAME_SIZE");

extern struct percpu percpu[];

/*
 * hyp/vectors.S, in belay's text: written by cpu_tables_init() on the boot
 * CPU with the HYP MMU off, before any MMU is on or any other CPU runs;
 * read-only (mapped RX) afterwards.
 */
extern uintptr_t hyp_cpu_table[CPU_TABLE_ENTRIES];	/* &percpu[i].cpu, or 0 */
extern uint32_t hyp_setvec_window[2];	/* SET_VECTORS fast path: base, 32-byte slots */

static inline struct cpu *frame_cpu(struct frame *f)
{
	/* The slow path pushes the frame onto the empty stack that
	 * hyp_cpu_table names for this CPU: struct cpu is right above. */
	return (struct cpu *)(f + 1);
}

/* The per-CPU block (stack and struct cpu) that cpu belongs to. */
static inline struct percpu *cpu_percpu(struct cpu *cpu)
{
	return (struct percpu *)((uintptr_t)cpu - offsetof(struct percpu, cpu));
}

/* This CPU's struct cpu, from MPIDR and hyp_cpu_table; NULL if belay does
 * not know this CPU. */
struct cpu *this_cpu(void);

#endif /* __ASSEMBLER__ */
#endif /* HYP_CPU_H */
