// SPDX-License-Identifier: GPL-2.0
// Copyright (c) 2026 The belay authors

/*
 * The calls that concern one CPU, made on that CPU: belay answers
 * BELAY_GET_STATE, RESET_VECTORS and LAUNCH for the calling CPU only
 * (docs/hyp-abi.md, "Per-CPU states"). A state query runs in an IPI
 * (smp_call_function_single). Relaunch cycles and a spin run in a
 * kworker bound to the CPU (work_on_cpu_safe, which also holds off CPU
 * hotplug meanwhile): ordinary kernel code with interrupts masked, not
 * an interrupt handler with an interrupt active in belay's vGIC.
 */
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
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

/*
 * How long one work item runs cycles before it hands the CPU back to the
 * writer (and CPU hotplug). One cycle per work item would measure the
 * kworker's wake-up, milliseconds under QEMU on an idle CPU, not belay.
 */
#define RELAUNCH_BATCH_NS	(10 * NSEC_PER_MSEC)

/*
 * A batch of cycles on the CPU, with interrupts enabled between cycles;
 * rl->done counts them. Stops early at the first wrong answer (rl->why).
 */
static long relaunch_batch(void *arg)
{
	struct belay_relaunch *rl = arg;
	u64 end = ktime_get_ns() + RELAUNCH_BATCH_NS;
	const char *why;
	u32 got;

	do {
		why = relaunch_cycle(&got);
		if (why) {
			snprintf(rl->why, sizeof(rl->why), "cycle %u: %s %d (%s)", rl->done + 1,
				 why, (int)got, belay_state_name(state_here()));
			break;
		}
		rl->done++;
		cond_resched();
	} while (rl->done < rl->loops && ktime_get_ns() < end);
	return 0;
}

/*
 * The cycles run in batches, each a work item on the CPU, so that CPU
 * hotplug is held off (work_on_cpu_safe) only while a batch runs: other
 * CPUs can go down and come up meanwhile, which crash tests want, and an
 * offline target ends the loop cleanly. The writer waits in between,
 * where a signal stops the loop.
 */
int belay_relaunch(struct belay_relaunch *rl)
{
	u64 t0 = ktime_get_ns();
	int err = 0;

	rl->done = 0;
	rl->why[0] = '\0';
	while (rl->done < rl->loops && !rl->why[0]) {
		/* -ENODEV: the CPU is offline. */
		err = work_on_cpu_safe(rl->cpu, relaunch_batch, rl);
		if (err)
			break;
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
	}
	rl->ns = ktime_get_ns() - t0;
	return err;
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
