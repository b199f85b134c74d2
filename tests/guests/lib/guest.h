/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/*
 * The test-guest runtime: what every guest in tests/guests/ includes.
 * Guests run in SVC mode with the MMU and caches off, interrupts masked,
 * one CPU. A guest defines main(); rt_start() calls it and then
 * report_summary(), which powers the machine off.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arch/sysreg.h>
#include <belay/abi.h>

#include "layout.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define noreturn	__attribute__((noreturn))

/* ---- What the guest learnt at entry (rt.c) ---- */

struct mem_range {
	uint64_t base;
	uint64_t size;
};

struct rt_info {
	uint32_t boot_r0, boot_r1, boot_r2;	/* registers at entry */
	uint32_t entry_cpsr, entry_sctlr;
	bool native;		/* QEMU entered us in HYP: no belay, the mock */
	bool have_entry_cntpct;
	uint64_t entry_cntpct;	/* CNTPCT read first thing in rt_start */
	const void *fdt;
	uint32_t addr_cells, size_cells;	/* of the root node */
	/* belay: the /hypervisor node (the mock's region on native runs) */
	bool belay_present;
	uint64_t belay_base, belay_size;
	/* guest RAM: /memory ranges (minus the mock region when native) */
	int nmem;
	struct mem_range mem[8];
	const char *bootargs;	/* /chosen/bootargs or "" */
};
extern struct rt_info rt;

int main(void);
noreturn void rt_start(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t hyp);

/* End the test unless belay (or the mock) is there: a failure under belay,
 * where a missing DTB or /hypervisor node is belay's bug (test_missing). */
void rt_require_belay(void);
bool addr_in_ram(uint64_t addr, uint64_t len);
bool addr_in_belay(uint64_t addr);

/* ---- Output (printf.c) ---- */

void uart_putc(char c);
void puts_raw(const char *s);
/* Hold the console across several calls to keep a line whole when other
 * CPUs print too (printf and puts_raw take it for themselves; it nests). */
void console_lock(void);
void console_unlock(void);
int printf(const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...);

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
const char *strstr(const char *h, const char *n);

/* ---- Reporting in the style of kvm-unit-tests (report.c) ---- */

/* "ok N - name" or "not ok N - name"; returns cond. */
bool report(bool cond, const char *fmt, ...);
bool vreport(bool cond, const char *fmt, va_list ap);

/*
 * Checks that either report each result (quiet = false) or, in loops that
 * repeat them hundreds of times, only count them and describe the first
 * failures in "#" lines; the loop then reports once on c->fails.
 */
struct checker {
	bool quiet;
	unsigned int checks, fails;
};
bool check(struct checker *c, bool cond, const char *fmt, ...);

/* "ok N - name # SKIP": counted apart, neither passed nor failed. */
void report_skip(const char *fmt, ...);
/* "# ..." lines: information only. */
void report_info(const char *fmt, ...);
/* Prefix the next names with "prefix: " (one level is enough here). */
void report_prefix_push(const char *prefix);
void report_prefix_pop(void);
/* "belay-test: done passed=P failed=F", then PSCI SYSTEM_OFF. */
noreturn void report_summary(void);
/* "belay-test: skip why", then PSCI SYSTEM_OFF (harness: 77). Only for a
 * test that does not apply to this run (fewer CPUs given to QEMU, a native
 * run of a belay-only test), never for something belay should provide. */
noreturn void test_skip_all(const char *why);
/*
 * The test cannot run without WHAT (a DTB node, a CPU layout). Under belay
 * what the guest finds is what belay gave it, so a lack is a belay bug:
 * "FAIL: missing: WHAT ..." and end, counted as a failure. Natively (QEMU's own
 * DTB and the mock) it skips the whole test.
 */
noreturn void test_missing(const char *what);
/* "FAIL: why" and end the test now, counted as one more failure. */
noreturn void test_abort(const char *fmt, ...);

/* ---- Calls into HYP and firmware ---- */

struct res4 {
	uint32_t r0, r1, r2, r3;
};

/*
 * `hvc #imm` / `smc #0` with r0-r3 in and out. Besides r0-r3 they declare
 * r12, lr and the flags clobbered, so that a belay which breaks the
 * preservation guarantee is caught by the register tests (regcheck) rather
 * than crashing every other test; abi_run checks the guarantee itself.
 */
#define DEFINE_CONDUIT(fn, insn)					\
static inline struct res4 fn(uint32_t a0, uint32_t a1,		\
			     uint32_t a2, uint32_t a3)			\
{									\
	register uint32_t r0 __asm__("r0") = a0;			\
	register uint32_t r1 __asm__("r1") = a1;			\
	register uint32_t r2 __asm__("r2") = a2;			\
	register uint32_t r3 __asm__("r3") = a3;			\
	__asm__ volatile(insn						\
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)	\
			 : : "r12", "lr", "cc", "memory");		\
	return (struct res4){ r0, r1, r2, r3 };				\
}
DEFINE_CONDUIT(hvc_call4, "hvc #0")
DEFINE_CONDUIT(hvc1_call4, "hvc #1")
DEFINE_CONDUIT(hvcffff_call4, "hvc #0xffff")
DEFINE_CONDUIT(smc_call4, "smc #0")

static inline uint32_t hvc0(uint32_t fn) { return hvc_call4(fn, 0, 0, 0).r0; }
static inline uint32_t hvc1(uint32_t fn, uint32_t a1) { return hvc_call4(fn, a1, 0, 0).r0; }
static inline uint32_t smc1(uint32_t fn) { return smc_call4(fn, 0, 0, 0).r0; }

/* belay's vendor calls, conveniences. */
static inline uint32_t belay_state(void) { return hvc0(BELAY_GET_STATE); }
static inline uint32_t belay_launch(void) { return hvc0(BELAY_LAUNCH); }
static inline uint32_t belay_get_vectors(void) { return hvc0(HVC_GET_VECTORS); }
static inline uint32_t belay_reset_vectors(void) { return hvc0(HVC_RESET_VECTORS); }
const char *belay_state_name(uint32_t state);

noreturn void psci_system_off(void);

/* Native runs (mock.c): a CPU that PSCI just started has the mock
 * hyp-stub afresh, in RUN. */
void mock_cpu_online(void);

/* ---- Exceptions taken by the guest (exception.c) ---- */

enum rt_exc_type {
	EXC_RESET, EXC_UNDEF, EXC_SVC, EXC_PABT, EXC_DABT, EXC_UNUSED,
	EXC_IRQ, EXC_FIQ,
};

struct rt_frame {
	uint32_t spsr;
	uint32_t r[13];
	uint32_t lr;	/* the exception's LR; the handler sets the resume address */
};

/* One expected fault: recorded, then execution resumes after the faulting
 * instruction (data abort, undefined) or at resume_pc (prefetch abort). */
struct rt_fault {
	volatile uint32_t count;	/* faults taken while armed */
	uint32_t type;			/* enum rt_exc_type of the last one */
	uint32_t mode;			/* the mode its handler ran in */
	uint32_t pc;			/* address of the faulting instruction */
	uint32_t spsr;
	uint32_t dfar, dfsr, ifar, ifsr;
	uint32_t resume_pc;		/* prefetch aborts only; 0 = fatal */
	/* Data abort or undefined: resume at the faulting instruction, not
	 * after it (an exception belay injected before it ran). */
	bool resume_at_pc;
};

/* Where IRQs go (gic.c installs its dispatcher); NULL: an IRQ is an
 * unexpected exception. */
void rt_set_irq_handler(void (*handler)(void));

/* Arm f for the faults that follow on this CPU; rt_expect_none() disarms. */
void rt_expect_fault(struct rt_fault *f);
void rt_expect_none(void);
const char *exc_name(uint32_t type);

/* Single-instruction probes (vectors.S): the ldr/str is what faults. */
uint32_t probe_read32(uintptr_t addr);
void probe_write32(uintptr_t addr, uint32_t val);
extern const char probe_read32_insn[], probe_write32_insn[];

/* DFSR/IFSR (short-descriptor and LPAE formats): the fault status code. */
uint32_t fsr_status(uint32_t fsr);
#define FSR_SYNC_EXTERNAL	0x10	/* synchronous external abort, LPAE */
#define FSR_SD_SYNC_EXTERNAL	0x08	/* same, short-descriptor format */
#define FSR_WNR			(1u << 11)	/* write, not read */
#define FSR_LPAE		(1u << 9)
bool fsr_is_sync_external(uint32_t fsr);

/* ---- PMU (pmu.c) ---- */

/* Enable PMCCNTR counting every mode, HYP included (PMCCFILTR.NSH). */
void pmu_enable_cycles(void);
static inline uint32_t pmu_cycles(void) { return read_sysreg(PMCCNTR); }

/* ---- Device tree (fdt.c): just enough to read a few properties ---- */

bool fdt_valid(const void *fdt);
/* Offset of the root node, or of a child of parent named name or
 * name@unit; -1 if absent. */
int fdt_root(const void *fdt);
int fdt_subnode(const void *fdt, int parent, const char *name);
const void *fdt_getprop(const void *fdt, int node, const char *name, int *len);
/* Next node after node (depth-first), with its depth relative to root. */
int fdt_next_node(const void *fdt, int node, int *depth);
const char *fdt_node_name(const void *fdt, int node);
bool fdt_prop_has_string(const void *fdt, int node, const char *prop, const char *s);
uint32_t fdt_be32(const void *p);
uint64_t fdt_read_cells(const void *p, int cells);

/* ---- Misc ---- */

static inline uint32_t read_cpsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline uint64_t read_cntpct(void)
{
	isb();
	return read_sysreg64(CNTPCT);
}

#endif /* GUEST_H */
