/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The one printf-style formatter (hyp/format.c), used by belay's log and
 * the test guests, against the host's snprintf for the conversions both
 * have, and its own rules where they differ (no libgcc division, %p).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <hyp/format.h>

#include "check.h"

static char got[64], want[64];

#define SAME(...)							\
	do {								\
		int n_ = snprintf_lite(got, sizeof(got), __VA_ARGS__);	\
		int m_ = snprintf(want, sizeof(want), __VA_ARGS__);	\
		if (strcmp(got, want))					\
			printf("  '%s' != '%s'\n", got, want);		\
		CHECK(strcmp(got, want) == 0);				\
		CHECK_EQ(n_, m_);					\
	} while (0)

static void test_like_libc(void)
{
	SAME("plain");
	SAME("%d %i %u", -42, 7, 4000000000u);
	SAME("%5d|%05d|%3u", -42, -42, 3u);
	SAME("%x %X %08x", 0xbadca11u, 0xbadca11u, 0x1fu);
	SAME("%llx %llu %lld", 0x123456789abcdefull, 18446744073709551615ull, -9000000000ll);
	SAME("%lu %zu", 123456ul, (size_t)99);
	SAME("%s|%8s|%.3s|%.*s", "abc", "abc", "abcdef", 2, "xyz");
	SAME("%c%c %%", 'o', 'k');
	SAME("%d", (int)0x80000000u);
	SAME("%lld", (long long)0x8000000000000000ull);
}

static void test_own_rules(void)
{
	CHECK_EQ(snprintf_lite(got, sizeof(got), "%p", (void *)0x1234), 10);
	CHECK(strcmp(got, "0x00001234") == 0);
	/* What -Wformat rightly rejects, on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
	snprintf_lite(got, sizeof(got), "%s", (const char *)NULL);
	CHECK(strcmp(got, "(null)") == 0);
	snprintf_lite(got, sizeof(got), "%q");
#pragma GCC diagnostic pop
	CHECK(strcmp(got, "%q") == 0);
	/* Cut output: NUL-terminated, the full length returned. */
	CHECK_EQ(snprintf_lite(got, 5, "%s", "abcdefgh"), 8);
	CHECK(strcmp(got, "abcd") == 0);
	got[0] = 'x';
	CHECK_EQ(snprintf_lite(got, 0, "abc"), 3);
	CHECK(got[0] == 'x');
}

int main(void)
{
	RUN(test_like_libc);
	RUN(test_own_rules);
	return check_result();
}
