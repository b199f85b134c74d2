// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/* Time from the counter, and the generic timer's device-tree binding
 * (timer.h). */
#include "gic.h"
#include "guest.h"
#include "timer.h"

#define COMPAT_TIMER	"arm,armv7-timer"
#define GIC_IRQ_TYPE_PPI 1

uint32_t timer_irq_id(const void *fdt, unsigned int which)
{
	static const uint32_t qemu_virt_ppi[] = { 13, 14, 11, 10 };
	int depth = 0, node = fdt ? fdt_root(fdt) : -1;

	if (which >= 4)
		return GIC_SPURIOUS;
	while (node >= 0 && (node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (!fdt_prop_has_string(fdt, node, "compatible", COMPAT_TIMER))
			continue;
		/* interrupts: <type number flags> per timer, GIC binding. */
		int len;
		const uint8_t *p = fdt_getprop(fdt, node, "interrupts", &len);
		if (!p || len < (int)(which + 1) * 12 || fdt_be32(p + which * 12) != GIC_IRQ_TYPE_PPI)
			break;
		return GIC_PPI(fdt_be32(p + which * 12 + 4));
	}
	return GIC_PPI(qemu_virt_ppi[which]);
}

static uint32_t counter_freq(void)
{
	uint32_t f = read_sysreg(CNTFRQ);

	return f ? f : 62500000;	/* QEMU virt's, should firmware not set it */
}

uint64_t timer_ticks_us(uint32_t us)
{
	/* freq / 1000000 ticks per microsecond would drop QEMU's fraction
	 * (62.5): count in kHz, with 32-bit divisions only (no libgcc). */
	uint32_t khz = counter_freq() / 1000;

	return (uint64_t)(us / 1000) * khz + (us % 1000) * khz / 1000;
}

uint64_t timer_deadline_us(uint32_t us)
{
	return read_cntpct() + timer_ticks_us(us);
}

uint32_t timer_ms_since(uint64_t start)
{
	uint64_t ticks = read_cntpct() - start;

	if (ticks >> 32)	/* over a minute: 32-bit arithmetic is enough below */
		return ~0u;
	return (uint32_t)ticks / (counter_freq() / 1000);
}

bool timer_expired(uint64_t deadline)
{
	return read_cntpct() >= deadline;
}

void timer_delay_us(uint32_t us)
{
	uint64_t end = timer_deadline_us(us);

	while (!timer_expired(end))
		;
}
