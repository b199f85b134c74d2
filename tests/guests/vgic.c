// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * vgic: the GICv2 a guest drives, natively and under belay's vGIC
 * (belay.gic=vgic, docs/design.md "Interrupts"), on up to 4 CPUs. Most
 * checks poll GICC_IAR with IRQs masked, so they ask the same of the
 * native GIC and of belay's virtual one: SGIs between every pair of CPUs
 * with the right sender; an SPI from a real device (the PL031 RTC's
 * alarm) on the CPU ITARGETSR names; priorities, the priority mask and
 * preemption; the pending and active registers and ICPENDR/ICACTIVER;
 * EOImode = 1 (EOI drops priority, GICC_DIR deactivates). Under the vGIC
 * only: an interrupt left active (and one left pending) across CPU_OFF /
 * CPU_ON and RESET_VECTORS / LAUNCH; belay's own interrupts (SGI 15, the
 * maintenance and HYP timer PPIs) neither visible nor changeable; and
 * belay's HYP timer firing on CPUs that spin with IRQs masked
 * (BELAY_TEST_HYP_TIMER / BELAY_TEST_COUNT).
 */
#include "atomic.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

#define GICD_ISPENDR		0x200
#define GICD_ISACTIVER		0x300
#define GICD_ICACTIVER		0x380
#define GICD_ICFGR		0xc00
#define GICD_IGROUPR		0x080
#define GICC_RPR		0x14
#define GICC_DIR		0x1000
#define GICC_CTLR_EOIMODE	(1u << 9)
#define GIC_IDLE_PRIO		0xff

#define SGI_PAIR	2	/* between CPUs */
#define SGI_LEFT	7	/* left active across a state change */
#define SGI_LOW		8
#define SGI_MID		9
#define SGI_HIGH	10
#define SGI_STATE	11
#define SGI_SPLIT_A	12
#define SGI_SPLIT_B	13
#define BELAY_SGI	15
#define PRIO_LOW	0xa0
#define PRIO_MID	0x40
#define PRIO_HIGH	0x20
#define SETTLE_US	2000	/* for an interrupt to reach the CPU interface */

/* PL031 RTC (ARM DDI 0224). */
#define RTC_DR		0x00
#define RTC_MR		0x04
#define RTC_IMSC	0x10
#define RTC_ICR		0x1c

static bool vgic;		/* under belay with its vGIC */
static uint32_t vtimer_id;
static uintptr_t rtc_base;
static uint32_t rtc_id;

struct irq_log {
	volatile uint32_t count[64];
	volatile uint32_t last_iar[64];
};
static struct irq_log logs[SMP_MAX_CPUS];

static uint32_t dread(uint32_t off) { return *(volatile uint32_t *)(gic.dist + off); }
static void dwrite(uint32_t off, uint32_t v) { *(volatile uint32_t *)(gic.dist + off) = v; dmb(); }
static uint8_t dread8(uint32_t off) { return *(volatile uint8_t *)(gic.dist + off); }
static void dwrite8(uint32_t off, uint8_t v) { *(volatile uint8_t *)(gic.dist + off) = v; dmb(); }
static uint32_t cread(uint32_t off) { return *(volatile uint32_t *)(gic.cpu + off); }
static void cwrite(uint32_t off, uint32_t v) { *(volatile uint32_t *)(gic.cpu + off) = v; dmb(); }
static bool bit(uint32_t v, uint32_t id) { return (v >> (id % 32)) & 1; }
static bool is_pending(uint32_t id) { return bit(dread(GICD_ISPENDR + 4 * (id / 32)), id); }
static bool is_active(uint32_t id) { return bit(dread(GICD_ISACTIVER + 4 * (id / 32)), id); }

static void log_irq(uint32_t iar)
{
	struct irq_log *l = &logs[smp_this_cpu()];
	uint32_t id = GIC_IAR_ID(iar);

	if (id < 64) {
		l->last_iar[id] = iar;
		atomic_inc(&l->count[id]);
	}
}

static void on_rtc(uint32_t iar)
{
	*(volatile uint32_t *)(rtc_base + RTC_ICR) = 1;
	dmb();
	log_irq(iar);
}

/* Poll IAR (IRQs masked) until something other than spurious comes, or us pass. */
static uint32_t ack_within(uint32_t us)
{
	uint64_t deadline = timer_deadline_us(us);
	uint32_t iar;

	do {
		iar = gic_ack();
		if (GIC_IAR_ID(iar) < 1020)
			return iar;
	} while (!timer_expired(deadline));
	return iar;
}

static void vtimer_fire(void)
{
	write_sysreg64(read_cntvct(), CNTV_CVAL);
	write_sysreg(CNT_CTL_ENABLE, CNTV_CTL);
	isb();
}

static void vtimer_quiet(void)
{
	write_sysreg(CNT_CTL_ENABLE | CNT_CTL_IMASK, CNTV_CTL);
	isb();
}

/* ---- SGIs between all CPUs ---- */

static uint32_t fn_send_sgi(uint32_t arg)
{
	gic_send_sgi(GICD_SGIR_FILTER_LIST, smp_cpus[arg >> 8].gic_target, arg & 0xf);
	return 0;
}

static bool wait_count(unsigned int cpu, uint32_t id, uint32_t want, uint32_t ms)
{
	uint64_t deadline = timer_deadline_ms(ms);

	while (atomic_read(&logs[cpu].count[id]) < want && !timer_expired(deadline))
		if (cpu == 0)
			gic_handle_irq();
	return atomic_read(&logs[cpu].count[id]) >= want;
}

static void test_sgi_pairs(void)
{
	unsigned int good = 0, pairs = 0;

	report_prefix_push("sgi");
	for (unsigned int s = 0; s < smp_nr_cpus; s++) {
		for (unsigned int d = 0; d < smp_nr_cpus; d++) {
			if (s == d)
				continue;
			uint32_t before = atomic_read(&logs[d].count[SGI_PAIR]);

			pairs++;
			if (s == 0)
				fn_send_sgi(d << 8 | SGI_PAIR);
			else
				smp_call(s, fn_send_sgi, d << 8 | SGI_PAIR);
			if (wait_count(d, SGI_PAIR, before + 1, 1000) &&
			    GIC_IAR_SGI_CPU(logs[d].last_iar[SGI_PAIR]) == s)
				good++;
			else
				report_info("SGI %u from CPU %u to CPU %u: count %u, IAR %x", SGI_PAIR, s, d,
					    logs[d].count[SGI_PAIR] - before, logs[d].last_iar[SGI_PAIR]);
		}
	}
	report(good == pairs, "SGI %u between every pair of %u CPUs arrives, with its sender (%u of %u)",
	       SGI_PAIR, smp_nr_cpus, good, pairs);
	report_prefix_pop();
}

/* ---- An SPI from a device: the PL031's alarm ---- */

static bool find_rtc(void)
{
	int depth = 0, node = fdt_root(rt.fdt);

	while ((node = fdt_next_node(rt.fdt, node, &depth)) >= 0) {
		int len;
		const uint8_t *reg, *irq;

		if (!fdt_prop_has_string(rt.fdt, node, "compatible", "arm,pl031"))
			continue;
		reg = fdt_getprop(rt.fdt, node, "reg", &len);
		irq = fdt_getprop(rt.fdt, node, "interrupts", &len);
		if (!reg || !irq || len < 12 || fdt_be32(irq) != 0)
			return false;
		rtc_base = (uintptr_t)fdt_read_cells(reg, (int)rt.addr_cells);
		rtc_id = 32 + fdt_be32(irq + 4);
		return true;
	}
	return false;
}

static void test_spi(void)
{
	report_prefix_push("spi");
	if (!find_rtc()) {
		report_skip("no arm,pl031 in the DTB");
		report_prefix_pop();
		return;
	}
	gic_set_handler(rtc_id, on_rtc);
	dwrite8(GICD_IPRIORITYR + rtc_id, PRIO_LOW);
	for (unsigned int cpu = 0; cpu < smp_nr_cpus && cpu < 2; cpu++) {
		uint32_t before = atomic_read(&logs[cpu].count[rtc_id]);
		volatile uint32_t *rtc = (volatile uint32_t *)rtc_base;

		dwrite8(GICD_ITARGETSR + rtc_id, (uint8_t)smp_cpus[cpu].gic_target);
		dwrite(GICD_ISENABLER + 4 * (rtc_id / 32), 1u << (rtc_id % 32));
		rtc[RTC_IMSC / 4] = 1;
		rtc[RTC_MR / 4] = rtc[RTC_DR / 4] + 1;
		dmb();
		report(wait_count(cpu, rtc_id, before + 1, 3000),
		       "the PL031 alarm (SPI %u) interrupts CPU %u, the one ITARGETSR names", rtc_id, cpu);
		rtc[RTC_IMSC / 4] = 0;
		dmb();
		dwrite(GICD_ICENABLER + 4 * (rtc_id / 32), 1u << (rtc_id % 32));
	}
	report(atomic_read(&logs[smp_nr_cpus > 1 ? 0 : 1].count[rtc_id]) <= 1,
	       "... and no other CPU took it");
	report_prefix_pop();
}

/* ---- Priorities, the mask, preemption (CPU 0, polling) ---- */

static void send_self(uint32_t id)
{
	gic_send_sgi(GICD_SGIR_FILTER_SELF, 0, id);
}

static void test_priorities(void)
{
	uint32_t a, b, c, d;

	report_prefix_push("priority");
	gic_irq_enable(SGI_LOW, PRIO_LOW);
	gic_irq_enable(SGI_MID, PRIO_MID);
	gic_irq_enable(SGI_HIGH, PRIO_HIGH);
	send_self(SGI_LOW);
	send_self(SGI_MID);
	timer_delay_us(SETTLE_US);
	a = ack_within(SETTLE_US);
	report(GIC_IAR_ID(a) == SGI_MID, "of two pending, the higher priority comes first (IAR %x)", a);
	b = ack_within(SETTLE_US);
	report(GIC_IAR_ID(b) >= 1020, "a lower priority does not preempt the active one (IAR %x)", b);
	send_self(SGI_HIGH);
	c = ack_within(SETTLE_US);
	report(GIC_IAR_ID(c) == SGI_HIGH, "a higher priority preempts it (IAR %x)", c);
	report(cread(GICC_RPR) == PRIO_HIGH, "running priority is the preempting one's (RPR %x)",
	       cread(GICC_RPR));
	gic_eoi(c);
	gic_eoi(a);
	d = ack_within(SETTLE_US);
	report(GIC_IAR_ID(d) == SGI_LOW, "after both EOIs the low one comes (IAR %x)", d);
	gic_eoi(d);
	report(cread(GICC_RPR) == GIC_IDLE_PRIO, "idle again (RPR %x)", cread(GICC_RPR));

	cwrite(GICC_PMR, 0x80);
	send_self(SGI_LOW);
	a = ack_within(SETTLE_US);
	report(GIC_IAR_ID(a) >= 1020, "PMR 0x80 masks priority 0x%x (IAR %x)", PRIO_LOW, a);
	cwrite(GICC_PMR, 0xff);
	a = ack_within(SETTLE_US);
	report(GIC_IAR_ID(a) == SGI_LOW, "PMR 0xff lets it through (IAR %x)", a);
	gic_eoi(a);
	report_prefix_pop();
}

/* ---- More pending than list registers (QEMU has 4) ---- */

static void test_overflow(void)
{
	uint32_t got = 0, n = 0, iar;

	report_prefix_push("overflow");
	for (uint32_t id = 0; id < 12; id++) {
		gic_irq_enable(id, PRIO_LOW);
		send_self(id);
	}
	timer_delay_us(SETTLE_US);
	while (n < 20 && GIC_IAR_ID(iar = ack_within(SETTLE_US)) < 1020) {
		if (GIC_IAR_ID(iar) < 12)
			got |= 1u << GIC_IAR_ID(iar);
		gic_eoi(iar);
		n++;
	}
	report(got == 0xfff && n == 12, "12 SGIs sent at once arrive, each once (%x, %u)", got, n);
	report_prefix_pop();
}

/* ---- Pending and active state ---- */

static void test_pending_active(void)
{
	uint32_t iar, old;

	report_prefix_push("state");
	gic_irq_enable(SGI_STATE, PRIO_LOW);
	send_self(SGI_STATE);
	timer_delay_us(SETTLE_US);
	report(is_pending(SGI_STATE) && !is_active(SGI_STATE), "a sent SGI is pending, not active");
	iar = ack_within(SETTLE_US);
	report(GIC_IAR_ID(iar) == SGI_STATE && !is_pending(SGI_STATE) && is_active(SGI_STATE),
	       "acknowledged: active, not pending (IAR %x)", iar);
	gic_eoi(iar);
	report(!is_pending(SGI_STATE) && !is_active(SGI_STATE), "after EOI: neither");

	gic_irq_enable(vtimer_id, PRIO_LOW);
	vtimer_fire();
	timer_delay_us(SETTLE_US);
	report(is_pending(vtimer_id) && !is_active(vtimer_id), "the virtual timer's PPI %u: pending",
	       vtimer_id);
	iar = ack_within(SETTLE_US);
	vtimer_quiet();
	report(GIC_IAR_ID(iar) == vtimer_id && !is_pending(vtimer_id) && is_active(vtimer_id),
	       "acknowledged and quietened: active, not pending (IAR %x)", iar);
	gic_eoi(iar);
	report(!is_pending(vtimer_id) && !is_active(vtimer_id), "after EOI: neither");

	vtimer_fire();
	timer_delay_us(SETTLE_US);
	vtimer_quiet();
	dwrite(GICD_ICPENDR, 1u << vtimer_id);
	iar = ack_within(SETTLE_US);
	report(!is_pending(vtimer_id) && GIC_IAR_ID(iar) >= 1020,
	       "ICPENDR clears it: not pending, nothing to acknowledge (IAR %x)", iar);

	vtimer_fire();
	old = ack_within(SETTLE_US);
	vtimer_quiet();
	dwrite(GICD_ICACTIVER, 1u << vtimer_id);
	report(GIC_IAR_ID(old) == vtimer_id && !is_active(vtimer_id),
	       "ICACTIVER deactivates an acknowledged one (IAR %x)", old);
	gic_eoi(old);	/* the priority drop is the CPU interface's */
	vtimer_fire();
	iar = ack_within(SETTLE_US);
	vtimer_quiet();
	report(GIC_IAR_ID(iar) == vtimer_id, "... and it can come again (IAR %x)", iar);
	gic_eoi(iar);
	report_prefix_pop();
}

/* ---- EOImode = 1: EOI drops priority, DIR deactivates ---- */

static void test_split_eoi(void)
{
	uint32_t ctlr = cread(GICC_CTLR), a, b;

	report_prefix_push("eoimode");
	cwrite(GICC_CTLR, ctlr | GICC_CTLR_EOIMODE);
	gic_irq_enable(SGI_SPLIT_A, PRIO_LOW);
	gic_irq_enable(SGI_SPLIT_B, PRIO_LOW);
	send_self(SGI_SPLIT_A);
	a = ack_within(SETTLE_US);
	gic_eoi(a);
	send_self(SGI_SPLIT_B);
	b = ack_within(SETTLE_US);
	report(GIC_IAR_ID(a) == SGI_SPLIT_A && GIC_IAR_ID(b) == SGI_SPLIT_B,
	       "after EOI the same priority is taken again (IAR %x, %x)", a, b);
	gic_eoi(b);
	report(is_active(SGI_SPLIT_A) && is_active(SGI_SPLIT_B), "EOI leaves both active");
	cwrite(GICC_DIR, b);
	cwrite(GICC_DIR, a);
	report(!is_active(SGI_SPLIT_A) && !is_active(SGI_SPLIT_B), "GICC_DIR deactivates them");

	vtimer_fire();
	a = ack_within(SETTLE_US);
	vtimer_quiet();
	gic_eoi(a);
	report(GIC_IAR_ID(a) == vtimer_id && is_active(vtimer_id), "the timer PPI: active after EOI");
	cwrite(GICC_DIR, a);
	report(!is_active(vtimer_id), "... inactive after DIR");
	vtimer_fire();
	b = ack_within(SETTLE_US);
	vtimer_quiet();
	report(GIC_IAR_ID(b) == vtimer_id, "... and it comes again (IAR %x)", b);
	gic_eoi(b);
	cwrite(GICC_DIR, b);
	cwrite(GICC_CTLR, ctlr);
	report_prefix_pop();
}

/* ---- State changes (vGIC only) ---- */

/* On the CPU: send SGI_LEFT to itself and acknowledge it, no EOI. Its
 * priority is above the timer's, so it can be taken over an active timer. */
static uint32_t fn_leave_active(uint32_t arg)
{
	gic_irq_enable(SGI_LEFT, PRIO_MID);
	send_self(SGI_LEFT);
	return ack_within(SETTLE_US);
}

/* On the CPU: nothing active, idle priority, and SGI_LEFT comes again.
 * Returns a bit per failed condition. */
static uint32_t fn_check_clean(uint32_t arg)
{
	uint32_t bad = 0, iar;

	if (is_active(SGI_LEFT))
		bad |= 1;
	if (cread(GICC_RPR) != GIC_IDLE_PRIO)
		bad |= 2;
	send_self(SGI_LEFT);
	iar = ack_within(SETTLE_US);
	if (GIC_IAR_ID(iar) != SGI_LEFT)
		bad |= 4;
	else
		gic_eoi(iar);
	return bad;
}

static void test_state_changes(void)
{
	uint32_t iar, iar_t, bad;

	report_prefix_push("state-change");
	if (smp_nr_cpus > 1) {
		iar = smp_call(1, fn_leave_active, 0);
		report(GIC_IAR_ID(iar) == SGI_LEFT, "CPU 1 leaves SGI %u active (IAR %x)", SGI_LEFT, iar);
		report(smp_cpu_off(1) && smp_boot_cpu(1, 0) == PSCI_SUCCESS, "CPU 1: CPU_OFF, CPU_ON");
		bad = smp_call(1, fn_check_clean, 0);
		report(bad == 0, "back on: nothing active, priority idle, the SGI comes again (%x)", bad);
	}

	/* RESET_VECTORS with one SGI and the timer PPI active and another
	 * SGI pending: the native GIC shows none of them active, and the
	 * pending one pending. */
	vtimer_fire();
	iar_t = ack_within(SETTLE_US);
	vtimer_quiet();
	iar = fn_leave_active(0);
	gic_irq_enable(SGI_STATE, PRIO_LOW);
	send_self(SGI_STATE);
	timer_delay_us(SETTLE_US);
	report(GIC_IAR_ID(iar) == SGI_LEFT && GIC_IAR_ID(iar_t) == vtimer_id,
	       "CPU 0: SGI %u and PPI %u active, SGI %u pending", SGI_LEFT, vtimer_id, SGI_STATE);
	report(belay_reset_vectors() == 0 && belay_state() == BELAY_STATE_STUB, "RESET_VECTORS");
	report(!is_active(SGI_LEFT) && !is_active(vtimer_id) && cread(GICC_RPR) == GIC_IDLE_PRIO,
	       "in STUB the GIC has nothing active, priority idle (RPR %x)", cread(GICC_RPR));
	report(is_pending(SGI_STATE), "... SGI %u still pending", SGI_STATE);
	/* GICV keeps five bits of the priority mask (IHI 0048B 5.3.3). */
	report((cread(GICC_CTLR) & 1) && cread(GICC_PMR) >= 0xf8,
	       "... and GICC as the guest set it (CTLR %x, PMR %x)", cread(GICC_CTLR), cread(GICC_PMR));
	iar = ack_within(SETTLE_US);
	report(GIC_IAR_ID(iar) == SGI_STATE && GIC_IAR_SGI_CPU(iar) == 0,
	       "... and taken natively, from CPU 0 (IAR %x)", iar);
	gic_eoi(iar);
	report(belay_launch() == 0 && belay_state() == BELAY_STATE_RUN, "LAUNCH");
	bad = fn_check_clean(0);
	report(bad == 0, "back in RUN: nothing active, priority idle, the SGI comes again (%x)", bad);
	vtimer_fire();
	iar = ack_within(SETTLE_US);
	vtimer_quiet();
	report(GIC_IAR_ID(iar) == vtimer_id, "... and the timer PPI too (IAR %x)", iar);
	gic_eoi(iar);
	report_prefix_pop();
}

/* ---- belay's own interrupts (vGIC only) ---- */

static int32_t hyp_timer(unsigned int cpu, uint32_t us)
{
	return (int32_t)hvc_call4(BELAY_TEST_HYP_TIMER, cpu, us, 0).r0;
}

static uint32_t hyp_fired(unsigned int cpu, uint32_t *calls)
{
	struct res4 r = hvc_call4(BELAY_TEST_COUNT, cpu, 0, 0);

	if (calls)
		*calls = r.r2;
	return r.r1;
}

static volatile uint32_t spinning[SMP_MAX_CPUS];
static volatile uint32_t stop_spin[SMP_MAX_CPUS];

/*
 * Spin with IRQs masked (they are, in the mailbox) until told to stop or
 * arg ms pass. The caller stops the spin once belay's count moved, so a
 * loaded host that keeps a vCPU away for a while cannot end the spin
 * before the HYP timer fired: the bound is only the give-up.
 */
static uint32_t fn_spin_masked(uint32_t ms)
{
	uint64_t end = timer_deadline_ms(ms);
	unsigned int me = smp_this_cpu();
	uint32_t cpsr;

	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	spinning[me] = 1;
	while (!stop_spin[me] && !timer_expired(end))
		;
	spinning[me] = 0;
	return cpsr;
}

/* Wait (at most ms) until belay's HYP-timer count for cpu passes before. */
static uint32_t hyp_fired_after(unsigned int cpu, uint32_t before, uint32_t ms, uint32_t *calls)
{
	uint64_t end = timer_deadline_ms(ms);
	uint32_t now;

	while ((now = hyp_fired(cpu, calls)) == before && !timer_expired(end))
		;
	return now;
}

static void test_own_interrupts(void)
{
	const uint32_t own = (1u << 25) | (1u << 26) | (1u << BELAY_SGI);
	uint32_t iar, f0, calls;
	bool seen = false;

	report_prefix_push("own");
	report((dread(GICD_ISENABLER) & own) == 0, "ISENABLER0 hides belay's SGI 15, PPIs 9, 10 (%x)",
	       dread(GICD_ISENABLER));
	report(dread8(GICD_IPRIORITYR + 26) == 0 && dread8(GICD_IPRIORITYR + BELAY_SGI) == 0,
	       "IPRIORITYR reads 0 for them");
	dwrite(GICD_ICENABLER, own);
	dwrite8(GICD_IPRIORITYR + 26, 0xf0);
	dwrite(GICD_ICFGR + 4, 0xffffffff & (3u << 20));
	dwrite(GICD_IGROUPR, own);
	dwrite(GICD_ISPENDR, own);
	dwrite(GICD_ICACTIVER, own);
	send_self(BELAY_SGI);
	for (int i = 0; i < 20; i++) {
		iar = ack_within(100);
		if (GIC_IAR_ID(iar) < 1020) {
			seen |= (own >> GIC_IAR_ID(iar)) & 1;
			gic_eoi(iar);
		}
	}
	report(!seen, "after the guest disabled, re-prioritised, regrouped and set pending belay's "
	       "interrupts and sent SGI 15 to itself, it never acknowledges one of them");
	report((dread(GICD_ISPENDR) & own) == 0 && dread8(GICD_IPRIORITYR + 26) == 0,
	       "... nor sees them pending, nor its priority");

	/* CPU 0 itself: IRQs are masked here, so the count is polled. */
	f0 = hyp_fired(0, NULL);
	report(hyp_timer(0, 500) == 0, "BELAY_TEST_HYP_TIMER on CPU 0");
	uint32_t f1 = hyp_fired_after(0, f0, 2000, NULL);
	report(f1 == f0 + 1, "belay's HYP timer fired once on CPU 0 spinning with IRQs masked "
	       "(%u -> %u)", f0, f1);
	for (unsigned int cpu = 1; cpu < smp_nr_cpus; cpu++) {
		uint32_t f = hyp_fired(cpu, &calls), c0 = calls, fn;
		bool still;

		stop_spin[cpu] = 0;
		smp_call_async(cpu, fn_spin_masked, 5000);
		while (!atomic_read(&spinning[cpu]))
			;
		report(hyp_timer(cpu, 1000) == 0, "BELAY_TEST_HYP_TIMER for CPU %u, through belay's SGI", cpu);
		fn = hyp_fired_after(cpu, f, 3000, &calls);
		still = spinning[cpu];
		stop_spin[cpu] = 1;
		smp_call_wait(cpu, &iar);
		report(fn == f + 1 && still && calls == c0 + 1 && (iar & (1u << 7)),
		       "CPU %u, spinning with IRQs masked (CPSR %x), ran the call and its HYP timer fired "
		       "(%u -> %u, calls %u -> %u, still spinning %d)", cpu, iar, f, fn, c0, calls, still);
	}
	dwrite(GICD_IGROUPR, 0);

	/* A load with writeback has no instruction syndrome (HSR.ISV = 0):
	 * belay cannot emulate it and injects a data abort. */
	struct rt_fault f = { 0 };
	uintptr_t p = gic.dist + GICD_ISENABLER;
	uint32_t v;

	rt_expect_fault(&f);
	__asm__ volatile("ldr %0, [%1], #4" : "=r"(v), "+r"(p) : : "memory");
	rt_expect_none();
	report(f.count == 1 && f.type == EXC_DABT && fsr_is_sync_external(f.dfsr),
	       "a GICD load with writeback gets a synchronous external abort (%u, %s)", f.count,
	       exc_name(f.type));
	report(belay_state() == BELAY_STATE_RUN, "... and belay goes on");
	report_prefix_pop();
}

int main(void)
{
	smp_init();
	smp_require_cpus(2);
	if (!gic.dist)
		test_missing("GICv2 in the device tree");
	vtimer_id = timer_irq_id(rt.fdt, TIMER_PPI_VIRT);
	vgic = !rt.native && hvc_call4(BELAY_TEST_COUNT, 0, 0, 0).r0 == 0;
	report_info("%s; %u CPUs", rt.native ? "native" : vgic ? "under belay's vGIC" :
		    "under belay, GIC passed through", smp_nr_cpus);
	gic_set_handler(SGI_PAIR, log_irq);
	for (unsigned int cpu = 1; cpu < smp_nr_cpus; cpu++)
		if (smp_boot_cpu(cpu, 0) != PSCI_SUCCESS)
			test_abort("CPU %u does not start", cpu);

	test_sgi_pairs();
	test_spi();
	test_priorities();
	test_overflow();
	test_pending_active();
	test_split_eoi();
	if (vgic) {
		test_state_changes();
		test_own_interrupts();
	} else {
		report_skip("state changes and belay's own interrupts: only under the vGIC");
	}
	report(gic_stray_irqs == 0, "no interrupt without a handler (%u)", gic_stray_irqs);
	return 0;
}
