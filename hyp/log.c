/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <arch/sysreg.h>
#include <drivers/ns16550.h>
#include <drivers/pl011.h>
#include <drivers/psci_fw.h>
#include <hyp/cache.h>
#include <hyp/cpu.h>
#include <hyp/format.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/platform.h>
#include <hyp/spinlock.h>

/*
 * The console. In .data, not .bss: it is set before belay has zeroed any
 * bss and must survive the copy to belay's home.
 */
static struct uart console __attribute__((section(".data"))) = { .kind = UART_NONE };

void console_init(const struct uart *u)
{
	console = *u;
}

static void uart_putc(char c)
{
	uintptr_t base = (uintptr_t)console.base;

	switch (console.kind) {
	case UART_PL011:
		pl011_putc(base, c);
		break;
	case UART_NS16550:
		ns16550_putc(base, console.reg_shift, console.reg_io_width, c);
		break;
	default:
		break;
	}
}

static void console_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

static void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

/* In .data for the same reason; set from belay.log= once at boot. */
int log_level __attribute__((section(".data"))) = BELAY_LOG_LEVEL;

static const char *const level_names[] = {
	[LOG_ERROR / 10] = "error: ",
	[LOG_WARN / 10] = "warning: ",
	[LOG_NOTICE / 10] = "",
	[LOG_INFO / 10] = "",
	[LOG_VERBOSE / 10] = "",
};

static bool in_hyp(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return (cpsr & PSR_MODE_MASK) == PSR_MODE_HYP;
}

/*
 * Whole lines. A line is formatted first (on this CPU's stack), then sent
 * to the UART under console_lock, so lines of several CPUs never
 * interleave. The lock is a LDREX/STREX spinlock, which needs Normal
 * cacheable memory: it is taken only while this CPU's HYP MMU is on
 * (RUN, where everything a guest causes is logged). With the MMU off
 * (boot before the first MMU enable, when only the boot CPU runs, and
 * STUB) lines go out unlocked. The lock never stops a line for long and
 * never deadlocks: a CPU that already holds it (it faulted in HYP while
 * printing and is now panicking) prints without it, and a CPU that waits
 * longer than CONSOLE_LOCK_WAIT_MS (the holder died) prints anyway.
 */
#define LINE_MAX		288
#define CONSOLE_LOCK_WAIT_MS	250	/* TCG on a busy host descheduled a holder for >20 ms */

static spinlock_t console_lock;
static volatile uint32_t console_owner;	/* logical CPU + 1 of the holder, or 0 */

static uint64_t cntpct(void)
{
	isb();
	return read_sysreg64(CNTPCT);
}

static uint64_t ticks_per_ms(void)
{
	uint32_t frq = read_sysreg(CNTFRQ);

	return frq ? frq / 1000 : 62500;	/* unset CNTFRQ: QEMU's 62.5 MHz */
}

static bool console_lock_bounded(void)
{
	uint64_t start = cntpct(), limit = CONSOLE_LOCK_WAIT_MS * ticks_per_ms();

	while (!spin_trylock(&console_lock))
		if (cntpct() - start > limit)
			return false;
	return true;
}

static bool hyp_mmu_on(void)
{
	return in_hyp() && (read_sysreg(HSCTLR) & HSCTLR_M);
}

/*
 * The ring: a header, then the text. It is in bss, so it exists only once
 * belay runs at home (belay_main()); lines before that (boot_choose_home()'s,
 * all fatal but for none) reach the console only. ring_on lives in .data
 * like the console. Lines are added under the console lock where there is
 * one (RUN). With the MMU on, the ring is written through the data cache,
 * so each write invalidates the lines it touches first (a CPU with its MMU
 * off may have written memory behind them) and cleans them to the Point of
 * Coherency after, so that memory always holds the text for a reader
 * outside belay, whatever its caches (QEMU's xp, a JTAG debugger).
 */
static union {
	struct log_ring_header h;
	char bytes[LOG_RING_SIZE];
} log_ring __attribute__((aligned(4096)));
#define RING_TEXT	(LOG_RING_SIZE - sizeof(struct log_ring_header))
static bool ring_on __attribute__((section(".data"))) = false;

void log_ring_init(void)
{
	memcpy(log_ring.h.magic, LOG_RING_MAGIC, sizeof(log_ring.h.magic));
	log_ring.h.size = RING_TEXT;
	log_ring.h.written = 0;
	ring_on = true;
}

uintptr_t log_ring_base(void)
{
	return (uintptr_t)&log_ring;
}

/* Invalidate (before a write) or clean (after it) the header and n bytes
 * of text from `from`. */
static void ring_maintain(bool clean, uint32_t from, uint32_t n)
{
	void (*op)(uintptr_t, uintptr_t) = clean ? dcache_clean_range : dcache_inv_range;
	uintptr_t h = (uintptr_t)&log_ring.h, text = (uintptr_t)(&log_ring.h + 1);

	op(h, h + sizeof(log_ring.h));
	if (n)
		op(text + from, text + from + n);
}

static void ring_write(const char *line)
{
	char *text = (char *)(&log_ring.h + 1);
	bool cached = hyp_mmu_on();
	uint32_t len = (uint32_t)strlen(line), at, first;

	if (!ring_on)
		return;
	if (cached)
		ring_maintain(false, 0, 0);
	/* At most two runs of text: the line may wrap. */
	at = log_ring.h.written % RING_TEXT;
	first = len < RING_TEXT - at ? len : RING_TEXT - at;
	if (cached) {
		ring_maintain(false, at, first);
		ring_maintain(false, 0, len - first);
	}
	memcpy(text + at, line, first);
	memcpy(text, line + first, len - first);
	log_ring.h.written += len;
	if (cached) {
		ring_maintain(true, at, first);
		ring_maintain(true, 0, len - first);
	}
}

static void console_write_line(const char *line)
{
	uint32_t me = 0;
	bool locked = false;

	if (hyp_mmu_on()) {
		struct cpu *cpu = this_cpu();

		me = cpu ? cpu->index + 1 : MAX_CPUS + 1;
		if (console_owner != me && console_lock_bounded()) {
			locked = true;
			console_owner = me;
		}
	}
	console_puts(line);
	ring_write(line);
	if (locked) {
		console_owner = 0;
		spin_unlock(&console_lock);
	}
}

/* No "cpuN: " prefix (log_printf()). */
#define NO_CPU	(~0u)

/* "belay: " + prefix [+ "cpuN: "] + the formatted message + "\n", cut to LINE_MAX. */
static void format_line(char *line, const char *prefix, unsigned int cpu, const char *fmt, va_list ap)
{
	int n = snprintf_lite(line, LINE_MAX, "belay: %s", prefix);

	if (cpu != NO_CPU)
		n += snprintf_lite(line + n, LINE_MAX - n, "cpu%u: ", cpu);
	if (n < LINE_MAX - 2)
		n += vsnprintf_lite(line + n, LINE_MAX - 1 - n, fmt, ap);
	if (n > LINE_MAX - 2)
		n = LINE_MAX - 2;
	line[n] = '\n';
	line[n + 1] = '\0';
}

static void vlog(int level, unsigned int cpu, const char *fmt, va_list ap)
{
	char line[LINE_MAX];

	format_line(line, level_names[level / 10], cpu, fmt, ap);
	console_write_line(line);
}

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(level, NO_CPU, fmt, ap);
	va_end(ap);
}

void log_cpu(int level, unsigned int cpu, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(level, cpu, fmt, ap);
	va_end(ap);
}

/*
 * The guest-caused lines' rate limit (log.h). Each CPU touches only its
 * own record, from HYP in RUN, except log_guest_flush_all() at power-off.
 * The records are cacheable data written with the MMU on, so nothing
 * reads them with it off.
 */
struct guest_log_limit {
	uint64_t period_start;	/* CNTPCT */
	uint32_t printed;	/* in this period */
	uint32_t suppressed;	/* not yet reported */
	int level;		/* the most severe suppressed level */
};
static struct guest_log_limit guest_limit[MAX_CPUS];

static void guest_report_suppressed(unsigned int cpu)
{
	struct guest_log_limit *g = &guest_limit[cpu];

	if (!g->suppressed)
		return;
	log_cpu(g->level, cpu, "%u guest-caused lines suppressed (at most %u per CPU every %u s)",
		(unsigned)g->suppressed, GUEST_LOG_BURST, GUEST_LOG_PERIOD_S);
	g->suppressed = 0;
}

void log_guest_tick(unsigned int cpu, bool now)
{
	struct guest_log_limit *g = &guest_limit[cpu];
	uint64_t t;

	if (cpu >= MAX_CPUS || !hyp_mmu_on())
		return;
	t = cntpct();
	if (!now && t - g->period_start < GUEST_LOG_PERIOD_S * 1000ull * ticks_per_ms())
		return;
	guest_report_suppressed(cpu);
	if (!now) {
		g->period_start = t;
		g->printed = 0;
	}
}

void log_guest(unsigned int cpu, int level, const char *fmt, ...)
{
	struct guest_log_limit *g;
	va_list ap;

	if (cpu >= MAX_CPUS)
		return;
	if (!hyp_mmu_on()) {	/* not reached: guests cause lines only in RUN */
		va_start(ap, fmt);
		vlog(level, NO_CPU, fmt, ap);
		va_end(ap);
		return;
	}
	g = &guest_limit[cpu];
	log_guest_tick(cpu, false);
	if (g->printed >= GUEST_LOG_BURST) {
		if (!g->suppressed || level < g->level)
			g->level = level;
		g->suppressed++;
		return;
	}
	g->printed++;
	va_start(ap, fmt);
	vlog(level, NO_CPU, fmt, ap);
	va_end(ap);
}

void log_guest_flush_all(void)
{
	if (!hyp_mmu_on())
		return;
	for (unsigned int i = 0; i < MAX_CPUS; i++)
		guest_report_suppressed(i);
}

static const char stopping_line[] = "belay: stopping: powering off\n";

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_ERROR, NO_CPU, fmt, ap);
	va_end(ap);
	console_write_line(stopping_line);
	psci_fw_system_off();
}

void panic(const char *fmt, ...)
{
	va_list ap;
	char line[LINE_MAX];

	va_start(ap, fmt);
	format_line(line, "PANIC: ", NO_CPU, fmt, ap);
	va_end(ap);
	console_write_line(line);
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
	console_write_line(stopping_line);
	psci_fw_system_off();
}
