/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Assembly helpers that need exact control of registers or run in HYP
 * (hyp_helpers.S): register-preservation probes, SOFT_RESTART targets and a
 * guest-owned HYP vector table for the FOREIGN state. Offsets used from
 * assembly are defined here and checked against the C structs below.
 * Valid C and assembler.
 */
#ifndef GUEST_HYP_HELPERS_H
#define GUEST_HYP_HELPERS_H

/* struct regcheck */
#define RC_IN		0	/* r0-r12 loaded before the call */
#define RC_LR_IN	52
#define RC_APSR_IN	56	/* NZCVQ flags set before the call */
#define RC_OUT		60	/* r0-r12 after the call */
#define RC_LR_OUT	112
#define RC_APSR_OUT	116
#define RC_SP_IN	120
#define RC_SP_OUT	124
#define RC_LRUSR_IN	128	/* LR_usr: Hyp mode has no LR of its own */
#define RC_SPUSR_IN	132
#define RC_LRUSR_OUT	136
#define RC_SPUSR_OUT	140
#define RC_SIZE		144

/* struct sr_record */
#define SR_ARRIVED	0	/* SR_ARRIVED_MAGIC once the target ran */
#define SR_R		4	/* r0-r12 at the target (r0, r1 not recorded) */
#define SR_LR		56
#define SR_CPSR		60
#define SR_HSCTLR	64
#define SR_HVBAR	68
#define SR_HCR		72
#define SR_HSTR		76
#define SR_VTTBR_LO	80
#define SR_VTTBR_HI	84
#define SR_HCPTR	88
#define SR_SP_HYP	92
#define SR_RETURNED	96	/* r0, if the hvc returned instead */
#define SR_SVC_SP	100	/* SP_svc before the call */
#define SR_SVC_SP_AFTER	104	/* SP_svc once back in SVC */
#define SR_SIZE		108
#define SR_ARRIVED_MAGIC 0x5ea7ed00	/* the ARM target ran */
#define SR_ARRIVED_THUMB 0x5ea7ed01	/* the Thumb target ran */
#define SR_ARRIVED_MOVE_SP 0x5ea7ed02	/* sr_target_move_sp ran */

/* struct foreign_record */
#define FR_BELAY_VECTORS 0	/* HVBAR to hand back (belay's vectors) */
#define FR_CALLS	4	/* hvcs the foreign vectors served */
#define FR_LAST_R0	8
#define FR_LAST_HSR	12
#define FR_HANDBACKS	16
#define FR_HANDBACK_SP	20	/* non-zero: the hand-back sets SP_hyp to it */
#define FR_SIZE		24
/* r0 the foreign vectors answer to every call but the hand-back. */
#define FOREIGN_MAGIC	0xf0e1d2c3

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct regcheck {
	uint32_t in[13];
	uint32_t lr_in;
	uint32_t apsr_in;
	uint32_t out[13];
	uint32_t lr_out;
	uint32_t apsr_out;
	uint32_t sp_in;
	uint32_t sp_out;
	uint32_t lr_usr_in, sp_usr_in;
	uint32_t lr_usr_out, sp_usr_out;
};
_Static_assert(offsetof(struct regcheck, lr_in) == RC_LR_IN, "RC_LR_IN");
_Static_assert(offsetof(struct regcheck, apsr_in) == RC_APSR_IN, "RC_APSR_IN");
_Static_assert(offsetof(struct regcheck, out) == RC_OUT, "RC_OUT");
_Static_assert(offsetof(struct regcheck, lr_out) == RC_LR_OUT, "RC_LR_OUT");
_Static_assert(offsetof(struct regcheck, apsr_out) == RC_APSR_OUT, "RC_APSR_OUT");
_Static_assert(offsetof(struct regcheck, sp_in) == RC_SP_IN, "RC_SP_IN");
_Static_assert(offsetof(struct regcheck, sp_out) == RC_SP_OUT, "RC_SP_OUT");
_Static_assert(offsetof(struct regcheck, lr_usr_in) == RC_LRUSR_IN, "RC_LRUSR_IN");
_Static_assert(offsetof(struct regcheck, sp_usr_out) == RC_SPUSR_OUT, "RC_SPUSR_OUT");
_Static_assert(sizeof(struct regcheck) == RC_SIZE, "RC_SIZE");

/*
 * Load r0-r12, lr, LR_usr, SP_usr and the flags from rc->*_in, execute
 * `hvc #0` (`smc #0`, `hvc #1`), store them and sp into rc->*_out.
 */
void regcheck_hvc0(struct regcheck *rc);
void regcheck_smc0(struct regcheck *rc);
void regcheck_hvc1(struct regcheck *rc);

struct sr_record {
	uint32_t arrived;
	uint32_t r[13];
	uint32_t lr;
	uint32_t cpsr;
	uint32_t hsctlr;
	uint32_t hvbar;
	uint32_t hcr;
	uint32_t hstr;
	uint32_t vttbr_lo, vttbr_hi;
	uint32_t hcptr;
	uint32_t sp_hyp;
	uint32_t returned;
	uint32_t svc_sp;
	uint32_t svc_sp_after;
};
_Static_assert(offsetof(struct sr_record, r) == SR_R, "SR_R");
_Static_assert(offsetof(struct sr_record, lr) == SR_LR, "SR_LR");
_Static_assert(offsetof(struct sr_record, cpsr) == SR_CPSR, "SR_CPSR");
_Static_assert(offsetof(struct sr_record, hsctlr) == SR_HSCTLR, "SR_HSCTLR");
_Static_assert(offsetof(struct sr_record, hvbar) == SR_HVBAR, "SR_HVBAR");
_Static_assert(offsetof(struct sr_record, hcr) == SR_HCR, "SR_HCR");
_Static_assert(offsetof(struct sr_record, hstr) == SR_HSTR, "SR_HSTR");
_Static_assert(offsetof(struct sr_record, vttbr_lo) == SR_VTTBR_LO, "SR_VTTBR_LO");
_Static_assert(offsetof(struct sr_record, hcptr) == SR_HCPTR, "SR_HCPTR");
_Static_assert(offsetof(struct sr_record, sp_hyp) == SR_SP_HYP, "SR_SP_HYP");
_Static_assert(offsetof(struct sr_record, returned) == SR_RETURNED, "SR_RETURNED");
_Static_assert(offsetof(struct sr_record, svc_sp) == SR_SVC_SP, "SR_SVC_SP");
_Static_assert(offsetof(struct sr_record, svc_sp_after) == SR_SVC_SP_AFTER, "SR_SVC_SP_AFTER");
_Static_assert(sizeof(struct sr_record) == SR_SIZE, "SR_SIZE");

extern struct sr_record sr_record;

/*
 * HVC_SOFT_RESTART to target (bit 0 = Thumb) with r2-r12 = seed ^ (N << 24).
 * The target records what it finds in sr_record and returns to SVC with
 * ERET, arriving back here. Returns 0 when the target ran, 1 when the hvc
 * returned instead (its r0 in sr_record.returned).
 */
uint32_t soft_restart_call(uint32_t target, uint32_t seed);
/* The targets, ARM and Thumb (take the address with bit 0 for Thumb). */
void sr_target_arm(void);
void sr_target_thumb(void);
/*
 * A target that records only arrival, CPSR, HVBAR and the SP_hyp it was
 * given (sr_record), sets SP_hyp to sr_new_sp_hyp and returns to SVC with
 * belay's vectors still installed: the CPU is in STUB with SP_hyp moved.
 */
void sr_target_move_sp(void);
extern uint32_t sr_new_sp_hyp;
static inline uint32_t sr_pattern(uint32_t seed, int n)
{
	return seed ^ ((uint32_t)n << 24);
}

struct foreign_record {
	uint32_t belay_vectors;
	uint32_t calls;
	uint32_t last_r0;
	uint32_t last_hsr;
	uint32_t handbacks;
	uint32_t handback_sp;
};
_Static_assert(offsetof(struct foreign_record, calls) == FR_CALLS, "FR_CALLS");
_Static_assert(offsetof(struct foreign_record, last_r0) == FR_LAST_R0, "FR_LAST_R0");
_Static_assert(offsetof(struct foreign_record, last_hsr) == FR_LAST_HSR, "FR_LAST_HSR");
_Static_assert(offsetof(struct foreign_record, handbacks) == FR_HANDBACKS, "FR_HANDBACKS");
_Static_assert(offsetof(struct foreign_record, handback_sp) == FR_HANDBACK_SP, "FR_HANDBACK_SP");
_Static_assert(sizeof(struct foreign_record) == FR_SIZE, "FR_SIZE");

extern struct foreign_record foreign_record;
/*
 * A guest-owned HYP vector table (32-byte aligned, in guest RAM). hvc #0
 * from SVC: HVC_RESET_VECTORS hands HYP back (HVBAR = belay_vectors) and
 * returns 0 (with SP_hyp = handback_sp if that is non-zero); any other call
 * returns r0 = FOREIGN_MAGIC, r1 = HSR, r2 = CPSR, r3 = HSCTLR as seen in
 * HYP.
 */
extern const char foreign_hyp_vectors[];
#endif /* __ASSEMBLER__ */

#endif /* GUEST_HYP_HELPERS_H */
