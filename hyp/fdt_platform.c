/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Read the boot DTB into struct platform. The DTB comes from whoever booted
 * belay, so nothing in it is trusted: the whole blob is checked with
 * fdt_check_full() first, and every property length is checked before a
 * cell is read. A problem becomes a negative E_* and a message naming the
 * node, never a crash.
 *
 * Addresses are taken as CPU physical addresses only where that is certain:
 * a node whose ancestors (below the root) all have an empty or identity
 * "ranges". Anything else is refused rather than guessed at.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <libfdt.h>

#include <hyp/platform.h>

/*
 * The message *why points at. Parsing happens once, on the boot CPU,
 * before anything else could call in here, so one static buffer is enough.
 */
/* In .data, not .bss: boot_choose_home() parses the DTB before belay has
 * any bss (boot/head.S), and an error message is written here then. */
static char why_buf[256] __attribute__((section(".data"))) = "";
static size_t why_len __attribute__((section(".data"))) = 0;

static void why_start(void)
{
	why_len = 0;
	why_buf[0] = '\0';
}

static void why_str(const char *s)
{
	while (*s && why_len + 1 < sizeof(why_buf))
		why_buf[why_len++] = *s++;
	why_buf[why_len] = '\0';
}

static void why_dec(uint32_t v)
{
	char digits[11];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && why_len + 1 < sizeof(why_buf))
		why_buf[why_len++] = digits[--n];
	why_buf[why_len] = '\0';
}

static void why_path(const void *fdt, int node)
{
	size_t room = sizeof(why_buf) - why_len;

	if (fdt_get_path(fdt, node, why_buf + why_len, (int)room) == 0)
		why_len += strlen(why_buf + why_len);
	else
		why_str("(node)");
}

/* Set *why to "<node path>: text" and return err. */
static int fail_node(const char **why, int err, const void *fdt, int node, const char *text)
{
	why_start();
	why_path(fdt, node);
	why_str(": ");
	why_str(text);
	*why = why_buf;
	return err;
}

static int fail(const char **why, int err, const char *text)
{
	*why = text;
	return err;
}

static uint64_t read_cells(const fdt32_t *c, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld(c + i);
	return v;
}

/* True for a string property of exactly `s` (NUL included). */
static bool prop_is(const void *fdt, int node, const char *name, const char *s)
{
	int len;
	const char *v = fdt_getprop(fdt, node, name, &len);
	size_t n = strlen(s) + 1;

	return v && len >= 0 && (size_t)len == n && memcmp(v, s, n) == 0;
}

/*
 * A string property: 1 and *s if present and NUL-terminated inside its
 * length, 0 if absent, E_BADFDT if present but not a string. *s points
 * into the DTB, or at a literal in the image belay runs from: use it at
 * once and keep a copy, never the pointer (struct cmdline).
 */
static int prop_string(const void *fdt, int node, const char *name, const char **s,
		       const char **why)
{
	int len;
	const char *v = fdt_getprop(fdt, node, name, &len);

	if (!v)
		return 0;
	if (len == 0) {
		/* An empty property is an empty string. */
		*s = "";
		return 1;
	}
	if (len < 0 || strnlen(v, (size_t)len) == (size_t)len) {
		fail_node(why, E_BADFDT, fdt, node, "");
		why_str(name);
		why_str(" is not a NUL-terminated string");
		return E_BADFDT;
	}
	*s = v;
	return 1;
}

/*
 * A bootargs property into *c: absent leaves it empty; a string is copied
 * (as much as fits) with its full length, so that a caller can refuse one
 * that is too long when it needs it.
 */
static int prop_cmdline(const void *fdt, int node, const char *name, struct cmdline *c,
			const char **why)
{
	const char *s = NULL;
	size_t len, n;
	int ret = prop_string(fdt, node, name, &s, why);

	c->present = false;
	c->len = 0;
	c->text[0] = '\0';
	if (ret <= 0)
		return ret;
	len = strlen(s);
	n = len < sizeof(c->text) - 1 ? len : sizeof(c->text) - 1;
	memcpy(c->text, s, n);
	c->text[n] = '\0';
	c->len = (uint32_t)len;
	c->present = true;
	return 0;
}

static bool node_enabled(const void *fdt, int node)
{
	int len;
	const char *v = fdt_getprop(fdt, node, "status", &len);

	if (!v)
		return true;
	return (len == 5 && memcmp(v, "okay", 5) == 0) || (len == 3 && memcmp(v, "ok", 3) == 0);
}

/*
 * `compat` is a list of strings, each NUL-terminated, ended by an empty
 * one. A list in one literal, rather than an array of pointers, needs no
 * relocation, so this works before belay has relocated itself.
 */
bool fdt_node_compatible(const void *fdt, int node, const char *compat)
{
	int len;
	const char *v = fdt_getprop(fdt, node, "compatible", &len);

	if (!v || len <= 0)
		return false;
	for (; *compat; compat += strlen(compat) + 1)
		if (fdt_stringlist_contains(v, len, compat))
			return true;
	return false;
}

/* The first enabled node, in tree order, compatible with any of `compat`. */
static int find_compatible(const void *fdt, const char *compat)
{
	int node = 0, depth = 0;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0)
		if (fdt_node_compatible(fdt, node, compat) && node_enabled(fdt, node))
			return node;
	return -1;
}

/*
 * One of #address-cells / #size-cells that applies to the children of
 * `node`. Like Xen and U-Boot, a node without the property inherits its
 * parent's value, with the root defaulting to the spec's 2 and 1; this is
 * what makes /chosen/module@* reg use the root's cells.
 */
static int cells_of(const void *fdt, int node, const char *name, int dflt,
		    int *cells, const char **why)
{
	for (;;) {
		int len;
		const fdt32_t *v = fdt_getprop(fdt, node, name, &len);

		if (v) {
			uint32_t c;

			if (len != 4) {
				fail_node(why, E_BADFDT, fdt, node, name);
				why_str(" is not one cell");
				return E_BADFDT;
			}
			c = fdt32_ld(v);
			if (c > 2) {
				fail_node(why, E_BADFDT, fdt, node, name);
				why_str(" is ");
				why_dec(c);
				why_str("; belay reads at most 2 cells");
				return E_BADFDT;
			}
			*cells = (int)c;
			return 0;
		}
		if (node == 0) {
			*cells = dflt;
			return 0;
		}
		node = fdt_parent_offset(fdt, node);
		if (node < 0)
			return fail(why, E_BADFDT, "device tree: cannot find a parent node");
	}
}

/*
 * Check that the bus addresses of `parent`'s children are CPU physical
 * addresses: every ancestor from `parent` up to (not including) the root
 * has "ranges" that is empty or maps each child address to itself.
 */
static int check_identity(const void *fdt, int parent, const char **why)
{
	while (parent > 0) {
		int up = fdt_parent_offset(fdt, parent);
		int cac, pac, csc, len, entry, i;
		const fdt32_t *r;
		int ret;

		if (up < 0)
			return fail(why, E_BADFDT, "device tree: cannot find a parent node");
		r = fdt_getprop(fdt, parent, "ranges", &len);
		if (!r)
			return fail_node(why, E_BADFDT, fdt, parent,
					 "has no ranges, so its children's addresses are not CPU addresses");
		if (len > 0) {
			ret = cells_of(fdt, parent, "#address-cells", 2, &cac, why);
			if (!ret)
				ret = cells_of(fdt, up, "#address-cells", 2, &pac, why);
			if (!ret)
				ret = cells_of(fdt, parent, "#size-cells", 1, &csc, why);
			if (ret)
				return ret;
			entry = (cac + pac + csc) * 4;
			if (entry == 0 || len % entry != 0)
				return fail_node(why, E_BADFDT, fdt, parent,
						 "ranges length does not match the cell counts");
			for (i = 0; i < len / entry; i++) {
				const fdt32_t *e = r + i * (entry / 4);

				if (cac == 0 || pac == 0 ||
				    read_cells(e, cac) != read_cells(e + cac, pac))
					return fail_node(why, E_BADFDT, fdt, parent,
							 "ranges is not an identity map; belay does not translate bus addresses");
			}
		}
		parent = up;
	}
	return 0;
}

/* A node's "reg", with the cell counts its parent gives it. */
struct reg {
	const fdt32_t *cells;
	int ac, sc;
	unsigned int count;
};

static int reg_get(const void *fdt, int node, bool translate, struct reg *reg,
		   const char **why)
{
	int parent = fdt_parent_offset(fdt, node);
	int len, entry, ret;

	if (parent < 0)
		return fail_node(why, E_BADFDT, fdt, node, "cannot find its parent node");
	ret = cells_of(fdt, parent, "#address-cells", 2, &reg->ac, why);
	if (!ret)
		ret = cells_of(fdt, parent, "#size-cells", 1, &reg->sc, why);
	if (ret)
		return ret;
	if (reg->ac == 0 || reg->sc == 0)
		return fail_node(why, E_BADFDT, fdt, node,
				 "parent's #address-cells or #size-cells is 0, so reg has no address or size");
	if (translate) {
		ret = check_identity(fdt, parent, why);
		if (ret)
			return ret;
	}
	reg->cells = fdt_getprop(fdt, node, "reg", &len);
	if (!reg->cells)
		return fail_node(why, E_BADFDT, fdt, node, "has no reg");
	entry = (reg->ac + reg->sc) * 4;
	if (len <= 0 || len % entry != 0) {
		fail_node(why, E_BADFDT, fdt, node, "reg length ");
		why_dec((uint32_t)(len < 0 ? 0 : len));
		why_str(" is not a multiple of ");
		why_dec((uint32_t)entry);
		return E_BADFDT;
	}
	reg->count = (unsigned int)(len / entry);
	return 0;
}

static struct range reg_entry(const struct reg *reg, unsigned int i)
{
	const fdt32_t *e = reg->cells + i * (unsigned int)(reg->ac + reg->sc);
	struct range r = { read_cells(e, reg->ac), read_cells(e + reg->ac, reg->sc) };

	return r;
}

static bool range_wraps(struct range r)
{
	return r.base + r.size < r.base;
}

/*
 * Add a bank keeping p->mem sorted by base and merged: every bank that
 * overlaps or touches r is folded into it. The banks are disjoint and not
 * adjacent, so one pass finds them all.
 */
static int add_bank(struct platform *p, struct range r)
{
	unsigned int i = 0, j;
	uint64_t end = r.base + r.size;

	while (i < p->nr_mem) {
		struct range *b = &p->mem[i];
		uint64_t bend = b->base + b->size;

		if (r.base <= bend && b->base <= end) {
			if (b->base < r.base)
				r.base = b->base;
			if (bend > end)
				end = bend;
			for (j = i; j + 1 < p->nr_mem; j++)
				p->mem[j] = p->mem[j + 1];
			p->nr_mem--;
			continue;
		}
		i++;
	}
	r.size = end - r.base;
	if (p->nr_mem == MAX_MEM_BANKS)
		return E_TOOMANY;
	for (i = p->nr_mem; i > 0 && p->mem[i - 1].base > r.base; i--)
		p->mem[i] = p->mem[i - 1];
	p->mem[i] = r;
	p->nr_mem++;
	return 0;
}

static int parse_memory(const void *fdt, struct platform *p, const char **why)
{
	int node = 0, depth = 0, ret;
	unsigned int i;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		struct reg reg;

		if (!prop_is(fdt, node, "device_type", "memory") || !node_enabled(fdt, node))
			continue;
		ret = reg_get(fdt, node, true, &reg, why);
		if (ret)
			return ret;
		for (i = 0; i < reg.count; i++) {
			struct range r = reg_entry(&reg, i);

			if (r.size == 0)
				continue;
			if (range_wraps(r))
				return fail_node(why, E_BADFDT, fdt, node,
						 "a reg entry wraps past the top of the address space");
			if (add_bank(p, r))
				return fail_node(why, E_TOOMANY, fdt, node,
						 "more separate memory banks than belay supports (8)");
		}
	}
	if (p->nr_mem == 0)
		return fail(why, E_NOMEM_NODE, "no /memory node with a non-empty reg");
	return 0;
}

#define COMPAT_PL011	"arm,pl011\0"
/* 16550-compatible UARTs belay's ns16550 driver drives (Linux's 8250_of
 * binds these too): the register layout comes from reg-shift and
 * reg-io-width. */
#define COMPAT_NS16550	"ns16550a\0ns16550\0snps,dw-apb-uart\0"
#define COMPAT_GIC	"arm,cortex-a15-gic\0arm,gic-400\0arm,cortex-a7-gic\0"
#define COMPAT_TIMER	"arm,armv7-timer\0arm,armv8-timer\0"

/*
 * The node a stdout-path names: "serial0:115200n8" (an alias; the options
 * after ':' are the console's) or "/pl011@9000000". Aliases are resolved
 * here rather than by libfdt, which follows an alias whose value is itself
 * an alias without limit: a loop of two would overflow belay's stack.
 */
static int stdout_node(const void *fdt, const char *path)
{
	const char *colon = strchr(path, ':');
	size_t n = colon ? (size_t)(colon - path) : strlen(path);
	const char *target;
	int aliases, len;

	if (n == 0 || n > INT_MAX)
		return -1;
	if (path[0] == '/')
		return fdt_path_offset_namelen(fdt, path, (int)n);
	aliases = fdt_path_offset(fdt, "/aliases");
	if (aliases < 0)
		return -1;
	target = fdt_getprop_namelen(fdt, aliases, path, (int)n, &len);
	if (!target || len <= 1 || target[0] != '/' ||
	    strnlen(target, (size_t)len) == (size_t)len)
		return -1;
	return fdt_path_offset(fdt, target);
}

/*
 * A 16550's register layout: reg-shift (default 0) and reg-io-width
 * (default 1), each one cell. Returns false for a layout the driver cannot
 * use (a width other than 1, 2 or 4, a shift above 4): not a console belay
 * can drive.
 */
static bool ns16550_layout(const void *fdt, int node, struct uart *u)
{
	const fdt32_t *v;
	int len;

	u->reg_shift = 0;
	u->reg_io_width = 1;
	v = fdt_getprop(fdt, node, "reg-shift", &len);
	if (v) {
		if (len != 4)
			return false;
		u->reg_shift = fdt32_ld(v);
	}
	v = fdt_getprop(fdt, node, "reg-io-width", &len);
	if (v) {
		if (len != 4)
			return false;
		u->reg_io_width = fdt32_ld(v);
	}
	return u->reg_shift <= 4 &&
	       (u->reg_io_width == 1 || u->reg_io_width == 2 || u->reg_io_width == 4);
}

/*
 * The console: the UART stdout-path names if it is enabled and belay has a
 * driver for it (a PL011, or a 16550 with a usable layout), else the first
 * enabled PL011, else none (belay runs without a console: docs/boot.md).
 */
static int parse_uart(const void *fdt, int chosen, struct platform *p, const char **why)
{
	const char *path = NULL;
	struct uart u = { .kind = UART_NONE };
	struct reg reg;
	int node = -1, ret;

	if (chosen >= 0) {
		ret = prop_string(fdt, chosen, "stdout-path", &path, why);
		if (ret == 0)
			ret = prop_string(fdt, chosen, "linux,stdout-path", &path, why);
		if (ret < 0)
			return ret;
	}
	if (path) {
		node = stdout_node(fdt, path);
		if (node >= 0 && !node_enabled(fdt, node))
			node = -1;
		if (node >= 0 && fdt_node_compatible(fdt, node, COMPAT_PL011))
			u.kind = UART_PL011;
		else if (node >= 0 && fdt_node_compatible(fdt, node, COMPAT_NS16550) &&
			 ns16550_layout(fdt, node, &u))
			u.kind = UART_NS16550;
	}
	if (u.kind == UART_NONE) {
		node = find_compatible(fdt, COMPAT_PL011);
		if (node < 0)
			return 0;
		u.kind = UART_PL011;
	}
	ret = reg_get(fdt, node, true, &reg, why);
	if (ret)
		return ret;
	/* belay reaches its console by 32-bit address, with its MMU off and
	 * on (HYP VAs are 32 bits): a UART above 4 GiB is no console for
	 * it. There is no console yet to say so; belay runs silent. */
	if (reg_entry(&reg, 0).base > 0xffffffffull - 0xfff)
		return 0;
	u.base = reg_entry(&reg, 0).base;
	p->uart = u;
	return 0;
}

/*
 * Entry `i` of a node's "interrupts" in the GIC binding's three cells
 * (type, number, flags), as an interrupt ID if it is a PPI (type 1):
 * 16 + number. 0 if there is no such entry or it is not a PPI.
 */
static uint32_t ppi_id(const void *fdt, int node, int i)
{
	int len;
	const fdt32_t *c = fdt_getprop(fdt, node, "interrupts", &len);

	if (!c || len < (i + 1) * 12)
		return 0;
	c += 3 * i;
	if (fdt32_to_cpu(c[0]) != 1 || fdt32_to_cpu(c[1]) >= 16)
		return 0;
	return 16 + fdt32_to_cpu(c[1]);
}

static int parse_gic(const void *fdt, struct platform *p, const char **why)
{
	struct range *dst[4] = { &p->gicd, &p->gicc, &p->gich, &p->gicv };
	struct reg reg;
	unsigned int i;
	int node, ret;

	node = find_compatible(fdt, COMPAT_GIC);
	if (node < 0)
		return 0;
	ret = reg_get(fdt, node, true, &reg, why);
	if (ret)
		return ret;
	for (i = 0; i < reg.count && i < 4; i++)
		*dst[i] = reg_entry(&reg, i);
	p->gic_maint_id = ppi_id(fdt, node, 0);
	return 0;
}

/* The HYP timer: the fourth interrupt of the architected timer's node
 * (secure physical, non-secure physical, virtual, hyp). */
static void parse_timer(const void *fdt, struct platform *p)
{
	int node = find_compatible(fdt, COMPAT_TIMER);

	if (node >= 0)
		p->hyp_timer_id = ppi_id(fdt, node, 3);
}

static int parse_psci(const void *fdt, struct platform *p, const char **why)
{
	const char *method = NULL;
	int node, ret;

	node = find_compatible(fdt, FDT_COMPAT_PSCI);
	if (node < 0)
		return 0;
	ret = prop_string(fdt, node, "method", &method, why);
	if (ret < 0)
		return ret;
	if (method && strcmp(method, "smc") == 0)
		p->psci = PSCI_CONDUIT_SMC;
	else if (method && strcmp(method, "hvc") == 0)
		p->psci = PSCI_CONDUIT_HVC;
	else
		return fail_node(why, E_BADFDT, fdt, node, "method is not \"smc\" or \"hvc\"");
	return 0;
}

static int parse_cpus(const void *fdt, struct platform *p, const char **why)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node, ac, ret;

	if (cpus < 0)
		return 0;
	ret = cells_of(fdt, cpus, "#address-cells", 2, &ac, why);
	if (ret)
		return ret;
	if (ac == 0)
		return fail_node(why, E_BADFDT, fdt, cpus, "#address-cells is 0, so CPUs have no MPIDR");
	fdt_for_each_subnode(node, fdt, cpus) {
		const fdt32_t *reg;
		uint64_t mpidr;
		int len;

		if (!prop_is(fdt, node, "device_type", "cpu"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg)
			return fail_node(why, E_BADFDT, fdt, node, "has no reg");
		/* A CPU's reg is addresses only (#size-cells is 0 in /cpus). */
		if (len <= 0 || len % (ac * 4) != 0) {
			fail_node(why, E_BADFDT, fdt, node, "reg length ");
			why_dec((uint32_t)(len < 0 ? 0 : len));
			why_str(" is not a multiple of ");
			why_dec((uint32_t)ac * 4);
			return E_BADFDT;
		}
		mpidr = read_cells(reg, ac);
		if (mpidr > UINT32_MAX)
			return fail_node(why, E_BADFDT, fdt, node, "reg (MPIDR) does not fit in 32 bits");
		if (p->nr_cpus == MAX_CPUS)
			return fail(why, E_TOOMANY, "/cpus: more CPUs than belay supports (8)");
		p->cpu_mpidr[p->nr_cpus++] = (uint32_t)mpidr;
	}
	return 0;
}

static int parse_modules(const void *fdt, int chosen, struct platform *p, const char **why)
{
	int node, ret;

	fdt_for_each_subnode(node, fdt, chosen) {
		struct module *m;
		struct reg reg;
		enum module_kind kind;
		int len;
		const char *compat = fdt_getprop(fdt, node, "compatible", &len);

		if (!compat || len <= 0)
			continue;
		if (fdt_stringlist_contains(compat, len, "multiboot,kernel"))
			kind = MODULE_KERNEL;
		else if (fdt_stringlist_contains(compat, len, "multiboot,ramdisk"))
			kind = MODULE_RAMDISK;
		else
			continue;
		if (p->nr_modules == MAX_MODULES)
			return fail(why, E_TOOMANY, "/chosen: more multiboot modules than belay supports (4)");
		/* Module addresses are RAM addresses, not bus addresses: no
		 * translation through /chosen. */
		ret = reg_get(fdt, node, false, &reg, why);
		if (ret)
			return ret;
		m = &p->modules[p->nr_modules];
		ret = prop_cmdline(fdt, node, "bootargs", &m->bootargs, why);
		if (ret < 0)
			return ret;
		m->kind = kind;
		m->where = reg_entry(&reg, 0);
		if (range_wraps(m->where))
			return fail_node(why, E_BADFDT, fdt, node, "reg wraps past the top of the address space");
		p->nr_modules++;
	}
	return 0;
}

/* linux,initrd-start/-end are one or two cells each, whatever the root says. */
static int read_initrd_prop(const void *fdt, int chosen, const char *name, bool *present,
			    uint64_t *v, const char **why)
{
	int len;
	const fdt32_t *c = fdt_getprop(fdt, chosen, name, &len);

	*present = c != NULL;
	if (!c)
		return 0;
	if (len != 4 && len != 8) {
		fail_node(why, E_BADFDT, fdt, chosen, name);
		why_str(" is neither 4 nor 8 bytes long");
		return E_BADFDT;
	}
	*v = read_cells(c, len / 4);
	return 0;
}

static int parse_chosen(const void *fdt, int chosen, struct platform *p, const char **why)
{
	uint64_t start = 0, end = 0;
	bool has_start, has_end;
	int ret;

	ret = prop_cmdline(fdt, chosen, "bootargs", &p->bootargs, why);
	if (ret < 0)
		return ret;
	ret = read_initrd_prop(fdt, chosen, "linux,initrd-start", &has_start, &start, why);
	if (!ret)
		ret = read_initrd_prop(fdt, chosen, "linux,initrd-end", &has_end, &end, why);
	if (ret)
		return ret;
	if (has_start != has_end)
		return fail_node(why, E_BADFDT, fdt, chosen,
				 "has only one of linux,initrd-start and linux,initrd-end");
	if (end < start)
		return fail_node(why, E_BADFDT, fdt, chosen, "linux,initrd-end is below linux,initrd-start");
	p->initrd.base = start;
	p->initrd.size = end - start;
	return parse_modules(fdt, chosen, p, why);
}

/*
 * The blocks in the order every boot loader and dtc writes them, apart:
 * the memory reservation map (terminated by an empty entry before the
 * structure block), the structure block, the strings block, all inside
 * totalsize. fdt_check_full() does not check the reservation map, and
 * Debian's libfdt (1.6.1) fdt_open_into() then moves a negative size
 * (found by tests/fuzz).
 */
bool fdt_blocks_in_order(const void *fdt)
{
	uint64_t rsv = fdt_off_mem_rsvmap(fdt), st = fdt_off_dt_struct(fdt);
	uint64_t str = fdt_off_dt_strings(fdt), total = fdt_totalsize(fdt);
	uint64_t off;

	if (rsv < FDT_V17_SIZE || rsv % 8 || rsv > st ||
	    st + fdt_size_dt_struct(fdt) > str || str + fdt_size_dt_strings(fdt) > total)
		return false;
	for (off = rsv; off + 16 <= st; off += 16) {
		const fdt64_t *e = (const fdt64_t *)((const char *)fdt + off);

		if (fdt64_ld(&e[0]) == 0 && fdt64_ld(&e[1]) == 0)
			return true;
	}
	return false;
}

int fdt_parse_platform(const void *fdt, struct platform *p, const char **why)
{
	const char *dummy;
	int chosen, ret;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!fdt || !p)
		return fail(why, E_BADARG, "no device tree given");
	memset(p, 0, sizeof(*p));

	if (fdt_check_header(fdt) != 0)
		return fail(why, E_BADFDT, "not a flattened device tree (bad header)");
	/*
	 * Version 17 only, what every boot loader writes. Debian's libfdt
	 * (1.6.1) is not safe with older ones: before 16 a node's name was its
	 * path, and fdt_check_full() dereferences NULL for a root whose name
	 * has no '/'; for 16 it does not bound a property name by the
	 * strings block's size, so a name may run on past its end.
	 */
	if (fdt_version(fdt) < 17)
		return fail(why, E_BADFDT, "device tree version is older than 17");
	if (!fdt_blocks_in_order(fdt))
		return fail(why, E_BADFDT, "device tree blocks overlap, are out of order or "
			    "the memory reservation map has no end");
	/* After this every offset libfdt hands out lies inside the blob. */
	if (fdt_check_full(fdt, fdt_totalsize(fdt)) != 0)
		return fail(why, E_BADFDT, "device tree structure is malformed or truncated");
	p->dtb.base = (paddr_t)(uintptr_t)fdt;
	p->dtb.size = fdt_totalsize(fdt);

	ret = parse_memory(fdt, p, why);
	if (ret)
		return ret;
	/*
	 * libfdt finds "/chosen" as the first of "chosen" and "chosen@...". If
	 * that is a memory node, fdt_write_guest() replaces it and then finds
	 * the guest's /chosen elsewhere: its bootargs and initrd would not be
	 * the ones read here.
	 */
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0 && prop_is(fdt, chosen, "device_type", "memory"))
		return fail_node(why, E_BADFDT, fdt, chosen, "is both /chosen and a memory node");
	ret = parse_uart(fdt, chosen, p, why);
	if (!ret)
		ret = parse_gic(fdt, p, why);
	if (!ret)
		parse_timer(fdt, p);
	if (!ret)
		ret = parse_psci(fdt, p, why);
	if (!ret)
		ret = parse_cpus(fdt, p, why);
	if (!ret && chosen >= 0)
		ret = parse_chosen(fdt, chosen, p, why);
	return ret;
}
