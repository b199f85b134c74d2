#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Crash injection on every event trigger on 4 CPUs, as fixed tests
(docs/kdump.md, "Event triggers on 4 CPUs in the suite").

  events.py --build BUILD TEST [--plan I] [--timeout T] [-v]
  events.py --list

Each test is a few explicit plans (trigger, target CPU, delivery, what
keeps the guest busy, which CPU the guest module relaunches), each one
crash campaign run (campaign.py's spec_for(): tests/linux/scripts/kdump.sh
with belay.campaign=) judged exactly as the campaign judges it
(campaign.classify()). Every plan must end `captured`: one injection
line, the crash kernel on the target CPU, a valid vmcore, the oops's pc
and the target's NT_PRSTATUS pc equal to belay's ground truth), and
belay consistent afterwards: in the crash kernel (kdump.sh's "belay
after the crash" line: its CPU in RUN, belay's page pool as before the
crash, 20 relaunches) and on belay's side (every CPU the crashed kernel
parked taken back when the crash kernel started; unreclaimed()). A run in one of Linux's documented limitations,
`linux:cpu-stuck` (arm32's crash IPI never taken by a CPU spinning with
interrupts masked), `linux:cpu-came-up` (a CPU the hotplug loop was
starting came online after the crash IPI: the bring-up race the seeded
kdump tests allow for), `linux:console-lock` (an abort in the UART
driver deadlocks on its port lock) or `linux:no-current` (a crash on a
kernel entry from user mode before Linux loaded its current pointer:
the dump lacks the crashing CPU's registers), runs again with the same plan, at most
run_linux.LINUX_RACE_RETRIES times, each counted on the "run_linux:
race-retries N" line that tests/harness/runall.py sums; `belay` and
`unknown` fail the test.

Exit status: 0 pass, 1 fail, 77 skip (no QEMU or guest; a failure under
CI=true), 99 harness error.
"""

import os
import re
import sys
import time

import campaign
import run_linux as rl


class Plan:
    """One fixed run: the attributes campaign.spec_for() reads."""

    def __init__(self, trigger, target, busy, relaunch_cpu=None, how="sea", cpus=4):
        self.seed = None
        self.cpus = cpus
        self.trigger = trigger
        self.target = target
        self.busy = busy
        self.relaunch_cpu = relaunch_cpu
        self.how = how
        self.word = f"{trigger},cpu={target},how={how}"

    def busy_text(self):
        return campaign.Plan.busy_text(self)


# Targets whose crash leaves no other CPU spinning with interrupts
# masked, so that every CPU takes the crash IPI (measured: docs/kdump.md,
# "Event triggers on 4 CPUs in the suite"). Under the hotplug loop the
# target is the boot CPU, which the loop never offlines: it makes the
# call itself (AFFINITY_INFO from psci_cpu_kill(), interrupts on) or is
# kicked by belay's SGI while another CPU is in CPU_ON or CPU_OFF, mostly
# in its idle loop (interrupts masked around wfi, no lock held). Under
# the relaunch loop on CPU 1 the target is another CPU.
TESTS = {
    "events-4cpu-hotplug": [
        Plan("cpu_on:2", 0, "hotplug"),
        Plan("cpu_off:2", 0, "hotplug", how="undef"),
        Plan("affinity_info:2", 0, "hotplug"),
        Plan("while:2:off", 0, "hotplug"),
    ],
    "events-4cpu-relaunch": [
        Plan("reset_vectors:20", 2, "relaunch", relaunch_cpu=1),
        Plan("launch:20", 3, "relaunch", relaunch_cpu=1, how="undef"),
        Plan("while:1:stub", 0, "relaunch", relaunch_cpu=1),
    ],
}

TIMEOUT = 300
# The classes a run may be repeated for (docs/kdump.md, "Crash campaigns").
LINUX_CLASSES = ("linux:cpu-stuck", "linux:cpu-came-up", "linux:console-lock", "linux:no-current")


def flags(texts):
    """The injected oops's interrupt state ("IRQs on" or "IRQs off"), for
    the record of where the crash landed."""
    first = next((i for i, _ in rl.injections(texts)), None)
    if first is None:
        return "-"
    m = next((campaign.FLAGS_RE.search(t) for t in texts[first:] if campaign.FLAGS_RE.search(t)),
             None)
    return f"IRQs {m.group(1)}" if m else "-"


# belay's line for a dead kernel's parked CPU it took back when the crash
# kernel started (hyp/capture.c; docs/kdump.md, "SMP capture kernels").
RECLAIMED_RE = re.compile(r"^belay: cpu(\d+): parked by kernel generation \d+, "
                          r"reclaimed for generation \d+")


def unreclaimed(texts, target):
    """belay's side of "consistent afterwards" (the crash kernel checks the
    rest, kdump.sh's belay_after): every CPU the crashed kernel parked (a
    NT_PRSTATUS note of the capture's "prstatus pc:" line other than the
    target's) was taken back by belay when the crash kernel started. Returns
    the CPUs that were not, or None when the notes are not named by CPU
    ("noteN": the capture could not tell which CPUs saved theirs)."""
    notes = next((rl.PRSTATUS_PCS_RE.search(t) for t in texts if rl.PRSTATUS_PCS_RE.search(t)),
                 None)
    if notes is None or "note" in notes.group(1):
        return None
    parked = {int(w.split("=")[0][3:]) for w in notes.group(1).split()} - {target}
    reclaimed = {int(m.group(1)) for m in map(RECLAIMED_RE.search, texts) if m}
    return sorted(parked - reclaimed)


def run_plan(name, index, plan, a, env):
    """One plan until it is captured, fails, or ends in a Linux limitation
    more than LINUX_RACE_RETRIES + 1 times in a row. Returns
    (passed, race retries made)."""
    spec = campaign.spec_for(plan, a.timeout)
    cmd, _ = rl.guest_command(spec, name, None, a.build, a.timeout, False, [])
    tag = f"{name}-plan{index}"
    retries = 0
    while True:
        log = os.path.join(a.log_dir, f"{tag}{'' if not retries else f'-retry{retries}'}.log")
        rl.say(f"{tag}: {plan.cpus} CPUs, {plan.word}, busy {plan.busy_text()}, "
               f"timeout {a.timeout} s")
        t0 = time.monotonic()
        con = rl.run_console(cmd, a.timeout, log, env, echo=a.verbose, quiet=True,
                             fatal=rl.FATAL_INJECTED_RE)
        dt = time.monotonic() - t0
        cls, why = campaign.classify(con, spec, name)
        texts = con.texts()
        after = next((t for t in texts if "kdump: belay after the crash:" in t), "")
        rl.say(f"{tag}: {cls} in {dt:.1f} s ({flags(texts)}; log: {log})")
        if after:
            print("  " + after.strip(), flush=True)
        left = unreclaimed(texts, plan.target) if cls == "captured" else None
        if left:
            cls, why = "belay", (f"captured, but belay did not take back the CPU(s) the crashed "
                                 f"kernel parked: {', '.join(f'cpu{c}' for c in left)}")
        if cls == "captured":
            return True, retries
        rl.say(f"{tag}: {why}")
        if cls not in LINUX_CLASSES or retries >= rl.LINUX_RACE_RETRIES:
            for t in campaign.excerpt(texts):
                print(f"  | {t}", flush=True)
            if cls in LINUX_CLASSES:
                rl.say(f"{tag}: Linux's limitation {retries + 1} times in a row; no retry left "
                       f"(at most {rl.LINUX_RACE_RETRIES})")
            return False, retries
        retries += 1
        rl.say(f"{tag}: Linux's limitation, not belay's: the same plan again "
               f"(race retry {retries} of at most {rl.LINUX_RACE_RETRIES})")


def main(argv):
    p = rl.ArgParser(description=__doc__, on_error=rl.harness_error)
    p.add_argument("test", nargs="?", help="test name (see --list)")
    p.add_argument("--build", default=os.environ.get("BELAY_BUILD", os.path.join(rl.TOP, "build")))
    p.add_argument("--plan", type=int, action="append",
                   help="run only this plan of the test, from 0 (repeatable)")
    p.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per QEMU run")
    p.add_argument("--log-dir", help="console logs (default BUILD/tests/linux/logs)")
    p.add_argument("--list", action="store_true", help="list the tests and their plans")
    p.add_argument("-v", "--verbose", action="store_true", help="echo the whole console")
    a = p.parse_args(argv)
    if a.list:
        for n, plans in TESTS.items():
            for i, pl in enumerate(plans):
                print(f"{n:22} plan {i}: {pl.cpus} CPUs, {pl.word}, busy {pl.busy_text()}")
        return rl.EXIT_PASS
    if a.test not in TESTS:
        rl.harness_error(f"unknown test '{a.test}' (--list shows them)")
    plans = list(enumerate(TESTS[a.test]))
    if a.plan:
        if any(i < 0 or i >= len(plans) for i in a.plan):
            rl.harness_error(f"{a.test} has plans 0-{len(plans) - 1}")
        plans = [plans[i] for i in a.plan]
    env = campaign.prepare(a, "logs")

    t0 = time.monotonic()
    retries = 0
    failed = None
    for i, plan in plans:
        ok, n = run_plan(a.test, i, plan, a, env)
        retries += n
        if not ok:
            failed = i
            break       # do not spend CI time after a failure
    dt = time.monotonic() - t0
    rl.say(f"race-retries {retries}")
    if failed is not None:
        rl.say(f"{a.test}: FAIL (plan {failed}: rerun with --plan {failed}) after {dt:.1f} s")
        return rl.EXIT_FAIL
    rl.say(f"{a.test}: all {len(plans)} plans captured in {dt:.1f} s")
    return rl.EXIT_PASS


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
