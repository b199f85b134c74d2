// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * isolation: in RUN the guest reaches neither belay's region nor GICH
 * (docs/design.md, "Stage-2"). Every CPU at once reads and writes one
 * word in every 4 KiB page of belay's region (the /hypervisor node's reg)
 * and of GICH (the third reg entry of the GIC node, in the GICv2 binding's
 * order GICD, GICC, GICH, GICV); each access must come back as exactly one
 * data abort injected into the guest, with DFAR, DFSR and the resume point
 * right (stage2.c checks the same in detail at four addresses; this is the
 * sweep). The word probed moves around the page with the page number and
 * the CPU.
 *
 * Then, in STUB (Stage-2 off, where the guest can read both), nothing
 * may have changed: an FNV-1a hash of belay's text, rodata and data (the
 * image up to _edata, the end its zImage header gives at offset 0x2c) and
 * GICH's control and list registers, as read on every CPU before the sweep.
 */
#include "abi_common.h"
#include "atomic.h"
#include "smp.h"
#include "timer.h"

#define PAGE		4096u
#define WRITE_MAGIC	0xdead0000u	/* | page number, what the sweep writes */

/* GICH registers (IHI 0048B 5.3) a stray write could change. */
static const uint32_t gich_regs[] = {
	0x000,	/* GICH_HCR */
	0x008,	/* GICH_VMCR */
	0x0f0,	/* GICH_APR */
	0x100, 0x104, 0x108, 0x10c,	/* GICH_LR0-3 */
};

struct region {
	const char *name;
	uint32_t base, size;
};
static struct region regions[2];

struct sweep {
	uint32_t pages, aborts, bad;
	uint32_t first_bad_addr;
	const char *first_bad_what;
};
static struct sweep sweeps[SMP_MAX_CPUS];
static uint32_t gich_before[SMP_MAX_CPUS][ARRAY_SIZE(gich_regs)];
static uint32_t gich_after[SMP_MAX_CPUS][ARRAY_SIZE(gich_regs)];
static unsigned int nr_cpus;

/* GICH from the GIC node's reg, in the root's cells (gic.c reads the
 * first two entries the same way). */
static bool find_gich(uint32_t *base, uint32_t *size)
{
	const void *fdt = rt.fdt;
	int depth = 0, node = fdt_root(fdt);

	while (node >= 0 && (node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (!fdt_prop_has_string(fdt, node, "compatible", "arm,cortex-a15-gic") &&
		    !fdt_prop_has_string(fdt, node, "compatible", "arm,gic-400"))
			continue;
		int len, cells = (int)(rt.addr_cells + rt.size_cells);
		const uint8_t *reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 3 * cells * 4)
			return false;
		*base = (uint32_t)fdt_read_cells(reg + 2 * cells * 4, (int)rt.addr_cells);
		*size = (uint32_t)fdt_read_cells(reg + 2 * cells * 4 + 4 * rt.addr_cells,
						 (int)rt.size_cells);
		return true;
	}
	return false;
}

static uint32_t fnv1a(uint32_t base, uint32_t len)
{
	uint32_t h = 2166136261u;

	for (uint32_t a = base; a < base + len; a += 4) {
		h ^= *(volatile uint32_t *)a;
		h *= 16777619u;
	}
	return h;
}

static void note_bad(struct sweep *s, uint32_t addr, const char *what)
{
	if (!s->bad++) {
		s->first_bad_addr = addr;
		s->first_bad_what = what;
	}
}

/* One access that must abort, checked quietly into s. */
static void probe(struct sweep *s, uint32_t addr, bool write, uint32_t val)
{
	struct rt_fault f = { 0 };
	uint32_t v = 0;

	rt_expect_fault(&f);
	if (write)
		probe_write32(addr, val);
	else
		v = probe_read32(addr);
	rt_expect_none();

	if (f.count != 1 || f.type != EXC_DABT) {
		note_bad(s, addr, f.count ? "not exactly one data abort" : "no abort");
		return;
	}
	s->aborts++;
	uint32_t insn = (uint32_t)(uintptr_t)(write ? probe_write32_insn : probe_read32_insn);
	if (f.dfar != addr)
		note_bad(s, addr, "DFAR is not the address");
	else if (!fsr_is_sync_external(f.dfsr))
		note_bad(s, addr, "DFSR is not a synchronous external abort");
	else if (!!(f.dfsr & FSR_WNR) != write)
		note_bad(s, addr, "DFSR.WnR wrong");
	else if (f.mode != PSR_MODE_ABT || (f.spsr & PSR_MODE_MASK) != PSR_MODE_SVC)
		note_bad(s, addr, "not taken in abort mode from SVC");
	else if (f.pc != insn)
		note_bad(s, addr, "not at the faulting instruction");
	else if (!write && v != PROBE_SENTINEL)
		note_bad(s, addr, "the load returned data");
}

static uint32_t fn_sweep(uint32_t arg)
{
	unsigned int cpu = smp_this_cpu();
	struct sweep *s = &sweeps[cpu];

	(void)arg;
	*s = (struct sweep){ 0 };
	for (unsigned int i = 0; i < ARRAY_SIZE(regions); i++) {
		const struct region *r = &regions[i];
		for (uint32_t off = 0; off < r->size; off += PAGE) {
			uint32_t page = off / PAGE;
			uint32_t addr = r->base + off + ((page * 0x9e4 + cpu * 0x40) & (PAGE - 4));
			probe(s, addr, false, 0);
			probe(s, addr, true, WRITE_MAGIC | page);
			s->pages++;
		}
	}
	return 0;
}

static void read_gich(uint32_t *out)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(gich_regs); i++)
		out[i] = *(volatile uint32_t *)(regions[1].base + gich_regs[i]);
}

/* In STUB on this CPU, read its banked GICH registers into gich_before
 * (arg 0) or gich_after (arg 1), then back to RUN. */
static uint32_t fn_read_gich(uint32_t after)
{
	unsigned int cpu = smp_this_cpu();
	struct checker q = { .quiet = true };

	abi_to_stub(&q);
	read_gich(after ? gich_after[cpu] : gich_before[cpu]);
	abi_to_run(&q);
	return q.fails;
}

static uint32_t on_cpu(unsigned int cpu, smp_fn_t fn, uint32_t arg)
{
	return cpu ? smp_call(cpu, fn, arg) : fn(arg);
}

/* belay's image as its zImage header describes it, hashed in STUB. */
static uint32_t hash_belay(uint32_t *len)
{
	struct checker q = { .quiet = true };
	uint32_t base = (uint32_t)rt.belay_base, h = 0;

	abi_to_stub(&q);
	uint32_t magic = *(volatile uint32_t *)(base + 0x24);
	/* The end is _edata's address: linked at 0, relocated with the rest
	 * of belay when it moved home. */
	*len = *(volatile uint32_t *)(base + 0x2c);
	if (*len >= base)
		*len -= base;
	if (magic == 0x016f2818 && *len > 0x30 && *len <= rt.belay_size)
		h = fnv1a(base, *len & ~3u);
	else
		*len = 0;
	abi_to_run(&q);
	if (q.fails)
		test_abort("RESET_VECTORS/LAUNCH failed around the hash");
	return h;
}

int main(void)
{
	nr_cpus = smp_init();
	smp_require_cpus(2);
	if (rt.native)
		test_skip_all("belay's Stage-2 (native runs have only the mock)");
	abi_init();
	regions[0] = (struct region){ "belay's region", (uint32_t)rt.belay_base,
				      (uint32_t)rt.belay_size };
	regions[1].name = "GICH";
	if (!find_gich(&regions[1].base, &regions[1].size))
		test_missing("the GIC node's third reg entry (GICH)");
	report_info("%s %08x+%x, %s %08x+%x", regions[0].name, regions[0].base, regions[0].size,
		    regions[1].name, regions[1].base, regions[1].size);
	uint32_t free0 = hvc_call4(BELAY_MEM_INFO, 0, 0, 0).r0;

	for (unsigned int k = 1; k < nr_cpus; k++)
		if (smp_boot_cpu(k, k) != PSCI_SUCCESS)
			test_abort("CPU %u does not start", k);

	uint32_t len0, len1;
	uint32_t h0 = hash_belay(&len0);
	if (!report(len0 != 0, "belay's zImage header gives its image's end (%x bytes)", len0))
		return 0;
	report_info("FNV-1a of belay's text, rodata and data %08x+%x: %08x", regions[0].base, len0,
		    h0);
	for (unsigned int k = 0; k < nr_cpus; k++)
		if (on_cpu(k, fn_read_gich, 0))
			test_abort("CPU %u: RESET_VECTORS/LAUNCH failed around GICH", k);

	/* Every CPU sweeps at once. */
	uint64_t t0 = read_cntpct();
	for (unsigned int k = 1; k < nr_cpus; k++)
		smp_call_async(k, fn_sweep, 0);
	fn_sweep(0);
	for (unsigned int k = 1; k < nr_cpus; k++)
		if (!smp_call_wait(k, NULL))
			test_abort("CPU %u does not finish its sweep", k);
	uint32_t ms = timer_ms_since(t0), pages = 0, aborts = 0;

	for (unsigned int k = 0; k < nr_cpus; k++) {
		const struct sweep *s = &sweeps[k];
		pages += s->pages;
		aborts += s->aborts;
		if (!report(s->bad == 0 && s->aborts == 2 * s->pages,
			    "CPU %u: a read and a write of each of %u pages aborted in the guest "
			    "(%u aborts, %u wrong)", k, s->pages, s->aborts, s->bad))
			report_info("CPU %u: first wrong at %08x: %s", k, s->first_bad_addr,
				    s->first_bad_what ? s->first_bad_what : "?");
	}
	printf("isolation: %u pages (%s %u, %s %u) read and written from each of %u CPUs: "
	       "%u accesses, %u aborts, in %u ms\n", sweeps[0].pages, regions[0].name,
	       regions[0].size / PAGE, regions[1].name, regions[1].size / PAGE, nr_cpus,
	       2 * pages, aborts, ms);

	for (unsigned int k = 0; k < nr_cpus; k++) {
		uint32_t st = on_cpu(k, fn_read_gich, 1);
		report(st == 0 && !memcmp(gich_before[k], gich_after[k], sizeof(gich_before[k])),
		       "CPU %u: GICH_HCR, VMCR, APR and LR0-3 unchanged (HCR %08x, VMCR %08x)", k,
		       gich_after[k][0], gich_after[k][1]);
	}
	uint32_t h1 = hash_belay(&len1);
	report(h1 == h0 && len1 == len0, "belay's text, rodata and data unchanged (FNV-1a %08x)", h1);
	uint32_t free1 = hvc_call4(BELAY_MEM_INFO, 0, 0, 0).r0;
	report(free1 == free0, "BELAY_MEM_INFO: %u pages free, as before (%u)", free1, free0);
	struct checker c = { .quiet = true };
	abi_check_common(&c, BELAY_STATE_RUN, true);
	report(c.fails == 0, "CPU 0: belay still answers the ABI (%u checks, %u failed)", c.checks,
	       c.fails);
	return 0;
}
