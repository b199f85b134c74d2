/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * GICv2 with the Virtualization Extensions (Arm IHI 0048B): register
 * offsets and accessors for the distributor (GICD), the physical CPU
 * interface (GICC) and the virtual interface control (GICH). Mechanism
 * only: the driver takes base addresses and knows nothing of device trees
 * or of what belay does with interrupts (hyp/vgic.c is the policy; the DTB
 * binding is hyp/fdt_platform.c).
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include <stdint.h>

/* Distributor (IHI 0048B 4.3). */
#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_IGROUPR		0x080
#define GICD_ISENABLER		0x100
#define GICD_ICENABLER		0x180
#define GICD_ISPENDR		0x200
#define GICD_ICPENDR		0x280
#define GICD_ISACTIVER		0x300
#define GICD_ICACTIVER		0x380
#define GICD_IPRIORITYR		0x400
#define GICD_ITARGETSR		0x800
#define GICD_ICFGR		0xc00
#define GICD_SGIR		0xf00
#define GICD_CPENDSGIR		0xf10
#define GICD_SPENDSGIR		0xf20
#define GICD_REG_END		0x1000	/* the register map's size */
#define GICD_CTLR_GRP0		(1u << 0)
#define GICD_SGIR_ID_MASK	0xfu
#define GICD_SGIR_TARGET_SHIFT	16

/* CPU interface (IHI 0048B 4.4). GICC_DIR is in the second 4 KiB page. */
#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define GICC_EOIR		0x10
#define GICC_ABPR		0x1c
#define GICC_APR0		0xd0
#define GICC_DIR		0x1000
#define GICC_SIZE		0x2000
/* GICC_CTLR, the layout of a GIC without the Security Extensions (and of
 * the Secure copy); bit 9 is also EOImodeNS in the Non-secure copy. */
#define GICC_CTLR_GRP0		(1u << 0)
#define GICC_CTLR_GRP1		(1u << 1)
#define GICC_CTLR_ACKCTL	(1u << 2)
#define GICC_CTLR_FIQEN		(1u << 3)
#define GICC_CTLR_CBPR		(1u << 4)
#define GICC_CTLR_EOIMODE	(1u << 9)

#define GIC_IAR_ID(iar)		((iar) & 0x3ffu)
#define GIC_IAR_CPU(iar)	(((iar) >> 10) & 7u)	/* SGIs: the sender */
#define GIC_ID_SPECIAL		1020	/* 1020-1023: no interrupt */
#define GIC_NR_SGI		16
#define GIC_NR_PRIVATE		32	/* SGIs and PPIs, banked per CPU */
#define GIC_NR_IDS		1020

/* Virtual interface control (IHI 0048B 5.3). */
#define GICH_HCR		0x000
#define GICH_VTR		0x004
#define GICH_VMCR		0x008
#define GICH_MISR		0x010
#define GICH_EISR0		0x020
#define GICH_ELRSR0		0x030
#define GICH_APR		0x0f0
#define GICH_LR(n)		(0x100 + 4 * (n))
#define GICH_HCR_EN		(1u << 0)
#define GICH_HCR_UIE		(1u << 1)	/* maintenance IRQ while <= 1 LR valid */
#define GICH_VTR_LISTREGS(v)	(((v) & 0x3fu) + 1)
/* GICH_VMCR fields: the virtual CPU interface's CTLR, PMR, BPR, ABPR. */
#define GICH_VMCR_CTLR_MASK	0x21fu	/* VEM, VCBPR, VFIQEn, VAckCtl, VEnableGrp1/0 */
#define GICH_VMCR_ABPR_SHIFT	18
#define GICH_VMCR_BPR_SHIFT	21
#define GICH_VMCR_PMR_SHIFT	27	/* the upper five bits of the 8-bit mask */

/* List registers (IHI 0048B 5.3.11). */
#define GICH_LR_HW		(1u << 31)
#define GICH_LR_GRP1		(1u << 30)
#define GICH_LR_PENDING		(1u << 28)
#define GICH_LR_ACTIVE		(1u << 29)
#define GICH_LR_STATE		(3u << 28)
#define GICH_LR_PRIO_SHIFT	23	/* the upper five bits of the priority */
#define GICH_LR_PHYS_SHIFT	10	/* HW = 1: physical ID */
#define GICH_LR_EOI		(1u << 19)	/* HW = 0: maintenance IRQ when it ends */
#define GICH_LR_CPU_SHIFT	10	/* HW = 0, SGIs: source CPU */
#define GICH_LR_VID(lr)		((lr) & 0x3ffu)
#define GICH_LR_CPU(lr)		(((lr) >> GICH_LR_CPU_SHIFT) & 7u)

static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint16_t mmio_read16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void mmio_write16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

/* One GICv2: where its three register frames are mapped for belay. */
struct gic {
	uintptr_t dist, cpu, hyp;
};

static inline uint32_t gicd_read(const struct gic *g, uint32_t off) { return mmio_read32(g->dist + off); }
static inline void gicd_write(const struct gic *g, uint32_t off, uint32_t v) { mmio_write32(g->dist + off, v); }
static inline uint32_t gicc_read(const struct gic *g, uint32_t off) { return mmio_read32(g->cpu + off); }
static inline void gicc_write(const struct gic *g, uint32_t off, uint32_t v) { mmio_write32(g->cpu + off, v); }
static inline uint32_t gich_read(const struct gic *g, uint32_t off) { return mmio_read32(g->hyp + off); }
static inline void gich_write(const struct gic *g, uint32_t off, uint32_t v) { mmio_write32(g->hyp + off, v); }

/* A GICD access of 1, 2 or 4 bytes at `off`, as the guest made it. */
uint32_t gicd_read_sized(const struct gic *g, uint32_t off, unsigned int size);
void gicd_write_sized(const struct gic *g, uint32_t off, unsigned int size, uint32_t v);

/* The bit of interrupt `id` in its set/clear register: write (1 << bit)
 * to reg + word offset. */
static inline uint32_t gic_word_off(uint32_t id) { return (id / 32) * 4; }
static inline uint32_t gic_bit(uint32_t id) { return 1u << (id % 32); }

/* Banked registers: these act on the calling CPU's SGIs and PPIs. */
static inline void gicd_enable(const struct gic *g, uint32_t id)
{
	gicd_write(g, GICD_ISENABLER + gic_word_off(id), gic_bit(id));
}
static inline void gicd_disable(const struct gic *g, uint32_t id)
{
	gicd_write(g, GICD_ICENABLER + gic_word_off(id), gic_bit(id));
}
static inline void gicd_set_pending(const struct gic *g, uint32_t id)
{
	gicd_write(g, GICD_ISPENDR + gic_word_off(id), gic_bit(id));
}
static inline uint8_t gicd_priority(const struct gic *g, uint32_t id)
{
	return mmio_read8(g->dist + GICD_IPRIORITYR + id);
}
static inline void gicd_set_priority(const struct gic *g, uint32_t id, uint8_t prio)
{
	mmio_write8(g->dist + GICD_IPRIORITYR + id, prio);
}
/* Make SGI `id` pending on this CPU as if CPU interface `src` sent it. */
static inline void gicd_set_sgi_pending(const struct gic *g, uint32_t id, uint32_t src)
{
	mmio_write8(g->dist + GICD_SPENDSGIR + id, (uint8_t)(1u << src));
}
/* Forget SGI `id` pending on this CPU from every source. */
static inline void gicd_clear_sgi_pending(const struct gic *g, uint32_t id)
{
	mmio_write8(g->dist + GICD_CPENDSGIR + id, 0xff);
}
/* Send SGI `id` to the CPU interfaces in `targets` (a target list). */
static inline void gicd_send_sgi(const struct gic *g, uint32_t targets, uint32_t id)
{
	gicd_write(g, GICD_SGIR, (targets << GICD_SGIR_TARGET_SHIFT) | (id & GICD_SGIR_ID_MASK));
}
/* This CPU's bit in SGI target lists: GICD_ITARGETSR0 reads it back. */
static inline uint32_t gicd_this_cpu_target(const struct gic *g)
{
	return mmio_read8(g->dist + GICD_ITARGETSR);
}

static inline unsigned int gich_nr_lr(const struct gic *g)
{
	return GICH_VTR_LISTREGS(gich_read(g, GICH_VTR));
}

#endif /* DRIVERS_GIC_H */
