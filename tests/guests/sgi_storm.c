// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The belay authors

/*
 * sgi_storm: SGIs from every other CPU into one CPU, the way Linux's IPIs
 * come during CPU hotplug and stop_machine (4 CPUs; natively, under
 * belay's vGIC and with the GIC passed through). Each round CPU 0 picks a
 * receiver among CPUs 1-3, storms it with SGIs from the other two while
 * it goes through PSCI CPU_OFF and CPU_ON, then runs the counted part:
 * each of the three senders sends one of three SGI IDs (chosen at
 * random, so two senders often send the same ID at once) and waits for
 * the receiver to count it before sending the next, as Linux's
 * call-function queue waits on one IPI. The receiver takes each SGI with
 * a handler of random length, checks its ID and sender, and counts it
 * before its EOI, so the next SGI from one sender often arrives while the
 * same ID from another is still active. An SGI that is lost stops its
 * sender for good: the test fails with the round, sender, ID and message.
 * Every SGI sent must be received once, with the right sender.
 *
 * This caught belay's vGIC putting one SGI ID from two senders into two
 * list registers (hyp/vgic.c, lr_insert()).
 */
#include "atomic.h"
#include "gic.h"
#include "smp.h"
#include "timer.h"

#define ROUNDS		6	/* each of CPUs 1-3 receives twice */
#define MESSAGES	120	/* per sender and round */
#define NR_IDS		3
#define FIRST_ID	1	/* SGIs 1-3: Linux's call-function IPIs are SGI 1 and 2 */
#define WAIT_MS		5000	/* for one SGI: a lost one, not a slow host */
#define STORM_SGIS	64	/* per sender while the receiver goes off and on */

struct sender {
	volatile uint32_t sent;		/* SGIs sent this round */
	volatile uint32_t id;		/* the last one's ID */
	uint32_t lost_at;		/* 1 + message number of a lost SGI */
	uint32_t lost_id;
	uint32_t seed;
};

struct receiver {
	volatile uint32_t got[SMP_MAX_CPUS];	/* per sender, this round */
	volatile uint32_t ready, stop;
	uint32_t wrong_id, wrong_src, strays;
	uint32_t seed;
};

static struct sender senders[SMP_MAX_CPUS];
static struct receiver rx;
static unsigned int receiver_cpu;
static volatile uint32_t storm_stop;

static uint32_t rand_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The length of a handler: a few hundred instructions, sometimes with a
 * distributor read in it (under the vGIC an exit to belay). */
static void busy(uint32_t *seed)
{
	uint32_t r = rand_next(seed);

	for (volatile uint32_t i = 0; i < (r & 0xff); i++)
		;
	if (r & 0x100)
		(void)*(volatile uint32_t *)(gic.dist + GICD_ISENABLER);
}

/* The receiver: drain what the storm left, then count until told to stop.
 * IRQs stay masked; polling GICC_IAR asks the same of every GIC. */
static uint32_t fn_receive(uint32_t arg)
{
	(void)arg;
	for (uint64_t end = timer_deadline_ms(20); !timer_expired(end);) {
		uint32_t iar = gic_ack();

		if (GIC_IAR_ID(iar) < 1020)
			gic_eoi(iar);
	}
	atomic_write(&rx.ready, 1);
	sev();
	while (!atomic_read(&rx.stop)) {
		uint32_t iar = gic_ack(), id = GIC_IAR_ID(iar), src = GIC_IAR_SGI_CPU(iar);

		if (id >= 1020)
			continue;
		if (id < FIRST_ID || id >= FIRST_ID + NR_IDS) {
			rx.strays++;	/* the mailbox doorbell */
			gic_eoi(iar);
			continue;
		}
		busy(&rx.seed);
		if (src >= smp_nr_cpus || src == receiver_cpu)
			rx.wrong_src++;
		else if (atomic_read(&senders[src].id) != id)
			rx.wrong_id++;
		else
			atomic_write(&rx.got[src], rx.got[src] + 1);
		sev();
		gic_eoi(iar);
	}
	return 0;
}

/* A sender: one SGI at a time, each counted before the next. */
static uint32_t fn_send(uint32_t arg)
{
	struct sender *s = &senders[smp_this_cpu()];
	uint32_t target = smp_cpus[receiver_cpu].gic_target;

	(void)arg;
	for (uint32_t n = 0; n < MESSAGES; n++) {
		uint32_t id = FIRST_ID + rand_next(&s->seed) % NR_IDS;
		uint64_t deadline = timer_deadline_ms(WAIT_MS);

		atomic_write(&s->id, id);
		gic_send_sgi(GICD_SGIR_FILTER_LIST, target, id);
		while (atomic_read(&rx.got[smp_this_cpu()]) != n + 1) {
			if (timer_expired(deadline)) {
				s->lost_at = n + 1;
				s->lost_id = id;
				return 1;
			}
		}
		s->sent = n + 1;
		if (rand_next(&s->seed) & 1)
			busy(&s->seed);
	}
	return 0;
}

/* SGIs at the receiver, uncounted, while it powers off and on. */
static uint32_t fn_storm(uint32_t arg)
{
	struct sender *s = &senders[smp_this_cpu()];

	(void)arg;
	for (uint32_t n = 0; n < STORM_SGIS && !atomic_read(&storm_stop); n++) {
		gic_send_sgi(GICD_SGIR_FILTER_LIST, smp_cpus[receiver_cpu].gic_target,
			     FIRST_ID + rand_next(&s->seed) % NR_IDS);
		busy(&s->seed);
	}
	return 0;
}

static bool round_run(unsigned int round)
{
	unsigned int others[SMP_MAX_CPUS], nr = 0;
	uint32_t result = 0;
	bool ok = true;

	receiver_cpu = 1 + round % 3;
	for (unsigned int c = 1; c < smp_nr_cpus; c++)
		if (c != receiver_cpu)
			others[nr++] = c;

	/* The storm: the receiver leaves (PSCI CPU_OFF) and comes back with
	 * SGIs arriving all the while. */
	atomic_write(&storm_stop, 0);
	for (unsigned int i = 0; i < nr; i++)
		smp_call_async(others[i], fn_storm, 0);
	if (!smp_cpu_off(receiver_cpu) || smp_boot_cpu(receiver_cpu, 0) != PSCI_SUCCESS) {
		report(false, "round %u: CPU %u goes off and on again", round, receiver_cpu);
		return false;
	}
	atomic_write(&storm_stop, 1);
	for (unsigned int i = 0; i < nr; i++)
		if (!smp_call_wait(others[i], NULL))
			test_abort("round %u: CPU %u does not end its storm", round, others[i]);

	/* The counted part. */
	for (unsigned int c = 0; c < SMP_MAX_CPUS; c++) {
		rx.got[c] = 0;
		senders[c].sent = senders[c].lost_at = 0;
	}
	rx.ready = rx.stop = 0;
	smp_call_async(receiver_cpu, fn_receive, 0);
	if (!smp_wait_flag(&rx.ready, 1))
		test_abort("round %u: the receiver, CPU %u, does not start", round, receiver_cpu);
	for (unsigned int i = 0; i < nr; i++)
		smp_call_async(others[i], fn_send, 0);
	fn_send(0);
	for (unsigned int i = 0; i < nr; i++)
		if (!smp_call_wait(others[i], &result))
			test_abort("round %u: sender CPU %u does not end", round, others[i]);
	atomic_write(&rx.stop, 1);
	sev();
	if (!smp_call_wait(receiver_cpu, NULL))
		test_abort("round %u: the receiver, CPU %u, does not stop", round, receiver_cpu);

	for (unsigned int c = 0; c < smp_nr_cpus; c++) {
		struct sender *s = &senders[c];

		if (c == receiver_cpu)
			continue;
		if (s->lost_at) {
			report_info("round %u: SGI %u from CPU %u to CPU %u (message %u) never arrived",
				    round, s->lost_id, c, receiver_cpu, s->lost_at);
			ok = false;
		} else if (rx.got[c] != MESSAGES) {
			report_info("round %u: CPU %u sent %u SGIs, CPU %u counted %u", round, c,
				    MESSAGES, receiver_cpu, rx.got[c]);
			ok = false;
		}
	}
	return ok;
}

int main(void)
{
	unsigned int good = 0, round;

	smp_init();
	smp_require_cpus(4);
	if (!gic.dist)
		test_missing("GICv2 in the device tree");
	report_info("%s; %u rounds of %u SGIs from each of 3 senders, SGIs %u-%u",
		    rt.native ? "native" : "under belay", ROUNDS, MESSAGES, FIRST_ID,
		    FIRST_ID + NR_IDS - 1);
	for (unsigned int cpu = 1; cpu < smp_nr_cpus; cpu++)
		if (smp_boot_cpu(cpu, 0) != PSCI_SUCCESS)
			test_abort("CPU %u does not start", cpu);
	rx.seed = 0x9e3779b9u;
	for (unsigned int c = 0; c < SMP_MAX_CPUS; c++)
		senders[c].seed = 0x1234567u * (c + 1);

	for (round = 0; round < ROUNDS; round++) {
		if (!round_run(round))
			break;
		good++;
	}
	report(good == ROUNDS, "every SGI of %u rounds arrived once (%u SGIs)", ROUNDS,
	       good * 3 * MESSAGES);
	report(rx.wrong_src == 0 && rx.wrong_id == 0,
	       "each with its sender and ID (%u wrong sender, %u wrong ID)", rx.wrong_src,
	       rx.wrong_id);
	return 0;
}
