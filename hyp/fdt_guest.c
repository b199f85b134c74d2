/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Write the guest's DTB: a copy of the boot DTB with what the guest must
 * not see taken out (belay's region, the multiboot modules, belay.* words)
 * and what it should see put in (its RAM, its initrd, /hypervisor, the
 * PSCI belay emulates). docs/boot.md.
 *
 * libfdt node offsets move whenever a node is deleted, so every loop that
 * deletes starts its search again from the top instead of carrying an
 * offset across the deletion.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <libfdt.h>

#include <belay/abi.h>
#include <hyp/platform.h>

static int fail(const char **why, int err, const char *text)
{
	*why = text;
	return err;
}

/* Map a libfdt error to ours; running out of room is the caller's to fix. */
static int lib_fail(const char **why, int fdt_err, const char *step)
{
	if (fdt_err == -FDT_ERR_NOSPACE)
		return fail(why, E_NOSPACE, "guest DTB: output buffer too small");
	return fail(why, E_BADFDT, step);
}

static int del_prop(void *fdt, int node, const char *name)
{
	int ret = fdt_delprop(fdt, node, name);

	return ret == -FDT_ERR_NOTFOUND ? 0 : ret;
}

static bool compat_has_prefix(const void *fdt, int node, const char *prefix)
{
	int len, pos = 0;
	const char *v = fdt_getprop(fdt, node, "compatible", &len);
	size_t n = strlen(prefix);

	if (!v)
		return false;
	while (pos < len) {
		size_t left = (size_t)(len - pos);
		size_t slen = strnlen(v + pos, left);

		if (slen >= n && memcmp(v + pos, prefix, n) == 0)
			return true;
		pos += (int)slen + 1;
	}
	return false;
}

static bool is_psci(const void *fdt, int node)
{
	return fdt_node_compatible(fdt, node, FDT_COMPAT_PSCI);
}

/* The first PSCI node after `node` in tree order, or a negative value. */
static int next_psci(const void *fdt, int node)
{
	/* No depth pointer: the scan then runs on past node's own subtree. */
	while ((node = fdt_next_node(fdt, node, NULL)) >= 0)
		if (is_psci(fdt, node))
			return node;
	return -1;
}

/* Append one address/size value of `cells` cells to property `name`. */
static int append_cells(void *fdt, int node, const char *name, uint64_t v, int cells)
{
	fdt32_t buf[2];

	if (cells == 1) {
		buf[0] = cpu_to_fdt32((uint32_t)v);
	} else {
		buf[0] = cpu_to_fdt32((uint32_t)(v >> 32));
		buf[1] = cpu_to_fdt32((uint32_t)v);
	}
	return fdt_appendprop(fdt, node, name, buf, cells * 4);
}

static bool fits_cells(uint64_t v, int cells)
{
	return cells == 2 || v <= UINT32_MAX;
}

/* Set `name` to one or more (base, size) pairs in the root's cell sizes. */
static int set_ranges(void *fdt, int node, const char *name, const struct range *r,
		      unsigned int n, int ac, int sc)
{
	unsigned int i;
	int ret;

	ret = fdt_setprop(fdt, node, name, NULL, 0);
	for (i = 0; i < n && !ret; i++) {
		ret = append_cells(fdt, node, name, r[i].base, ac);
		if (!ret)
			ret = append_cells(fdt, node, name, r[i].size, sc);
	}
	return ret;
}

/* "memory@<base in lower-case hex, no leading zeros>". */
static void memory_node_name(char *buf, uint64_t base)
{
	static const char hex[] = "0123456789abcdef";
	char *p = buf + 7;
	int shift;
	bool started = false;

	memcpy(buf, "memory@", 7);
	for (shift = 60; shift >= 0; shift -= 4) {
		unsigned int d = (unsigned int)(base >> shift) & 0xf;

		if (d || started || shift == 0) {
			*p++ = hex[d];
			started = true;
		}
	}
	*p = '\0';
}

static int write_memory(void *fdt, const struct guest_dt *g, int ac, int sc, const char **why)
{
	char name[7 + 16 + 1];
	int node, ret;

	while ((node = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
						     "memory", sizeof("memory"))) >= 0) {
		ret = fdt_del_node(fdt, node);
		if (ret)
			return lib_fail(why, ret, "guest DTB: deleting a memory node failed");
	}
	memory_node_name(name, g->ram[0].base);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return lib_fail(why, node, "guest DTB: adding the memory node failed");
	ret = fdt_setprop_string(fdt, node, "device_type", "memory");
	if (!ret)
		ret = set_ranges(fdt, node, "reg", g->ram, g->nr_ram, ac, sc);
	if (ret)
		return lib_fail(why, ret, "guest DTB: writing the memory node failed");
	return 0;
}

static int write_chosen(void *fdt, const struct guest_dt *g, const char **why)
{
	int chosen, node, ret;

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return lib_fail(why, chosen, "guest DTB: adding /chosen failed");

	/* The modules are belay's input; the guest gets its parts otherwise. */
	for (;;) {
		bool found = false;

		fdt_for_each_subnode(node, fdt, chosen) {
			if (compat_has_prefix(fdt, node, "multiboot,")) {
				found = true;
				break;
			}
		}
		if (!found)
			break;
		ret = fdt_del_node(fdt, node);
		if (ret)
			return lib_fail(why, ret, "guest DTB: deleting a /chosen module failed");
		/* Deleting a subnode leaves the parent's offset unchanged. */
	}

	if (g->bootargs)
		ret = fdt_setprop_string(fdt, chosen, "bootargs", g->bootargs);
	else
		ret = del_prop(fdt, chosen, "bootargs");
	if (ret)
		return lib_fail(why, ret, "guest DTB: writing /chosen/bootargs failed");

	if (g->initrd.size) {
		ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", g->initrd.base);
		if (!ret)
			ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
					      g->initrd.base + g->initrd.size);
	} else {
		ret = del_prop(fdt, chosen, "linux,initrd-start");
		if (!ret)
			ret = del_prop(fdt, chosen, "linux,initrd-end");
	}
	if (ret)
		return lib_fail(why, ret, "guest DTB: writing /chosen/linux,initrd-* failed");
	return 0;
}

static int write_hypervisor(void *fdt, const struct guest_dt *g, int ac, int sc,
			    const char **why)
{
	fdt32_t rev[2] = {
		cpu_to_fdt32(BELAY_REVISION_MAJOR), cpu_to_fdt32(BELAY_REVISION_MINOR)
	};
	int node, ret;

	node = fdt_subnode_offset(fdt, 0, "hypervisor");
	if (node >= 0) {
		ret = fdt_del_node(fdt, node);
		if (ret)
			return lib_fail(why, ret, "guest DTB: deleting the old /hypervisor failed");
	}
	node = fdt_add_subnode(fdt, 0, "hypervisor");
	if (node < 0)
		return lib_fail(why, node, "guest DTB: adding /hypervisor failed");
	ret = fdt_setprop_string(fdt, node, "compatible", "belay,hypervisor");
	if (!ret)
		ret = set_ranges(fdt, node, "reg", &g->belay, 1, ac, sc);
	if (!ret)
		ret = fdt_setprop(fdt, node, "belay,revision", rev, sizeof(rev));
	if (!ret && g->log.size)
		ret = set_ranges(fdt, node, "belay,log", &g->log, 1, ac, sc);
	if (ret)
		return lib_fail(why, ret, "guest DTB: writing /hypervisor failed");
	return 0;
}

static int write_psci(void *fdt, const struct guest_dt *g, const char **why)
{
	/* What belay emulates; "arm,psci" (0.1) would point Linux at the
	 * firmware's own function IDs, so it is left out. */
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";
	int node, extra, ret;

	if (!g->psci_present) {
		while ((node = next_psci(fdt, 0)) >= 0) {
			ret = fdt_del_node(fdt, node);
			if (ret)
				return lib_fail(why, ret, "guest DTB: deleting the PSCI node failed");
		}
		return 0;
	}
	node = next_psci(fdt, 0);
	if (node >= 0) {
		/* One PSCI node only: the guest must not pick a stale one. */
		while ((extra = next_psci(fdt, node)) >= 0) {
			ret = fdt_del_node(fdt, extra);
			if (ret)
				return lib_fail(why, ret, "guest DTB: deleting a PSCI node failed");
		}
	} else {
		node = fdt_subnode_offset(fdt, 0, "psci");
		if (node < 0)
			node = fdt_add_subnode(fdt, 0, "psci");
		if (node < 0)
			return lib_fail(why, node, "guest DTB: adding /psci failed");
	}
	ret = fdt_setprop(fdt, node, "compatible", compat, sizeof(compat));
	if (!ret)
		ret = fdt_setprop_string(fdt, node, "method", "smc");
	/* The node kept may be a disabled one: belay's PSCI is there. */
	if (!ret)
		ret = del_prop(fdt, node, "status");
	if (ret)
		return lib_fail(why, ret, "guest DTB: writing the PSCI node failed");
	return 0;
}

/*
 * fdt_open_into() wants room for the whole totalsize, but boot DTBs often
 * carry a lot of free space after their blocks (QEMU's are 1 MiB for a
 * few KiB of content). Copy only the blocks, call the copy that size, and
 * grow it in place; then the output need only fit what the guest gets.
 */
static int open_trimmed(const void *host, void *out, size_t out_size)
{
	uint32_t used = fdt_totalsize(host);

	if (fdt_version(host) >= 17 && fdt_off_mem_rsvmap(host) <= fdt_off_dt_struct(host) &&
	    fdt_off_dt_struct(host) <= fdt_off_dt_strings(host)) {
		/* fdt_check_full() has checked these lie inside totalsize. */
		uint32_t end = fdt_off_dt_strings(host) + fdt_size_dt_strings(host);

		if (fdt_off_dt_struct(host) + fdt_size_dt_struct(host) > end)
			end = fdt_off_dt_struct(host) + fdt_size_dt_struct(host);
		used = end;
	}
	if (used < fdt_totalsize(host) && used <= out_size) {
		memmove(out, host, used);
		fdt_set_totalsize(out, used);
		return fdt_open_into(out, out, (int)out_size);
	}
	return fdt_open_into(host, out, (int)out_size);
}

int fdt_write_guest(const void *host, void *out, size_t out_size,
		    const struct guest_dt *g, const char **why)
{
	const char *dummy;
	unsigned int i;
	int ac, sc, ret;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!host || !out || !g || !g->ram || g->nr_ram == 0)
		return fail(why, E_BADARG, "guest DTB: no guest RAM given");
	/* Version 17 only: see fdt_parse_platform(). */
	if (fdt_check_header(host) != 0 || fdt_version(host) < 17 || !fdt_blocks_in_order(host) ||
	    fdt_check_full(host, fdt_totalsize(host)) != 0)
		return fail(why, E_BADFDT, "guest DTB: the boot DTB is not valid");
	if (out_size > INT_MAX)
		out_size = INT_MAX;

	ret = open_trimmed(host, out, out_size);
	if (ret)
		return lib_fail(why, ret, "guest DTB: copying the boot DTB failed");

	ac = fdt_address_cells(out, 0);
	sc = fdt_size_cells(out, 0);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return fail(why, E_BADFDT, "guest DTB: root #address-cells/#size-cells must be 1 or 2");
	for (i = 0; i < g->nr_ram; i++)
		if (!fits_cells(g->ram[i].base, ac) || !fits_cells(g->ram[i].size, sc))
			return fail(why, E_BADARG, "guest DTB: a RAM range does not fit the root's cells");
	if (!fits_cells(g->belay.base, ac) || !fits_cells(g->belay.size, sc))
		return fail(why, E_BADARG, "guest DTB: belay's region does not fit the root's cells");

	ret = write_memory(out, g, ac, sc, why);
	if (!ret)
		ret = write_chosen(out, g, why);
	if (!ret)
		ret = write_hypervisor(out, g, ac, sc, why);
	if (!ret)
		ret = write_psci(out, g, why);
	if (ret)
		return ret;
	ret = fdt_pack(out);
	if (ret)
		return lib_fail(why, ret, "guest DTB: packing failed");
	return 0;
}
