/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The capture watchdog (docs/kdump.md, "Watchdog"). After a crash belay
 * knows of (capture_note_crash(), from the crash injector), a capture
 * kernel must show itself within belay.watchdog of guest time: its first
 * PSCI call (PSCI_VERSION, which Linux's psci_probe() makes before
 * anything else; a dying kernel never does) or its GIC distributor
 * initialisation (hyp/capture.c). Otherwise belay prints one line and
 * ends the run with a status of its own, so a hung capture is a verdict,
 * not a harness timeout.
 *
 * The deadline is a HYP timer in its own slot (HYP_TIMER_WATCHDOG) on
 * every CPU in RUN at the crash: the CPUs of a dead kernel stay in RUN,
 * parked, so one of them fires even if the crashed CPU leaves RUN.
 */
#include <belay/abi.h>
#include <arch/sysreg.h>
#include <drivers/psci_fw.h>
#include <hyp/capture.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>

uint64_t watchdog_us = WATCHDOG_DEFAULT_US;
uint64_t watchdog_test_us;
bool semihosting_option;

static spinlock_t wd_lock;
static bool waiting;		/* a crash noted, no new kernel seen yet */
static unsigned int crash_cpu;
static uint64_t crash_at, deadline;	/* CNTPCT */

static uint64_t now(void)
{
	isb();
	return read_sysreg64(CNTPCT);
}

static uint32_t ticks_per_ms(void)
{
	uint32_t freq = read_sysreg(CNTFRQ);

	/* As psci_init(): a board that leaves CNTFRQ 0 counts at 1 GHz. */
	return freq ? freq / 1000u : 1000000u;
}

/* Microseconds (at most an hour, option_parse_time()) to counter ticks,
 * rounded up to whole milliseconds. */
static uint64_t us_to_ticks(uint64_t us)
{
	return (uint64_t)(((uint32_t)us + 999u) / 1000u) * ticks_per_ms();
}

/* Counter ticks to milliseconds for the log, by shift and subtract:
 * belay has no 64-bit division. */
static unsigned int ticks_to_ms(uint64_t t)
{
	uint64_t per = ticks_per_ms(), q = 0;

	for (int bit = 31; bit >= 0; bit--) {
		if ((t >> bit) >= per) {
			t -= per << bit;
			q |= 1ull << bit;
		}
	}
	return (unsigned int)q;
}

/*
 * End the run with WATCHDOG_EXIT_STATUS. With belay.semihosting=on the
 * machine answers semihosting calls (QEMU -semihosting): SYS_EXIT_EXTENDED
 * with ADP_Stopped_ApplicationExit makes QEMU exit with that status.
 * Otherwise, or if the call returns, PSCI SYSTEM_OFF: the line printed
 * before is then the only mark.
 */
static void __attribute__((noreturn)) end_run(void)
{
	if (semihosting_option) {
		volatile uint32_t block[2] = { 0x20026u, WATCHDOG_EXIT_STATUS };
		register uint32_t r0 __asm__("r0") = 0x20;	/* SYS_EXIT_EXTENDED */
		register uint32_t r1 __asm__("r1") = (uint32_t)(uintptr_t)block;

		dsb();
#ifdef __thumb__
		__asm__ volatile("svc #0xab" : "+r"(r0) : "r"(r1) : "memory");
#else
		__asm__ volatile("svc #0x123456" : "+r"(r0) : "r"(r1) : "memory");
#endif
	}
	psci_fw_system_off();
}

/*
 * Where each CPU was: its state and its guest's pc and CPSR at its last
 * entry into belay (the frame below struct cpu, vectors.S). For the CPU
 * whose timer fired that is now; a CPU that hung with interrupts masked
 * still enters belay for its own watchdog timer, unless another's fired
 * first. What a hung capture is stuck in, told without a debugger.
 */
static void where(void)
{
	for (unsigned int i = 0; i < hyp.nr_cpus; i++) {
		const struct frame *f = (const struct frame *)&percpu[i].cpu - 1;

		NOTICE("watchdog: cpu%u: %s, guest pc 0x%08x cpsr 0x%08x at its last entry into belay",
		       i, state_name(percpu[i].cpu.state), (unsigned)f->elr, (unsigned)f->spsr);
	}
}

static void watchdog_fire(unsigned int cpu)
{
	unsigned int crashed, ms;

	spin_lock(&wd_lock);
	if (!waiting || now() < deadline) {
		spin_unlock(&wd_lock);
		return;
	}
	waiting = false;
	crashed = crash_cpu;
	ms = ticks_to_ms(now() - crash_at);
	spin_unlock(&wd_lock);
	log_guest_flush_all();
	where();
	ERROR("watchdog: no capture kernel %u ms after the crash on cpu%u (no PSCI call, no GIC "
	      "distributor initialisation; belay.watchdog=%ums): ending the run%s", ms, crashed,
	      ticks_to_ms(us_to_ticks(watchdog_us)),
	      semihosting_option ? " with status 3" : "");
	(void)cpu;
	end_run();
}

static void arm_here(unsigned int cpu, uint32_t arg)
{
	(void)cpu;
	(void)arg;
	hyp_timer_arm_slot(HYP_TIMER_WATCHDOG, deadline, watchdog_fire);
}

void capture_note_crash(unsigned cpu)
{
	struct cpu *self = this_cpu();

	if (!watchdog_us)
		return;
	if (!vgic.on || !vgic.timer_id) {
		WARN("watchdog: crash on cpu%u not watched: needs the vGIC's HYP timer", cpu);
		return;
	}
	spin_lock(&wd_lock);
	waiting = true;
	crash_cpu = cpu;
	crash_at = now();
	deadline = crash_at + us_to_ticks(watchdog_us);
	spin_unlock(&wd_lock);
	NOTICE("watchdog: crash on cpu%u; capture kernel has %u ms to start", cpu,
	       ticks_to_ms(us_to_ticks(watchdog_us)));
	for (unsigned int i = 0; i < hyp.nr_cpus; i++) {
		if (self && i == self->index)
			arm_here(i, 0);
		else if (percpu[i].cpu.state == BELAY_STATE_RUN)
			hyp_call_on(i, arm_here, 0);
	}
}

void capture_kernel_started(unsigned int cpu, const char *what)
{
	unsigned int ms;

	spin_lock(&wd_lock);
	if (!waiting) {
		spin_unlock(&wd_lock);
		return;
	}
	waiting = false;
	ms = ticks_to_ms(now() - crash_at);
	spin_unlock(&wd_lock);
	NOTICE("watchdog: cpu%u: a new kernel reached %s %u ms after the crash on cpu%u", cpu, what,
	       ms, crash_cpu);
}

/* belay.watchdog_test: a crash "noted" on the boot CPU at that instant,
 * for testing the watchdog without a crash injector. */
static void test_crash(unsigned int cpu)
{
	capture_note_crash(cpu);
}

void watchdog_boot(void)
{
	if (watchdog_test_us)
		hyp_timer_arm_slot(HYP_TIMER_WATCHDOG, now() + us_to_ticks(watchdog_test_us), test_crash);
}
