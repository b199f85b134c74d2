/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's own interrupts (docs/design.md, "Interrupts"): the HYP timer
 * (CNTHP) on each CPU and one SGI, BELAY_SGI, that makes another CPU run
 * a function in HYP. With the vGIC on, every physical IRQ reaches belay
 * in RUN whatever the guest's CPSR.I, so both work while the guest spins
 * with interrupts masked. The guest sees neither: hyp/vgic.c keeps them
 * out of its distributor.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>

struct hyp_irq_cpu {
	/* The timers, this CPU only: CNTHP_CVAL holds the earliest. */
	hyp_timer_fn timer_fn[HYP_TIMERS];
	uint64_t deadline[HYP_TIMERS];
	spinlock_t call_lock;			/* the calls, posted by other CPUs */
	unsigned int nr_calls;
	struct { hyp_call_fn fn; uint32_t arg; } calls[HYP_CALL_SLOTS];
	uint32_t target;			/* this CPU's bit in SGI target lists */
	volatile uint32_t test_timer_fired;	/* BELAY_TEST_COUNT */
	volatile uint32_t test_calls_run;
} __attribute__((aligned(CACHE_LINE)));

static struct hyp_irq_cpu hirq[MAX_CPUS];

/* Program CNTHP for the earliest armed timer of this CPU, or turn it off. */
static void timer_program(struct hyp_irq_cpu *h)
{
	uint64_t first = ~0ull;
	bool any = false;

	for (unsigned int i = 0; i < HYP_TIMERS; i++) {
		if (h->timer_fn[i] && h->deadline[i] <= first) {
			first = h->deadline[i];
			any = true;
		}
	}
	write_sysreg(0, CNTHP_CTL);
	if (any) {
		write_sysreg64(first, CNTHP_CVAL);
		write_sysreg(CNTHP_CTL_ENABLE, CNTHP_CTL);
	}
	isb();
}

void hyp_timer_arm_slot(enum hyp_timer slot, uint64_t deadline, hyp_timer_fn fn)
{
	struct cpu *cpu = this_cpu();

	if (!vgic.on || !vgic.timer_id || !cpu || slot >= HYP_TIMERS)
		return;
	hirq[cpu->index].timer_fn[slot] = fn;
	hirq[cpu->index].deadline[slot] = deadline;
	timer_program(&hirq[cpu->index]);
}

void hyp_timer_arm(uint64_t deadline, hyp_timer_fn fn)
{
	hyp_timer_arm_slot(HYP_TIMER_MAIN, deadline, fn);
}

void hyp_timer_cancel(void)
{
	struct cpu *cpu = this_cpu();

	if (!cpu) {
		write_sysreg(0, CNTHP_CTL);
		isb();
		return;
	}
	hirq[cpu->index].timer_fn[HYP_TIMER_MAIN] = NULL;
	timer_program(&hirq[cpu->index]);
}

void hyp_kick(unsigned int target)
{
	if (!vgic.on || target >= hyp.nr_cpus)
		return;
	dsb();		/* what the target is to read, before the SGI */
	gicd_send_sgi(&vgic.gic, hirq[target].target, vgic.sgi_id);
}

int hyp_call_on(unsigned int target, hyp_call_fn fn, uint32_t arg)
{
	struct hyp_irq_cpu *h = &hirq[target];
	int ret = -1;

	if (!vgic.on || target >= hyp.nr_cpus || percpu[target].cpu.state != BELAY_STATE_RUN)
		return -1;
	spin_lock(&h->call_lock);
	if (h->nr_calls < HYP_CALL_SLOTS) {
		h->calls[h->nr_calls].fn = fn;
		h->calls[h->nr_calls].arg = arg;
		h->nr_calls++;
		ret = 0;
	}
	spin_unlock(&h->call_lock);
	if (ret == 0)
		hyp_kick(target);
	return ret;
}

/* hyp/vgic.c: one of belay's interrupts was acknowledged on this CPU. */
void hyp_own_irq(struct cpu *cpu, uint32_t id)
{
	struct hyp_irq_cpu *h = &hirq[cpu->index];

	if (id == vgic.timer_id) {
		uint64_t now;

		/* The timer's output is a level: off before it is deactivated;
		 * each timer that is due runs once, the others are programmed
		 * again (a callback may re-arm its own). */
		write_sysreg(0, CNTHP_CTL);
		isb();
		now = read_sysreg64(CNTPCT);
		for (unsigned int i = 0; i < HYP_TIMERS; i++) {
			hyp_timer_fn fn = h->timer_fn[i];

			if (fn && h->deadline[i] <= now) {
				h->timer_fn[i] = NULL;
				fn(cpu->index);
			}
		}
		timer_program(h);
	} else if (id == vgic.sgi_id) {
		struct { hyp_call_fn fn; uint32_t arg; } run[HYP_CALL_SLOTS];
		unsigned int n;

		spin_lock(&h->call_lock);
		n = h->nr_calls;
		for (unsigned int i = 0; i < n; i++) {
			run[i].fn = h->calls[i].fn;
			run[i].arg = h->calls[i].arg;
		}
		h->nr_calls = 0;
		spin_unlock(&h->call_lock);
		for (unsigned int i = 0; i < n; i++)
			run[i].fn(cpu->index, run[i].arg);
	}
}

/* Entering or leaving RUN: no timer armed, no calls waiting. */
void hyp_irq_cpu_reset(struct cpu *cpu)
{
	struct hyp_irq_cpu *h = &hirq[cpu->index];

	write_sysreg(0, CNTHP_CTL);
	isb();
	for (unsigned int i = 0; i < HYP_TIMERS; i++)
		h->timer_fn[i] = NULL;
	spin_lock(&h->call_lock);
	h->nr_calls = 0;
	spin_unlock(&h->call_lock);
	h->target = gicd_this_cpu_target(&vgic.gic);
}

/* ---- test hooks (docs/hyp-abi.md, BELAY_TEST_HYP_TIMER) ------------------ */

static void test_timer_fired(unsigned int cpu)
{
	hirq[cpu].test_timer_fired++;
}

static void test_arm_timer(unsigned int cpu, uint32_t delay_us)
{
	uint32_t freq = read_sysreg(CNTFRQ);

	hirq[cpu].test_calls_run++;
	isb();
	/* Ticks per microsecond, rounded up (no 64-bit division here). */
	hyp_timer_arm(read_sysreg64(CNTPCT) + (uint64_t)((freq + 999999u) / 1000000u) * delay_us,
		      test_timer_fired);
}

int32_t hyp_test_timer(unsigned int target, uint32_t delay_us)
{
	struct cpu *self = this_cpu();

	if (!vgic.on || !vgic.timer_id)
		return SMCCC_NOT_SUPPORTED;
	if (target >= hyp.nr_cpus)
		return SMCCC_INVALID_PARAMETER;
	if (target == self->index) {
		test_arm_timer(target, delay_us);
		return 0;
	}
	return hyp_call_on(target, test_arm_timer, delay_us) ? SMCCC_INVALID_PARAMETER : 0;
}

int32_t hyp_test_count(unsigned int target, uint32_t *timer_fired, uint32_t *calls_run)
{
	if (!vgic.on)
		return SMCCC_NOT_SUPPORTED;
	if (target >= hyp.nr_cpus)
		return SMCCC_INVALID_PARAMETER;
	*timer_fired = hirq[target].test_timer_fired;
	*calls_run = hirq[target].test_calls_run;
	return 0;
}
