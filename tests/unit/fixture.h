/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* Loading the DTB fixture (virt.dts, compiled by meson) and editing copies. */
#ifndef TESTS_UNIT_FIXTURE_H
#define TESTS_UNIT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

static void *fixture;

static void fixture_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0) {
		printf("FAIL cannot read the DTB fixture %s\n", path);
		exit(1);
	}
	rewind(f);
	fixture = malloc((size_t)n);
	if (!fixture || fread(fixture, 1, (size_t)n, f) != (size_t)n ||
	    fdt_check_header(fixture) != 0) {
		printf("FAIL %s is not a DTB\n", path);
		exit(1);
	}
	fclose(f);
}

/* A writable copy of the fixture with `extra` bytes of room to grow. */
static void *fixture_copy(int extra)
{
	int size = (int)fdt_totalsize(fixture) + extra;
	void *buf = malloc((size_t)size);

	if (!buf || fdt_open_into(fixture, buf, size) != 0) {
		printf("FAIL cannot copy the fixture\n");
		exit(1);
	}
	return buf;
}

/* Offset of path in fdt; the test cannot go on without it. */
static int node_at(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0) {
		printf("FAIL fixture has no %s\n", path);
		exit(1);
	}
	return node;
}

#endif /* TESTS_UNIT_FIXTURE_H */
