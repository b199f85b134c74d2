/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * What belay learns from the boot DTB (hyp/fdt_platform.c) and what it
 * decides from it. Plain data, no DTB types: everything outside
 * hyp/fdt*.c sees only this.
 */
#ifndef HYP_PLATFORM_H
#define HYP_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <hyp/limits.h>

#define BOOTARGS_MAX	1024

/*
 * Data the boot CPU writes before belay has moved home and has a bss
 * (boot/belay.ld, section .early): not in belay.bin, not zeroed at load,
 * copied home with the image. Give such variables no initialiser.
 */
#define BOOT_DATA	__attribute__((section(".bss.belay_early")))

typedef uint64_t paddr_t;	/* physical address */
typedef uint64_t ipaddr_t;	/* guest intermediate physical address */

struct range {
	paddr_t base;
	uint64_t size;
};

enum psci_conduit { PSCI_CONDUIT_NONE = 0, PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };
enum module_kind { MODULE_KERNEL = 1, MODULE_RAMDISK };

/* belay's console: a UART it has a driver for (drivers/). */
enum uart_kind { UART_NONE = 0, UART_PL011, UART_NS16550 };

struct uart {
	enum uart_kind kind;
	paddr_t base;			/* below 4 GiB; 0 with UART_NONE */
	uint32_t reg_shift;		/* 16550: register N at base + (N << reg_shift) */
	uint32_t reg_io_width;		/* 16550: access width in bytes, 1, 2 or 4 */
};

/*
 * A bootargs property, copied out of the DTB while it is parsed. struct
 * platform holds no pointers: it is filled before belay moves itself home
 * and read after the guest kernel may have been moved over the place belay
 * was loaded (docs/boot.md), so a pointer into the DTB or into belay's
 * load image (a string literal there) could be read after it was
 * overwritten.
 */
struct cmdline {
	bool present;		/* the property exists (it may be empty) */
	uint32_t len;		/* its string length; text holds at most BOOTARGS_MAX - 1 bytes of it */
	char text[BOOTARGS_MAX];	/* NUL-terminated */
};

struct module {
	enum module_kind kind;
	struct range where;
	struct cmdline bootargs;
};

struct platform {
	struct range mem[MAX_MEM_BANKS];	/* /memory, sorted, merged */
	unsigned int nr_mem;
	struct uart uart;		/* stdout-path's UART if belay drives it, else the first arm,pl011 */
	struct range gicd, gicc, gich, gicv;	/* from the arm,cortex-a15-gic node; size 0 if absent */
	uint32_t gic_maint_id;		/* the GIC's maintenance interrupt (its PPI's ID); 0 if none */
	uint32_t hyp_timer_id;		/* arm,armv7-timer's fourth interrupt, the HYP timer; 0 if none */
	enum psci_conduit psci;
	uint32_t cpu_mpidr[MAX_CPUS];	/* /cpus/cpu@N reg, in DTB order; [0] need not be the boot CPU */
	unsigned int nr_cpus;
	struct module modules[MAX_MODULES];	/* /chosen/module@* multiboot nodes */
	unsigned int nr_modules;
	struct range initrd;		/* /chosen/linux,initrd-start/end; size 0 if none */
	struct cmdline bootargs;	/* /chosen/bootargs */
	struct range dtb;		/* where the boot DTB itself lies */
};

/* Errors (negative) from the platform and guest-DTB code. */
#define E_BADFDT	-1	/* not a DTB, or one belay cannot read */
#define E_NOMEM_NODE	-2	/* no usable /memory */
#define E_TOOMANY	-3	/* more banks/CPUs/modules than belay supports */
#define E_NOSPACE	-4	/* output buffer too small */
#define E_NOFIT		-5	/* no place for belay's region */
#define E_BADARG	-6
#define E_OVERLAP	-7	/* two things the boot loader placed overlap */

/*
 * Fill *p from the DTB at fdt. Returns 0, or a negative E_* and sets *why
 * to a static message naming what was wrong (for the boot log).
 */
int fdt_parse_platform(const void *fdt, struct platform *p, const char **why);
/* The header's blocks lie apart, in dtc's order, the reservation map ends
 * before the structure block (fdt_parse_platform() checks this). */
bool fdt_blocks_in_order(const void *fdt);

/*
 * The PSCI firmware node's compatibles belay recognises, as a list of
 * NUL-terminated strings ending with an empty one: what it parses in the
 * boot DTB and what it replaces in the guest's.
 */
#define FDT_COMPAT_PSCI	"arm,psci-1.0\0arm,psci-0.2\0arm,psci\0"

/* What the boot loader placed in memory for belay, in checking order. */
enum boot_item_kind {
	BOOT_ITEM_IMAGE,	/* belay.bin where the boot loader put it */
	BOOT_ITEM_DTB,		/* the boot DTB, its totalsize */
	BOOT_ITEM_INITRD,	/* /chosen/linux,initrd-start/end */
	BOOT_ITEM_MODULE,	/* a /chosen/module@ node, in DTB order */
};

struct boot_item {
	enum boot_item_kind kind;
	struct range where;
};

/*
 * Check that belay's load image `image`, the boot DTB, the linux,initrd
 * range and every module are pairwise apart: where two overlap, the boot
 * loader wrote one over the other. An initrd given both ways (the same
 * range in linux,initrd-* and in a module) is one thing, not two. Returns
 * 0, or E_OVERLAP with the first overlapping pair: *item the later in
 * checking order, *other the earlier.
 */
int find_boot_overlap(const struct platform *p, struct range image,
		      struct boot_item *item, struct boot_item *other);

/*
 * Choose belay's home: the highest region of `size` bytes, aligned to
 * `size`, inside one /memory bank and below 4 GiB, that overlaps none of
 * the `nr_avoid` ranges (the DTB, modules, initrd, belay's load image).
 * Returns 0 and sets *home, or E_NOFIT.
 */
int place_belay(const struct platform *p, uint64_t size,
		const struct range *avoid, unsigned int nr_avoid, paddr_t *home);

/*
 * Guest RAM: every /memory bank minus belay's region. Writes at most
 * `max` ranges to out, returns how many, or E_TOOMANY.
 */
int guest_ram_ranges(const struct platform *p, struct range belay,
		     struct range *out, unsigned int max);

/*
 * The words of a command line, split as Linux splits them (its
 * next_arg()): separated by spaces, tabs and newlines, except inside
 * double quotes, which stay part of the word (dyndbg="file x.c +p" is one
 * word). Returns the next word of *p and its length and moves *p past it,
 * or NULL at the end.
 */
const char *bootargs_next_word(const char **p, size_t *len);

/* A belay.* word: belay.NAME or belay.NAME=VALUE. */
struct bootarg_option {
	const char *name;		/* "belay.NAME" */
	size_t name_len;
	const char *value;		/* NULL without '='; one pair of enclosing
					 * double quotes removed */
	size_t value_len;
};

/* If word w (len bytes) starts with "belay.", split it into *opt. */
bool bootargs_belay_option(const char *w, size_t len, struct bootarg_option *opt);

/*
 * Remove every word (bootargs_next_word()) starting with "belay." from
 * `in`, writing at most `len` bytes (NUL included) to `out`. Returns 0, or
 * E_NOSPACE. Words are separated by single spaces in the output.
 */
int strip_belay_args(const char *in, char *out, size_t len);

/* What the guest should see; input to fdt_write_guest(). */
struct guest_dt {
	const struct range *ram;	/* guest RAM ranges */
	unsigned int nr_ram;
	struct range belay;		/* belay's region, described in /hypervisor */
	struct range log;		/* belay's log ring, /hypervisor/belay,log; size 0: none */
	const char *bootargs;		/* NULL: remove /chosen/bootargs */
	struct range initrd;		/* size 0: remove linux,initrd-* */
	int psci_present;		/* keep/write a PSCI node (method "smc") */
};

/*
 * Write the guest's DTB into out[0..out_size) from the boot DTB `host`:
 * /memory replaced by g->ram (one node "memory@<first base>", device_type
 * "memory"), /chosen module@* nodes removed, bootargs and linux,initrd-*
 * set or removed, a /hypervisor node with compatible "belay,hypervisor",
 * "reg" = belay's region (root #address/#size-cells),
 * "belay,revision" = <major minor> and, if g->log.size, "belay,log" = the
 * log ring's address and size in the same cells. The result is packed. Returns 0 or a
 * negative E_*; *why names the failing step.
 */
int fdt_write_guest(const void *host, void *out, size_t out_size,
		    const struct guest_dt *g, const char **why);

#endif /* HYP_PLATFORM_H */
