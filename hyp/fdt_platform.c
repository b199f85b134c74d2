/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Read the boot DTB into struct platform, in one pass over its structure
 * block (hyp/fdt_walk.c checks each token as it reads it). The DTB comes
 * from whoever booted belay, so nothing in it is trusted: every property
 * length is checked before a cell is read. A problem becomes a negative
 * E_* and a message naming the node, never a crash.
 *
 * The walk keeps the path from the root to the current node (struct
 * pnode); a node is looked at once, when its properties are complete (at
 * its first subnode or its end), and its ancestors' properties
 * (#address-cells, ranges) are read from their entries on that path.
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

#include <hyp/fdt_walk.h>
#include <hyp/platform.h>

/*
 * The message *why points at. Parsing happens once, on the boot CPU,
 * before anything else could call in here, so one static buffer is enough.
 */
/* Boot data: boot_choose_home() parses the DTB before belay has any bss
 * (boot/head.S), and an error message is written here then. */
static char why_buf[256] BOOT_DATA;
static size_t why_len BOOT_DATA;

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


/* A node on the path from the root to where the walk is. */
struct pnode {
	uint32_t off;			/* its FDT_BEGIN_NODE token */
	uint32_t props;			/* its first property (or subnode) token */
	const char *name;
	uint32_t name_len;
	bool done;			/* looked at (its properties are complete) */
	bool is_chosen, is_cpus;
};

struct parse {
	struct dt_blob b;
	struct pnode path[DT_MAX_DEPTH];
	int depth;			/* nodes on the path */
	struct platform *p;
	const char **why;
	bool have_chosen, have_cpus, have_aliases, have_gic, have_timer, have_psci, have_pl011;
	int cpus_ac;
	struct pnode aliases;
	uint32_t pl011;			/* the first enabled arm,pl011 */
	const char *stdout_path;	/* /chosen's stdout-path, or NULL */
	bool console_only;		/* look for the console alone (after an error) */
};

/* A property of node n: its value and length, or NULL if absent. The
 * walk has checked n's properties already. */
static const uint8_t *getprop_namelen(const struct parse *ps, const struct pnode *n,
				      const char *name, size_t name_len, uint32_t *len)
{
	struct dt_cursor c = { .b = &ps->b, .off = n->props, .depth = 1 };
	struct dt_token t;

	while (dt_next(&c, &t) == 0 && t.kind == DT_PROP)
		if (strncmp(t.name, name, name_len) == 0 && t.name[name_len] == '\0') {
			*len = t.len;
			return t.val;
		}
	return NULL;
}

static const uint8_t *getprop(const struct parse *ps, const struct pnode *n, const char *name,
			      uint32_t *len)
{
	return getprop_namelen(ps, n, name, strlen(name), len);
}

/* Set *why to "<path of node at depth d>: text" and return err. */
static int fail_node(struct parse *ps, int err, int d, const char *text)
{
	why_start();
	if (d == 0)
		why_str("/");
	for (int i = 1; i <= d; i++) {
		why_str("/");
		for (uint32_t k = 0; k < ps->path[i].name_len && why_len + 1 < sizeof(why_buf); k++)
			why_buf[why_len++] = ps->path[i].name[k];
		why_buf[why_len] = '\0';
	}
	why_str(": ");
	why_str(text);
	*ps->why = why_buf;
	return err;
}

static int fail(const char **why, int err, const char *text)
{
	*why = text;
	return err;
}

static uint64_t read_cells(const uint8_t *c, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | dt_be32(c + 4 * i);
	return v;
}

static bool is_string(const uint8_t *v, uint32_t len, const char *s)
{
	size_t n = strlen(s) + 1;

	return v && len == n && memcmp(v, s, n) == 0;
}

/*
 * A string property: 1 and *s if present and NUL-terminated inside its
 * length, 0 if absent, E_BADFDT if present but not a string. *s points
 * into the DTB, or at a literal in the image belay runs from: use it at
 * once and keep a copy, never the pointer (struct cmdline).
 */
static int prop_string(struct parse *ps, int d, const char *name, const char **s)
{
	uint32_t len;
	const uint8_t *v = getprop(ps, &ps->path[d], name, &len);

	if (!v)
		return 0;
	if (len == 0) {
		/* An empty property is an empty string. */
		*s = "";
		return 1;
	}
	if (strnlen((const char *)v, len) == len) {
		fail_node(ps, E_BADFDT, d, "");
		why_str(name);
		why_str(" is not a NUL-terminated string");
		return E_BADFDT;
	}
	*s = (const char *)v;
	return 1;
}

/*
 * A bootargs property into *c: absent leaves it empty; a string is copied
 * (as much as fits) with its full length, so that a caller can refuse one
 * that is too long when it needs it.
 */
static int prop_cmdline(struct parse *ps, int d, const char *name, struct cmdline *c)
{
	const char *s = NULL;
	size_t len, n;
	int ret = prop_string(ps, d, name, &s);

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

static bool status_enabled(const uint8_t *v, uint32_t len)
{
	return !v || (len == 5 && memcmp(v, "okay", 5) == 0) || (len == 3 && memcmp(v, "ok", 3) == 0);
}

static bool node_enabled(const struct parse *ps, const struct pnode *n)
{
	uint32_t len;
	const uint8_t *v = getprop(ps, n, "status", &len);

	return status_enabled(v, len);
}

static bool node_compatible(const struct parse *ps, const struct pnode *n, const char *compat)
{
	uint32_t len;
	const uint8_t *v = getprop(ps, n, "compatible", &len);

	return dt_compatible(v, len, compat);
}

/*
 * One of #address-cells / #size-cells that applies to the children of
 * the node at depth d. Like Xen and U-Boot, a node without the property
 * inherits its parent's value, with the root defaulting to the spec's 2
 * and 1; this is what makes /chosen/module@* reg use the root's cells.
 */
static int cells_of(struct parse *ps, int d, const char *name, int dflt, int *cells)
{
	for (; d >= 0; d--) {
		uint32_t len, c;
		const uint8_t *v = getprop(ps, &ps->path[d], name, &len);

		if (!v)
			continue;
		if (len != 4) {
			fail_node(ps, E_BADFDT, d, name);
			why_str(" is not one cell");
			return E_BADFDT;
		}
		c = dt_be32(v);
		if (c > 2) {
			fail_node(ps, E_BADFDT, d, name);
			why_str(" is ");
			why_dec(c);
			why_str("; belay reads at most 2 cells");
			return E_BADFDT;
		}
		*cells = (int)c;
		return 0;
	}
	*cells = dflt;
	return 0;
}

/*
 * Check that the bus addresses of the children of the node at depth
 * `parent` are CPU physical addresses: every ancestor from it up to (not
 * including) the root has "ranges" that is empty or maps each child
 * address to itself.
 */
static int check_identity(struct parse *ps, int parent)
{
	for (; parent > 0; parent--) {
		int cac, pac, csc, entry, i, ret;
		uint32_t len;
		const uint8_t *r = getprop(ps, &ps->path[parent], "ranges", &len);

		if (!r)
			return fail_node(ps, E_BADFDT, parent,
					 "has no ranges, so its children's addresses are not CPU addresses");
		if (len == 0)
			continue;
		ret = cells_of(ps, parent, "#address-cells", 2, &cac);
		if (!ret)
			ret = cells_of(ps, parent - 1, "#address-cells", 2, &pac);
		if (!ret)
			ret = cells_of(ps, parent, "#size-cells", 1, &csc);
		if (ret)
			return ret;
		entry = (cac + pac + csc) * 4;
		if (entry == 0 || len % (uint32_t)entry != 0)
			return fail_node(ps, E_BADFDT, parent,
					 "ranges length does not match the cell counts");
		for (i = 0; i < (int)len / entry; i++) {
			const uint8_t *e = r + i * entry;

			if (cac == 0 || pac == 0 || read_cells(e, cac) != read_cells(e + 4 * cac, pac))
				return fail_node(ps, E_BADFDT, parent,
						 "ranges is not an identity map; belay does not translate bus addresses");
		}
	}
	return 0;
}

/* A node's "reg", with the cell counts its parent gives it. */
struct reg {
	const uint8_t *cells;
	int ac, sc;
	unsigned int count;
};

static int reg_get(struct parse *ps, int d, bool translate, struct reg *reg)
{
	uint32_t len;
	int entry, ret;

	if (d == 0)
		return fail_node(ps, E_BADFDT, d, "cannot find its parent node");
	ret = cells_of(ps, d - 1, "#address-cells", 2, &reg->ac);
	if (!ret)
		ret = cells_of(ps, d - 1, "#size-cells", 1, &reg->sc);
	if (ret)
		return ret;
	if (reg->ac == 0 || reg->sc == 0)
		return fail_node(ps, E_BADFDT, d,
				 "parent's #address-cells or #size-cells is 0, so reg has no address or size");
	if (translate) {
		ret = check_identity(ps, d - 1);
		if (ret)
			return ret;
	}
	reg->cells = getprop(ps, &ps->path[d], "reg", &len);
	if (!reg->cells)
		return fail_node(ps, E_BADFDT, d, "has no reg");
	entry = (reg->ac + reg->sc) * 4;
	if (len == 0 || len % (uint32_t)entry != 0) {
		fail_node(ps, E_BADFDT, d, "reg length ");
		why_dec(len);
		why_str(" is not a multiple of ");
		why_dec((uint32_t)entry);
		return E_BADFDT;
	}
	reg->count = len / (uint32_t)entry;
	return 0;
}

static struct range reg_entry(const struct reg *reg, unsigned int i)
{
	const uint8_t *e = reg->cells + 4 * i * (unsigned int)(reg->ac + reg->sc);
	struct range r = { read_cells(e, reg->ac), read_cells(e + 4 * reg->ac, reg->sc) };

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

static int parse_memory(struct parse *ps, int d)
{
	struct reg reg;
	int ret = reg_get(ps, d, true, &reg);

	if (ret)
		return ret;
	for (unsigned int i = 0; i < reg.count; i++) {
		struct range r = reg_entry(&reg, i);

		if (r.size == 0)
			continue;
		if (range_wraps(r))
			return fail_node(ps, E_BADFDT, d,
					 "a reg entry wraps past the top of the address space");
		if (add_bank(ps->p, r))
			return fail_node(ps, E_TOOMANY, d,
					 "more separate memory banks than belay supports (8)");
	}
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
 * A 16550's register layout: reg-shift (default 0) and reg-io-width
 * (default 1), each one cell. Returns false for a layout the driver cannot
 * use (a width other than 1, 2 or 4, a shift above 4): not a console belay
 * can drive.
 */
static bool ns16550_layout(const struct parse *ps, const struct pnode *n, struct uart *u)
{
	const uint8_t *v;
	uint32_t len;

	u->reg_shift = 0;
	u->reg_io_width = 1;
	v = getprop(ps, n, "reg-shift", &len);
	if (v) {
		if (len != 4)
			return false;
		u->reg_shift = dt_be32(v);
	}
	v = getprop(ps, n, "reg-io-width", &len);
	if (v) {
		if (len != 4)
			return false;
		u->reg_io_width = dt_be32(v);
	}
	return u->reg_shift <= 4 &&
	       (u->reg_io_width == 1 || u->reg_io_width == 2 || u->reg_io_width == 4);
}

/*
 * Entry `i` of a node's "interrupts" in the GIC binding's three cells
 * (type, number, flags), as an interrupt ID if it is a PPI (type 1):
 * 16 + number. 0 if there is no such entry or it is not a PPI.
 */
static uint32_t ppi_id(const struct parse *ps, const struct pnode *n, uint32_t i)
{
	uint32_t len;
	const uint8_t *c = getprop(ps, n, "interrupts", &len);

	if (!c || len < (i + 1) * 12)
		return 0;
	c += 12 * i;
	if (dt_be32(c) != 1 || dt_be32(c + 4) >= 16)
		return 0;
	return 16 + dt_be32(c + 4);
}

static int parse_gic(struct parse *ps, int d)
{
	struct platform *p = ps->p;
	struct range *dst[4] = { &p->gicd, &p->gicc, &p->gich, &p->gicv };
	struct reg reg;
	int ret = reg_get(ps, d, true, &reg);

	if (ret)
		return ret;
	for (unsigned int i = 0; i < reg.count && i < 4; i++)
		*dst[i] = reg_entry(&reg, i);
	p->gic_maint_id = ppi_id(ps, &ps->path[d], 0);
	return 0;
}

static int parse_psci(struct parse *ps, int d)
{
	const char *method = NULL;
	int ret = prop_string(ps, d, "method", &method);

	if (ret < 0)
		return ret;
	if (method && strcmp(method, "smc") == 0)
		ps->p->psci = PSCI_CONDUIT_SMC;
	else if (method && strcmp(method, "hvc") == 0)
		ps->p->psci = PSCI_CONDUIT_HVC;
	else
		return fail_node(ps, E_BADFDT, d, "method is not \"smc\" or \"hvc\"");
	return 0;
}

/* A child of /cpus with device_type "cpu": its MPIDR. */
static int parse_cpu(struct parse *ps, int d)
{
	struct platform *p = ps->p;
	int ac = ps->cpus_ac;
	uint32_t len;
	const uint8_t *reg = getprop(ps, &ps->path[d], "reg", &len);
	uint64_t mpidr;

	if (!reg)
		return fail_node(ps, E_BADFDT, d, "has no reg");
	/* A CPU's reg is addresses only (#size-cells is 0 in /cpus). */
	if (len == 0 || len % (uint32_t)(ac * 4) != 0) {
		fail_node(ps, E_BADFDT, d, "reg length ");
		why_dec(len);
		why_str(" is not a multiple of ");
		why_dec((uint32_t)ac * 4);
		return E_BADFDT;
	}
	mpidr = read_cells(reg, ac);
	if (mpidr > UINT32_MAX)
		return fail_node(ps, E_BADFDT, d, "reg (MPIDR) does not fit in 32 bits");
	if (p->nr_cpus == MAX_CPUS)
		return fail(ps->why, E_TOOMANY, "/cpus: more CPUs than belay supports (8)");
	p->cpu_mpidr[p->nr_cpus++] = (uint32_t)mpidr;
	return 0;
}

/* A child of /chosen: a multiboot module, or nothing belay reads. */
static int parse_module(struct parse *ps, int d, const uint8_t *compat, uint32_t len)
{
	struct platform *p = ps->p;
	enum module_kind kind;
	struct module *m;
	struct reg reg;
	int ret;

	if (!compat || len == 0)
		return 0;
	if (dt_compatible(compat, len, "multiboot,kernel\0"))
		kind = MODULE_KERNEL;
	else if (dt_compatible(compat, len, "multiboot,ramdisk\0"))
		kind = MODULE_RAMDISK;
	else
		return 0;
	if (p->nr_modules == MAX_MODULES)
		return fail(ps->why, E_TOOMANY, "/chosen: more multiboot modules than belay supports (4)");
	/* Module addresses are RAM addresses, not bus addresses: no
	 * translation through /chosen. */
	ret = reg_get(ps, d, false, &reg);
	if (ret)
		return ret;
	m = &p->modules[p->nr_modules];
	ret = prop_cmdline(ps, d, "bootargs", &m->bootargs);
	if (ret < 0)
		return ret;
	m->kind = kind;
	m->where = reg_entry(&reg, 0);
	if (range_wraps(m->where))
		return fail_node(ps, E_BADFDT, d, "reg wraps past the top of the address space");
	p->nr_modules++;
	return 0;
}

/* linux,initrd-start/-end are one or two cells each, whatever the root says. */
static int read_initrd_prop(struct parse *ps, int d, const char *name, bool *present, uint64_t *v)
{
	uint32_t len;
	const uint8_t *c = getprop(ps, &ps->path[d], name, &len);

	*present = c != NULL;
	if (!c)
		return 0;
	if (len != 4 && len != 8) {
		fail_node(ps, E_BADFDT, d, name);
		why_str(" is neither 4 nor 8 bytes long");
		return E_BADFDT;
	}
	*v = read_cells(c, (int)len / 4);
	return 0;
}

static int parse_chosen(struct parse *ps, int d)
{
	struct platform *p = ps->p;
	uint64_t start = 0, end = 0;
	bool has_start, has_end;
	int ret;

	ret = prop_string(ps, d, "stdout-path", &ps->stdout_path);
	if (ret == 0)
		ret = prop_string(ps, d, "linux,stdout-path", &ps->stdout_path);
	if (ret < 0)
		return ret;
	ret = prop_cmdline(ps, d, "bootargs", &p->bootargs);
	if (ret < 0)
		return ret;
	ret = read_initrd_prop(ps, d, "linux,initrd-start", &has_start, &start);
	if (!ret)
		ret = read_initrd_prop(ps, d, "linux,initrd-end", &has_end, &end);
	if (ret)
		return ret;
	if (has_start != has_end)
		return fail_node(ps, E_BADFDT, d,
				 "has only one of linux,initrd-start and linux,initrd-end");
	if (end < start)
		return fail_node(ps, E_BADFDT, d, "linux,initrd-end is below linux,initrd-start");
	p->initrd.base = start;
	p->initrd.size = end - start;
	return 0;
}

/*
 * The node at depth d, its properties complete: everything belay reads
 * from it. "The first enabled node compatible with ..." is the first in
 * tree order, as libfdt's searches find it.
 */
static int look_at(struct parse *ps, int d)
{
	struct pnode *n = &ps->path[d];
	struct dt_prop want[3] = {
		{ .name = "compatible" }, { .name = "device_type" }, { .name = "status" }
	};
	const uint8_t *compat, *type;
	uint32_t clen, tlen;
	bool enabled, memory;
	int ret = 0;

	dt_props(&ps->b, n->props, want, 3);
	compat = want[0].val;
	clen = want[0].len;
	type = want[1].val;
	tlen = want[1].len;
	enabled = status_enabled(want[2].val, want[2].len);
	memory = is_string(type, tlen, "memory");

	n->done = true;
	if (ps->console_only) {
		if (d == 1 && !ps->have_chosen && dt_name_is(n->name, n->name_len, "chosen")) {
			ps->have_chosen = true;
			ret = prop_string(ps, d, "stdout-path", &ps->stdout_path);
			if (ret == 0)
				ret = prop_string(ps, d, "linux,stdout-path", &ps->stdout_path);
			return ret < 0 ? ret : 0;
		}
		if (d == 1 && !ps->have_aliases && dt_name_is(n->name, n->name_len, "aliases")) {
			ps->have_aliases = true;
			ps->aliases = *n;
		}
		if (!ps->have_pl011 && enabled && dt_compatible(compat, clen, COMPAT_PL011)) {
			ps->have_pl011 = true;
			ps->pl011 = n->off;
		}
		return 0;
	}
	if (memory && enabled) {
		ret = parse_memory(ps, d);
		if (ret)
			return ret;
	}
	if (d == 1) {
		/* libfdt finds "/chosen" as the first of "chosen" and
		 * "chosen@...". If that is a memory node, fdt_write_guest()
		 * drops it and finds the guest's /chosen elsewhere: its
		 * bootargs and initrd would not be the ones read here. */
		if (!ps->have_chosen && dt_name_is(n->name, n->name_len, "chosen")) {
			ps->have_chosen = n->is_chosen = true;
			if (memory)
				return fail_node(ps, E_BADFDT, d, "is both /chosen and a memory node");
			ret = parse_chosen(ps, d);
		} else if (!ps->have_cpus && dt_name_is(n->name, n->name_len, "cpus")) {
			ps->have_cpus = n->is_cpus = true;
			ret = cells_of(ps, d, "#address-cells", 2, &ps->cpus_ac);
			if (!ret && ps->cpus_ac == 0)
				return fail_node(ps, E_BADFDT, d, "#address-cells is 0, so CPUs have no MPIDR");
		} else if (!ps->have_aliases && dt_name_is(n->name, n->name_len, "aliases")) {
			ps->have_aliases = true;
			ps->aliases = *n;
		}
	} else if (d == 2 && ps->path[1].is_chosen) {
		ret = parse_module(ps, d, compat, clen);
	} else if (d == 2 && ps->path[1].is_cpus && is_string(type, tlen, "cpu")) {
		ret = parse_cpu(ps, d);
	}
	if (ret || !enabled || !compat)
		return ret;
	if (!ps->have_gic && dt_compatible(compat, clen, COMPAT_GIC)) {
		ps->have_gic = true;
		ret = parse_gic(ps, d);
	} else if (!ps->have_timer && dt_compatible(compat, clen, COMPAT_TIMER)) {
		/* The HYP timer: the fourth interrupt of the architected
		 * timer's node (secure physical, non-secure physical,
		 * virtual, hyp). */
		ps->have_timer = true;
		ps->p->hyp_timer_id = ppi_id(ps, n, 3);
	} else if (!ps->have_psci && dt_compatible(compat, clen, FDT_COMPAT_PSCI)) {
		ps->have_psci = true;
		ret = parse_psci(ps, d);
	} else if (!ps->have_pl011 && dt_compatible(compat, clen, COMPAT_PL011)) {
		ps->have_pl011 = true;
		ps->pl011 = n->off;
	}
	return ret;
}

#define NO_STOP	0xffffffffu

static const char malformed[] = "device tree structure is malformed or truncated";

/*
 * Walk the whole tree, looking at each node once; or, with stop_at, only
 * up to the node whose token is at that offset, leaving ps->path[] as
 * the path to it (ps->depth - 1 is its depth).
 */
static int walk(struct parse *ps, uint32_t stop_at)
{
	struct dt_cursor c;
	struct dt_token t;
	int ret;

	dt_start(&c, &ps->b);
	ps->depth = 0;
	for (;;) {
		if (dt_next(&c, &t))
			return fail(ps->why, E_BADFDT, malformed);
		if (t.kind == DT_DONE)
			return 0;
		if (t.kind == DT_PROP)
			continue;
		if (stop_at == NO_STOP && ps->depth && !ps->path[ps->depth - 1].done) {
			ret = look_at(ps, ps->depth - 1);
			if (ret)
				return ret;
		}
		if (t.kind == DT_END_NODE) {
			ps->depth--;
			continue;
		}
		ps->path[ps->depth++] = (struct pnode){
			.off = t.off, .props = t.next, .name = t.name, .name_len = t.name_len,
		};
		if (t.off == stop_at)
			return 0;
	}
}

/*
 * The node a path names, as libfdt's fdt_path_offset() finds it: from the
 * root, each component is a child's full name, or its name before '@' if
 * the component has no '@'. Returns its token offset or NO_STOP.
 */
static uint32_t path_offset(const struct parse *ps, const char *path, size_t n)
{
	const char *end = path + n;
	struct dt_cursor c;
	struct dt_token t;

	dt_start(&c, &ps->b);
	if (dt_next(&c, &t) || t.kind != DT_BEGIN)
		return NO_STOP;
	for (;;) {
		const char *comp, *slash;
		size_t len;

		while (path < end && *path == '/')
			path++;
		if (path == end)
			return t.off;
		comp = path;
		slash = memchr(comp, '/', (size_t)(end - comp));
		path = slash ? slash : end;
		len = (size_t)(path - comp);
		for (;;) {
			if (dt_next(&c, &t) || t.kind == DT_DONE || t.kind == DT_END_NODE)
				return NO_STOP;
			if (t.kind != DT_BEGIN)
				continue;
			if (t.name_len >= len && memcmp(t.name, comp, len) == 0 &&
			    (t.name_len == len || (!memchr(comp, '@', len) && t.name[len] == '@')))
				break;
			if (dt_skip_node(&c))
				return NO_STOP;
		}
	}
}

/*
 * The node a stdout-path names: "serial0:115200n8" (an alias; the options
 * after ':' are the console's) or "/pl011@9000000". An alias's value must
 * be a path: one alias is never followed to another (a loop of two would
 * never end).
 */
static uint32_t stdout_node(const struct parse *ps, const char *path)
{
	const char *colon = strchr(path, ':');
	size_t n = colon ? (size_t)(colon - path) : strlen(path);
	const uint8_t *target;
	uint32_t len;

	if (n == 0)
		return NO_STOP;
	if (path[0] == '/')
		return path_offset(ps, path, n);
	if (!ps->have_aliases)
		return NO_STOP;
	target = getprop_namelen(ps, &ps->aliases, path, n, &len);
	if (!target || len <= 1 || target[0] != '/' || strnlen((const char *)target, len) == len)
		return NO_STOP;
	return path_offset(ps, (const char *)target, len - 1);
}

/*
 * The console: the UART stdout-path names if it is enabled and belay has a
 * driver for it (a PL011, or a 16550 with a usable layout), else the first
 * enabled PL011, else none (belay runs without a console: docs/boot.md).
 */
static int parse_uart(struct parse *ps)
{
	struct uart u = { .kind = UART_NONE };
	struct reg reg;
	int d, ret;

	if (ps->stdout_path) {
		uint32_t node = stdout_node(ps, ps->stdout_path);

		if (node != NO_STOP && walk(ps, node) == 0 && ps->depth) {
			struct pnode *n = &ps->path[ps->depth - 1];

			if (!node_enabled(ps, n))
				;
			else if (node_compatible(ps, n, COMPAT_PL011))
				u.kind = UART_PL011;
			else if (node_compatible(ps, n, COMPAT_NS16550) && ns16550_layout(ps, n, &u))
				u.kind = UART_NS16550;
		}
	}
	if (u.kind == UART_NONE) {
		if (!ps->have_pl011)
			return 0;
		u.kind = UART_PL011;
		walk(ps, ps->pl011);
	}
	d = ps->depth - 1;
	ret = reg_get(ps, d, true, &reg);
	if (ret)
		return ret;
	/* belay reaches its console by 32-bit address, with its MMU off and
	 * on (HYP VAs are 32 bits): a UART above 4 GiB is no console for
	 * it. There is no console yet to say so; belay runs silent. */
	if (reg_entry(&reg, 0).base > 0xffffffffull - 0xfff)
		return 0;
	u.base = reg_entry(&reg, 0).base;
	ps->p->uart = u;
	return 0;
}

/*
 * The DTB was refused for what a node says: find the console anyway, so
 * that belay can print why before it stops. The message stays the first
 * error's.
 */
static void console_after_error(struct parse *ps)
{
	char saved[sizeof(why_buf)];
	struct platform *p = ps->p;
	const char **why = ps->why, *msg = *why;

	memcpy(saved, why_buf, sizeof(saved));
	struct dt_blob b = ps->b;

	memset(ps, 0, sizeof(*ps));
	ps->b = b;
	ps->p = p;
	ps->why = why;
	ps->console_only = true;
	if (walk(ps, NO_STOP) == 0)
		parse_uart(ps);
	memcpy(why_buf, saved, sizeof(saved));
	*why = msg;
}

/* Boot data with the rest: boot_choose_home() parses before there is bss. */
static struct parse parse_state BOOT_DATA;

int fdt_parse_platform(const void *fdt, struct platform *p, const char **why)
{
	struct parse *ps = &parse_state;
	const char *dummy;
	int ret;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!fdt || !p)
		return fail(why, E_BADARG, "no device tree given");
	memset(p, 0, sizeof(*p));
	memset(ps, 0, sizeof(*ps));
	ps->p = p;
	ps->why = why;
	ret = dt_open(fdt, &ps->b, why);
	if (ret)
		return ret;
	p->dtb.base = (paddr_t)(uintptr_t)fdt;
	p->dtb.size = dt_be32((const uint32_t *)fdt + 1);

	ret = walk(ps, NO_STOP);
	if (ret && *why != malformed)
		console_after_error(ps);
	if (ret)
		return ret;
	if (p->nr_mem == 0)
		return fail(why, E_NOMEM_NODE, "no /memory node with a non-empty reg");
	return parse_uart(ps);
}
