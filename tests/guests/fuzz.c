// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * fuzz: random HVC and SMC calls from every CPU under belay, each answer
 * checked against what docs/hyp-abi.md allows for that call in the state
 * the CPU is in.
 *
 * Every CPU makes its share of `fuzz.calls=N` calls (bootargs; default
 * 20,000 in all) with r0-r3 from a seeded PRNG (`fuzz.seed=S`, printed;
 * each CPU has its own stream, so a CPU's sequence of calls depends only
 * on the seed), through `hvc #0`, `hvc` with four other immediates and
 * `smc`. Function IDs are weighted towards the ones with meaning: the
 * hyp-stub codes, PSCI (SMC32 and SMC64), SMCCC_VERSION/ARCH_FEATURES,
 * belay's vendor calls; the rest is random. The calls move the CPU
 * through RUN, STUB and FOREIGN themselves (RESET_VECTORS, LAUNCH,
 * SET_VECTORS to the runtime's own table and its hand-back, SOFT_RESTART
 * to a target that comes back, CPU_OFF of a secondary, CPU_ON of the
 * others), and the fuzzer keeps a model of the state to know which
 * answers are allowed and who gives them: belay, the firmware (a guest
 * `smc` outside RUN, a PSCI `hvc` in STUB) or the guest's own vectors.
 *
 * A few calls are made safe rather than random, because the ABI lets
 * them do what a test cannot survive: SYSTEM_OFF/SYSTEM_RESET (and the
 * PSCI IDs firmware could treat as power-downs) never reach an
 * implementation; CPU 0, which coordinates, never turns itself off;
 * SET_VECTORS in STUB only installs foreign_hyp_vectors (any other
 * accepted address would become HVBAR); SOFT_RESTART always goes to
 * sr_target_arm/thumb, which return to the fuzzer; CPU_ON in RUN only
 * names the runtime's entries if it names guest RAM; and outside RUN,
 * where firmware starts CPUs without belay, CPU_ON only names CPU 0,
 * the caller or no CPU. CPU_SUSPEND gets a pending SGI first so that its
 * WFI returns.
 *
 * Every register the ABI preserves is loaded with a pattern and checked
 * after each call (fuzz_call.S). Afterwards every CPU must be back in
 * RUN, each CPU_ON that succeeded must have brought its CPU up exactly
 * once, belay's page pool must be as it was, and lib/abi_common.c's
 * checks of the state x call table must still pass on every CPU.
 */
#include "abi_common.h"
#include "atomic.h"
#include "fuzz_call.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

#define DEFAULT_CALLS		20000
#define DEFAULT_SEED		1
#define CPU0_BATCH		64	/* CPU 0's calls between coordinating */
#define REPORT_WRONG		6	/* failures described per CPU */
#define STALL_MS		30000	/* no call anywhere for this long: stuck */
#define RESCUE_MS		100	/* an OFF CPU nobody restarted: CPU 0 does */
#define CPU_OFF_ONE_IN		8	/* a picked CPU_OFF is kept one time in 8 */
/* What a call that must not reach PSCI becomes: an ID nobody implements. */
#define PSCI_UNUSED_ID		0x8400001f

enum model { M_RUN, M_STUB, M_FOREIGN, NR_MODELS };
static const char *const model_name[] = { "RUN", "STUB", "FOREIGN" };

enum conduit {
	C_HVC0, C_HVC1, C_HVC2A5, C_HVC8000, C_HVCFFFF, C_SMC0, C_SMCF, NR_CONDUITS
};
static void (*const conduit_fn[NR_CONDUITS])(struct fuzz_regs *) = {
	fuzz_call_hvc0, fuzz_call_hvc1, fuzz_call_hvc2a5, fuzz_call_hvc8000,
	fuzz_call_hvcffff, fuzz_call_smc0, fuzz_call_smcf,
};
static const uint32_t conduit_imm[NR_CONDUITS] = { 0, 1, 0x2a5, 0x8000, 0xffff, 0, 0xf };
static const char *const conduit_name[NR_CONDUITS] = {
	"hvc #0", "hvc #1", "hvc #0x2a5", "hvc #0x8000", "hvc #0xffff", "smc #0", "smc #0xf",
};
#define IS_SMC(c)	((c) >= C_SMC0)

/* Who answers a call. */
enum who { W_BELAY, W_FIRMWARE, W_FOREIGN, W_IMM_ERR };

/* What a call does besides answering. */
enum act { A_CALL, A_SUSPEND, A_SOFT_RESTART, A_CPU_OFF };

/* The answers allowed for one call. */
#define MAX_ALLOWED	8
enum reg_rule { R_PRESERVED, R_EXACT, R_ANY };
struct expect {
	uint32_t n, r0[MAX_ALLOWED];
	enum reg_rule rule[4];		/* [1..3] */
	uint32_t val[4];		/* R_EXACT values */
	enum model next;		/* the state afterwards */
	bool undef_ok;			/* firmware may UNDEF an smc */
};

struct fuzz_cpu {
	uint64_t rng;
	enum model state;
	uint32_t calls, quota;
	uint32_t by_conduit[3];		/* hvc #0, other hvc, smc */
	uint32_t by_state[NR_MODELS];
	uint32_t resets, launches, setvecs, handbacks, soft_restarts, offs;
	uint32_t on_ok;			/* CPU_ON SUCCESS, made by this CPU */
	uint32_t wrong, exceptions, fw_undefs;
	uint32_t batches;
	struct rt_fault fault;
	uint32_t fault_seen;
};

static struct fuzz_cpu fz[SMP_MAX_CPUS];
static unsigned int nr_cpus;
static uint32_t seed, total_calls;
static uint32_t free_pages0, total_pages0, fw_psci_version;
static uint32_t ram_end;		/* end of the RAM bank we run in */
static spinlock_t sr_lock;		/* sr_record is one for all CPUs */
/* CPU_ON SUCCESSes per target, by the kind of entry they named. */
static volatile uint32_t on_ok_runtime[SMP_MAX_CPUS], on_ok_bare[SMP_MAX_CPUS];
static uint32_t entries0[SMP_MAX_CPUS], off_entries0[SMP_MAX_CPUS];

/* ---- Options and randomness ---- */

static bool bootarg_u32(const char *name, uint32_t *out)
{
	const char *p = strstr(rt.bootargs, name);
	uint32_t v = 0, base = 10;

	if (!p)
		return false;
	p += strlen(name);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++) {
		uint32_t d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* xorshift64*: small, fast, good enough to pick calls. */
static uint32_t rnd(struct fuzz_cpu *f)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return (uint32_t)((f->rng * 0x2545f4914f6cdd1dull) >> 32);
}

static uint32_t below(struct fuzz_cpu *f, uint32_t n)
{
	return rnd(f) % n;
}

static bool one_in(struct fuzz_cpu *f, uint32_t n)
{
	return below(f, n) == 0;
}

/* ---- Facts the answers depend on ---- */

static bool is_psci(uint32_t fn)
{
	return (fn & ~(0x40000000u | 0x1fu)) == 0x84000000u;
}

static int cpu_of(uint32_t mpidr)
{
	for (unsigned int i = 0; i < nr_cpus; i++)
		if (smp_mpidr(i) == mpidr)
			return (int)i;
	return -1;
}

static bool is_runtime_entry(uint32_t e)
{
	return e == (uint32_t)(uintptr_t)smp_entry_arm ||
	       e == ((uint32_t)(uintptr_t)smp_entry_thumb | 1);
}

static bool is_bare_entry(uint32_t e)
{
	return e == (uint32_t)(uintptr_t)smp_entry_off;
}

static uint32_t foreign_vectors(void)
{
	return (uint32_t)(uintptr_t)foreign_hyp_vectors;
}

/* PSCI_FEATURES as belay answers it in RUN (docs/hyp-abi.md); for
 * MIGRATE_INFO_UP_CPU that is firmware's answer, QEMU's NOT_SUPPORTED. */
static int32_t belay_psci_features(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION: case PSCI_CPU_SUSPEND: case PSCI_CPU_OFF: case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO: case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET: case PSCI_FEATURES: case SMCCC_VERSION:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/* ---- Picking a call ---- */

static uint32_t pick_target(struct fuzz_cpu *f, unsigned int cpu)
{
	uint32_t w = below(f, 10);

	if (w < 6)
		return smp_mpidr(below(f, nr_cpus));
	if (w == 6)
		return smp_mpidr(cpu);
	static const uint32_t bad[] = { 0x100, 0x80000001, 0xff, 0x00ffffff, 0x10000 };
	if (w < 9)
		return bad[below(f, ARRAY_SIZE(bad))];
	return rnd(f);
}

static uint32_t pick_entry(struct fuzz_cpu *f)
{
	uint32_t w = below(f, 20);

	if (w < 6)
		return (uint32_t)(uintptr_t)smp_entry_arm;
	if (w < 9)
		return (uint32_t)(uintptr_t)smp_entry_thumb | 1;
	if (w < 12)
		return (uint32_t)(uintptr_t)smp_entry_off;
	const uint32_t outside[] = {
		0, GUEST_UART_BASE, (uint32_t)rt.belay_base, (uint32_t)rt.belay_base + 0x1000,
		belay_vectors, 0xfffffff1, 0xc0000000, rnd(f),
	};
	return outside[below(f, ARRAY_SIZE(outside))];
}

static uint32_t pick_vectors(struct fuzz_cpu *f)
{
	uint32_t fv = foreign_vectors();
	const uint32_t cand[] = {
		fv, fv, fv, fv + 4, fv + 16, fv + 1, (uint32_t)rt.belay_base, belay_vectors,
		(uint32_t)(rt.belay_base + rt.belay_size - 32), 0, GUEST_UART_BASE, 0xc0000000,
		ram_end - 32, ram_end - 16, (uint32_t)rt.mem[0].base, rnd(f) & ~0x1fu, rnd(f),
	};
	return cand[below(f, ARRAY_SIZE(cand))];
}

static uint32_t pick_fn_id(struct fuzz_cpu *f)
{
	static const uint32_t ids[] = {
		PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_AFFINITY_INFO,
		PSCI_MIGRATE, PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,
		PSCI_FEATURES, PSCI_MIGRATE_INFO_UP_CPU, 0xc4000003, 0x8400000e, SMCCC_VERSION,
		SMCCC_ARCH_FEATURES, 0x80008000, 0x80007fff, BELAY_CALL_UID, 0,
	};
	return one_in(f, 4) ? rnd(f) : ids[below(f, ARRAY_SIZE(ids))];
}

static void pick_call(struct fuzz_cpu *f, unsigned int cpu, uint32_t r[4], enum conduit *c)
{
	uint32_t w = below(f, 100);

	/* RESET_VECTORS and SOFT_RESTART leave RUN far more often than
	 * LAUNCH leaves STUB: pick LAUNCH more in STUB, so that the calls
	 * are spread over the states. */
	if (f->state == M_STUB && one_in(f, 10))
		w = one_in(f, 3) ? 0 : 60;

	r[1] = rnd(f);
	r[2] = rnd(f);
	r[3] = rnd(f);
	if (w < 28) {
		static const uint32_t stub[] = {
			HVC_SET_VECTORS, HVC_SOFT_RESTART, HVC_RESET_VECTORS, HVC_GET_VECTORS,
		};
		r[0] = w ? stub[below(f, 4)] : HVC_SET_VECTORS;
	} else if (w < 52) {
		uint32_t fnum = one_in(f, 3) ? below(f, 32) : below(f, 11);
		r[0] = (one_in(f, 4) ? 0xc4000000u : 0x84000000u) | fnum;
	} else if (w < 60) {
		r[0] = one_in(f, 2) ? SMCCC_VERSION : SMCCC_ARCH_FEATURES;
	} else if (w < 80) {
		static const uint32_t vendor[] = {
			BELAY_CALL_COUNT, BELAY_CALL_UID, BELAY_CALL_REVISION, BELAY_LAUNCH,
			BELAY_GET_STATE, BELAY_MEM_INFO, BELAY_TEST_HYP_TIMER, BELAY_TEST_COUNT,
			BELAY_CRASH_DISARM, BELAY_CRASH_STATUS,
			0x8600ff02, 0x86000009, 0x86000000, 0xc6000002, 0x8600ffff,
		};
		r[0] = one_in(f, 6) ? (BELAY_SVC_BASE | (rnd(f) & 0xffff))
				    : vendor[below(f, ARRAY_SIZE(vendor))];
		/* A random BELAY_CRASH_ARM would crash the fuzzer on purpose:
		 * the crash calls it makes are the harmless ones. */
		if (r[0] == BELAY_CRASH_ARM)
			r[0] = BELAY_CRASH_STATUS;
		if (w == 60)
			r[0] = BELAY_LAUNCH;
	} else if (w < 88) {
		r[0] = 3 + below(f, 62);
	} else if (w < 94) {
		r[0] = rnd(f) | SMCCC_FAST_CALL;
	} else {
		r[0] = rnd(f);
	}

	/* Arguments with meaning for the calls that have them. */
	switch (r[0] & ~0x40000000u) {
	case PSCI_CPU_ON:
		r[1] = pick_target(f, cpu);
		r[2] = pick_entry(f);
		break;
	case PSCI_AFFINITY_INFO:
		r[1] = pick_target(f, cpu);
		r[2] = one_in(f, 5) ? (one_in(f, 2) ? below(f, 4) : rnd(f)) : 0;
		break;
	case PSCI_CPU_SUSPEND:
		if (one_in(f, 2))
			r[1] &= 0x1ffff;
		break;
	case PSCI_FEATURES:
		r[1] = pick_fn_id(f);
		break;
	case PSCI_CPU_OFF:
		/* Keep power cycles a small share of the calls. */
		if (!one_in(f, CPU_OFF_ONE_IN))
			r[0] = PSCI_AFFINITY_INFO;
		break;
	}
	if (r[0] == SMCCC_ARCH_FEATURES)
		r[1] = pick_fn_id(f);
	if (r[0] == HVC_SET_VECTORS)
		r[1] = pick_vectors(f);

	w = below(f, 20);
	if (w < 11)
		*c = C_HVC0;
	else if (w < 14)
		*c = C_HVC1 + below(f, 4);
	else
		*c = one_in(f, 3) ? C_SMCF : C_SMC0;
}

/* ---- Who answers, and making the call survivable ---- */

static enum who who_answers(enum model st, enum conduit c)
{
	if (st == M_FOREIGN)
		return IS_SMC(c) ? W_FIRMWARE : W_FOREIGN;
	if (IS_SMC(c))
		return st == M_RUN ? W_BELAY : W_FIRMWARE;
	return c == C_HVC0 ? W_BELAY : W_IMM_ERR;
}

/* Does the call reach a PSCI implementation, and whose? */
static bool reaches_firmware_psci(enum who w, enum model st, uint32_t fn)
{
	return is_psci(fn) && (w == W_FIRMWARE || (w == W_BELAY && st == M_STUB));
}

static bool reaches_belay_psci(enum who w, enum model st, uint32_t fn)
{
	return is_psci(fn) && w == W_BELAY && st == M_RUN;
}

/*
 * Rewrite what must not happen (see the top of the file) and say what
 * the call will do.
 */
static enum act make_safe(unsigned int cpu, enum model st, enum conduit c, uint32_t r[4])
{
	enum who w = who_answers(st, c);
	uint32_t fn32 = r[0] & ~0x40000000u, fnum = r[0] & 0x1f;
	bool smc64 = r[0] & 0x40000000u;

	/* QEMU's PSCI 0.1 IDs: power calls to firmware under other numbers. */
	if (w == W_FIRMWARE && r[0] >= 0x95c1ba5e && r[0] <= 0x95c1ba61)
		r[0] = PSCI_UNUSED_ID;

	if (reaches_firmware_psci(w, st, r[0])) {
		/* Firmware might power the machine or a CPU down or reset it
		 * for these, in either width (SYSTEM_SUSPEND, RESET2,
		 * CPU_FREEZE, CPU_DEFAULT_SUSPEND too). */
		if (fnum == 0x08 || fnum == 0x09 || fnum == 0x0b || fnum == 0x0c ||
		    fnum == 0x0e || fnum == 0x12 || (fnum == 0x02 && (smc64 || cpu == 0)))
			r[0] = PSCI_UNUSED_ID;
		fn32 = r[0] & ~0x40000000u;
		if (fn32 == PSCI_CPU_ON) {
			/* Firmware would start another CPU outside belay (mask
			 * the MPIDR as firmware might). */
			int t = cpu_of(r[1] & 0x00ffffff);
			if (t >= 0 && t != 0 && (unsigned int)t != cpu)
				r[1] = 0x100 | (r[1] & 0xff);
		}
		if (fn32 == PSCI_CPU_SUSPEND)
			return A_SUSPEND;
		if (r[0] == PSCI_CPU_OFF)
			return A_CPU_OFF;
		return A_CALL;
	}
	if (reaches_belay_psci(w, st, r[0])) {
		if (r[0] == PSCI_SYSTEM_OFF || r[0] == PSCI_SYSTEM_RESET ||
		    (r[0] == PSCI_CPU_OFF && cpu == 0))
			r[0] = PSCI_UNUSED_ID;
		if (r[0] == PSCI_CPU_ON && cpu_of(r[1]) >= 0 && addr_in_ram(r[2] & ~1u, 4) &&
		    !is_runtime_entry(r[2]) && !is_bare_entry(r[2]))
			r[2] = (uint32_t)(uintptr_t)smp_entry_arm;
		if (r[0] == PSCI_CPU_SUSPEND)
			return A_SUSPEND;
		if (r[0] == PSCI_CPU_OFF)
			return A_CPU_OFF;
		return A_CALL;
	}
	if (w == W_BELAY && !IS_SMC(c)) {
		if (r[0] == HVC_SOFT_RESTART)
			return A_SOFT_RESTART;
		if (r[0] == HVC_SET_VECTORS && st == M_STUB && !(r[1] & 0x1f) &&
		    addr_in_ram(r[1], 32) && r[1] != foreign_vectors())
			r[1] |= 4;	/* refused instead */
	}
	return A_CALL;
}

/* ---- The allowed answers ---- */

static void allow(struct expect *e, uint32_t v)
{
	if (e->n < MAX_ALLOWED)
		e->r0[e->n++] = v;
}

static void exact(struct expect *e, int reg, uint32_t v)
{
	e->rule[reg] = R_EXACT;
	e->val[reg] = v;
}

/* What firmware (QEMU 7.2's PSCI) answers; r[] made safe already. */
static void expect_firmware(struct expect *e, unsigned int cpu, const uint32_t r[4])
{
	uint32_t fn = r[0], fnum = fn & 0x1f;
	bool smc64 = fn & 0x40000000u;

	e->undef_ok = !is_psci(fn);
	if (!is_psci(fn)) {
		allow(e, (uint32_t)PSCI_NOT_SUPPORTED);
		return;
	}
	/* QEMU's PSCI answers an SMC64 ID from AArch32 NOT_SUPPORTED. */
	if (smc64) {
		allow(e, (uint32_t)PSCI_NOT_SUPPORTED);
		return;
	}
	switch (fnum) {
	case 0x00:
		allow(e, fw_psci_version);
		break;
	case 0x01:
		allow(e, (r[1] & ~0x1ffffu) ? (uint32_t)PSCI_INVALID_PARAMETERS : PSCI_SUCCESS);
		break;
	case 0x03: {
		int exact_t = cpu_of(r[1]), masked_t = cpu_of(r[1] & 0x00ffffff);
		allow(e, exact_t >= 0 ? (uint32_t)PSCI_ALREADY_ON : (uint32_t)PSCI_INVALID_PARAMETERS);
		if (exact_t < 0 && masked_t >= 0)
			allow(e, (uint32_t)PSCI_ALREADY_ON);
		break;
	}
	case 0x04: {
		int t = cpu_of(r[1]);
		if (r[2] != 0) {
			allow(e, PSCI_AFFINITY_ON);	/* QEMU: levels above 0 are on */
		} else if (t < 0) {
			allow(e, (uint32_t)PSCI_INVALID_PARAMETERS);
		} else if (t == 0 || (unsigned int)t == cpu) {
			allow(e, PSCI_AFFINITY_ON);
		} else {
			allow(e, PSCI_AFFINITY_ON);
			allow(e, PSCI_AFFINITY_OFF);
			allow(e, PSCI_AFFINITY_ON_PENDING);
		}
		break;
	}
	case 0x06:
		allow(e, 2);
		break;
	case 0x0a:
		allow(e, PSCI_SUCCESS);
		allow(e, (uint32_t)PSCI_NOT_SUPPORTED);
		break;
	default:
		allow(e, (uint32_t)PSCI_NOT_SUPPORTED);
	}
}

/* belay's emulated PSCI in RUN. */
static void expect_belay_psci(struct expect *e, unsigned int cpu, const uint32_t r[4])
{
	int t = cpu_of(r[1]);

	switch (r[0]) {
	case PSCI_VERSION:
		allow(e, 0x00010001);
		break;
	case PSCI_CPU_SUSPEND:
		allow(e, (r[1] & ~0x1ffffu) ? (uint32_t)PSCI_INVALID_PARAMETERS : PSCI_SUCCESS);
		break;
	case PSCI_CPU_ON:
		if (t < 0) {
			allow(e, (uint32_t)PSCI_INVALID_PARAMETERS);
		} else if (!addr_in_ram(r[2] & ~1u, 4)) {
			allow(e, (uint32_t)PSCI_INVALID_ADDRESS);
		} else if (t == 0 || (unsigned int)t == cpu) {
			allow(e, (uint32_t)PSCI_ALREADY_ON);
		} else {
			allow(e, PSCI_SUCCESS);
			allow(e, (uint32_t)PSCI_ALREADY_ON);
			allow(e, (uint32_t)PSCI_ON_PENDING);
		}
		break;
	case PSCI_AFFINITY_INFO:
		if (r[2] != 0 || t < 0) {
			allow(e, (uint32_t)PSCI_INVALID_PARAMETERS);
		} else if (t == 0 || (unsigned int)t == cpu) {
			allow(e, PSCI_AFFINITY_ON);
		} else {
			allow(e, PSCI_AFFINITY_ON);
			allow(e, PSCI_AFFINITY_OFF);
			allow(e, PSCI_AFFINITY_ON_PENDING);
		}
		break;
	case PSCI_MIGRATE_INFO_TYPE:	/* firmware's answer: QEMU's */
		allow(e, 2);
		break;
	case PSCI_FEATURES:
		allow(e, (uint32_t)belay_psci_features(r[1]));
		break;
	default:	/* MIGRATE_INFO_UP_CPU (QEMU's answer), SMC64 IDs too */
		allow(e, (uint32_t)PSCI_NOT_SUPPORTED);
	}
}

/* belay's SMCCC answers: `hvc #0` with bit 31 set, or a trapped `smc`. */
static void expect_smccc(struct expect *e, unsigned int cpu, enum model st, const uint32_t r[4])
{
	uint32_t fn = r[0];

	if (is_psci(fn)) {
		if (st == M_RUN)
			expect_belay_psci(e, cpu, r);
		else
			expect_firmware(e, cpu, r);
		return;
	}
	if (fn == SMCCC_VERSION) {
		allow(e, SMCCC_VERSION_1_1);
		return;
	}
	if (fn == SMCCC_ARCH_FEATURES) {
		allow(e, r[1] == SMCCC_VERSION || r[1] == SMCCC_ARCH_FEATURES ? 0
		      : (uint32_t)SMCCC_NOT_SUPPORTED);
		return;
	}
	switch (fn) {
	case BELAY_CALL_COUNT:
		allow(e, BELAY_NR_CALLS);
		return;
	case BELAY_CALL_UID:
		allow(e, BELAY_UID_0);
		exact(e, 1, BELAY_UID_1);
		exact(e, 2, BELAY_UID_2);
		exact(e, 3, BELAY_UID_3);
		return;
	case BELAY_CALL_REVISION:
		allow(e, BELAY_REVISION_MAJOR);
		exact(e, 1, BELAY_REVISION_MINOR);
		return;
	case BELAY_LAUNCH:
		if (st == M_RUN) {
			allow(e, (uint32_t)BELAY_ERR_ALREADY_RUNNING);
		} else {
			allow(e, 0);
			e->next = M_RUN;
		}
		return;
	case BELAY_GET_STATE:
		allow(e, st == M_RUN ? BELAY_STATE_RUN : BELAY_STATE_STUB);
		return;
	case BELAY_MEM_INFO:
		allow(e, free_pages0);	/* fixed after boot: a change is a leak */
		exact(e, 1, total_pages0);
		return;
	case BELAY_TEST_HYP_TIMER:
	case BELAY_TEST_COUNT:
		/* The vGIC's test hooks: only in RUN; a CPU index out of range
		 * or a target that cannot take the call is INVALID_PARAMETER.
		 * BELAY_TEST_COUNT returns counts in r1-r2 on success. */
		if (st == M_RUN) {
			allow(e, 0);
			allow(e, (uint32_t)SMCCC_INVALID_PARAMETER);
			if (fn == BELAY_TEST_COUNT)
				e->rule[1] = e->rule[2] = R_ANY;
		}
		allow(e, (uint32_t)SMCCC_NOT_SUPPORTED);
		return;
	case BELAY_CRASH_DISARM:
	case BELAY_CRASH_STATUS:
		/* Crash injection: only in RUN; STATUS answers in r1-r3. */
		if (st == M_RUN) {
			allow(e, 0);
			if (fn == BELAY_CRASH_STATUS)
				e->rule[1] = e->rule[2] = e->rule[3] = R_ANY;
		} else {
			allow(e, (uint32_t)SMCCC_NOT_SUPPORTED);
		}
		return;
	}
	allow(e, (uint32_t)SMCCC_NOT_SUPPORTED);
}

static void expect_call(struct expect *e, unsigned int cpu, enum model st, enum conduit c,
			const uint32_t r[4])
{
	*e = (struct expect){ .next = st };
	switch (who_answers(st, c)) {
	case W_IMM_ERR:
		allow(e, HVC_STUB_ERR);
		return;
	case W_FOREIGN:
		/* foreign_hyp_vectors (lib/hyp_helpers.S): any hvc with
		 * r0 = RESET_VECTORS hands HYP back. */
		e->rule[1] = e->rule[2] = e->rule[3] = R_ANY;
		if (r[0] == HVC_RESET_VECTORS) {
			allow(e, 0);
			e->next = M_STUB;
		} else {
			allow(e, FOREIGN_MAGIC);
			exact(e, 1, HSR_HVC0 | conduit_imm[c]);
		}
		return;
	case W_FIRMWARE:
		expect_firmware(e, cpu, r);
		return;
	case W_BELAY:
		break;
	}
	if (!IS_SMC(c)) {
		switch (r[0]) {
		case HVC_SET_VECTORS:
			if (st == M_STUB && !(r[1] & 0x1f) && addr_in_ram(r[1], 32)) {
				allow(e, 0);
				e->next = M_FOREIGN;
			} else {
				allow(e, HVC_STUB_ERR);
			}
			return;
		case HVC_RESET_VECTORS:
			allow(e, 0);
			e->next = M_STUB;
			return;
		case HVC_GET_VECTORS:
			allow(e, belay_vectors);
			return;
		}
		if (!(r[0] & SMCCC_FAST_CALL)) {
			allow(e, HVC_STUB_ERR);
			return;
		}
	}
	expect_smccc(e, cpu, st, r);
}

/* ---- One call ---- */

/* Call number f->calls of this CPU (counting from 0) was wrong. */
static void describe(struct fuzz_cpu *f, unsigned int cpu, enum model st, enum conduit c,
		     const uint32_t in[4], const uint32_t out[4], const char *why)
{
	if (f->wrong + f->exceptions > REPORT_WRONG)
		return;
	console_lock();
	report_info("fuzz: CPU %u call %u (seed 0x%x): %s in %s, r0-r3 %08x %08x %08x %08x -> "
		    "%08x %08x %08x %08x: %s", cpu, f->calls, seed, conduit_name[c],
		    model_name[st], in[0], in[1], in[2], in[3], out[0], out[1], out[2], out[3],
		    why);
	console_unlock();
}

static void check_answer(struct fuzz_cpu *f, unsigned int cpu, enum model st, enum conduit c,
			 const struct fuzz_regs *fr, const struct expect *e)
{
	char why[96];
	bool ok = false;

	if (fr->bad || fr->cpsr_out != fr->cpsr_in) {
		snprintf(why, sizeof(why), "preserved registers changed (mask %05x, cpsr %08x -> %08x)",
			 fr->bad, fr->cpsr_in, fr->cpsr_out);
		f->wrong++;
		describe(f, cpu, st, c, fr->in, fr->out, why);
		return;
	}
	for (uint32_t i = 0; i < e->n; i++)
		ok |= fr->out[0] == e->r0[i];
	if (!ok) {
		int len = snprintf(why, sizeof(why), "r0 not allowed (allowed:");
		for (uint32_t i = 0; i < e->n && len < (int)sizeof(why) - 12; i++)
			len += snprintf(why + len, sizeof(why) - len, " %08x", e->r0[i]);
		snprintf(why + len, sizeof(why) - len, ")");
		f->wrong++;
		describe(f, cpu, st, c, fr->in, fr->out, why);
		return;
	}
	for (int i = 1; i <= 3; i++) {
		uint32_t want = e->rule[i] == R_EXACT ? e->val[i] : fr->in[i];
		if (e->rule[i] == R_ANY || fr->out[i] == want)
			continue;
		snprintf(why, sizeof(why), "r%d = %08x, expected %08x", i, fr->out[i], want);
		f->wrong++;
		describe(f, cpu, st, c, fr->in, fr->out, why);
		return;
	}
}

static void do_soft_restart(struct fuzz_cpu *f, unsigned int cpu, enum model st)
{
	bool thumb = rnd(f) & 1;
	uint32_t sr_seed = rnd(f);
	uint32_t target = thumb ? ((uint32_t)(uintptr_t)sr_target_thumb | 1)
				: (uint32_t)(uintptr_t)sr_target_arm;
	uint32_t in[4] = { HVC_SOFT_RESTART, target, sr_pattern(sr_seed, 2), sr_pattern(sr_seed, 3) };
	uint32_t out[4] = { 0 };
	const struct sr_record *r = &sr_record;
	const char *why = NULL;

	memset(&sr_record, 0, sizeof(sr_record));
	uint32_t ret = soft_restart_call(target, sr_seed);
	out[0] = ret ? r->returned : HVC_SOFT_RESTART;

	if (ret || r->arrived != (thumb ? SR_ARRIVED_THUMB : SR_ARRIVED_MAGIC))
		why = "SOFT_RESTART: the target did not run";
	else if ((r->cpsr & PSR_MODE_MASK) != PSR_MODE_HYP ||
		 (r->cpsr & (PSR_A | PSR_I | PSR_F)) != (PSR_A | PSR_I | PSR_F))
		why = "SOFT_RESTART: target not in HYP with A/I/F masked";
	else if (r->hsctlr & (HSCTLR_M | HSCTLR_C | HSCTLR_I))
		why = "SOFT_RESTART: HSCTLR.M/C/I not off";
	else if (r->hvbar != belay_vectors)
		why = "SOFT_RESTART: HVBAR is not belay's vectors";
	else if (((r->vttbr_hi >> 16) & 0xff) != BELAY_VMID)
		why = "SOFT_RESTART: VTTBR.VMID is not BELAY_VMID";
	else if (st == M_RUN && (r->hcr || r->hstr))
		why = "SOFT_RESTART from RUN: HCR/HSTR not cleared";
	else if (r->svc_sp_after != r->svc_sp)
		why = "SOFT_RESTART: SP_svc changed";
	for (int i = 2; i <= 12 && !why; i++)
		if (r->r[i] != sr_pattern(sr_seed, i))
			why = "SOFT_RESTART: r2-r12 not preserved into the target";
	if (why) {
		f->wrong++;
		describe(f, cpu, st, C_HVC0, in, out, why);
	}
	f->soft_restarts++;
}

static void fuzz_one(struct fuzz_cpu *f, unsigned int cpu)
{
	struct fuzz_regs fr;
	struct expect e;
	enum conduit c;
	enum model st = f->state;
	uint32_t r[4];

	pick_call(f, cpu, r, &c);
	enum act act = make_safe(cpu, st, c, r);
	fr.pat = rnd(f);

	if (act == A_SOFT_RESTART && !spin_trylock(&sr_lock, cpu)) {
		act = A_CALL;		/* another CPU is in its target */
		r[0] = HVC_GET_VECTORS;
	}
	f->by_conduit[c == C_HVC0 ? 0 : IS_SMC(c) ? 2 : 1]++;
	f->by_state[st]++;

	if (act == A_SOFT_RESTART) {
		do_soft_restart(f, cpu, st);
		spin_unlock(&sr_lock);
		f->state = M_STUB;
		f->calls++;
		return;
	}

	expect_call(&e, cpu, st, c, r);
	memcpy(fr.in, r, sizeof(fr.in));
	if (act == A_CPU_OFF) {
		/* The last act of this life: CPU 0 or another CPU's CPU_ON
		 * brings it back at the runtime's entry. */
		uint32_t me = f->calls;

		f->offs++;
		f->calls++;	/* counted now: it does not come back */
		atomic_write(&smp_cpus[cpu].online, 0);
		conduit_fn[c](&fr);
		atomic_write(&smp_cpus[cpu].online, 1);
		f->calls = me;
		f->wrong++;
		describe(f, cpu, st, c, fr.in, fr.out, "CPU_OFF returned");
		f->calls++;
		return;
	}
	if (act == A_SUSPEND)
		gic_send_sgi(GICD_SGIR_FILTER_SELF, 0, SMP_DOORBELL_SGI);
	conduit_fn[c](&fr);
	if (act == A_SUSPEND)
		gic_handle_irq();

	if (f->fault.count != f->fault_seen) {
		f->fault_seen = f->fault.count;
		if (e.undef_ok && f->fault.type == EXC_UNDEF) {
			f->fw_undefs++;
		} else {
			f->exceptions++;
			describe(f, cpu, st, c, fr.in, fr.in, exc_name(f->fault.type));
		}
	} else {
		check_answer(f, cpu, st, c, &fr, &e);
		if (reaches_belay_psci(who_answers(st, c), st, r[0]) && r[0] == PSCI_CPU_ON &&
		    fr.out[0] == PSCI_SUCCESS) {
			int t = cpu_of(r[1]);
			atomic_inc(is_bare_entry(r[2]) ? &on_ok_bare[t] : &on_ok_runtime[t]);
			f->on_ok++;
		}
	}
	if (e.next != st) {
		if (st == M_RUN && e.next == M_STUB)
			f->resets++;
		else if (st == M_STUB && e.next == M_RUN)
			f->launches++;
		else if (e.next == M_FOREIGN)
			f->setvecs++;
		else
			f->handbacks++;
	}
	/* On a wrong answer, believe belay's GET_STATE rather than the model. */
	f->state = e.next;
	f->calls++;
}

/* Back to RUN from wherever the calls left this CPU. */
static void back_to_run(struct fuzz_cpu *f, unsigned int cpu)
{
	if (f->state == M_FOREIGN && hvc0(HVC_RESET_VECTORS) != 0)
		report_info("fuzz: CPU %u: the foreign vectors did not hand back", cpu);
	uint32_t st = belay_state();
	if (st == BELAY_STATE_STUB && belay_launch() != 0)
		report_info("fuzz: CPU %u: LAUNCH failed", cpu);
	f->state = M_RUN;
}

static void resync(struct fuzz_cpu *f, unsigned int cpu)
{
	uint32_t st = belay_state();

	if (st == BELAY_STATE_RUN || st == BELAY_STATE_STUB) {
		enum model m = st == BELAY_STATE_RUN ? M_RUN : M_STUB;
		if (f->state != m) {
			f->wrong++;
			report_info("fuzz: CPU %u after call %u: model %s, belay says %s", cpu,
				    f->calls, model_name[f->state], belay_state_name(st));
		}
		f->state = m;
	} else if (st != FOREIGN_MAGIC || f->state != M_FOREIGN) {
		f->wrong++;
		report_info("fuzz: CPU %u after call %u: GET_STATE %08x (model %s)", cpu, f->calls,
			    st, model_name[f->state]);
	}
}

/* Up to max calls (until the quota), starting in RUN. */
static void fuzz_run(unsigned int cpu, uint32_t max, bool end_in_run)
{
	struct fuzz_cpu *f = &fz[cpu];
	uint32_t wrong0 = f->wrong;

	f->batches++;
	rt_expect_fault(&f->fault);
	f->fault_seen = f->fault.count;
	for (uint32_t n = 0; n < max && f->calls < f->quota; n++) {
		fuzz_one(f, cpu);
		if (f->wrong != wrong0) {
			wrong0 = f->wrong;
			resync(f, cpu);
		}
	}
	rt_expect_none();
	if (end_in_run)
		back_to_run(f, cpu);
}

static uint32_t fn_fuzz(uint32_t arg)
{
	unsigned int cpu = smp_this_cpu();

	(void)arg;
	fz[cpu].state = M_RUN;	/* every life starts in RUN */
	fuzz_run(cpu, ~0u, true);
	return 0;
}

/* ---- CPU 0: its own calls, and keeping the others busy ---- */

static uint32_t ms_between(uint64_t t0, uint64_t t1)
{
	uint64_t ticks = t1 - t0;
	uint32_t khz = read_sysreg(CNTFRQ) / 1000;
	uint64_t q = 0, rem = 0;

	for (int i = 63; i >= 0; i--) {	/* no 64-bit division in the runtime */
		rem = (rem << 1) | ((ticks >> i) & 1);
		if (rem >= khz) {
			rem -= khz;
			q |= 1ull << i;
		}
	}
	return q > 0xffffffffull ? ~0u : (uint32_t)q;
}

static int32_t cpu_on_counted(unsigned int t, uint32_t entry, uint32_t context)
{
	int32_t r = psci_hvc(PSCI_CPU_ON, smp_mpidr(t), entry, context);

	if (r == PSCI_SUCCESS) {
		if (is_bare_entry(entry))
			atomic_inc(&on_ok_bare[t]);
		else
			atomic_inc(&on_ok_runtime[t]);
	}
	return r;
}

static uint64_t off_since[SMP_MAX_CPUS];
static uint32_t rescues;

/* Give idle CPUs calls to make; restart CPUs that stayed OFF. */
static bool coordinate(bool cpu0_done)
{
	bool all_done = true;
	uint64_t now = read_cntpct();

	for (unsigned int k = 1; k < nr_cpus; k++) {
		struct smp_cpu *s = &smp_cpus[k];

		if (atomic_read(&s->online)) {
			off_since[k] = 0;
			if (!smp_call_done(k)) {
				all_done = false;
			} else if (fz[k].calls < fz[k].quota) {
				smp_call_async(k, fn_fuzz, 0);
				all_done = false;
			}
			continue;
		}
		all_done = false;
		if (!off_since[k]) {
			off_since[k] = now;
			continue;
		}
		if (now - off_since[k] < timer_ticks_us(RESCUE_MS * 1000))
			continue;
		if (!cpu0_done && fz[0].state != M_RUN)
			continue;	/* CPU 0's calls will bring it to RUN */
		back_to_run(&fz[0], 0);
		int32_t r = cpu_on_counted(k, (uint32_t)(uintptr_t)smp_entry_arm, 0xc0de0000 | k);
		if (r != PSCI_SUCCESS && r != PSCI_ALREADY_ON && r != PSCI_ON_PENDING) {
			fz[0].wrong++;
			report_info("fuzz: CPU 0: CPU_ON of CPU %u to restart it = %d (%s)", k, r,
				    psci_ret_name(r));
		}
		rescues++;
		off_since[k] = now;
	}
	return all_done && cpu0_done;
}

static uint32_t sum(const volatile uint32_t *a)
{
	uint32_t s = 0;

	for (unsigned int i = 0; i < nr_cpus; i++)
		s += a[i];
	return s;
}

static uint32_t total_made(void)
{
	uint32_t s = 0;

	for (unsigned int i = 0; i < nr_cpus; i++)
		s += fz[i].calls;
	return s;
}

static void fuzz_all(void)
{
	uint64_t t0 = read_cntpct(), last_change = t0;
	uint32_t last_total = 0;

	for (;;) {
		bool cpu0_done = fz[0].calls >= fz[0].quota;
		if (!cpu0_done)
			fuzz_run(0, CPU0_BATCH, false);
		else if (fz[0].state != M_RUN)
			back_to_run(&fz[0], 0);
		if (coordinate(fz[0].calls >= fz[0].quota))
			break;
		uint32_t t = total_made();
		uint64_t now = read_cntpct();
		if (t != last_total) {
			last_total = t;
			last_change = now;
		} else if (ms_between(last_change, now) > STALL_MS) {
			for (unsigned int k = 0; k < nr_cpus; k++)
				report_info("fuzz: CPU %u: %u of %u calls, online %u, mailbox %s", k,
					    fz[k].calls, fz[k].quota, smp_cpus[k].online,
					    smp_call_done(k) ? "idle" : "busy");
			test_abort("fuzz: no call for %u ms: a CPU hangs (seed 0x%x)", STALL_MS, seed);
		}
		if (cpu0_done)
			wfe();
	}
	uint32_t ms = ms_between(t0, read_cntpct());

	for (unsigned int k = 0; k < nr_cpus; k++) {
		const struct fuzz_cpu *f = &fz[k];
		printf("fuzz: CPU %u: %u calls (hvc #0 %u, hvc #imm %u, smc %u; in RUN %u, STUB %u, "
		       "FOREIGN %u); RESET_VECTORS %u, LAUNCH %u, SET_VECTORS %u, hand-back %u, "
		       "SOFT_RESTART %u, CPU_OFF %u; firmware UNDEFs %u\n", k, f->calls,
		       f->by_conduit[0], f->by_conduit[1], f->by_conduit[2], f->by_state[M_RUN],
		       f->by_state[M_STUB], f->by_state[M_FOREIGN], f->resets, f->launches,
		       f->setvecs, f->handbacks, f->soft_restarts, f->offs, f->fw_undefs);
	}
	uint32_t wrong = 0, exc = 0;
	for (unsigned int k = 0; k < nr_cpus; k++) {
		wrong += fz[k].wrong;
		exc += fz[k].exceptions;
	}
	printf("fuzz: CPU_ON SUCCESS %u (runtime entry %u, bare entry %u), CPU 0 restarted OFF "
	       "CPUs %u times\n", sum(on_ok_runtime) + sum(on_ok_bare), sum(on_ok_runtime),
	       sum(on_ok_bare), rescues);
	printf("fuzz: total %u calls in %u ms on %u CPUs, %u faults (seed 0x%x)\n", total_made(), ms,
	       nr_cpus, wrong + exc, seed);
	for (unsigned int k = 0; k < nr_cpus; k++)
		report(fz[k].wrong == 0 && fz[k].exceptions == 0 && fz[k].calls >= fz[k].quota,
		       "CPU %u: %u calls, every answer allowed, registers preserved (%u wrong, "
		       "%u unexpected exceptions)", k, fz[k].calls, fz[k].wrong, fz[k].exceptions);
}

/* ---- Afterwards ---- */

static void check_arrivals(void)
{
	/* A CPU_ON SUCCESS brings its CPU up exactly once. */
	uint64_t deadline = timer_deadline_ms(SMP_TIMEOUT_MS);
	bool same;

	do {
		same = true;
		for (unsigned int k = 1; k < nr_cpus; k++) {
			same &= smp_cpus[k].entries - entries0[k] == on_ok_runtime[k];
			same &= smp_off_entries[k] - off_entries0[k] == on_ok_bare[k];
		}
	} while (!same && !timer_expired(deadline));
	for (unsigned int k = 1; k < nr_cpus; k++)
		report(smp_cpus[k].entries - entries0[k] == on_ok_runtime[k] &&
		       smp_off_entries[k] - off_entries0[k] == on_ok_bare[k] &&
		       smp_off_errors[k] == 0,
		       "CPU %u: each CPU_ON SUCCESS brought it up once (%u + %u SUCCESS, %u + %u "
		       "arrivals; bare entry's CPU_OFF errors %u)", k, on_ok_runtime[k],
		       on_ok_bare[k], smp_cpus[k].entries - entries0[k],
		       smp_off_entries[k] - off_entries0[k], smp_off_errors[k]);
}

static struct checker checkers[SMP_MAX_CPUS];

/* lib/abi_common.c's checks, on the calling CPU, which is in RUN. */
static uint32_t fn_abi_cells(uint32_t arg)
{
	struct checker *c = &checkers[smp_this_cpu()];
	uint32_t bad = 0;

	(void)arg;
	abi_check_common(c, BELAY_STATE_RUN, true);
	abi_check_regs(c, BELAY_STATE_RUN);
	abi_to_stub(c);
	abi_check_common(c, BELAY_STATE_STUB, true);
	abi_check_regs(c, BELAY_STATE_STUB);
	abi_foreign_round(c);
	abi_to_run(c);
	bad += abi_transient_cycles(c, 3);
	spin_lock(&sr_lock, smp_this_cpu());
	for (int from_run = 1; from_run >= 0; from_run--)
		for (int thumb = 0; thumb <= 1; thumb++)
			abi_soft_restart_round(c, from_run, thumb, seed ^ (thumb << 8));
	spin_unlock(&sr_lock);
	return bad;
}

static void check_abi_after(void)
{
	for (unsigned int k = 0; k < nr_cpus; k++) {
		checkers[k] = (struct checker){ .quiet = true };
		uint32_t extra = k ? smp_call(k, fn_abi_cells, 0) : fn_abi_cells(0);
		report(checkers[k].fails == 0 && extra == 0,
		       "CPU %u: after the fuzzing, the ABI checks of lib/abi_common.c pass "
		       "(%u checks, %u failed)", k, checkers[k].checks, checkers[k].fails + extra);
	}
}

int main(void)
{
	nr_cpus = smp_init();
	smp_require_cpus(2);
	if (rt.native)
		test_skip_all("fuzzing belay's ABI (native runs have only the mock)");
	abi_init();
	if (!gic.dist)
		test_missing("a GICv2 (CPU_SUSPEND needs an SGI to wake it)");

	seed = DEFAULT_SEED;
	total_calls = DEFAULT_CALLS;
	bootarg_u32("fuzz.seed=", &seed);
	bootarg_u32("fuzz.calls=", &total_calls);
	printf("fuzz: seed 0x%x, %u calls on %u CPUs (bootargs fuzz.seed=0x%x fuzz.calls=%u)\n",
	       seed, total_calls, nr_cpus, seed, total_calls);

	for (int i = 0; i < rt.nmem; i++)
		if (rt.mem[i].base <= GUEST_BASE && GUEST_BASE - rt.mem[i].base < rt.mem[i].size)
			ram_end = (uint32_t)(rt.mem[i].base + rt.mem[i].size);
	struct res4 mi = hvc_call4(BELAY_MEM_INFO, 0, 0, 0);
	free_pages0 = mi.r0;
	total_pages0 = mi.r1;
	/* What firmware's PSCI_VERSION is: asked from STUB, where smc reaches it. */
	struct checker q = { .quiet = true };
	abi_to_stub(&q);
	fw_psci_version = smc1(PSCI_VERSION);
	abi_to_run(&q);
	if (q.fails)
		test_abort("RESET_VECTORS/LAUNCH failed before fuzzing");
	report_info("firmware PSCI_VERSION %08x; belay's pool: %u of %u pages free",
		    fw_psci_version, free_pages0, total_pages0);

	for (unsigned int k = 0; k < nr_cpus; k++) {
		uint64_t s = ((uint64_t)seed << 8) | k;
		fz[k].rng = splitmix64(&s) | 1;
		fz[k].quota = total_calls / nr_cpus + (k < total_calls % nr_cpus);
		fz[k].state = M_RUN;
	}
	for (unsigned int k = 1; k < nr_cpus; k++) {
		if (smp_boot_cpu(k, k) != PSCI_SUCCESS)
			test_abort("CPU %u does not start", k);
		entries0[k] = smp_cpus[k].entries;
		off_entries0[k] = smp_off_entries[k];
	}

	fuzz_all();
	check_arrivals();
	check_abi_after();
	mi = hvc_call4(BELAY_MEM_INFO, 0, 0, 0);
	report(mi.r0 == free_pages0 && mi.r1 == total_pages0,
	       "BELAY_MEM_INFO: %u of %u pages free, as before the fuzzing (%u of %u)", mi.r0,
	       mi.r1, free_pages0, total_pages0);
	return 0;
}
