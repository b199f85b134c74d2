/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's own <stdlib.h> for the target build (see include/libc/string.h):
 * only strtoul, which belay's option parser and libfdt use.
 */
#ifndef BELAY_LIBC_STDLIB_H
#define BELAY_LIBC_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
