/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay as the owner of the GIC (docs/design.md, "Interrupts"): the
 * guest's virtual GICv2 (hyp/vgic.c) and belay's own interrupts, a HYP
 * timer and a HYP SGI per CPU (hyp/hyp_irq.c). With belay.gic=passthrough,
 * or without the hardware for it, none of this runs and every function
 * here does nothing.
 */
#ifndef HYP_VGIC_H
#define HYP_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include <drivers/gic.h>
#include <hyp/cpu.h>

/* What belay decided at boot; read-only afterwards. */
struct vgic_config {
	bool on;		/* the vGIC runs (else the GIC is passed through) */
	struct gic gic;		/* GICD, GICC, GICH as mapped in HYP */
	unsigned int nr_lr;	/* list registers per CPU */
	uint32_t maint_id;	/* the maintenance interrupt (a PPI) */
	uint32_t timer_id;	/* the HYP timer's PPI, 0 if none */
	uint32_t sgi_id;	/* belay's SGI */
	uint32_t own;		/* bit n: interrupt n (< 32) is belay's */
	bool hw_deactivate;	/* LRs with the HW bit (hyp/vgic.c, lr_hw()) */
};
extern struct vgic_config vgic;

#define BELAY_SGI	15	/* belay's own SGI; the guest's are 0-14 */

/* Boot CPU, MMU off, after parse_options(): decide and record. */
void vgic_setup(void);
static inline bool vgic_on(void) { return vgic.on; }

/* Per CPU, HYP MMU on: the vGIC reset and hand-over (hyp/cpu.c). */
void vgic_cpu_enter(struct cpu *cpu);	/* end of cpu_launch() */
void vgic_cpu_leave(struct cpu *cpu);	/* start of cpu_teardown() */
void vgic_cpu_drop_sgis(struct cpu *cpu);	/* a reclaimed parked CPU (hyp/capture.c) */

/* hyp/vectors.S: a physical IRQ or FIQ taken from the guest in RUN. */
void hyp_irq(struct frame *f);

/* A guest data abort on the GIC distributor's IPA (hyp/trap.c). */
enum vgic_mmio_result { VGIC_MMIO_NOT_GICD, VGIC_MMIO_DONE, VGIC_MMIO_UNDECODABLE };
enum vgic_mmio_result vgic_mmio(struct cpu *cpu, struct frame *f, uint32_t hsr, uint64_t ipa);

/* Does an interrupt wait in this CPU's list registers (PSCI standby)? */
bool vgic_guest_pending(void);

/*
 * belay's own tools (hyp/hyp_irq.c). All run in RUN with the vGIC on;
 * the callbacks run in HYP, from the IRQ vector, on the CPU named,
 * whatever the guest's interrupt masks.
 */
typedef void (*hyp_timer_fn)(unsigned int cpu);
typedef void (*hyp_call_fn)(unsigned int cpu, uint32_t arg);
#define HYP_CALL_SLOTS	4

/* Arm this CPU's HYP timer: fn runs once CNTPCT >= deadline. One timer
 * per CPU and slot (re-arming replaces); all are cancelled when the CPU
 * leaves RUN. hyp_timer_arm() and hyp_timer_cancel() use HYP_TIMER_MAIN;
 * belay's capture watchdog (hyp/watchdog.c) has a slot of its own, so
 * that the crash injector's timer never replaces it. */
enum hyp_timer { HYP_TIMER_MAIN, HYP_TIMER_WATCHDOG, HYP_TIMERS };
void hyp_timer_arm_slot(enum hyp_timer slot, uint64_t deadline, hyp_timer_fn fn);
void hyp_timer_arm(uint64_t deadline, hyp_timer_fn fn);
void hyp_timer_cancel(void);
/* Run fn(target, arg) on CPU `target` (not this one) from its IRQ vector,
 * without waiting for it. 0, or -1 if the vGIC is off, the CPU is not in
 * RUN or already has HYP_CALL_SLOTS calls waiting. */
int hyp_call_on(unsigned int target, hyp_call_fn fn, uint32_t arg);
/* Send belay's SGI to CPU `target`: it enters HYP and runs its calls. */
void hyp_kick(unsigned int target);

/* hyp/vgic.c -> hyp/hyp_irq.c: belay's own interrupts. */
void hyp_own_irq(struct cpu *cpu, uint32_t id);
void hyp_irq_cpu_reset(struct cpu *cpu);	/* timer off, calls dropped */

/* The test hooks behind BELAY_TEST_HYP_TIMER and BELAY_TEST_COUNT. */
int32_t hyp_test_timer(unsigned int target, uint32_t delay_us);
int32_t hyp_test_count(unsigned int target, uint32_t *timer_fired, uint32_t *calls_run);

#endif /* HYP_VGIC_H */
