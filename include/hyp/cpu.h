/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Per-CPU data. Each CPU owns one struct percpu: a HYP stack with its
 * struct cpu directly above it, so that on every entry from the guest
 * SP_hyp == &cpu (the stack is empty while the guest runs) and the fast ABI
 * path in hyp/vectors.S finds its state word at a fixed offset from SP
 * without touching any other register. HTPIDR holds the same pointer for C.
 *
 * The fields read with the HYP MMU off (in STUB state) are written either
 * before the first MMU enable or by this CPU with its caches cleaned
 * afterwards (hyp/teardown.S); see docs/design.md.
 */
#ifndef HYP_CPU_H
#define HYP_CPU_H

#include <hyp/cache.h>

#define HYP_STACK_SIZE	4096
/* sizeof(struct cpu), one cache line, and of struct percpu (checked below). */
#define CPU_SIZE	CACHE_LINE
#define PERCPU_SIZE	(HYP_STACK_SIZE + CPU_SIZE)

/* Offsets of struct cpu fields used from assembler (checked below). */
#define CPU_STATE	0
#define CPU_INDEX	4
#define CPU_SETVEC_BASE	8
#define CPU_SETVEC_SIZE	12

/* Offsets in struct frame. */
#define FRAME_ELR	0
#define FRAME_SPSR	4
#define FRAME_R0	8
#define FRAME_SIZE	64

#ifndef __ASSEMBLER__

#include <stdint.h>
#include <stddef.h>

/* Guest registers saved by the slow trap path, on the HYP stack. */
struct frame {
	uint32_t elr;		/* ELR_hyp: where the guest resumes */
	uint32_t spsr;		/* SPSR_hyp: the guest's CPSR */
	uint32_t r[13];		/* r0-r12 */
	uint32_t lr;		/* LR_usr: shared between Hyp and User/System */
};

struct cpu {
	volatile uint32_t state;	/* BELAY_STATE_*; written only by this CPU */
	uint32_t index;		/* logical CPU number */
	/*
	 * The SET_VECTORS window: where hyp/vectors.S may install a guest's
	 * vectors without asking C. The first guest RAM range while belay
	 * is not running on this CPU, empty in RUN (where SET_VECTORS is
	 * refused), so the fast path needs no state check.
	 */
	uint32_t setvec_base;	/* 8-byte aligned pair for ldrd */
	uint32_t setvec_size;
	uint32_t mpidr;
	uint32_t pad[CPU_SIZE / 4 - 5];	/* one cache line */
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

_Static_assert(offsetof(struct cpu, state) == CPU_STATE, "CPU_STATE");
_Static_assert(offsetof(struct cpu, index) == CPU_INDEX, "CPU_INDEX");
_Static_assert(offsetof(struct cpu, setvec_base) == CPU_SETVEC_BASE, "CPU_SETVEC_BASE");
_Static_assert(offsetof(struct cpu, setvec_size) == CPU_SETVEC_SIZE, "CPU_SETVEC_SIZE");
_Static_assert((sizeof(struct percpu) - sizeof(struct cpu)) % 8 == 0 && CPU_SETVEC_BASE % 8 == 0,
	       "setvec_base is 8-byte aligned for ldrd");
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

static inline struct cpu *frame_cpu(struct frame *f)
{
	/* The slow path pushes the frame onto an empty stack. */
	return (struct cpu *)(f + 1);
}

/* The per-CPU block (stack and struct cpu) that cpu belongs to. */
static inline struct percpu *cpu_percpu(struct cpu *cpu)
{
	return (struct percpu *)((uintptr_t)cpu - offsetof(struct percpu, cpu));
}

struct cpu *this_cpu(void);

#endif /* __ASSEMBLER__ */
#endif /* HYP_CPU_H */
