/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The ABI fuzzer's calls (fuzz_call.S): one `hvc`/`smc` with r0-r3 from
 * a struct fuzz_regs and every register the ABI preserves checked. Valid
 * C and assembler.
 */
#ifndef GUEST_FUZZ_CALL_H
#define GUEST_FUZZ_CALL_H

/* struct fuzz_regs */
#define FC_IN		0	/* r0-r3 for the call */
#define FC_OUT		16	/* r0-r3 after it */
#define FC_PAT		32	/* pattern of the other registers */
#define FC_BAD		36	/* FC_BAD_* bits: preserved registers that changed */
#define FC_CPSR_IN	40
#define FC_CPSR_OUT	44
#define FC_SP		48	/* SVC sp before the call (scratch) */
#define FC_SIZE		52

/* FC_BAD: bit n for rn (4-12), and these. */
#define FC_BAD_SP	(1 << 13)
#define FC_BAD_LR	(1 << 14)
#define FC_BAD_LR_USR	(1 << 15)
#define FC_BAD_SP_USR	(1 << 16)

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct fuzz_regs {
	uint32_t in[4];
	uint32_t out[4];
	uint32_t pat;
	uint32_t bad;
	uint32_t cpsr_in, cpsr_out;
	uint32_t sp;
};
_Static_assert(offsetof(struct fuzz_regs, out) == FC_OUT, "FC_OUT");
_Static_assert(offsetof(struct fuzz_regs, pat) == FC_PAT, "FC_PAT");
_Static_assert(offsetof(struct fuzz_regs, bad) == FC_BAD, "FC_BAD");
_Static_assert(offsetof(struct fuzz_regs, cpsr_in) == FC_CPSR_IN, "FC_CPSR_IN");
_Static_assert(offsetof(struct fuzz_regs, cpsr_out) == FC_CPSR_OUT, "FC_CPSR_OUT");
_Static_assert(offsetof(struct fuzz_regs, sp) == FC_SP, "FC_SP");
_Static_assert(sizeof(struct fuzz_regs) == FC_SIZE, "FC_SIZE");

/* The conduits: `hvc #0`, `hvc` with non-zero immediates, `smc`. */
void fuzz_call_hvc0(struct fuzz_regs *fr);
void fuzz_call_hvc1(struct fuzz_regs *fr);
void fuzz_call_hvc2a5(struct fuzz_regs *fr);
void fuzz_call_hvc8000(struct fuzz_regs *fr);
void fuzz_call_hvcffff(struct fuzz_regs *fr);
void fuzz_call_smc0(struct fuzz_regs *fr);
void fuzz_call_smcf(struct fuzz_regs *fr);
#endif /* __ASSEMBLER__ */

#endif /* GUEST_FUZZ_CALL_H */
