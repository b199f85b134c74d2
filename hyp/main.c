/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The boot CPU's path from boot/head.S to the guest (docs/boot.md):
 * boot_choose_home() runs where the loader put belay, before any bss
 * exists; belay_main() runs at home.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <drivers/psci_fw.h>
#include <hyp/cache.h>
#include <hyp/format.h>
#include <hyp/capture.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/vgic.h>

struct hyp_globals hyp;

/*
 * The boot DTB as boot_choose_home() read it. Boot data, not bss: it is
 * written before belay has any bss and travels home with the image, so
 * belay_main() need not parse the DTB a second time.
 */
static struct platform boot_platform BOOT_DATA;

static const char *mode_name(uint32_t mode)
{
	switch (mode) {
	case PSR_MODE_USR: return "USR";
	case PSR_MODE_FIQ: return "FIQ";
	case PSR_MODE_IRQ: return "IRQ";
	case PSR_MODE_SVC: return "SVC";
	case PSR_MODE_ABT: return "ABT";
	case PSR_MODE_UND: return "UND";
	case 0x16: return "MON";
	case 0x1f: return "SYS";
	default: return "unknown";
	}
}

/*
 * Find the console and the PSCI conduit early, so that even a failed boot
 * can say why and power off. Runs with the early stack; uses no bss.
 */
static int early_platform(const void *dtb, struct platform *p, const char **why, bool in_hyp)
{
	int err = fdt_parse_platform(dtb, p, why);

	if (p->uart.kind != UART_NONE)
		console_init(&p->uart);
	if (p->psci == PSCI_CONDUIT_SMC)
		psci_fw_init(PSCI_FW_SMC);
	else if (p->psci == PSCI_CONDUIT_HVC && !in_hyp)
		psci_fw_init(PSCI_FW_HVC);	/* an `hvc` from HYP would be our own */
	else
		psci_fw_init(PSCI_FW_NONE);
	return err;
}

/* boot/head.S: entered in a mode other than HYP. Does not return. */
void boot_wrong_mode(const void *dtb, uint32_t mode)
{
	const char *why = "";

	/* boot_platform, not a local: struct platform is larger than the
	 * early stack. */
	early_platform(dtb, &boot_platform, &why, false);
	ERROR("entered in %s mode, not HYP (QEMU: -M virt,virtualization=on; U-Boot: bootz from HYP)",
	      mode_name(mode));
	fatal("cannot run without the Virtualization Extensions' HYP mode");
}

static const char *boot_item_name(const struct boot_item *it, char *buf, size_t len)
{
	switch (it->kind) {
	case BOOT_ITEM_IMAGE:
		return "belay image";
	case BOOT_ITEM_DTB:
		return "DTB";
	case BOOT_ITEM_INITRD:
		return "linux,initrd";
	case BOOT_ITEM_MODULE:
	default:
		snprintf_lite(buf, len, "module@%llx", it->where.base);
		return buf;
	}
}

/*
 * Stop if the boot loader placed two things over each other (one of them
 * is damaged then), before belay copies or moves anything. QEMU loads
 * belay.bin at 0x40010000 over a module placed there; unchecked, belay
 * would take its own image for the guest kernel.
 */
static void check_boot_overlaps(const struct platform *p, uintptr_t load)
{
	/* The loaded image and the boot data written just past it. */
	struct range image = { load, (uintptr_t)_eearly - (uintptr_t)_start };
	struct boot_item item, other;
	char item_buf[32], other_buf[32];

	if (find_boot_overlap(p, image, &item, &other) == 0)
		return;
	fatal("%s [0x%llx, 0x%llx) overlaps %s [0x%llx, 0x%llx): place them apart",
	      boot_item_name(&item, item_buf, sizeof(item_buf)),
	      item.where.base, item.where.base + item.where.size,
	      boot_item_name(&other, other_buf, sizeof(other_buf)),
	      other.where.base, other.where.base + other.where.size);
}

/*
 * boot/head.S: where should belay live? Returns the base of a free 2 MiB
 * region at the top of RAM, clear of the DTB, the modules, the initrd and
 * the image we are running from.
 */
uintptr_t boot_choose_home(const void *dtb, uintptr_t load)
{
	struct platform *p = &boot_platform;
	struct range avoid[MAX_MODULES + 3];
	unsigned int n = 0;
	const char *why = "";
	paddr_t home;

	if (early_platform(dtb, p, &why, true))
		fatal("the boot DTB at %p is unusable: %s", dtb, why);
	check_boot_overlaps(p, load);
	avoid[n++] = p->dtb;
	avoid[n++] = (struct range){ load, (uintptr_t)_end - (uintptr_t)_start };
	if (p->initrd.size)
		avoid[n++] = p->initrd;
	for (unsigned int i = 0; i < p->nr_modules; i++)
		avoid[n++] = p->modules[i].where;
	if (place_belay(p, BELAY_REGION_SIZE, avoid, n, &home))
		fatal("no room for belay's 2 MiB region in RAM below 4 GiB (clear of the DTB and modules)");
	return (uintptr_t)home;
}

/* CPUs the guest turns off wait in belay's hold (hyp/cpu_hold.c). */
static bool cpu_off_held;

static void show_platform(void)
{
	const struct platform *p = &hyp.plat;

	NOTICE("belay " BELAY_VERSION " (ABI %u.%u): home 0x%llx-0x%llx",
	       BELAY_REVISION_MAJOR, BELAY_REVISION_MINOR, hyp.home.base, hyp.home.base + hyp.home.size);
	for (unsigned int i = 0; i < hyp.nr_guest_ram; i++)
		INFO("guest RAM 0x%llx-0x%llx", hyp.guest_ram[i].base,
		     hyp.guest_ram[i].base + hyp.guest_ram[i].size);
	INFO("%u CPU(s), PSCI %s, GIC %s%s%s", p->nr_cpus,
	     p->psci == PSCI_CONDUIT_SMC ? "smc" : p->psci == PSCI_CONDUIT_HVC ? "hvc (unusable from HYP)" : "none",
	     p->gicd.size ? "v2" : "none",
	     !p->gicd.size ? "" : gic_option == GIC_MODE_VGIC ? " (belay.gic=vgic)" : " (passed through)",
	     cpu_off_held ? "; firmware PSCI has no AFFINITY_INFO: CPU_OFF waits in belay" : "");
}

/*
 * Logical CPU numbers: 0 is the boot CPU, the others follow in DTB order.
 * They index percpu[] and are what belay's CPU_ON passes to its secondary
 * entry. Every CPU must have an entry in hyp_cpu_table, which is how its
 * vectors find its block (include/hyp/cpu.h); a DTB CPU without one
 * stays off, and the guest's CPU_ON of it gets INVALID_PARAMETERS.
 */
static bool cpu_numbered(uint32_t mpidr)
{
	for (unsigned int i = 0; i < hyp.nr_cpus; i++)
		if (hyp.cpu_mpidr[i] == mpidr)
			return true;
	return false;
}

/* Each said in two lines. */
static const char aff_unusable[] = "Aff2 != 0, Aff1 > 3 or Aff0 > 15";
static const char no_smc_psci[] = "no PSCI firmware with the smc conduit";

static void number_cpus(void)
{
	uint32_t boot = read_sysreg(MPIDR) & MPIDR_AFF_MASK;
	const struct platform *p = &hyp.plat;

	if (!cpu_table_fits(boot))
		fatal("the boot CPU's MPIDR %08x has %s: belay cannot run on it",
		      (unsigned)read_sysreg(MPIDR), aff_unusable);
	hyp.cpu_mpidr[0] = boot;
	hyp.nr_cpus = 1;
	for (unsigned int i = 0; i < p->nr_cpus && hyp.nr_cpus < MAX_CPUS; i++) {
		uint32_t mpidr = p->cpu_mpidr[i];

		if (cpu_numbered(mpidr))
			continue;	/* the boot CPU, or listed twice */
		if (!cpu_table_fits(mpidr)) {
			WARN("CPU with MPIDR %08x: %s, belay cannot run it; it stays off",
			     (unsigned)mpidr, aff_unusable);
			continue;
		}
		hyp.cpu_mpidr[hyp.nr_cpus++] = mpidr;
	}
	cpu_tables_init();
	if (hyp.nr_cpus > 1 && p->psci != PSCI_CONDUIT_SMC)
		WARN("%u CPUs but %s: only the boot CPU can run", hyp.nr_cpus, no_smc_psci);
	cpu_off_held = psci_init();
}

/*
 * Stage-2 covers a 40-bit IPA space (LPAE's physical address size): a
 * DTB that puts RAM or the GIC's hypervisor interface past it describes
 * something belay cannot map or keep from the guest.
 */
static void check_pa_space(void)
{
	const struct platform *p = &hyp.plat;
	const uint64_t limit = 1ull << 40;

	for (unsigned int i = 0; i < p->nr_mem; i++)
		if (p->mem[i].base >= limit || p->mem[i].size > limit - p->mem[i].base)
			fatal("memory 0x%llx-0x%llx goes past 40-bit PA space",
			      p->mem[i].base, p->mem[i].base + p->mem[i].size);
	if (p->gich.size && (p->gich.base >= limit || p->gich.size > limit - p->gich.base))
		fatal("the GIC's GICH at 0x%llx goes past 40-bit PA space",
		      p->gich.base);
}

/* boot/head.S, at home: bss zeroed, SP_hyp/HTPIDR = CPU 0's. */
void __attribute__((noreturn)) belay_main(const void *dtb, uintptr_t home)
{
	struct platform *p = &hyp.plat;
	struct guest_boot boot;
	int n;

	/* First, so that the ring holds every line from here on. */
	log_ring_init();
	*p = boot_platform;
	if (p->psci != PSCI_CONDUIT_SMC)
		WARN("%s in the DTB: SYSTEM_OFF will halt instead", no_smc_psci);
	if (p->bootargs.len >= BOOTARGS_MAX)
		WARN("/chosen/bootargs is %u bytes long: belay reads its options from the first %u",
		     (unsigned)p->bootargs.len, BOOTARGS_MAX - 1);
	parse_options(p->bootargs.text);
	hyp.home = (struct range){ home, BELAY_REGION_SIZE };
	n = guest_ram_ranges(p, hyp.home, hyp.guest_ram, MAX_MEM_BANKS + 1);
	if (n <= 0)
		fatal("no guest RAM left around belay's region");
	hyp.nr_guest_ram = (unsigned int)n;
	number_cpus();
	show_platform();

	check_pa_space();
	vgic_setup();
	palloc_init();
	/* With the checks above, neither can fail for want of a valid DTB
	 * (their tables fit belay's pool with room to spare); still, the DTB
	 * shaped them, so stop with a message, not a panic. */
	if ((n = mmu_build()) != 0)
		fatal("cannot build %s page tables (error %d)", "belay's HYP", n);
	if ((n = stage2_build()) != 0)
		fatal("cannot build %s page tables (error %d)", "the Stage-2", n);
	loader_prepare(dtb, &boot);

	/* Everything up to here was written with the caches off; a boot
	 * loader may have left stale lines for these addresses. */
	dcache_inv_range((uintptr_t)_start, (uintptr_t)_end);
	struct cpu *cpu = &percpu[0].cpu;
	cpu_init_percpu(cpu, 0, read_sysreg(MPIDR));
	cpu_launch(cpu);
	watchdog_boot();
	INFO("cpu0: entering the guest at 0x%08x in SVC, DTB at 0x%08x (%u page-table pages free of %u)",
	     (unsigned)boot.entry, (unsigned)boot.dtb, palloc_free_pages(), palloc_total_pages());
	crash_boot();
	guest_enter(boot.entry, PSR_MODE_SVC | PSR_A | PSR_I | PSR_F, 0, 0xffffffff, boot.dtb);
}
