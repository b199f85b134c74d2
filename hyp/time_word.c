/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* The time grammar (include/hyp/time_word.h). Pure: unit-tested natively. */
#include <hyp/time_word.h>

enum time_word_err time_word_us(const char *s, size_t len, uint64_t *us)
{
	static const struct { char unit[3]; uint32_t us; } units[] = {
		{ "us", 1 }, { "ms", 1000 }, { "s", 1000000 },
	};
	uint64_t n = 0;
	size_t i = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		n = n * 10 + (uint64_t)(s[i] - '0');
		if (n > 0xffffffffu)
			return TIME_WORD_NO_NUMBER;
	}
	if (i == 0)
		return TIME_WORD_NO_NUMBER;
	for (unsigned int u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t ulen = units[u].unit[1] ? 2 : 1;

		if (len - i == ulen && s[i] == units[u].unit[0] &&
		    (ulen == 1 || s[i + 1] == units[u].unit[1])) {
			*us = n * units[u].us;
			return TIME_WORD_OK;
		}
	}
	return TIME_WORD_BAD_UNIT;
}
