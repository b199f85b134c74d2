/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * Decisions belay makes from the platform description: whether what the
 * boot loader placed is sound, where its own region goes, what RAM the
 * guest gets, and which bootargs the guest sees. Pure logic, unit-tested
 * on the host.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <hyp/platform.h>

/* belay runs with its MMU identity-mapped, so it must live below 4 GiB. */
#define LOW_LIMIT	(1ull << 32)

/* End of a range, saturated so a range reaching the top of the address
 * space cannot wrap to a small number. */
static uint64_t range_end(const struct range *r)
{
	uint64_t end = r->base + r->size;

	return end < r->base ? UINT64_MAX : end;
}

static bool overlaps(uint64_t base, uint64_t end, const struct range *r)
{
	return r->size != 0 && base < range_end(r) && r->base < end;
}

static bool same_range(struct range a, struct range b)
{
	return a.base == b.base && a.size == b.size;
}

int find_boot_overlap(const struct platform *p, struct range image,
		      struct boot_item *item, struct boot_item *other)
{
	struct boot_item all[3 + MAX_MODULES];
	unsigned int n = 0, i, j;

	if (!p || !item || !other)
		return E_BADARG;
	all[n++] = (struct boot_item){ BOOT_ITEM_IMAGE, image };
	all[n++] = (struct boot_item){ BOOT_ITEM_DTB, p->dtb };
	all[n++] = (struct boot_item){ BOOT_ITEM_INITRD, p->initrd };
	for (i = 0; i < p->nr_modules && i < MAX_MODULES; i++)
		all[n++] = (struct boot_item){ BOOT_ITEM_MODULE, p->modules[i].where };

	for (j = 1; j < n; j++) {
		const struct range *r = &all[j].where;

		if (r->size == 0)
			continue;
		for (i = 0; i < j; i++) {
			if (!overlaps(r->base, range_end(r), &all[i].where))
				continue;
			if (all[i].kind == BOOT_ITEM_INITRD && same_range(*r, all[i].where))
				continue;
			*item = all[j];
			*other = all[i];
			return E_OVERLAP;
		}
	}
	return 0;
}

int place_belay(const struct platform *p, uint64_t size,
		const struct range *avoid, unsigned int nr_avoid, paddr_t *home)
{
	bool found = false;
	paddr_t best = 0;
	unsigned int b, i;

	if (!p || !home || (nr_avoid && !avoid))
		return E_BADARG;
	/* Aligning to the size with masks needs a power of two. */
	if (size < 4096 || (size & (size - 1)) != 0 || size > LOW_LIMIT)
		return E_BADARG;

	for (b = 0; b < p->nr_mem && b < MAX_MEM_BANKS; b++) {
		uint64_t lo = p->mem[b].base;
		uint64_t hi = range_end(&p->mem[b]);
		uint64_t cand;

		if (hi > LOW_LIMIT)
			hi = LOW_LIMIT;
		if (hi <= lo || hi - lo < size)
			continue;
		cand = (hi - size) & ~(size - 1);
		/*
		 * Each collision moves the candidate below the range it hit, so
		 * it can never hit that range again: at most nr_avoid + 1 steps.
		 */
		while (cand >= lo) {
			const struct range *hit = NULL;

			for (i = 0; i < nr_avoid && !hit; i++)
				if (overlaps(cand, cand + size, &avoid[i]))
					hit = &avoid[i];
			if (!hit) {
				if (!found || cand > best)
					best = cand;
				found = true;
				break;
			}
			if (hit->base < lo + size)
				break;
			cand = (hit->base - size) & ~(size - 1);
		}
	}
	if (!found)
		return E_NOFIT;
	*home = best;
	return 0;
}

int guest_ram_ranges(const struct platform *p, struct range belay,
		     struct range *out, unsigned int max)
{
	uint64_t bl = belay.base, bh = range_end(&belay);
	unsigned int b, n = 0;

	if (!p || (max && !out))
		return E_BADARG;
	for (b = 0; b < p->nr_mem && b < MAX_MEM_BANKS; b++) {
		uint64_t lo = p->mem[b].base, hi = range_end(&p->mem[b]);
		struct range piece[2];
		unsigned int np = 0, k;

		if (lo == hi)
			continue;
		if (belay.size == 0 || bh <= lo || bl >= hi) {
			piece[np++] = p->mem[b];
		} else {
			if (bl > lo)
				piece[np++] = (struct range){ lo, bl - lo };
			if (bh < hi)
				piece[np++] = (struct range){ bh, hi - bh };
		}
		for (k = 0; k < np; k++) {
			if (n >= max)
				return E_TOOMANY;
			out[n++] = piece[k];
		}
	}
	return (int)n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Words are split as Linux's next_arg() splits them (lib/cmdline.c): a
 * double quote protects spaces up to the closing quote, so a guest option
 * such as dyndbg="file x.c +p" stays one word.
 */
const char *bootargs_next_word(const char **p, size_t *len)
{
	const char *in = *p, *w;
	bool quoted = false;

	if (!in)
		return NULL;
	while (is_space(*in))
		in++;
	if (!*in) {
		*p = in;
		return NULL;
	}
	w = in;
	while (*in && (quoted || !is_space(*in))) {
		if (*in == '"')
			quoted = !quoted;
		in++;
	}
	*p = in;
	*len = (size_t)(in - w);
	return w;
}

bool bootargs_belay_option(const char *w, size_t len, struct bootarg_option *opt)
{
	const char *eq;

	if (len < 6 || memcmp(w, "belay.", 6) != 0)
		return false;
	eq = memchr(w, '=', len);
	opt->name = w;
	opt->name_len = eq ? (size_t)(eq - w) : len;
	opt->value = eq ? eq + 1 : NULL;
	opt->value_len = eq ? len - opt->name_len - 1 : 0;
	/* belay.x="a b" has the value a b, as Linux's next_arg() gives it. */
	if (opt->value && opt->value_len >= 2 && opt->value[0] == '"' &&
	    opt->value[opt->value_len - 1] == '"') {
		opt->value++;
		opt->value_len -= 2;
	}
	return true;
}

int strip_belay_args(const char *in, char *out, size_t len)
{
	struct bootarg_option opt;
	const char *w;
	size_t o = 0, wlen;

	if (!out || len == 0)
		return E_NOSPACE;
	out[0] = '\0';
	while ((w = bootargs_next_word(&in, &wlen))) {
		if (bootargs_belay_option(w, wlen, &opt))
			continue;
		/* Room for a separator, the word and the final NUL. */
		if ((o ? 1 : 0) + wlen >= len - o) {
			out[0] = '\0';
			return E_NOSPACE;
		}
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, wlen);
		o += wlen;
		out[o] = '\0';
	}
	return 0;
}
