#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Unit test of campaign.py (suite unit): its plans come from the seed
alone and are words belay takes; its classes on canned consoles. No QEMU
runs. Prints "PASS name" per case and "FAIL name: why" per failed check,
and exits 1 if any check failed.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import campaign  # noqa: E402
from test_run_linux import console  # noqa: E402

failures = 0

# A campaign run's console (campaign-1's, cut): CPU 0 crashed at CPU 1's
# first CPU_OFF, kdump loaded, the capture valid.
CAPTURED = """\
Booting Linux on physical CPU 0x0
belay-guest: userspace up
belay-guest: kdump: crash kernel loaded at 10380 ms of uptime; campaign: busy hotplug, arming cpu_off:1,cpu=0,how=sea for cpu0
belay: crash: armed cpu_off:1 on cpu0, how=sea
belay: crash: injected sea on cpu0 at pc 0xc041fde8 (svc) cnt=956023621 t=15268724us trigger cpu_off:1 deferred=0
Unhandled fault: synchronous external abort (0x210) at 0xc041fde8
Internal error: : 210 [#1] SMP ARM
CPU: 0 PID: 0 Comm: swapper/0 Kdump: loaded Tainted: G           OE      6.1.0-57-armmp-lpae #1
pc : [<c041fde8>]    lr : [<c04098c8>]    psr: 600f0093
Flags: nZCv  IRQs off  FIQs off  Mode SVC_32  ISA ARM  Segment none
Loading crashdump kernel...
Booting Linux on physical CPU 0x0
belay-guest: userspace up
belay-guest: kdump: crash kernel up
belay-guest: kdump: prstatus pc: cpu0=0xc041fde8
belay-guest: PASS campaign
"""

CAPTURE_PART = CAPTURED[CAPTURED.index("Loading crashdump"):]
# campaign-2's: CPU 1 crashed inside complete() (a raw spinlock held, IRQs
# off); CPU 0 spun on it and never took the crash IPI.
STUCK = CAPTURED.replace("cpu0 at pc", "cpu1 at pc").replace(CAPTURE_PART, """\
Non-crashing CPUs did not react to IPI
Loading crashdump kernel...
kernel BUG at arch/arm/kernel/machine_kexec.c:175!
Internal error: Oops - BUG: 0 [#2] SMP ARM
""")
# A CPU came online after the crash IPI.
CAME_UP = STUCK.replace("Non-crashing CPUs did not react to IPI\n", "")
# Campaign seed 19 (cut): CPU 0 crashed in pl011_tx_chars(), the
# console's port lock held; nothing from Linux, belay's watchdog found
# CPU 0 in _raw_spin_lock with IRQs masked.
CONSOLE_LOCK = """\
Booting Linux on physical CPU 0x0
belay-guest: userspace up
belay-guest: kdump: text: pl011 0xc0a895a8-0xc0a8d6b0 _raw_spin_lock 0xc0e675a4-0xc0e675ec
belay-guest: kdump: crash kernel loaded at 13930 ms of uptime; campaign: busy relaunch, arming reset_vectors:89,cpu=0,how=sea for cpu0
belay: crash: armed reset_vectors:89 on cpu0, how=sea
bbelay: crash: injected sea on cpu0 at pc 0xc0a8c138 (svc) cnt=940875656 t=15044805us trigger reset_vectors:89 deferred=0
belay: watchdog: crash on cpu0; capture kernel has 60000 ms to start
belay: watchdog: cpu0: RUN, guest pc 0xc0e675d4 cpsr 0x800d0193 at its last entry into belay
belay: watchdog: cpu1: RUN, guest pc 0xc04c3dd4 cpsr 0x20070193 at its last entry into belay
belay: error: watchdog: no capture kernel 60067 ms after the crash on cpu0 (no PSCI call, no GIC distributor initialisation; belay.watchdog=60000ms): ending the run
"""

# events-4cpu-relaunch's launch:20 plan in a fresh-root CI run (cut, on 2
# CPUs here): the undef came at the SWI vector, a shell's system call just
# taken, before vector_swi loaded Linux's current pointer; the oops names
# CPU 1351508, the crashing CPU saved no registers.
NO_CURRENT = """\
Booting Linux on physical CPU 0x0
belay-guest: userspace up
belay-guest: kdump: crash kernel loaded at 13210 ms of uptime; campaign: busy relaunch, arming launch:20,cpu=0,how=undef for cpu0
belay: crash: armed launch:20 on cpu0, how=undef
belay: crash: injected undef on cpu0 at pc 0xffff0008 (svc) cnt=1413576208 t=22593713us trigger launch:20 deferred=0
[   19.150973] Internal error: Oops - undefined instruction: 0 [#1] SMP ARM
[   19.152210] CPU: 1351508 PID: 0 Comm:  Kdump: loaded Tainted: G           OE      6.1.0-57-armmp-lpae #1  Debian 6.1.192-3
[   19.166180] PC is at _einittext+0x3eb62274/0xffb7226c
[   19.181162] CPU 1 will stop doing anything useful since another CPU has crashed
[   19.205938] Loading crashdump kernel...
Booting Linux on physical CPU 0x0
belay-guest: userspace up
belay-guest: kdump: crash kernel up
belay-guest: kdump: note at 0: CORE type 1 descsz 148 pid 35 pc 3204451400
belay-guest: kdump: note at 168: VMCOREINFO type 0 descsz 2854
belay-guest: FAIL: campaign: /proc/vmcore: 1 NT_PRSTATUS notes, expected one per CPU (2)
"""

# Campaign seed 19 in a fresh-root CI run (cut): a sea at __dabt_usr+0, a
# user page fault just taken; Linux silent, belay's watchdog ended it.
NO_CURRENT_HANG = """\
Booting Linux on physical CPU 0x0
belay-guest: userspace up
belay-guest: kdump: text: pl011 0xc0a895a8-0xc0a8d6b0 _raw_spin_lock 0xc0e675a4-0xc0e675ec
belay-guest: kdump: entry: no_work_pending 0xc0400110 vector_swi 0xc04001e0 __dabt_usr 0xc0400e00 __irq_usr 0xc0400e60 __und_usr 0xc0400ee0 __pabt_usr 0xc04010a0
belay-guest: kdump: crash kernel loaded at 16790 ms of uptime; campaign: busy relaunch, arming reset_vectors:89,cpu=0,how=sea for cpu0
belay: crash: armed reset_vectors:89 on cpu0, how=sea
belay: crash: injected sea on cpu0 at pc 0xc0400e00 (svc) cnt=1411860841 t=22551741us trigger reset_vectors:89 deferred=0
belay: watchdog: crash on cpu0; capture kernel has 60000 ms to start
belay: watchdog: cpu0: RUN, guest pc 0xffff0010 cpsr 0x60000197 at its last entry into belay
belay: watchdog: cpu1: RUN, guest pc 0xc0e67674 cpsr 0x80070193 at its last entry into belay
belay: error: watchdog: no capture kernel 60069 ms after the crash on cpu0 (no PSCI call, no GIC distributor initialisation; belay.watchdog=60000ms): ending the run
"""


def check(case, cond, why):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL {case}: {why}")
    else:
        print(f"PASS {case}")


def expect(case, text, want, spec_cpu=0, **kw):
    plan = campaign.Plan(1, [2])
    plan.target = spec_cpu
    spec = campaign.spec_for(plan, 300)
    cls, why = campaign.classify(console(text, **kw), spec, "campaign")
    check(case, cls == want, f"class {cls} ({why}), expected {want}")


def test_plans():
    words = re.compile(r"^(at:\d+ms|(cpu_on|cpu_off|affinity_info|reset_vectors|launch):[1-9]\d*|"
                       r"while:\d:(off|stub)),cpu=\d,how=(sea|undef)$")
    seen = set()
    for seed in range(1, 201):
        a, b = campaign.Plan(seed, [2, 4]), campaign.Plan(seed, [2, 4])
        if a.word != b.word or a.cpus != b.cpus or a.busy_text() != b.busy_text():
            check("plans: the seed alone decides", False, f"seed {seed}: {a.word} / {b.word}")
            return
        if not words.match(a.word) or a.target >= a.cpus:
            check("plans: belay's words", False, f"seed {seed}: {a.word} on {a.cpus} CPUs")
            return
        m = re.match(r"while:(\d)", a.word)
        if m and not 1 <= int(m.group(1)) < a.cpus:
            check("plans: a watched CPU is a secondary", False, f"seed {seed}: {a.word}")
            return
        seen.add(a.word.split(":")[0])
    check("plans: the seed alone decides, words belay takes", True, "")
    check("plans: 200 seeds use every trigger", seen >= {"at", "cpu_on", "cpu_off",
                                                         "affinity_info", "while",
                                                         "reset_vectors", "launch"}, str(seen))


def main():
    test_plans()
    expect("captured", CAPTURED, "captured", rc=0, killed=None)
    expect("captured, the oops's pc only in the vmcore's log (seed 34)",
           CAPTURED.replace("pc : [<c041fde8>]    lr : [<c04098c8>]    psr: 600f0093\n", "")
           .replace("belay-guest: PASS", "belay-guest: kdump: vmcore-dmesg: [   10.153877] "
                    "pc : [<c041fde8>]    lr : [<c04098c8>]    psr: 60000093\nbelay-guest: PASS"),
           "captured", rc=0, killed=None)
    expect("the oops's pc nowhere: unknown",
           CAPTURED.replace("pc : [<c041fde8>]    lr : [<c04098c8>]    psr: 600f0093\n", ""),
           "unknown", rc=0, killed=None)
    expect("captured, but the dump's pc differs: unknown",
           CAPTURED.replace("cpu0=0xc041fde8", "cpu0=0xc041fdec"), "unknown", rc=0, killed=None)
    expect("a CPU stuck with IRQs masked: Linux", STUCK, "linux:cpu-stuck", spec_cpu=1)
    expect("stuck, but the crash came with IRQs on: unknown",
           STUCK.replace("IRQs off", "IRQs on"), "unknown", spec_cpu=1)
    expect("stuck, the crash with IRQs on in stop_machine() (seeds 130, 132): Linux",
           STUCK.replace("IRQs off", "IRQs on").replace(
               "pc : [<c041fde8>]", "Stopper: multi_cpu_stop+0x0/0x130 <- "
               "stop_machine_cpuslocked+0x128/0x18c\npc : [<c041fde8>]"),
           "linux:cpu-stuck", spec_cpu=1)
    expect("stuck, IRQs on, stop_machine() only in the later BUG's oops: unknown",
           STUCK.replace("IRQs off", "IRQs on") + "Stopper: multi_cpu_stop+0x0/0x130 <- "
           "stop_machine_cpuslocked+0x128/0x18c\n", "unknown", spec_cpu=1)
    expect("a CPU came up after the crash IPI: Linux", CAME_UP, "linux:cpu-came-up", spec_cpu=1)
    expect("a sea in the UART driver, its CPU on a spinlock, Linux silent (seed 19): Linux",
           CONSOLE_LOCK, "linux:console-lock", rc=0, killed=None)
    for case, old, new in (
            ("an undef", "injected sea", "injected undef"),
            ("a pc outside the UART driver", "at pc 0xc0a8c138", "at pc 0xc0a8d6b0"),
            ("the CPU not on the spinlock", "pc 0xc0e675d4", "pc 0xc0e675ec"),
            ("IRQs unmasked", "cpsr 0x800d0193", "cpsr 0x000d0113"),
            ("Linux reported the abort", "belay: watchdog: crash on",
             "Unhandled fault: synchronous external abort (0x210) at 0xc0a8c138\n"
             "belay: watchdog: crash on"),
            ("no text ranges", "belay-guest: kdump: text:", "belay-guest: kdump: txt:")):
        expect(f"console lock, but {case}: belay", CONSOLE_LOCK.replace(old, new), "belay",
               rc=0, killed=None)
    expect("a crash before Linux loaded its current pointer, one note short: Linux",
           NO_CURRENT, "linux:no-current", rc=0, killed=None)
    for case, old, new in (
            ("the oops names a CPU of the machine", "CPU: 1351508 PID: 0", "CPU: 1 PID: 0"),
            ("two notes short", "1 NT_PRSTATUS notes, expected one per CPU (2)",
             "0 NT_PRSTATUS notes, expected one per CPU (2)"),
            ("no oops line", "CPU: 1351508 PID: 0 Comm:", "PID: 0 Comm:")):
        expect(f"no current pointer, but {case}: unknown", NO_CURRENT.replace(old, new),
               "unknown", rc=0, killed=None)
    for case, pc in (("__dabt_usr+0 (seed 19)", "0xc0400e00"), ("__irq_usr+0x48", "0xc0400ea8"),
                     ("vector_swi+0x34", "0xc0400214"), ("the SWI vector", "0xffff0008"),
                     ("no_work_pending+0x38, the return", "0xc0400148")):
        expect(f"a crash at {case}, then belay's watchdog: Linux",
               NO_CURRENT_HANG.replace("pc 0xc0400e00 (svc)", f"pc {pc} (svc)"),
               "linux:no-current", rc=0, killed=None)
    for case, old, new in (
            ("__dabt_usr+0x4c, current loaded", "pc 0xc0400e00 (svc)", "pc 0xc0400e4c (svc)"),
            ("vector_swi+0x38", "pc 0xc0400e00 (svc)", "pc 0xc0400218 (svc)"),
            ("no_work_pending+0xc, before the user's value", "pc 0xc0400e00 (svc)",
             "pc 0xc040011c (svc)"),
            ("no entry points printed", "belay-guest: kdump: entry:", "belay-guest: kdump: ntry:"),
            ("another belay error too", "belay: watchdog: crash on",
             "belay: error: something\nbelay: watchdog: crash on")):
        expect(f"a hang, but {case}: belay", NO_CURRENT_HANG.replace(old, new), "belay",
               rc=0, killed=None)
    expect("no current pointer, but a belay error line: belay",
           NO_CURRENT.replace("belay-guest: FAIL", "belay: error: something\nbelay-guest: FAIL"),
           "belay", rc=0, killed=None)
    expect("a belay error line: belay",
           CAPTURED.replace("belay-guest: PASS", "belay: error: watchdog: no capture kernel "
                            "60000 ms after the crash on cpu0\nbelay-guest: PASS"), "belay",
           rc=0, killed=None)
    expect("no injection: belay",
           CAPTURED[:CAPTURED.index("belay: crash: injected")]
           + "belay-guest: FAIL campaign: no crash within 120 s\n", "belay", rc=0, killed=None)
    # Seed 11's console as it came in a run by hand: the guest's line and
    # belay's on one UART, one inside the other.
    expect("the injection line inside a guest line: captured",
           CAPTURED.replace("belay: crash: injected", "belay-guest: kdump: campaign: armed: "
                            "trigger 2 cpu 0 arg 1 how 0belay: crash: injected")
           .replace("deferred=0\n", "deferred=0\n\n"), "captured", rc=0, killed=None)
    cut = CAPTURED.replace(" at pc 0xc041fde8 (svc)", " at[   10.354486] CPU1 killed.\n"
                           " pc 0xc041fde8 (svc)")
    con = console(cut, rc=0, killed=None)
    # belay's tail starts a line of its own, with no printk timestamp.
    con.lines = [(at, t.split("] ", 1)[1] if " pc 0xc041fde8 (svc)" in t else t)
                 for at, t in con.lines]
    plan = campaign.Plan(1, [2])
    plan.target = 0
    cls, why = campaign.classify(con, campaign.spec_for(plan, 300), "campaign")
    check("the injection line cut by a guest line: captured", cls == "captured", f"{cls} {why}")
    # The 200-run campaign's seed 27: one '[' of a guest line inside.
    expect("the injection line with a guest character inside: captured",
           CAPTURED.replace("belay: crash: injected sea", "belay: crash: injecte[d sea"),
           "captured", rc=0, killed=None)
    lines = ["belay-guest: kdump: campaign: armed: x"] + [f"line {i}" for i in range(40)]
    ex = campaign.excerpt(lines)
    check("a failed run's excerpt: the arming and the end", ex[0] == lines[0] and
          ex[-1] == "line 39" and "..." in ex and len(ex) < 30, str(ex))
    # Campaign seed 19 in a fresh-root CI run: the crash came before the
    # arming line, and the capture script's FAIL was followed by 20 lines
    # of dmesg; the lines that tell why must be there all the same.
    lines = ([f"boot {i}" for i in range(30)] +
             ["belay: crash: injected sea on cpu0 at pc 0xc041fde8 (svc)"] +
             [f"oops {i}" for i in range(30)] +
             ["[   12.348081] CPU 1 will stop doing anything useful since another CPU has crashed",
              "belay-guest: kdump: note at 0: CORE type 1 descsz 148 pid 0 pc 3225551336",
              "belay-guest: FAIL: campaign: /proc/vmcore: 1 NT_PRSTATUS notes"] +
             [f"belay-guest: dmesg: {i}" for i in range(20)])
    ex = campaign.excerpt(lines)
    check("a failed run's excerpt: the injection, the crash stop, the notes, the FAIL",
          all(any(w in t for t in ex) for w in ("crash: injected", "will stop doing", "note at 0",
                                                 "belay-guest: FAIL")) and len(ex) < 30, str(ex))
    expect("an injection and no capture kernel, nothing Linux says: belay",
           CAPTURED[:CAPTURED.index("Loading crashdump")], "belay", timed_out=True)
    expect("another oops in the crash kernel: unknown",
           CAPTURED.replace("belay-guest: PASS", "Internal error: Oops: 5 [#1]\nbelay-guest: PASS"),
           "unknown", rc=0, killed=None)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
