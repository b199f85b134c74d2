// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * gic_timer: interrupts and timers on two CPUs, natively and under belay.
 * belay passes the GIC through or virtualises it (docs/design.md,
 * "Interrupts"; gic-timer-vgic and gic-timer-passthrough choose), and gives each CPU's generic timer to the guest with
 * CNTVOFF = 0 and PL1 access to the physical counter and timer (docs/design.md,
 * "Stage-2"). So: SGIs between the CPUs arrive, with the right sender, through
 * the guest's own IRQ vector; each CPU's virtual timer (CNTV) and physical
 * timer (CNTP) fire on that CPU only, no earlier than programmed; and the
 * virtual count equals the physical count on each CPU.
 */
#include "atomic.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

#define SGI_PING	3	/* CPU 0 -> CPU 1 */
#define SGI_PONG	4	/* CPU 1 -> CPU 0 */
#define SGI_SELF	5
#define SGI_OTHERS	6
#define COUNTER_SAMPLES	100
#define TIMER_US	1000
/* How long to wait for an interrupt that must not come. */
#define QUIET_MS	5

enum { VIRT, PHYS };

/* What the IRQ handlers saw, per CPU. */
struct irq_log {
	volatile uint32_t sgi_iar[GIC_NR_SGI];	/* last IAR of each SGI */
	volatile uint32_t sgi_count[GIC_NR_SGI];
	volatile uint32_t timer_count[2];
	volatile uint64_t timer_count_at[2];	/* the timer's counter in the handler */
	volatile uint32_t timer_ctl[2];		/* its CTL there */
};
static struct irq_log logs[SMP_MAX_CPUS];
static uint32_t timer_id[2];
static const char *const timer_name[2] = { "virtual", "physical" };

static void on_sgi(uint32_t iar)
{
	struct irq_log *l = &logs[smp_this_cpu()];
	uint32_t id = GIC_IAR_ID(iar);

	l->sgi_iar[id] = iar;
	atomic_inc(&l->sgi_count[id]);
}

/* A timer's interrupt is level-triggered: mask it at the timer before the
 * EOI, or it fires again at once. */
static void on_timer(unsigned int which)
{
	struct irq_log *l = &logs[smp_this_cpu()];

	if (which == VIRT) {
		l->timer_count_at[which] = read_cntvct();
		l->timer_ctl[which] = read_sysreg(CNTV_CTL);
		write_sysreg(CNT_CTL_ENABLE | CNT_CTL_IMASK, CNTV_CTL);
	} else {
		l->timer_count_at[which] = read_cntpct();
		l->timer_ctl[which] = read_sysreg(CNTP_CTL);
		write_sysreg(CNT_CTL_ENABLE | CNT_CTL_IMASK, CNTP_CTL);
	}
	isb();
	atomic_inc(&l->timer_count[which]);
}

static void on_vtimer(uint32_t iar)
{
	(void)iar;
	on_timer(VIRT);
}

static void on_ptimer(uint32_t iar)
{
	(void)iar;
	on_timer(PHYS);
}

/*
 * Take IRQs until *count reaches want, for at most ms. IRQs are unmasked
 * only here; WFE wakes for an unmasked IRQ, and QEMU treats it as a yield.
 */
static bool take_irqs_until(const volatile uint32_t *count, uint32_t want, uint32_t ms)
{
	uint64_t deadline = timer_deadline_ms(ms);
	bool ok;

	__asm__ volatile("cpsie i" : : : "memory");
	while (!(ok = atomic_read(count) >= want) && !timer_expired(deadline))
		wfe();
	__asm__ volatile("cpsid i" : : : "memory");
	return ok;
}

/* ---- Counters ---- */

/* On this CPU: CNTPCT <= CNTVCT <= CNTPCT read around it, every time.
 * Returns the number of samples that were not. */
static uint32_t fn_counters(uint32_t arg)
{
	uint32_t bad = 0;

	(void)arg;
	for (int i = 0; i < COUNTER_SAMPLES; i++) {
		uint64_t p0 = read_cntpct();
		uint64_t v = read_cntvct();
		uint64_t p1 = read_cntpct();

		if (v < p0 || v > p1)
			bad++;
	}
	return bad;
}

static void test_counters(unsigned int cpu)
{
	uint32_t bad = cpu ? smp_call(cpu, fn_counters, 0) : fn_counters(0);

	report(bad == 0, "CPU %u: CNTVCT lies between two CNTPCT reads, %d of %d times "
	       "(CNTVOFF = 0)", cpu, COUNTER_SAMPLES - bad, COUNTER_SAMPLES);
}

/* ---- Timers ---- */

/*
 * On this CPU: program timer `which` TIMER_US ahead, take its interrupt.
 * Returns 0, or a bit per failed expectation (see test_timer()).
 */
#define T_NO_IRQ	(1u << 0)
#define T_EARLY		(1u << 1)
#define T_NOT_PENDING	(1u << 2)
#define T_MORE		(1u << 3)
static uint32_t fn_timer(uint32_t which)
{
	struct irq_log *l = &logs[smp_this_cpu()];
	uint32_t before = l->timer_count[which], ticks = (uint32_t)timer_ticks_us(TIMER_US);
	uint64_t cval;
	uint32_t fails = 0;

	gic_irq_enable(timer_id[which], GIC_PRIO_DEFAULT);
	if (which == VIRT) {
		cval = read_cntvct() + ticks;
		write_sysreg64(cval, CNTV_CVAL);
		write_sysreg(CNT_CTL_ENABLE, CNTV_CTL);
	} else {
		cval = read_cntpct() + ticks;
		write_sysreg64(cval, CNTP_CVAL);
		write_sysreg(CNT_CTL_ENABLE, CNTP_CTL);
	}
	isb();
	if (!take_irqs_until(&l->timer_count[which], before + 1, SMP_TIMEOUT_MS))
		fails |= T_NO_IRQ;
	else if (l->timer_count_at[which] < cval)
		fails |= T_EARLY;
	else if (!(l->timer_ctl[which] & CNT_CTL_ISTATUS))
		fails |= T_NOT_PENDING;
	/* Masked at the timer in the handler: no second interrupt. */
	if (take_irqs_until(&l->timer_count[which], before + 2, QUIET_MS))
		fails |= T_MORE;
	if (which == VIRT)
		write_sysreg(0, CNTV_CTL);
	else
		write_sysreg(0, CNTP_CTL);
	gic_irq_disable(timer_id[which]);
	return fails;
}

static void test_timer(unsigned int cpu, unsigned int which)
{
	unsigned int other = !cpu;
	uint32_t other_before = logs[other].timer_count[which];
	uint32_t f = cpu ? smp_call(cpu, fn_timer, which) : fn_timer(which);

	report(!(f & T_NO_IRQ), "CPU %u: its %s timer (ID %u) interrupts it", cpu,
	       timer_name[which], timer_id[which]);
	report(!(f & (T_EARLY | T_NOT_PENDING)),
	       "CPU %u: not before the compare value, with ISTATUS set", cpu);
	report(!(f & T_MORE), "CPU %u: once: masking the timer (IMASK) quietens the level", cpu);
	report(logs[other].timer_count[which] == other_before,
	       "CPU %u: the interrupt went to CPU %u alone (CPU %u took none)", cpu, cpu, other);
}

/* ---- SGIs ---- */

static volatile uint32_t ready;

/* On CPU 1: take SGI id from CPU 0. Returns its IAR (1023 if none). */
static uint32_t fn_take_sgi(uint32_t id)
{
	struct irq_log *l = &logs[smp_this_cpu()];
	uint32_t before = l->sgi_count[id];

	gic_irq_enable(id, GIC_PRIO_DEFAULT);
	atomic_write(&ready, 1);
	sev();
	return take_irqs_until(&l->sgi_count[id], before + 1, SMP_TIMEOUT_MS) ?
	       l->sgi_iar[id] : GIC_SPURIOUS;
}

/* On CPU 1: send SGI id to CPU 0. */
static uint32_t fn_send_sgi(uint32_t id)
{
	gic_send_sgi(GICD_SGIR_FILTER_LIST, smp_cpus[0].gic_target, id);
	return 0;
}

/* On any CPU: an SGI to itself by the SELF filter. */
static uint32_t fn_self_sgi(uint32_t id)
{
	struct irq_log *l = &logs[smp_this_cpu()];
	uint32_t before = l->sgi_count[id];

	gic_irq_enable(id, GIC_PRIO_DEFAULT);
	gic_send_sgi(GICD_SGIR_FILTER_SELF, 0, id);
	return take_irqs_until(&l->sgi_count[id], before + 1, SMP_TIMEOUT_MS) ?
	       l->sgi_iar[id] : GIC_SPURIOUS;
}

static void test_sgis(void)
{
	uint32_t iar;

	report_prefix_push("sgi");
	report(smp_cpus[0].gic_target != smp_cpus[1].gic_target &&
	       smp_cpus[0].gic_target && smp_cpus[1].gic_target,
	       "each CPU reads its own bit from GICD_ITARGETSR0 (%02x, %02x)",
	       smp_cpus[0].gic_target, smp_cpus[1].gic_target);

	/* CPU 0 -> CPU 1. */
	ready = 0;
	smp_call_async(1, fn_take_sgi, SGI_PING);
	smp_wait_flag(&ready, 1);
	gic_send_sgi(GICD_SGIR_FILTER_LIST, smp_cpus[1].gic_target, SGI_PING);
	if (!smp_call_wait(1, &iar))
		test_abort("CPU 1 is stuck waiting for an SGI");
	report(GIC_IAR_ID(iar) == SGI_PING && GIC_IAR_SGI_CPU(iar) == 0,
	       "CPU 0 -> CPU 1: SGI %u arrives, from CPU 0 (IAR %x)", SGI_PING, iar);

	/* CPU 1 -> CPU 0. */
	struct irq_log *l = &logs[0];
	uint32_t before = l->sgi_count[SGI_PONG];
	gic_irq_enable(SGI_PONG, GIC_PRIO_DEFAULT);
	smp_call(1, fn_send_sgi, SGI_PONG);
	bool got = take_irqs_until(&l->sgi_count[SGI_PONG], before + 1, SMP_TIMEOUT_MS);
	iar = l->sgi_iar[SGI_PONG];
	report(got && GIC_IAR_ID(iar) == SGI_PONG && GIC_IAR_SGI_CPU(iar) == 1,
	       "CPU 1 -> CPU 0: SGI %u arrives, from CPU 1 (IAR %x)", SGI_PONG, iar);

	/* The other target filters. */
	for (unsigned int cpu = 0; cpu < 2; cpu++) {
		iar = cpu ? smp_call(cpu, fn_self_sgi, SGI_SELF) : fn_self_sgi(SGI_SELF);
		report(GIC_IAR_ID(iar) == SGI_SELF && GIC_IAR_SGI_CPU(iar) == cpu,
		       "CPU %u: SGI %u to itself (filter SELF) arrives (IAR %x)", cpu, SGI_SELF, iar);
	}
	uint32_t before0 = logs[0].sgi_count[SGI_OTHERS];
	ready = 0;
	smp_call_async(1, fn_take_sgi, SGI_OTHERS);
	smp_wait_flag(&ready, 1);
	gic_irq_enable(SGI_OTHERS, GIC_PRIO_DEFAULT);
	gic_send_sgi(GICD_SGIR_FILTER_OTHERS, 0, SGI_OTHERS);
	if (!smp_call_wait(1, &iar))
		test_abort("CPU 1 is stuck waiting for an SGI");
	report(GIC_IAR_ID(iar) == SGI_OTHERS && GIC_IAR_SGI_CPU(iar) == 0,
	       "CPU 0 -> all others (filter OTHERS): CPU 1 gets SGI %u (IAR %x)", SGI_OTHERS, iar);
	/* It must not come: wait a little for it anyway. */
	take_irqs_until(&logs[0].sgi_count[SGI_OTHERS], before0 + 1, QUIET_MS);
	report(logs[0].sgi_count[SGI_OTHERS] == before0, "... and CPU 0, the sender, does not");
	report_prefix_pop();
}

int main(void)
{
	smp_init();
	smp_require_cpus(2);
	if (!gic.dist)
		test_missing("GICv2 in the device tree");
	timer_id[VIRT] = timer_irq_id(rt.fdt, TIMER_PPI_VIRT);
	timer_id[PHYS] = timer_irq_id(rt.fdt, TIMER_PPI_PHYS);
	report_info("%s; timer IDs: virtual %u, physical %u; CNTFRQ %u Hz",
		    rt.native ? "native" : "under belay", timer_id[VIRT], timer_id[PHYS],
		    read_sysreg(CNTFRQ));
	for (uint32_t id = 0; id < GIC_NR_SGI; id++)
		if (id != SMP_DOORBELL_SGI)
			gic_set_handler(id, on_sgi);
	gic_set_handler(timer_id[VIRT], on_vtimer);
	gic_set_handler(timer_id[PHYS], on_ptimer);

	if (smp_boot_cpu(1, 0) != PSCI_SUCCESS)
		test_abort("CPU 1 does not start");

	test_sgis();
	report_prefix_push("counter");
	for (unsigned int cpu = 0; cpu < 2; cpu++)
		test_counters(cpu);
	report_prefix_pop();
	report_prefix_push("timer");
	for (unsigned int which = VIRT; which <= PHYS; which++)
		for (unsigned int cpu = 0; cpu < 2; cpu++)
			test_timer(cpu, which);
	report_prefix_pop();
	report(gic_stray_irqs == 0, "no interrupt without a handler (%u)", gic_stray_irqs);
	return 0;
}
