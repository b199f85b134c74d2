// SPDX-License-Identifier: GPL-2.0
// Copyright (c) 2026 The belay authors

/*
 * The crash words: what follows `belay.crash=` on belay's command line
 * (docs/kdump.md), read into BELAY_CRASH_ARM's registers
 * (include/belay/abi.h):
 *
 *   at:TIME[,cpu=N][,how=sea|undef]        TIME: 700us, 2500ms, 3s
 *   EVENT:K[,cpu=N][,how=...]              EVENT: cpu_on, cpu_off,
 *                                          affinity_info, reset_vectors,
 *                                          launch; the K-th one after arming
 *   while:C:STATE[,cpu=N][,how=...]        while CPU C is in STATE (off,
 *                                          stub, init, run, teardown)
 *
 * cpu= is the target (belay's CPU index; default 0), how= the delivery
 * (default sea). Or the four numbers of the register layout, r1 to r4:
 * "TRIGGER CPU ARG HOW". belay checks what only it knows (that the CPU
 * exists); this checks the form.
 */
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "belay_module.h"

static const char *const events[] = {
	[BELAY_CRASH_AT_CPU_ON] = "cpu_on",
	[BELAY_CRASH_AT_CPU_OFF] = "cpu_off",
	[BELAY_CRASH_AT_AFFINITY_INFO] = "affinity_info",
	[BELAY_CRASH_AT_RESET_VECTORS] = "reset_vectors",
	[BELAY_CRASH_AT_LAUNCH] = "launch",
};

static const char *const states[] = {
	[BELAY_STATE_OFF] = "off",
	[BELAY_STATE_STUB] = "stub",
	[BELAY_STATE_INIT] = "init",
	[BELAY_STATE_RUN] = "run",
	[BELAY_STATE_TEARDOWN] = "teardown",
};

/* The index of name (len bytes) in names[n], or -1. */
static int lookup(const char *const *names, int n, const char *name, size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && strlen(names[i]) == len && !strncmp(names[i], name, len))
			return i;
	return -1;
}

/* A decimal number of len bytes, at most max: true and *out. */
static bool number(const char *s, size_t len, u32 max, u32 *out)
{
	u64 v = 0;
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* TIME: digits and a unit (us, ms, s), in microseconds, below 2^32. */
static bool duration(const char *s, size_t len, u32 *us)
{
	static const struct {
		const char *unit;
		u32 scale;
	} units[] = { { "us", 1 }, { "ms", 1000 }, { "s", 1000000 } };
	size_t i, n = 0, ulen;
	u32 v;

	while (n < len && s[n] >= '0' && s[n] <= '9')
		n++;
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		ulen = strlen(units[i].unit);
		if (len - n == ulen && !strncmp(s + n, units[i].unit, ulen) &&
		    number(s, n, U32_MAX / units[i].scale, &v)) {
			*us = v * units[i].scale;
			return true;
		}
	}
	return false;
}

/* The trigger part, e.g. "at:2500ms", "cpu_off:3", "while:1:stub". */
static const char *trigger(const char *s, size_t len, struct belay_crash *c)
{
	const char *colon = memchr(s, ':', len), *arg, *colon2;
	size_t alen;
	u32 cpu;
	int i;

	if (!colon)
		return "the trigger has no ':' (at:TIME, EVENT:K or while:CPU:STATE)";
	arg = colon + 1;
	alen = s + len - arg;
	if (colon - s == 2 && !strncmp(s, "at", 2)) {
		c->trigger = BELAY_CRASH_AT_DEADLINE;
		if (!duration(arg, alen, &c->arg))
			return "at: wants a time such as 700us, 2500ms or 3s (below 4295 s)";
		return NULL;
	}
	if (colon - s == 5 && !strncmp(s, "while", 5)) {
		colon2 = memchr(arg, ':', alen);
		if (!colon2 || !number(arg, colon2 - arg, 255, &cpu))
			return "while: wants CPU:STATE, e.g. while:1:stub";
		i = lookup(states, ARRAY_SIZE(states), colon2 + 1, s + len - colon2 - 1);
		if (i < 0)
			return "while: the state is one of off, stub, init, run, teardown";
		c->trigger = BELAY_CRASH_AT_WHILE_STATE;
		c->arg = cpu << 8 | i;
		return NULL;
	}
	i = lookup(events, ARRAY_SIZE(events), s, colon - s);
	if (i < 0)
		return "unknown trigger (at, cpu_on, cpu_off, affinity_info, reset_vectors, launch, while)";
	c->trigger = i;
	if (!number(arg, alen, U32_MAX, &c->arg) || c->arg == 0)
		return "an event trigger wants K >= 1, e.g. cpu_off:3";
	return NULL;
}

/* One ",key=value" option. */
static const char *option(const char *s, size_t len, struct belay_crash *c)
{
	const char *eq = memchr(s, '=', len), *v;
	size_t klen, vlen;

	if (!eq)
		return "an option is cpu=N or how=sea|undef";
	klen = eq - s;
	v = eq + 1;
	vlen = s + len - v;
	if (klen == 3 && !strncmp(s, "cpu", 3)) {
		if (!number(v, vlen, U32_MAX, &c->cpu))
			return "cpu= wants a CPU number";
		return NULL;
	}
	if (klen == 3 && !strncmp(s, "how", 3)) {
		if (vlen == 3 && !strncmp(v, "sea", 3))
			c->how = BELAY_CRASH_SEA;
		else if (vlen == 5 && !strncmp(v, "undef", 5))
			c->how = BELAY_CRASH_UNDEF;
		else
			return "how= is sea or undef";
		return NULL;
	}
	return "unknown option (cpu=, how=)";
}

static const char *numeric(const char *s, struct belay_crash *c)
{
	char extra;

	if (sscanf(s, "%u %u %u %u %c", &c->trigger, &c->cpu, &c->arg, &c->how, &extra) != 4)
		return "the numeric form is four numbers: TRIGGER CPU ARG HOW";
	return NULL;
}

const char *belay_crash_parse(const char *s, struct belay_crash *c)
{
	size_t len = strlen(s), n;
	const char *why, *comma;

	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	*c = (struct belay_crash){ .cpu = 0, .how = BELAY_CRASH_SEA };
	if (len && s[0] >= '0' && s[0] <= '9')
		return numeric(s, c);
	comma = memchr(s, ',', len);
	n = comma ? comma - s : len;
	why = trigger(s, n, c);
	while (!why && comma) {
		s = comma + 1;
		len -= n + 1;
		comma = memchr(s, ',', len);
		n = comma ? comma - s : len;
		why = option(s, n, c);
	}
	return why;
}
