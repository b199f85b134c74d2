// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * stage2: belay's region is not mapped for the guest in RUN (docs/design.md).
 * Reads and writes there must come back as a data abort injected into the
 * guest (abort mode, VBAR + 0x10, DFAR = the address, DFSR = synchronous
 * external abort) while belay keeps running. In STUB, with Stage-2 off,
 * the guest can read the region: a checksum of belay's image (text, rodata
 * and data, up to _edata) before and after the attempts proves no write got
 * through.
 * An address the DTB leaves unclaimed ("a hole") must abort too.
 */
#include "abi_common.h"

/*
 * The image's length from its zImage header (offset 0x2c: _edata, relocated
 * with belay). Not a fixed size: past _edata lie bss and stacks, which
 * belay writes as it runs. Read in STUB.
 */
static uint32_t image_bytes(uint32_t base)
{
	uint32_t end = *(volatile uint32_t *)(base + 0x2c);

	if (end >= base)
		end -= base;
	return end > 0x30 && end <= rt.belay_size ? end & ~3u : 0x1000;
}

static uint32_t checksum(uint32_t base, uint32_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a over words */

	for (uint32_t a = base; a < base + len; a += 4) {
		h ^= *(volatile uint32_t *)a;
		h *= 16777619u;
	}
	return h;
}

/* Does any top-level node's reg or ranges, /memory or belay claim addr? */
static bool dtb_claims(uint64_t addr)
{
	const void *fdt = rt.fdt;
	int root = fdt_root(fdt), node = root, depth = 0, len;
	const uint8_t *p;

	if (addr_in_ram(addr, 1) || addr_in_belay(addr))
		return true;
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (depth != 1)
			continue;
		uint32_t ac = rt.addr_cells, sc = rt.size_cells;
		p = fdt_getprop(fdt, node, "reg", &len);
		for (int i = 0; p && i + 4 * (int)(ac + sc) <= len; i += 4 * (ac + sc)) {
			uint64_t b = fdt_read_cells(p + i, ac), s = fdt_read_cells(p + i + 4 * ac, sc);
			if (addr >= b && addr - b < s)
				return true;
		}
		/* ranges: <child-addr parent-addr size> with the node's own cells. */
		const uint8_t *cp = fdt_getprop(fdt, node, "#address-cells", &len);
		uint32_t cac = cp && len == 4 ? fdt_be32(cp) : 2;
		cp = fdt_getprop(fdt, node, "#size-cells", &len);
		uint32_t csc = cp && len == 4 ? fdt_be32(cp) : 1;
		p = fdt_getprop(fdt, node, "ranges", &len);
		uint32_t stride = 4 * (cac + ac + csc);
		for (int i = 0; p && i + (int)stride <= len; i += stride) {
			uint64_t b = fdt_read_cells(p + i + 4 * cac, ac);
			uint64_t s = fdt_read_cells(p + i + 4 * (cac + ac), csc);
			if (addr >= b && addr - b < s)
				return true;
		}
	}
	return false;
}

/* One access that must abort; checks the injected abort in detail. */
static void expect_abort(struct checker *c, uint32_t addr, bool write, const char *what)
{
	struct rt_fault f = { 0 };
	const char *op = write ? "write" : "read";
	uint32_t v = 0;

	rt_expect_fault(&f);
	if (write)
		probe_write32(addr, 0xdeadbeef);
	else
		v = probe_read32(addr);
	rt_expect_none();

	if (!check(c, f.count == 1 && f.type == EXC_DABT,
		   "%s %s %08x: a data abort reaches the guest (%u, %s)", op, what, addr,
		   f.count, f.count ? exc_name(f.type) : "none"))
		return;
	check(c, f.dfar == addr, "%s %08x: DFAR = the address (%08x)", op, addr, f.dfar);
	check(c, fsr_is_sync_external(f.dfsr), "%s %08x: DFSR = synchronous external abort (%08x)",
	      op, addr, f.dfsr);
	check(c, !!(f.dfsr & FSR_WNR) == write, "%s %08x: DFSR.WnR says %s (%08x)", op, addr, op,
	      f.dfsr);
	check(c, f.mode == PSR_MODE_ABT && (f.spsr & PSR_MODE_MASK) == PSR_MODE_SVC,
	      "%s %08x: taken in abort mode from SVC (handler mode %x, spsr %08x)", op, addr,
	      f.mode, f.spsr);
	uint32_t insn = (uint32_t)(uintptr_t)(write ? probe_write32_insn : probe_read32_insn);
	check(c, f.pc == insn, "%s %08x: at the faulting instruction (%08x)", op, addr, f.pc);
	if (!write)
		check(c, v == PROBE_SENTINEL, "%s %08x: execution resumed after it, no data (%08x)",
		      op, addr, v);
}

static void test_hole(struct checker *c)
{
	static const uint32_t candidates[] = { 0xc0000000, 0xe0000000, 0xf0000000 };
	uint32_t hole = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(candidates) && !hole; i++)
		if (!dtb_claims(candidates[i]))
			hole = candidates[i];
	if (!hole) {
		report_skip("no address the DTB leaves unclaimed");
		return;
	}
	report_info("%08x: nothing in the DTB claims it", hole);
	expect_abort(c, hole, false, "a DTB hole");
	expect_abort(c, hole, true, "a DTB hole");
}

int main(void)
{
	struct checker c = { .quiet = false };

	abi_init();
	if (rt.native) {
		/* The mock has no Stage-2: only the unclaimed-address case, which
		 * QEMU itself aborts, checks the guest side here. */
		report_prefix_push("native");
		test_hole(&c);
		return 0;
	}

	uint32_t base = (uint32_t)rt.belay_base;
	const uint32_t probes[] = {
		base, base + 0x1000, belay_vectors & ~3u,
		(uint32_t)(rt.belay_base + rt.belay_size - 4),
	};
	uint32_t before[ARRAY_SIZE(probes)];

	/* STUB: Stage-2 off, belay's region readable. */
	report_prefix_push("stub");
	abi_to_stub(&c);
	struct rt_fault f = { 0 };
	rt_expect_fault(&f);
	uint32_t len = image_bytes(base);
	uint32_t sum0 = checksum(base, len);
	for (unsigned int i = 0; i < ARRAY_SIZE(probes); i++)
		before[i] = *(volatile uint32_t *)probes[i];
	rt_expect_none();
	check(&c, f.count == 0, "belay's region is readable in STUB (%u aborts)", f.count);
	report_info("checksum of %08x+%x: %08x", base, len, sum0);
	abi_to_run(&c);
	report_prefix_pop();

	/* RUN: every access aborts, and belay keeps answering. */
	report_prefix_push("run");
	for (unsigned int i = 0; i < ARRAY_SIZE(probes); i++) {
		expect_abort(&c, probes[i], false, "belay's region");
		expect_abort(&c, probes[i], true, "belay's region");
	}
	uint32_t st = belay_state();
	check(&c, st == BELAY_STATE_RUN, "belay still answers after the aborts: %s",
	      belay_state_name(st));
	uint32_t v = belay_get_vectors();
	check(&c, v == belay_vectors, "GET_VECTORS unchanged (%08x)", v);
	test_hole(&c);
	report_prefix_pop();

	/* STUB again: nothing was written. */
	report_prefix_push("stub");
	abi_to_stub(&c);
	rt_expect_fault(&f);
	uint32_t sum1 = checksum(base, len);
	bool same = true;
	for (unsigned int i = 0; i < ARRAY_SIZE(probes); i++)
		if (*(volatile uint32_t *)probes[i] != before[i]) {
			same = false;
			report_info("%08x changed: %08x -> %08x", probes[i], before[i],
				    *(volatile uint32_t *)probes[i]);
		}
	rt_expect_none();
	check(&c, sum1 == sum0, "belay's image is unchanged (checksum %08x)", sum1);
	check(&c, same, "the words the guest tried to write are unchanged");
	abi_to_run(&c);
	report_prefix_pop();

	abi_check_common(&c, BELAY_STATE_RUN, false);
	return 0;
}
