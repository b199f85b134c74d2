/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <belay/abi.h>
#include <drivers/psci_fw.h>

/* Set before belay has bss (boot/head.S), so kept in .data; read-only
 * once the HYP MMU is first enabled. */
static int fw_usable __attribute__((section(".data"))) = 0;

struct smccc_res smccc_smc(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	__asm__ volatile(".arch_extension sec\n\tsmc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 : : "memory");
	return (struct smccc_res){ r0, r1, r2, r3 };
}

void psci_fw_init(int usable)
{
	fw_usable = usable;
}

int psci_fw_usable(void)
{
	return fw_usable;
}

static void __attribute__((noreturn)) spin_forever(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

void psci_fw_system_off(void)
{
	if (fw_usable)
		smccc_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	spin_forever();
}

void psci_fw_system_reset(void)
{
	if (fw_usable)
		smccc_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
	spin_forever();
}
