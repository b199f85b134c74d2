/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * A minimal GICv2 driver for the SMP guests (Arm IHI 0048B): enough to
 * enable SGIs and PPIs, send SGIs, take, acknowledge and end interrupts.
 * Under belay the guest finds them at their DTB addresses whether belay
 * passes the GIC through or virtualises it (docs/design.md, "Interrupts"),
 * so the same code runs natively and under belay. The driver takes base
 * addresses; gic_probe_fdt() is the small binding that finds them.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdbool.h>
#include <stdint.h>

/* Distributor registers (IHI 0048B 4.3). */
#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_ISENABLER		0x100
#define GICD_ICENABLER		0x180
#define GICD_ICPENDR		0x280
#define GICD_IPRIORITYR		0x400
#define GICD_ITARGETSR		0x800
#define GICD_SGIR		0xf00
#define GICD_CTLR_ENABLE	(1u << 0)
#define GICD_SGIR_FILTER_LIST	(0u << 24)	/* to the CPUs in the target list */
#define GICD_SGIR_FILTER_OTHERS	(1u << 24)	/* to every CPU but this one */
#define GICD_SGIR_FILTER_SELF	(2u << 24)	/* to this CPU only */

/* CPU interface registers (IHI 0048B 4.4). */
#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define GICC_EOIR		0x10
#define GICC_CTLR_ENABLE	(1u << 0)

#define GIC_IAR_ID(iar)		((iar) & 0x3ff)
#define GIC_IAR_SGI_CPU(iar)	(((iar) >> 10) & 7)	/* SGIs: the sender */
#define GIC_SPURIOUS		1023
#define GIC_NR_SGI		16
#define GIC_PPI(n)		(16 + (n))	/* PPI n as an interrupt ID */
#define GIC_MAX_ID		64		/* SGIs, PPIs and the first 32 SPIs */

/* A priority that any mask set by gic_cpu_enable() lets through. */
#define GIC_PRIO_DEFAULT	0xa0

struct gic_v2 {
	uintptr_t dist;		/* GICD base */
	uintptr_t cpu;		/* GICC base */
};
extern struct gic_v2 gic;

/* Read GICD/GICC from the DTB's arm,cortex-a15-gic / arm,gic-400 node.
 * Returns false if there is none (gic is then left zero). */
bool gic_probe_fdt(const void *fdt);

/* Once, on one CPU: turn the distributor on. */
void gic_dist_enable(void);
/* On each CPU: unmask every priority, turn its CPU interface on, and route
 * IRQs to gic_handle_irq() (exception.c). */
void gic_cpu_enable(void);

/* SGIs and PPIs are banked per CPU: each CPU enables its own. */
void gic_irq_enable(uint32_t id, uint8_t prio);
void gic_irq_disable(uint32_t id);
/* Forget a pending SGI/PPI of this CPU (distributor side). */
void gic_irq_clear_pending(uint32_t id);

/* This CPU's bit in SGI target lists (GICD_ITARGETSR0 reads it back). */
uint32_t gic_cpu_target(void);
void gic_send_sgi(uint32_t filter, uint32_t target_list, uint32_t id);

uint32_t gic_ack(void);		/* GICC_IAR */
void gic_eoi(uint32_t iar);	/* GICC_EOIR, with what gic_ack returned */

/*
 * Called from the IRQ exception for each interrupt acknowledged, with the
 * IAR value, before the EOI: a level-triggered source (a timer) must be
 * quietened here. IDs without a handler are counted in gic_stray_irqs.
 */
typedef void (*gic_handler_t)(uint32_t iar);
void gic_set_handler(uint32_t id, gic_handler_t handler);
extern volatile uint32_t gic_stray_irqs;

/* The IRQ exception path: acknowledge, dispatch, end, until spurious. */
void gic_handle_irq(void);

#endif /* GUEST_GIC_H */
