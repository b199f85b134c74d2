// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * Test reporting in the style of kvm-unit-tests' lib/report.c, with the
 * markers tests/harness/run_qemu.py reads:
 *   "ok N - name" / "not ok N - name" / "ok N - name # SKIP"
 *   "belay-test: done passed=P failed=F"   (end marker)
 *   "belay-test: skip REASON"              (whole test skipped)
 * A skip must never hide a belay bug: what a guest finds missing under
 * belay fails it (test_missing()).
 * Any CPU may report: the console lock keeps each line and its count
 * together.
 */
#include "guest.h"

static unsigned int tests, passed, failed, skipped;
static char prefix[64];

void report_prefix_push(const char *p)
{
	snprintf(prefix, sizeof(prefix), "%s: ", p);
}

void report_prefix_pop(void)
{
	prefix[0] = '\0';
}

static void report_line(const char *status, const char *suffix,
			const char *fmt, va_list ap)
{
	char name[160];

	vsnprintf(name, sizeof(name), fmt, ap);
	printf("%s %u - %s%s%s\n", status, ++tests, prefix, name, suffix);
}

bool report(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cond, fmt, ap);
	va_end(ap);
	return cond;
}

bool vreport(bool cond, const char *fmt, va_list ap)
{
	console_lock();
	report_line(cond ? "ok" : "not ok", "", fmt, ap);
	if (cond)
		passed++;
	else
		failed++;
	console_unlock();
	return cond;
}

bool check(struct checker *c, bool cond, const char *fmt, ...)
{
	va_list ap;

	c->checks++;
	if (!cond)
		c->fails++;
	va_start(ap, fmt);
	if (!c->quiet) {
		vreport(cond, fmt, ap);
	} else if (!cond && c->fails <= 8) {
		char name[160];

		vsnprintf(name, sizeof(name), fmt, ap);
		printf("# %scheck failed (CPU %u): %s\n", prefix,
		       (unsigned int)(read_sysreg(MPIDR) & 0xff), name);
	}
	va_end(ap);
	return cond;
}

void report_skip(const char *fmt, ...)
{
	va_list ap;

	console_lock();
	va_start(ap, fmt);
	report_line("ok", " # SKIP", fmt, ap);
	va_end(ap);
	skipped++;
	console_unlock();
}

void report_info(const char *fmt, ...)
{
	va_list ap;

	console_lock();
	puts_raw("# ");
	puts_raw(prefix);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	uart_putc('\n');
	console_unlock();
}

noreturn void report_summary(void)
{
	console_lock();		/* kept: nothing prints after the end marker */
	if (skipped)
		printf("# %u skipped\n", skipped);
	printf("belay-test: done passed=%u failed=%u\n", passed, failed);
	psci_system_off();
}

noreturn void test_skip_all(const char *why)
{
	printf("belay-test: skip %s\n", why);
	psci_system_off();
}

noreturn void test_missing(const char *what)
{
	if (!rt.native)
		test_abort("missing: %s (under belay, what the guest finds is belay's doing)", what);
	printf("belay-test: skip missing: %s\n", what);
	psci_system_off();
}

noreturn void test_abort(const char *fmt, ...)
{
	va_list ap;

	console_lock();
	puts_raw("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	uart_putc('\n');
	failed++;
	report_summary();
}

noreturn void psci_system_off(void)
{
	/*
	 * Under belay in RUN the smc traps and belay powers off; in STUB or
	 * FOREIGN (belay torn down) and in native runs it reaches QEMU's PSCI.
	 */
	smc_call4(PSCI_SYSTEM_OFF, 0, 0, 0);
	puts_raw("FAIL: PSCI SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}
