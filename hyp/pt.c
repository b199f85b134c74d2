/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * LPAE long-descriptor tables (Arm ARM DDI 0406C, B3.6). This file only
 * edits descriptors in memory; the barriers and TLB maintenance that make
 * an edit visible to the walker are the caller's, because only the caller
 * knows whether the regime is live (hyp/mmu.c, hyp/stage2.c).
 *
 * Levels are numbered as the Arm ARM numbers them. Both regimes belay uses
 * start at level 1: the HYP regime with a 4-entry root (32-bit VA) and the
 * 40-bit Stage-2 regime with 1024 entries, two concatenated level-1 pages
 * (B3.6.6, VTCR.SL0 = 1). The code below treats the root as one level-1
 * table of root_entries descriptors; everything under it has 512.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <hyp/pt.h>

#define LEVEL_FIRST	1
#define LEVEL_LAST	3

/* The descriptor bits that are not the output address or the type. */
#define PTE_ATTR_MASK	0xfff0000000000ffcull

/* Output addresses are 40 bits wide (B3.6.1): [39:12] of a descriptor. */
#define PA_LIMIT	(1ull << 40)

#define DESC_INVALID	0ull
#define DESC_BLOCK	PTE_VALID			/* 0b01, levels 1-2 */
#define DESC_TABLE	(PTE_VALID | PTE_TABLE)		/* 0b11, levels 1-2 */
#define DESC_PAGE	(PTE_VALID | PTE_TABLE)		/* 0b11, level 3 */

static inline unsigned int level_shift(unsigned int level)
{
	/* 30, 21, 12: each level resolves 9 bits of the address. */
	return PAGE_SHIFT + 9 * (LEVEL_LAST - level);
}

static inline uint64_t level_size(unsigned int level)
{
	return 1ull << level_shift(level);
}

static inline unsigned int level_index(unsigned int level, uint64_t va)
{
	uint64_t idx = va >> level_shift(level);

	/* Below the root every table has 512 entries; the root is indexed by
	 * the whole of va >> 30, already range-checked by the caller. */
	if (level != LEVEL_FIRST)
		idx &= PTES_PER_TABLE - 1;
	return (unsigned int)idx;
}

static inline bool desc_is_table(pte_t d, unsigned int level)
{
	return level < LEVEL_LAST && (d & PTE_TYPE_MASK) == DESC_TABLE;
}

static inline bool desc_is_block(pte_t d, unsigned int level)
{
	if (level == LEVEL_LAST)
		return (d & PTE_TYPE_MASK) == DESC_PAGE;
	return (d & PTE_TYPE_MASK) == DESC_BLOCK;
}

static inline pte_t make_leaf(unsigned int level, uint64_t pa, uint64_t attrs)
{
	pte_t type = level == LEVEL_LAST ? DESC_PAGE : DESC_BLOCK;

	return (pa & PTE_ADDR_MASK) | (attrs & PTE_ATTR_MASK) | type;
}

static inline pte_t *table_of(const struct pt *pt, pte_t d)
{
	return pt->alloc->phys_to_virt(pt->alloc->ctx, d & PTE_ADDR_MASK);
}

static int new_table(const struct pt *pt, pte_t **table, pte_t *desc)
{
	const struct pt_alloc *a = pt->alloc;
	pte_t *t = a->alloc_page(a->ctx);

	if (!t)
		return E_PT_NOMEM;
	*table = t;
	*desc = (a->virt_to_phys(a->ctx, t) & PTE_ADDR_MASK) | DESC_TABLE;
	return 0;
}

/* Free the table `t` at `level` and every table below it. */
static void free_tree(const struct pt *pt, pte_t *t, unsigned int level)
{
	unsigned int i;

	if (level < LEVEL_LAST) {
		for (i = 0; i < PTES_PER_TABLE; i++)
			if (desc_is_table(t[i], level))
				free_tree(pt, table_of(pt, t[i]), level + 1);
	}
	pt->alloc->free_page(pt->alloc->ctx, t);
}

/* Clear *slot, freeing whatever table hung from it. */
static void clear_slot(const struct pt *pt, pte_t *slot, unsigned int level)
{
	pte_t old = *slot;

	*slot = DESC_INVALID;
	if (desc_is_table(old, level))
		free_tree(pt, table_of(pt, old), level + 1);
}

static bool table_is_empty(const pte_t *t)
{
	unsigned int i;

	for (i = 0; i < PTES_PER_TABLE; i++)
		if (t[i] != DESC_INVALID)
			return false;
	return true;
}

/*
 * Make *slot (at `level` < 3) a table descriptor and return the table. A
 * block is split into a full table of next-level entries with the same
 * output addresses and attributes, so nothing outside the range being
 * edited changes meaning. *fresh says whether the table is newly made.
 */
static int descend(const struct pt *pt, pte_t *slot, unsigned int level,
		   pte_t **table, bool *fresh)
{
	pte_t old = *slot, desc;
	pte_t *t;
	unsigned int i;
	int ret;

	*fresh = false;
	if (desc_is_table(old, level)) {
		*table = table_of(pt, old);
		return 0;
	}
	ret = new_table(pt, &t, &desc);
	if (ret)
		return ret;
	if (desc_is_block(old, level)) {
		uint64_t pa = old & PTE_ADDR_MASK;
		uint64_t step = level_size(level + 1);

		for (i = 0; i < PTES_PER_TABLE; i++)
			t[i] = make_leaf(level + 1, pa + i * step, old & PTE_ATTR_MASK);
	} else {
		*fresh = true;
	}
	*slot = desc;
	*table = t;
	return 0;
}

static int map_level(const struct pt *pt, pte_t *table, unsigned int level,
		     uint64_t va, uint64_t end, uint64_t pa, uint64_t attrs)
{
	uint64_t size = level_size(level);

	while (va < end) {
		pte_t *slot = &table[level_index(level, va)];
		uint64_t next = (va & ~(size - 1)) + size;
		uint64_t chunk_end = next < end ? next : end;
		bool whole = (va & (size - 1)) == 0 && chunk_end == next;
		pte_t *sub;
		bool fresh;
		int ret;

		if (level == LEVEL_LAST ||
		    (whole && (pa & (size - 1)) == 0)) {
			clear_slot(pt, slot, level);
			*slot = make_leaf(level, pa, attrs);
		} else {
			ret = descend(pt, slot, level, &sub, &fresh);
			if (ret)
				return ret;
			ret = map_level(pt, sub, level + 1, va, chunk_end, pa, attrs);
			if (ret) {
				/* Don't leave an empty table behind a failure. */
				if (fresh && table_is_empty(sub))
					clear_slot(pt, slot, level);
				return ret;
			}
		}
		pa += chunk_end - va;
		va = chunk_end;
	}
	return 0;
}

static int unmap_level(const struct pt *pt, pte_t *table, unsigned int level,
		       uint64_t va, uint64_t end)
{
	uint64_t size = level_size(level);

	while (va < end) {
		pte_t *slot = &table[level_index(level, va)];
		uint64_t next = (va & ~(size - 1)) + size;
		uint64_t chunk_end = next < end ? next : end;
		bool whole = (va & (size - 1)) == 0 && chunk_end == next;
		pte_t *sub;
		bool fresh;
		int ret;

		if (*slot == DESC_INVALID) {
			/* Nothing here. */
		} else if (whole || level == LEVEL_LAST) {
			clear_slot(pt, slot, level);
		} else {
			ret = descend(pt, slot, level, &sub, &fresh);
			if (ret)
				return ret;
			ret = unmap_level(pt, sub, level + 1, va, chunk_end);
			if (table_is_empty(sub))
				clear_slot(pt, slot, level);
			if (ret)
				return ret;
		}
		va = chunk_end;
	}
	return 0;
}

/* Common argument checks; on success *end is va + size. */
static int check_range(const struct pt *pt, uint64_t va, uint64_t size, uint64_t *end)
{
	uint64_t limit;

	if (!pt || !pt->root || !pt->alloc || pt->root_entries == 0 ||
	    pt->root_entries > 2 * PTES_PER_TABLE)
		return E_PT_RANGE;
	if ((va | size) & (PAGE_SIZE - 1))
		return E_PT_ALIGN;
	limit = (uint64_t)pt->root_entries << level_shift(LEVEL_FIRST);
	if (va > limit || size > limit - va)
		return E_PT_RANGE;
	*end = va + size;
	return 0;
}

int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	uint64_t end;
	int ret;

	ret = check_range(pt, va, size, &end);
	if (ret)
		return ret;
	if (pa & (PAGE_SIZE - 1))
		return E_PT_ALIGN;
	if (pa > PA_LIMIT || size > PA_LIMIT - pa)
		return E_PT_RANGE;
	/* Address or type bits in attrs would corrupt the descriptor. */
	if (attrs & ~PTE_ATTR_MASK)
		return E_PT_RANGE;
	return map_level(pt, pt->root, LEVEL_FIRST, va, end, pa, attrs);
}

int pt_unmap(struct pt *pt, uint64_t va, uint64_t size)
{
	uint64_t end;
	int ret;

	ret = check_range(pt, va, size, &end);
	if (ret)
		return ret;
	return unmap_level(pt, pt->root, LEVEL_FIRST, va, end);
}
