#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Unit test of events.py (suite unit): its fixed plans cover every event
trigger on 4 CPUs with words belay takes; a run classed linux:cpu-stuck
or linux:cpu-came-up is repeated with the same plan at most twice, each
repeat counted, and any other failing class is not repeated. No QEMU runs: run_console()
answers with canned consoles (test_campaign.py's). Prints "PASS name" per
case and "FAIL name: why" per failed check, and exits 1 if any failed.
"""

import os
import re
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import events  # noqa: E402
import run_linux  # noqa: E402
from test_campaign import (CAME_UP as CAME_UP_CPU1, CAPTURED, CONSOLE_LOCK,  # noqa: E402
                           NO_CURRENT, STUCK as STUCK_CPU1)
from test_run_linux import console  # noqa: E402

failures = 0
# test_campaign.py's stuck run with the crash on CPU 0, as CAPTURED's.
STUCK = STUCK_CPU1.replace("on cpu1 at pc", "on cpu0 at pc")
CAME_UP = CAME_UP_CPU1.replace("on cpu1 at pc", "on cpu0 at pc")
KINDS = ["cpu_on", "cpu_off", "affinity_info", "while:off", "reset_vectors", "launch",
         "while:stub"]
WORD_RE = re.compile(r"^((cpu_on|cpu_off|affinity_info|reset_vectors|launch):[1-9]\d*|"
                     r"while:(\d):(off|stub)),cpu=(\d),how=(sea|undef)$")


def check(case, cond, why):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL {case}: {why}")
    else:
        print(f"PASS {case}")


def test_plans():
    kinds = []
    for name, plans in events.TESTS.items():
        for pl in plans:
            m = WORD_RE.match(pl.word)
            check(f"plans: {name} {pl.word} is a word belay takes", m is not None, pl.word)
            if m is None:
                continue
            watched = int(m.group(3)) if m.group(3) else None
            kinds.append(f"while:{m.group(4)}" if watched is not None else m.group(2))
            ok = (pl.cpus == 4 and pl.target < pl.cpus and pl.relaunch_cpu != pl.target and
                  (watched is None or (0 < watched < pl.cpus and watched != pl.target)) and
                  (pl.busy == "relaunch") == (pl.relaunch_cpu is not None))
            check(f"plans: {name} {pl.word} fits 4 CPUs", ok,
                  f"target {pl.target}, relaunch {pl.relaunch_cpu}, busy {pl.busy}")
            if m.group(4) == "stub":
                check(f"plans: {name} {pl.word} watches the relaunched CPU",
                      watched == pl.relaunch_cpu, f"relaunch {pl.relaunch_cpu}")
    check("plans: every event trigger once", sorted(kinds) == sorted(KINDS), kinds)


def run(name, consoles):
    """run_plan() of the test's first plan, run_console() answering with
    the canned consoles in turn; returns (passed, retries, runs made)."""
    made = []

    def fake(cmd, timeout, log, env, **kw):
        text = consoles[min(len(made), len(consoles) - 1)]
        made.append(log)
        # The canned consoles are campaign runs, "campaign" their name;
        # a passing run's QEMU powered off by itself.
        kw = {"rc": 0, "killed": None} if "PASS campaign" in text else {}
        return console(text.replace("PASS campaign", f"PASS {name}"), **kw)
    real = run_linux.run_console
    run_linux.run_console = fake
    try:
        a = types.SimpleNamespace(build="/nonexistent", timeout=300, log_dir="/nonexistent",
                                  verbose=False)
        plan = events.Plan("cpu_off:1", 0, "hotplug")
        ok, retries = events.run_plan(name, 0, plan, a, {})
    finally:
        run_linux.run_console = real
    return ok, retries, len(made)


def test_retries():
    n = "events-4cpu-hotplug"
    got = run(n, [CAPTURED])
    check("retries: captured at once passes", got == (True, 0, 1), got)
    got = run(n, [STUCK, STUCK, CAPTURED])
    check("retries: stuck twice, then captured: two retries", got == (True, 2, 3), got)
    got = run(n, [STUCK])
    check("retries: stuck three times fails after two retries", got == (False, 2, 3), got)
    got = run(n, [CAME_UP, STUCK, CAPTURED])
    check("retries: came up, stuck, then captured: two retries", got == (True, 2, 3), got)
    got = run(n, [CAME_UP])
    check("retries: came up three times fails after two retries", got == (False, 2, 3), got)
    got = run(n, [NO_CURRENT, CAPTURED])
    check("retries: no current pointer, then captured: one retry", got == (True, 1, 2), got)
    got = run(n, [CONSOLE_LOCK, CAPTURED])
    check("retries: the console's lock, then captured: one retry", got == (True, 1, 2), got)
    belay = CAPTURED.replace("Loading crashdump kernel...",
                             "belay: error: watchdog: no capture kernel")
    got = run(n, [belay, CAPTURED])
    check("retries: a belay failure is not repeated", got == (False, 0, 1), got)
    # belay's side of "consistent afterwards": CPU 1, parked by the crashed
    # kernel (its note in the dump), must be taken back by belay.
    parked = CAPTURED.replace("prstatus pc: cpu0=0xc041fde8",
                              "prstatus pc: cpu0=0xc041fde8 cpu1=0xc04098cc")
    got = run(n, [parked])
    check("retries: a parked CPU belay did not take back fails", got == (False, 0, 1), got)
    back = parked.replace("belay-guest: userspace up\nbelay-guest: kdump: crash kernel up",
                          "belay: cpu1: parked by kernel generation 1, reclaimed for generation 2\n"
                          "belay-guest: userspace up\nbelay-guest: kdump: crash kernel up")
    got = run(n, [back])
    check("retries: a parked CPU belay took back passes", back != parked and got == (True, 0, 1),
          got)
    numbered = parked.replace("cpu0=0xc041fde8 cpu1=", "note0=0xc041fde8 note1=")
    check("unreclaimed: notes not named by CPU are not judged",
          events.unreclaimed(numbered.splitlines(), 0) is None, "judged")
    # The same signature after a crash with interrupts on is unknown.
    on = STUCK.replace("IRQs off", "IRQs on")
    got = run(n, [on, CAPTURED])
    check("retries: stuck after a crash with IRQs on is not repeated", got == (False, 0, 1), got)


def main():
    test_plans()
    test_retries()
    print(f"{'FAIL' if failures else 'PASS'}: unit-events ({failures} failed checks)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
