/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The guest's virtual GICv2 (docs/design.md, "Interrupts"). In RUN every
 * physical IRQ comes to belay (HCR.IMO): belay acknowledges it, drops its
 * priority at once (GICC_CTLR.EOImode = 1) and hands it to the guest in a
 * list register. A guest interrupt other than an SGI goes with the HW bit
 * and physical ID = virtual ID, so the guest's own EOI through GICV
 * deactivates the physical interrupt (IHI 0048B 5.2.1); an SGI becomes a
 * virtual SGI with its source CPU and belay deactivates it itself (GICv2
 * has no HW bit for SGIs). What does not fit in the list registers waits
 * in a per-CPU bitmap until the underflow maintenance interrupt.
 *
 * The guest sees GICV at its GICC address and a distributor that belay
 * emulates by passing each access through, minus belay's own interrupts
 * (the maintenance PPI, the HYP timer PPI and BELAY_SGI). All of those
 * are SGIs or PPIs, banked per CPU, so every register belay filters is
 * banked too and read-modify-writes of it cannot race with another CPU.
 *
 * Everything here runs in RUN, with the HYP MMU on; the per-CPU data is
 * written only by its own CPU.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <drivers/gic.h>
#include <hyp/capture.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/vgic.h>

#define HSR_ISS_ISV	(1u << 24)
#define HSR_ISS_SAS(h)	(((h) >> 22) & 3u)
#define HSR_ISS_SSE	(1u << 21)
#define HSR_ISS_SRT(h)	(((h) >> 16) & 0xfu)
#define HSR_ISS_WNR	(1u << 6)

/* belay's own interrupts come first among those pending. */
#define OWN_PRIORITY	0x00

struct vgic_config vgic;

/* Interrupts waiting for a list register on one CPU. */
struct vgic_cpu {
	uint32_t queued[GIC_NR_IDS / 32 + 1];	/* bit per ID >= 16: HW interrupts */
	uint8_t sgi_src[GIC_NR_SGI];		/* SGI n: bit per source CPU */
	bool any_queued;
} __attribute__((aligned(CACHE_LINE)));

static struct vgic_cpu vgic_cpus[MAX_CPUS];

/* GICD_CTLR as the guest last wrote it; the physical one keeps group 0
 * enabled for belay's own interrupts. */
static volatile uint32_t guest_gicd_ctlr;

static const struct gic *G = &vgic.gic;

static bool is_own(uint32_t id)
{
	return id < GIC_NR_PRIVATE && (vgic.own & (1u << id));
}

void vgic_setup(void)
{
	const struct platform *p = &hyp.plat;
	const char *why = NULL;

	vgic.on = false;
	if (gic_option != GIC_MODE_VGIC)
		return;
	if (!p->gicd.size || !p->gicc.size || !p->gich.size || !p->gicv.size)
		why = "the DTB's GIC node has no GICH and GICV (reg entries 3 and 4)";
	else if (!p->gic_maint_id)
		why = "the DTB's GIC node names no maintenance PPI (interrupts)";
	else if (p->gicd.base + 0x1000 > 0x100000000ull || p->gicc.base + GICC_SIZE > 0x100000000ull ||
		 p->gich.base + 0x1000 > 0x100000000ull)
		why = "the GIC is above 4 GiB, out of belay's 32-bit HYP reach";
	else if (p->gicv.size < GICC_SIZE || p->gicc.size < GICC_SIZE)
		why = "GICC or GICV is smaller than 8 KiB";
	else if ((p->gicd.base | p->gicc.base | p->gicv.base) & 0xfff)
		why = "GICD, GICC or GICV is not page-aligned";
	if (why) {
		WARN("belay.gic=vgic: %s; passing the GIC through", why);
		return;
	}
	vgic.gic = (struct gic){ (uintptr_t)p->gicd.base, (uintptr_t)p->gicc.base,
				 (uintptr_t)p->gich.base };
	vgic.maint_id = p->gic_maint_id;
	vgic.timer_id = p->hyp_timer_id;
	vgic.sgi_id = BELAY_SGI;
	vgic.own = (1u << vgic.maint_id) | (1u << vgic.sgi_id) |
		   (vgic.timer_id ? 1u << vgic.timer_id : 0);
	vgic.nr_lr = gich_nr_lr(G);
	guest_gicd_ctlr = gicd_read(G, GICD_CTLR) & 3u;
	gicd_write(G, GICD_CTLR, guest_gicd_ctlr | GICD_CTLR_GRP0);
	vgic.on = true;
	INFO("vGIC: %u LRs, maintenance IRQ %u, HYP timer IRQ %u, belay's SGI %u",
	     vgic.nr_lr, (unsigned)vgic.maint_id, (unsigned)vgic.timer_id, (unsigned)vgic.sgi_id);
	if (!vgic.timer_id)
		WARN("the DTB's timer node has no HYP timer PPI: belay's HYP timer is off");
}

/* ---- list registers ---------------------------------------------------- */

static void set_underflow(bool on)
{
	gich_write(G, GICH_HCR, GICH_HCR_EN | (on ? GICH_HCR_UIE : 0));
}

static uint32_t lr_priority(uint32_t id)
{
	return (uint32_t)(gicd_priority(G, id) >> 3) << GICH_LR_PRIO_SHIFT;
}

/*
 * A PPI or SPI for the guest. With the HW bit the guest's EOI through
 * GICV deactivates the physical interrupt itself. QEMU 7.2 does that but
 * then does not re-evaluate the physical interface: a level interrupt
 * still asserted (a timer already due again) stays pending and is not
 * signalled until some other GIC access, which on an idle CPU never
 * comes. So unless vgic.hw_deactivate is set, belay asks for an EOI
 * maintenance interrupt instead (LR.EOI, HW = 0) and deactivates the
 * physical interrupt itself (retire_completed()): one more exit per
 * interrupt, but the physical GIC sees a GICC_DIR write.
 */
static uint32_t lr_hw(uint32_t id)
{
	if (vgic.hw_deactivate)
		return GICH_LR_HW | GICH_LR_PENDING | lr_priority(id) | (id << GICH_LR_PHYS_SHIFT) | id;
	return GICH_LR_EOI | GICH_LR_PENDING | lr_priority(id) | id;
}

/* Does this list register hold one of the guest's PPIs or SPIs (one that
 * is physically active while it is there)? */
static bool lr_is_phys(uint32_t lr)
{
	return GICH_LR_VID(lr) >= GIC_NR_SGI && (lr & (GICH_LR_HW | GICH_LR_EOI));
}

/* A list register the guest has finished with (invalid, EOI asked for).
 * For a PPI or SPI its physical interrupt is still active until belay
 * deactivates it; for an SGI the EOI only says that the ID is free again
 * for the next source waiting (lr_insert()). */
static bool lr_completed(uint32_t lr)
{
	return !(lr & GICH_LR_STATE) && !(lr & GICH_LR_HW) && (lr & GICH_LR_EOI);
}

/* Free what the guest has ended (GICH_EISR0 names the LRs) and deactivate
 * its physical interrupt. */
static void retire_completed(void)
{
	uint32_t eisr = gich_read(G, GICH_EISR0);

	for (unsigned int i = 0; eisr && i < vgic.nr_lr; i++) {
		uint32_t lr;

		if (!(eisr & (1u << i)))
			continue;
		lr = gich_read(G, GICH_LR(i));
		if (lr_completed(lr)) {
			gich_write(G, GICH_LR(i), 0);
			if (GICH_LR_VID(lr) >= GIC_NR_SGI)
				gicc_write(G, GICC_DIR, GICH_LR_VID(lr));
		}
	}
}

static uint32_t lr_sgi(uint32_t id, uint32_t src)
{
	return GICH_LR_PENDING | lr_priority(id) | (src << GICH_LR_CPU_SHIFT) | id;
}

enum lr_insert_result {
	LR_INSERTED,	/* in a list register now (or merged into one) */
	LR_BUSY,	/* SGI: its ID is in a list register from another source */
	LR_FULL,	/* no list register free */
};

/*
 * Put `want` (a pending LR value) in a list register. At most one list
 * register may hold a virtual ID: with two, the GIC's acknowledge and EOI
 * find "the" entry for the ID and may act on the wrong one (IHI 0048B
 * 5.3.11 makes it UNPREDICTABLE; QEMU 7.2 takes the first match, so an
 * EOI of one source's SGI left the other source's entry active for good,
 * and every later SGI with that ID from that source was merged into it
 * and never delivered: a lost IPI). So the same interrupt again (an edge
 * that came again, an SGI from the same source) is merged into its list
 * register; an SGI from another source waits (LR_BUSY) and the entry in
 * the way asks for the EOI maintenance interrupt, after which refill()
 * moves the next source in, as Linux's KVM vgic does for GICv2.
 */
static enum lr_insert_result lr_insert(uint32_t want)
{
	/* GICH_ELRSR0: the empty list registers, neither holding an
	 * interrupt nor completed (IHI 0048B 5.3.8), so usually one read
	 * instead of one per list register: under QEMU each is an MMIO exit
	 * that takes its global lock, on the path of every interrupt. */
	uint32_t id = GICH_LR_VID(want), empty = gich_read(G, GICH_ELRSR0);
	int free = -1;

	for (unsigned int i = 0; i < vgic.nr_lr; i++) {
		uint32_t lr;

		if (empty & (1u << i)) {
			if (free < 0)
				free = (int)i;
			continue;
		}
		lr = gich_read(G, GICH_LR(i));
		if (!(lr & GICH_LR_STATE) || GICH_LR_VID(lr) != id)
			continue;	/* completed, or another interrupt */
		if (id < GIC_NR_SGI && GICH_LR_CPU(lr) != GICH_LR_CPU(want)) {
			if (!(lr & GICH_LR_EOI))
				gich_write(G, GICH_LR(i), lr | GICH_LR_EOI);
			return LR_BUSY;
		}
		if (!(lr & GICH_LR_PENDING))
			gich_write(G, GICH_LR(i), lr | GICH_LR_PENDING);
		return LR_INSERTED;
	}
	if (free < 0)
		return LR_FULL;
	gich_write(G, GICH_LR(free), want);
	return LR_INSERTED;
}

static void inject_hw(struct vgic_cpu *v, uint32_t id)
{
	if (!v->any_queued && lr_insert(lr_hw(id)) == LR_INSERTED)
		return;
	v->queued[id / 32] |= gic_bit(id);
	v->any_queued = true;
}

static void inject_sgi(struct vgic_cpu *v, uint32_t id, uint32_t src)
{
	if (!v->any_queued && lr_insert(lr_sgi(id, src)) == LR_INSERTED)
		return;
	v->sgi_src[id] |= (uint8_t)(1u << src);
	v->any_queued = true;
}

/*
 * Move what waits into free list registers, SGIs first, then by ID. What
 * found no free list register asks for the underflow maintenance
 * interrupt (GICH_HCR.UIE); an SGI whose ID is busy waits for the EOI
 * maintenance interrupt that lr_insert() asked for. hyp_irq() ends with
 * this, so UIE is right whenever belay returns to the guest.
 */
static void refill(struct vgic_cpu *v)
{
	bool left = false, full = false;

	if (!v->any_queued)
		return;		/* and UIE is off: only this sets it */
	for (uint32_t id = 0; id < GIC_NR_SGI; id++) {
		while (v->sgi_src[id]) {
			uint32_t src = (uint32_t)__builtin_ctz(v->sgi_src[id]);
			enum lr_insert_result r = lr_insert(lr_sgi(id, src));

			if (r == LR_FULL) {
				left = full = true;
				goto out;
			}
			if (r == LR_BUSY) {
				left = true;
				break;
			}
			v->sgi_src[id] &= (uint8_t)~(1u << src);
		}
	}
	for (uint32_t w = 0; w < sizeof(v->queued) / 4; w++) {
		while (v->queued[w]) {
			uint32_t id = w * 32 + (uint32_t)__builtin_ctz(v->queued[w]);

			if (lr_insert(lr_hw(id)) != LR_INSERTED) {
				left = full = true;
				goto out;
			}
			v->queued[w] &= ~gic_bit(id);
		}
	}
out:
	v->any_queued = left;
	set_underflow(full);
}

bool vgic_guest_pending(void)
{
	if (!vgic.on)
		return false;
	for (unsigned int i = 0; i < vgic.nr_lr; i++)
		if (gich_read(G, GICH_LR(i)) & GICH_LR_PENDING)
			return true;
	return false;
}

/* ---- the IRQ vector ---------------------------------------------------- */

void hyp_irq(struct frame *f)
{
	struct cpu *cpu = frame_cpu(f);
	struct vgic_cpu *v = &vgic_cpus[cpu->index];

	/* What the guest ended waits for the maintenance interrupt, which
	 * is belay's, at priority 0, so acknowledged before any of the
	 * guest's: no retire_completed() needed before lr_insert().
	 * Bounded: an interrupt that keeps coming back is taken again on
	 * the next exit rather than holding this CPU in HYP. */
	for (unsigned int n = 0; n < 32; n++) {
		uint32_t iar = gicc_read(G, GICC_IAR), id = GIC_IAR_ID(iar);

		if (id >= GIC_ID_SPECIAL)
			break;
		gicc_write(G, GICC_EOIR, iar);		/* priority drop only */
		if (is_own(id)) {
			if (id == vgic.maint_id) {
				retire_completed();
				refill(v);
			}
			else
				hyp_own_irq(cpu, id);
			gicc_write(G, GICC_DIR, iar);
		} else if (id < GIC_NR_SGI) {
			gicc_write(G, GICC_DIR, iar);
			inject_sgi(v, id, GIC_IAR_CPU(iar));
		} else {
			inject_hw(v, id);
		}
	}
	refill(v);
	crash_deliver(cpu, f);
}

/* ---- per-CPU reset and hand-over --------------------------------------- */

/*
 * The per-CPU vGIC reset, and taking the CPU interface from the guest.
 * Whatever the guest programmed natively (GICC_CTLR, PMR, BPR, ABPR)
 * becomes its virtual interface's (GICH_VMCR); nothing is left active on
 * this CPU (its banked interrupts, its active priorities, the list
 * registers), and the physical interface becomes belay's: both groups,
 * EOImode = 1, every priority let through.
 */
void vgic_cpu_enter(struct cpu *cpu)
{
	struct vgic_cpu *v = &vgic_cpus[cpu->index];
	uint32_t ctlr, pmr, bpr, abpr;

	if (!vgic.on)
		return;
	ctlr = gicc_read(G, GICC_CTLR);
	pmr = gicc_read(G, GICC_PMR);
	bpr = gicc_read(G, GICC_BPR);
	abpr = gicc_read(G, GICC_ABPR);
	gicc_write(G, GICC_CTLR, 0);
	for (unsigned int i = 0; i < vgic.nr_lr; i++)
		gich_write(G, GICH_LR(i), 0);
	gich_write(G, GICH_APR, 0);
	gicd_write(G, GICD_ICACTIVER, 0xffffffffu);	/* banked: this CPU's SGIs and PPIs */
	gicc_write(G, GICC_APR0, 0);
	for (unsigned int i = 0; i < sizeof(v->queued) / 4; i++)
		v->queued[i] = 0;
	for (unsigned int i = 0; i < GIC_NR_SGI; i++)
		v->sgi_src[i] = 0;
	v->any_queued = false;
	hyp_irq_cpu_reset(cpu);

	gich_write(G, GICH_VMCR, (ctlr & GICH_VMCR_CTLR_MASK) |
		   ((pmr >> 3) << GICH_VMCR_PMR_SHIFT) | ((bpr & 7u) << GICH_VMCR_BPR_SHIFT) |
		   ((abpr & 7u) << GICH_VMCR_ABPR_SHIFT));
	gich_write(G, GICH_HCR, GICH_HCR_EN);

	/* belay's own: group 0, first in line, enabled. */
	gicd_write(G, GICD_IGROUPR, gicd_read(G, GICD_IGROUPR) & ~vgic.own);
	for (uint32_t id = 0; id < GIC_NR_PRIVATE; id++) {
		if (is_own(id)) {
			gicd_set_priority(G, id, OWN_PRIORITY);
			gicd_enable(G, id);
		}
	}
	if (!(gicd_read(G, GICD_CTLR) & GICD_CTLR_GRP0))
		gicd_write(G, GICD_CTLR, gicd_read(G, GICD_CTLR) | GICD_CTLR_GRP0);
	gicc_write(G, GICC_PMR, 0xff);
	gicc_write(G, GICC_CTLR, GICC_CTLR_GRP0 | GICC_CTLR_GRP1 | GICC_CTLR_ACKCTL | GICC_CTLR_EOIMODE);
	CPU_VERBOSE(cpu->index, "vGIC on (VMCR %08x)", (unsigned)gich_read(G, GICH_VMCR));
}

/* A list register's interrupt back to the distributor: deactivated, and
 * pending again if the guest had not taken it yet. */
static void hand_back(uint32_t lr)
{
	uint32_t id = GICH_LR_VID(lr);

	if (lr_is_phys(lr)) {
		if (lr & GICH_LR_PENDING)
			gicd_set_pending(G, id);
		gicc_write(G, GICC_DIR, id);
	} else if (lr & GICH_LR_PENDING) {
		gicd_set_sgi_pending(G, id, GICH_LR_CPU(lr));
	}
}

/*
 * Give this CPU's GIC back to a guest that will drive it natively (STUB,
 * firmware CPU_OFF): nothing active that the guest could not end, nothing
 * stranded in a list register (what it had not taken yet is pending in
 * the distributor again), its own CPU interface settings in GICC, its
 * enables and priorities as they are, and belay's interrupts off.
 */
void vgic_cpu_leave(struct cpu *cpu)
{
	struct vgic_cpu *v = &vgic_cpus[cpu->index];
	uint32_t vmcr;

	if (!vgic.on)
		return;
	hyp_irq_cpu_reset(cpu);
	for (uint32_t id = 0; id < GIC_NR_PRIVATE; id++) {
		if (is_own(id)) {
			if (id >= GIC_NR_SGI)
				gicd_disable(G, id);
			gicd_write(G, GICD_ICPENDR, gic_bit(id));
		}
	}
	gicd_clear_sgi_pending(G, vgic.sgi_id);
	for (unsigned int i = 0; i < vgic.nr_lr; i++) {
		uint32_t lr = gich_read(G, GICH_LR(i));

		if ((lr & GICH_LR_STATE) || lr_completed(lr))
			hand_back(lr);
		gich_write(G, GICH_LR(i), 0);
	}
	if (v->any_queued) {
		for (uint32_t id = 0; id < GIC_NR_SGI; id++) {
			for (uint32_t src = v->sgi_src[id]; src; src &= src - 1)
				gicd_set_sgi_pending(G, id, (uint32_t)__builtin_ctz(src));
			v->sgi_src[id] = 0;
		}
		for (uint32_t w = 0; w < sizeof(v->queued) / 4; w++) {
			for (uint32_t q = v->queued[w]; q; q &= q - 1)
				hand_back(lr_hw(w * 32 + (uint32_t)__builtin_ctz(q)));
			v->queued[w] = 0;
		}
		v->any_queued = false;
	}

	vmcr = gich_read(G, GICH_VMCR);
	gich_write(G, GICH_APR, 0);
	gich_write(G, GICH_HCR, 0);
	gich_write(G, GICH_VMCR, 0);
	gicc_write(G, GICC_APR0, 0);
	gicc_write(G, GICC_PMR, (vmcr >> GICH_VMCR_PMR_SHIFT) << 3);
	gicc_write(G, GICC_BPR, (vmcr >> GICH_VMCR_BPR_SHIFT) & 7u);
	gicc_write(G, GICC_ABPR, (vmcr >> GICH_VMCR_ABPR_SHIFT) & 7u);
	gicc_write(G, GICC_CTLR, vmcr & GICH_VMCR_CTLR_MASK);
	CPU_VERBOSE(cpu->index, "vGIC off, GIC handed back");
}

/*
 * A CPU that a dead kernel left parked, reclaimed by belay (hyp/capture.c):
 * the SGIs that kernel sent it mean nothing to the next kernel. Drop them
 * from the list registers, the queue and the distributor, before
 * vgic_cpu_leave() would hand them back as pending.
 */
void vgic_cpu_drop_sgis(struct cpu *cpu)
{
	struct vgic_cpu *v = &vgic_cpus[cpu->index];

	if (!vgic.on)
		return;
	for (unsigned int i = 0; i < vgic.nr_lr; i++) {
		uint32_t lr = gich_read(G, GICH_LR(i));

		if (!lr_is_phys(lr) && GICH_LR_VID(lr) < GIC_NR_SGI)
			gich_write(G, GICH_LR(i), 0);
	}
	for (uint32_t id = 0; id < GIC_NR_SGI; id++) {
		v->sgi_src[id] = 0;
		if (!is_own(id))
			gicd_clear_sgi_pending(G, id);
	}
}

/* ---- the distributor as the guest sees it ------------------------------ */

/* The bits or bytes of belay's own interrupts in the GICD word at `wo`. */
static uint32_t own_lanes(uint32_t wo)
{
	uint32_t m = 0, first;

	if (wo >= GICD_IGROUPR && wo < GICD_IPRIORITYR)		/* a bit per ID */
		return (wo & 0x7f) == 0 ? vgic.own : 0;
	if (wo >= GICD_IPRIORITYR && wo < GICD_ICFGR) {		/* a byte per ID */
		first = wo - (wo >= GICD_ITARGETSR ? GICD_ITARGETSR : GICD_IPRIORITYR);
		for (unsigned int i = 0; i < 4; i++)
			if (is_own(first + i))
				m |= 0xffu << (8 * i);
		return m;
	}
	if (wo >= GICD_ICFGR && wo < GICD_ICFGR + 0x100) {	/* two bits per ID */
		first = (wo - GICD_ICFGR) * 4;
		for (unsigned int i = 0; i < 16; i++)
			if (is_own(first + i))
				m |= 3u << (2 * i);
		return m;
	}
	if (wo >= GICD_CPENDSGIR && wo < GICD_SPENDSGIR + 0x10) {	/* a byte per SGI */
		first = (wo - GICD_CPENDSGIR) & 0xf;
		for (unsigned int i = 0; i < 4; i++)
			if (is_own(first + i))
				m |= 0xffu << (8 * i);
		return m;
	}
	return 0;
}

static bool in_block(uint32_t wo, uint32_t base)
{
	return wo >= base && wo < base + 0x80;
}

/*
 * The virtual state of interrupts 32n..32n+31 on this CPU that the
 * distributor does not show: pending in a list register or waiting for
 * one, active in a list register, and HW interrupts the distributor calls
 * active only because belay acknowledged them for the guest.
 */
static void virtual_state(const struct vgic_cpu *v, uint32_t n, uint32_t *pend, uint32_t *act,
			  uint32_t *acked)
{
	*pend = *act = *acked = 0;
	for (unsigned int i = 0; i < vgic.nr_lr; i++) {
		uint32_t lr = gich_read(G, GICH_LR(i)), id = GICH_LR_VID(lr);

		if (!(lr & GICH_LR_STATE) || id / 32 != n)
			continue;
		if (lr & GICH_LR_PENDING)
			*pend |= gic_bit(id);
		if (lr & GICH_LR_ACTIVE)
			*act |= gic_bit(id);
		else if (lr_is_phys(lr))
			*acked |= gic_bit(id);
	}
	*pend |= v->queued[n];
	*acked |= v->queued[n];
	if (n == 0)
		for (uint32_t id = 0; id < GIC_NR_SGI; id++)
			if (v->sgi_src[id])
				*pend |= gic_bit(id);
}

/* The guest cleared pending state (GICD_ICPENDR): forget it in the list
 * registers too, and give back the physical interrupts belay holds. */
static void purge_pending(struct vgic_cpu *v, uint32_t n, uint32_t bits)
{
	for (unsigned int i = 0; i < vgic.nr_lr; i++) {
		uint32_t lr = gich_read(G, GICH_LR(i)), id = GICH_LR_VID(lr);

		if (!lr_is_phys(lr) || !(lr & GICH_LR_PENDING) || id / 32 != n ||
		    !(bits & gic_bit(id)))
			continue;
		if (lr & GICH_LR_ACTIVE) {
			gich_write(G, GICH_LR(i), lr & ~GICH_LR_PENDING);
		} else {
			gich_write(G, GICH_LR(i), 0);
			gicc_write(G, GICC_DIR, id);
		}
	}
	for (uint32_t q = v->queued[n] & bits; q; q &= q - 1) {
		uint32_t id = n * 32 + (uint32_t)__builtin_ctz(q);

		v->queued[n] &= ~gic_bit(id);
		gicc_write(G, GICC_DIR, id);
	}
}

/* The guest cleared active state (GICD_ICACTIVER; Linux does this for
 * its banked interrupts when it starts, kexec and kdump included). */
static void purge_active(uint32_t n, uint32_t bits)
{
	bool any_active = false;

	for (unsigned int i = 0; i < vgic.nr_lr; i++) {
		uint32_t lr = gich_read(G, GICH_LR(i)), id = GICH_LR_VID(lr);

		if ((lr & GICH_LR_ACTIVE) && id / 32 == n && (bits & gic_bit(id))) {
			lr &= ~GICH_LR_ACTIVE;
			gich_write(G, GICH_LR(i), lr);
		}
		if (lr & GICH_LR_ACTIVE)
			any_active = true;
	}
	/* An active priority with no active interrupt left would mask the
	 * guest's interrupts forever. */
	if (!any_active)
		gich_write(G, GICH_APR, 0);
}

/* GICD_CPENDSGIR: SGI `id` is no longer pending from the sources in `src`. */
static void purge_sgi(struct vgic_cpu *v, uint32_t id, uint32_t src)
{
	for (unsigned int i = 0; i < vgic.nr_lr; i++) {
		uint32_t lr = gich_read(G, GICH_LR(i));

		if (lr_is_phys(lr) || !(lr & GICH_LR_PENDING) || GICH_LR_VID(lr) != id ||
		    !(src & (1u << GICH_LR_CPU(lr))))
			continue;
		gich_write(G, GICH_LR(i), lr & ~GICH_LR_PENDING);
	}
	v->sgi_src[id] &= (uint8_t)~src;
}

static uint32_t gicd_emulate_read(struct vgic_cpu *v, uint32_t off, unsigned int size)
{
	uint32_t wo = off & ~3u, sh = 8 * (off & 3u);
	uint32_t szmask = size == 4 ? ~0u : (1u << (8 * size)) - 1;
	uint32_t own = (own_lanes(wo) >> sh) & szmask, val, pend, act, acked;

	if (wo == GICD_CTLR)
		return (guest_gicd_ctlr >> sh) & szmask;
	val = gicd_read_sized(G, off, size) & ~own;
	if (in_block(wo, GICD_ISPENDR) || in_block(wo, GICD_ICPENDR)) {
		virtual_state(v, (wo & 0x7f) / 4, &pend, &act, &acked);
		val |= (pend >> sh) & szmask & ~own;
	} else if (in_block(wo, GICD_ISACTIVER) || in_block(wo, GICD_ICACTIVER)) {
		virtual_state(v, (wo & 0x7f) / 4, &pend, &act, &acked);
		val = (val & ~(acked >> sh)) | ((act >> sh) & szmask & ~own);
	}
	return val;
}

static void gicd_emulate_write(struct cpu *cpu, struct vgic_cpu *v, uint32_t off, unsigned int size,
			       uint32_t val)
{
	uint32_t wo = off & ~3u, sh = 8 * (off & 3u);
	uint32_t szmask = size == 4 ? ~0u : (1u << (8 * size)) - 1;
	uint32_t own = (own_lanes(wo) >> sh) & szmask, word_bits;

	val &= szmask;
	if (wo == GICD_CTLR) {
		if (sh == 0) {
			/* Both groups off: a kernel (re)initialises its GIC. */
			if (!(val & 3u))
				capture_gicd_disabled(cpu->index);
			guest_gicd_ctlr = val & 3u;
			gicd_write(G, GICD_CTLR, (val & 3u) | GICD_CTLR_GRP0);
		}
		return;
	}
	if (wo == GICD_SGIR) {
		if (size == 4 && (val & GICD_SGIR_ID_MASK) == vgic.sgi_id) {
			GUEST_LOG(cpu->index, LOG_INFO, "cpu%u: guest GICD_SGIR %08x: SGI %u is belay's, ignored",
				  (unsigned)cpu->index, (unsigned)val, (unsigned)vgic.sgi_id);
			return;
		}
		gicd_write_sized(G, off, size, val);
		return;
	}
	if (!own) {
		gicd_write_sized(G, off, size, val);
	} else if (wo >= GICD_ISENABLER && wo < GICD_IPRIORITYR) {
		/* Set/clear registers: a 0 bit changes nothing. */
		gicd_write_sized(G, off, size, val & ~own);
	} else if (in_block(wo, GICD_IGROUPR) || (wo >= GICD_ICFGR && wo < GICD_ICFGR + 0x100)) {
		uint32_t cur = gicd_read_sized(G, off, size);

		gicd_write_sized(G, off, size, (val & ~own) | (cur & own));
	} else {
		/* Byte registers: only the guest's own bytes. */
		for (unsigned int i = 0; i < size; i++)
			if (!((own >> (8 * i)) & 0xffu))
				gicd_write_sized(G, off + i, 1, (val >> (8 * i)) & 0xffu);
	}
	word_bits = (val & ~own) << sh;
	if (in_block(wo, GICD_ICPENDR))
		purge_pending(v, (wo & 0x7f) / 4, word_bits);
	else if (in_block(wo, GICD_ICACTIVER))
		purge_active((wo & 0x7f) / 4, word_bits);
	else if (wo >= GICD_CPENDSGIR && wo < GICD_CPENDSGIR + 0x10)
		for (unsigned int i = 0; i < size; i++)
			purge_sgi(v, (off & 0xf) + i, (val >> (8 * i)) & 0xffu & ~(own >> (8 * i)));
}

/* ---- guest registers named by HSR.SRT ---------------------------------- */

#define BANKED_RW(reg)								\
	do {									\
		if (write)							\
			__asm__ volatile("msr " #reg ", %0" : : "r"(*v));	\
		else								\
			__asm__ volatile("mrs %0, " #reg : "=r"(*v));		\
	} while (0)

/* r13 and r14 of the guest's mode; false for a mode belay does not
 * handle (FIQ, whose r8-r14 are banked: no GIC driver runs there). */
static bool banked_reg(uint32_t mode, unsigned int rt, bool write, uint32_t *v)
{
	bool sp = rt == 13;

	switch (mode) {
	case PSR_MODE_USR:
	case 0x1f:	/* System */
		if (sp)
			BANKED_RW(SP_usr);
		else
			return false;	/* LR_usr is in the frame */
		return true;
	case PSR_MODE_SVC:
		if (sp) BANKED_RW(SP_svc); else BANKED_RW(LR_svc);
		return true;
	case PSR_MODE_IRQ:
		if (sp) BANKED_RW(SP_irq); else BANKED_RW(LR_irq);
		return true;
	case PSR_MODE_ABT:
		if (sp) BANKED_RW(SP_abt); else BANKED_RW(LR_abt);
		return true;
	case PSR_MODE_UND:
		if (sp) BANKED_RW(SP_und); else BANKED_RW(LR_und);
		return true;
	default:
		return false;
	}
}

static bool guest_reg(struct frame *f, unsigned int rt, bool write, uint32_t *v)
{
	uint32_t mode = f->spsr & PSR_MODE_MASK;

	if (rt >= 8 && mode == PSR_MODE_FIQ)
		return false;
	if (rt <= 12) {
		if (write)
			f->r[rt] = *v;
		else
			*v = f->r[rt];
		return true;
	}
	if (rt == 14 && (mode == PSR_MODE_USR || mode == 0x1f)) {
		if (write)
			f->lr = *v;
		else
			*v = f->lr;
		return true;
	}
	if (rt == 15)
		return false;
	return banked_reg(mode, rt, write, v);
}

enum vgic_mmio_result vgic_mmio(struct cpu *cpu, struct frame *f, uint32_t hsr, uint64_t ipa)
{
	const struct range *d = &hyp.plat.gicd;
	struct vgic_cpu *v = &vgic_cpus[cpu->index];
	unsigned int size, rt = HSR_ISS_SRT(hsr);
	uint32_t off, val;

	if (!vgic.on || ipa < d->base || ipa - d->base >= d->size)
		return VGIC_MMIO_NOT_GICD;
	if (!(hsr & HSR_ISS_ISV) || HSR_ISS_SAS(hsr) == 3)
		return VGIC_MMIO_UNDECODABLE;
	size = 1u << HSR_ISS_SAS(hsr);
	off = (uint32_t)(ipa - d->base);
	retire_completed();	/* the distributor's active bits are then the guest's */
	if (off & (size - 1))
		return VGIC_MMIO_UNDECODABLE;
	if (hsr & HSR_ISS_WNR) {
		if (!guest_reg(f, rt, false, &val))
			return VGIC_MMIO_UNDECODABLE;
		if (off < GICD_REG_END)
			gicd_emulate_write(cpu, v, off, size, val);
	} else {
		val = off < GICD_REG_END ? gicd_emulate_read(v, off, size) : 0;
		if ((hsr & HSR_ISS_SSE) && size < 4 && (val & (1u << (8 * size - 1))))
			val |= ~0u << (8 * size);
		if (!guest_reg(f, rt, true, &val))
			return VGIC_MMIO_UNDECODABLE;
	}
	f->elr += (hsr & HSR_IL) ? 4 : 2;
	crash_cpu_gic(cpu->index);
	return VGIC_MMIO_DONE;
}
