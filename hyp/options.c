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

#include <hyp/crash.h>
#include <hyp/hyp.h>
#include <hyp/log.h>

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
	WARN("belay.log: unknown level '%.*s' (error, warn, notice, info, verbose)", (int)len, value);
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
		else if (opt.name_len == 11 && !strncmp(opt.name, "belay.crash", 11) && opt.value)
			crash_option(opt.value, opt.value_len);	/* docs/kdump.md */
		else
			WARN("unknown option '%.*s' ignored", (int)len, word);
	}
}
