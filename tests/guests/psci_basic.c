// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * psci_basic: the PSCI answers a single-CPU guest can check, through the
 * `smc` conduit. Run natively (QEMU's own PSCI: the reference) and under
 * belay (belay's emulation must agree). Each case is a table row or a
 * small function so the SMP cases can slot in.
 */
#include "guest.h"

static int32_t psci(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	return (int32_t)smc_call4(fn, a1, a2, a3).r0;
}

static uint32_t my_mpidr(void)
{
	return read_sysreg(MPIDR) & 0x00ffffff;
}

static void test_version(void)
{
	uint32_t v = (uint32_t)psci(PSCI_VERSION, 0, 0, 0);

	report_info("PSCI_VERSION = %u.%u", v >> 16, v & 0xffff);
	report(v >= 0x10000 && v < 0x20000, "PSCI_VERSION is 1.x (%08x)", v);
}

/* PSCI_FEATURES (DEN0022 5.1.14): >= 0 for what is implemented. */
static const struct {
	uint32_t fn;
	const char *name;
} features[] = {
	{ PSCI_VERSION, "PSCI_VERSION" },
	{ PSCI_CPU_ON, "CPU_ON" },
	{ PSCI_CPU_OFF, "CPU_OFF" },
	{ PSCI_AFFINITY_INFO, "AFFINITY_INFO" },
	{ PSCI_SYSTEM_OFF, "SYSTEM_OFF" },
	{ PSCI_SYSTEM_RESET, "SYSTEM_RESET" },
	{ PSCI_FEATURES, "PSCI_FEATURES" },
	{ PSCI_MIGRATE_INFO_TYPE, "MIGRATE_INFO_TYPE" },
};

static void test_features(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(features); i++) {
		int32_t r = psci(PSCI_FEATURES, features[i].fn, 0, 0);

		report(r >= 0, "PSCI_FEATURES(%s) = %d", features[i].name, r);
	}
	int32_t r = psci(PSCI_FEATURES, 0x8400ffff, 0, 0);
	report(r == PSCI_NOT_SUPPORTED, "PSCI_FEATURES(unknown 0x8400ffff) = NOT_SUPPORTED (%d)", r);
}

static void test_migrate_info_type(void)
{
	int32_t r = psci(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);

	/* 2: Trusted OS not present or does not require migration. */
	report(r == 2, "MIGRATE_INFO_TYPE = 2 (%d)", r);
}

static void test_affinity_info(void)
{
	uint32_t me = my_mpidr();
	int32_t r = psci(PSCI_AFFINITY_INFO, me, 0, 0);

	report(r == PSCI_AFFINITY_ON, "AFFINITY_INFO(self %x) = ON (%d)", me, r);
	/* Aff1 = 0xfe is not a CPU of this machine. */
	r = psci(PSCI_AFFINITY_INFO, 0xfe00, 0, 0);
	report(r == PSCI_INVALID_PARAMETERS,
	       "AFFINITY_INFO(absent 0xfe00) = INVALID_PARAMETERS (%d)", r);
}

static void test_cpu_on_invalid(void)
{
	int32_t r = psci(PSCI_CPU_ON, 0xfe00, GUEST_BASE, 0);

	report(r == PSCI_INVALID_PARAMETERS,
	       "CPU_ON(absent 0xfe00) = INVALID_PARAMETERS (%d)", r);
	r = psci(PSCI_CPU_ON, my_mpidr(), GUEST_BASE, 0);
	report(r == PSCI_ALREADY_ON, "CPU_ON(self) = ALREADY_ON (%d)", r);
}

/*
 * SMCCC_VERSION is discovered through PSCI_FEATURES (DEN0028 7.1): if it
 * is listed it must say 1.1 or later, if not it must be NOT_SUPPORTED
 * (QEMU 7.2's firmware does not implement it).
 */
static void test_smccc_version(void)
{
	int32_t feat = psci(PSCI_FEATURES, SMCCC_VERSION, 0, 0);
	int32_t r = psci(SMCCC_VERSION, 0, 0, 0);

	report_info("PSCI_FEATURES(SMCCC_VERSION) = %d, SMCCC_VERSION = %08x",
		    feat, (uint32_t)r);
	if (feat >= 0)
		report(r >= 0x10001, "SMCCC_VERSION via smc >= 1.1 (%08x)", (uint32_t)r);
	else
		report(r == SMCCC_NOT_SUPPORTED,
		       "SMCCC_VERSION via smc unlisted, so NOT_SUPPORTED (%d)", r);
}

int main(void)
{
	report_prefix_push("psci");
	test_version();
	test_features();
	test_migrate_info_type();
	test_affinity_info();
	test_cpu_on_invalid();
	test_smccc_version();
	return 0;
}
