// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * abi_run: the RUN column of docs/hyp-abi.md, and the guest entry contract
 * (§5: SVC, MMU/caches off, A/I/F masked, r0 = 0, r1 = ~0, r2 = DTB) with
 * the /hypervisor node belay adds. RESET_VECTORS and SOFT_RESTART change
 * the state and have their own guests (abi_stub, soft_restart).
 */
#include "abi_common.h"

#define ABI_RUN_BOOTARGS	"console=ttyAMA0 belay-test.words=2,3"

static void test_entry(struct checker *c)
{
	report_prefix_push("entry");
	uint32_t cpsr = rt.entry_cpsr;
	check(c, (cpsr & PSR_MODE_MASK) == PSR_MODE_SVC, "entered in SVC mode (cpsr %08x)", cpsr);
	check(c, (cpsr & (PSR_A | PSR_I | PSR_F)) == (PSR_A | PSR_I | PSR_F),
	      "entered with A/I/F masked (cpsr %08x)", cpsr);
	check(c, !(cpsr & PSR_T), "entered in ARM state");
	check(c, (rt.entry_sctlr & (1u << 0 | 1u << 2 | 1u << 12)) == 0,
	      "entered with SCTLR.M/C/I off (%08x)", rt.entry_sctlr);
	check(c, rt.boot_r0 == 0, "r0 = 0 (%08x)", rt.boot_r0);
	check(c, rt.boot_r1 == 0xffffffff, "r1 = 0xffffffff (%08x)", rt.boot_r1);
	check(c, fdt_valid((const void *)rt.boot_r2), "r2 = %08x points at a DTB", rt.boot_r2);
	check(c, addr_in_ram(rt.boot_r2, 64), "the DTB is in guest RAM");
	check(c, rt.nmem >= 1, "the DTB has /memory (%d ranges)", rt.nmem);

	/* /hypervisor: belay's region, outside the guest's RAM, next to it. */
	check(c, rt.belay_present, "/hypervisor is compatible \"belay,hypervisor\" with a reg");
	check(c, !addr_in_ram(rt.belay_base, 1) && !addr_in_ram(rt.belay_base + rt.belay_size - 1, 1),
	      "belay's region %llx+%llx is not guest RAM", rt.belay_base, rt.belay_size);
	check(c, rt.belay_size > 0 && rt.belay_size <= 0x200000 && !(rt.belay_base & 0xfff),
	      "belay's region is page aligned and at most 2 MiB");
	bool adjacent = false;
	for (int i = 0; i < rt.nmem; i++)
		if (rt.mem[i].base + rt.mem[i].size == rt.belay_base)
			adjacent = true;
	check(c, adjacent, "belay's region ends guest RAM (it sits at the top of RAM)");
	/* meson.build passes these through QEMU's guest-loader. */
	check(c, !strcmp(rt.bootargs, ABI_RUN_BOOTARGS),
	      "the module's bootargs reach /chosen/bootargs (\"%s\")", rt.bootargs);
	report_prefix_pop();
}

static void test_run_calls(struct checker *c)
{
	report_prefix_push("run");
	check(c, !(belay_vectors & 31), "GET_VECTORS is 32-byte aligned (%08x)", belay_vectors);
	check(c, addr_in_belay(belay_vectors), "GET_VECTORS is inside belay's region");

	abi_check_common(c, BELAY_STATE_RUN, false);

	/* RUN-only answers. */
	uint32_t v = hvc1(HVC_SET_VECTORS, abi_aligned_ram_addr());
	check(c, v == HVC_STUB_ERR, "SET_VECTORS aligned, in RAM -> HVC_STUB_ERR in RUN (%08x)", v);
	v = belay_state();
	check(c, v == BELAY_STATE_RUN, "still RUN after the refused SET_VECTORS (%s)",
	      belay_state_name(v));
	v = belay_launch();
	check(c, v == (uint32_t)BELAY_ERR_ALREADY_RUNNING,
	      "BELAY_LAUNCH in RUN -> BELAY_ERR_ALREADY_RUNNING (%d)", (int32_t)v);
	v = belay_state();
	check(c, v == BELAY_STATE_RUN, "still RUN after LAUNCH (%s)", belay_state_name(v));
	report_prefix_pop();
}

int main(void)
{
	struct checker c = { .quiet = false };

	abi_init();
	if (rt.native)
		report_skip("entry contract (native run: QEMU entered us in HYP)");
	else
		test_entry(&c);
	test_run_calls(&c);
	report_prefix_push("run regs");
	abi_check_regs(&c, BELAY_STATE_RUN);
	abi_regs_preserved(&c, "SET_VECTORS aligned (refused in RUN)", CONDUIT_HVC0,
			   HVC_SET_VECTORS, abi_aligned_ram_addr(), 1, HVC_STUB_ERR);
	report_prefix_pop();
	uint32_t st = belay_state();
	report(st == BELAY_STATE_RUN, "still RUN at the end (%s)", belay_state_name(st));
	return 0;
}
