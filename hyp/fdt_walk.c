/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * A checked walk over a flattened device tree (the Devicetree
 * Specification, chapter 5), token by token. belay reads the boot DTB once
 * and writes the guest's in one pass (docs/boot.md, "Boot cost"); libfdt's
 * lookups walk the structure block byte by byte for every call and its
 * fdt_check_full() walks it again, which cost millions of instructions
 * at boot. Here each token is checked once, as it is read.
 */
#include <stddef.h>
#include <string.h>

#include <hyp/fdt_walk.h>
#include <hyp/platform.h>

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u

/* Header fields, in 32-bit words. */
enum {
	H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSVMAP, H_VERSION,
	H_LAST_COMP, H_BOOT_CPU, H_SIZE_STRINGS, H_SIZE_STRUCT
};

static uint32_t hdr(const void *fdt, int field)
{
	return dt_be32((const uint32_t *)fdt + field);
}

static int bad(const char **why, const char *text)
{
	*why = text;
	return E_BADFDT;
}

bool fdt_blocks_in_order(const void *fdt)
{
	uint64_t rsv = hdr(fdt, H_OFF_RSVMAP), st = hdr(fdt, H_OFF_STRUCT);
	uint64_t str = hdr(fdt, H_OFF_STRINGS), total = hdr(fdt, H_TOTALSIZE);
	uint64_t off;

	if (rsv < DT_HEADER_SIZE || rsv % 8 || rsv > st ||
	    st + hdr(fdt, H_SIZE_STRUCT) > str || str + hdr(fdt, H_SIZE_STRINGS) > total)
		return false;
	for (off = rsv; off + 16 <= st; off += 16) {
		const uint32_t *e = (const uint32_t *)((const uint8_t *)fdt + off);

		if ((e[0] | e[1] | e[2] | e[3]) == 0)
			return true;
	}
	return false;
}

int dt_open(const void *fdt, struct dt_blob *b, const char **why)
{
	/* Aligned, so that every cell can be read as a word (tokens and
	 * values are 4-byte aligned inside the structure block). */
	if ((uintptr_t)fdt % 4 || hdr(fdt, H_MAGIC) != FDT_MAGIC)
		return bad(why, "not a flattened device tree (bad header)");
	/*
	 * Version 17 only, what every boot loader writes: before 16 a node's
	 * name was its path, and 16 has no strings block size.
	 */
	if (hdr(fdt, H_VERSION) < 17)
		return bad(why, "device tree version is older than 17");
	if (hdr(fdt, H_LAST_COMP) > 17 || hdr(fdt, H_TOTALSIZE) < DT_HEADER_SIZE ||
	    hdr(fdt, H_OFF_STRUCT) % 4 || hdr(fdt, H_SIZE_STRUCT) % 4)
		return bad(why, "not a flattened device tree (bad header)");
	if (!fdt_blocks_in_order(fdt))
		return bad(why, "device tree blocks overlap, are out of order or "
			   "the memory reservation map has no end");
	b->base = fdt;
	b->st = b->base + hdr(fdt, H_OFF_STRUCT);
	b->st_size = hdr(fdt, H_SIZE_STRUCT);
	b->str = (const char *)b->base + hdr(fdt, H_OFF_STRINGS);
	b->str_size = hdr(fdt, H_SIZE_STRINGS);
	/* dtc ends the block with a name's NUL: then no name needs a
	 * search for its end (most of a walk's time otherwise). */
	b->str_ends_nul = b->str_size && b->str[b->str_size - 1] == '\0';
	return 0;
}

static uint32_t align4(uint64_t v)
{
	return (uint32_t)((v + 3) & ~3ull);
}

int dt_next(struct dt_cursor *c, struct dt_token *t)
{
	const struct dt_blob *b = c->b;

	for (;;) {
		uint32_t off = c->off, tag;

		if (off > b->st_size || b->st_size - off < 4)
			return E_BADFDT;
		tag = dt_be32(b->st + off);
		t->off = off;
		if (tag == FDT_NOP) {
			c->off = off + 4;
			continue;
		}
		if (tag == FDT_END) {
			if (!c->done_root)
				return E_BADFDT;
			t->kind = DT_DONE;
			t->next = c->off = off + 4;
			return 0;
		}
		if (c->done_root)
			return E_BADFDT;
		if (tag == FDT_BEGIN_NODE) {
			const char *name = (const char *)b->st + off + 4;
			const char *nul = memchr(name, '\0', b->st_size - off - 4);
			uint32_t next;

			/* The root's name is empty (the specification, 5.4.1). */
			if (!nul || c->depth >= DT_MAX_DEPTH || (c->depth == 0 && nul != name))
				return E_BADFDT;
			next = align4((uint64_t)(nul - (const char *)b->st) + 1);
			if (next > b->st_size)
				return E_BADFDT;
			if (c->depth)
				c->has_child |= 1u << (c->depth - 1);
			c->has_child &= ~(1u << c->depth);
			t->kind = DT_BEGIN;
			t->depth = c->depth++;
			t->name = name;
			t->name_len = (uint32_t)(nul - name);
			t->next = c->off = next;
			return 0;
		}
		if (tag == FDT_END_NODE) {
			if (c->depth == 0)
				return E_BADFDT;
			t->kind = DT_END_NODE;
			t->depth = --c->depth;
			c->done_root = c->depth == 0;
			t->next = c->off = off + 4;
			return 0;
		}
		if (tag == FDT_PROP) {
			uint32_t len, nameoff;
			uint64_t end;

			/* Properties come before a node's subnodes (the
			 * specification, 5.4.1); the guest DTB writer relies
			 * on knowing a node's properties before its children. */
			if (c->depth == 0 || (c->has_child & (1u << (c->depth - 1))) ||
			    b->st_size - off < 12)
				return E_BADFDT;
			len = dt_be32(b->st + off + 4);
			nameoff = dt_be32(b->st + off + 8);
			end = (uint64_t)off + 12 + len;
			if (end > b->st_size || nameoff >= b->str_size ||
			    (!b->str_ends_nul &&
			     !memchr(b->str + nameoff, '\0', b->str_size - nameoff)))
				return E_BADFDT;
			t->kind = DT_PROP;
			t->depth = c->depth - 1;
			t->name = b->str + nameoff;
			t->val = b->st + off + 12;
			t->len = len;
			t->next = c->off = align4(end);
			if (c->off > b->st_size)
				c->off = b->st_size;	/* the next read fails */
			return 0;
		}
		return E_BADFDT;
	}
}

void dt_props(const struct dt_blob *b, uint32_t props, struct dt_prop *want, unsigned int n)
{
	struct dt_cursor c = { .b = b, .off = props, .depth = 1 };
	struct dt_token t;
	unsigned int i;

	for (i = 0; i < n; i++)
		want[i].val = NULL;
	while (dt_next(&c, &t) == 0 && t.kind == DT_PROP)
		for (i = 0; i < n; i++)
			if (!want[i].val && strcmp(t.name, want[i].name) == 0) {
				want[i].val = t.val;
				want[i].len = t.len;
				break;
			}
}

int dt_skip_node(struct dt_cursor *c)
{
	int depth = c->depth - 1, ret;
	struct dt_token t;

	do {
		ret = dt_next(c, &t);
		if (ret)
			return ret;
	} while (!(t.kind == DT_END_NODE && t.depth == depth));
	return 0;
}

bool dt_name_is(const char *name, uint32_t len, const char *base)
{
	size_t n = strlen(base);

	return len >= n && memcmp(name, base, n) == 0 && (len == n || name[n] == '@');
}

bool dt_compatible(const uint8_t *v, uint32_t len, const char *list)
{
	const char *p = (const char *)v, *end;

	if (!v)
		return false;
	for (end = p + len; p < end;) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));

		if (!nul)
			return false;	/* an unterminated last string matches nothing */
		/* Compare with each entry in turn, without measuring any. */
		for (const char *c = list; *c; c++) {
			const char *a = p;

			while (*c && *c == *a)
				c++, a++;
			if (*c == '\0' && *a == '\0')
				return true;
			while (*c)
				c++;
		}
		p = nul + 1;
	}
	return false;
}
