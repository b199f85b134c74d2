/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The generic timer as a PL1 guest sees it (Arm ARM B8): the virtual and
 * physical counters and the EL1 virtual and physical timers. Each CPU has
 * its own timers; under belay the guest owns them (CNTHCTL.PL1PCEN and
 * PL1PCTEN set, CNTVOFF = 0 on every CPU, docs/design.md). The registers belay
 * itself does not use are named here, in the style of
 * include/arch/sysreg.h, for read_sysreg()/write_sysreg().
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/sysreg.h>

#define CNTP_TVAL	p15, 0, c14, c2, 0	/* PL1 Physical TimerValue */
#define CNTP_CTL	p15, 0, c14, c2, 1	/* PL1 Physical Timer Control */
#define CNTV_TVAL	p15, 0, c14, c3, 0	/* Virtual TimerValue */
#define CNTV_CTL	p15, 0, c14, c3, 1	/* Virtual Timer Control */
#define CNTVCT		p15, 1, c14		/* Virtual Count (64-bit) */
#define CNTP_CVAL	p15, 2, c14		/* PL1 Physical CompareValue (64-bit) */
#define CNTV_CVAL	p15, 3, c14		/* Virtual CompareValue (64-bit) */

/* CNTP_CTL / CNTV_CTL bits. */
#define CNT_CTL_ENABLE	(1u << 0)
#define CNT_CTL_IMASK	(1u << 1)
#define CNT_CTL_ISTATUS	(1u << 2)

/* The timer PPIs of the DTB's arm,armv7-timer node, in its order
 * (secure physical, non-secure physical, virtual, hyp); QEMU virt's are
 * PPIs 13, 14, 11, 10, i.e. interrupt IDs 29, 30, 27, 26. */
#define TIMER_PPI_SEC_PHYS	0
#define TIMER_PPI_PHYS		1
#define TIMER_PPI_VIRT		2
#define TIMER_PPI_HYP		3

static inline uint64_t read_cntvct(void)
{
	isb();
	return read_sysreg64(CNTVCT);
}

/*
 * Time from the physical counter (CNTPCT, readable at PL1 natively and
 * under belay): deadlines for bounded waits and short delays. Without
 * -icount the counter follows host time, so bounds are in wall-clock
 * terms; with -icount it follows executed instructions.
 */
uint64_t timer_ticks_us(uint32_t us);
uint64_t timer_deadline_us(uint32_t us);
bool timer_expired(uint64_t deadline);
/* Milliseconds since CNTPCT was start (~0 beyond 32 bits of ticks). */
uint32_t timer_ms_since(uint64_t start);
void timer_delay_us(uint32_t us);
static inline uint64_t timer_deadline_ms(uint32_t ms)
{
	return timer_deadline_us(ms * 1000);
}

/* Interrupt ID of timer `which` (TIMER_PPI_*) from the DTB, or QEMU virt's
 * if the DTB does not say. */
uint32_t timer_irq_id(const void *fdt, unsigned int which);

#endif /* GUEST_TIMER_H */
