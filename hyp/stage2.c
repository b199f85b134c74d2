/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Stage-2 (docs/design.md): IPA == PA for all guest RAM (Normal WB) and for
 * everything outside /memory (Device), except belay's region and the GIC
 * hypervisor interface, which stay unmapped. A guest access there faults
 * to belay, which injects an abort (hyp/trap.c). Passing every non-RAM
 * address through is phase 1's answer to "the guest's MMIO": the guest
 * reaches exactly the devices the DTB describes, PCIe ECAM included,
 * without belay having to understand bus bindings.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/vgic.h>

#define IPA_BITS	40
#define VTTBR_VMID_SHIFT 48
#define VTTBR_VMID	((uint64_t)BELAY_VMID << VTTBR_VMID_SHIFT)

/* VTCR: T0SZ = -8 (40-bit IPA), start at level 1 (SL0 = 1), walks WB WA
 * inner shareable. The level-1 table is two concatenated pages. */
#define VTCR_VALUE	(0x80000000u | (3u << 12) | (1u << 10) | (1u << 8) | \
			 (1u << 6) | (1u << 4) | 0x8u)

static pte_t s2_root[1024] __attribute__((aligned(8192)));
static struct pt s2_pt = { .root = s2_root, .root_entries = 1024 };

static uint64_t page_down(uint64_t a) { return a & ~(uint64_t)(PAGE_SIZE - 1); }
static uint64_t page_up(uint64_t a) { return page_down(a + PAGE_SIZE - 1); }

int stage2_build(void)
{
	const struct platform *p = &hyp.plat;
	uint64_t next = 0;
	int err = 0;

	s2_pt.alloc = hyp_page_alloc();
	/* Device: the gaps between /memory banks, up to the IPA limit. */
	for (unsigned int i = 0; i <= p->nr_mem && !err; i++) {
		uint64_t gap_end = i < p->nr_mem ? page_down(p->mem[i].base) : 1ull << IPA_BITS;
		if (gap_end > next)
			err = pt_map(&s2_pt, next, next, gap_end - next, ATTR_S2_DEVICE);
		if (i < p->nr_mem)
			next = page_up(p->mem[i].base + p->mem[i].size);
	}
	for (unsigned int i = 0; i < hyp.nr_guest_ram && !err; i++)
		err = pt_map(&s2_pt, hyp.guest_ram[i].base, hyp.guest_ram[i].base,
			     hyp.guest_ram[i].size, ATTR_S2_RAM);
	if (!err && p->gich.size)
		err = pt_unmap(&s2_pt, page_down(p->gich.base),
			       page_up(p->gich.base + p->gich.size) - page_down(p->gich.base));
	/* The vGIC: the distributor traps (hyp/vgic.c emulates it), and the
	 * guest's CPU interface address leads to GICV. */
	if (!err && vgic_on()) {
		err = pt_unmap(&s2_pt, page_down(p->gicd.base),
			       page_up(p->gicd.base + p->gicd.size) - page_down(p->gicd.base));
		if (!err)
			err = pt_unmap(&s2_pt, p->gicc.base, page_up(p->gicc.size));
		if (!err)
			err = pt_map(&s2_pt, p->gicc.base, p->gicv.base,
				     page_down(p->gicc.size < p->gicv.size ? p->gicc.size : p->gicv.size),
				     ATTR_S2_DEVICE);
	}
	if (err)
		return err;
	hyp.vttbr = (uintptr_t)s2_root | VTTBR_VMID;
	return 0;
}

/*
 * One VMID in every state (BELAY_VMID): even with Stage-2 off (STUB), the
 * guest's stage-1 TLB entries are tagged with VTTBR.VMID, and a TLBI...IS
 * issued by a CPU in RUN reaches only the entries of its own VMID (Arm
 * ARM B3.10.2). A CPU starts with VTTBR UNKNOWN, so set the VMID before
 * the guest can run on it; BADDR is unused while HCR.VM is clear.
 * stage2_enable() adds the root, stage2_disable() leaves VTTBR alone.
 */
void stage2_init_percpu(void)
{
	write_sysreg64(VTTBR_VMID, VTTBR);
	isb();
}

void stage2_enable(void)
{
	write_sysreg(VTCR_VALUE, VTCR);
	write_sysreg64(hyp.vttbr, VTTBR);
	write_sysreg(0, HSTR);
	write_sysreg(0, HCPTR);		/* the guest owns VFP/NEON */
	write_sysreg((read_sysreg(PMCR) >> 11) & 0x1f, HDCR);	/* and every PMU counter */
	isb();
	write_sysreg(0, TLBIALLNSNH);
	dsb();
	isb();
	/* TSC: guest SMCs (PSCI) trap to belay. SWIO: the guest's set/way
	 * invalidates clean too, as Stage-2 requires (B4.1.65). IMO/FMO
	 * with the vGIC: physical interrupts come to belay (hyp/vgic.c). */
	write_sysreg(HCR_VM | HCR_TSC | HCR_SWIO | (vgic_on() ? HCR_IMO | HCR_FMO : 0), HCR);
	isb();
}

void stage2_disable(void)
{
	write_sysreg(0, HCR);
	write_sysreg(0, HSTR);
	write_sysreg(0, HCPTR);
	isb();
	/* The guest's TLB entries were made through Stage-2. VTTBR, and so
	 * the VMID of what the guest caches from now on, stays as it is. */
	write_sysreg(0, TLBIALLNSNH);
	dsb();
	isb();
}
