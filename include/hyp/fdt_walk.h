/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * One checked pass over a flattened device tree's structure block
 * (hyp/fdt_walk.c), shared by hyp/fdt_platform.c and hyp/fdt_guest.c.
 * Every token is bounds-checked as it is read, so a reader never needs a
 * separate whole-blob check first: it sees a malformed blob as an error
 * from dt_next() at the first bad token.
 */
#ifndef HYP_FDT_WALK_H
#define HYP_FDT_WALK_H

#include <stdbool.h>
#include <stdint.h>

/* Deeper nesting is refused: no DTB a board ships comes near it. */
#define DT_MAX_DEPTH	32

#define DT_HEADER_SIZE	40	/* version 17's header */

/* A blob whose header and block layout have been checked (dt_open()). */
struct dt_blob {
	const uint8_t *base;
	const uint8_t *st;		/* structure block */
	uint32_t st_size;
	const char *str;		/* strings block */
	uint32_t str_size;
	bool str_ends_nul;		/* its last byte is NUL: every name in it ends */
};

enum dt_kind { DT_BEGIN = 1, DT_END_NODE, DT_PROP, DT_DONE };

/* One token, as dt_next() found it. */
struct dt_token {
	enum dt_kind kind;
	uint32_t off;			/* of the token, in the structure block */
	uint32_t next;			/* of the token after it */
	int depth;			/* DT_BEGIN: the new node's (root 0); others: the node's */
	const char *name;		/* DT_BEGIN: node name; DT_PROP: property name */
	uint32_t name_len;		/* DT_BEGIN only */
	const uint8_t *val;		/* DT_PROP */
	uint32_t len;			/* DT_PROP */
};

struct dt_cursor {
	const struct dt_blob *b;
	uint32_t off;
	int depth;			/* nodes open */
	bool done_root;
	uint32_t has_child;		/* bit d: the open node at depth d has a subnode */
};

static inline uint32_t dt_be32(const void *p)
{
	return __builtin_bswap32(*(const uint32_t *)p);
}

/*
 * Check the header and block layout (version 17, 4-byte aligned blob and
 * structure block, blocks apart and in dtc's order, a reservation map that
 * ends before the structure block). Returns 0, or a negative E_* with
 * *why set to a static message.
 */
int dt_open(const void *fdt, struct dt_blob *b, const char **why);

static inline void dt_start(struct dt_cursor *c, const struct dt_blob *b)
{
	*c = (struct dt_cursor){ .b = b };
}

/*
 * The next token (NOPs skipped) into *t. Returns 0, or E_BADFDT for a
 * structure that is malformed or truncated: a token, name or value past
 * the block, a property name outside the strings block, a property after
 * a subnode or outside any node, unbalanced nodes, nesting deeper than
 * DT_MAX_DEPTH, a root with a name, anything but FDT_END after the
 * root. DT_DONE ends it.
 */
int dt_next(struct dt_cursor *c, struct dt_token *t);

/* A property dt_props() looks for: val NULL if the node has none. */
struct dt_prop {
	const char *name;
	const uint8_t *val;
	uint32_t len;
};

/*
 * One scan of the properties that start at `props` (a DT_BEGIN token's
 * next) for the n names in want[]: each node is read once for all of
 * them.
 */
void dt_props(const struct dt_blob *b, uint32_t props, struct dt_prop *want, unsigned int n);

/* Skip the rest of the node whose DT_BEGIN was just returned. */
int dt_skip_node(struct dt_cursor *c);

/* A node name as libfdt looks names up: "psci" is "psci" or "psci@...". */
bool dt_name_is(const char *name, uint32_t len, const char *base);

/*
 * A string-list property (v, len; v may be NULL) holds one of the strings
 * of `list`, each NUL-terminated, the list ended by an empty one. A list
 * in one literal needs no relocation, so this works before belay has
 * relocated itself.
 */
bool dt_compatible(const uint8_t *v, uint32_t len, const char *list);

#endif /* HYP_FDT_WALK_H */
