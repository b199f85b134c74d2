// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * rt_start: from crt0 to main(). Reads what the boot protocol gave us
 * (registers, DTB) into struct rt_info.
 */
#include "guest.h"

struct rt_info rt;
extern uint32_t rt_entry_regs[2];

static void read_counter_at_entry(void)
{
	struct rt_fault f = { 0 };

	/* CNTPCT at PL1 needs CNTHCTL.PL1PCTEN; an undef here only costs the
	 * boot-time figure, so catch it. */
	rt_expect_fault(&f);
	uint64_t v = read_cntpct();
	rt_expect_none();
	rt.have_entry_cntpct = f.count == 0;
	rt.entry_cntpct = rt.have_entry_cntpct ? v : 0;
}

/* Remove [base, base + size) from the RAM ranges (mock region). */
static void mem_carve(uint64_t base, uint64_t size)
{
	for (int i = 0; i < rt.nmem; i++) {
		struct mem_range *m = &rt.mem[i];

		if (base >= m->base && base + size == m->base + m->size)
			m->size = base - m->base;
	}
}

static void read_fdt(void)
{
	const void *fdt = rt.fdt;
	int root = fdt_root(fdt);
	int len, node;
	const void *p;

	if (root < 0)
		return;
	rt.addr_cells = 2;
	rt.size_cells = 1;
	if ((p = fdt_getprop(fdt, root, "#address-cells", &len)) && len == 4)
		rt.addr_cells = fdt_be32(p);
	if ((p = fdt_getprop(fdt, root, "#size-cells", &len)) && len == 4)
		rt.size_cells = fdt_be32(p);
	uint32_t cells = rt.addr_cells + rt.size_cells;

	/* Every /memory* node with device_type "memory". */
	int depth = 0;
	node = root;
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (depth != 1 || strncmp(fdt_node_name(fdt, node), "memory", 6))
			continue;
		p = fdt_getprop(fdt, node, "reg", &len);
		for (int i = 0; p && i + (int)cells * 4 <= len &&
				rt.nmem < (int)ARRAY_SIZE(rt.mem); i += cells * 4) {
			rt.mem[rt.nmem].base = fdt_read_cells((const uint8_t *)p + i, rt.addr_cells);
			rt.mem[rt.nmem].size = fdt_read_cells((const uint8_t *)p + i + 4 * rt.addr_cells,
							      rt.size_cells);
			rt.nmem++;
		}
	}

	node = fdt_subnode(fdt, root, "hypervisor");
	if (node >= 0 && fdt_prop_has_string(fdt, node, "compatible", "belay,hypervisor")) {
		p = fdt_getprop(fdt, node, "reg", &len);
		if (p && len >= (int)cells * 4) {
			rt.belay_present = true;
			rt.belay_base = fdt_read_cells(p, rt.addr_cells);
			rt.belay_size = fdt_read_cells((const uint8_t *)p + 4 * rt.addr_cells,
						       rt.size_cells);
		}
	}

	node = fdt_subnode(fdt, root, "chosen");
	if (node >= 0 && (p = fdt_getprop(fdt, node, "bootargs", &len)))
		rt.bootargs = p;
}

noreturn void rt_start(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t hyp)
{
	read_counter_at_entry();
	rt.boot_r0 = r0;
	rt.boot_r1 = r1;
	rt.boot_r2 = r2;
	rt.entry_cpsr = rt_entry_regs[0];
	rt.entry_sctlr = rt_entry_regs[1];
	rt.native = hyp;
	rt.bootargs = "";

	/* QEMU passes no DTB in r2 to an ELF; it put one at the RAM base. */
	if (fdt_valid((const void *)r2))
		rt.fdt = (const void *)r2;
	else if (hyp && fdt_valid((const void *)0x40000000))
		rt.fdt = (const void *)0x40000000;
	if (rt.fdt)
		read_fdt();

	if (rt.native) {
		/* The mock hyp-stub plays belay (see layout.h, mock.c). */
		rt.belay_present = true;
		rt.belay_base = MOCK_REGION_BASE;
		rt.belay_size = MOCK_REGION_SIZE;
		mem_carve(MOCK_REGION_BASE, MOCK_REGION_SIZE);
	}

	printf("belay-test: start (%s) r0=%08x r1=%08x r2=%08x cpsr=%08x\n",
	       rt.native ? "native, mock hyp-stub" : "under belay",
	       r0, r1, r2, rt.entry_cpsr);
	if (!rt.fdt)
		printf("# no device tree found\n");
	main();
	report_summary();
}

void rt_require_belay(void)
{
	/* Natively the mock plays belay and belay_present is always true. */
	if (!rt.fdt)
		test_missing("a device tree");
	if (!rt.belay_present)
		test_missing("a /hypervisor node compatible with belay,hypervisor, with a reg");
}

bool addr_in_ram(uint64_t addr, uint64_t len)
{
	for (int i = 0; i < rt.nmem; i++)
		if (addr >= rt.mem[i].base && addr + len <= rt.mem[i].base + rt.mem[i].size)
			return true;
	return false;
}

bool addr_in_belay(uint64_t addr)
{
	return rt.belay_present && addr >= rt.belay_base &&
	       addr < rt.belay_base + rt.belay_size;
}

const char *belay_state_name(uint32_t state)
{
	static const char *const names[] = {
		[BELAY_STATE_OFF] = "OFF", [BELAY_STATE_STUB] = "STUB",
		[BELAY_STATE_INIT] = "INIT", [BELAY_STATE_RUN] = "RUN",
		[BELAY_STATE_TEARDOWN] = "TEARDOWN",
		[BELAY_STATE_FOREIGN] = "FOREIGN",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "?";
}
