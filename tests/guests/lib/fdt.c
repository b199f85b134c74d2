// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * A read-only flattened device tree walker (devicetree specification v0.4,
 * chapter 5), just enough for the guests to find /memory, /hypervisor and
 * /chosen. Node handles are offsets of FDT_BEGIN_NODE tokens inside the
 * structure block. All reads are bytewise: the MMU is off, so memory is
 * Device-like and unaligned words would fault.
 */
#include "guest.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

uint32_t fdt_be32(const void *p)
{
	const volatile uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

uint64_t fdt_read_cells(const void *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt_be32((const uint8_t *)p + 4 * i);
	return v;
}

static const uint8_t *fdt_struct(const void *fdt)
{
	return (const uint8_t *)fdt + fdt_be32((const uint8_t *)fdt + 8);
}

static const char *fdt_strings(const void *fdt)
{
	return (const char *)fdt + fdt_be32((const uint8_t *)fdt + 12);
}

bool fdt_valid(const void *fdt)
{
	uintptr_t a = (uintptr_t)fdt;

	if (!a || (a & 3))
		return false;
	return fdt_be32(fdt) == FDT_MAGIC;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3) & ~3u;
}

/* Offset just after the token at off (and its payload). */
static int skip_token(const void *fdt, int off, uint32_t *tok)
{
	const uint8_t *s = fdt_struct(fdt);

	*tok = fdt_be32(s + off);
	switch (*tok) {
	case FDT_BEGIN_NODE:
		return off + 4 + align4(strlen((const char *)s + off + 4) + 1);
	case FDT_PROP:
		return off + 12 + align4(fdt_be32(s + off + 4));
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		return -1;
	}
}

int fdt_root(const void *fdt)
{
	uint32_t tok;
	int off = 0;

	for (;;) {
		if (fdt_be32(fdt_struct(fdt) + off) == FDT_BEGIN_NODE)
			return off;
		off = skip_token(fdt, off, &tok);
		if (off < 0 || tok != FDT_NOP)
			return -1;
	}
}

const char *fdt_node_name(const void *fdt, int node)
{
	return (const char *)fdt_struct(fdt) + node + 4;
}

int fdt_next_node(const void *fdt, int node, int *depth)
{
	uint32_t tok;
	int off = skip_token(fdt, node, &tok);

	if (tok == FDT_BEGIN_NODE)
		(*depth)++;
	while (off >= 0) {
		uint32_t t = fdt_be32(fdt_struct(fdt) + off);

		if (t == FDT_BEGIN_NODE)
			return off;
		if (t == FDT_END)
			return -1;
		off = skip_token(fdt, off, &tok);
		if (tok == FDT_END_NODE && --(*depth) < 0)
			return -1;
	}
	return -1;
}

static bool name_matches(const char *node_name, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(node_name, name, n) &&
	       (node_name[n] == '\0' || node_name[n] == '@');
}

int fdt_subnode(const void *fdt, int parent, const char *name)
{
	int depth = 0;
	int node = parent;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0 && depth >= 1) {
		if (depth == 1 && name_matches(fdt_node_name(fdt, node), name))
			return node;
	}
	return -1;
}

const void *fdt_getprop(const void *fdt, int node, const char *name, int *len)
{
	const uint8_t *s = fdt_struct(fdt);
	uint32_t tok;
	int off = skip_token(fdt, node, &tok);

	while (off >= 0) {
		uint32_t t = fdt_be32(s + off);

		if (t == FDT_PROP) {
			uint32_t plen = fdt_be32(s + off + 4);
			const char *pname = fdt_strings(fdt) + fdt_be32(s + off + 8);

			if (!strcmp(pname, name)) {
				if (len)
					*len = (int)plen;
				return s + off + 12;
			}
		} else if (t != FDT_NOP) {
			break;	/* properties come before subnodes */
		}
		off = skip_token(fdt, off, &tok);
	}
	return NULL;
}

bool fdt_prop_has_string(const void *fdt, int node, const char *prop, const char *str)
{
	int len;
	const char *p = fdt_getprop(fdt, node, prop, &len);

	if (!p)
		return false;
	for (int i = 0; i < len; i += (int)strlen(p + i) + 1)
		if (!strcmp(p + i, str))
			return true;
	return false;
}
