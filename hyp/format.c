/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* The one printf-style formatter (include/hyp/format.h). */
#include <stdbool.h>
#include <stdint.h>

#include <hyp/format.h>

struct sink {
	void (*put)(void *ctx, char c);
	void *ctx;
	int len;
};

static void out(struct sink *s, char c)
{
	s->put(s->ctx, c);
	s->len++;
}

/*
 * v / base, the remainder in *rem, 16 bits at a time with 32-bit
 * divisions only, so that nothing needs libgcc's 64-bit helpers.
 */
static uint64_t divmod(uint64_t v, uint32_t base, uint32_t *rem)
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

static void out_num(struct sink *s, uint64_t v, uint32_t base, bool upper, bool neg, int width,
		    char pad)
{
	char tmp[24];
	int n = 0;
	uint32_t d;

	do {
		v = divmod(v, base, &d);
		tmp[n++] = (char)("0123456789abcdef"[d] - (upper && d > 9 ? 'a' - 'A' : 0));
	} while (v);
	if (neg)
		tmp[n++] = '-';
	/* A '-' goes before zero padding, after space padding. */
	if (neg && pad == '0') {
		out(s, tmp[--n]);
		width--;
	}
	for (int i = n; i < width; i++)
		out(s, pad);
	while (n)
		out(s, tmp[--n]);
}

int vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
{
	struct sink s = { put, ctx, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out(&s, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, precision = -1, lng = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			precision = 0;
			if (*fmt == '*') {
				precision = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				precision = precision * 10 + (*fmt++ - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			if (*fmt == 'l')
				lng++;
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			out_num(&s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng >= 2 ? va_arg(ap, unsigned long long)
				   : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			out_num(&s, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false, width, pad);
			break;
		}
		case 'p':
			out(&s, '0');
			out(&s, 'x');
			out_num(&s, (uintptr_t)va_arg(ap, void *), 16, false, false, 8, '0');
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len = 0;

			if (!str)
				str = "(null)";
			while (str[len] && (precision < 0 || len < precision))
				len++;
			for (int i = len; i < width; i++)
				out(&s, ' ');
			for (int i = 0; i < len; i++)
				out(&s, str[i]);
			break;
		}
		case 'c':
			out(&s, (char)va_arg(ap, int));
			break;
		case '%':
			out(&s, '%');
			break;
		case '\0':
			out(&s, '%');
			return s.len;
		default:
			out(&s, '%');
			out(&s, *fmt);
			break;
		}
	}
	return s.len;
}

struct buf {
	char *p;
	size_t size, len;
};

static void buf_put(void *ctx, char c)
{
	struct buf *b = ctx;

	if (b->len + 1 < b->size)
		b->p[b->len] = c;
	b->len++;
}

int vsnprintf_lite(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf b = { buf, size, 0 };
	int n = vformat(buf_put, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int snprintf_lite(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf_lite(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
