/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The 32-bit ARM zImage header (Linux arch/arm/boot/compressed/head.S;
 * Documentation/arch/arm/booting.rst): belay.bin and the hand-over
 * trampoline carry one, and the guest loader looks for one. For C and
 * assembler alike, so the constants carry no C suffixes.
 */
#ifndef ARCH_ZIMAGE_H
#define ARCH_ZIMAGE_H

#define ZIMAGE_MAGIC_OFFSET	0x24		/* offset of the magic word */
#define ZIMAGE_MAGIC		0x016f2818
#define ZIMAGE_LE_MARKER	0x04030201	/* at 0x30 in a little-endian image */

#endif /* ARCH_ZIMAGE_H */
