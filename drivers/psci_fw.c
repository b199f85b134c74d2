/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

#include <belay/abi.h>
#include <drivers/psci_fw.h>

/* Set before belay has bss (boot/head.S), so kept in .data; read-only
 * once the HYP MMU is first enabled. */
static enum psci_fw_conduit fw_conduit __attribute__((section(".data"))) = PSCI_FW_NONE;

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

struct smccc_res smccc_hvc(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	__asm__ volatile(".arch_extension virt\n\thvc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 : : "memory");
	return (struct smccc_res){ r0, r1, r2, r3 };
}

void psci_fw_init(enum psci_fw_conduit conduit)
{
	fw_conduit = conduit;
}

int psci_fw_usable(void)
{
	return fw_conduit == PSCI_FW_SMC;
}

static void fw_call(uint32_t fn)
{
	if (fw_conduit == PSCI_FW_SMC)
		smccc_smc(fn, 0, 0, 0);
	else if (fw_conduit == PSCI_FW_HVC)
		smccc_hvc(fn, 0, 0, 0);
}

static void __attribute__((noreturn)) spin_forever(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

void psci_fw_system_off(void)
{
	fw_call(PSCI_SYSTEM_OFF);
	spin_forever();
}

void psci_fw_system_reset(void)
{
	fw_call(PSCI_SYSTEM_RESET);
	spin_forever();
}
