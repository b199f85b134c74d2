/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Levelled logging with a "belay: " prefix. Levels below BELAY_LOG_LEVEL
 * (a build option) compile away. The console is a UART found in the DTB;
 * before it is known, output is dropped.
 */
#ifndef HYP_LOG_H
#define HYP_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_ERROR	10
#define LOG_WARN	20
#define LOG_NOTICE	30
#define LOG_INFO	40
#define LOG_VERBOSE	50

#ifndef BELAY_LOG_LEVEL
#define BELAY_LOG_LEVEL LOG_INFO
#endif

void log_printf(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The run-time level (belay.log=), at most the build's BELAY_LOG_LEVEL. */
extern int log_level;

#define LOG_AT(lvl, ...) do { if ((lvl) <= BELAY_LOG_LEVEL && (lvl) <= log_level) \
				      log_printf(lvl, __VA_ARGS__); } while (0)
#define ERROR(...)	LOG_AT(LOG_ERROR, __VA_ARGS__)
#define WARN(...)	LOG_AT(LOG_WARN, __VA_ARGS__)
#define NOTICE(...)	LOG_AT(LOG_NOTICE, __VA_ARGS__)
#define INFO(...)	LOG_AT(LOG_INFO, __VA_ARGS__)
#define VERBOSE(...)	LOG_AT(LOG_VERBOSE, __VA_ARGS__)

/*
 * A line about one CPU: "cpuN: " comes before the message, so that the
 * many lines that name their CPU first spell the prefix once, here.
 */
void log_cpu(int level, unsigned int cpu, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define CPU_LOG_AT(lvl, cpu, ...) do { if ((lvl) <= BELAY_LOG_LEVEL && (lvl) <= log_level) \
					       log_cpu(lvl, cpu, __VA_ARGS__); } while (0)
#define CPU_WARN(cpu, ...)	CPU_LOG_AT(LOG_WARN, cpu, __VA_ARGS__)
#define CPU_NOTICE(cpu, ...)	CPU_LOG_AT(LOG_NOTICE, cpu, __VA_ARGS__)
#define CPU_INFO(cpu, ...)	CPU_LOG_AT(LOG_INFO, cpu, __VA_ARGS__)
#define CPU_VERBOSE(cpu, ...)	CPU_LOG_AT(LOG_VERBOSE, cpu, __VA_ARGS__)

/*
 * Lines a guest causes (an injected abort or undefined instruction) go
 * through a per-CPU rate limit: at most GUEST_LOG_BURST lines per CPU in
 * every GUEST_LOG_PERIOD_S seconds (CNTPCT); the rest are counted, and
 * one line "cpuN: K guest-caused lines suppressed ..." reports them when
 * the next period starts (noticed at the next trap from the guest) and
 * when the CPU or the machine is powered off.
 */
#define GUEST_LOG_BURST		10
#define GUEST_LOG_PERIOD_S	5

void log_guest(unsigned int cpu, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Report this CPU's suppressed count if its period is over (or if now). */
void log_guest_tick(unsigned int cpu, bool now);
/* Report every CPU's suppressed count (machine power-off). */
void log_guest_flush_all(void);

#define GUEST_LOG(cpu, lvl, ...) do { if ((lvl) <= BELAY_LOG_LEVEL && (lvl) <= log_level) \
					      log_guest(cpu, lvl, __VA_ARGS__); } while (0)

/*
 * The log ring (docs/boot.md, "Reading belay's log"): every line belay
 * logs from belay_main() on also goes into a 16 KiB buffer in its region,
 * whether or not there is a console, for a debugger, QEMU's monitor or a
 * later kernel to read. LOG_RING_MAGIC and the header layout are part of
 * that document.
 */
#define LOG_RING_SIZE	16384		/* header included; page-aligned */
#define LOG_RING_MAGIC	"belaylog"	/* 8 bytes, no NUL */

struct log_ring_header {
	char magic[8];		/* LOG_RING_MAGIC */
	uint32_t size;		/* bytes of text the ring holds */
	uint32_t written;	/* bytes of text ever written; the text's end is
				 * at written % size, wrapping */
};

/* Start the ring (bss must be zeroed: belay_main()). */
void log_ring_init(void);
/* Where it is (physical: belay's HYP map is an identity map). */
uintptr_t log_ring_base(void);

/* Print "belay: PANIC: ...", the CPU's HYP state, and power off. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Print an error and power the machine off: for bad input at boot. */
void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* belay's own invariants only; never for what a guest or DTB controls. */
#define CHECK(cond) do { if (!(cond)) panic("%s:%d: CHECK(%s) failed", __FILE_NAME__, __LINE__, #cond); } while (0)

#endif /* HYP_LOG_H */
