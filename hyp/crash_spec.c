/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Crash injection's pure part (include/hyp/crash.h): the `belay.crash=`
 * grammar of docs/kdump.md, the checks BELAY_CRASH_ARM shares with it, and
 * the event count. No state of its own, so the host's unit tests run it.
 */
#include <string.h>

#include <belay/abi.h>
#include <hyp/crash.h>
#include <hyp/format.h>
#include <hyp/time_word.h>

/* The names of the event triggers, indexed by BELAY_CRASH_AT_*. */
static const char *const trigger_names[] = {
	[BELAY_CRASH_AT_DEADLINE] = "at",
	[BELAY_CRASH_AT_CPU_ON] = "cpu_on",
	[BELAY_CRASH_AT_CPU_OFF] = "cpu_off",
	[BELAY_CRASH_AT_AFFINITY_INFO] = "affinity_info",
	[BELAY_CRASH_AT_RESET_VECTORS] = "reset_vectors",
	[BELAY_CRASH_AT_LAUNCH] = "launch",
	[BELAY_CRASH_AT_WHILE_STATE] = "while",
};
#define NR_TRIGGERS	(sizeof(trigger_names) / sizeof(trigger_names[0]))

/*
 * The states a WHILE_STATE trigger can wait for. FOREIGN is missing on
 * purpose: a CPU enters it in STUB with belay's MMU off, where belay keeps
 * no shared state, and belay never runs on it while it is FOREIGN.
 */
static const char *const state_names[] = {
	[BELAY_STATE_OFF] = "off", [BELAY_STATE_STUB] = "stub", [BELAY_STATE_INIT] = "init",
	[BELAY_STATE_RUN] = "run", [BELAY_STATE_TEARDOWN] = "teardown",
};
#define NR_STATES	(sizeof(state_names) / sizeof(state_names[0]))

static const char *const how_names[] = {
	[BELAY_CRASH_SEA] = "sea", [BELAY_CRASH_UNDEF] = "undef",
};

const char *crash_how_name(uint32_t how)
{
	return how < sizeof(how_names) / sizeof(how_names[0]) ? how_names[how] : "?";
}

static bool is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !strncmp(s, word, len);
}

/* A decimal number that fills s[0..len) and fits 32 bits. */
static bool parse_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (!len)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > 0xffffffffu)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* "2500ms": a number and a unit, in microseconds. */
/* For belay.crash= words and BELAY_CRASH_ARM's arguments alike. */
static const char unknown_state[] = "while: unknown state (off, stub, init, run, teardown)";
static const char count_from_1[] = "an event trigger counts from 1: cpu_on:K, cpu_off:K, affinity_info:K, "
				   "reset_vectors:K, launch:K";

static const char *parse_time(const char *s, size_t len, uint32_t *us)
{
	uint64_t t;

	switch (time_word_us(s, len, &t)) {
	case TIME_WORD_NO_NUMBER:
		return "at: needs a number and unit (us, ms, s), e.g. at:2500ms";
	case TIME_WORD_BAD_UNIT:
		return "at: unknown unit (us, ms, s)";
	default:
		break;
	}
	if (t > 0xffffffffu)
		return "at: the time must be below 4294 s";
	*us = (uint32_t)t;
	return NULL;
}

/* The trigger word: "at:T", "cpu_off:K", "while:N:STATE". */
static const char *parse_trigger(const char *s, size_t len, struct crash_spec *out)
{
	const char *colon = memchr(s, ':', len);
	size_t name_len = colon ? (size_t)(colon - s) : len;
	const char *rest = colon ? colon + 1 : s + len;
	size_t rest_len = len - name_len - (colon ? 1 : 0);

	for (uint32_t t = 0; t < NR_TRIGGERS; t++) {
		if (!is(s, name_len, trigger_names[t]))
			continue;
		out->trigger = t;
		if (!colon)
			return "the trigger needs an argument (at:2500ms, cpu_off:3, while:1:stub)";
		if (t == BELAY_CRASH_AT_DEADLINE)
			return parse_time(rest, rest_len, &out->arg);
		if (t == BELAY_CRASH_AT_WHILE_STATE) {
			const char *c2 = memchr(rest, ':', rest_len);
			uint32_t n;

			if (!c2 || !parse_u32(rest, (size_t)(c2 - rest), &n) || n > 0xffffff)
				return "while: needs a CPU and a state, e.g. while:1:stub";
			for (uint32_t st = 0; st < NR_STATES; st++) {
				if (is(c2 + 1, rest_len - (size_t)(c2 + 1 - rest), state_names[st])) {
					out->arg = (n << 8) | st;
					return NULL;
				}
			}
			return unknown_state;
		}
		if (!parse_u32(rest, rest_len, &out->arg) || out->arg == 0)
			return count_from_1;
		return NULL;
	}
	return "unknown trigger (at, cpu_on, cpu_off, affinity_info, reset_vectors, launch, while)";
}

const char *crash_parse(const char *s, size_t len, struct crash_spec *out)
{
	struct crash_spec spec = { .target = 0, .how = BELAY_CRASH_SEA };
	bool first = true;
	const char *err;

	while (len) {
		const char *comma = memchr(s, ',', len);
		size_t n = comma ? (size_t)(comma - s) : len;

		if (first) {
			if ((err = parse_trigger(s, n, &spec)))
				return err;
		} else if (n > 4 && !strncmp(s, "cpu=", 4)) {
			if (!parse_u32(s + 4, n - 4, &spec.target))
				return "cpu= needs a CPU number";
		} else if (n > 4 && !strncmp(s, "how=", 4)) {
			if (is(s + 4, n - 4, "sea"))
				spec.how = BELAY_CRASH_SEA;
			else if (is(s + 4, n - 4, "undef"))
				spec.how = BELAY_CRASH_UNDEF;
			else
				return "how= is sea or undef";
		} else {
			return "unknown setting (cpu=N, how=sea|undef)";
		}
		first = false;
		s += n;
		len -= n;
		if (comma) {
			s++;
			len--;
			if (!len)
				return "a trailing ','";
		}
	}
	if (first)
		return "empty: belay.crash=TRIGGER[,cpu=N][,how=sea|undef]";
	*out = spec;
	return NULL;
}

const char *crash_spec_check(const struct crash_spec *spec, unsigned int nr_cpus)
{
	if (spec->trigger >= NR_TRIGGERS)
		return "unknown trigger";
	if (spec->target >= nr_cpus)
		return "the target CPU does not exist";
	if (spec->how >= sizeof(how_names) / sizeof(how_names[0]))
		return "unknown delivery";
	if (spec->trigger == BELAY_CRASH_AT_WHILE_STATE) {
		if ((spec->arg >> 8) >= nr_cpus)
			return "while: the watched CPU does not exist";
		if ((spec->arg & 0xff) >= NR_STATES)
			return unknown_state;
	} else if (spec->trigger != BELAY_CRASH_AT_DEADLINE && spec->arg == 0) {
		return count_from_1;
	}
	return NULL;
}

int crash_format_trigger(char *buf, size_t size, const struct crash_spec *spec)
{
	const char *name = spec->trigger < NR_TRIGGERS ? trigger_names[spec->trigger] : "?";

	if (spec->trigger == BELAY_CRASH_AT_DEADLINE)
		return spec->arg % 1000 ? snprintf_lite(buf, size, "at:%uus", (unsigned)spec->arg)
					: snprintf_lite(buf, size, "at:%ums", (unsigned)(spec->arg / 1000));
	if (spec->trigger == BELAY_CRASH_AT_WHILE_STATE)
		return snprintf_lite(buf, size, "while:%u:%s", (unsigned)(spec->arg >> 8),
				     (spec->arg & 0xff) < NR_STATES ? state_names[spec->arg & 0xff] : "?");
	return snprintf_lite(buf, size, "%s:%u", name, (unsigned)spec->arg);
}

bool crash_arm_event(struct crash_arm *a, uint32_t trigger, uint32_t arg)
{
	if (!a->armed || a->spec.trigger != trigger || trigger == BELAY_CRASH_AT_DEADLINE)
		return false;
	if (trigger == BELAY_CRASH_AT_WHILE_STATE) {
		if (arg != a->spec.arg)
			return false;
	} else if (++a->seen < a->spec.arg) {
		return false;
	}
	a->armed = false;
	return true;
}

/* n / d and its remainder, one bit at a time: no libgcc helper needed. */
static uint64_t div64(uint64_t n, uint32_t d, uint32_t *rem)
{
	uint64_t q = 0, r = 0;

	for (int i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	*rem = (uint32_t)r;
	return q;
}

uint64_t crash_us_to_ticks(uint64_t us, uint32_t freq)
{
	uint32_t rem;
	uint64_t s = div64(us, 1000000, &rem);

	return s * freq + div64((uint64_t)rem * freq, 1000000, &rem);
}

uint64_t crash_ticks_to_us(uint64_t ticks, uint32_t freq)
{
	uint32_t rem;
	uint64_t s;

	if (!freq)
		return 0;
	s = div64(ticks, freq, &rem);
	return s * 1000000 + div64((uint64_t)rem * 1000000, freq, &rem);
}
