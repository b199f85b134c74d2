/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The unit tests' whole framework: CHECK() records a failure with its
 * place and goes on, so one run reports every broken assertion; a case
 * prints PASS only if none of its checks failed, and main() returns
 * check_result(), which is 1 if anything failed.
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_case_failures;

#define CHECK(expr)							\
	do {								\
		if (!(expr)) {						\
			printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #expr); \
			check_failures++;				\
			check_case_failures++;				\
		}							\
	} while (0)

/* CHECK_EQ shows both values, which a bare CHECK cannot. */
#define CHECK_EQ(a, b)							\
	do {								\
		unsigned long long check_a_ = (unsigned long long)(a);	\
		unsigned long long check_b_ = (unsigned long long)(b);	\
		if (check_a_ != check_b_) {				\
			printf("FAIL %s:%d %s == %s (0x%llx != 0x%llx)\n", \
			       __FILE__, __LINE__, #a, #b, check_a_, check_b_); \
			check_failures++;				\
			check_case_failures++;				\
		}							\
	} while (0)

#define RUN(fn)								\
	do {								\
		check_case_failures = 0;				\
		fn();							\
		if (!check_case_failures)				\
			printf("PASS %s\n", #fn);			\
	} while (0)

static inline int check_result(void)
{
	if (check_failures)
		printf("%d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}

#endif /* TESTS_UNIT_CHECK_H */
