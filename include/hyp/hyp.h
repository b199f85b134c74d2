/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The belay authors */

/* belay's core: what the files in hyp/ share. */
#ifndef HYP_HYP_H
#define HYP_HYP_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/cpu.h>
#include <hyp/cpu_state.h>
#include <hyp/platform.h>
#include <hyp/pt.h>

#define BELAY_REGION_SIZE	0x200000u

/*
 * Everything belay decides at boot. Written by the boot CPU before the HYP
 * MMU is first enabled and read-only afterwards, which is what lets code
 * running with the HYP MMU off (STUB state) read it without cache
 * maintenance.
 */
struct hyp_globals {
	struct platform plat;
	struct range home;			/* belay's region */
	struct range guest_ram[MAX_MEM_BANKS + 1];
	unsigned int nr_guest_ram;
	uint64_t httbr;				/* HYP Stage-1 root */
	uint64_t vttbr;				/* Stage-2 root, BELAY_VMID */
	unsigned int nr_cpus;
	uint32_t cpu_mpidr[MAX_CPUS];		/* by logical CPU; [0] = boot CPU */
};

extern struct hyp_globals hyp;

/* Linker symbols (boot/belay.ld); run-time addresses inside belay. */
extern char _start[], _etext[], _erodata[], _edata[], _eearly[], _end[];
extern char hyp_vectors[];

/* boot */
void console_init(const struct uart *u);
void cpu_set_stack(unsigned int cpu);

/* hyp/options.c: belay.* words in /chosen/bootargs. */
void parse_options(const char *bootargs);
int option_parse_time(const char *v, size_t len, uint64_t *us);	/* 700us, 2500ms, 3s */
enum gic_mode { GIC_MODE_PASSTHROUGH, GIC_MODE_VGIC };
#define GIC_MODE_DEFAULT	GIC_MODE_VGIC	/* docs/boot.md */
extern enum gic_mode gic_option;	/* belay.gic=; hyp/vgic.c decides what runs */

/* hyp/cpu.c: per-CPU state transitions (docs/hyp-abi.md). */
const char *state_name(uint32_t state);
void cpu_init_percpu(struct cpu *cpu, unsigned int index, uint32_t mpidr);
void cpu_launch(struct cpu *cpu);	/* STUB -> INIT -> RUN (hyp/cpu_state.c) */
void cpu_teardown(struct cpu *cpu);	/* RUN -> TEARDOWN -> STUB */
extern const struct cpu_ops cpu_hw_ops;	/* the transitions' side effects */
extern const struct cpu_ops cpu_hold_ops;	/* the same, CPU_OFF into belay's hold */
bool cpu_table_fits(uint32_t mpidr);	/* has a hyp_cpu_table entry */
void cpu_tables_init(void);		/* boot CPU, MMU off, after number_cpus() */
bool ipa_is_guest_ram(uint64_t ipa, uint64_t size);

/* hyp/mmu.c, hyp/stage2.c */
int mmu_build(void);
void hyp_mmu_enable(void);
int stage2_build(void);
void stage2_init_percpu(void);
void stage2_enable(void);
void stage2_disable(void);
const struct pt_alloc *hyp_page_alloc(void);

/* hyp/palloc.c */
void palloc_init(void);
void *palloc_page(void);
void pfree_page(void *p);
unsigned int palloc_free_pages(void);
unsigned int palloc_total_pages(void);

/* hyp/teardown.S */
void hyp_mmu_disable(struct percpu *pc);
void soft_restart_jump(struct frame *f, uint32_t target) __attribute__((noreturn));

/* hyp/vectors.S */
void guest_enter(uint32_t entry, uint32_t spsr, uint32_t r0, uint32_t r1, uint32_t r2)
	__attribute__((noreturn));

/* hyp/abi.c, hyp/psci.c, hyp/trap.c */
void abi_hvc(struct cpu *cpu, struct frame *f, uint32_t imm);	/* `hvc #imm` */
void smccc_call(struct cpu *cpu, struct frame *f);	/* a trapped `smc` */
void psci_call(struct cpu *cpu, struct frame *f);	/* a PSCI function ID */
/* true: firmware has no AFFINITY_INFO, and CPUs the guest turns off wait
 * in belay's hold (hyp/cpu_hold.c). */
bool psci_init(void);
int cpu_index_of(uint32_t mpidr);
void hyp_trap(struct frame *f);
/* Crash injection's exceptions at the guest's interrupted PC (f->elr). */
void guest_inject_sea_at(struct frame *f);
void guest_inject_undef_at(struct frame *f);

/* hyp/loader.c */
struct guest_boot {
	uint32_t entry;		/* IPA of the first guest instruction */
	uint32_t dtb;		/* IPA of the guest DTB */
};
void loader_prepare(const void *host_dtb, struct guest_boot *out);

#endif /* HYP_HYP_H */
