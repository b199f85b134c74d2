/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * libFuzzer target for belay's DTB layer (docs/testing.md, "Fuzzing"):
 * arbitrary bytes as the boot DTB go through what hyp/main.c and
 * hyp/loader.c do with it, here on the host: fdt_parse_platform(),
 * find_boot_overlap(), place_belay(), guest_ram_ranges(),
 * strip_belay_args() and fdt_write_guest(). A DTB belay refuses must be
 * refused with a message; one it accepts must give a platform that holds
 * together, placement that respects it, and a guest DTB that is valid,
 * says what belay meant the guest to see, keeps everything else of the
 * boot DTB, and says the same when written again from itself.
 *
 * Every buffer belay reads or writes ends at an inaccessible page; its
 * unaligned tail and the bytes before it hold a pattern that must be intact
 * after each call, and are poisoned for AddressSanitizer. libfdt is
 * Debian's and not instrumented: the page and the pattern are what catch
 * libfdt reading or writing outside a buffer.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sanitizer/asan_interface.h>

#include <libfdt.h>

#include <hyp/platform.h>

/* What QEMU and belay use: belay.bin loaded at 0x40010000, a 2 MiB region. */
#define IMAGE_BASE	0x40010000u
#define IMAGE_SIZE	0x20000u
#define REGION_SIZE	(2u << 20)
/* hyp/loader.c's dtb_scratch. */
#define SCRATCH_SIZE	(128u * 1024)
#define INPUT_MAX	(64u * 1024)
/* Bytes before a buffer that must stay untouched. */
#define FRONT_GUARD	64u
#define PATTERN		0xa5

/* Print what failed and abort(): libFuzzer keeps the input as a crash. */
#define INVARIANT(expr)							\
	do {								\
		if (!(expr)) {						\
			fprintf(stderr, "fuzz-fdt: invariant failed at %s:%d: %s\n", \
				__FILE__, __LINE__, #expr);		\
			abort();					\
		}							\
	} while (0)

/*
 * A read-write area followed by a PROT_NONE page. arena_place() returns n
 * bytes, 8-byte aligned (libfdt wants that), ending at most 7 bytes before
 * the page; the bytes around them are filled with PATTERN and poisoned.
 */
struct arena {
	uint8_t *base;
	size_t size;
	uint8_t *buf;
	size_t n;
};

/*
 * At a fixed address where the system allows it (AddressSanitizer leaves
 * the low 2 GiB to the program): belay compares the DTB's address with the
 * modules', and libFuzzer learns from the values compared, so an address
 * that moved from run to run would change what it tries.
 */
static void arena_init(struct arena *a, size_t size, uintptr_t where)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *m;

	a->size = (size + FRONT_GUARD + (size_t)page - 1) & ~((size_t)page - 1);
	m = mmap((void *)where, a->size + (size_t)page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (m == MAP_FAILED)
		m = mmap(NULL, a->size + (size_t)page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	INVARIANT(m != MAP_FAILED);
	INVARIANT(mprotect(m + a->size, (size_t)page, PROT_NONE) == 0);
	a->base = m;
}

static uint8_t *arena_place(struct arena *a, size_t n)
{
	uint8_t *end = a->base + a->size;

	INVARIANT(n + FRONT_GUARD + 7 <= a->size);
	ASAN_UNPOISON_MEMORY_REGION(a->base, a->size);
	a->n = n;
	a->buf = (uint8_t *)((uintptr_t)(end - n) & ~(uintptr_t)7);
	memset(a->buf - FRONT_GUARD, PATTERN, FRONT_GUARD);
	memset(a->buf + n, PATTERN, (size_t)(end - (a->buf + n)));
	ASAN_POISON_MEMORY_REGION(a->buf - FRONT_GUARD, FRONT_GUARD);
	ASAN_POISON_MEMORY_REGION(a->buf + n, (size_t)(end - (a->buf + n)));
	return a->buf;
}

static bool all_pattern(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != PATTERN)
			return false;
	return true;
}

/* Nothing was written around the buffer; then unpoison it for reuse. */
static void arena_check(struct arena *a)
{
	uint8_t *end = a->base + a->size;

	ASAN_UNPOISON_MEMORY_REGION(a->base, a->size);
	INVARIANT(all_pattern(a->buf - FRONT_GUARD, FRONT_GUARD));
	INVARIANT(all_pattern(a->buf + a->n, (size_t)(end - (a->buf + a->n))));
}

static struct arena in_arena, out_arena, again_arena, small_arena;
static uint8_t *input_copy;

static uint64_t end_of(struct range r)
{
	return r.base + r.size;
}

static bool wraps(struct range r)
{
	return end_of(r) < r.base;
}

static bool apart(struct range a, struct range b)
{
	return a.size == 0 || b.size == 0 || end_of(a) <= b.base || end_of(b) <= a.base;
}

static void check_cmdline(const struct cmdline *c)
{
	size_t shown = c->len < BOOTARGS_MAX - 1 ? c->len : BOOTARGS_MAX - 1;

	if (!c->present) {
		INVARIANT(c->len == 0 && c->text[0] == '\0');
		return;
	}
	INVARIANT(strnlen(c->text, BOOTARGS_MAX) == shown);
}

/* What fdt_parse_platform() promises about a platform it accepted. */
static void check_platform(const struct platform *p, const void *fdt)
{
	unsigned int i;

	INVARIANT(p->dtb.base == (uintptr_t)fdt && p->dtb.size == fdt_totalsize(fdt));
	INVARIANT(p->nr_mem >= 1 && p->nr_mem <= MAX_MEM_BANKS);
	for (i = 0; i < p->nr_mem; i++) {
		INVARIANT(p->mem[i].size != 0 && !wraps(p->mem[i]));
		/* Sorted, merged: neither overlapping nor touching. */
		if (i > 0)
			INVARIANT(end_of(p->mem[i - 1]) < p->mem[i].base);
	}
	INVARIANT(p->nr_cpus <= MAX_CPUS);
	INVARIANT(p->psci == PSCI_CONDUIT_NONE || p->psci == PSCI_CONDUIT_SMC ||
		  p->psci == PSCI_CONDUIT_HVC);
	INVARIANT(p->nr_modules <= MAX_MODULES);
	for (i = 0; i < p->nr_modules; i++) {
		INVARIANT(p->modules[i].kind == MODULE_KERNEL || p->modules[i].kind == MODULE_RAMDISK);
		INVARIANT(!wraps(p->modules[i].where));
		check_cmdline(&p->modules[i].bootargs);
	}
	INVARIANT(!wraps(p->initrd));
	check_cmdline(&p->bootargs);
}

/* find_boot_overlap()'s answer against a plain pairwise check. */
static bool check_overlaps(const struct platform *p, struct range image)
{
	struct range all[3 + MAX_MODULES];
	struct boot_item item, other;
	unsigned int n = 0, i, j;
	bool clash = false;
	int ret;

	all[n++] = image;
	all[n++] = p->dtb;
	all[n++] = p->initrd;
	for (i = 0; i < p->nr_modules; i++)
		all[n++] = p->modules[i].where;
	for (j = 1; j < n; j++)
		for (i = 0; i < j; i++)
			if (!apart(all[i], all[j]) &&
			    !(i == 2 && all[i].base == all[j].base && all[i].size == all[j].size))
				clash = true;

	ret = find_boot_overlap(p, image, &item, &other);
	INVARIANT(ret == 0 || ret == E_OVERLAP);
	INVARIANT((ret == E_OVERLAP) == clash);
	if (ret)
		INVARIANT(!apart(item.where, other.where));
	return ret == 0;
}

/* boot_choose_home(): belay's 2 MiB region. */
static bool choose_home(const struct platform *p, struct range *home)
{
	struct range avoid[MAX_MODULES + 3];
	unsigned int n = 0, i;
	paddr_t base;
	bool in_bank = false;
	int ret;

	avoid[n++] = p->dtb;
	avoid[n++] = (struct range){ IMAGE_BASE, IMAGE_SIZE };
	if (p->initrd.size)
		avoid[n++] = p->initrd;
	for (i = 0; i < p->nr_modules; i++)
		avoid[n++] = p->modules[i].where;
	ret = place_belay(p, REGION_SIZE, avoid, n, &base);
	INVARIANT(ret == 0 || ret == E_NOFIT);
	if (ret)
		return false;
	*home = (struct range){ base, REGION_SIZE };
	INVARIANT((base & (REGION_SIZE - 1)) == 0 && end_of(*home) <= (1ull << 32));
	for (i = 0; i < n; i++)
		INVARIANT(apart(*home, avoid[i]));
	for (i = 0; i < p->nr_mem; i++)
		if (base >= p->mem[i].base && end_of(*home) <= end_of(p->mem[i]))
			in_bank = true;
	INVARIANT(in_bank);
	return true;
}

/* guest_ram_ranges(): every bank minus belay's region, in order. */
static int guest_ram(const struct platform *p, struct range home, struct range *ram)
{
	uint64_t total = 0, banks = 0;
	int n = guest_ram_ranges(p, home, ram, MAX_MEM_BANKS + 1);
	int i;

	INVARIANT(n >= 0);
	for (i = 0; i < n; i++) {
		bool in_bank = false;

		INVARIANT(ram[i].size != 0 && apart(ram[i], home));
		if (i > 0)
			INVARIANT(end_of(ram[i - 1]) <= ram[i].base);
		for (unsigned int b = 0; b < p->nr_mem; b++)
			if (ram[i].base >= p->mem[b].base && end_of(ram[i]) <= end_of(p->mem[b]))
				in_bank = true;
		INVARIANT(in_bank);
		total += ram[i].size;
	}
	for (unsigned int b = 0; b < p->nr_mem; b++)
		banks += p->mem[b].size;
	INVARIANT(total + REGION_SIZE == banks);
	return n;
}

/* hyp/loader.c: the guest's bootargs, or false where belay stops. */
static bool guest_bootargs(const struct platform *p, char *out, const char **bootargs)
{
	const struct module *kernel = NULL;
	unsigned int i;

	for (i = 0; i < p->nr_modules && !kernel; i++)
		if (p->modules[i].kind == MODULE_KERNEL)
			kernel = &p->modules[i];
	*bootargs = NULL;
	if (kernel && kernel->bootargs.present) {
		if (kernel->bootargs.len >= BOOTARGS_MAX)
			return false;
		memcpy(out, kernel->bootargs.text, kernel->bootargs.len + 1);
		*bootargs = out;
	} else if (p->bootargs.present) {
		if (p->bootargs.len >= BOOTARGS_MAX)
			return false;
		if (strip_belay_args(p->bootargs.text, out, BOOTARGS_MAX))
			return false;
		INVARIANT(strlen(out) <= p->bootargs.len && strncmp(out, "belay.", 6) != 0);
		*bootargs = out;
	}
	return true;
}

static struct range ramdisk_or_initrd(const struct platform *p)
{
	for (unsigned int i = 0; i < p->nr_modules; i++)
		if (p->modules[i].kind == MODULE_RAMDISK)
			return p->modules[i].where;
	return p->initrd;
}

#define MAX_ITEMS	16384
#define FNV_BASIS	0xcbf29ce484222325ull

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static bool compat_has_prefix(const void *fdt, int node, const char *prefix)
{
	int len, pos = 0;
	const char *v = fdt_getprop(fdt, node, "compatible", &len);
	size_t n = strlen(prefix);

	while (v && pos < len) {
		size_t slen = strnlen(v + pos, (size_t)(len - pos));

		if (slen >= n && memcmp(v + pos, prefix, n) == 0)
			return true;
		pos += (int)slen + 1;
	}
	return false;
}

static bool compat_has(const void *fdt, int node, const char *s)
{
	int len;
	const char *v = fdt_getprop(fdt, node, "compatible", &len);

	return v && len > 0 && fdt_stringlist_contains(v, len, s);
}

static bool is_psci(const void *fdt, int node)
{
	return compat_has(fdt, node, "arm,psci-1.0") || compat_has(fdt, node, "arm,psci-0.2") ||
	       compat_has(fdt, node, "arm,psci");
}

/* As libfdt looks a node up by name: "psci" is also "psci@1". */
static bool name_is(const char *name, int len, const char *base)
{
	size_t n = strlen(base);

	return (size_t)len >= n && memcmp(name, base, n) == 0 && ((size_t)len == n || name[n] == '@');
}

/*
 * The nodes fdt_write_guest() replaces, removes or rewrites
 * (docs/boot.md, "The guest DTB"): memory nodes, /chosen's multiboot
 * modules, every PSCI node, /psci and /hypervisor. A node that libfdt
 * finds by one of these paths counts too ("chosen@0" is "/chosen" to it),
 * which takes in more than belay touches, never less.
 */
static bool rewritten_node(const void *fdt, int node, int depth)
{
	int len, tlen, plen;
	const char *name = fdt_get_name(fdt, node, &len), *parent;
	const char *type = fdt_getprop(fdt, node, "device_type", &tlen);

	if (type && tlen == sizeof("memory") && memcmp(type, "memory", sizeof("memory")) == 0)
		return true;
	if (depth == 2 && compat_has_prefix(fdt, node, "multiboot,") &&
	    (parent = fdt_get_name(fdt, fdt_parent_offset(fdt, node), &plen)) &&
	    name_is(parent, plen, "chosen"))
		return true;
	if (is_psci(fdt, node))
		return true;
	return depth == 1 && name && (name_is(name, len, "psci") || name_is(name, len, "hypervisor"));
}

/* /chosen's properties that belay sets or removes. */
static bool rewritten_prop(const char *name)
{
	return strcmp(name, "bootargs") == 0 || strcmp(name, "linux,initrd-start") == 0 ||
	       strcmp(name, "linux,initrd-end") == 0;
}

/*
 * A DTB as a sorted list of hashes, one for each node (its path) and each
 * property (path, name, value), and one for each reserved range: the same
 * list for the same tree whatever order the nodes and properties come in.
 * With `kept`, only what fdt_write_guest() keeps as it is. Returns the
 * number of items, or -1 if they do not fit (or the tree is too deep),
 * when the caller cannot compare.
 */
static int tree_items(const void *fdt, uint64_t *items, bool kept)
{
	/* Path hashes by depth: fdt_get_path() loses its way after a node
	 * whose name holds a '/'. */
	static uint64_t path[64];
	int node = 0, depth = 0, skip = -1, n = 0, i, prop;

	for (i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t rsv[2];

		if (n == MAX_ITEMS || fdt_get_mem_rsv(fdt, i, &rsv[0], &rsv[1]))
			return -1;
		items[n++] = fnv(FNV_BASIS, rsv, sizeof(rsv));
	}
	for (; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		const char *name;
		int len;
		uint64_t h;
		bool is_chosen;

		if (skip >= 0 && depth > skip)
			continue;
		skip = -1;
		if (kept && rewritten_node(fdt, node, depth)) {
			skip = depth;
			continue;
		}
		name = fdt_get_name(fdt, node, &len);
		if (n == MAX_ITEMS || depth >= (int)(sizeof(path) / sizeof(path[0])) || !name)
			return -1;
		h = fnv(depth ? path[depth - 1] : FNV_BASIS, "/", 1);
		h = path[depth] = fnv(h, name, (size_t)len);
		items[n++] = h;
		is_chosen = name_is(name, len, "chosen");
		fdt_for_each_property_offset(prop, fdt, node) {
			const void *v = fdt_getprop_by_offset(fdt, prop, &name, &len);
			uint64_t ph;

			if (n == MAX_ITEMS || !v || !name)
				return -1;
			if (kept && depth == 1 && is_chosen && rewritten_prop(name))
				continue;
			/* libfdt 1.6.1 takes a length of 0xffffffff for -1. */
			ph = fnv(fnv(h, name, strlen(name) + 1), &len, sizeof(len));
			items[n++] = fnv(ph, v, len > 0 ? (size_t)len : 0);
		}
	}
	qsort(items, (size_t)n, sizeof(*items), cmp_u64);
	return n;
}

static uint64_t items_a[MAX_ITEMS], items_b[MAX_ITEMS];

/*
 * Two DTBs hold the same tree and the same reserved ranges. Not the same
 * bytes: nodes that belay deletes and adds again come back in another
 * place among their siblings, and libfdt may share a property name with
 * the tail of a longer one in the strings block.
 */
static bool same_tree(const void *a, const void *b)
{
	int na = tree_items(a, items_a, false), nb = tree_items(b, items_b, false);

	if (na < 0 || nb < 0)
		return true;
	return na == nb && memcmp(items_a, items_b, (size_t)na * sizeof(*items_a)) == 0;
}

/* Everything in the boot DTB that belay does not rewrite is in the guest's. */
static bool kept_as_is(const void *host, const void *guest)
{
	int nh = tree_items(host, items_a, true), ng = tree_items(guest, items_b, false);
	int i = 0, j = 0;

	if (nh < 0 || ng < 0)
		return true;
	while (i < nh && j < ng) {
		if (items_a[i] == items_b[j])
			i++, j++;
		else if (items_a[i] > items_b[j])
			j++;
		else
			return false;
	}
	return i == nh;
}

static bool enabled(const void *fdt, int node)
{
	int len;
	const char *v = fdt_getprop(fdt, node, "status", &len);

	return !v || (len == 5 && memcmp(v, "okay", 5) == 0) || (len == 3 && memcmp(v, "ok", 3) == 0);
}

static bool prop_eq(const void *fdt, int node, const char *name, const void *v, int len)
{
	int got;
	const void *p = fdt_getprop(fdt, node, name, &got);

	return p && got == len && memcmp(p, v, (size_t)len) == 0;
}

/* `name` holds exactly these ranges in ac/sc cells. */
static bool ranges_eq(const void *fdt, int node, const char *name, const struct range *r,
		      unsigned int n, int ac, int sc)
{
	fdt32_t cells[(MAX_MEM_BANKS + 1) * 4];
	unsigned int i;
	int c = 0;

	for (i = 0; i < n; i++) {
		if (ac == 2)
			cells[c++] = cpu_to_fdt32((uint32_t)(r[i].base >> 32));
		cells[c++] = cpu_to_fdt32((uint32_t)r[i].base);
		if (sc == 2)
			cells[c++] = cpu_to_fdt32((uint32_t)(r[i].size >> 32));
		cells[c++] = cpu_to_fdt32((uint32_t)r[i].size);
	}
	return prop_eq(fdt, node, name, cells, c * 4);
}

/*
 * The guest DTB says what belay meant it to say (docs/boot.md, "The guest
 * DTB"), read with libfdt, and fdt_parse_platform() reads it back. That
 * need not succeed: a boot DTB's odd nodes that belay leaves alone may be
 * found by a lookup where a node belay removed was found before. But when
 * it does, it must agree.
 */
static void check_guest_dtb(const void *guest, size_t out_size, const struct guest_dt *g)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	static struct platform back;
	const char *why = NULL;
	int ac, sc, node, mem = -1, chosen, psci = -1, count = 0;
	unsigned int i;
	fdt64_t v;

	INVARIANT(fdt_check_header(guest) == 0);
	INVARIANT(fdt_totalsize(guest) <= out_size);
	INVARIANT(fdt_check_full(guest, fdt_totalsize(guest)) == 0);
	ac = fdt_address_cells(guest, 0);
	sc = fdt_size_cells(guest, 0);
	INVARIANT(ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2);

	/* One memory node, at the root, with the guest's RAM. */
	for (node = -1; (node = fdt_node_offset_by_prop_value(guest, node, "device_type", "memory",
							      sizeof("memory"))) >= 0; count++)
		mem = node;
	INVARIANT(count == 1 && fdt_parent_offset(guest, mem) == 0);
	INVARIANT(ranges_eq(guest, mem, "reg", g->ram, g->nr_ram, ac, sc));

	/* /chosen: no modules, the bootargs and initrd belay chose. */
	chosen = fdt_path_offset(guest, "/chosen");
	INVARIANT(chosen >= 0);
	fdt_for_each_subnode(node, guest, chosen)
		INVARIANT(!compat_has_prefix(guest, node, "multiboot,"));
	if (g->bootargs)
		INVARIANT(prop_eq(guest, chosen, "bootargs", g->bootargs, (int)strlen(g->bootargs) + 1));
	else
		INVARIANT(!fdt_getprop(guest, chosen, "bootargs", NULL));
	if (g->initrd.size) {
		v = cpu_to_fdt64(g->initrd.base);
		INVARIANT(prop_eq(guest, chosen, "linux,initrd-start", &v, sizeof(v)));
		v = cpu_to_fdt64(g->initrd.base + g->initrd.size);
		INVARIANT(prop_eq(guest, chosen, "linux,initrd-end", &v, sizeof(v)));
	} else {
		INVARIANT(!fdt_getprop(guest, chosen, "linux,initrd-start", NULL) &&
			  !fdt_getprop(guest, chosen, "linux,initrd-end", NULL));
	}

	/* /hypervisor: belay's region. */
	node = fdt_subnode_offset(guest, 0, "hypervisor");
	INVARIANT(node >= 0 && prop_eq(guest, node, "compatible", "belay,hypervisor",
				       sizeof("belay,hypervisor")));
	INVARIANT(ranges_eq(guest, node, "reg", &g->belay, 1, ac, sc));

	/* PSCI: one enabled node with belay's, or none. */
	count = 0;
	for (node = 0; (node = fdt_next_node(guest, node, NULL)) >= 0;)
		if (is_psci(guest, node)) {
			psci = node;
			count++;
		}
	INVARIANT(count == (g->psci_present ? 1 : 0));
	if (g->psci_present)
		INVARIANT(enabled(guest, psci) && prop_eq(guest, psci, "method", "smc", 4) &&
			  prop_eq(guest, psci, "compatible", psci_compat, sizeof(psci_compat)));

	if (fdt_parse_platform(guest, &back, &why) != 0) {
		INVARIANT(why != NULL && why[0] != '\0');
		return;
	}
	check_platform(&back, guest);
	INVARIANT(back.nr_mem == g->nr_ram);
	for (i = 0; i < back.nr_mem; i++)
		INVARIANT(back.mem[i].base == g->ram[i].base && back.mem[i].size == g->ram[i].size);
	INVARIANT(back.nr_modules == 0);
	INVARIANT(back.initrd.base == (g->initrd.size ? g->initrd.base : 0) &&
		  back.initrd.size == g->initrd.size);
	INVARIANT(back.bootargs.present == (g->bootargs != NULL));
	if (g->bootargs)
		INVARIANT(strcmp(back.bootargs.text, g->bootargs) == 0);
	INVARIANT(back.psci == (g->psci_present ? PSCI_CONDUIT_SMC : PSCI_CONDUIT_NONE));
}

/* What one input does, from the boot DTB to the guest DTB. */
static void run(const uint8_t *blob, size_t n)
{
	static struct platform p;
	static char bootargs[BOOTARGS_MAX];
	struct range home, ram[MAX_MEM_BANKS + 1];
	struct guest_dt g;
	const char *why = NULL;
	uint8_t *out, *again, *small;
	uint32_t size;
	int ret, nr;

	ret = fdt_parse_platform(blob, &p, &why);
	INVARIANT(memcmp(blob, input_copy, n) == 0);
	if (ret) {
		INVARIANT(ret < 0 && why != NULL && why[0] != '\0');
		return;
	}
	check_platform(&p, blob);
	if (!check_overlaps(&p, (struct range){ IMAGE_BASE, IMAGE_SIZE }))
		return;
	if (!choose_home(&p, &home))
		return;
	nr = guest_ram(&p, home, ram);
	if (nr == 0 || !guest_bootargs(&p, bootargs, &g.bootargs))
		return;
	g.ram = ram;
	g.nr_ram = (unsigned int)nr;
	g.belay = home;
	g.initrd = ramdisk_or_initrd(&p);
	g.psci_present = p.psci != PSCI_CONDUIT_NONE;

	out = arena_place(&out_arena, SCRATCH_SIZE);
	why = NULL;
	ret = fdt_write_guest(blob, out, SCRATCH_SIZE, &g, &why);
	arena_check(&out_arena);
	INVARIANT(memcmp(blob, input_copy, n) == 0);
	if (ret) {
		INVARIANT(ret < 0 && why != NULL && why[0] != '\0');
		return;
	}
	check_guest_dtb(out, SCRATCH_SIZE, &g);
	INVARIANT(kept_as_is(blob, out));
	size = fdt_totalsize(out);

	/* Written again from itself, it says the same. */
	again = arena_place(&again_arena, SCRATCH_SIZE);
	ret = fdt_write_guest(out, again, SCRATCH_SIZE, &g, &why);
	arena_check(&again_arena);
	INVARIANT(ret == 0);
	INVARIANT(same_tree(again, out));

	/* One byte less than it needs: refused, nothing written outside. */
	small = arena_place(&small_arena, size - 1);
	ret = fdt_write_guest(blob, small, size - 1, &g, &why);
	arena_check(&small_arena);
	INVARIANT(ret == E_NOSPACE);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The boot DTB where QEMU puts it, more or less. */
	arena_init(&in_arena, INPUT_MAX, 0x48000000);
	arena_init(&out_arena, SCRATCH_SIZE, 0x60000000);
	arena_init(&again_arena, SCRATCH_SIZE, 0x61000000);
	arena_init(&small_arena, SCRATCH_SIZE, 0x62000000);
	input_copy = malloc(INPUT_MAX);
	INVARIANT(input_copy != NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *blob;
	size_t n = size;

	/* belay finds a whole header wherever the boot loader points r2. */
	if (size < sizeof(struct fdt_header) || size > INPUT_MAX)
		return 0;
	/*
	 * belay reads totalsize bytes: the blob ends there, at the guard page.
	 * A totalsize beyond the input is cut to the input, so that the
	 * fuzzer's mutations that grow or shrink the input keep it a DTB.
	 */
	if (fdt_totalsize(data) >= sizeof(struct fdt_header) && fdt_totalsize(data) < size)
		n = fdt_totalsize(data);
	blob = arena_place(&in_arena, n);
	memcpy(blob, data, n);
	if (fdt_totalsize(blob) > n)
		fdt_set_totalsize(blob, (uint32_t)n);
	memcpy(input_copy, blob, n);
	run(blob, n);
	arena_check(&in_arena);
	return 0;
}
