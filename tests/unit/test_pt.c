/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * LPAE tables (hyp/pt.c): descriptor encoding, block sizes, splitting,
 * freeing, and the 40-bit Stage-2 root. The allocator hands out malloc'd
 * pages under made-up physical addresses below 2^40, as descriptors need,
 * and counts pages so leaks and premature frees show.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hyp/pt.h>

#include "check.h"

#define POOL_PAGES	4096
#define POOL_PA		0x10000000ull

struct pool {
	void *page[POOL_PAGES];
	unsigned int next;	/* slots are never reused, so stale pointers stay stale */
	unsigned int allocs, frees;
	unsigned int limit;	/* live pages allowed; 0 = no limit */
	unsigned int bad;	/* translations of unknown pointers or addresses */
};

static void *pool_alloc(void *ctx)
{
	struct pool *p = ctx;
	void *pg;

	if (p->limit && p->allocs - p->frees >= p->limit)
		return NULL;
	if (p->next == POOL_PAGES)
		return NULL;
	pg = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!pg)
		return NULL;
	memset(pg, 0, PAGE_SIZE);
	p->page[p->next++] = pg;
	p->allocs++;
	return pg;
}

static unsigned int pool_slot(struct pool *p, const void *pg)
{
	unsigned int i;

	for (i = 0; i < p->next; i++)
		if (p->page[i] == pg)
			return i;
	p->bad++;
	return POOL_PAGES;
}

static void pool_free(void *ctx, void *pg)
{
	struct pool *p = ctx;
	unsigned int i = pool_slot(p, pg);

	if (i == POOL_PAGES)
		return;
	free(pg);
	p->page[i] = NULL;
	p->frees++;
}

static uint64_t pool_v2p(void *ctx, const void *pg)
{
	struct pool *p = ctx;

	return POOL_PA + ((uint64_t)pool_slot(p, pg) << PAGE_SHIFT);
}

static void *pool_p2v(void *ctx, uint64_t pa)
{
	struct pool *p = ctx;
	uint64_t i = (pa - POOL_PA) >> PAGE_SHIFT;

	if (pa < POOL_PA || i >= p->next || !p->page[i]) {
		p->bad++;
		abort();	/* a walk through a freed or made-up table */
	}
	return p->page[i];
}

static struct pool pool;
static struct pt_alloc alloc = {
	.alloc_page = pool_alloc, .free_page = pool_free, .ctx = &pool,
	.virt_to_phys = pool_v2p, .phys_to_virt = pool_p2v,
};

/* Roots aligned to their size, as the hardware requires. */
static pte_t hyp_root[4] __attribute__((aligned(32)));
static pte_t s2_root[1024] __attribute__((aligned(8192)));

static struct pt hyp_pt(void)
{
	memset(&pool, 0, sizeof(pool));
	memset(hyp_root, 0, sizeof(hyp_root));
	return (struct pt){ hyp_root, 4, &alloc };
}

static struct pt s2_pt(void)
{
	memset(&pool, 0, sizeof(pool));
	memset(s2_root, 0, sizeof(s2_root));
	return (struct pt){ s2_root, 1024, &alloc };
}

static pte_t *next_table(pte_t d)
{
	return pool_p2v(&pool, d & PTE_ADDR_MASK);
}

static unsigned int live_pages(void)
{
	return pool.allocs - pool.frees;
}

/*
 * The tests' own walk of the tables, independent of hyp/pt.c (belay never
 * reads its tables back, so this is test code): if va is mapped, return 0
 * with the output address, the descriptor's attribute bits and the level
 * of the leaf; else E_PT_RANGE.
 */
static int pt_lookup(const struct pt *pt, uint64_t va, uint64_t *pa, uint64_t *attrs,
		     unsigned int *level)
{
	const pte_t *table = pt->root;

	if (!table || va >> 30 >= pt->root_entries)
		return E_PT_RANGE;
	for (unsigned int lvl = 1; lvl <= 3; lvl++) {
		unsigned int shift = 12 + 9 * (3 - lvl);
		uint64_t idx = va >> shift;
		pte_t d = table[lvl == 1 ? idx : idx & (PTES_PER_TABLE - 1)];
		bool leaf = lvl == 3 ? (d & PTE_TYPE_MASK) == 3 : (d & PTE_TYPE_MASK) == 1;

		if (leaf) {
			if (pa)
				*pa = (d & PTE_ADDR_MASK) + (va & ((1ull << shift) - 1));
			if (attrs)
				*attrs = d & ~(PTE_ADDR_MASK | PTE_TYPE_MASK);
			if (level)
				*level = lvl;
			return 0;
		}
		if (lvl == 3 || (d & PTE_TYPE_MASK) != 3)
			break;
		table = pt->alloc->phys_to_virt(pt->alloc->ctx, d & PTE_ADDR_MASK);
	}
	return E_PT_RANGE;
}

/* Free every table below the root: unmapping everything does that. */
static void pt_destroy(struct pt *pt)
{
	pt_unmap(pt, 0, (uint64_t)pt->root_entries << 30);
}

/* Expect va to translate to pa at `level` with `attrs`. */
static bool maps(struct pt *pt, uint64_t va, uint64_t pa, unsigned int level, uint64_t attrs)
{
	uint64_t got_pa = 0, got_attrs = 0;
	unsigned int got_level = 0;

	if (pt_lookup(pt, va, &got_pa, &got_attrs, &got_level) != 0) {
		printf("  0x%llx is not mapped\n", (unsigned long long)va);
		return false;
	}
	if (got_pa != pa || got_level != level || got_attrs != attrs) {
		printf("  0x%llx -> 0x%llx level %u attrs 0x%llx\n", (unsigned long long)va,
		       (unsigned long long)got_pa, got_level, (unsigned long long)got_attrs);
		return false;
	}
	return true;
}

static bool unmapped(struct pt *pt, uint64_t va)
{
	uint64_t pa;

	return pt_lookup(pt, va, &pa, NULL, NULL) == E_PT_RANGE;
}

static void test_attribute_sets(void)
{
	/* The encodings of Arm ARM B3.6.2 (Stage-1) and B3.6.3 (Stage-2). */
	CHECK_EQ(ATTR_HYP_TEXT, 0x7c0);			/* AF, SH inner, AP[2:1] = RO, idx 0 */
	CHECK_EQ(ATTR_HYP_RO, 0x7c0 | (1ull << 54));
	CHECK_EQ(ATTR_HYP_RW, 0x740 | (1ull << 54));
	CHECK_EQ(ATTR_HYP_DEVICE, 0x444 | (1ull << 54));	/* idx 1, not shareable */
	CHECK_EQ(ATTR_S2_RAM, 0x7fc);			/* MemAttr 0xf, HAP RW, SH, AF */
	CHECK_EQ(ATTR_S2_DEVICE, 0x4c4 | (1ull << 54));	/* MemAttr 0x1 Device */
	CHECK_EQ(PTE_XN, 1ull << 54);
	CHECK_EQ(HMAIR0_VALUE & 0xff, 0xff);
	CHECK_EQ((HMAIR0_VALUE >> 8) & 0xff, 0x04);
	CHECK((ATTR_HYP_TEXT & PTE_XN) == 0);
	CHECK((ATTR_HYP_RW & PTE_AP_RO) == 0);
}

static void test_block_level1(void)
{
	struct pt pt = hyp_pt();

	CHECK_EQ(pt_map(&pt, 0x40000000, 0x80000000, 0x40000000, ATTR_HYP_RW), 0);
	CHECK_EQ(hyp_root[1], 0x80000000ull | ATTR_HYP_RW | 1);
	CHECK_EQ(hyp_root[1] & 3, 1);			/* block */
	CHECK_EQ((hyp_root[1] >> 54) & 1, 1);		/* XN */
	CHECK_EQ(hyp_root[0], 0);
	CHECK_EQ(pool.allocs, 0);			/* a level-1 block needs no table */
	CHECK(maps(&pt, 0x40000000, 0x80000000, 1, ATTR_HYP_RW));
	CHECK(maps(&pt, 0x7fffffff, 0xbfffffff, 1, ATTR_HYP_RW));
	CHECK(unmapped(&pt, 0x3ffff000));
	CHECK(unmapped(&pt, 0x80000000));
	pt_destroy(&pt);
}

static void test_block_level2(void)
{
	struct pt pt = hyp_pt();
	pte_t *l2;

	CHECK_EQ(pt_map(&pt, 0x00200000, 0x40400000, 0x200000, ATTR_HYP_TEXT), 0);
	CHECK_EQ(hyp_root[0] & 3, 3);			/* table */
	CHECK_EQ(hyp_root[0] & ~PTE_ADDR_MASK, 3);	/* a table descriptor carries no attributes */
	CHECK_EQ(pool.allocs, 1);
	l2 = next_table(hyp_root[0]);
	CHECK_EQ(l2[1], 0x40400000ull | ATTR_HYP_TEXT | 1);
	CHECK_EQ((l2[1] >> 54) & 1, 0);			/* text is executable */
	CHECK_EQ(l2[0], 0);
	CHECK_EQ(l2[2], 0);
	CHECK(maps(&pt, 0x00212345, 0x40412345, 2, ATTR_HYP_TEXT));
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
	CHECK_EQ(hyp_root[0], 0);
}

static void test_page_level3(void)
{
	struct pt pt = hyp_pt();
	pte_t *l2, *l3;

	CHECK_EQ(pt_map(&pt, 0x09000000, 0x09000000, 0x1000, ATTR_HYP_DEVICE), 0);
	CHECK_EQ(pool.allocs, 2);
	l2 = next_table(hyp_root[0]);
	CHECK_EQ(l2[0x48] & 3, 3);			/* 0x09000000 >> 21 */
	l3 = next_table(l2[0x48]);
	CHECK_EQ(l3[0], 0x09000000ull | ATTR_HYP_DEVICE | 3);	/* page: 0b11 */
	CHECK_EQ(l3[1], 0);
	CHECK_EQ((l3[0] >> 2) & 7, MAIR_IDX_DEVICE);
	CHECK(maps(&pt, 0x09000ffc, 0x09000ffc, 3, ATTR_HYP_DEVICE));
	CHECK(unmapped(&pt, 0x09001000));
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
}

static void test_largest_blocks(void)
{
	struct pt pt = hyp_pt();
	/* 4 KiB + 2 MiB before a 1 GiB boundary, 1 GiB, then 2 MiB + 4 KiB. */
	uint64_t va = 0x3fdff000, size = 0x1000 + 0x200000 + 0x40000000 + 0x200000 + 0x1000;

	CHECK_EQ(pt_map(&pt, va, va, size, ATTR_S2_RAM), 0);
	CHECK(maps(&pt, 0x3fdff000, 0x3fdff000, 3, ATTR_S2_RAM));
	CHECK(unmapped(&pt, 0x3fdfe000));
	CHECK(maps(&pt, 0x3fe00000, 0x3fe00000, 2, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x40000000, 0x40000000, 1, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x80000000, 0x80000000, 2, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x80200000, 0x80200000, 3, ATTR_S2_RAM));
	CHECK(unmapped(&pt, 0x80201000));
	/* Level-2 tables under entries 0 and 2, level-3 tables under two 2 MiB slots. */
	CHECK_EQ(pool.allocs, 4);
	CHECK_EQ(hyp_root[1] & 3, 1);
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);

	/* A 1 GiB-aligned VA whose PA is only 2 MiB aligned gets 2 MiB blocks. */
	pt = hyp_pt();
	CHECK_EQ(pt_map(&pt, 0x40000000, 0x80200000, 0x40000000, ATTR_S2_RAM), 0);
	CHECK(maps(&pt, 0x40000000, 0x80200000, 2, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x7fffffff, 0xc01fffff, 2, ATTR_S2_RAM));
	CHECK_EQ(pool.allocs, 1);
	pt_destroy(&pt);

	/* Only 4 KiB aligned PA: every piece is a page. */
	pt = hyp_pt();
	CHECK_EQ(pt_map(&pt, 0x00200000, 0x00201000, 0x200000, ATTR_S2_RAM), 0);
	CHECK(maps(&pt, 0x00200000, 0x00201000, 3, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x003ff000, 0x00400000, 3, ATTR_S2_RAM));
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
}

static void test_map_lookup(void)
{
	struct pt pt = hyp_pt();
	uint64_t pa = 1, attrs = 1;
	unsigned int level = 9;

	CHECK_EQ(pt_map(&pt, 0x40000000, 0x40000000, 0x10000, ATTR_HYP_RW), 0);
	CHECK_EQ(pt_map(&pt, 0x40010000, 0x40010000, 0x4000, ATTR_HYP_TEXT), 0);
	CHECK_EQ(pt_map(&pt, 0x40014000, 0x40014000, 0x2000, ATTR_HYP_RO), 0);
	CHECK(maps(&pt, 0x40000abc, 0x40000abc, 3, ATTR_HYP_RW));
	CHECK(maps(&pt, 0x40013000, 0x40013000, 3, ATTR_HYP_TEXT));
	CHECK(maps(&pt, 0x40015fff, 0x40015fff, 3, ATTR_HYP_RO));
	CHECK_EQ(pt_lookup(&pt, 0x40016000, &pa, &attrs, &level), E_PT_RANGE);
	CHECK_EQ(pa, 1);				/* untouched on a miss */
	CHECK_EQ(pt_lookup(&pt, 0x100000000ull, &pa, &attrs, &level), E_PT_RANGE);
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
}

static void test_split_1g(void)
{
	struct pt pt = hyp_pt();

	CHECK_EQ(pt_map(&pt, 0x40000000, 0x40000000, 0x40000000, ATTR_S2_RAM), 0);
	CHECK_EQ(pt_unmap(&pt, 0x40123000, 0x1000), 0);
	CHECK(unmapped(&pt, 0x40123000));
	CHECK(maps(&pt, 0x40122000, 0x40122000, 3, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x40124000, 0x40124000, 3, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x40100000, 0x40100000, 3, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x40000000, 0x40000000, 3, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x401ff000, 0x401ff000, 3, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x40200000, 0x40200000, 2, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x7fffffff, 0x7fffffff, 2, ATTR_S2_RAM));
	CHECK_EQ(pool.allocs, 2);
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
}

static void test_split_2m(void)
{
	struct pt pt = hyp_pt();

	CHECK_EQ(pt_map(&pt, 0x08000000, 0x08000000, 0x200000, ATTR_HYP_DEVICE), 0);
	CHECK_EQ(pt_unmap(&pt, 0x08001000, 0x2000), 0);
	CHECK(maps(&pt, 0x08000000, 0x08000000, 3, ATTR_HYP_DEVICE));
	CHECK(unmapped(&pt, 0x08001000));
	CHECK(unmapped(&pt, 0x08002000));
	CHECK(maps(&pt, 0x08003000, 0x08003000, 3, ATTR_HYP_DEVICE));
	CHECK(maps(&pt, 0x081ff000, 0x081ff000, 3, ATTR_HYP_DEVICE));
	CHECK(unmapped(&pt, 0x08200000));
	CHECK_EQ(pool.allocs, 2);

	/* Unmapping the rest empties the level-3 and then the level-2 table. */
	CHECK_EQ(pt_unmap(&pt, 0x08000000, 0x1000), 0);
	CHECK_EQ(live_pages(), 2);
	CHECK_EQ(pt_unmap(&pt, 0x08003000, 0x1fd000), 0);
	CHECK_EQ(live_pages(), 0);
	CHECK_EQ(hyp_root[0], 0);
	CHECK_EQ(pool.bad, 0);
}

static void test_unmap_frees(void)
{
	struct pt pt = hyp_pt();

	/* Pages in three different level-3 tables under two level-2 tables. */
	CHECK_EQ(pt_map(&pt, 0x00001000, 0x00001000, 0x1000, ATTR_HYP_RW), 0);
	CHECK_EQ(pt_map(&pt, 0x00401000, 0x00401000, 0x1000, ATTR_HYP_RW), 0);
	CHECK_EQ(pt_map(&pt, 0xc0001000, 0xc0001000, 0x1000, ATTR_HYP_RW), 0);
	CHECK_EQ(pool.allocs, 5);
	CHECK_EQ(pt_unmap(&pt, 0x00401000, 0x1000), 0);
	CHECK_EQ(pool.frees, 1);			/* just the emptied level-3 table */
	CHECK(maps(&pt, 0x00001000, 0x00001000, 3, ATTR_HYP_RW));
	/* One call across everything, holes included. */
	CHECK_EQ(pt_unmap(&pt, 0, 0x100000000ull), 0);
	CHECK_EQ(pool.frees, 5);
	CHECK_EQ(live_pages(), 0);
	CHECK_EQ(hyp_root[0] | hyp_root[1] | hyp_root[2] | hyp_root[3], 0);
	/* Unmapping nothing is fine and allocates nothing. */
	CHECK_EQ(pt_unmap(&pt, 0x10000000, 0x10000000), 0);
	CHECK_EQ(pool.allocs, 5);
	CHECK_EQ(pool.bad, 0);
}

static void test_remap_replaces(void)
{
	struct pt pt = hyp_pt();

	/* 512 pages, then the same 2 MiB as one block: the table goes. */
	CHECK_EQ(pt_map(&pt, 0x00200000, 0x00201000, 0x200000, ATTR_S2_RAM), 0);
	CHECK_EQ(pool.allocs, 2);
	CHECK_EQ(pt_map(&pt, 0x00200000, 0x40000000, 0x200000, ATTR_S2_DEVICE), 0);
	CHECK_EQ(pool.frees, 1);
	CHECK(maps(&pt, 0x00200000, 0x40000000, 2, ATTR_S2_DEVICE));
	CHECK(maps(&pt, 0x003ff000, 0x401ff000, 2, ATTR_S2_DEVICE));

	/* One page inside the block: only it changes. */
	CHECK_EQ(pt_map(&pt, 0x00300000, 0x90000000, 0x1000, ATTR_S2_RAM), 0);
	CHECK(maps(&pt, 0x00300000, 0x90000000, 3, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x002ff000, 0x400ff000, 3, ATTR_S2_DEVICE));
	CHECK(maps(&pt, 0x00301000, 0x40101000, 3, ATTR_S2_DEVICE));

	/* A 1 GiB block over all of it frees both tables. */
	CHECK_EQ(pt_map(&pt, 0, 0, 0x40000000, ATTR_S2_RAM), 0);
	CHECK_EQ(live_pages(), 0);
	CHECK(maps(&pt, 0x00300000, 0x00300000, 1, ATTR_S2_RAM));
	pt_destroy(&pt);
	CHECK_EQ(pool.bad, 0);
}

static void test_bad_arguments(void)
{
	struct pt pt = hyp_pt();
	struct pt none = { NULL, 4, &alloc };

	CHECK_EQ(pt_map(&pt, 0x40000800, 0x40000000, 0x1000, ATTR_HYP_RW), E_PT_ALIGN);
	CHECK_EQ(pt_map(&pt, 0x40000000, 0x40000010, 0x1000, ATTR_HYP_RW), E_PT_ALIGN);
	CHECK_EQ(pt_map(&pt, 0x40000000, 0x40000000, 0xfff, ATTR_HYP_RW), E_PT_ALIGN);
	CHECK_EQ(pt_unmap(&pt, 0x40000004, 0x1000), E_PT_ALIGN);
	CHECK_EQ(pt_unmap(&pt, 0x40000000, 0x1800), E_PT_ALIGN);
	/* A 4-entry root covers 4 GiB of VA; PAs are 40 bits. */
	CHECK_EQ(pt_map(&pt, 0xfffff000, 0xfffff000, 0x2000, ATTR_HYP_RW), E_PT_RANGE);
	CHECK_EQ(pt_map(&pt, 0x100000000ull, 0, 0x1000, ATTR_HYP_RW), E_PT_RANGE);
	CHECK_EQ(pt_map(&pt, 0x1000, 0xfffffff000ull, 0x2000, ATTR_HYP_RW), E_PT_RANGE);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0xfffffffffffff000ull, ATTR_HYP_RW), E_PT_RANGE);
	/* Address or type bits in attrs are refused, not silently merged. */
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0x1000, ATTR_HYP_RW | 0x5000), E_PT_RANGE);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0x1000, ATTR_HYP_RW | 1), E_PT_RANGE);
	CHECK_EQ(pt_map(&none, 0x1000, 0x1000, 0x1000, ATTR_HYP_RW), E_PT_RANGE);
	CHECK_EQ(pool.allocs, 0);
	CHECK_EQ(hyp_root[0], 0);
	/* The last page of the VA space is fine; so is an empty range. */
	CHECK_EQ(pt_map(&pt, 0xfffff000, 0xfffff000, 0x1000, ATTR_HYP_RW), 0);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0, ATTR_HYP_RW), 0);
	CHECK(maps(&pt, 0xfffff000, 0xfffff000, 3, ATTR_HYP_RW));
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
}

static void test_stage2_40bit(void)
{
	struct pt pt = s2_pt();

	CHECK_EQ(pt_map(&pt, 0x4010000000ull, 0x4010000000ull, 0x400000, ATTR_S2_RAM), 0);
	CHECK_EQ(s2_root[0x100] & 3, 3);		/* 0x4010000000 >> 30 = 0x100 */
	CHECK(maps(&pt, 0x4010000000ull, 0x4010000000ull, 2, ATTR_S2_RAM));
	CHECK(maps(&pt, 0x40103fffffull, 0x40103fffffull, 2, ATTR_S2_RAM));
	CHECK(unmapped(&pt, 0x4010400000ull));
	/* The very last 1 GiB of the 40-bit space, in root entry 1023. */
	CHECK_EQ(pt_map(&pt, 0xffc0000000ull, 0xffc0000000ull, 0x40000000, ATTR_S2_DEVICE), 0);
	CHECK_EQ(s2_root[1023], 0xffc0000000ull | ATTR_S2_DEVICE | 1);
	CHECK(maps(&pt, 0xfffffff000ull, 0xfffffff000ull, 1, ATTR_S2_DEVICE));
	CHECK_EQ(pt_map(&pt, 0x10000000000ull, 0, 0x1000, ATTR_S2_RAM), E_PT_RANGE);
	CHECK_EQ(pt_lookup(&pt, 0x10000000000ull, NULL, NULL, NULL), E_PT_RANGE);
	/* Low RAM too, as on QEMU virt. */
	CHECK_EQ(pt_map(&pt, 0x40000000, 0x40000000, 0x3fe00000, ATTR_S2_RAM), 0);
	CHECK(maps(&pt, 0x7fdff000, 0x7fdff000, 2, ATTR_S2_RAM));
	CHECK(unmapped(&pt, 0x7fe00000));
	CHECK_EQ(pt_unmap(&pt, 0x4010000000ull, 0x400000), 0);
	CHECK(unmapped(&pt, 0x4010000000ull));
	CHECK_EQ(s2_root[0x100], 0);
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
	CHECK_EQ(pool.bad, 0);
}

static void test_out_of_memory(void)
{
	struct pt pt = hyp_pt();

	/* A page needs two tables; with one allowed the map fails cleanly. */
	pool.limit = 1;
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0x1000, ATTR_HYP_RW), E_PT_NOMEM);
	CHECK_EQ(live_pages(), 0);			/* no empty table left behind */
	CHECK_EQ(hyp_root[0], 0);

	/* Splitting a block to unmap part of it needs a table too. */
	pool.limit = 0;
	CHECK_EQ(pt_map(&pt, 0x40000000, 0x40000000, 0x40000000, ATTR_HYP_RW), 0);
	pool.limit = 1;
	CHECK_EQ(pt_unmap(&pt, 0x40000000, 0x1000), E_PT_NOMEM);
	/* Whatever happened, nothing outside the request changed meaning. */
	CHECK(maps(&pt, 0x40200000, 0x40200000, 2, ATTR_HYP_RW));
	CHECK(maps(&pt, 0x40001000, 0x40001000, 2, ATTR_HYP_RW));
	pool.limit = 0;
	pt_destroy(&pt);
	CHECK_EQ(live_pages(), 0);
	CHECK_EQ(pool.bad, 0);
}

int main(void)
{
	RUN(test_attribute_sets);
	RUN(test_block_level1);
	RUN(test_block_level2);
	RUN(test_page_level3);
	RUN(test_largest_blocks);
	RUN(test_map_lookup);
	RUN(test_split_1g);
	RUN(test_split_2m);
	RUN(test_unmap_frees);
	RUN(test_remap_replaces);
	RUN(test_bad_arguments);
	RUN(test_stage2_40bit);
	RUN(test_out_of_memory);
	return check_result();
}
