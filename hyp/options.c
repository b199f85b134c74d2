/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's own options: "belay.*" words in /chosen/bootargs (the guest never
 * sees them), split by the same rules that take them out of the guest's
 * command line (bootargs_next_word(), hyp/place.c). Unknown words and bad
 * values are reported, never fatal.
 */
#include <string.h>
#include <stdlib.h>

#include <hyp/capture.h>
#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>
#include <hyp/time_word.h>

static const struct {
	const char *name;
	int level;
} level_names[] = {
	{ "error", LOG_ERROR }, { "warn", LOG_WARN }, { "notice", LOG_NOTICE },
	{ "info", LOG_INFO }, { "verbose", LOG_VERBOSE },
};

static void set_log_level(const char *value, size_t len)
{
	for (unsigned int i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strlen(level_names[i].name) == len && !strncmp(value, level_names[i].name, len)) {
			log_level = level_names[i].level;
			if (log_level > BELAY_LOG_LEVEL)
				WARN("belay.log=%s: this build logs at most level %d", level_names[i].name,
				     BELAY_LOG_LEVEL);
			return;
		}
	}
	WARN("belay.log: unknown level '%.*s' (error|warn|notice|info|verbose)", (int)len, value);
}

/* belay.gic=: who owns the interrupt controller (docs/design.md, "Interrupts"). */
enum gic_mode gic_option = GIC_MODE_DEFAULT;

static void set_gic_mode(const char *value, size_t len)
{
	if (len == 11 && !strncmp(value, "passthrough", len))
		gic_option = GIC_MODE_PASSTHROUGH;
	else if (len == 4 && !strncmp(value, "vgic", len))
		gic_option = GIC_MODE_VGIC;
	else
		WARN("belay.gic: unknown mode '%.*s' (passthrough, vgic)", (int)len, value);
}

/*
 * A time: decimal digits and a unit, "us", "ms" or "s" (700us, 2500ms,
 * 3s), at most an hour. The grammar of belay.watchdog= and of the crash
 * injector's times (docs/boot.md). 0, or -1 for anything else.
 */
int option_parse_time(const char *v, size_t len, uint64_t *us)
{
	uint64_t t;

	if (time_word_us(v, len, &t) != TIME_WORD_OK || t > 3600000000ull)
		return -1;
	*us = t;
	return 0;
}

/* belay.watchdog=<time>|off (docs/kdump.md, "Watchdog"). */
static void set_time(const char *name, uint64_t *out, bool off_ok, const char *value, size_t len)
{
	uint64_t us;

	if (off_ok && len == 3 && !strncmp(value, "off", 3))
		*out = 0;
	else if (option_parse_time(value, len, &us) == 0 && us > 0)
		*out = us;
	else
		WARN("%s: bad time '%.*s' (e.g. 60s, 2500ms, 700us%s)", name, (int)len, value,
		     off_ok ? ", or off" : "");
}

static void set_bool(const char *name, bool *out, const char *value, size_t len)
{
	if ((len == 2 && !strncmp(value, "on", 2)) || (len == 1 && value[0] == '1'))
		*out = true;
	else if ((len == 3 && !strncmp(value, "off", 3)) || (len == 1 && value[0] == '0'))
		*out = false;
	else
		WARN("%s: '%.*s' is neither on nor off", name, (int)len, value);
}

#define OPTION_IS(o, s)	((o).name_len == sizeof(s) - 1 && !strncmp((o).name, s, sizeof(s) - 1))

void parse_options(const char *bootargs)
{
	struct bootarg_option opt;
	const char *p = bootargs, *word;
	size_t len;

	while ((word = bootargs_next_word(&p, &len))) {
		if (!bootargs_belay_option(word, len, &opt))
			continue;
		if (opt.name_len == 9 && !strncmp(opt.name, "belay.log", 9) && opt.value)
			set_log_level(opt.value, opt.value_len);
		else if (opt.name_len == 9 && !strncmp(opt.name, "belay.gic", 9) && opt.value)
			set_gic_mode(opt.value, opt.value_len);
		else if (OPTION_IS(opt, "belay.watchdog") && opt.value)
			set_time("belay.watchdog", &watchdog_us, true, opt.value, opt.value_len);
		else if (OPTION_IS(opt, "belay.watchdog_test") && opt.value)
			set_time("belay.watchdog_test", &watchdog_test_us, false, opt.value,
				 opt.value_len);
		else if (OPTION_IS(opt, "belay.semihosting") && opt.value)
			set_bool("belay.semihosting", &semihosting_option, opt.value, opt.value_len);
		else if (opt.name_len == 11 && !strncmp(opt.name, "belay.crash", 11) && opt.value)
			crash_option(opt.value, opt.value_len);	/* docs/kdump.md */
		else
			WARN("unknown option '%.*s' ignored", (int)len, word);
	}
}
