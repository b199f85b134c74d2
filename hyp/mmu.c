/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's HYP Stage-1 map (docs/design.md): an identity map of its own region
 * and of the MMIO it uses itself, text RX, rodata R, the rest RW+XN, with
 * HSCTLR.WXN on. Identity is what lets every MMU on/off transition happen
 * in place, without a trampoline.
 */
#include <arch/sysreg.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/vgic.h>

/* HTCR: 32-bit VA (T0SZ 0), walks inner/outer WB WA, inner shareable. */
#define HTCR_VALUE	(0x80800000u | (3u << 12) | (1u << 10) | (1u << 8))

static pte_t hyp_root[4] __attribute__((aligned(32)));
static struct pt hyp_pt = { .root = hyp_root, .root_entries = 4 };

static int map_identity(uintptr_t start, uintptr_t end, uint64_t attrs)
{
	return pt_map(&hyp_pt, start, start, end - start, attrs);
}

int mmu_build(void)
{
	int err;

	hyp_pt.alloc = hyp_page_alloc();
	err = map_identity((uintptr_t)_start, (uintptr_t)_etext, ATTR_HYP_TEXT);
	if (!err)
		err = map_identity((uintptr_t)_etext, (uintptr_t)_erodata, ATTR_HYP_RO);
	if (!err)
		err = map_identity((uintptr_t)_erodata, (uintptr_t)_end, ATTR_HYP_RW);
	if (!err && hyp.plat.uart.kind != UART_NONE) {
		/* The UART's registers: 8 of them (a 16550's, spaced by
		 * reg_shift) or a PL011's first 4 KiB. */
		uint64_t first = hyp.plat.uart.base & ~0xfffull;
		uint64_t last = (hyp.plat.uart.base + (8ull << hyp.plat.uart.reg_shift) - 1) & ~0xfffull;

		err = pt_map(&hyp_pt, first, first, last - first + PAGE_SIZE, ATTR_HYP_DEVICE);
	}
	/* The vGIC's registers: the distributor, the CPU interface (with
	 * GICC_DIR in its second page) and the virtual interface control. */
	if (!err && vgic_on())
		err = pt_map(&hyp_pt, vgic.gic.dist, vgic.gic.dist, PAGE_SIZE, ATTR_HYP_DEVICE);
	if (!err && vgic_on())
		err = pt_map(&hyp_pt, vgic.gic.cpu, vgic.gic.cpu, GICC_SIZE, ATTR_HYP_DEVICE);
	if (!err && vgic_on())
		err = pt_map(&hyp_pt, vgic.gic.hyp & ~0xfffu, vgic.gic.hyp & ~0xfffu, PAGE_SIZE,
			     ATTR_HYP_DEVICE);
	if (err)
		return err;
	hyp.httbr = (uintptr_t)hyp_root;
	return 0;
}

void hyp_mmu_enable(void)
{
	write_sysreg(HMAIR0_VALUE, HMAIR0);
	write_sysreg(0, HMAIR1);
	write_sysreg(HTCR_VALUE, HTCR);
	write_sysreg64(hyp.httbr, HTTBR);
	isb();
	write_sysreg(0, TLBIALLH);
	dsb();
	isb();
	write_sysreg(HSCTLR_RES1 | HSCTLR_M | HSCTLR_C | HSCTLR_I | HSCTLR_WXN, HSCTLR);
	isb();
}
