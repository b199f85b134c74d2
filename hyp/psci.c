/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * PSCI for the guest (Arm DEN0022, DESIGN §5). In RUN, belay answers;
 * outside RUN (a guest `hvc` with a PSCI function ID in STUB) the call
 * goes to firmware as it would without belay.
 */
#include <belay/abi.h>
#include <drivers/psci_fw.h>
#include <hyp/hyp.h>
#include <hyp/log.h>

#define PSCI_VERSION_1_1	0x00010001u

static bool is_psci_id(uint32_t fn)
{
	/* 0x84000000-0x8400001f (SMC32) and 0xc4000000-0xc400001f (SMC64). */
	return (fn & ~0x4000001fu) == 0x84000000u;
}

static int32_t psci_features(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

bool psci_call(struct cpu *cpu, struct frame *f)
{
	uint32_t fn = f->r[0];

	if (!is_psci_id(fn))
		return false;
	if (cpu->state != BELAY_STATE_RUN) {
		struct smccc_res res = { (uint32_t)PSCI_NOT_SUPPORTED, 0, 0, 0 };
		if (psci_fw_usable())
			res = smccc_smc(f->r[0], f->r[1], f->r[2], f->r[3]);
		f->r[0] = res.a0;
		return true;
	}
	switch (fn) {
	case PSCI_VERSION:
		f->r[0] = PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		f->r[0] = (uint32_t)psci_features(f->r[1]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		f->r[0] = 2;	/* no Trusted OS that needs migrating */
		break;
	case PSCI_SYSTEM_OFF:
		NOTICE("cpu%u: guest called PSCI SYSTEM_OFF", (unsigned)cpu->index);
		psci_fw_system_off();
	case PSCI_SYSTEM_RESET:
		NOTICE("cpu%u: guest called PSCI SYSTEM_RESET", (unsigned)cpu->index);
		psci_fw_system_reset();
	default:
		f->r[0] = (uint32_t)PSCI_NOT_SUPPORTED;
	}
	return true;
}
