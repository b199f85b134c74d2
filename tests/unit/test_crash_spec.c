/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Crash injection's pure part (hyp/crash_spec.c): the `belay.crash=`
 * grammar of docs/kdump.md, good words and every kind of bad one; the
 * checks BELAY_CRASH_ARM shares; the k-th event count; the counter
 * arithmetic that replaces libgcc's 64-bit division.
 */
#include <stdio.h>
#include <string.h>

#include <belay/abi.h>
#include <hyp/crash.h>

#include "check.h"

static const char *parse(const char *s, struct crash_spec *out)
{
	return crash_parse(s, strlen(s), out);
}

static void test_good_words(void)
{
	static const struct {
		const char *word;
		struct crash_spec want;
		const char *canonical;
	} cases[] = {
		{ "at:2500ms,cpu=1,how=sea", { BELAY_CRASH_AT_DEADLINE, 1, 2500000, BELAY_CRASH_SEA },
		  "at:2500ms" },
		{ "at:7us", { BELAY_CRASH_AT_DEADLINE, 0, 7, BELAY_CRASH_SEA }, "at:7us" },
		{ "at:3s,how=undef", { BELAY_CRASH_AT_DEADLINE, 0, 3000000, BELAY_CRASH_UNDEF },
		  "at:3000ms" },
		{ "at:4294s", { BELAY_CRASH_AT_DEADLINE, 0, 4294000000u, BELAY_CRASH_SEA },
		  "at:4294000ms" },
		{ "cpu_on:1", { BELAY_CRASH_AT_CPU_ON, 0, 1, BELAY_CRASH_SEA }, "cpu_on:1" },
		{ "cpu_off:3,cpu=2", { BELAY_CRASH_AT_CPU_OFF, 2, 3, BELAY_CRASH_SEA }, "cpu_off:3" },
		{ "affinity_info:10,how=undef,cpu=3",
		  { BELAY_CRASH_AT_AFFINITY_INFO, 3, 10, BELAY_CRASH_UNDEF }, "affinity_info:10" },
		{ "reset_vectors:2", { BELAY_CRASH_AT_RESET_VECTORS, 0, 2, BELAY_CRASH_SEA },
		  "reset_vectors:2" },
		{ "launch:5,cpu=1", { BELAY_CRASH_AT_LAUNCH, 1, 5, BELAY_CRASH_SEA }, "launch:5" },
		{ "while:1:stub,cpu=0", { BELAY_CRASH_AT_WHILE_STATE, 0, (1 << 8) | BELAY_STATE_STUB,
					  BELAY_CRASH_SEA }, "while:1:stub" },
		{ "while:3:teardown", { BELAY_CRASH_AT_WHILE_STATE, 0,
					(3 << 8) | BELAY_STATE_TEARDOWN, BELAY_CRASH_SEA },
		  "while:3:teardown" },
		{ "while:0:off", { BELAY_CRASH_AT_WHILE_STATE, 0, BELAY_STATE_OFF, BELAY_CRASH_SEA },
		  "while:0:off" },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct crash_spec got;
		const char *err = parse(cases[i].word, &got);
		char text[40];

		if (err)
			printf("  %s: %s\n", cases[i].word, err);
		CHECK(err == NULL);
		CHECK_EQ(got.trigger, cases[i].want.trigger);
		CHECK_EQ(got.target, cases[i].want.target);
		CHECK_EQ(got.arg, cases[i].want.arg);
		CHECK_EQ(got.how, cases[i].want.how);
		CHECK(crash_spec_check(&got, 4) == NULL);
		crash_format_trigger(text, sizeof(text), &got);
		CHECK(strcmp(text, cases[i].canonical) == 0);
	}
}

static void test_bad_words(void)
{
	static const char *const bad[] = {
		"", "at", "at:", "at:10", "at:ms", "at:10h", "at:-5ms", "at:5000s",
		"at:99999999999us", "at:1ms,", ",at:1ms", "cpu_on", "cpu_on:", "cpu_on:0",
		"cpu_on:x", "cpu_on:1x", "cpu_off:4294967296", "while:1", "while:1:", "while:x:run",
		"while:1:foreign", "while:1:sleep", "while::run", "sometime:1", "at:1ms,cpu=",
		"at:1ms,cpu=x", "at:1ms,how=panic", "at:1ms,how=", "at:1ms,colour=red",
		"at:1ms,,cpu=1", "AT:1ms", "cpu_on:1 cpu=1",
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct crash_spec got = { 0xaa, 0xbb, 0xcc, 0xdd };
		const char *err = parse(bad[i], &got);

		if (!err)
			printf("  '%s' was taken\n", bad[i]);
		CHECK(err != NULL && err[0]);
		/* A refused word leaves the caller's spec alone. */
		CHECK_EQ(got.trigger, 0xaa);
	}
}

static void test_check(void)
{
	struct crash_spec s = { BELAY_CRASH_AT_CPU_ON, 1, 1, BELAY_CRASH_SEA };

	CHECK(crash_spec_check(&s, 2) == NULL);
	CHECK(crash_spec_check(&s, 1) != NULL);		/* CPU 1 of 1 */
	s.arg = 0;
	CHECK(crash_spec_check(&s, 2) != NULL);		/* the 0th event */
	s = (struct crash_spec){ BELAY_CRASH_AT_DEADLINE, 0, 0, BELAY_CRASH_SEA };
	CHECK(crash_spec_check(&s, 1) == NULL);		/* at once */
	s.how = 2;
	CHECK(crash_spec_check(&s, 1) != NULL);
	s = (struct crash_spec){ 7, 0, 1, BELAY_CRASH_SEA };
	CHECK(crash_spec_check(&s, 1) != NULL);
	s = (struct crash_spec){ BELAY_CRASH_AT_WHILE_STATE, 0, (2 << 8) | BELAY_STATE_RUN, 0 };
	CHECK(crash_spec_check(&s, 3) == NULL);
	CHECK(crash_spec_check(&s, 2) != NULL);		/* watched CPU 2 of 2 */
	s.arg = (1 << 8) | BELAY_STATE_FOREIGN;
	CHECK(crash_spec_check(&s, 3) != NULL);
	s.arg = (1 << 8) | 200;
	CHECK(crash_spec_check(&s, 3) != NULL);
	s.target = 0xffffffffu;
	CHECK(crash_spec_check(&s, 3) != NULL);
}

static void test_events(void)
{
	struct crash_arm a = { .armed = true,
			       .spec = { BELAY_CRASH_AT_CPU_OFF, 1, 3, BELAY_CRASH_SEA } };

	/* Other events do not count; the third CPU_OFF fires, once. */
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_CPU_ON, 0));
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_CPU_OFF, 0));
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_AFFINITY_INFO, 0));
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_CPU_OFF, 0));
	CHECK_EQ(a.seen, 2);
	CHECK(crash_arm_event(&a, BELAY_CRASH_AT_CPU_OFF, 0));
	CHECK(!a.armed);
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_CPU_OFF, 0));

	a = (struct crash_arm){ .armed = true,
				.spec = { BELAY_CRASH_AT_WHILE_STATE, 0, (1 << 8) | BELAY_STATE_STUB } };
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_WHILE_STATE, (0 << 8) | BELAY_STATE_STUB));
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_WHILE_STATE, (1 << 8) | BELAY_STATE_RUN));
	CHECK(crash_arm_event(&a, BELAY_CRASH_AT_WHILE_STATE, (1 << 8) | BELAY_STATE_STUB));
	CHECK(!a.armed);

	/* A deadline is the HYP timer's business, never an event's. */
	a = (struct crash_arm){ .armed = true, .spec = { BELAY_CRASH_AT_DEADLINE, 0, 0 } };
	CHECK(!crash_arm_event(&a, BELAY_CRASH_AT_DEADLINE, 0));
	CHECK(a.armed);
}

static void test_ticks(void)
{
	const uint32_t f = 62500000;	/* QEMU virt's counter */

	CHECK_EQ(crash_us_to_ticks(0, f), 0);
	CHECK_EQ(crash_us_to_ticks(1, f), 62);		/* 62.5, rounded down */
	CHECK_EQ(crash_us_to_ticks(2500000, f), 156250000);
	CHECK_EQ(crash_us_to_ticks(4294967295ull, f), 4294967295ull * f / 1000000);
	CHECK_EQ(crash_ticks_to_us(156250000, f), 2500000);
	CHECK_EQ(crash_ticks_to_us(156250063, f), 2500001);
	CHECK_EQ(crash_ticks_to_us(1ull << 50, f), (1ull << 50) / f * 1000000 +
		 ((1ull << 50) % f) * 1000000 / f);
	CHECK_EQ(crash_ticks_to_us(1000, 0), 0);
	CHECK_EQ(crash_us_to_ticks(1000000, 24000000), 24000000);
}

int main(void)
{
	RUN(test_good_words);
	RUN(test_bad_words);
	RUN(test_check);
	RUN(test_events);
	RUN(test_ticks);
	return check_result();
}
