/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* GICv2 register access that is more than one load or store (include/drivers/gic.h). */
#include <drivers/gic.h>

uint32_t gicd_read_sized(const struct gic *g, uint32_t off, unsigned int size)
{
	switch (size) {
	case 1:
		return mmio_read8(g->dist + off);
	case 2:
		return mmio_read16(g->dist + off);
	default:
		return mmio_read32(g->dist + off);
	}
}

void gicd_write_sized(const struct gic *g, uint32_t off, unsigned int size, uint32_t v)
{
	switch (size) {
	case 1:
		mmio_write8(g->dist + off, (uint8_t)v);
		break;
	case 2:
		mmio_write16(g->dist + off, (uint16_t)v);
		break;
	default:
		mmio_write32(g->dist + off, v);
		break;
	}
}
