/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Guest loading (docs/boot.md): find the kernel and ramdisk the boot DTB
 * describes, check that they sit in guest RAM and clear of each other, and
 * write the guest's DTB. Runs once, on the boot CPU, with the HYP MMU off,
 * so guest RAM is reached by its physical address without being mapped.
 */
#include <string.h>

#include <arch/zimage.h>
#include <hyp/hyp.h>
#include <hyp/log.h>

/* AUTO_ZRELADDR kernels decompress to (pc & ~(128 MiB - 1)) + TEXT_OFFSET. */
#define ZIMAGE_WINDOW		(128u << 20)

static char guest_bootargs[BOOTARGS_MAX];
static uint8_t dtb_scratch[128 * 1024] __attribute__((aligned(8)));

static uint64_t end_of(struct range r)
{
	return r.base + r.size;
}

static bool overlap(struct range a, struct range b)
{
	return a.size && b.size && a.base < end_of(b) && b.base < end_of(a);
}

static const struct module *find_module(enum module_kind kind)
{
	for (unsigned int i = 0; i < hyp.plat.nr_modules; i++)
		if (hyp.plat.modules[i].kind == kind)
			return &hyp.plat.modules[i];
	return NULL;
}

static void check_in_guest_ram(const char *what, struct range r)
{
	if (end_of(r) > 0x100000000ull || !ipa_is_guest_ram(r.base, r.size)) {
		if (overlap(r, hyp.home))
			fatal("%s at 0x%llx-0x%llx overlaps belay's region 0x%llx-0x%llx: load it lower",
			      what, r.base, end_of(r), hyp.home.base, end_of(hyp.home));
		fatal("%s at 0x%llx-0x%llx is not inside guest RAM below 4 GiB", what, r.base, end_of(r));
	}
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Where a zImage outside the window can go instead: the first of these
 * offsets into the window (past the usual TEXT_OFFSET and the kernel's
 * first few MiB) whose range is clear of everything else the guest gets.
 */
static const uint32_t zimage_slots[] = { 32u << 20, 64u << 20, 96u << 20 };

/*
 * Raw images run where they were loaded. A zImage must run inside the
 * first 128 MiB of RAM; if it was loaded elsewhere, move it there.
 * Returns where the guest kernel starts.
 */
static struct range place_kernel(const struct module *kernel, const struct range *others,
				 unsigned int nr_others)
{
	const uint32_t *image = (const uint32_t *)(uintptr_t)kernel->where.base;
	struct range ram0 = hyp.guest_ram[0];
	uint64_t window_end = ram0.base + (ram0.size < ZIMAGE_WINDOW ? ram0.size : ZIMAGE_WINDOW);

	if (kernel->where.size < ZIMAGE_MAGIC_OFFSET + 4 ||
	    image[ZIMAGE_MAGIC_OFFSET / 4] != ZIMAGE_MAGIC) {
		INFO("guest kernel: raw image at 0x%llx-0x%llx, entered at its first byte",
		     kernel->where.base, end_of(kernel->where));
		return kernel->where;
	}
	if (kernel->where.base >= ram0.base && end_of(kernel->where) <= window_end) {
		INFO("guest kernel: zImage at 0x%llx-0x%llx", kernel->where.base, end_of(kernel->where));
		return kernel->where;
	}
	for (unsigned int i = 0; i < sizeof(zimage_slots) / sizeof(zimage_slots[0]); i++) {
		struct range to = { ram0.base + zimage_slots[i], kernel->where.size };
		bool clear = end_of(to) <= window_end && !overlap(to, kernel->where);
		for (unsigned int j = 0; j < nr_others && clear; j++)
			clear = !overlap(to, others[j]);
		if (!clear)
			continue;
		memcpy((void *)(uintptr_t)to.base, image, to.size);
		INFO("guest kernel: zImage at 0x%llx-0x%llx, outside the first 128 MiB of RAM "
		     "its decompressor needs: moved to 0x%llx", kernel->where.base,
		     end_of(kernel->where), to.base);
		return to;
	}
	fatal("guest zImage at 0x%llx-0x%llx must run in the first 128 MiB of RAM (0x%llx-0x%llx), "
	      "which has no room for it: load it there",
	      kernel->where.base, end_of(kernel->where), ram0.base, window_end);
}

void loader_prepare(const void *host_dtb, struct guest_boot *out)
{
	const struct platform *p = &hyp.plat;
	const struct module *kernel = find_module(MODULE_KERNEL);
	const struct module *ramdisk = find_module(MODULE_RAMDISK);
	struct range initrd = ramdisk ? ramdisk->where : p->initrd;
	const char *why = "";
	int err;

	if (!kernel)
		fatal("no guest kernel: no /chosen/module@... node compatible with "
		      "\"multiboot,kernel\" (QEMU: -device guest-loader,addr=0x42000000,kernel=FILE)");
	/* boot_choose_home() has checked that kernel, initrd and DTB are apart. */
	check_in_guest_ram("guest kernel", kernel->where);
	if (initrd.size)
		check_in_guest_ram("initrd", initrd);
	struct range others[] = { initrd, hyp.plat.dtb };
	struct range image = place_kernel(kernel, others, 2);

	/* The module's own bootargs are the guest's; /chosen/bootargs is
	 * shared with belay, which keeps its belay.* words to itself. */
	if (kernel->bootargs.present) {
		if (kernel->bootargs.len >= BOOTARGS_MAX)
			fatal("guest bootargs longer than %u bytes", BOOTARGS_MAX - 1);
		memcpy(guest_bootargs, kernel->bootargs.text, kernel->bootargs.len + 1);
	} else if (p->bootargs.present) {
		if (p->bootargs.len >= BOOTARGS_MAX ||
		    strip_belay_args(p->bootargs.text, guest_bootargs, sizeof(guest_bootargs)))
			fatal("/chosen/bootargs longer than %u bytes", BOOTARGS_MAX - 1);
	}

	struct guest_dt g = {
		.ram = hyp.guest_ram,
		.nr_ram = hyp.nr_guest_ram,
		.belay = hyp.home,
		.log = { log_ring_base(), LOG_RING_SIZE },
		.bootargs = (kernel->bootargs.present || p->bootargs.present) ? guest_bootargs : NULL,
		.initrd = initrd,
		.psci_present = p->psci != PSCI_CONDUIT_NONE,
	};
	err = fdt_write_guest(host_dtb, dtb_scratch, sizeof(dtb_scratch), &g, &why);
	if (err)
		fatal("cannot write the guest DTB: %s", why);

	/* The guest's DTB goes where the boot DTB was: the boot loader chose
	 * that place to be safe from the kernel, and it is in guest RAM. */
	struct range dtb = { p->dtb.base, be32(dtb_scratch + 4) };
	if (dtb.size > p->dtb.size)
		fatal("the guest DTB (%u bytes) does not fit where the boot DTB was (%u bytes at 0x%llx)",
		      (unsigned)dtb.size, (unsigned)p->dtb.size, p->dtb.base);
	check_in_guest_ram("the DTB", dtb);
	if (overlap(dtb, image) || overlap(dtb, initrd))
		fatal("the DTB at 0x%llx-0x%llx overlaps the guest kernel or initrd", dtb.base, end_of(dtb));
	memcpy((void *)(uintptr_t)dtb.base, dtb_scratch, dtb.size);

	out->entry = (uint32_t)image.base;
	out->dtb = (uint32_t)dtb.base;
	INFO("guest DTB at 0x%llx (%u bytes), bootargs \"%s\"%s", dtb.base, (unsigned)dtb.size,
	     g.bootargs ? g.bootargs : "", initrd.size ? ", with initrd" : "");
}
