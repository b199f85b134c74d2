// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * PL011 output and printf, through belay's own formatter (hyp/format.c;
 * its header lists the conversions).
 */
#include <hyp/format.h>

#include "atomic.h"
#include "guest.h"

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_FR_TXFF	(1u << 5)

static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

void uart_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	while (mmio_read32(GUEST_UART_BASE + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(GUEST_UART_BASE + UART_DR, (uint8_t)c);
}

/*
 * The console lock: on SMP guests one CPU prints a line at a time. It is
 * recursive, because an exception handler may print on the CPU that holds
 * it, and bounded, because a garbled line is better than a hang should a
 * CPU stop while holding it.
 */
#define CONSOLE_SPIN_LIMIT	2000000

static spinlock_t console;
static unsigned int console_depth;	/* the owner's nesting */

static uint32_t console_cpu(void)
{
	return read_sysreg(MPIDR) & 0xff;
}

void console_lock(void)
{
	uint32_t me = console_cpu();

	if (atomic_read(&console.owner) == me + 1) {
		console_depth++;
		return;
	}
	for (unsigned int i = 0; !spin_trylock(&console, me); i++) {
		if (i == CONSOLE_SPIN_LIMIT) {
			atomic_write(&console.owner, me + 1);	/* take it over */
			break;
		}
		wfe();
	}
	console_depth = 0;
}

void console_unlock(void)
{
	if (console_depth) {
		console_depth--;
		return;
	}
	spin_unlock(&console);
}

void puts_raw(const char *s)
{
	console_lock();
	while (*s)
		uart_putc(*s++);
	console_unlock();
}

static void uart_put(void *ctx, char c)
{
	(void)ctx;
	uart_putc(c);
}

int vprintf(const char *fmt, va_list ap)
{
	console_lock();
	int n = vformat(uart_put, NULL, fmt, ap);
	console_unlock();
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf_lite(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf_lite(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* The few string functions the guests use (and GCC may call). */

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;

	for (; n; n--, pa++, pb++)
		if (*pa != *pb)
			return *pa - *pb;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

const char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);

	for (; *h; h++)
		if (!strncmp(h, n, len))
			return h;
	return len ? NULL : h;
}
