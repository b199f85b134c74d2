/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * 16550-compatible UART (8250, NS16550A, Synopsys DesignWare APB UART),
 * transmit only. Knows nothing of device trees: the caller gives the
 * register layout.
 */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

#include <stdint.h>

/*
 * Write one character to the 16550 at `base`, whose register N is at
 * base + (N << reg_shift) and is accessed `io_width` bytes wide (1, 2 or
 * 4; anything else is taken as 1). The UART must be set up already (by
 * firmware: belay does not change the baud rate or line format). Waits
 * while the transmit holding register is full, but never forever: a stuck
 * UART drops output rather than hang.
 */
void ns16550_putc(uintptr_t base, unsigned int reg_shift, unsigned int io_width, char c);

#endif
