// SPDX-License-Identifier: GPL-2.0
// Copyright (c) 2026 The belay authors

/*
 * belay's guest module (docs/guest-module.md): it checks at load that the
 * kernel runs under belay, then exposes belay's calls under
 * /sys/kernel/belay so that a shell script in a real Linux guest can read
 * each CPU's belay state, arm a crash, drive belay's own transitions
 * (RESET_VECTORS then LAUNCH) on a chosen CPU, and spin a CPU with
 * interrupts masked.
 *
 *   revision   belay's ABI revision, "MAJOR.MINOR"
 *   state      "cpuN STATE" for each possible CPU; "offline" for an
 *              offline one
 *   mem        BELAY_MEM_INFO: "FREE TOTAL" pages of belay's page pool
 *   crash      write a crash word (crash.c) or "disarm"; read: the last
 *              answer
 *   relaunch   write "cpu=N loops=M"; read: the last result
 *   spin       write "cpu=N ms=M"; read: the last result
 *
 * A write that belay refuses, or that does not complete, fails with an
 * errno, and the file's read tells why.
 */
#define pr_fmt(fmt) "belay-module: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "belay_module.h"

/* Bounds that keep a CPU's masked time well below the kernel's RCU stall
 * (21 s in Debian's kernel) and soft-lockup (20 s) reports. */
#define SPIN_MAX_MS		10000
#define RELAUNCH_MAX_LOOPS	100000

static struct kobject *belay_kobj;
static u32 rev_major, rev_minor;

/*
 * One lock and one result per file: a relaunch on one CPU and a spin on
 * another can run at the same time (a crash test wants exactly that), two
 * relaunches cannot.
 */
static DEFINE_MUTEX(crash_mutex);
static char crash_result[160] = "none\n";
static DEFINE_MUTEX(relaunch_mutex);
static char relaunch_result[224] = "none\n";
static DEFINE_MUTEX(spin_mutex);
static char spin_result[96] = "none\n";

const char *belay_state_name(u32 state)
{
	static const char *const names[] = {
		[BELAY_STATE_OFF] = "OFF",
		[BELAY_STATE_STUB] = "STUB",
		[BELAY_STATE_INIT] = "INIT",
		[BELAY_STATE_RUN] = "RUN",
		[BELAY_STATE_TEARDOWN] = "TEARDOWN",
		[BELAY_STATE_FOREIGN] = "FOREIGN",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "unknown";
}

/*
 * "cpu=N ms=M" or "cpu=N loops=M" (spaces or commas between): the two
 * values, each present once; -EINVAL for anything else.
 */
static int parse_pair(const char *buf, const char *key2, u32 *cpu, u32 *val)
{
	char *copy, *p, *word, *eq;
	bool have_cpu = false, have_val = false;
	int err = 0;

	copy = kstrdup(buf, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	p = strim(copy);
	while (!err && (word = strsep(&p, " ,\t")) != NULL) {
		if (!*word)
			continue;
		eq = strchr(word, '=');
		if (!eq) {
			err = -EINVAL;
			break;
		}
		*eq++ = '\0';
		if (!strcmp(word, "cpu") && !have_cpu) {
			err = kstrtou32(eq, 10, cpu);
			have_cpu = true;
		} else if (!strcmp(word, key2) && !have_val) {
			err = kstrtou32(eq, 10, val);
			have_val = true;
		} else {
			err = -EINVAL;
		}
	}
	kfree(copy);
	if (!err && !(have_cpu && have_val))
		err = -EINVAL;
	return err;
}

static ssize_t revision_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u.%u\n", rev_major, rev_minor);
}

static ssize_t state_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	unsigned int cpu;
	int len = 0;
	u32 st;

	for_each_possible_cpu(cpu) {
		if (belay_cpu_state(cpu, &st))
			len += sysfs_emit_at(buf, len, "cpu%u offline\n", cpu);
		else
			len += sysfs_emit_at(buf, len, "cpu%u %s\n", cpu, belay_state_name(st));
	}
	return len;
}

static ssize_t mem_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct belay_res r = belay_call(BELAY_MEM_INFO, 0, 0, 0, 0);

	return sysfs_emit(buf, "%u %u\n", r.r0, r.r1);
}

static ssize_t crash_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	ssize_t len;

	mutex_lock(&crash_mutex);
	len = sysfs_emit(buf, "%s", crash_result);
	mutex_unlock(&crash_mutex);
	return len;
}

/*
 * belay's answer to call (ARM or DISARM) as an errno, and in crash_result;
 * done ("armed", "disarmed") says what an answer of 0 means.
 */
static int crash_answer(const char *call, const char *done, s32 r0, const char *what)
{
	switch (r0) {
	case 0:
		snprintf(crash_result, sizeof(crash_result), "%s: %s\n", done, what);
		return 0;
	case SMCCC_NOT_SUPPORTED:
		snprintf(crash_result, sizeof(crash_result),
			 "not supported: %s answered -1 (NOT_SUPPORTED): belay ABI %u.%u has no crash injector\n",
			 call, rev_major, rev_minor);
		return -EOPNOTSUPP;
	case SMCCC_INVALID_PARAMETER:
		snprintf(crash_result, sizeof(crash_result),
			 "refused: %s answered -3 (INVALID_PARAMETER) for %s\n", call, what);
		return -EINVAL;
	default:
		snprintf(crash_result, sizeof(crash_result), "refused: %s answered %d for %s\n",
			 call, r0, what);
		return -EIO;
	}
}

static ssize_t crash_store(struct kobject *k, struct kobj_attribute *a, const char *buf,
			   size_t count)
{
	struct belay_crash c;
	const char *why;
	char what[64];
	int err;

	mutex_lock(&crash_mutex);
	if (sysfs_streq(buf, "disarm")) {
		err = crash_answer("BELAY_CRASH_DISARM", "disarmed",
				   belay_call(BELAY_CRASH_DISARM, 0, 0, 0, 0).r0, "none armed");
		goto out;
	}
	why = belay_crash_parse(buf, &c);
	if (why) {
		snprintf(crash_result, sizeof(crash_result), "bad crash word: %s\n", why);
		err = -EINVAL;
		goto out;
	}
	snprintf(what, sizeof(what), "trigger %u cpu %u arg %u how %u", c.trigger, c.cpu, c.arg,
		 c.how);
	err = crash_answer("BELAY_CRASH_ARM", "armed",
			   belay_call(BELAY_CRASH_ARM, c.trigger, c.cpu, c.arg, c.how).r0, what);
out:
	mutex_unlock(&crash_mutex);
	return err ? err : count;
}

static ssize_t relaunch_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	ssize_t len;

	mutex_lock(&relaunch_mutex);
	len = sysfs_emit(buf, "%s", relaunch_result);
	mutex_unlock(&relaunch_mutex);
	return len;
}

static ssize_t relaunch_store(struct kobject *k, struct kobj_attribute *a, const char *buf,
			      size_t count)
{
	struct belay_relaunch *rl;
	u32 cpu, loops;
	int err;

	err = parse_pair(buf, "loops", &cpu, &loops);
	if (!err && (loops == 0 || loops > RELAUNCH_MAX_LOOPS))
		err = -EINVAL;
	if (err) {
		mutex_lock(&relaunch_mutex);
		snprintf(relaunch_result, sizeof(relaunch_result),
			 "bad words: write cpu=N loops=M, M from 1 to %u\n", RELAUNCH_MAX_LOOPS);
		mutex_unlock(&relaunch_mutex);
		return err;
	}
	rl = kzalloc(sizeof(*rl), GFP_KERNEL);
	if (!rl)
		return -ENOMEM;
	rl->cpu = cpu;
	rl->loops = loops;
	mutex_lock(&relaunch_mutex);
	err = cpu < nr_cpu_ids ? belay_relaunch(rl) : -ENODEV;
	if (err)
		snprintf(relaunch_result, sizeof(relaunch_result), "cpu=%u loops=%u done=%u: %s\n",
			 cpu, loops, rl->done, err == -EINTR ? "interrupted" : "the CPU is offline");
	else
		snprintf(relaunch_result, sizeof(relaunch_result),
			 "cpu=%u loops=%u done=%u failed=%u us=%llu%s%s\n", cpu, loops, rl->done,
			 rl->why[0] ? 1 : 0, div_u64(rl->ns, NSEC_PER_USEC), rl->why[0] ? ": " : "",
			 rl->why);
	if (!err && rl->why[0]) {
		pr_warn("relaunch on cpu%u failed: %s\n", cpu, rl->why);
		err = -EIO;
	}
	mutex_unlock(&relaunch_mutex);
	kfree(rl);
	return err ? err : count;
}

static ssize_t spin_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	ssize_t len;

	mutex_lock(&spin_mutex);
	len = sysfs_emit(buf, "%s", spin_result);
	mutex_unlock(&spin_mutex);
	return len;
}

static ssize_t spin_store(struct kobject *k, struct kobj_attribute *a, const char *buf,
			  size_t count)
{
	struct belay_spin s;
	u32 cpu, ms;
	int err;

	err = parse_pair(buf, "ms", &cpu, &ms);
	if (!err && ms > SPIN_MAX_MS)
		err = -EINVAL;
	if (err) {
		mutex_lock(&spin_mutex);
		snprintf(spin_result, sizeof(spin_result),
			 "bad words: write cpu=N ms=M, M up to %u\n", SPIN_MAX_MS);
		mutex_unlock(&spin_mutex);
		return err;
	}
	s = (struct belay_spin){ .cpu = cpu, .ms = ms };
	mutex_lock(&spin_mutex);
	err = cpu < nr_cpu_ids ? belay_spin(&s) : -ENODEV;
	if (err)
		snprintf(spin_result, sizeof(spin_result), "cpu=%u ms=%u: cpu%u is offline\n", cpu,
			 ms, cpu);
	else
		snprintf(spin_result, sizeof(spin_result), "cpu=%u ms=%u spun_us=%llu\n", cpu, ms,
			 div_u64(s.ns, NSEC_PER_USEC));
	mutex_unlock(&spin_mutex);
	return err ? err : count;
}

static struct kobj_attribute revision_attr = __ATTR_RO(revision);
static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute mem_attr = __ATTR_RO(mem);
static struct kobj_attribute crash_attr = __ATTR(crash, 0600, crash_show, crash_store);
static struct kobj_attribute relaunch_attr = __ATTR(relaunch, 0600, relaunch_show, relaunch_store);
static struct kobj_attribute spin_attr = __ATTR(spin, 0600, spin_show, spin_store);

static struct attribute *belay_attrs[] = {
	&revision_attr.attr,
	&state_attr.attr,
	&mem_attr.attr,
	&crash_attr.attr,
	&relaunch_attr.attr,
	&spin_attr.attr,
	NULL,
};

static const struct attribute_group belay_group = {
	.attrs = belay_attrs,
};

/*
 * Is belay there? Only then is `hvc #0` safe: a kernel entered in SVC
 * with nothing in HYP would take an undefined instruction. belay says so
 * in the DTB it gives the guest (/hypervisor, docs/boot.md), and its
 * vendor service answers with its UID (docs/hyp-abi.md).
 */
static int belay_check(void)
{
	struct device_node *np;
	struct belay_res r;

	np = of_find_compatible_node(NULL, NULL, "belay,hypervisor");
	if (!np) {
		pr_err("no /hypervisor node compatible \"belay,hypervisor\": not running under belay, not loading\n");
		return -ENODEV;
	}
	of_node_put(np);
	r = belay_call(BELAY_CALL_UID, 0, 0, 0, 0);
	if (r.r0 != BELAY_UID_0 || r.r1 != BELAY_UID_1 || r.r2 != BELAY_UID_2 ||
	    r.r3 != BELAY_UID_3) {
		pr_err("BELAY_CALL_UID answered %08x %08x %08x %08x, not belay's UID: not loading\n",
		       r.r0, r.r1, r.r2, r.r3);
		return -ENODEV;
	}
	r = belay_call(BELAY_CALL_REVISION, 0, 0, 0, 0);
	rev_major = r.r0;
	rev_minor = r.r1;
	if (rev_major != BELAY_REVISION_MAJOR) {
		pr_err("belay ABI revision %u.%u, this module speaks %u.x: not loading\n", rev_major,
		       rev_minor, BELAY_REVISION_MAJOR);
		return -ENODEV;
	}
	return 0;
}

static int __init belay_module_init(void)
{
	int err;

	err = belay_check();
	if (err)
		return err;
	belay_kobj = kobject_create_and_add("belay", kernel_kobj);
	if (!belay_kobj)
		return -ENOMEM;
	err = sysfs_create_group(belay_kobj, &belay_group);
	if (err) {
		kobject_put(belay_kobj);
		return err;
	}
	pr_info("belay ABI %u.%u (UID checked): /sys/kernel/belay\n", rev_major, rev_minor);
	return 0;
}

static void __exit belay_module_exit(void)
{
	kobject_put(belay_kobj);
}

module_init(belay_module_init);
module_exit(belay_module_exit);

MODULE_DESCRIPTION("belay hypervisor calls for tests: per-CPU state, crash arming, relaunch loops");
MODULE_AUTHOR("The belay authors");
MODULE_LICENSE("GPL");
