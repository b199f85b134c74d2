// SPDX-License-Identifier: GPL-2.0
// Copyright (c) 2026 The belay authors

/*
 * The calls that concern one CPU, made on that CPU: belay answers
 * BELAY_GET_STATE, RESET_VECTORS and LAUNCH for the calling CPU only
 * (docs/hyp-abi.md, "Per-CPU states"). A state query runs in an IPI
 * (smp_call_function_single); the relaunch loop and the spin run in a
 * kworker bound to the CPU (work_on_cpu_safe, which also holds off CPU
 * hotplug meanwhile), so that the CPU takes interrupts between cycles.
 */
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "belay_module.h"

static u32 state_here(void)
{
	return belay_call(BELAY_GET_STATE, 0, 0, 0, 0).r0;
}

static void state_ipi(void *arg)
{
	*(u32 *)arg = state_here();
}

int belay_cpu_state(unsigned int cpu, u32 *state)
{
	/* -ENXIO: the CPU is offline (or not possible). */
	if (smp_call_function_single(cpu, state_ipi, state, 1))
		return -ENODEV;
	return 0;
}

/*
 * One cycle, RUN -> STUB -> RUN, with interrupts masked throughout. In
 * STUB belay's Stage-2, traps and vGIC are off and this CPU runs natively
 * on the physical GIC (docs/hyp-abi.md, "The GIC"); with interrupts masked
 * the kernel does nothing there but the next call. An interrupt that
 * arrives meanwhile stays pending and is taken, through belay's vGIC,
 * after LAUNCH. NULL, or what went wrong.
 */
static const char *relaunch_cycle(u32 *got)
{
	unsigned long flags;
	const char *why = NULL;
	u32 r;

	local_irq_save(flags);
	r = state_here();
	if (r != BELAY_STATE_RUN) {
		why = "state before RESET_VECTORS";
		goto out;
	}
	r = belay_call(HVC_RESET_VECTORS, 0, 0, 0, 0).r0;
	if (r != 0) {
		why = "RESET_VECTORS answered";
		goto out;
	}
	r = state_here();
	if (r != BELAY_STATE_STUB) {
		why = "state after RESET_VECTORS";
		goto out;
	}
	r = belay_call(BELAY_LAUNCH, 0, 0, 0, 0).r0;
	if (r != 0) {
		why = "LAUNCH answered";
		goto out;
	}
	r = state_here();
	if (r != BELAY_STATE_RUN)
		why = "state after LAUNCH";
out:
	local_irq_restore(flags);
	*got = r;
	return why;
}

static long relaunch_work(void *arg)
{
	struct belay_relaunch *rl = arg;
	u64 t0 = ktime_get_ns();
	const char *why;
	u32 got;

	if (raw_smp_processor_id() != rl->cpu) {
		snprintf(rl->why, sizeof(rl->why), "ran on cpu%u", raw_smp_processor_id());
		return 0;
	}
	for (rl->done = 0; rl->done < rl->loops; rl->done++) {
		why = relaunch_cycle(&got);
		if (why) {
			snprintf(rl->why, sizeof(rl->why), "cycle %u: %s %d (%s)", rl->done + 1,
				 why, (int)got, belay_state_name(state_here()));
			break;
		}
		cond_resched();
	}
	rl->ns = ktime_get_ns() - t0;
	return 0;
}

int belay_relaunch(struct belay_relaunch *rl)
{
	rl->done = 0;
	rl->ns = 0;
	rl->why[0] = '\0';
	/* -ENODEV: the CPU is offline. */
	return work_on_cpu_safe(rl->cpu, relaunch_work, rl);
}

/*
 * Spin with interrupts masked, the state an in-guest crash trigger cannot
 * reach and belay's injector can (docs/kdump.md). The time comes from
 * the clocksource, which runs whatever this CPU's tick does.
 */
static long spin_work(void *arg)
{
	struct belay_spin *s = arg;
	unsigned long flags;
	u64 t0, end;

	local_irq_save(flags);
	t0 = ktime_get_ns();
	end = t0 + (u64)s->ms * NSEC_PER_MSEC;
	while (ktime_get_ns() < end)
		cpu_relax();
	s->ns = ktime_get_ns() - t0;
	local_irq_restore(flags);
	return 0;
}

int belay_spin(struct belay_spin *s)
{
	s->ns = 0;
	return work_on_cpu_safe(s->cpu, spin_work, s);
}
