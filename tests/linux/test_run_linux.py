#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Unit test of run_linux.py's verdicts on canned consoles (suite unit): which
kdump runs count as Linux's bring-up race and are retried, the retry limit
and count, and a failed guest fetch under CI; and README.md's U-Boot recipe
is the script the uboot-virt test runs. No QEMU runs.

Prints "PASS name" per case and "FAIL name: why" per failed check, and
exits 1 if any check failed.
"""

import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_linux  # noqa: E402

failures = 0

FIRST_BOOT = """\
belay: belay 0.1 (ABI 1.0): home 0x7fe00000-0x80000000
Booting Linux on physical CPU 0x0
Linux version 6.1.0-57-armmp-lpae (debian-kernel@lists.debian.org)
CPU: All CPU(s) started in SVC mode.
belay-guest: userspace up
belay-guest: cpus online=4 (0-3)
belay-guest: hypervisor compatible=belay,hypervisor
belay-guest: kdump: seed 3 panic cpu 2, hotplug loop loop cpus '1 3' pace 20000 us delay 1200000 us; crash memory 128 MiB
belay-kexec: running: kexec -p --image-size=0x2000000 /boot/vmlinuz
CPU1: shutdown
psci: CPU1 killed (polled 0 ms)
belay-guest: panic on cpu 2 (hotplug: cpu1=0/100 cpu3=1/236)
sysrq: Trigger a crash
Kernel panic - not syncing: sysrq triggered crash
CPU: 2 PID: 142 Comm: sh Kdump: loaded Not tainted 6.1.0-57-armmp-lpae #1  Debian 6.1.192-3
Hardware name: Generic DT based system
CPU 0 will stop doing anything useful since another CPU has crashed
CPU 3 will stop doing anything useful since another CPU has crashed
"""

# docs/kdump.md's race: CPU 1 came up after the crash IPI.
RACE_TAIL = """\
Loading crashdump kernel...
------------[ cut here ]------------
kernel BUG at arch/arm/kernel/machine_kexec.c:175!
Internal error: Oops - BUG: 0 [#1] SMP ARM
Modules linked in:
CPU: 2 PID: 142 Comm: sh Kdump: loaded Not tainted 6.1.0-57-armmp-lpae #1  Debian 6.1.192-3
PC is at machine_kexec+0x100/0x104
LR is at __crash_kexec+0x74/0xa4
"""

CAPTURE_TAIL = """\
Loading crashdump kernel...
Bye!
Booting Linux on physical CPU 0x2
belay-guest: userspace up
belay-guest: kdump: crash kernel up
belay-guest: kdump: crash kernel on physical CPU 0x2, /proc/vmcore is 900 MiB
belay-guest: PASS {name}
"""

HOTPLUG = run_linux.TESTS["kdump-hotplug-1"]
FIXED = run_linux.TESTS["kdump-4cpu-cpu2"]


def console(text, rc=-15, killed="fatal", timed_out=False):
    """A Console as run_console() leaves it; by default the runner stopped
    QEMU after a fatal line. The lines follow a real kdump-hotplug console
    (a passing run's log), with the race's lines from docs/kdump.md."""
    con = run_linux.Console()
    # The kernel's lines carry printk timestamps on the real console.
    con.lines = [(float(i), t if t.startswith("belay") else f"[{5 + i / 1000:12.6f}] {t}")
                 for i, t in enumerate(text.splitlines())]
    con.rc, con.killed, con.timed_out = rc, killed, timed_out
    con.start = 0.0
    con.command = "qemu-system-arm ..."
    return con


def race_log(before_panic="", after_bug=""):
    head = FIRST_BOOT.replace("sysrq: Trigger", before_panic + "sysrq: Trigger") \
        if before_panic else FIRST_BOOT
    return head + RACE_TAIL + after_bug


def check(case, cond, why):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL {case}: {why}")
    return cond


def expect_race(case, con, want, spec=HOTPLUG, name="kdump-hotplug-1"):
    why = run_linux.judge(con, spec, name, False)
    race, what = run_linux.linux_race(con, spec, why)
    if check(case, why, "judge() found nothing wrong") and \
            check(case, race is want, f"linux_race() = {race} ({what}); reasons "
                  f"{[str(w) for w in why]}"):
        print(f"PASS {case}")


def test_classifier():
    expect_race("the documented race: retried", console(race_log()), True)
    expect_race("the race, then a panic from the Oops: retried",
                console(race_log(after_bug="Kernel panic - not syncing: Fatal exception\n")), True)
    expect_race("the race, then the script's 'did not panic' (the Oops killed its shell): retried",
                console(race_log(after_bug="note: sh[236] exited with irqs disabled\n"
                                 "Segmentation fault\n"
                                 "belay-guest: FAIL: kdump-hotplug-1: cpu1 did not panic\n")),
                True)
    expect_race("the race, then another guest FAIL: not retried",
                console(race_log(after_bug="belay-guest: FAIL: kdump-hotplug-1: no vmcore\n")),
                False)
    expect_race("the race and QEMU powered off by itself: retried",
                console(race_log(after_bug="Kernel panic - not syncing: Fatal exception\n"),
                        rc=0, killed=None), True)
    # What issue 8 is about: a belay bug in the same log is never retried.
    expect_race("race + belay: PANIC: not retried",
                console(race_log(before_panic="belay: PANIC: hyp/psci.c:120: CHECK(cpu->state "
                                 "== CPU_OFF) failed\n")), False)
    expect_race("race + belay: PANIC after the BUG: not retried",
                console(race_log(after_bug="belay: PANIC: unexpected HYP trap\n"
                                 "belay: stopping: powering off\n")), False)
    expect_race("race + belay: error: not retried",
                console(race_log(before_panic="belay: error: data abort in HYP mode at "
                                 "7fe01234\n")), False)
    expect_race("race + belay: warning: not retried",
                console(race_log(before_panic="belay: warning: cpu1: firmware CPU_ON of MPIDR "
                                 "00000001 failed (-4)\n")), False)
    expect_race("race + a timeout: not retried",
                console(race_log(), killed="timeout", timed_out=True), False)
    expect_race("race + QEMU's own error exit: not retried",
                console(race_log(), rc=1, killed=None), False)
    expect_race("race + did not react to IPI: not retried",
                console(race_log(before_panic="")
                        .replace("Loading crashdump kernel...",
                                 "Non-crashing CPUs did not react to IPI\n"
                                 "Loading crashdump kernel...")), False)
    expect_race("race + a kernel WARNING before the panic: not retried",
                console(race_log(before_panic="WARNING: CPU: 1 PID: 17 at kernel/cpu.c:1234 "
                                 "cpuhp_invoke_callback+0x1/0x2\n")), False)
    expect_race("race + another kernel fault after the Oops: not retried",
                console(race_log(after_bug="Unable to handle kernel paging request at virtual "
                                 "address 00000000\n")), False)
    expect_race("race + a guest FAIL line: not retried",
                console(race_log(after_bug="belay-guest: FAIL: kdump-hotplug-1: crash kernel: "
                                 "no /proc/vmcore\n")), False)
    expect_race("a missing vmcore in the crash kernel: not retried",
                console(FIRST_BOOT + CAPTURE_TAIL.format(name="x").replace(
                    "belay-guest: PASS x",
                    "belay-guest: FAIL: kdump-hotplug-1: crash kernel: no /proc/vmcore"),
                    rc=0, killed=None), False)
    expect_race("the BUG without 'Loading crashdump kernel...': not retried",
                console(race_log().replace("Loading crashdump kernel...\n", "")), False)
    expect_race("the race in an unseeded test: not retried",
                console(race_log()), False, spec=FIXED, name="kdump-4cpu-cpu2")

    case = "a capture that passed"
    con = console(FIRST_BOOT + CAPTURE_TAIL.format(name="kdump-hotplug-1"), rc=0, killed=None)
    why = run_linux.judge(con, HOTPLUG, "kdump-hotplug-1", False)
    if check(case, why == [], f"reasons {[str(w) for w in why]}"):
        print(f"PASS {case}")


def test_panic_line_unprinted():
    """docs/kdump.md, "The panic line": the first kernel's panic lines never
    reached its console; the crash kernel's vmcore-dmesg report proves the
    panic and names its CPU."""
    unprinted = FIRST_BOOT.replace(
        "Kernel panic - not syncing: sysrq triggered crash\n", "").replace(
        "CPU: 2 PID: 142 Comm: sh Kdump: loaded Not tainted 6.1.0-57-armmp-lpae #1  Debian "
        "6.1.192-3\n", "")
    vmcore = "belay-guest: kdump: vmcore-dmesg: 236 lines, 'sysrq triggered crash' on CPU {cpu}\n"
    for case, text, want in [
            ("the panic only in the vmcore's log, on the crash kernel's CPU: passes",
             unprinted + CAPTURE_TAIL.replace("belay-guest: PASS",
                                              vmcore.format(cpu=2) + "belay-guest: PASS"), []),
            ("the panic only in the vmcore's log, on another CPU: fails",
             unprinted + CAPTURE_TAIL.replace("belay-guest: PASS",
                                              vmcore.format(cpu=1) + "belay-guest: PASS"),
             ["crash"]),
            ("no panic line and no vmcore report: fails",
             unprinted + CAPTURE_TAIL, ["panics"]),
            ("no panic and no sysrq line, kdump.sh's announcement for that CPU (seed 102): passes",
             unprinted.replace("sysrq: Trigger a crash\n", "") +
             CAPTURE_TAIL.replace("belay-guest: PASS", vmcore.format(cpu=2) + "belay-guest: PASS"),
             []),
            ("no panic and no sysrq line, the announcement for another CPU: fails",
             unprinted.replace("sysrq: Trigger a crash\n", "").replace(
                 "panic on cpu 2", "panic on cpu 1") +
             CAPTURE_TAIL.replace("belay-guest: PASS", vmcore.format(cpu=2) + "belay-guest: PASS"),
             ["panics"]),
            ("no panic line, no sysrq line, no announcement: fails",
             unprinted.replace("sysrq: Trigger a crash\n", "").replace(
                 "belay-guest: panic on cpu 2 (hotplug: cpu1=0/100 cpu3=1/236)\n", "") +
             CAPTURE_TAIL.replace("belay-guest: PASS", vmcore.format(cpu=2) + "belay-guest: PASS"),
             ["panics"])]:
        con = console(text.format(name="kdump-hotplug-1"), rc=0, killed=None)
        why = run_linux.judge(con, HOTPLUG, "kdump-hotplug-1", False)
        kinds = [w.kind for w in why]
        if check(case, kinds == want, f"reasons {[str(w) for w in why]}, expected {want}"):
            print(f"PASS {case}")


class Args:
    def __init__(self, log_dir):
        self.build = log_dir
        self.timeout = None
        self.native = False
        self.append = []
        self.log_dir = log_dir
        self.verbose = False


def fake_runs(consoles):
    """A run_console() that returns these consoles in turn and writes each
    one's log, as the real one does."""
    queue = list(consoles)

    def run_console(cmd, timeout, log_path, env, **kw):
        con = queue.pop(0)
        with open(log_path, "w") as f:
            f.write("\n".join(con.texts()) + "\n")
        return con
    return run_console, queue


def run_seed(consoles):
    real = run_linux.run_console
    run_linux.run_console, queue = fake_runs(consoles)
    out = io.StringIO()
    try:
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(out):
            result = run_linux.run_one(HOTPLUG, "kdump-hotplug-1", 3, Args(d), {})
            logs = sorted(os.listdir(d))
    finally:
        run_linux.run_console = real
    return result, queue, logs, out.getvalue()


def test_retries():
    passed = console(FIRST_BOOT + CAPTURE_TAIL.format(name="kdump-hotplug-1"), rc=0, killed=None)
    race = console(race_log())
    panic = console(race_log(before_panic="belay: PANIC: unexpected HYP trap\n"))

    case = "a race hit, then a pass: 1 retry, passed"
    (ok, n), left, logs, out = run_seed([race, passed])
    good = check(case, ok and n == 1 and not left, f"passed {ok}, {n} retries, {len(left)} left")
    good &= check(case, "kdump-hotplug-1-seed3: race hit 1: Linux's bring-up race" in out,
                  f"no race hit line in:\n{out}")
    good &= check(case, logs == ["kdump-hotplug-1-seed3-linux-race1.log",
                                 "kdump-hotplug-1-seed3.log"], f"logs {logs}")
    if good:
        print(f"PASS {case}")

    case = "the race and a belay PANIC: no retry, failed"
    (ok, n), left, logs, out = run_seed([panic, passed])
    good = check(case, not ok and n == 0 and len(left) == 1,
                 f"passed {ok}, {n} retries, {len(left)} runs left of 2")
    good &= check(case, "not retried as Linux's race: console: belay: PANIC" in out,
                  f"no 'not retried' line in:\n{out}")
    good &= check(case, "race hit" not in out, "a race hit was reported")
    if good:
        print(f"PASS {case}")

    case = "the race three times: 2 retries, failed"
    (ok, n), left, logs, out = run_seed([race, race, race, passed])
    good = check(case, not ok and n == 2 and len(left) == 1,
                 f"passed {ok}, {n} retries, {len(left)} runs left of 4")
    good &= check(case, out.count("race hit") == 3 and "no retry left" in out,
                  f"race hits {out.count('race hit')}:\n{out}")
    good &= check(case, "Linux's bring-up race 3 times in a row" in out, "no failure reason")
    if good:
        print(f"PASS {case}")


def test_main_counts():
    case = "main: 'run_linux: race-retries N' over the seeds"
    passed = console(FIRST_BOOT + CAPTURE_TAIL.format(name="kdump-hotplug-1"), rc=0, killed=None)
    race = console(race_log())
    real_run, real_prepare = run_linux.run_console, run_linux.prepare_guest
    run_linux.run_console, left = fake_runs([race, passed, passed, race, race, passed, passed,
                                             passed])
    run_linux.prepare_guest = lambda env: None
    out = io.StringIO()
    try:
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(out):
            open(os.path.join(d, "belay.bin"), "w").close()
            code = run_linux.main(["--build", d, "kdump-hotplug-1"])
    finally:
        run_linux.run_console, run_linux.prepare_guest = real_run, real_prepare
    lines = out.getvalue().splitlines()
    good = check(case, code == 0, f"exit {code}")
    good &= check(case, "run_linux: race-retries 3" in lines, f"output:\n{out.getvalue()}")
    good &= check(case, not left, f"{len(left)} runs not made")
    if good:
        print(f"PASS {case}")


def test_fetch_under_ci():
    case = "a failed guest fetch: skip, and a failure under CI"
    real_fetch, real_ci = run_linux.FETCH, os.environ.get("CI")
    run_linux.FETCH = "false"
    codes = {}
    try:
        for ci in ("", "true"):
            os.environ["CI"] = ci
            out = io.StringIO()
            try:
                with contextlib.redirect_stdout(out):
                    run_linux.prepare_guest(dict(os.environ))
                codes[ci] = None
            except SystemExit as e:
                codes[ci] = (e.code, out.getvalue())
    finally:
        run_linux.FETCH = real_fetch
        if real_ci is None:
            os.environ.pop("CI", None)
        else:
            os.environ["CI"] = real_ci
    if run_linux.shutil.which("qemu-system-arm") is None:
        # prepare_guest() stops at the missing QEMU first: the same rule.
        want_text = "qemu-system-arm is not installed"
    else:
        want_text = "the Debian guest packages are not available"
    good = check(case, codes[""] and codes[""][0] == run_linux.EXIT_SKIP
                 and "SKIP: " + want_text in codes[""][1], f"outside CI: {codes['']}")
    good &= check(case, codes["true"] and codes["true"][0] == run_linux.EXIT_FAIL
                  and "FAIL: " + want_text in codes["true"][1], f"CI=true: {codes['true']}")
    if good:
        print(f"PASS {case}")


# An injected crash (docs/kdump.md, "Crash injection"), after
# inject-2cpu-cpu1's console.
INJECT_LOG = """\
belay: crash: armed at:25000ms on cpu1, how=sea
Booting Linux on physical CPU 0x0
belay-guest: userspace up
belay-guest: kdump: crash kernel loaded at 13570 ms of uptime; cpu1 busy in the kernel until belay's crash at 25000 ms
belay: crash: injected sea on cpu1 at pc 0xc0aa18b0 (svc) cnt=1567641472 t=25008470us trigger at:25000ms deferred=0
8<--- cut here ---
Unhandled fault: synchronous external abort (0x210) at 0xc0aa18b0
Internal error: : 210 [#1] SMP ARM
CPU: 1 PID: 204 Comm: dd Kdump: loaded Not tainted 6.1.0-57-armmp-lpae #1  Debian 6.1.192-3
PC is at read_zero+0x48/0xe4
pc : [<c0aa18b0>]    lr : [<c0aa18b0>]    psr: 40010013
Loading crashdump kernel...
Bye!
Booting Linux on physical CPU 0x1
belay-guest: userspace up
belay-guest: kdump: crash kernel up
belay-guest: kdump: prstatus pc: cpu0=0xc04098cc cpu1=0xc0aa18b0
belay-guest: PASS inject-2cpu-cpu1
"""


def test_injected():
    spec = run_linux.TESTS["inject-2cpu-cpu1"]

    def verdict(case, text, want_kind):
        why = run_linux.judge(console(text, rc=0, killed=None), spec, "inject-2cpu-cpu1", False)
        kinds = [w.kind for w in why]
        ok = not why if want_kind is None else want_kind in kinds
        if check(case, ok, f"reasons {[str(w) for w in why]}"):
            print(f"PASS {case}")

    verdict("injected: the oops and the dump hold belay's pc", INJECT_LOG, None)
    verdict("injected: the NT_PRSTATUS pc differs",
            INJECT_LOG.replace("cpu1=0xc0aa18b0", "cpu1=0xc0aa18b4"), "inject")
    verdict("injected: the oops's pc differs",
            INJECT_LOG.replace("pc : [<c0aa18b0>]", "pc : [<c0aa18b4>]"), "inject")
    verdict("injected: on the wrong CPU",
            INJECT_LOG.replace("on cpu1 at pc", "on cpu0 at pc"), "inject")
    verdict("injected: the crash kernel on another CPU",
            INJECT_LOG.replace("physical CPU 0x1", "physical CPU 0x0"), "inject")
    verdict("injected: no injection line",
            INJECT_LOG.replace("belay: crash: injected", "belay: crash: nothing"), "inject")
    verdict("injected: the deadline before the crash kernel was loaded",
            INJECT_LOG.replace("belay-guest: kdump: crash kernel loaded at 13570 ms of uptime; "
                               "cpu1 busy in the kernel until belay's crash at 25000 ms\n", "")
            + "belay-guest: kdump: crash kernel loaded at 1 ms\n", "inject")
    # The injection held something CPU 0 spins on with IRQs masked.
    no_react = INJECT_LOG.split("Loading crashdump kernel...")[0] + (
        "Non-crashing CPUs did not react to IPI\nLoading crashdump kernel...\n"
        "kernel BUG at arch/arm/kernel/machine_kexec.c:175!\n"
        "Internal error: Oops - BUG: 0 [#2] SMP ARM\n"
        "Kernel panic - not syncing: Fatal exception in interrupt\n")
    for case, text, want in (
            ("injected: no answer to the crash IPI: retried", no_react, True),
            ("injected: no answer, with a belay warning: not retried",
             no_react.replace("8<---", "belay: warning: something\n8<---"), False)):
        con = console(text)
        why = run_linux.judge(con, spec, "inject-2cpu-cpu1", False)
        race, what = run_linux.linux_race(con, spec, why)
        if check(case, why and race is want, f"race {race} ({what})"):
            print(f"PASS {case}")
    # Another CPU's guest output inside belay's line on the shared UART
    # (campaign seed 11 in a fresh-root run; "trigge[   10.354486] CPU1
    # killed." seen in another campaign): mended at every cut, whether a
    # whole guest line comes in (belay's tail then starts the next line)
    # or a piece of one.
    line = next(t for t in INJECT_LOG.splitlines() if t.startswith("belay: crash: injected"))
    guest = "[   10.354486] CPU1 killed."
    bad = []
    for k in range(len("belay: "), len(line)):
        for cut in (line[:k] + guest + "\n" + line[k:],
                    line[:k] + guest + "\n" + "belay-guest: kdump: campaign\n" + line[k:],
                    line[:k] + guest[:15] + line[k:]):
            con = console(INJECT_LOG.replace(line, "CUT"), rc=0, killed=None)
            # belay's tail starts a line of its own, with no timestamp.
            at = next(i for i, (_, t) in enumerate(con.lines) if t.endswith("CUT"))
            con.lines[at:at + 1] = [(float(at), t) for t in cut.split("\n")]
            why = run_linux.judge(con, spec, "inject-2cpu-cpu1", False)
            if why:
                bad.append(f"{cut!r}: {why[0]}")
    if check("injected: a line cut by guest output is mended", not bad, f"{len(bad)} cuts fail, "
             f"e.g. {bad[:1]}"):
        print("PASS injected: a line cut by guest output is mended")
    verdict("injected: a cut line whose tail never came is no injection",
            INJECT_LOG.replace(line, line[:40] + guest), "inject")
    verdict("injected: an oops elsewhere is still a kernel complaint",
            INJECT_LOG.replace("belay-guest: PASS", "Internal error: Oops: 5 [#2]\n"
                               "belay-guest: PASS"), "kernel")


def test_readme_uboot():
    """README.md's U-Boot recipe is the script the uboot-virt test runs:
    the indented block that starts with its first command must be the
    commands of tools/uboot/virt-boot.cmd, line for line."""
    case = "README's U-Boot recipe is tools/uboot/virt-boot.cmd"
    with open(os.path.join(run_linux.TOP, "tools", "uboot", "virt-boot.cmd")) as f:
        want = [ln for ln in f.read().splitlines() if ln and not ln.startswith("#")]
    with open(os.path.join(run_linux.TOP, "README.md")) as f:
        readme = f.read().splitlines()
    start = next((i for i, ln in enumerate(readme) if ln == "    " + want[0]), None)
    got = []
    if start is not None:
        for ln in readme[start:]:
            if not ln.startswith("    "):
                break
            got.append(ln[4:])
    if check(case, got == want, f"README block {got} is not {want}"):
        print(f"PASS {case}")


def test_watchdog_verdict():
    """watchdog-no-capture: belay's watchdog line and QEMU's status 3 are
    the verdict; without either, or with status 0, the test fails."""
    spec = run_linux.TESTS["watchdog-no-capture"]
    name = "watchdog-no-capture"
    wd = ("belay: error: watchdog: no capture kernel 3000 ms after the crash on cpu1 (no PSCI "
          "call, no GIC distributor initialisation; belay.watchdog=3000ms): ending the run "
          "with status 3")
    text = ("belay: cpu0: entering the guest at 0x42000000 in SVC\n"
            "Booting Linux on physical CPU 0x0\nbelay-guest: userspace up\n"
            "belay: crash: injected sea on cpu1 at pc 0xc0310a64 (svc) cnt=1250000000 "
            "t=20000012us trigger at:20000ms deferred=0\n"
            "belay: watchdog: crash on cpu1; capture kernel has 3000 ms to start\n"
            "Unhandled fault: synchronous external abort (0x210) at 0xc0310a64\n"
            "Internal error: : 210 [#1] SMP ARM\n"
            "Kernel panic - not syncing: Fatal exception\n"
            "---[ end Kernel panic - not syncing: Fatal exception ]---\n" + wd +
            "\nbelay: error: qemu-system-arm exited with status 3\n")
    why = run_linux.judge(console(text, rc=3, killed=None), spec, name, False)
    if check("watchdog: line and status 3 pass", not why, f"judge(): {why}"):
        print("PASS watchdog: line and status 3 pass")
    why = run_linux.judge(console(text, rc=0, killed=None), spec, name, False)
    if check("watchdog: status 0 fails", any(r.kind == "exit" for r in why), f"judge(): {why}"):
        print("PASS watchdog: status 0 fails")
    why = run_linux.judge(console(text.replace(wd + "\n", ""), rc=3, killed=None), spec, name,
                          False)
    if check("watchdog: no line fails", any(r.kind == "no-verdict" for r in why),
             f"judge(): {why}"):
        print("PASS watchdog: no line fails")
    why = run_linux.judge(console(text.replace("belay: crash: injected", "belay: crash: x"),
                                  rc=3, killed=None), spec, name, False)
    if check("watchdog: no injection fails", any(r.kind == "expect" for r in why),
             f"judge(): {why}"):
        print("PASS watchdog: no injection fails")


def main():
    test_readme_uboot()
    test_watchdog_verdict()
    test_injected()
    test_classifier()
    test_panic_line_unprinted()
    test_retries()
    test_main_counts()
    test_fetch_under_ci()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
