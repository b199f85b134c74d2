/*
 * The one time grammar of belay's options and calls: decimal digits and a
 * unit, "us", "ms" or "s" (700us, 2500ms, 3s). hyp/time_word.c; each
 * caller applies its own limit (belay.crash=at: below 2^32 us,
 * belay.watchdog= at most an hour).
 */
#ifndef HYP_TIME_WORD_H
#define HYP_TIME_WORD_H

#include <stddef.h>
#include <stdint.h>

enum time_word_err {
	TIME_WORD_OK,
	TIME_WORD_NO_NUMBER,	/* no digits, or a number past 32 bits */
	TIME_WORD_BAD_UNIT,	/* not us, ms or s */
};

/* *us = the time in microseconds (at most (2^32 - 1) s) when TIME_WORD_OK. */
enum time_word_err time_word_us(const char *s, size_t len, uint64_t *us);

#endif
