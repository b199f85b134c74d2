// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * PL011 output and a small printf: %s %c %d %i %u %x %X %p %%, with '0' and
 * a width, and 'l'/'ll' for 64-bit values through %llx / %llu.
 */
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

/* Output sink: the UART (buf == NULL) or a bounded buffer. */
struct sink {
	char *buf;
	size_t size, len;
};

static void sink_put(struct sink *s, char c)
{
	if (!s->buf)
		uart_putc(c);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

/*
 * v / base, remainder in *rem, with 32-bit divisions only (16 bits at a
 * time) so that the guests need nothing from libgcc.
 */
static uint64_t divmod64(uint64_t v, uint32_t base, uint32_t *rem)
{
	uint64_t q = 0;
	uint32_t r = 0;

	for (int shift = 48; shift >= 0; shift -= 16) {
		uint32_t cur = (r << 16) | (uint32_t)((v >> shift) & 0xffff);

		q |= (uint64_t)(cur / base) << shift;
		r = cur % base;
	}
	*rem = r;
	return q;
}

static void put_num(struct sink *s, uint64_t v, unsigned base, bool upper,
		    bool neg, int width, char pad)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;
	uint32_t digit;

	do {
		v = divmod64(v, base, &digit);
		tmp[n++] = digits[digit];
	} while (v);
	if (neg)
		tmp[n++] = '-';
	/* A '-' goes before zero padding, after space padding. */
	if (neg && pad == '0') {
		sink_put(s, tmp[--n]);
		width--;
	}
	for (int i = n; i < width; i++)
		sink_put(s, pad);
	while (n)
		sink_put(s, tmp[--n]);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			sink_put(s, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng >= 2 ? va_arg(ap, int64_t) : va_arg(ap, int32_t);
			put_num(s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng >= 2 ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t);
			put_num(s, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false, width, pad);
			break;
		}
		case 'p':
			sink_put(s, '0');
			sink_put(s, 'x');
			put_num(s, (uintptr_t)va_arg(ap, void *), 16, false, false, 8, '0');
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			int len = (int)strlen(str);
			for (int i = len; i < width; i++)
				sink_put(s, ' ');
			while (*str)
				sink_put(s, *str++);
			break;
		}
		case 'c':
			sink_put(s, (char)va_arg(ap, int));
			break;
		case '%':
			sink_put(s, '%');
			break;
		case '\0':
			return;
		default:
			sink_put(s, '%');
			sink_put(s, *fmt);
			break;
		}
	}
}

int vprintf(const char *fmt, va_list ap)
{
	struct sink s = { 0 };

	console_lock();
	format(&s, fmt, ap);
	console_unlock();
	return (int)s.len;
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
	struct sink s = { .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
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
