// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * bench_irq: interrupt path lengths, in instructions (docs/testing.md,
 * "Benchmarks"), under QEMU -icount shift=0, natively, under belay's vGIC
 * and with belay passing the GIC through (belay.gic=vgic/passthrough in
 * the bootargs; tests/harness/bench.py runs all three).
 *
 * Timer: CPU 0's physical timer fires; the figure is the instructions
 * from its compare value to the first instruction of the guest's IRQ
 * vector (bench_irq_vec.S reads PMCCNTR there). PMCCNTR (1 GHz) and
 * CNTPCT (a tick every 16 ns) follow one virtual clock, one instruction
 * per ns, and the timer fires when that clock reaches CVAL x 16. So the
 * guest waits for a CNTPCT tick in a 3-instruction loop (mrrc, cmp, beq),
 * reads PMCCNTR 3 instructions after the mrrc that saw the tick, and arms
 * CVAL = that tick + K. Then PMCCNTR at the firing is that read - 3 -
 * (0..2) + 16K: the figure printed assumes 0, so the true one is it to +2.
 * The guest spins on `b .` meanwhile (granularity 1 instruction; the
 * interrupt is taken at the next instruction boundary).
 *
 * IPI: CPU 0 reads PMCCNTR and sends SGI 3 to CPU 1 (waiting in WFI, IRQs
 * unmasked), whose handler (the runtime's C path: vector, rt_exception,
 * gic_handle_irq, ack, EOI) sends SGI 4 back; CPU 0 waits with WFE and
 * reads PMCCNTR in its IRQ vector's first instruction. With 2 CPUs that
 * counts every CPU's instructions in the interval (bench_smp.c), CPU 0's
 * WFE wait included: the round trip as the machine executes it.
 *
 * Each figure: minimum and median of RUNS. Output: "bench: <what> <min>
 * <median> instructions".
 */
#include "atomic.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

#define RUNS		16
#define K_TICKS		8	/* arm the timer this many ticks after the edge */
#define SGI_PING	3
#define SGI_PONG	4

extern char bench_vectors[];
uint32_t bench_timer_wait(uint32_t k, uint32_t *edge);
uint32_t bench_ipi_wait(uint32_t sgir, uintptr_t gicd_sgir, uint32_t *sent);

static uint32_t ns_per_tick;
static volatile uint32_t pings, ready;

static uint32_t read_vbar(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c12, c0, 0" : "=r"(v));
	return v;
}

static void write_vbar(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb" : : "r"(v) : "memory");
}

static void sort(uint32_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static void print(const char *what, uint32_t *v)
{
	sort(v, RUNS);
	printf("bench: %s %u %u instructions\n", what, v[0], v[RUNS / 2]);
}

/* After the vector came back with IRQs masked: acknowledge, end. */
static void ack_expect(uint32_t id, const char *what)
{
	uint32_t iar = gic_ack();

	if (GIC_IAR_ID(iar) != id)
		test_abort("%s: IAR %x, expected ID %u", what, iar, id);
	if (id >= GIC_NR_SGI)
		write_sysreg(CNT_CTL_ENABLE | CNT_CTL_IMASK, CNTP_CTL);	/* quieten the level */
	isb();
	gic_eoi(iar);
}

static void bench_timer(uint32_t id)
{
	uint32_t lat[RUNS];

	gic_irq_enable(id, GIC_PRIO_DEFAULT);
	for (int i = 0; i < RUNS; i++) {
		uint32_t edge, at;

		at = bench_timer_wait(K_TICKS, &edge);
		ack_expect(id, "timer");
		write_sysreg(0, CNTP_CTL);
		isb();
		lat[i] = at - (edge - 3 + K_TICKS * ns_per_tick);
	}
	gic_irq_disable(id);
	print("timer-to-guest-vector", lat);
}

static void on_ping(uint32_t iar)
{
	(void)iar;
	gic_send_sgi(GICD_SGIR_FILTER_LIST, smp_cpus[0].gic_target, SGI_PONG);
	atomic_inc(&pings);
}

/* On CPU 1: answer n pings, waiting in WFI with IRQs unmasked. */
static uint32_t fn_echo(uint32_t n)
{
	gic_irq_enable(SGI_PING, GIC_PRIO_DEFAULT);
	atomic_write(&ready, 1);
	sev();
	__asm__ volatile("cpsie i" : : : "memory");
	while (atomic_read(&pings) < n)
		__asm__ volatile("wfi" : : : "memory");
	__asm__ volatile("cpsid i" : : : "memory");
	return 0;
}

static void bench_ipi(uint32_t overhead)
{
	uint32_t rt[RUNS];
	uint32_t sgir = GICD_SGIR_FILTER_LIST | smp_cpus[1].gic_target << 16 | SGI_PING;

	gic_irq_enable(SGI_PONG, GIC_PRIO_DEFAULT);
	pings = 0;
	ready = 0;
	smp_call_async(1, fn_echo, RUNS);
	smp_wait_flag(&ready, 1);
	timer_delay_us(100);	/* CPU 1 into its WFI */
	for (int i = 0; i < RUNS; i++) {
		uint32_t sent, at;

		at = bench_ipi_wait(sgir, gic.dist + GICD_SGIR, &sent);
		ack_expect(SGI_PONG, "IPI");
		rt[i] = at - sent - overhead;
		timer_delay_us(20);
	}
	if (!smp_call_wait(1, NULL))
		test_abort("CPU 1 did not answer its pings");
	print("ipi-round-trip-2cpus", rt);
}

int main(void)
{
	smp_init();
	smp_require_cpus(2);
	if (!gic.dist)
		test_missing("GICv2 in the device tree");
	pmu_enable_cycles();
	ns_per_tick = 1000000000u / read_sysreg(CNTFRQ);
	uint32_t id = timer_irq_id(rt.fdt, TIMER_PPI_PHYS);
	uint32_t t0, t1;

	__asm__ volatile("isb\n\tmrc p15, 0, %0, c9, c13, 0\n\tmrc p15, 0, %1, c9, c13, 0"
			 : "=&r"(t0), "=&r"(t1));
	report_info("%s; physical timer ID %u; %u ns per CNTPCT tick; back-to-back PMCCNTR "
		    "reads: %u", rt.native ? "native" : "under belay", id, ns_per_tick, t1 - t0);
	gic_set_handler(SGI_PING, on_ping);

	uint32_t vbar = read_vbar();
	write_vbar((uintptr_t)bench_vectors);
	bench_timer(id);	/* CPU 1 still off */
	write_vbar(vbar);

	if (smp_boot_cpu(1, 0) != PSCI_SUCCESS)
		test_abort("CPU 1 does not start");
	write_vbar((uintptr_t)bench_vectors);
	bench_ipi(t1 - t0);
	write_vbar(vbar);
	report(gic_stray_irqs == 0, "benchmark ran (%d runs each), no stray interrupt (%u)", RUNS,
	       gic_stray_irqs);
	return 0;
}
