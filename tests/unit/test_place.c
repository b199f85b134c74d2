/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * find_boot_overlap(), place_belay(), guest_ram_ranges() and
 * strip_belay_args() (hyp/place.c).
 */

#include <stdint.h>
#include <string.h>

#include <hyp/platform.h>

#include "check.h"

#define MiB	(1ull << 20)
#define GiB	(1ull << 30)

static struct platform plat(unsigned int n, const struct range *banks)
{
	struct platform p;

	memset(&p, 0, sizeof(p));
	memcpy(p.mem, banks, n * sizeof(*banks));
	p.nr_mem = n;
	return p;
}

/* QEMU virt, -m 1024: belay.bin at 0x40010000, DTB at 0x48000000. */
static struct platform qemu_boot(void)
{
	struct range banks[] = { { 0x40000000, GiB } };
	struct platform p = plat(1, banks);

	p.dtb = (struct range){ 0x48000000, MiB };
	return p;
}

static void add_module(struct platform *p, enum module_kind kind, paddr_t base, uint64_t size)
{
	p->modules[p->nr_modules].kind = kind;
	p->modules[p->nr_modules].where = (struct range){ base, size };
	p->nr_modules++;
}

static const struct range image = { 0x40010000, 0x12000 };

static void test_overlap_none(void)
{
	struct platform p = qemu_boot();
	struct boot_item item, other;

	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), 0);
	add_module(&p, MODULE_KERNEL, 0x42000000, 0x545200);
	add_module(&p, MODULE_RAMDISK, 0x50000000, 0x786d48);
	p.initrd = (struct range){ 0x49000000, 0x1000 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), 0);
	/* Touching is not overlapping: a module right after belay's image,
	 * one ending where the DTB starts, an initrd right after the DTB. */
	add_module(&p, MODULE_KERNEL, image.base + image.size, 0x1000);
	p.modules[1].where = (struct range){ 0x47f00000, 0x100000 };
	p.initrd = (struct range){ 0x48100000, 0x1000 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), 0);
	/* Empty ranges overlap nothing, even inside another range. */
	p.initrd = (struct range){ 0x48000100, 0 };
	add_module(&p, MODULE_RAMDISK, image.base + 0x100, 0);
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), 0);
	/* An initrd given both ways, at the same place, is one initrd. */
	p.initrd = p.modules[0].where;
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), 0);
	CHECK_EQ(find_boot_overlap(NULL, image, &item, &other), E_BADARG);
	CHECK_EQ(find_boot_overlap(&p, image, NULL, &other), E_BADARG);
}

static void test_overlap_belay_image(void)
{
	struct platform p = qemu_boot();
	struct boot_item item, other;

	/* The kvm-unit-tests case: a guest linked for 0x40010000. */
	add_module(&p, MODULE_KERNEL, 0x40010000, 0x3000);
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.kind, BOOT_ITEM_MODULE);
	CHECK_EQ(item.where.base, 0x40010000);
	CHECK_EQ(item.where.size, 0x3000);
	CHECK_EQ(other.kind, BOOT_ITEM_IMAGE);
	CHECK_EQ(other.where.base, image.base);
	CHECK_EQ(other.where.size, image.size);
	/* Over the last byte of the image, and from below its first. */
	p.modules[0].where = (struct range){ image.base + image.size - 1, 0x1000 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(other.kind, BOOT_ITEM_IMAGE);
	p.modules[0].where = (struct range){ 0x40000000, 0x10001 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(other.kind, BOOT_ITEM_IMAGE);
	/* The linux,initrd range and the DTB are checked against it too. */
	p.modules[0].where = (struct range){ 0x42000000, 0x1000 };
	p.initrd = (struct range){ 0x40000000, 0x100000 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.kind, BOOT_ITEM_INITRD);
	CHECK_EQ(other.kind, BOOT_ITEM_IMAGE);
	p.initrd.size = 0;
	p.dtb = (struct range){ 0x40000000, 0x10004 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.kind, BOOT_ITEM_DTB);
	CHECK_EQ(other.kind, BOOT_ITEM_IMAGE);
}

static void test_overlap_modules(void)
{
	struct platform p = qemu_boot();
	struct boot_item item, other;

	add_module(&p, MODULE_KERNEL, 0x42000000, 0x545200);
	add_module(&p, MODULE_RAMDISK, 0x42500000, 0x100000);
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.kind, BOOT_ITEM_MODULE);
	CHECK_EQ(item.where.base, 0x42500000);
	CHECK_EQ(other.kind, BOOT_ITEM_MODULE);
	CHECK_EQ(other.where.base, 0x42000000);
	CHECK_EQ(other.where.size, 0x545200);
	/* One inside the other; two of the same kind; a later pair. */
	p.modules[1].where = (struct range){ 0x42100000, 0x1000 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	p.modules[1] = (struct module){ .kind = MODULE_KERNEL, .where = { 0x41000000, 0x1000001 } };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.where.base, 0x41000000);
	CHECK_EQ(other.where.base, 0x42000000);
	p.modules[1].where = (struct range){ 0x50000000, 0x1000 };
	add_module(&p, MODULE_RAMDISK, 0x60000000, 0x1000);
	add_module(&p, MODULE_RAMDISK, 0x5fffffff, 0x2);
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.where.base, 0x5fffffff);
	CHECK_EQ(other.where.base, 0x60000000);
	/* The linux,initrd range against a module, unless it is the same. */
	p.nr_modules = 2;
	p.initrd = (struct range){ 0x50000800, 0x1000 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.kind, BOOT_ITEM_MODULE);
	CHECK_EQ(item.where.base, 0x50000000);
	CHECK_EQ(other.kind, BOOT_ITEM_INITRD);
	CHECK_EQ(other.where.base, 0x50000800);
	p.initrd = p.modules[1].where;
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), 0);
}

static void test_overlap_dtb(void)
{
	struct platform p = qemu_boot();
	struct boot_item item, other;

	/* QEMU's DTB at 0x48000000 and a module placed there too. */
	add_module(&p, MODULE_KERNEL, 0x42000000, 0x545200);
	add_module(&p, MODULE_RAMDISK, 0x48000000, 0x786d48);
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.kind, BOOT_ITEM_MODULE);
	CHECK_EQ(item.where.base, 0x48000000);
	CHECK_EQ(other.kind, BOOT_ITEM_DTB);
	CHECK_EQ(other.where.base, 0x48000000);
	CHECK_EQ(other.where.size, MiB);
	/* Over the DTB's last byte (its totalsize counts, not its contents). */
	p.modules[1].where = (struct range){ 0x480fffff, 0x1000 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(other.kind, BOOT_ITEM_DTB);
	/* The linux,initrd range over the DTB (QEMU puts the DTB after it). */
	p.modules[1].where = (struct range){ 0x50000000, 0x1000 };
	p.initrd = (struct range){ 0x47800000, 0x800001 };
	CHECK_EQ(find_boot_overlap(&p, image, &item, &other), E_OVERLAP);
	CHECK_EQ(item.kind, BOOT_ITEM_INITRD);
	CHECK_EQ(other.kind, BOOT_ITEM_DTB);
}

static void test_place_single_bank(void)
{
	struct range banks[] = { { 0x40000000, GiB } };
	struct platform p = plat(1, banks);
	paddr_t home = 0;

	CHECK_EQ(place_belay(&p, 2 * MiB, NULL, 0, &home), 0);
	CHECK_EQ(home, 0x7fe00000);
	/* A bank whose end is not aligned to the size. */
	p.mem[0].size = GiB - 0x3000;
	CHECK_EQ(place_belay(&p, 2 * MiB, NULL, 0, &home), 0);
	CHECK_EQ(home, 0x7fc00000);
}

static void test_place_avoids(void)
{
	struct range banks[] = { { 0x40000000, GiB } };
	struct platform p = plat(1, banks);
	/* A DTB in the top 2 MiB (as QEMU puts it) and a module below it. */
	struct range avoid[] = {
		{ 0x7fe00000 + 0x1000, 0x100000 },	/* dtb */
		{ 0x7fa00000, 0x300000 },		/* module over two slots */
		{ 0x7f000000, 0 },			/* empty: ignored */
	};
	paddr_t home = 0;

	CHECK_EQ(place_belay(&p, 2 * MiB, avoid, 1, &home), 0);
	CHECK_EQ(home, 0x7fc00000);
	CHECK_EQ(place_belay(&p, 2 * MiB, avoid, 3, &home), 0);
	CHECK_EQ(home, 0x7f800000);
	/* Touching but not overlapping is fine. */
	avoid[0] = (struct range){ 0x7fe00000 - 0x1000, 0x1000 };
	CHECK_EQ(place_belay(&p, 2 * MiB, avoid, 1, &home), 0);
	CHECK_EQ(home, 0x7fe00000);
}

static void test_place_multiple_banks(void)
{
	struct range banks[] = {
		{ 0x00000000, 256 * MiB },
		{ 0x40000000, 16 * MiB },
		{ 0x80000000, 3 * MiB },
	};
	struct platform p = plat(3, banks);
	struct range avoid[] = { { 0x80000000, 0x1000 } };
	paddr_t home = 0;

	CHECK_EQ(place_belay(&p, 2 * MiB, NULL, 0, &home), 0);
	CHECK_EQ(home, 0x80000000);
	/* The top bank has no free aligned 2 MiB: the next bank down wins. */
	CHECK_EQ(place_belay(&p, 2 * MiB, avoid, 1, &home), 0);
	CHECK_EQ(home, 0x40e00000);
	/* The highest place wins whatever the bank order. */
	{
		struct range rev[] = { banks[2], banks[0], banks[1] };
		struct platform q = plat(3, rev);

		CHECK_EQ(place_belay(&q, 2 * MiB, avoid, 1, &home), 0);
		CHECK_EQ(home, 0x40e00000);
	}
}

static void test_place_nofit(void)
{
	struct range banks[] = { { 0x40000000, 2 * MiB }, { 0x50100000, 0x280000 } };
	struct platform p = plat(2, banks);
	struct range avoid[] = { { 0x40100000, 0x1000 } };
	paddr_t home = 0x1234;

	/* Bank 2 holds 2.5 MiB but no 2 MiB-aligned 2 MiB; bank 1 is blocked. */
	CHECK_EQ(place_belay(&p, 2 * MiB, avoid, 1, &home), E_NOFIT);
	CHECK_EQ(home, 0x1234);
	CHECK_EQ(place_belay(&p, 8 * MiB, NULL, 0, &home), E_NOFIT);
	p.nr_mem = 0;
	CHECK_EQ(place_belay(&p, 2 * MiB, NULL, 0, &home), E_NOFIT);
	/* Sizes that cannot be aligned to with a mask. */
	p.nr_mem = 2;
	CHECK_EQ(place_belay(&p, 3 * MiB, NULL, 0, &home), E_BADARG);
	CHECK_EQ(place_belay(&p, 0, NULL, 0, &home), E_BADARG);
}

static void test_place_below_4g(void)
{
	struct range banks[] = {
		{ 0x40000000, 2 * GiB },		/* ends at 0xc0000000 */
		{ 0x100000000ull, 4 * GiB },		/* all above 4 GiB */
		{ 0xf0000000, 0x20000000 },		/* straddles 4 GiB */
	};
	struct platform p = plat(2, banks);
	paddr_t home = 0;

	CHECK_EQ(place_belay(&p, 2 * MiB, NULL, 0, &home), 0);
	CHECK_EQ(home, 0xbfe00000);
	p = plat(3, banks);
	CHECK_EQ(place_belay(&p, 2 * MiB, NULL, 0, &home), 0);
	CHECK_EQ(home, 0xffe00000);
	p = plat(1, &banks[1]);
	CHECK_EQ(place_belay(&p, 2 * MiB, NULL, 0, &home), E_NOFIT);
}

static void test_guest_ram(void)
{
	struct range banks[] = { { 0x40000000, GiB }, { 0x100000000ull, GiB } };
	struct platform p = plat(2, banks);
	struct range out[4];
	struct range belay = { 0x7fe00000, 2 * MiB };

	/* belay at the top of bank 0: bank 0 shrinks, bank 1 is whole. */
	CHECK_EQ(guest_ram_ranges(&p, belay, out, 4), 2);
	CHECK_EQ(out[0].base, 0x40000000);
	CHECK_EQ(out[0].size, GiB - 2 * MiB);
	CHECK_EQ(out[1].base, 0x100000000ull);
	CHECK_EQ(out[1].size, GiB);

	/* In the middle: the bank splits in two around it. */
	belay.base = 0x60000000;
	CHECK_EQ(guest_ram_ranges(&p, belay, out, 4), 3);
	CHECK_EQ(out[0].base, 0x40000000);
	CHECK_EQ(out[0].size, 0x20000000);
	CHECK_EQ(out[1].base, 0x60200000);
	CHECK_EQ(out[1].size, 0x1fe00000);
	CHECK_EQ(out[2].base, 0x100000000ull);
	CHECK_EQ(guest_ram_ranges(&p, belay, out, 2), E_TOOMANY);

	/* At the bottom, and the whole bank. */
	belay.base = 0x40000000;
	CHECK_EQ(guest_ram_ranges(&p, belay, out, 4), 2);
	CHECK_EQ(out[0].base, 0x40200000);
	belay.size = GiB;
	CHECK_EQ(guest_ram_ranges(&p, belay, out, 4), 1);
	CHECK_EQ(out[0].base, 0x100000000ull);
}

static void test_strip_args(void)
{
	char out[64];

	CHECK_EQ(strip_belay_args("console=ttyAMA0 belay.log=3 root=/dev/x", out, sizeof(out)), 0);
	CHECK(strcmp(out, "console=ttyAMA0 root=/dev/x") == 0);
	CHECK_EQ(strip_belay_args("belay.log=3 belay.x belay.", out, sizeof(out)), 0);
	CHECK(strcmp(out, "") == 0);
	CHECK_EQ(strip_belay_args("", out, sizeof(out)), 0);
	CHECK(strcmp(out, "") == 0);
	CHECK_EQ(strip_belay_args(NULL, out, sizeof(out)), 0);
	CHECK(strcmp(out, "") == 0);
	/* Runs of white space collapse; "belay" alone or inside a word stays. */
	CHECK_EQ(strip_belay_args("  a\tbelay.q=1\n  b  belay xbelay.y ", out, sizeof(out)), 0);
	CHECK(strcmp(out, "a b belay xbelay.y") == 0);
	/* Quotes keep spaces in one word, as Linux parses them. */
	CHECK_EQ(strip_belay_args("x=\"a belay.b\" belay.c=\"d e\" f", out, sizeof(out)), 0);
	CHECK(strcmp(out, "x=\"a belay.b\" f") == 0);
	/* Output exactly fits (27 characters + NUL), then one byte short. */
	CHECK_EQ(strip_belay_args("console=ttyAMA0 belay.log=3 root=/dev/x", out, 28), 0);
	CHECK(strcmp(out, "console=ttyAMA0 root=/dev/x") == 0);
	CHECK_EQ(strip_belay_args("console=ttyAMA0 belay.log=3 root=/dev/x", out, 27), E_NOSPACE);
	CHECK(out[0] == '\0');
	CHECK_EQ(strip_belay_args("abc", out, 0), E_NOSPACE);
	CHECK_EQ(strip_belay_args("", out, 1), 0);
	CHECK(out[0] == '\0');
}

/* The one tokeniser for belay.* words and the guest's command line. */
static void test_bootargs_words(void)
{
	const char *p = " a\tbelay.x=\"1 2\"\n  q=\"r s\" belay.log belay.log=warn belay.";
	const char *w;
	size_t len;
	struct bootarg_option o;
	static const char *const words[] = {
		"a", "belay.x=\"1 2\"", "q=\"r s\"", "belay.log", "belay.log=warn", "belay.",
	};
	unsigned int n = 0;

	while ((w = bootargs_next_word(&p, &len))) {
		CHECK(n < 6);
		if (n < 6)
			CHECK(len == strlen(words[n]) && !memcmp(w, words[n], len));
		n++;
	}
	CHECK_EQ(n, 6);
	CHECK(bootargs_next_word(&p, &len) == NULL);
	p = NULL;
	CHECK(bootargs_next_word(&p, &len) == NULL);
	p = "   ";
	CHECK(bootargs_next_word(&p, &len) == NULL);

	/* Splitting a belay.* word: the value's enclosing quotes go. */
	CHECK(!bootargs_belay_option("a", 1, &o));
	CHECK(!bootargs_belay_option("belay", 5, &o));
	CHECK(!bootargs_belay_option("xbelay.y", 8, &o));
	w = "belay.x=\"1 2\"";
	CHECK(bootargs_belay_option(w, strlen(w), &o));
	CHECK(o.name_len == 7 && !memcmp(o.name, "belay.x", 7));
	CHECK(o.value_len == 3 && !memcmp(o.value, "1 2", 3));
	w = "belay.log";
	CHECK(bootargs_belay_option(w, strlen(w), &o));
	CHECK_EQ(o.name_len, 9);
	CHECK(o.value == NULL);
	w = "belay.log=";
	CHECK(bootargs_belay_option(w, strlen(w), &o));
	CHECK(o.value != NULL && o.value_len == 0);
	w = "belay.log=\"";
	CHECK(bootargs_belay_option(w, strlen(w), &o));
	CHECK(o.value_len == 1 && o.value[0] == '"');
	/* Only the first '=' splits. */
	w = "belay.a=b=c";
	CHECK(bootargs_belay_option(w, strlen(w), &o));
	CHECK(o.name_len == 7 && o.value_len == 3 && !memcmp(o.value, "b=c", 3));
}

int main(void)
{
	RUN(test_overlap_none);
	RUN(test_overlap_belay_image);
	RUN(test_overlap_modules);
	RUN(test_overlap_dtb);
	RUN(test_place_single_bank);
	RUN(test_place_avoids);
	RUN(test_place_multiple_banks);
	RUN(test_place_nofit);
	RUN(test_place_below_4g);
	RUN(test_guest_ram);
	RUN(test_strip_args);
	RUN(test_bootargs_words);
	return check_result();
}
