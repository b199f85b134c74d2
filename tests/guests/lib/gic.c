// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * The GICv2 driver (gic.h). No security extensions are in play for a
 * Non-secure guest: every interrupt is Group 0 as the guest sees it and
 * signalled as IRQ.
 */
#include "atomic.h"
#include "gic.h"
#include "guest.h"

#define COMPAT_GIC_A15	"arm,cortex-a15-gic"
#define COMPAT_GIC_400	"arm,gic-400"

struct gic_v2 gic;
volatile uint32_t gic_stray_irqs;
static gic_handler_t handlers[GIC_MAX_ID];

static inline void gicd_write(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(gic.dist + off) = v;
}

/* IPRIORITYR and ITARGETSR are byte-accessible (IHI 0048B 4.3). */
static inline void gicd_write8(uint32_t off, uint8_t v)
{
	*(volatile uint8_t *)(gic.dist + off) = v;
}

static inline uint8_t gicd_read8(uint32_t off)
{
	return *(volatile uint8_t *)(gic.dist + off);
}

static inline uint32_t gicc_read(uint32_t off)
{
	return *(volatile uint32_t *)(gic.cpu + off);
}

static inline void gicc_write(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(gic.cpu + off) = v;
}

bool gic_probe_fdt(const void *fdt)
{
	int depth = 0, node = fdt ? fdt_root(fdt) : -1;

	while (node >= 0 && (node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (!fdt_prop_has_string(fdt, node, "compatible", COMPAT_GIC_A15) &&
		    !fdt_prop_has_string(fdt, node, "compatible", COMPAT_GIC_400))
			continue;
		/* reg: GICD, GICC (then GICH, GICV), in the root's cells: on
		 * QEMU virt and the boards belay targets the GIC sits on the
		 * root bus, so no ranges translation is needed. */
		int len, cells = (int)(rt.addr_cells + rt.size_cells);
		const uint8_t *reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 2 * cells * 4)
			return false;
		gic.dist = (uintptr_t)fdt_read_cells(reg, (int)rt.addr_cells);
		gic.cpu = (uintptr_t)fdt_read_cells(reg + cells * 4, (int)rt.addr_cells);
		return true;
	}
	return false;
}

void gic_dist_enable(void)
{
	gicd_write(GICD_CTLR, GICD_CTLR_ENABLE);
	dmb();
}

void gic_cpu_enable(void)
{
	gicc_write(GICC_PMR, 0xff);	/* let every priority through */
	gicc_write(GICC_BPR, 0);
	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE);
	dmb();
	rt_set_irq_handler(gic_handle_irq);
}

void gic_irq_enable(uint32_t id, uint8_t prio)
{
	gicd_write8(GICD_IPRIORITYR + id, prio);
	gicd_write(GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
	dmb();
}

void gic_irq_disable(uint32_t id)
{
	gicd_write(GICD_ICENABLER + 4 * (id / 32), 1u << (id % 32));
	dmb();
}

void gic_irq_clear_pending(uint32_t id)
{
	gicd_write(GICD_ICPENDR + 4 * (id / 32), 1u << (id % 32));
	dmb();
}

uint32_t gic_cpu_target(void)
{
	/* GICD_ITARGETSR0-7 are banked and read-only: each byte reads as
	 * this CPU's own target bit (IHI 0048B 4.3.12). */
	return gicd_read8(GICD_ITARGETSR);
}

void gic_send_sgi(uint32_t filter, uint32_t target_list, uint32_t id)
{
	dmb();		/* what the receiver will look at is written first */
	gicd_write(GICD_SGIR, filter | ((target_list & 0xff) << 16) | (id & 0xf));
}

uint32_t gic_ack(void)
{
	return gicc_read(GICC_IAR);
}

void gic_eoi(uint32_t iar)
{
	gicc_write(GICC_EOIR, iar);
}

void gic_set_handler(uint32_t id, gic_handler_t handler)
{
	if (id < GIC_MAX_ID)
		handlers[id] = handler;
	dmb();
}

void gic_handle_irq(void)
{
	for (;;) {
		uint32_t iar = gic_ack();
		uint32_t id = GIC_IAR_ID(iar);

		if (id >= 1020)		/* 1020-1023: special, nothing to end */
			return;
		if (id < GIC_MAX_ID && handlers[id])
			handlers[id](iar);
		else
			atomic_inc(&gic_stray_irqs);
		gic_eoi(iar);
	}
}
