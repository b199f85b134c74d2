/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Write the guest's DTB: a copy of the boot DTB with what the guest must
 * not see taken out (belay's region, the multiboot modules, belay.* words)
 * and what it should see put in (its RAM, its initrd, /hypervisor, the
 * PSCI belay emulates). docs/boot.md.
 *
 * Two walks over the boot DTB (hyp/fdt_walk.c): the first checks it and
 * finds the nodes that play a part (/chosen, the PSCI node kept); the
 * second writes the guest's structure block token by token, leaving out
 * what goes and adding properties and nodes as it passes their place.
 * The strings block is copied whole, so every property copied keeps its
 * name offset; the names of the properties belay adds follow it.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <belay/abi.h>
#include <hyp/fdt_walk.h>
#include <hyp/platform.h>

#define NONE		0xffffffffu

/* The names of the properties belay writes, appended to the strings
 * block: N_* is each one's offset in this list. */
static const char new_names[] =
	"device_type\0reg\0compatible\0bootargs\0linux,initrd-start\0"
	"linux,initrd-end\0belay,revision\0belay,log\0method";
enum {
	N_DEVICE_TYPE = 0, N_REG = 12, N_COMPATIBLE = 16, N_BOOTARGS = 27,
	N_INITRD_START = 36, N_INITRD_END = 55, N_REVISION = 72, N_LOG = 87,
	N_METHOD = 97,
};

/* What the first walk learns; the second uses it. */
struct plan {
	const struct guest_dt *g;
	struct dt_blob b;
	int ac, sc;			/* the root's #address-cells, #size-cells */
	uint32_t chosen;		/* the guest's /chosen, NONE: add one */
	uint32_t psci;			/* the PSCI node kept, NONE: none */
	uint32_t psci_named;		/* the first /psci, reused if there is no PSCI node */
	uint32_t path[DT_MAX_DEPTH];	/* token offsets from the root to the node */
};

/* The guest DTB as it is written: a bounded cursor. */
struct out {
	uint8_t *buf;
	size_t size, pos;
	bool full;
};

static int fail(const char **why, int err, const char *text)
{
	*why = text;
	return err;
}

static void put(struct out *o, const void *p, size_t n)
{
	if (o->full || n > o->size - o->pos) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->pos, p, n);
	o->pos += n;
}

static void put32(struct out *o, uint32_t v)
{
	v = __builtin_bswap32(v);
	put(o, &v, 4);
}

static void put_begin(struct out *o, const char *name)
{
	static const uint8_t zero[4];
	size_t n = strlen(name) + 1;

	put32(o, 1);			/* FDT_BEGIN_NODE */
	put(o, name, n);
	put(o, zero, (4 - n % 4) % 4);
}

static void put_prop(struct out *o, const struct plan *pl, uint32_t name, const void *v, uint32_t len)
{
	static const uint8_t zero[4];

	put32(o, 3);			/* FDT_PROP */
	put32(o, len);
	put32(o, pl->b.str_size + name);
	put(o, v, len);
	put(o, zero, (4 - len % 4) % 4);
}

static void put_string(struct out *o, const struct plan *pl, uint32_t name, const char *s)
{
	put_prop(o, pl, name, s, (uint32_t)strlen(s) + 1);
}

static void put_u64(struct out *o, const struct plan *pl, uint32_t name, uint64_t v)
{
	uint32_t c[2] = { __builtin_bswap32((uint32_t)(v >> 32)), __builtin_bswap32((uint32_t)v) };

	put_prop(o, pl, name, c, 8);
}

/* (base, size) pairs in the root's cell sizes. */
static void put_ranges(struct out *o, const struct plan *pl, uint32_t name,
		       const struct range *r, unsigned int n)
{
	uint32_t c[4 * (MAX_MEM_BANKS + 1)];
	unsigned int k = 0;

	for (unsigned int i = 0; i < n && k + 4 <= sizeof(c) / sizeof(c[0]); i++) {
		if (pl->ac == 2)
			c[k++] = __builtin_bswap32((uint32_t)(r[i].base >> 32));
		c[k++] = __builtin_bswap32((uint32_t)r[i].base);
		if (pl->sc == 2)
			c[k++] = __builtin_bswap32((uint32_t)(r[i].size >> 32));
		c[k++] = __builtin_bswap32((uint32_t)r[i].size);
	}
	put_prop(o, pl, name, c, k * 4);
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

static bool fits_cells(uint64_t v, int cells)
{
	return cells == 2 || v <= UINT32_MAX;
}

static bool compat_has_prefix(const uint8_t *v, uint32_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	uint32_t pos = 0;

	while (v && pos < len) {
		size_t slen = strnlen((const char *)v + pos, len - pos);

		if (slen >= n && memcmp(v + pos, prefix, n) == 0)
			return true;
		pos += (uint32_t)slen + 1;
	}
	return false;
}

/*
 * Whether the node at token t (depth d >= 1) is left out of the guest's
 * DTB, with its subtree: memory nodes (belay writes its own), /hypervisor
 * (likewise), /chosen's multiboot modules (belay's input), every PSCI node
 * but the first (the guest must not pick a stale one) or all of them
 * without PSCI. On the way it notes the first /chosen, PSCI node and
 * /psci among the nodes kept, so both walks agree on them.
 */
static bool left_out(struct plan *pl, const struct dt_token *t)
{
	struct dt_prop want[2] = { { .name = "device_type" }, { .name = "compatible" } };
	const uint8_t *type, *compat;
	uint32_t tlen, clen;
	int d = t->depth;

	dt_props(&pl->b, t->next, want, 2);
	type = want[0].val;
	tlen = want[0].len;
	compat = want[1].val;
	clen = want[1].len;

	if (type && tlen == sizeof("memory") && memcmp(type, "memory", sizeof("memory")) == 0)
		return true;
	if (d == 1 && dt_name_is(t->name, t->name_len, "hypervisor"))
		return true;
	if (d == 2 && pl->path[1] == pl->chosen && compat_has_prefix(compat, clen, "multiboot,"))
		return true;
	if (dt_compatible(compat, clen, FDT_COMPAT_PSCI)) {
		if (!pl->g->psci_present)
			return true;
		if (pl->psci == NONE)
			pl->psci = t->off;
		if (pl->psci != t->off)
			return true;
	}
	if (d == 1 && pl->chosen == NONE && dt_name_is(t->name, t->name_len, "chosen"))
		pl->chosen = t->off;
	if (d == 1 && pl->psci_named == NONE && dt_name_is(t->name, t->name_len, "psci"))
		pl->psci_named = t->off;
	return false;
}

/* The root's #address-cells / #size-cells for the guest's new values:
 * 1 or 2 (the spec's defaults 2 and 1 when absent). */
static int root_cells(const struct plan *pl, uint32_t props, const char *name, int dflt)
{
	struct dt_prop want = { .name = name };

	dt_props(&pl->b, props, &want, 1);
	if (!want.val)
		return dflt;
	return want.len == 4 ? (int)dt_be32(want.val) : -1;
}

/* The first walk: check the blob, plan what the second one writes. */
static int plan_walk(struct plan *pl, const char **why)
{
	struct dt_cursor c;
	struct dt_token t;

	dt_start(&c, &pl->b);
	for (;;) {
		if (dt_next(&c, &t))
			return fail(why, E_BADFDT, "guest DTB: the boot DTB is not valid");
		if (t.kind == DT_DONE)
			return 0;
		if (t.kind != DT_BEGIN)
			continue;
		pl->path[t.depth] = t.off;
		if (t.depth == 0) {
			pl->ac = root_cells(pl, t.next, "#address-cells", 2);
			pl->sc = root_cells(pl, t.next, "#size-cells", 1);
		} else if (left_out(pl, &t) && dt_skip_node(&c)) {
			return fail(why, E_BADFDT, "guest DTB: the boot DTB is not valid");
		}
	}
}

/* The properties belay writes into /chosen. */
static void put_chosen_props(struct out *o, const struct plan *pl)
{
	const struct guest_dt *g = pl->g;

	if (g->bootargs)
		put_string(o, pl, N_BOOTARGS, g->bootargs);
	if (g->initrd.size) {
		put_u64(o, pl, N_INITRD_START, g->initrd.base);
		put_u64(o, pl, N_INITRD_END, g->initrd.base + g->initrd.size);
	}
}

/* What belay emulates; "arm,psci" (0.1) would point Linux at the
 * firmware's own function IDs, so it is left out. */
static void put_psci_props(struct out *o, const struct plan *pl)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";

	put_prop(o, pl, N_COMPATIBLE, compat, sizeof(compat));
	put_string(o, pl, N_METHOD, "smc");
}

/* The nodes belay adds at the end of the root. */
static void put_new_nodes(struct out *o, const struct plan *pl)
{
	const struct guest_dt *g = pl->g;
	uint32_t rev[2] = {
		__builtin_bswap32(BELAY_REVISION_MAJOR), __builtin_bswap32(BELAY_REVISION_MINOR)
	};
	char name[7 + 16 + 1];

	memory_node_name(name, g->ram[0].base);
	put_begin(o, name);
	put_string(o, pl, N_DEVICE_TYPE, "memory");
	put_ranges(o, pl, N_REG, g->ram, g->nr_ram);
	put32(o, 2);
	if (pl->chosen == NONE) {
		put_begin(o, "chosen");
		put_chosen_props(o, pl);
		put32(o, 2);
	}
	put_begin(o, "hypervisor");
	put_string(o, pl, N_COMPATIBLE, "belay,hypervisor");
	put_ranges(o, pl, N_REG, &g->belay, 1);
	put_prop(o, pl, N_REVISION, rev, sizeof(rev));
	if (g->log.size)
		put_ranges(o, pl, N_LOG, &g->log, 1);
	put32(o, 2);
	if (g->psci_present && pl->psci == NONE && pl->psci_named == NONE) {
		put_begin(o, "psci");
		put_psci_props(o, pl);
		put32(o, 2);
	}
}

/* A property of /chosen or of the PSCI node that belay writes itself. */
static bool replaced_prop(const char *name, bool chosen, bool psci)
{
	return (chosen && (strcmp(name, "bootargs") == 0 || strcmp(name, "linux,initrd-start") == 0 ||
			   strcmp(name, "linux,initrd-end") == 0)) ||
	       (psci && (strcmp(name, "compatible") == 0 || strcmp(name, "method") == 0 ||
			 strcmp(name, "status") == 0));
}

/* The second walk: write the structure block. */
static void write_struct(struct out *o, struct plan *pl)
{
	struct dt_cursor c;
	struct dt_token t;
	bool in_chosen = false, in_psci = false;	/* the node whose properties are being copied */
	uint32_t psci = pl->psci != NONE ? pl->psci : pl->psci_named;

	dt_start(&c, &pl->b);
	while (dt_next(&c, &t) == 0 && t.kind != DT_DONE) {
		if (t.kind == DT_PROP) {
			if (!replaced_prop(t.name, in_chosen, in_psci))
				put(o, pl->b.st + t.off, t.next - t.off);
			continue;
		}
		/* The node's own properties end here: add belay's. */
		if (in_chosen)
			put_chosen_props(o, pl);
		if (in_psci)
			put_psci_props(o, pl);
		in_chosen = in_psci = false;
		if (t.kind == DT_END_NODE) {
			if (t.depth == 0)
				put_new_nodes(o, pl);
			put32(o, 2);
			continue;
		}
		pl->path[t.depth] = t.off;
		if (t.depth > 0 && left_out(pl, &t)) {
			dt_skip_node(&c);
			continue;
		}
		put(o, pl->b.st + t.off, t.next - t.off);
		in_chosen = t.off == pl->chosen;
		in_psci = pl->g->psci_present && t.off == psci;
	}
	put32(o, 9);			/* FDT_END */
}

int fdt_write_guest(const void *host, void *out, size_t out_size,
		    const struct guest_dt *g, const char **why)
{
	static struct plan plan;
	struct plan *pl = &plan;
	struct out o = { .buf = out, .size = out_size };
	uint32_t rsv, st, str, i;
	int ret;
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!host || !out || !g || !g->ram || g->nr_ram == 0 || g->nr_ram > MAX_MEM_BANKS + 1)
		return fail(why, E_BADARG, "guest DTB: no guest RAM given");
	memset(pl, 0, sizeof(*pl));
	pl->g = g;
	pl->chosen = pl->psci = pl->psci_named = NONE;
	ret = dt_open(host, &pl->b, why);
	if (ret)
		return fail(why, E_BADFDT, "guest DTB: the boot DTB is not valid");
	if ((const uint8_t *)out < (const uint8_t *)pl->b.str + pl->b.str_size &&
	    pl->b.base < (const uint8_t *)out + out_size)
		return fail(why, E_BADARG, "guest DTB: the output overlaps the boot DTB");
	ret = plan_walk(pl, why);
	if (ret)
		return ret;
	if (pl->ac < 1 || pl->ac > 2 || pl->sc < 1 || pl->sc > 2)
		return fail(why, E_BADFDT, "guest DTB: root #address-cells/#size-cells must be 1 or 2");
	for (i = 0; i < g->nr_ram; i++)
		if (!fits_cells(g->ram[i].base, pl->ac) || !fits_cells(g->ram[i].size, pl->sc))
			return fail(why, E_BADARG, "guest DTB: a RAM range does not fit the root's cells");
	if (!fits_cells(g->belay.base, pl->ac) || !fits_cells(g->belay.size, pl->sc) ||
	    !fits_cells(g->log.base, pl->ac) || !fits_cells(g->log.size, pl->sc))
		return fail(why, E_BADARG, "guest DTB: belay's region does not fit the root's cells");

	/* Header (written last), reservation map up to its empty entry,
	 * structure block, strings block. */
	o.pos = DT_HEADER_SIZE;
	if (o.size < o.pos)
		o.full = true;
	rsv = (uint32_t)o.pos;
	for (i = dt_be32((const uint32_t *)host + 4);; i += 16) {
		const uint32_t *e = (const uint32_t *)(pl->b.base + i);

		put(&o, e, 16);
		if ((e[0] | e[1] | e[2] | e[3]) == 0)
			break;
	}
	st = (uint32_t)o.pos;
	write_struct(&o, pl);
	str = (uint32_t)o.pos;
	put(&o, pl->b.str, pl->b.str_size);
	put(&o, new_names, sizeof(new_names));
	if (o.full)
		return fail(why, E_NOSPACE, "guest DTB: output buffer too small");

	uint32_t h[10] = {
		0xd00dfeedu, (uint32_t)o.pos, st, str, rsv, 17, 16,
		dt_be32((const uint32_t *)host + 7), (uint32_t)o.pos - str, str - st,
	};
	for (i = 0; i < 10; i++)
		h[i] = __builtin_bswap32(h[i]);
	memcpy(out, h, sizeof(h));
	return 0;
}
