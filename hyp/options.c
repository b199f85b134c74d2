/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * belay's own options: "belay.*" words in /chosen/bootargs (the guest never
 * sees them). Unknown words and bad values are reported, never fatal.
 */
#include <string.h>
#include <stdlib.h>

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
	const char *p = bootargs;

	while (p && *p) {
		while (*p == ' ')
			p++;
		const char *word = p;
		while (*p && *p != ' ')
			p++;
		size_t len = p - word;
		if (len < 6 || strncmp(word, "belay.", 6))
			continue;
		const char *eq = memchr(word, '=', len);
		size_t name_len = eq ? (size_t)(eq - word) : len;
		if (name_len == 9 && !strncmp(word, "belay.log", 9) && eq)
			set_log_level(eq + 1, len - name_len - 1);
		else if (name_len == 9 && !strncmp(word, "belay.gic", 9) && eq)
			set_gic_mode(eq + 1, len - name_len - 1);
		else
			WARN("unknown option '%.*s' ignored", (int)len, word);
	}
}
