/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <drivers/pl011.h>

#define UARTDR		0x00
#define UARTFR		0x18
#define UARTFR_TXFF	(1u << 5)

/* About a millisecond of polling on real hardware; QEMU never waits. */
#define TX_SPIN_LIMIT	100000

void pl011_putc(uintptr_t base, char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(base + UARTFR);
	volatile uint32_t *dr = (volatile uint32_t *)(base + UARTDR);

	for (int i = 0; (*fr & UARTFR_TXFF) && i < TX_SPIN_LIMIT; i++)
		;
	*dr = (uint8_t)c;
}
