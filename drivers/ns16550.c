/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <drivers/ns16550.h>

/* Register numbers (before reg_shift). */
#define UART_THR	0	/* transmit holding register (write) */
#define UART_LSR	5	/* line status register */
#define UART_LSR_THRE	(1u << 5)	/* transmit holding register empty */

/* About a millisecond of polling on real hardware; QEMU never waits. */
#define TX_SPIN_LIMIT	100000

static uint32_t reg_read(uintptr_t addr, unsigned int io_width)
{
	switch (io_width) {
	case 4:
		return *(volatile uint32_t *)addr;
	case 2:
		return *(volatile uint16_t *)addr;
	default:
		return *(volatile uint8_t *)addr;
	}
}

static void reg_write(uintptr_t addr, unsigned int io_width, uint32_t v)
{
	switch (io_width) {
	case 4:
		*(volatile uint32_t *)addr = v;
		break;
	case 2:
		*(volatile uint16_t *)addr = (uint16_t)v;
		break;
	default:
		*(volatile uint8_t *)addr = (uint8_t)v;
		break;
	}
}

void ns16550_putc(uintptr_t base, unsigned int reg_shift, unsigned int io_width, char c)
{
	uintptr_t lsr = base + (UART_LSR << reg_shift);

	for (int i = 0; !(reg_read(lsr, io_width) & UART_LSR_THRE) && i < TX_SPIN_LIMIT; i++)
		;
	reg_write(base + (UART_THR << reg_shift), io_width, (uint8_t)c);
}
