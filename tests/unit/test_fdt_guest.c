/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * fdt_write_guest() (hyp/fdt_guest.c): the guest's DTB written from the
 * QEMU virt fixture, checked with libfdt and by parsing it back with
 * fdt_parse_platform().
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <belay/abi.h>
#include <hyp/platform.h>

#include "check.h"
#include "fixture.h"

#define OUT_SIZE	16384

static const struct range belay_top = { 0x7fe00000, 0x200000 };
static const struct range ram_top[] = { { 0x40000000, 0x3fe00000 } };

static struct guest_dt guest(void)
{
	struct guest_dt g = {
		.ram = ram_top, .nr_ram = 1, .belay = belay_top,
		.log = { 0x7fe14000, 0x4000 },
		.bootargs = "console=ttyAMA0 earlycon",
		.initrd = { 0x43000000, 0x200000 },
		.psci_present = 1,
	};
	return g;
}

static int write(const void *host, void *out, size_t size, const struct guest_dt *g)
{
	const char *why = NULL;
	int ret = fdt_write_guest(host, out, size, g, &why);

	if (ret) {
		CHECK(why != NULL && why[0] != '\0');
		printf("  error %d: %s\n", ret, why ? why : "(none)");
	}
	return ret;
}

static int count_nodes(const void *fdt, const char *prop, const char *value)
{
	int n = 0, node = -1;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, prop, value, strlen(value) + 1)) >= 0)
		n++;
	return n;
}

static bool prop_eq(const void *fdt, const char *path, const char *name, const void *v, int len)
{
	int node = fdt_path_offset(fdt, path), got;
	const void *p;

	if (node < 0)
		return false;
	p = fdt_getprop(fdt, node, name, &got);
	return p && got == len && memcmp(p, v, (size_t)len) == 0;
}

static bool cells_eq(const void *fdt, const char *path, const char *name,
		     const uint32_t *cells, int n)
{
	fdt32_t buf[16];
	int i;

	for (i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(cells[i]);
	return prop_eq(fdt, path, name, buf, n * 4);
}

static void test_qemu_virt(void)
{
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	struct platform p;
	const char *why;
	int chosen, node;
	static const uint32_t mem[] = { 0, 0x40000000, 0, 0x3fe00000 };
	static const uint32_t hyp[] = { 0, 0x7fe00000, 0, 0x200000 };
	static const uint32_t rev[] = { BELAY_REVISION_MAJOR, BELAY_REVISION_MINOR };
	static const char psci[] = "arm,psci-1.0\0arm,psci-0.2";

	CHECK_EQ(write(fixture, out, OUT_SIZE, &g), 0);
	CHECK_EQ(fdt_check_full(out, OUT_SIZE), 0);
	/* Packed: nothing free at the end. */
	CHECK_EQ(fdt_totalsize(out), fdt_off_dt_strings(out) + fdt_size_dt_strings(out));

	CHECK_EQ(count_nodes(out, "device_type", "memory"), 1);
	CHECK(fdt_path_offset(out, "/memory@40000000") >= 0);
	CHECK(cells_eq(out, "/memory@40000000", "reg", mem, 4));

	chosen = fdt_path_offset(out, "/chosen");
	CHECK(chosen >= 0);
	fdt_for_each_subnode(node, out, chosen)
		CHECK(strncmp(fdt_get_name(out, node, NULL), "module@", 7) != 0);
	CHECK(prop_eq(out, "/chosen", "bootargs", "console=ttyAMA0 earlycon",
		      sizeof("console=ttyAMA0 earlycon")));
	CHECK(prop_eq(out, "/chosen", "stdout-path", "serial0:115200n8", sizeof("serial0:115200n8")));
	{
		static const uint32_t start[] = { 0, 0x43000000 }, end[] = { 0, 0x43200000 };

		CHECK(cells_eq(out, "/chosen", "linux,initrd-start", start, 2));
		CHECK(cells_eq(out, "/chosen", "linux,initrd-end", end, 2));
	}

	CHECK(prop_eq(out, "/hypervisor", "compatible", "belay,hypervisor", sizeof("belay,hypervisor")));
	CHECK(cells_eq(out, "/hypervisor", "reg", hyp, 4));
	CHECK(cells_eq(out, "/hypervisor", "belay,revision", rev, 2));
	{
		static const uint32_t log[] = { 0, 0x7fe14000, 0, 0x4000 };

		CHECK(cells_eq(out, "/hypervisor", "belay,log", log, 4));
	}

	CHECK(prop_eq(out, "/psci", "compatible", psci, sizeof(psci)));
	CHECK(prop_eq(out, "/psci", "method", "smc", 4));
	{
		static const uint32_t cpu_on[] = { 0x84000003 };

		CHECK(cells_eq(out, "/psci", "cpu_on", cpu_on, 1));
	}
	/* What belay does not touch is still there. */
	CHECK(fdt_path_offset(out, "/intc@8000000") >= 0);
	CHECK(fdt_path_offset(out, "/cpus/cpu@1") >= 0);
	CHECK(fdt_path_offset(out, "/pl011@9000000") >= 0);

	/* Parsed back, it is the machine the guest should see. */
	CHECK_EQ(fdt_parse_platform(out, &p, &why), 0);
	CHECK_EQ(p.nr_mem, 1);
	CHECK_EQ(p.mem[0].base, 0x40000000);
	CHECK_EQ(p.mem[0].size, 0x3fe00000);
	CHECK_EQ(p.nr_modules, 0);
	CHECK_EQ(p.initrd.base, 0x43000000);
	CHECK_EQ(p.initrd.size, 0x200000);
	CHECK(p.bootargs.present && strcmp(p.bootargs.text, "console=ttyAMA0 earlycon") == 0);
	CHECK_EQ(p.psci, PSCI_CONDUIT_SMC);
	CHECK_EQ(p.nr_cpus, 2);
	CHECK_EQ(p.uart.base, 0x09000000);
	/* The host DTB is read, never written. */
	CHECK_EQ(fdt_parse_platform(fixture, &p, &why), 0);
	CHECK_EQ(p.nr_modules, 2);
	free(out);
}

static void test_split_ram(void)
{
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	struct range ram[] = { { 0x40000000, 0x20000000 }, { 0x60200000, 0x1fe00000 },
			       { 0x100000000ull, 0x40000000 } };
	static const uint32_t mem[] = {
		0, 0x40000000, 0, 0x20000000, 0, 0x60200000, 0, 0x1fe00000,
		1, 0x00000000, 0, 0x40000000,
	};
	static const uint32_t hyp[] = { 0, 0x60000000, 0, 0x200000 };

	g.ram = ram;
	g.nr_ram = 3;
	g.belay = (struct range){ 0x60000000, 0x200000 };
	CHECK_EQ(write(fixture, out, OUT_SIZE, &g), 0);
	CHECK_EQ(count_nodes(out, "device_type", "memory"), 1);
	CHECK(cells_eq(out, "/memory@40000000", "reg", mem, 12));
	CHECK(cells_eq(out, "/hypervisor", "reg", hyp, 4));

	/* The node is named for the first range. */
	g.ram = &ram[1];
	g.nr_ram = 2;
	CHECK_EQ(write(fixture, out, OUT_SIZE, &g), 0);
	CHECK(fdt_path_offset(out, "/memory@60200000") >= 0);
	CHECK(fdt_path_offset(out, "/memory@40000000") < 0);

	/* No RAM at all is a caller's mistake. */
	g.nr_ram = 0;
	CHECK_EQ(write(fixture, out, OUT_SIZE, &g), E_BADARG);
	free(out);
}

static void test_removals(void)
{
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	int chosen;

	g.bootargs = NULL;
	g.initrd.size = 0;
	g.psci_present = 0;
	CHECK_EQ(write(fixture, out, OUT_SIZE, &g), 0);
	chosen = fdt_path_offset(out, "/chosen");
	CHECK(chosen >= 0);
	CHECK(fdt_getprop(out, chosen, "bootargs", NULL) == NULL);
	CHECK(fdt_getprop(out, chosen, "linux,initrd-start", NULL) == NULL);
	CHECK(fdt_getprop(out, chosen, "linux,initrd-end", NULL) == NULL);
	CHECK(fdt_first_subnode(out, chosen) < 0);
	CHECK(fdt_path_offset(out, "/psci") < 0);
	CHECK(fdt_node_offset_by_compatible(out, -1, "arm,psci") < 0);
	free(out);
}

static void test_psci_created(void)
{
	void *host = fixture_copy(0);
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	static const char psci[] = "arm,psci-1.0\0arm,psci-0.2";

	/* No PSCI in the host, two of them, or one under another name. */
	CHECK_EQ(fdt_del_node(host, node_at(host, "/psci")), 0);
	CHECK_EQ(write(host, out, OUT_SIZE, &g), 0);
	CHECK(prop_eq(out, "/psci", "compatible", psci, sizeof(psci)));
	CHECK(prop_eq(out, "/psci", "method", "smc", 4));
	free(host);

	host = fixture_copy(512);
	{
		int fw = fdt_add_subnode(host, 0, "firmware");
		int node = fdt_add_subnode(host, fw, "psci");

		CHECK_EQ(fdt_setprop_string(host, node, "compatible", "arm,psci-0.2"), 0);
		CHECK_EQ(fdt_setprop_string(host, node, "method", "hvc"), 0);
	}
	CHECK_EQ(write(host, out, OUT_SIZE, &g), 0);
	CHECK_EQ(count_nodes(out, "method", "smc"), 1);
	CHECK_EQ(count_nodes(out, "method", "hvc"), 0);
	CHECK(fdt_node_offset_by_compatible(out, fdt_node_offset_by_compatible(out, -1, "arm,psci-1.0"),
					    "arm,psci-1.0") == -FDT_ERR_NOTFOUND);
	free(host);
	free(out);
}

/*
 * A disabled PSCI node ahead of the enabled one belay read its conduit
 * from: the node kept (the first) must not stay disabled. Found by fuzzing
 * (tests/fuzz): the guest had PSCI in the boot DTB but none it could use.
 */
static void test_psci_disabled_first(void)
{
	static struct platform back;
	void *host = fixture_copy(512);
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	int fw, node;

	/* fdt_add_subnode() puts /firmware first among the root's children,
	 * so its PSCI node comes before /psci. */
	fw = fdt_add_subnode(host, 0, "firmware");
	node = fdt_add_subnode(host, fw, "psci");
	CHECK_EQ(fdt_setprop_string(host, node, "compatible", "arm,psci-0.2"), 0);
	CHECK_EQ(fdt_setprop_string(host, node, "method", "hvc"), 0);
	CHECK_EQ(fdt_setprop_string(host, node, "status", "disabled"), 0);
	CHECK_EQ(fdt_parse_platform(host, &back, NULL), 0);
	CHECK_EQ(back.psci, PSCI_CONDUIT_SMC);

	CHECK_EQ(write(host, out, OUT_SIZE, &g), 0);
	CHECK_EQ(count_nodes(out, "method", "smc"), 1);
	CHECK_EQ(count_nodes(out, "status", "disabled"), 0);
	CHECK_EQ(fdt_parse_platform(out, &back, NULL), 0);
	CHECK_EQ(back.psci, PSCI_CONDUIT_SMC);
	free(host);
	free(out);
}

static void test_rewrite_own_output(void)
{
	void *first = malloc(OUT_SIZE), *second = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	static const uint32_t hyp[] = { 0, 0x50000000, 0, 0x100000 };

	CHECK_EQ(write(fixture, first, OUT_SIZE, &g), 0);
	g.belay = (struct range){ 0x50000000, 0x100000 };
	CHECK_EQ(write(first, second, OUT_SIZE, &g), 0);
	CHECK_EQ(count_nodes(second, "compatible", "belay,hypervisor"), 1);
	CHECK(cells_eq(second, "/hypervisor", "reg", hyp, 4));
	CHECK_EQ(count_nodes(second, "device_type", "memory"), 1);
	free(first);
	free(second);
}

static void test_one_cell_root(void)
{
	void *host = fixture_copy(512);
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	static const uint32_t mem[] = { 0x40000000, 0x3fe00000 };
	static const uint32_t hyp[] = { 0x7fe00000, 0x200000 };
	struct range high = { 0x100000000ull, 0x1000 };

	CHECK_EQ(fdt_setprop_u32(host, 0, "#address-cells", 1), 0);
	CHECK_EQ(fdt_setprop_u32(host, 0, "#size-cells", 1), 0);
	CHECK_EQ(write(host, out, OUT_SIZE, &g), 0);
	CHECK(cells_eq(out, "/memory@40000000", "reg", mem, 2));
	CHECK(cells_eq(out, "/hypervisor", "reg", hyp, 2));
	{
		static const uint32_t log[] = { 0x7fe14000, 0x4000 };

		CHECK(cells_eq(out, "/hypervisor", "belay,log", log, 2));
	}
	/* No ring: no property. */
	g.log.size = 0;
	CHECK_EQ(write(host, out, OUT_SIZE, &g), 0);
	CHECK(fdt_getprop(out, fdt_path_offset(out, "/hypervisor"), "belay,log", NULL) == NULL);
	g = guest();
	/* What one cell cannot say is refused, not truncated. */
	g.ram = &high;
	CHECK_EQ(write(host, out, OUT_SIZE, &g), E_BADARG);
	g = guest();
	g.belay.base = 0x100000000ull;
	CHECK_EQ(write(host, out, OUT_SIZE, &g), E_BADARG);
	free(host);
	free(out);
}

/*
 * Every output size below what is needed fails with E_NOSPACE and writes
 * only inside the buffer (each buffer is malloc'd to its exact size, so
 * valgrind sees any overrun); from some size on it succeeds.
 */
static void test_no_space(void)
{
	struct guest_dt g = guest();
	size_t size, first_ok = 0;
	unsigned int other = 0;

	for (size = 0; size <= 2 * fdt_totalsize(fixture) && !first_ok; size += 8) {
		void *out = malloc(size ? size : 1);
		const char *why = NULL;
		int ret = fdt_write_guest(fixture, out, size, &g, &why);

		if (ret == 0)
			first_ok = size;
		else if (ret != E_NOSPACE || !why)
			other++;
		free(out);
	}
	CHECK_EQ(other, 0);
	CHECK(first_ok > 0);
	printf("  smallest buffer that works: %zu bytes (host DTB %u)\n", first_ok,
	       fdt_totalsize(fixture));
	{
		char small[64];

		CHECK_EQ(write(fixture, small, sizeof(small), &g), E_NOSPACE);
	}
}

/* QEMU hands over a 1 MiB DTB that is mostly free space. */
static void test_padded_host(void)
{
	int pad = (1 << 20) - (int)fdt_totalsize(fixture);
	void *host = fixture_copy(pad);
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();
	struct platform p;
	const char *why;

	CHECK_EQ(fdt_totalsize(host), 1 << 20);
	CHECK_EQ(write(host, out, OUT_SIZE, &g), 0);
	CHECK(fdt_totalsize(out) < OUT_SIZE);
	CHECK_EQ(fdt_parse_platform(out, &p, &why), 0);
	CHECK_EQ(p.nr_mem, 1);
	CHECK_EQ(p.mem[0].size, 0x3fe00000);
	CHECK_EQ(p.nr_modules, 0);
	/* The host is untouched, free space and all. */
	CHECK_EQ(fdt_totalsize(host), 1 << 20);
	CHECK_EQ(fdt_parse_platform(host, &p, &why), 0);
	CHECK_EQ(p.nr_modules, 2);
	free(host);
	free(out);
}

static void test_bad_host(void)
{
	unsigned char junk[256];
	void *out = malloc(OUT_SIZE);
	struct guest_dt g = guest();

	memset(junk, 0x5a, sizeof(junk));
	CHECK_EQ(write(junk, out, OUT_SIZE, &g), E_BADFDT);
	CHECK_EQ(fdt_write_guest(NULL, out, OUT_SIZE, &g, NULL), E_BADARG);
	CHECK_EQ(fdt_write_guest(fixture, out, OUT_SIZE, NULL, NULL), E_BADARG);
	/* Before version 17: refused (test_old_versions in test_fdt_platform.c). */
	{
		void *host = fixture_copy(0);

		fdt_set_version(host, 16);
		CHECK_EQ(write(host, out, OUT_SIZE, &g), E_BADFDT);
		fdt_set_version(host, 15);
		fdt_set_last_comp_version(host, 15);
		CHECK_EQ(write(host, out, OUT_SIZE, &g), E_BADFDT);
		free(host);
	}
	free(out);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		printf("usage: %s FIXTURE.dtb\n", argv[0]);
		return 1;
	}
	fixture_load(argv[1]);
	RUN(test_qemu_virt);
	RUN(test_split_ram);
	RUN(test_removals);
	RUN(test_psci_created);
	RUN(test_psci_disabled_first);
	RUN(test_rewrite_own_output);
	RUN(test_one_cell_root);
	RUN(test_no_space);
	RUN(test_padded_host);
	RUN(test_bad_host);
	free(fixture);
	return check_result();
}
