/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* Calls from HYP into the platform's PSCI firmware (Arm DEN0022). */
#ifndef DRIVERS_PSCI_FW_H
#define DRIVERS_PSCI_FW_H

#include <stdint.h>

struct smccc_res {
	uint32_t a0, a1, a2, a3;
};

/* `smc #0` with r0-r3; results in r0-r3. */
struct smccc_res smccc_smc(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

/* `hvc #0` with r0-r3: only for a firmware conduit below HYP. */
struct smccc_res smccc_hvc(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

/*
 * How firmware PSCI is reached, from the DTB's psci node. From HYP only
 * PSCI_FW_SMC works; PSCI_FW_HVC serves belay's wrong-mode exit, when it
 * runs below HYP.
 */
enum psci_fw_conduit { PSCI_FW_NONE, PSCI_FW_SMC, PSCI_FW_HVC };
void psci_fw_init(enum psci_fw_conduit conduit);
/* Whether firmware PSCI can be called through `smc` from HYP. */
int psci_fw_usable(void);

/* PSCI SYSTEM_OFF / SYSTEM_RESET; if firmware is absent or returns, spin. */
void psci_fw_system_off(void) __attribute__((noreturn));
void psci_fw_system_reset(void) __attribute__((noreturn));

#endif
