/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * LPAE long-descriptor translation tables (Arm ARM DDI 0406C, B3.6), shared
 * by the HYP Stage-1 map and the Stage-2 map. Pure logic over memory given
 * by a page allocator, so it builds and is unit-tested on the host. Levels
 * are numbered as the Arm ARM numbers them: 1 (1 GiB), 2 (2 MiB), 3 (4 KiB).
 */
#ifndef HYP_PT_H
#define HYP_PT_H

#include <stdint.h>
#include <stddef.h>

typedef uint64_t pte_t;

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1u << PAGE_SHIFT)
#define PTES_PER_TABLE	512

#define PTE_VALID	(1ull << 0)
#define PTE_TABLE	(1ull << 1)	/* at levels 1-2; set on level-3 pages too */
#define PTE_TYPE_MASK	3ull
#define PTE_ADDR_MASK	0x000000fffffff000ull	/* bits [39:12] */
#define PTE_AF		(1ull << 10)
#define PTE_SH_INNER	(3ull << 8)
#define PTE_XN		(1ull << 54)

/* Stage-1 (HYP) lower attributes. */
#define PTE_ATTRINDX(n)	((uint64_t)(n) << 2)
#define PTE_AP_RO	(1ull << 7)	/* AP[2]: read-only */
#define PTE_AP_SBO	(1ull << 6)	/* AP[1]: should-be-one for the PL2 regime */

/* Stage-2 lower attributes. */
#define PTE_S2_MEMATTR(n) ((uint64_t)(n) << 2)
#define PTE_S2_HAP_R	(1ull << 6)
#define PTE_S2_HAP_W	(1ull << 7)

/* HMAIR0 indices belay programs (hyp/mmu.c). */
#define MAIR_IDX_NORMAL	0	/* 0xff: Normal, inner/outer WB RA WA */
#define MAIR_IDX_DEVICE	1	/* 0x04: Device */
#define HMAIR0_VALUE	0x000004ffu

/* Named attribute sets: the only mapping kinds belay uses. */
#define ATTR_HYP_TEXT	(PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP_SBO | PTE_AP_RO | PTE_SH_INNER | PTE_AF)
#define ATTR_HYP_RO	(ATTR_HYP_TEXT | PTE_XN)
#define ATTR_HYP_RW	(PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP_SBO | PTE_SH_INNER | PTE_AF | PTE_XN)
#define ATTR_HYP_DEVICE	(PTE_ATTRINDX(MAIR_IDX_DEVICE) | PTE_AP_SBO | PTE_AF | PTE_XN)
#define ATTR_S2_RAM	(PTE_S2_MEMATTR(0xf) | PTE_S2_HAP_R | PTE_S2_HAP_W | PTE_SH_INNER | PTE_AF)
#define ATTR_S2_DEVICE	(PTE_S2_MEMATTR(0x1) | PTE_S2_HAP_R | PTE_S2_HAP_W | PTE_AF | PTE_XN)

/* A page source: returns a zeroed, 4 KiB-aligned page, or NULL. */
struct pt_alloc {
	void *(*alloc_page)(void *ctx);
	void (*free_page)(void *ctx, void *page);
	void *ctx;
	/* Table pointer <-> the physical address written into descriptors. */
	uint64_t (*virt_to_phys)(void *ctx, const void *p);
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
};

/*
 * A translation regime. Root is one level-1 table of `root_entries`
 * descriptors (4 for 32-bit HYP VA, 1024 = two concatenated pages for a
 * 40-bit Stage-2 IPA); the root must be aligned to its size.
 */
struct pt {
	pte_t *root;
	unsigned int root_entries;
	const struct pt_alloc *alloc;
};

#define E_PT_NOMEM	-20
#define E_PT_ALIGN	-21
#define E_PT_RANGE	-22

/*
 * Map [va, va+size) to [pa, pa+size) with `attrs` (a named set above),
 * using the largest blocks alignment allows (1 GiB, 2 MiB, 4 KiB). Any
 * existing mapping in the range is replaced; a block that must be split is
 * split into a table that keeps the rest of the block's mapping.
 * va, pa and size must be 4 KiB aligned. Returns 0 or E_PT_*.
 */
int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);

/*
 * Unmap [va, va+size), splitting blocks where needed and freeing tables
 * that become empty. Returns 0 or E_PT_*.
 */
int pt_unmap(struct pt *pt, uint64_t va, uint64_t size);

#endif /* HYP_PT_H */
