/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * fdt_parse_platform() (hyp/fdt_platform.c) on the QEMU virt fixture and
 * on broken variants of it. A broken DTB must give an error and a message,
 * never a crash: run this under valgrind to see the "never" part.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <hyp/platform.h>

#include "check.h"
#include "fixture.h"

static struct platform p;

/* Parse; on failure expect a message, and print it so the log shows it. */
static int parse(const void *fdt)
{
	const char *why = NULL;
	int ret = fdt_parse_platform(fdt, &p, &why);

	if (ret) {
		CHECK(why != NULL && why[0] != '\0');
		printf("  error %d: %s\n", ret, why ? why : "(none)");
	} else {
		CHECK(why == NULL);
	}
	return ret;
}

static const char *parse_why(const void *fdt, int expect)
{
	const char *why = NULL;

	CHECK_EQ(fdt_parse_platform(fdt, &p, &why), expect);
	return why ? why : "";
}

static void set_reg(void *fdt, const char *path, const uint32_t *cells, int n)
{
	fdt32_t buf[64];
	int i;

	if (n > 64)
		abort();
	for (i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(cells[i]);
	CHECK_EQ(fdt_setprop(fdt, node_at(fdt, path), "reg", buf, n * 4), 0);
}

static void test_qemu_virt(void)
{
	CHECK_EQ(parse(fixture), 0);
	CHECK_EQ(p.nr_mem, 1);
	CHECK_EQ(p.mem[0].base, 0x40000000);
	CHECK_EQ(p.mem[0].size, 0x40000000);
	CHECK_EQ(p.uart.base, 0x09000000);
	CHECK_EQ(p.gicd.base, 0x08000000);
	CHECK_EQ(p.gicd.size, 0x10000);
	CHECK_EQ(p.gicc.base, 0x08010000);
	CHECK_EQ(p.gich.base, 0x08030000);
	CHECK_EQ(p.gicv.base, 0x08040000);
	CHECK_EQ(p.gicv.size, 0x10000);
	CHECK_EQ(p.gic_maint_id, 25);	/* interrupts = <1 9 4>: PPI 9 */
	CHECK_EQ(p.hyp_timer_id, 26);	/* the timer's fourth: PPI 10 */
	CHECK_EQ(p.psci, PSCI_CONDUIT_SMC);
	CHECK_EQ(p.nr_cpus, 2);
	CHECK_EQ(p.cpu_mpidr[0], 0);
	CHECK_EQ(p.cpu_mpidr[1], 1);
	CHECK_EQ(p.nr_modules, 2);
	CHECK_EQ(p.modules[0].kind, MODULE_RAMDISK);
	CHECK_EQ(p.modules[0].where.base, 0x43000000);
	CHECK_EQ(p.modules[0].where.size, 0x200000);
	CHECK(!p.modules[0].bootargs.present);
	CHECK_EQ(p.modules[0].bootargs.len, 0);
	CHECK(p.modules[0].bootargs.text[0] == '\0');
	CHECK_EQ(p.modules[1].kind, MODULE_KERNEL);
	CHECK_EQ(p.modules[1].where.base, 0x42000000);
	CHECK_EQ(p.modules[1].where.size, 0x800000);
	CHECK(p.modules[1].bootargs.present);
	CHECK_EQ(p.modules[1].bootargs.len, strlen("console=ttyAMA0 belay.log=4"));
	CHECK(strcmp(p.modules[1].bootargs.text, "console=ttyAMA0 belay.log=4") == 0);
	CHECK_EQ(p.initrd.base, 0x44000000);
	CHECK_EQ(p.initrd.size, 0x100000);
	CHECK(p.bootargs.present);
	CHECK(strcmp(p.bootargs.text, "console=ttyAMA0 belay.log=3 earlycon") == 0);
	CHECK_EQ(p.dtb.base, (uintptr_t)fixture);
	CHECK_EQ(p.dtb.size, fdt_totalsize(fixture));
}

static void test_garbage(void)
{
	unsigned char junk[512];
	unsigned int i;
	const char *why = NULL;

	srand(1);
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rand();
	CHECK_EQ(parse(junk), E_BADFDT);
	/* Right magic, nonsense after it. */
	memcpy(junk, fixture, 4);
	CHECK_EQ(parse(junk), E_BADFDT);
	memset(junk, 0, sizeof(junk));
	CHECK_EQ(parse(junk), E_BADFDT);
	CHECK_EQ(fdt_parse_platform(NULL, &p, &why), E_BADARG);
	CHECK(why != NULL);
	/* A NULL why is allowed. */
	CHECK_EQ(fdt_parse_platform(junk, &p, NULL), E_BADFDT);
}

static void test_truncated(void)
{
	void *fdt = fixture_copy(0);
	uint32_t size = fdt_totalsize(fdt);

	fdt_set_totalsize(fdt, size / 2);
	CHECK_EQ(parse(fdt), E_BADFDT);
	/* The strings block cut off the end. */
	fdt_set_totalsize(fdt, size - 4);
	CHECK_EQ(parse(fdt), E_BADFDT);
	/* The structure block said to run past the end. */
	fdt_set_totalsize(fdt, size);
	fdt_set_size_dt_struct(fdt, size);
	CHECK_EQ(parse(fdt), E_BADFDT);
	free(fdt);
}

/*
 * Versions before 17 are refused, each with a message. Found by fuzzing
 * (tests/fuzz): Debian's libfdt 1.6.1 fdt_check_full() dereferenced NULL
 * for a version 15 DTB, whose root name (empty, as in every DTB) has no
 * '/', and with version 16 a property name could run on past the strings
 * block.
 */
static void test_old_versions(void)
{
	void *fdt = fixture_copy(0);
	uint32_t v;

	for (v = 2; v <= 16; v++) {
		fdt_set_version(fdt, v);
		fdt_set_last_comp_version(fdt, v < 16 ? v : 16);
		CHECK(strstr(parse_why(fdt, E_BADFDT), "version") != NULL);
	}
	fdt_set_version(fdt, 17);
	fdt_set_last_comp_version(fdt, 16);
	CHECK_EQ(parse(fdt), 0);
	free(fdt);
}

/* Blocks out of order, or a reservation map with no end before the
 * structure block: refused (libfdt 1.6.1's fdt_open_into() moved a negative
 * size on one the DTB fuzzer found). */
static void test_blocks_in_order(void)
{
	void *fdt = fixture_copy(0);
	uint64_t *rsv = (uint64_t *)((char *)fdt + fdt_off_mem_rsvmap(fdt));
	uint32_t st = fdt_off_dt_struct(fdt);

	CHECK(fdt_blocks_in_order(fdt));
	/* Fill the map up to the structure block with non-empty entries. */
	for (uint32_t off = fdt_off_mem_rsvmap(fdt); off + 16 <= st; off += 16, rsv += 2)
		rsv[0] = rsv[1] = ~0ull;
	CHECK(!fdt_blocks_in_order(fdt));
	CHECK(strstr(parse_why(fdt, E_BADFDT), "reservation map") != NULL);
	free(fdt);

	fdt = fixture_copy(0);
	fdt_set_off_dt_strings(fdt, fdt_off_dt_struct(fdt) + 4);
	CHECK(!fdt_blocks_in_order(fdt));
	CHECK(strstr(parse_why(fdt, E_BADFDT), "out of order") != NULL);
	free(fdt);
}

static void test_memory_bad_reg(void)
{
	void *fdt = fixture_copy(256);
	uint32_t three[] = { 0, 0x40000000, 0x1000 };
	const char *why;

	set_reg(fdt, "/memory@40000000", three, 3);
	why = parse_why(fdt, E_BADFDT);
	CHECK(strcmp(why, "/memory@40000000: reg length 12 is not a multiple of 16") == 0);
	printf("  %s\n", why);
	CHECK_EQ(fdt_delprop(fdt, node_at(fdt, "/memory@40000000"), "reg"), 0);
	why = parse_why(fdt, E_BADFDT);
	CHECK(strcmp(why, "/memory@40000000: has no reg") == 0);
	/* A bank that wraps around the top of the address space. */
	{
		uint32_t wrap[] = { 0xffffffff, 0xfffff000, 0, 0x2000 };

		set_reg(fdt, "/memory@40000000", wrap, 4);
		CHECK_EQ(parse(fdt), E_BADFDT);
	}
	/* Root cell counts belay cannot read. */
	free(fdt);
	fdt = fixture_copy(256);
	CHECK_EQ(fdt_setprop_u32(fdt, 0, "#address-cells", 3), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	CHECK_EQ(fdt_setprop_u64(fdt, 0, "#address-cells", 2), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	free(fdt);
}

static void test_no_memory(void)
{
	void *fdt = fixture_copy(256);
	uint32_t empty[] = { 0, 0x40000000, 0, 0 };

	set_reg(fdt, "/memory@40000000", empty, 4);
	CHECK_EQ(parse(fdt), E_NOMEM_NODE);
	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/memory@40000000")), 0);
	CHECK_EQ(parse(fdt), E_NOMEM_NODE);
	free(fdt);

	/* A memory node that is disabled does not count. */
	fdt = fixture_copy(256);
	CHECK_EQ(fdt_setprop_string(fdt, node_at(fdt, "/memory@40000000"), "status", "disabled"), 0);
	CHECK_EQ(parse(fdt), E_NOMEM_NODE);
	free(fdt);
}

static void test_memory_banks(void)
{
	void *fdt = fixture_copy(1024);
	/* Unsorted, overlapping, adjacent, empty, and above 4 GiB. */
	uint32_t banks[] = {
		0x1, 0x00000000, 0x0, 0x40000000,	/* 4-5 GiB */
		0x0, 0x88000000, 0x0, 0x08000000,	/* 2 GiB + 128 MiB */
		0x0, 0x40000000, 0x0, 0x20000000,
		0x0, 0x50000000, 0x0, 0x20000000,	/* overlaps the one before */
		0x0, 0x70000000, 0x0, 0x10000000,	/* touches the one before */
		0x0, 0x90000000, 0x0, 0x00000000,	/* empty */
	};
	int node;

	set_reg(fdt, "/memory@40000000", banks, 24);
	/* A second memory node, touching one of the first's banks. */
	node = fdt_add_subnode(fdt, 0, "memory@88000000");
	CHECK(node >= 0);
	CHECK_EQ(fdt_setprop_string(fdt, node, "device_type", "memory"), 0);
	{
		fdt32_t r[4] = { cpu_to_fdt32(0), cpu_to_fdt32(0x90000000),
				 cpu_to_fdt32(0), cpu_to_fdt32(0x1000000) };

		CHECK_EQ(fdt_setprop(fdt, node, "reg", r, sizeof(r)), 0);
	}
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.nr_mem, 3);
	CHECK_EQ(p.mem[0].base, 0x40000000);
	CHECK_EQ(p.mem[0].size, 0x40000000);
	CHECK_EQ(p.mem[1].base, 0x88000000);
	CHECK_EQ(p.mem[1].size, 0x09000000);
	CHECK_EQ(p.mem[2].base, 0x100000000ull);
	CHECK_EQ(p.mem[2].size, 0x40000000);
	free(fdt);

	/* Nine separate banks are one too many. */
	fdt = fixture_copy(1024);
	{
		uint32_t nine[36];
		int i;

		for (i = 0; i < 9; i++) {
			nine[4 * i + 0] = 0;
			nine[4 * i + 1] = 0x40000000 + i * 0x2000000;
			nine[4 * i + 2] = 0;
			nine[4 * i + 3] = 0x1000000;
		}
		set_reg(fdt, "/memory@40000000", nine, 32);
		CHECK_EQ(parse(fdt), 0);
		CHECK_EQ(p.nr_mem, 8);
		set_reg(fdt, "/memory@40000000", nine, 36);
		CHECK_EQ(parse(fdt), E_TOOMANY);
	}
	free(fdt);
}

/* A one-cell root, as many 32-bit boards have. */
static void test_one_cell_root(void)
{
	void *fdt = fixture_copy(1024);
	uint32_t mem[] = { 0x80000000, 0x20000000 };
	uint32_t mod[] = { 0x82000000, 0x400000 };
	uint32_t uart[] = { 0x1c090000, 0x1000 };
	int node;

	CHECK_EQ(fdt_setprop_u32(fdt, 0, "#address-cells", 1), 0);
	CHECK_EQ(fdt_setprop_u32(fdt, 0, "#size-cells", 1), 0);
	set_reg(fdt, "/memory@40000000", mem, 2);
	set_reg(fdt, "/chosen/module@0x42000000", mod, 2);
	set_reg(fdt, "/chosen/module@0x43000000", mod, 2);
	set_reg(fdt, "/pl011@9000000", uart, 2);
	node = node_at(fdt, "/intc@8000000");
	CHECK_EQ(fdt_delprop(fdt, node, "reg"), 0);
	node = node_at(fdt, "/chosen");
	CHECK_EQ(fdt_setprop_u32(fdt, node, "linux,initrd-start", 0x88000000), 0);
	CHECK_EQ(fdt_setprop_u64(fdt, node, "linux,initrd-end", 0x88800000), 0);
	/* The GIC's reg is gone: that is an error, not a silent zero. */
	CHECK_EQ(parse(fdt), E_BADFDT);
	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/intc@8000000")), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.nr_mem, 1);
	CHECK_EQ(p.mem[0].base, 0x80000000);
	CHECK_EQ(p.mem[0].size, 0x20000000);
	CHECK_EQ(p.modules[1].where.base, 0x82000000);
	CHECK_EQ(p.modules[1].where.size, 0x400000);
	CHECK_EQ(p.uart.base, 0x1c090000);
	CHECK_EQ(p.gicd.size, 0);
	CHECK_EQ(p.gicv.size, 0);
	CHECK_EQ(p.gic_maint_id, 0);
	CHECK_EQ(p.initrd.base, 0x88000000);
	CHECK_EQ(p.initrd.size, 0x800000);
	free(fdt);
}

/* A PL011 above 4 GiB is no console for belay (32-bit addresses): none,
 * rather than a truncated address written with the MMU off or a HYP
 * mapping that cannot be made (which once panicked belay at boot). */
static void test_uart_above_4g(void)
{
	void *fdt = fixture_copy(1024);
	uint32_t high[] = { 0x1, 0x09000000, 0x0, 0x1000 };
	uint32_t top[] = { 0x0, 0xfffff000, 0x0, 0x1000 };

	set_reg(fdt, "/pl011@9000000", high, 4);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0);
	set_reg(fdt, "/pl011@9000000", top, 4);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0xfffff000);
	free(fdt);
}

static void test_stdout_path(void)
{
	void *fdt = fixture_copy(1024);
	int chosen = node_at(fdt, "/chosen");
	int node;
	fdt32_t r[4] = { 0, cpu_to_fdt32(0x09100000), 0, cpu_to_fdt32(0x1000) };

	/* A second PL011, named by a full path with options. */
	node = fdt_add_subnode(fdt, 0, "pl011@9100000");
	CHECK_EQ(fdt_setprop(fdt, node, "reg", r, sizeof(r)), 0);
	CHECK_EQ(fdt_setprop_string(fdt, node, "compatible", "arm,pl011"), 0);
	chosen = node_at(fdt, "/chosen");
	CHECK_EQ(fdt_setprop_string(fdt, chosen, "stdout-path", "/pl011@9100000:115200n8"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_PL011);
	CHECK_EQ(p.uart.base, 0x09100000);
	/* The alias, with options, as QEMU's own DTB has it. */
	CHECK_EQ(fdt_setprop_string(fdt, chosen, "stdout-path", "serial0:115200n8"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09000000);
	/*
	 * Without a stdout-path: the first PL011 in tree order, which is the
	 * one just added (fdt_add_subnode puts a node before its siblings).
	 */
	CHECK_EQ(fdt_delprop(fdt, chosen, "stdout-path"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09100000);
	/* A stdout-path to nothing, or to a UART belay cannot drive. */
	CHECK_EQ(fdt_setprop_string(fdt, chosen, "stdout-path", "serial7"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09100000);
	CHECK_EQ(fdt_setprop_string(fdt, chosen, "stdout-path", "/timer"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09100000);
	/* Another alias; then aliases that name each other, not a path. */
	node = node_at(fdt, "/aliases");
	CHECK_EQ(fdt_setprop_string(fdt, node, "serial1", "/pl011@9000000"), 0);
	chosen = node_at(fdt, "/chosen");
	CHECK_EQ(fdt_setprop_string(fdt, chosen, "stdout-path", "serial1"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09000000);
	node = node_at(fdt, "/aliases");
	CHECK_EQ(fdt_setprop_string(fdt, node, "serial1", "serial2"), 0);
	CHECK_EQ(fdt_setprop_string(fdt, node, "serial2", "serial1"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09100000);
	chosen = node_at(fdt, "/chosen");
	/* Not a string: an error. */
	CHECK_EQ(fdt_setprop(fdt, chosen, "stdout-path", "abc", 3), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	/* No PL011 at all: uart 0, not an error. */
	CHECK_EQ(fdt_delprop(fdt, chosen, "stdout-path"), 0);
	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/pl011@9100000")), 0);
	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/pl011@9000000")), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0);
	free(fdt);
}

/*
 * A 16550-style stdout (issue 12): Allwinner H3's DesignWare APB UART as
 * sun8i-h3-orangepi-pc.dtb has it, inside a /soc bus with one-cell
 * addresses, named by an alias. The driver gets the register layout from
 * reg-shift and reg-io-width; a layout it cannot use, a disabled node or
 * a compatible it does not know leaves the first PL011 as the console.
 */
static void test_stdout_ns16550(void)
{
	void *fdt = fixture_copy(2048);
	fdt32_t reg[2] = { cpu_to_fdt32(0x01c28000), cpu_to_fdt32(0x400) };
	int soc, uart, node;

	soc = fdt_add_subnode(fdt, 0, "soc");
	CHECK(soc >= 0);
	CHECK_EQ(fdt_setprop_u32(fdt, soc, "#address-cells", 1), 0);
	CHECK_EQ(fdt_setprop_u32(fdt, soc, "#size-cells", 1), 0);
	CHECK_EQ(fdt_setprop(fdt, soc, "ranges", NULL, 0), 0);
	uart = fdt_add_subnode(fdt, soc, "serial@1c28000");
	CHECK(uart >= 0);
	CHECK_EQ(fdt_setprop_string(fdt, uart, "compatible", "snps,dw-apb-uart"), 0);
	CHECK_EQ(fdt_setprop(fdt, uart, "reg", reg, sizeof(reg)), 0);
	CHECK_EQ(fdt_setprop_u32(fdt, uart, "reg-shift", 2), 0);
	CHECK_EQ(fdt_setprop_u32(fdt, uart, "reg-io-width", 4), 0);
	CHECK_EQ(fdt_setprop_string(fdt, uart, "status", "okay"), 0);
	node = node_at(fdt, "/aliases");
	CHECK_EQ(fdt_setprop_string(fdt, node, "serial0", "/soc/serial@1c28000"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_NS16550);
	CHECK_EQ(p.uart.base, 0x01c28000);
	CHECK_EQ(p.uart.reg_shift, 2);
	CHECK_EQ(p.uart.reg_io_width, 4);

	/* ns16550a and ns16550, without reg-shift and reg-io-width: 0 and 1. */
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_delprop(fdt, uart, "reg-shift"), 0);
	CHECK_EQ(fdt_delprop(fdt, uart, "reg-io-width"), 0);
	CHECK_EQ(fdt_setprop_string(fdt, uart, "compatible", "ns16550a"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_NS16550);
	CHECK_EQ(p.uart.base, 0x01c28000);
	CHECK_EQ(p.uart.reg_shift, 0);
	CHECK_EQ(p.uart.reg_io_width, 1);
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop(fdt, uart, "compatible", "vendor,uart\0ns16550", 21), 0);
	CHECK_EQ(fdt_setprop_u32(fdt, uart, "reg-io-width", 2), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_NS16550);
	CHECK_EQ(p.uart.reg_io_width, 2);

	/* Layouts the driver cannot use: the PL011 instead. */
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop_u32(fdt, uart, "reg-io-width", 3), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_PL011);
	CHECK_EQ(p.uart.base, 0x09000000);
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop_u32(fdt, uart, "reg-io-width", 4), 0);
	CHECK_EQ(fdt_setprop_u32(fdt, uart, "reg-shift", 12), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_PL011);
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop_u64(fdt, uart, "reg-shift", 2), 0);	/* two cells */
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_PL011);
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop_u32(fdt, uart, "reg-shift", 2), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_NS16550);

	/* Disabled, or a compatible belay has no driver for. */
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop_string(fdt, uart, "status", "disabled"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_PL011);
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop_string(fdt, uart, "status", "okay"), 0);
	CHECK_EQ(fdt_setprop_string(fdt, uart, "compatible", "vendor,other-uart"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_PL011);

	/* No PL011 either: no console, and still not an error. */
	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/pl011@9000000")), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_NONE);
	CHECK_EQ(p.uart.base, 0);
	/* A 16550 is never taken when stdout-path does not name it. */
	uart = node_at(fdt, "/soc/serial@1c28000");
	CHECK_EQ(fdt_setprop_string(fdt, uart, "compatible", "snps,dw-apb-uart"), 0);
	CHECK_EQ(fdt_delprop(fdt, node_at(fdt, "/chosen"), "stdout-path"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.kind, UART_NONE);
	free(fdt);
}

/* Build /soc with the given ranges and a PL011 inside it. */
static void *with_soc(const uint32_t *ranges, int n)
{
	void *fdt = fixture_copy(1024);
	fdt32_t buf[8];
	fdt32_t reg[2] = { cpu_to_fdt32(0x9000000), cpu_to_fdt32(0x1000) };
	int soc, uart, i;

	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/pl011@9000000")), 0);
	soc = fdt_add_subnode(fdt, 0, "soc");
	CHECK(soc >= 0);
	CHECK_EQ(fdt_setprop_u32(fdt, soc, "#address-cells", 1), 0);
	CHECK_EQ(fdt_setprop_u32(fdt, soc, "#size-cells", 1), 0);
	for (i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(ranges[i]);
	if (n >= 0)
		CHECK_EQ(fdt_setprop(fdt, soc, "ranges", buf, n * 4), 0);
	uart = fdt_add_subnode(fdt, soc, "serial@9000000");
	CHECK(uart >= 0);
	CHECK_EQ(fdt_setprop_string(fdt, uart, "compatible", "arm,pl011"), 0);
	CHECK_EQ(fdt_setprop(fdt, uart, "reg", reg, sizeof(reg)), 0);
	CHECK_EQ(fdt_delprop(fdt, node_at(fdt, "/chosen"), "stdout-path"), 0);
	return fdt;
}

static void test_bus_ranges(void)
{
	/* child (1 cell), parent (2 cells), size (1 cell) */
	uint32_t identity[] = { 0x0, 0x0, 0x0, 0x40000000 };
	uint32_t shifted[] = { 0x0, 0x0, 0x10000000, 0x40000000 };
	const char *why;
	void *fdt;

	fdt = with_soc(NULL, 0);			/* "ranges;" */
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09000000);
	free(fdt);
	fdt = with_soc(identity, 4);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.uart.base, 0x09000000);
	free(fdt);
	fdt = with_soc(shifted, 4);
	why = parse_why(fdt, E_BADFDT);
	CHECK(strncmp(why, "/soc: ", 6) == 0 && strstr(why, "identity"));
	printf("  %s\n", why);
	free(fdt);
	fdt = with_soc(shifted, 3);			/* wrong length */
	CHECK_EQ(parse(fdt), E_BADFDT);
	free(fdt);
	fdt = with_soc(NULL, -1);			/* no ranges at all */
	why = parse_why(fdt, E_BADFDT);
	CHECK(strncmp(why, "/soc: ", 6) == 0);
	free(fdt);
}

static void test_too_many_cpus(void)
{
	void *fdt = fixture_copy(4096);
	int cpus = node_at(fdt, "/cpus");
	char name[16];
	int i, node;
	const char *why;

	for (i = 2; i < 9; i++) {
		snprintf(name, sizeof(name), "cpu@%d", i);
		node = fdt_add_subnode(fdt, cpus, name);
		CHECK(node >= 0);
		CHECK_EQ(fdt_setprop_string(fdt, node, "device_type", "cpu"), 0);
		CHECK_EQ(fdt_setprop_u32(fdt, node, "reg", 0x100 + i), 0);
		cpus = node_at(fdt, "/cpus");
	}
	why = parse_why(fdt, E_TOOMANY);
	CHECK(strstr(why, "CPU") != NULL);
	/*
	 * Eight is fine; a cpu-map or other non-CPU node is not counted. The
	 * order is the DTB's: each node added went in before its siblings.
	 */
	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/cpus/cpu@8")), 0);
	CHECK(fdt_add_subnode(fdt, node_at(fdt, "/cpus"), "cpu-map") >= 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.nr_cpus, 8);
	CHECK_EQ(p.cpu_mpidr[0], 0x107);
	CHECK_EQ(p.cpu_mpidr[5], 0x102);
	CHECK_EQ(p.cpu_mpidr[6], 0);
	CHECK_EQ(p.cpu_mpidr[7], 1);
	/* Two 1-cell entries: the first is the MPIDR. */
	CHECK_EQ(fdt_setprop_u64(fdt, node_at(fdt, "/cpus/cpu@7"), "reg", 7), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.cpu_mpidr[0], 0);
	/* A CPU reg of the wrong size. */
	CHECK_EQ(fdt_setprop(fdt, node_at(fdt, "/cpus/cpu@7"), "reg", "ab", 2), 0);
	why = parse_why(fdt, E_BADFDT);
	CHECK(strcmp(why, "/cpus/cpu@7: reg length 2 is not a multiple of 4") == 0);
	free(fdt);
}

static void test_psci(void)
{
	void *fdt = fixture_copy(256);
	int node = node_at(fdt, "/psci");

	CHECK_EQ(fdt_setprop_string(fdt, node, "method", "hvc"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.psci, PSCI_CONDUIT_HVC);
	CHECK_EQ(fdt_setprop_string(fdt, node, "method", "svc"), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	CHECK_EQ(fdt_delprop(fdt, node, "method"), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	/* A plain 0.1 node still counts. */
	CHECK_EQ(fdt_setprop_string(fdt, node, "method", "smc"), 0);
	CHECK_EQ(fdt_setprop_string(fdt, node, "compatible", "arm,psci"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.psci, PSCI_CONDUIT_SMC);
	CHECK_EQ(fdt_del_node(fdt, node), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.psci, PSCI_CONDUIT_NONE);
	free(fdt);
}

static void test_chosen(void)
{
	void *fdt = fixture_copy(2048);
	int chosen = node_at(fdt, "/chosen");
	int i, node;
	char name[32];

	/* 64-bit initrd cells, as U-Boot writes them. */
	CHECK_EQ(fdt_setprop_u64(fdt, chosen, "linux,initrd-start", 0x123400000ull), 0);
	CHECK_EQ(fdt_setprop_u64(fdt, chosen, "linux,initrd-end", 0x123500000ull), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.initrd.base, 0x123400000ull);
	CHECK_EQ(p.initrd.size, 0x100000);
	CHECK_EQ(fdt_setprop_u64(fdt, chosen, "linux,initrd-end", 0x1233fffffull), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	CHECK_EQ(fdt_setprop(fdt, chosen, "linux,initrd-end", "abc", 3), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	CHECK_EQ(fdt_delprop(fdt, chosen, "linux,initrd-end"), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	CHECK_EQ(fdt_delprop(fdt, chosen, "linux,initrd-start"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.initrd.size, 0);
	/* Bootargs that are not a string. */
	CHECK_EQ(fdt_setprop(fdt, chosen, "bootargs", "x", 1), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	CHECK_EQ(fdt_delprop(fdt, chosen, "bootargs"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK(!p.bootargs.present);
	/* A module of the wrong reg length, and a multiboot node of another kind. */
	CHECK_EQ(fdt_setprop_u32(fdt, node_at(fdt, "/chosen/module@0x42000000"), "reg", 5), 0);
	CHECK_EQ(parse(fdt), E_BADFDT);
	/* The console is found all the same, so that belay can say why it
	 * stops; the message is the module's. */
	CHECK_EQ(p.uart.kind, UART_PL011);
	CHECK_EQ(p.uart.base, 0x09000000);
	CHECK(strncmp(parse_why(fdt, E_BADFDT), "/chosen/module@0x42000000: reg length", 37) == 0);
	free(fdt);

	fdt = fixture_copy(2048);
	chosen = node_at(fdt, "/chosen");
	node = fdt_add_subnode(fdt, chosen, "module@50000000");
	CHECK_EQ(fdt_setprop(fdt, node, "compatible", "multiboot,module\0multiboot,device-tree",
			     sizeof("multiboot,module\0multiboot,device-tree")), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.nr_modules, 2);
	/* Five modules are one too many. */
	for (i = 0; i < 3; i++) {
		fdt32_t r[4] = { 0, cpu_to_fdt32(0x45000000 + i * 0x100000), 0, cpu_to_fdt32(0x1000) };

		snprintf(name, sizeof(name), "module@%x", 0x45000000 + i * 0x100000);
		node = fdt_add_subnode(fdt, node_at(fdt, "/chosen"), name);
		CHECK_EQ(fdt_setprop_string(fdt, node, "compatible", "multiboot,ramdisk"), 0);
		CHECK_EQ(fdt_setprop(fdt, node, "reg", r, sizeof(r)), 0);
		CHECK_EQ(parse(fdt), i < 2 ? 0 : E_TOOMANY);
	}
	/* No /chosen at all: nothing chosen, and no error. */
	CHECK_EQ(fdt_del_node(fdt, node_at(fdt, "/chosen")), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.nr_modules, 0);
	CHECK(!p.bootargs.present);
	CHECK_EQ(p.uart.base, 0x09000000);
	free(fdt);
}

/*
 * Bootargs are copied out of the DTB, whole or cut: struct platform holds
 * nothing that points into the blob (or into belay's load image), so the
 * parse result survives the blob being overwritten, as the boot DTB and
 * belay's load image can be once the guest kernel is moved (docs/boot.md).
 */
/*
 * A memory node that libfdt finds as "/chosen" ("chosen@a0000000" ahead of
 * /chosen) is refused. Found by fuzzing (tests/fuzz): belay read no
 * bootargs from it, fdt_write_guest() replaced it as a memory node and
 * then found the real /chosen, so the guest got its bootargs with the
 * belay.* words in.
 */
static void test_chosen_is_memory(void)
{
	void *fdt = fixture_copy(512);
	static const uint32_t reg[] = { 0, 0xa0000000, 0, 0x10000000 };
	int node = fdt_add_subnode(fdt, 0, "chosen@a0000000");

	CHECK(node >= 0);
	CHECK_EQ(fdt_setprop_string(fdt, node, "device_type", "memory"), 0);
	set_reg(fdt, "/chosen@a0000000", reg, 4);
	CHECK(strstr(parse_why(fdt, E_BADFDT), "/chosen@a0000000: is both /chosen and a memory node") != NULL);
	/* Another name is just more memory. */
	CHECK_EQ(fdt_set_name(fdt, node_at(fdt, "/chosen@a0000000"), "memory@a0000000"), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.nr_mem, 2);
	CHECK(p.bootargs.present);
	free(fdt);
}

static void test_bootargs_copied(void)
{
	void *fdt = fixture_copy(4096);
	int kernel = node_at(fdt, "/chosen/module@0x42000000");
	int chosen;
	size_t size = fdt_totalsize(fdt);
	char long_args[BOOTARGS_MAX + 100];

	/* An empty property is present and empty (it used to become a
	 * pointer to a literal "" in belay's load image). */
	CHECK_EQ(fdt_setprop(fdt, kernel, "bootargs", NULL, 0), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK(p.modules[1].bootargs.present);
	CHECK_EQ(p.modules[1].bootargs.len, 0);
	CHECK(strcmp(p.modules[1].bootargs.text, "") == 0);
	CHECK(strcmp(p.bootargs.text, "console=ttyAMA0 belay.log=3 earlycon") == 0);
	/* Overwrite the whole blob: what was parsed stays. */
	memset(fdt, 'A', size);
	CHECK(p.modules[1].bootargs.present);
	CHECK(strcmp(p.modules[1].bootargs.text, "") == 0);
	CHECK(strcmp(p.bootargs.text, "console=ttyAMA0 belay.log=3 earlycon") == 0);
	free(fdt);

	/* Too long for belay: cut, NUL-terminated, with the real length. */
	fdt = fixture_copy(4096);
	chosen = node_at(fdt, "/chosen");
	memset(long_args, 'x', sizeof(long_args) - 1);
	long_args[sizeof(long_args) - 1] = '\0';
	CHECK_EQ(fdt_setprop_string(fdt, chosen, "bootargs", long_args), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK(p.bootargs.present);
	CHECK_EQ(p.bootargs.len, sizeof(long_args) - 1);
	CHECK_EQ(strlen(p.bootargs.text), BOOTARGS_MAX - 1);
	/* Exactly the most that fits. */
	long_args[BOOTARGS_MAX - 1] = '\0';
	CHECK_EQ(fdt_setprop_string(fdt, chosen, "bootargs", long_args), 0);
	CHECK_EQ(parse(fdt), 0);
	CHECK_EQ(p.bootargs.len, BOOTARGS_MAX - 1);
	CHECK(strcmp(p.bootargs.text, long_args) == 0);
	free(fdt);
}

/*
 * Flip every byte of the fixture in turn: whatever the result, it is 0 or
 * a negative E_* with a message. The point is that nothing crashes or
 * reads outside the blob (valgrind checks the latter).
 */
static void test_corruption(void)
{
	size_t size = fdt_totalsize(fixture), i;
	unsigned char *fdt = malloc(size);
	static const unsigned char flips[] = { 0xff, 0x01, 0x80 };
	unsigned int f, errors = 0, bad = 0;

	for (f = 0; f < sizeof(flips); f++) {
		for (i = 0; i < size; i++) {
			const char *why = NULL;
			int ret;

			memcpy(fdt, fixture, size);
			fdt[i] ^= flips[f];
			ret = fdt_parse_platform(fdt, &p, &why);
			if (ret > 0 || ret < E_BADARG || (ret && (!why || !why[0])))
				bad++;
			if (ret)
				errors++;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK(errors > 0);
	printf("  %u of %zu corrupted blobs rejected\n", errors, size * sizeof(flips));
	free(fdt);
}

/*
 * Built with libfdt's sequential writer, which writes tokens in the order
 * it is given: a minimal tree (memory at the root) with `depth` nested
 * nodes, a property after a subnode if `prop_after_child`, and the root
 * named `root`.
 */
static void *seq_tree(const char *root, int depth, bool prop_after_child)
{
	/* The root has no #address-cells or #size-cells: 2 and 1. */
	const fdt32_t reg[3] = { 0, cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x1000000) };
	size_t size = 4096;
	void *fdt = malloc(size);
	int i;

	CHECK_EQ(fdt_create(fdt, (int)size), 0);
	CHECK_EQ(fdt_finish_reservemap(fdt), 0);
	CHECK_EQ(fdt_begin_node(fdt, root), 0);
	CHECK_EQ(fdt_begin_node(fdt, "memory@40000000"), 0);
	CHECK_EQ(fdt_property_string(fdt, "device_type", "memory"), 0);
	CHECK_EQ(fdt_property(fdt, "reg", reg, sizeof(reg)), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	for (i = 0; i < depth; i++)
		CHECK_EQ(fdt_begin_node(fdt, "n"), 0);
	for (i = 0; i < depth; i++)
		CHECK_EQ(fdt_end_node(fdt), 0);
	if (prop_after_child)
		CHECK_EQ(fdt_property_string(fdt, "model", "late"), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_finish(fdt), 0);
	return fdt;
}

/*
 * What belay's one-pass walk refuses beyond libfdt's checks: a property
 * after a subnode (the Devicetree Specification puts a node's properties
 * first; the guest DTB writer relies on it), nesting deeper than 32, a
 * root with a name.
 */
static void test_structure_rules(void)
{
	void *fdt = seq_tree("", 30, false);

	CHECK_EQ(parse(fdt), 0);
	free(fdt);
	fdt = seq_tree("", 0, true);
	CHECK(strstr(parse_why(fdt, E_BADFDT), "malformed") != NULL);
	free(fdt);
	fdt = seq_tree("", 32, false);
	CHECK(strstr(parse_why(fdt, E_BADFDT), "malformed") != NULL);
	free(fdt);
	fdt = seq_tree("root", 0, false);
	CHECK(strstr(parse_why(fdt, E_BADFDT), "malformed") != NULL);
	free(fdt);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		printf("usage: %s FIXTURE.dtb\n", argv[0]);
		return 1;
	}
	fixture_load(argv[1]);
	RUN(test_qemu_virt);
	RUN(test_garbage);
	RUN(test_truncated);
	RUN(test_old_versions);
	RUN(test_blocks_in_order);
	RUN(test_memory_bad_reg);
	RUN(test_no_memory);
	RUN(test_memory_banks);
	RUN(test_one_cell_root);
	RUN(test_stdout_path);
	RUN(test_uart_above_4g);
	RUN(test_stdout_ns16550);
	RUN(test_bus_ranges);
	RUN(test_too_many_cpus);
	RUN(test_psci);
	RUN(test_chosen);
	RUN(test_chosen_is_memory);
	RUN(test_bootargs_copied);
	RUN(test_corruption);
	RUN(test_structure_rules);
	free(fixture);
	return check_result();
}
