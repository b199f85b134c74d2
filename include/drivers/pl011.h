/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* Arm PL011 UART, transmit only. Knows nothing of device trees. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <stdint.h>

/*
 * Write one character to the PL011 at `base` (already set up by firmware
 * or QEMU: belay does not change the baud rate). Waits while the FIFO is
 * full, but never forever: a stuck UART drops output rather than hang.
 */
void pl011_putc(uintptr_t base, char c);

#endif
