/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's own <string.h> for the target build: exactly the functions
 * hyp/libc.c defines (what belay and Debian's libfdt.a use). The target
 * build puts include/libc first on its include path, so no C library's
 * headers are needed; host unit tests use the host's C library instead.
 */
#ifndef BELAY_LIBC_STRING_H
#define BELAY_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *p, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
