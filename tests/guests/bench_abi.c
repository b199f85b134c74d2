// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * bench_abi: path lengths of the hyp-stub ABI calls, in instructions
 * (docs/testing.md, "Benchmarks"). Run under QEMU -icount shift=0, where PMCCNTR counts
 * executed instructions; PMCCFILTR.NSH makes it count in HYP too. Each
 * figure is `mrc PMCCNTR; hvc; mrc PMCCNTR` minus the same with nothing
 * in between, the minimum of RUNS samples. Boot to guest entry comes from
 * CNTPCT read at entry: with -icount shift=0 one instruction is 1 ns and
 * the 62.5 MHz counter ticks every 16 ns.
 *
 * Output: "bench: <call> <state> <N> instructions" lines (tests/harness/
 * bench.py makes a table of them). A benchmark, not a test: it checks
 * only what it needs to measure at all.
 */
#include "abi_common.h"
#include "hyp_helpers.h"

#define RUNS	16

enum conduit { HVC, SMC };

static inline uint32_t cycles_once(enum conduit how, uint32_t fn, uint32_t a1)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	uint32_t t0, t1;

	if (how == HVC)
		__asm__ volatile("isb\n\t"
				 "mrc p15, 0, %[t0], c9, c13, 0\n\t"	/* PMCCNTR */
				 "hvc #0\n\t"
				 "mrc p15, 0, %[t1], c9, c13, 0"
				 : [t0] "=&r"(t0), [t1] "=&r"(t1), "+r"(r0), "+r"(r1)
				 : : "r2", "r3", "r12", "lr", "cc", "memory");
	else
		__asm__ volatile("isb\n\t"
				 "mrc p15, 0, %[t0], c9, c13, 0\n\t"
				 "smc #0\n\t"
				 "mrc p15, 0, %[t1], c9, c13, 0"
				 : [t0] "=&r"(t0), [t1] "=&r"(t1), "+r"(r0), "+r"(r1)
				 : : "r2", "r3", "r12", "lr", "cc", "memory");
	return t1 - t0;
}

static uint32_t empty_once(void)
{
	uint32_t t0, t1;

	__asm__ volatile("isb\n\t"
			 "mrc p15, 0, %[t0], c9, c13, 0\n\t"
			 "mrc p15, 0, %[t1], c9, c13, 0"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1) : : "memory");
	return t1 - t0;
}

static uint32_t overhead;

static uint32_t min_of(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static void print(const char *call, const char *state, uint32_t n)
{
	printf("bench: %s %s %u instructions\n", call, state, n);
}

/* A call that leaves the state as it is. */
static void bench(const char *call, const char *state, enum conduit how, uint32_t fn,
		  uint32_t a1)
{
	uint32_t best = ~0u;

	for (int i = 0; i < RUNS; i++)
		best = min_of(best, cycles_once(how, fn, a1));
	print(call, state, best - overhead);
}

static void bench_state_calls(const char *sn)
{
	bench("GET_VECTORS", sn, HVC, HVC_GET_VECTORS, 0);
	bench("GET_STATE", sn, HVC, BELAY_GET_STATE, 0);
	bench("unknown-code", sn, HVC, 3, 0);
	bench("SMCCC_VERSION", sn, HVC, SMCCC_VERSION, 0);
	bench("PSCI_VERSION-hvc", sn, HVC, PSCI_VERSION, 0);
	bench("PSCI_VERSION-smc", sn, SMC, PSCI_VERSION, 0);
}

int main(void)
{
	abi_init();
	pmu_enable_cycles();

	overhead = ~0u;
	for (int i = 0; i < RUNS; i++)
		overhead = min_of(overhead, empty_once());
	report_info("back-to-back PMCCNTR reads: %u", overhead);

	if (rt.have_entry_cntpct) {
		uint32_t freq = read_sysreg(CNTFRQ);
		uint64_t ns = freq ? rt.entry_cntpct * (1000000000ull / freq) : 0;
		printf("bench: boot-to-guest-entry ~%llu instructions (CNTPCT %llu at %u Hz)\n",
		       ns, rt.entry_cntpct, freq);
	} else {
		report_info("CNTPCT not readable at entry (CNTHCTL.PL1PCTEN clear?)");
	}

	/* RUN */
	bench_state_calls("RUN");
	bench("SET_VECTORS-refused", "RUN", HVC, HVC_SET_VECTORS, abi_aligned_ram_addr());
	bench("LAUNCH-already-running", "RUN", HVC, BELAY_LAUNCH, 0);

	/* The transitions: RUN -> STUB and STUB -> RUN, alternately. */
	uint32_t down = ~0u, up = ~0u;
	for (int i = 0; i < RUNS; i++) {
		down = min_of(down, cycles_once(HVC, HVC_RESET_VECTORS, 0));
		up = min_of(up, cycles_once(HVC, BELAY_LAUNCH, 0));
	}
	print("RESET_VECTORS", "RUN->STUB", down - overhead);
	print("LAUNCH", "STUB->RUN", up - overhead);

	/* STUB */
	abi_to_stub(&(struct checker){ .quiet = true });
	bench_state_calls("STUB");
	bench("SET_VECTORS-misaligned", "STUB", HVC, HVC_SET_VECTORS, abi_aligned_ram_addr() + 4);
	bench("RESET_VECTORS-noop", "STUB", HVC, HVC_RESET_VECTORS, 0);

	/* SET_VECTORS that succeeds (STUB -> FOREIGN); the guest's own
	 * vectors then hand HYP back on HVC_RESET_VECTORS. */
	foreign_record.belay_vectors = belay_get_vectors();
	uint32_t set = ~0u;
	for (int i = 0; i < RUNS; i++) {
		set = min_of(set, cycles_once(HVC, HVC_SET_VECTORS, (uintptr_t)foreign_hyp_vectors));
		hvc0(HVC_RESET_VECTORS);
	}
	print("SET_VECTORS", "STUB->FOREIGN", set - overhead);

	struct checker c = { .quiet = true };
	abi_to_run(&c);
	report(c.fails == 0 && belay_state() == BELAY_STATE_RUN, "benchmark ran, back in RUN");
	return 0;
}
