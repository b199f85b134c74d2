/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's page pool: a fixed number of 4 KiB pages in its own region, for
 * translation tables. Fixed at build time so belay's footprint is known
 * and a leak shows up as a falling free count (BELAY_MEM_INFO).
 */
#include <string.h>

#include <hyp/hyp.h>
#include <hyp/log.h>

#define POOL_PAGES	64

static uint8_t pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t in_use[POOL_PAGES];
static unsigned int nr_free;

void palloc_init(void)
{
	memset(in_use, 0, sizeof(in_use));
	nr_free = POOL_PAGES;
}

void *palloc_page(void)
{
	for (unsigned int i = 0; i < POOL_PAGES; i++) {
		if (!in_use[i]) {
			in_use[i] = 1;
			nr_free--;
			memset(pool[i], 0, PAGE_SIZE);
			return pool[i];
		}
	}
	return NULL;
}

void pfree_page(void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)pool;
	unsigned int i = off / PAGE_SIZE;

	CHECK(off % PAGE_SIZE == 0 && i < POOL_PAGES && in_use[i]);
	in_use[i] = 0;
	nr_free++;
}

unsigned int palloc_free_pages(void)
{
	return nr_free;
}

unsigned int palloc_total_pages(void)
{
	return POOL_PAGES;
}

static void *alloc_cb(void *ctx)
{
	(void)ctx;
	return palloc_page();
}

static void free_cb(void *ctx, void *page)
{
	(void)ctx;
	pfree_page(page);
}

/* belay's HYP map is an identity map: a table's address is its PA. */
static uint64_t v2p_cb(void *ctx, const void *p)
{
	(void)ctx;
	return (uintptr_t)p;
}

static void *p2v_cb(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static const struct pt_alloc hyp_alloc = {
	.alloc_page = alloc_cb,
	.free_page = free_cb,
	.ctx = NULL,
	.virt_to_phys = v2p_cb,
	.phys_to_virt = p2v_cb,
};

const struct pt_alloc *hyp_page_alloc(void)
{
	return &hyp_alloc;
}
