/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <libfdt.h>

#include <hyp/platform.h>

/*
 * libfdt copies an in-order tree with fdt_move(), which wants room for its
 * whole totalsize: QEMU's DTB claims 1 MiB, mostly free space. The boot DTB
 * is about to be replaced by the guest's, so squeeze it in place first.
 */
int fdt_shrink_in_place(void *fdt)
{
	if (fdt_check_header(fdt))
		return E_BADFDT;
	return fdt_pack(fdt) ? E_BADFDT : 0;
}
