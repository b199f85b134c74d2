/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* belay's fixed capacities, for C and assembler alike. */
#ifndef HYP_LIMITS_H
#define HYP_LIMITS_H

#define MAX_CPUS	8
#define MAX_MEM_BANKS	8
#define MAX_MODULES	4

#endif
