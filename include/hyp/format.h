/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The one printf-style formatter, for belay's log (hyp/log.c) and the test
 * guests (tests/guests/lib/printf.c). Pure: output goes to a callback, and
 * it needs nothing from a C library or libgcc.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%, with the flag '0', a width, a
 * precision for %s (".N" or ".*"), and the length modifiers l, ll and z.
 */
#ifndef HYP_FORMAT_H
#define HYP_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Format fmt with ap, handing each character to put(ctx, c). Returns the
 * number of characters. */
int vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap);

/* Into buf (size bytes, NUL-terminated when size > 0); returns the length
 * the whole output would have had, as vsnprintf() does. */
int vsnprintf_lite(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf_lite(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* HYP_FORMAT_H */
