/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <arch/sysreg.h>
#include <drivers/pl011.h>
#include <drivers/psci_fw.h>
#include <hyp/cpu.h>
#include <hyp/hyp.h>
#include <hyp/log.h>

/*
 * The console's base. In .data, not .bss: it is set before belay has
 * zeroed any bss and must survive the copy to belay's home.
 */
static uintptr_t console_base __attribute__((section(".data"))) = 0;

void console_init(uintptr_t base)
{
	console_base = base;
}

static void console_putc(char c)
{
	if (!console_base)
		return;
	if (c == '\n')
		pl011_putc(console_base, '\r');
	pl011_putc(console_base, c);
}

static void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

/* In .data for the same reason; set from belay.log= once at boot. */
int log_level __attribute__((section(".data"))) = BELAY_LOG_LEVEL;

struct out {
	char *buf;
	size_t size, len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* *n /= base, returning the remainder: shift-and-subtract, so that belay
 * needs no libgcc 64-bit division helpers. */
static unsigned int divmod(uint64_t *n, unsigned int base)
{
	uint64_t q = 0, r = 0;

	for (int bit = 63; bit >= 0; bit--) {
		r = (r << 1) | ((*n >> bit) & 1);
		if (r >= base) {
			r -= base;
			q |= 1ull << bit;
		}
	}
	*n = q;
	return (unsigned int)r;
}

static void out_num(struct out *o, uint64_t v, unsigned int base, int width, bool zero, bool neg)
{
	char tmp[24];
	int n = 0;

	do {
		unsigned int d = divmod(&v, base);
		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
	} while (v);
	if (neg)
		tmp[n++] = '-';
	for (int pad = width - n; pad > 0; pad--)
		out_c(o, zero ? '0' : ' ');
	while (n)
		out_c(o, tmp[--n]);
}

int vsnprintf_lite(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		bool zero = false;
		int width = 0, lng = 0;
		if (*fmt == '0') {
			zero = true;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		int precision = -1;
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
		while (*fmt == 'l' || *fmt == 'z') {
			if (*fmt == 'l')
				lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			out_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, width, zero, v < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng >= 2 ? va_arg(ap, unsigned long long)
				   : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			out_num(&o, v, *fmt == 'u' ? 10 : 16, width, zero, false);
			break;
		}
		case 'p':
			out_c(&o, '0');
			out_c(&o, 'x');
			out_num(&o, (uintptr_t)va_arg(ap, void *), 16, 8, true, false);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			for (int n = 0; *s && (precision < 0 || n < precision); n++)
				out_c(&o, *s++);
			break;
		}
		case 'c':
			out_c(&o, (char)va_arg(ap, int));
			break;
		case '%':
			out_c(&o, '%');
			break;
		default:
			out_c(&o, '%');
			if (*fmt)
				out_c(&o, *fmt);
			else
				fmt--;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf_lite(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf_lite(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static const char *const level_names[] = {
	[LOG_ERROR / 10] = "error: ",
	[LOG_WARN / 10] = "warning: ",
	[LOG_NOTICE / 10] = "",
	[LOG_INFO / 10] = "",
	[LOG_VERBOSE / 10] = "",
};

static void vlog(int level, const char *fmt, va_list ap)
{
	char line[256];

	vsnprintf_lite(line, sizeof(line), fmt, ap);
	console_puts("belay: ");
	console_puts(level_names[level / 10]);
	console_puts(line);
	console_putc('\n');
}

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_ERROR, fmt, ap);
	va_end(ap);
	console_puts("belay: stopping: powering off\n");
	psci_fw_system_off();
}

static bool in_hyp(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return (cpsr & PSR_MODE_MASK) == PSR_MODE_HYP;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	char line[256];

	va_start(ap, fmt);
	vsnprintf_lite(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_puts("belay: PANIC: ");
	console_puts(line);
	console_putc('\n');
	if (in_hyp()) {
		uint32_t htpidr = read_sysreg(HTPIDR);
		log_printf(LOG_ERROR, "HSR %08x HDFAR %08x HIFAR %08x HCR %08x HSCTLR %08x HTPIDR %08x",
			   (unsigned)read_sysreg(HSR), (unsigned)read_sysreg(HDFAR),
			   (unsigned)read_sysreg(HIFAR), (unsigned)read_sysreg(HCR),
			   (unsigned)read_sysreg(HSCTLR), (unsigned)htpidr);
		struct cpu *cpu = this_cpu();
		if (cpu)
			log_printf(LOG_ERROR, "cpu %u (MPIDR %08x) state %s",
				   (unsigned)cpu->index, (unsigned)cpu->mpidr, state_name(cpu->state));
	}
	console_puts("belay: stopping: powering off\n");
	psci_fw_system_off();
}
