// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * Secondary CPUs: numbering from the DTB, the C side of their entry, the
 * mailbox they serve, and power on/off helpers (smp.h).
 *
 * A CPU waiting in its mailbox sleeps in WFI with IRQs masked: a pending
 * interrupt wakes WFI even while masked (Arm ARM B1.8.13), so the
 * requester rings the doorbell SGI after posting and the CPU acknowledges
 * it by polling. Sleeping, rather than spinning on WFE, keeps idle vCPUs
 * from eating host CPU time, which the other tests on the machine need.
 * Without a GIC the CPU spins on WFE instead.
 */
#include "atomic.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

struct smp_cpu smp_cpus[SMP_MAX_CPUS];
unsigned int smp_nr_cpus;
static bool doorbell;

/* Written by the entries in smp_entry.S. */
volatile uint64_t smp_entry_stamps[SMP_MAX_CPUS];
volatile uint32_t smp_off_entries[SMP_MAX_CPUS];
volatile uint32_t smp_off_errors[SMP_MAX_CPUS];

static const char *const psci_names[] = {
	"SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED", "ALREADY_ON",
	"ON_PENDING", "INTERNAL_FAILURE", "NOT_PRESENT", "DISABLED", "INVALID_ADDRESS",
};

const char *psci_ret_name(int32_t ret)
{
	if (ret <= 0 && -ret < (int32_t)ARRAY_SIZE(psci_names))
		return psci_names[-ret];
	return "?";
}

static void doorbell_handler(uint32_t iar)
{
	(void)iar;	/* waking the CPU was its whole job */
}

/* The part of the GIC set-up that every CPU of the runtime does. */
static void smp_gic_cpu_init(unsigned int cpu)
{
	if (!doorbell)
		return;
	gic_cpu_enable();
	gic_irq_enable(SMP_DOORBELL_SGI, GIC_PRIO_DEFAULT);
	smp_cpus[cpu].gic_target = gic_cpu_target();
}

unsigned int smp_init(void)
{
	const void *fdt = rt.fdt;
	int depth = 0, cpus, node;

	if (!fdt || (cpus = fdt_subnode(fdt, fdt_root(fdt), "cpus")) < 0)
		test_missing("/cpus in the device tree");
	node = cpus;
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0 && depth >= 1) {
		int len;
		const void *reg;

		if (depth != 1 || strncmp(fdt_node_name(fdt, node), "cpu@", 4))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 4)
			continue;
		uint32_t mpidr = fdt_be32(reg) & 0x00ffffff;
		/* The runtime finds its stacks and mailbox by Aff0. */
		if (mpidr != smp_nr_cpus || smp_nr_cpus >= SMP_MAX_CPUS)
			test_missing("CPUs numbered MPIDR 0, 1, ... up to 8 (the runtime needs them)");
		smp_cpus[smp_nr_cpus++].mpidr = mpidr;
	}
	if (smp_this_cpu() != 0)
		test_missing("entry on the CPU with MPIDR.Aff0 = 0 (main() must run there)");

	if (gic_probe_fdt(fdt)) {
		doorbell = true;
		gic_set_handler(SMP_DOORBELL_SGI, doorbell_handler);
		gic_dist_enable();
		smp_gic_cpu_init(0);
	}
	smp_cpus[0].online = 1;
	report_info("%u CPUs; GIC %s (GICD %08x, GICC %08x)", smp_nr_cpus,
		    doorbell ? "found" : "absent: mailboxes spin", (uint32_t)gic.dist,
		    (uint32_t)gic.cpu);
	return smp_nr_cpus;
}

void smp_require_cpus(unsigned int n)
{
	/* run_qemu.py reads this form: with QEMU -smp N or more it is a
	 * failure, since the DTB then lost CPUs. */
	if (smp_nr_cpus < n) {
		printf("belay-test: skip needs %u CPUs, the DTB lists %u\n", n, smp_nr_cpus);
		psci_system_off();
	}
}

/*
 * Serve the mailbox. Pending interrupts (the doorbell, with IRQs masked)
 * are taken first, so a fresh request starts with the doorbell that
 * announced it usually gone; but the doorbell is sent after the request is
 * posted and may still arrive while the function runs: functions that
 * wait for an interrupt must expect it (its handler does nothing).
 */
static noreturn void mailbox_loop(struct smp_cpu *c)
{
	for (;;) {
		if (doorbell)
			gic_handle_irq();
		uint32_t req = atomic_read(&c->req);

		if (req == c->done) {
			if (doorbell)
				__asm__ volatile("dsb sy\n\twfi" : : : "memory");
			else
				wfe();
			continue;
		}
		c->result = c->fn(c->arg);
		atomic_write(&c->done, req);
		sev();
	}
}

/* smp_entry.S: in SVC, on this CPU's stacks, MMU off, A/I/F masked. */
noreturn void smp_secondary_main(uint32_t context, uint32_t cpsr, uint32_t sctlr,
				 uint32_t thumb)
{
	unsigned int me = smp_this_cpu();
	struct smp_cpu *c = &smp_cpus[me];

	if ((cpsr & PSR_MODE_MASK) == PSR_MODE_HYP)
		mock_cpu_online();
	c->entry_r0 = context;
	c->entry_cpsr = cpsr;
	c->entry_sctlr = sctlr;
	c->entry_thumb = thumb;
	if (c->entry_fault)
		rt_expect_fault(c->entry_fault);
	smp_gic_cpu_init(me);
	/* A request posted for an earlier life of this CPU is void. */
	c->done = c->req;
	atomic_inc(&c->entries);
	atomic_write(&c->online, 1);
	sev();
	mailbox_loop(c);
}

int32_t smp_cpu_on(unsigned int cpu, uint32_t entry, uint32_t context)
{
	atomic_write(&smp_cpus[cpu].online, 0);
	return psci_smc(PSCI_CPU_ON, smp_mpidr(cpu), entry, context);
}

bool smp_wait_flag(const volatile uint32_t *flag, uint32_t value)
{
	uint64_t deadline = timer_deadline_ms(SMP_TIMEOUT_MS);

	while (atomic_read(flag) != value) {
		if (timer_expired(deadline))
			return false;
		wfe();
	}
	return true;
}

bool smp_wait_online(unsigned int cpu, uint32_t entries)
{
	struct smp_cpu *c = &smp_cpus[cpu];
	uint64_t deadline = timer_deadline_ms(SMP_TIMEOUT_MS);

	while (atomic_read(&c->entries) == entries || !atomic_read(&c->online)) {
		if (timer_expired(deadline))
			return false;
		wfe();
	}
	return true;
}

int32_t smp_boot_cpu(unsigned int cpu, uint32_t context)
{
	uint32_t entries = smp_cpus[cpu].entries;
	int32_t ret = smp_cpu_on(cpu, (uintptr_t)smp_entry_arm, context);

	if (ret != PSCI_SUCCESS)
		return ret;
	return smp_wait_online(cpu, entries) ? PSCI_SUCCESS : PSCI_INTERNAL_FAILURE;
}

void smp_call_async(unsigned int cpu, smp_fn_t fn, uint32_t arg)
{
	struct smp_cpu *c = &smp_cpus[cpu];

	c->fn = fn;
	c->arg = arg;
	atomic_write(&c->req, c->req + 1);
	sev();
	if (doorbell)
		gic_send_sgi(GICD_SGIR_FILTER_LIST, c->gic_target, SMP_DOORBELL_SGI);
}

bool smp_call_done(unsigned int cpu)
{
	struct smp_cpu *c = &smp_cpus[cpu];

	return atomic_read(&c->done) == c->req;
}

bool smp_call_wait(unsigned int cpu, uint32_t *result)
{
	struct smp_cpu *c = &smp_cpus[cpu];
	uint64_t deadline = timer_deadline_ms(SMP_TIMEOUT_MS);

	while (!smp_call_done(cpu)) {
		if (timer_expired(deadline))
			return false;
		wfe();
	}
	if (result)
		*result = c->result;
	return true;
}

uint32_t smp_call(unsigned int cpu, smp_fn_t fn, uint32_t arg)
{
	uint32_t result;

	smp_call_async(cpu, fn, arg);
	if (!smp_call_wait(cpu, &result))
		test_abort("CPU %u did not finish a mailbox call within %u ms", cpu,
			   SMP_TIMEOUT_MS);
	return result;
}

uint32_t smp_fn_cpu_off(uint32_t conduit)
{
	struct smp_cpu *c = &smp_cpus[smp_this_cpu()];
	int32_t ret;

	atomic_write(&c->online, 0);
	if (conduit == SMP_OFF_HVC)
		ret = psci_hvc(PSCI_CPU_OFF, 0, 0, 0);
	else
		ret = psci_smc(PSCI_CPU_OFF, 0, 0, 0);
	/* Still here: refused. */
	atomic_write(&c->online, 1);
	return (uint32_t)ret;
}

void smp_cpu_off_async(unsigned int cpu, uint32_t conduit)
{
	smp_call_async(cpu, smp_fn_cpu_off, conduit);
}

int32_t smp_wait_affinity(unsigned int cpu, int32_t want, uint32_t *polls, uint32_t ms)
{
	uint64_t deadline = timer_deadline_ms(ms);
	uint32_t n = 0;
	int32_t r;

	do {
		r = psci_smc(PSCI_AFFINITY_INFO, smp_mpidr(cpu), 0, 0);
		n++;
	} while (r != want && !timer_expired(deadline));
	if (polls)
		*polls = n;
	return r;
}

bool smp_cpu_off(unsigned int cpu)
{
	smp_cpu_off_async(cpu, SMP_OFF_SMC);
	return smp_wait_affinity(cpu, PSCI_AFFINITY_OFF, NULL, SMP_TIMEOUT_MS) ==
	       PSCI_AFFINITY_OFF;
}
