#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Run one Linux guest test of belay and give a verdict.

Boots the Debian armhf guest with tools/guest/run (or `tools/belay run`)
non-interactively: the guest's /init runs tests/linux/scripts/SCRIPT.sh
(belay.script=), which reports on the console and powers off. The console
goes to a log file; this script watches it under a hard timeout that kills
QEMU, and decides:

  0   pass: "belay-guest: PASS NAME" seen, QEMU exited 0, and none of the
      failure signs below
  1   fail: "belay-guest: FAIL", "belay: PANIC", "belay: error", a kernel
      WARNING/BUG/Oops, a "Kernel panic" the test does not expect (kdump
      tests expect exactly one, before the crash kernel boots), the wrong
      number of kernel boots, a crash kernel on another CPU than the one
      that panicked, a missing expected line, a timeout, no PASS line
  77  skipped: no qemu-system-arm, or the Debian guest cannot be fetched;
      under CI (CI=true) these are failures (1), since a CI run must not
      pass because the suites could not run
  99  harness error: bad arguments, belay.bin not built, the initramfs
      cannot be built

A test with seeds (kdump-hotplug-*, kdump-transition-*) boots once per
seed; every run must pass. A seeded run whose every failure reason is
explained by Linux's own bring-up race in machine_kexec() (linux_race()
below; docs/kdump.md) runs again with the same seed, at most
LINUX_RACE_RETRIES times; each hit prints "run_linux: TAG: race hit ...",
and the test ends with "run_linux: race-retries N" (the reruns it made),
which tests/harness/runall.py sums. `--seed S` runs one seed alone.

  run_linux.py --build BUILD TEST [--seed S] [-v]
  run_linux.py --list
  run_linux.py --build BUILD --script NAME [--cpus N] [--mem M]
               [--append WORDS] [--native] [--timeout S]   (ad hoc run)
"""

import os
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import time
from typing import NamedTuple

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from harness_common import (EXIT_PASS, EXIT_FAIL, EXIT_SKIP, EXIT_ERROR,  # noqa: E402
                            ArgParser, under_ci)

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
GUEST_RUN = os.path.join(TOP, "tools", "guest", "run")
BELAY_TOOL = os.path.join(TOP, "tools", "belay")
FETCH = os.path.join(TOP, "tools", "guest", "fetch")
MKINITRAMFS = os.path.join(TOP, "tools", "guest", "mkinitramfs")

TAIL_LINES = 80
# After a fatal line, how long to keep reading before killing QEMU.
FATAL_GRACE = 15
# After a Spec's stop line, how long before stopping QEMU.
STOP_GRACE = 3
# QEMU 7.2's orangepi-pc does not end on PSCI SYSTEM_OFF: belay's line for
# it ends the run instead.
SYSTEM_OFF_RE = re.compile(r"^belay: cpu\d+: guest called PSCI SYSTEM_OFF")
# belay's boot line when firmware PSCI has no AFFINITY_INFO (U-Boot's):
# CPUs the guest turns off wait in belay's hold (docs/design.md).
HOLD_RE = (r"^belay: \d CPU\(s\), PSCI smc, GIC v2 .*; firmware PSCI has no AFFINITY_INFO: "
           r"CPU_OFF waits in belay$")
# Linux's own word that PSCI AFFINITY_INFO did not say OFF within 100 ms of
# a CPU going down (psci_cpu_kill()): belay's record of it is wrong or late.
NOT_KILLED_RE = r"may not have shut down cleanly|CPU\d+: unable to kill"
# Retries of a seeded kdump run that hit Linux's own hotplug race (below).
LINUX_RACE_RETRIES = 2

BOOT_RE = re.compile(r"Booting Linux on physical CPU (0x[0-9a-f]+)")
PANIC_RE = re.compile(r"Kernel panic - not syncing")
PANIC_END_RE = re.compile(r"---\[ end Kernel panic")
PANIC_CPU_RE = re.compile(r"CPU: (\d+) PID: \d+ Comm: ")
GUEST_FAIL_RE = re.compile(r"belay-guest: FAIL")
BELAY_BAD_RE = re.compile(r"belay: (PANIC|error)")
# Any belay line above notice level (hyp/log.c), or its stop: never part of
# Linux's race, so such a run is never retried.
BELAY_ANY_BAD_RE = re.compile(r"belay: (PANIC|error|warning|stopping)")
KERNEL_BAD_RE = re.compile(r"WARNING: CPU|BUG: |Oops|Internal error:|Unable to handle kernel")
# Linux's own complaint when a crash kernel boots with nr_cpus=1 on a CPU
# other than the first (docs/kdump.md): not belay's doing.
KDUMP_ALLOWED_RE = re.compile(r"WARNING: CPU: 0 PID: 0 at arch/arm/kernel/devtree.c:\d+ "
                              r"arm_dt_init_cpu_maps")
GUEST_LINE_RE = re.compile(r"belay-(guest|kexec|handover): ")
FATAL_RE = re.compile(r"kernel BUG at|Internal error:|belay: PANIC|belay: error|"
                      r"---\[ end Kernel panic")
FATAL_NO_PANIC_RE = re.compile(FATAL_RE.pattern + r"|Kernel panic - not syncing")
# A crash belay injects (docs/kdump.md, "Crash injection") is an oops by
# design: "Internal error:" is what the crash kernel follows.
FATAL_INJECTED_RE = re.compile(r"kernel BUG at|belay: PANIC|belay: error|---\[ end Kernel panic|"
                               r"Kernel panic - not syncing")
# belay's ground truth for an injected crash, and what the dump says.
INJECTED_RE = re.compile(r"belay: crash: injected (sea|undef) on cpu(\d+) at pc 0x([0-9a-f]{8}) \(svc\)")
# The whole line (hyp/crash.c), to mend one cut by the guest's output.
INJECTED_LINE_RE = re.compile(INJECTED_RE.pattern + r" cnt=\d+ t=\d+us trigger \S+ deferred=\d+")
# cpuN= for the note of CPU N, or noteN= when the capture could not tell
# which CPUs saved theirs (kdump.sh, prstatus_cpus).
PRSTATUS_PCS_RE = re.compile(r"belay-guest: kdump: prstatus pc:((?: (?:cpu|note)\d+=0x[0-9a-f]{8})*)\s*$")
OOPS_PC_RE = re.compile(r"pc : \[<([0-9a-f]{8})>\]")
# Linux's arm32 machine_kexec() insists on one online CPU. A CPU that was
# coming up when another panicked (PSCI CPU_ON done, not yet marked online)
# finishes coming up after the crash IPI went to the CPUs online then,
# stays online and trips this BUG_ON: Linux's race, not belay's (natively
# too; docs/kdump.md). A CPU that did not answer the crash IPI ends the same
# way, but then Linux says so first ("did not react"), and that is a fail.
LINUX_KEXEC_BUG_RE = re.compile(r"kernel BUG at arch/arm/kernel/machine_kexec\.c:\d+!")
# The line that reports that BUG (die()), right after it.
LINUX_KEXEC_OOPS_RE = re.compile(r"Internal error: Oops - BUG: ")
# machine_crash_shutdown()'s last line: every CPU online at the panic
# answered the crash IPI (or the wait ended), and machine_kexec() is next.
CRASH_LOADING_RE = re.compile(r"Loading crashdump kernel\.\.\.")
# die() on the panicking CPU may end in another panic (panic_on_oops).
PANIC_AFTER_OOPS_RE = re.compile(r"Kernel panic - not syncing: Fatal exception")
NO_REACT_RE = re.compile(r"did not react to IPI")
# kdump.sh's line when its sysrq write returns: after the race's BUG, with
# panic_on_oops off, die() kills the writing shell instead of panicking,
# and the script sees its crash come back.
DID_NOT_PANIC_RE = re.compile(r"^belay-guest: FAIL: [\w-]+: cpu\d+ did not panic$")
USERSPACE_RE = re.compile(r"belay-guest: userspace up")
SYSRQ_RE = re.compile(r"sysrq: Trigger a crash")
# kdump.sh's announcement, written by the shell that then triggers the
# crash on that CPU (a tty write, not a printk: the console lock that can
# hold back the kernel's own lines does not hold it back).
PANIC_ANNOUNCE_RE = re.compile(r"belay-guest: panic on cpu (\d+)\b")
# The crash kernel's report of the crashed kernel's own log (kdump.sh reads
# it from /proc/vmcore): proof of the panic, and of its CPU, that does not
# depend on the first kernel's console.
VMCORE_PANIC_RE = re.compile(r"belay-guest: kdump: vmcore-dmesg: \d+ lines, "
                             r"'sysrq triggered crash' on CPU (\d+)")
# belay's watchdog line (hyp/watchdog.c, docs/kdump.md "Watchdog").
WATCHDOG_RE = re.compile(r"^belay: error: watchdog: no capture kernel \d+ ms after the crash "
                         r"on cpu\d+ .*: ending the run with status 3$")


class Spec:
    """One test: how to boot the guest and what its console must show."""

    def __init__(self, script, cpus=2, mem=1024, args=(), timeout=240, boots=1,
                 panics=0, panic_cpu=None, seeds=None, hotplug=None, via="guest-run",
                 expect=(), belay_gone_after_boot=None, needs_belay=False, uboot=False,
                 board="virt", stop=None, belay_args=(), qemu_args=(), expect_rc=0,
                 verdict=None, inject_cpu=None, forbid=()):
        self.script = script
        self.cpus = cpus
        self.mem = mem
        self.args = list(args)
        self.timeout = timeout          # seconds per QEMU run
        self.boots = boots              # "Booting Linux" lines expected
        self.panics = panics            # "Kernel panic" lines expected
        self.panic_cpu = panic_cpu      # the crash kernel must boot there
        self.seeds = seeds              # one QEMU run per seed
        self.hotplug = hotplug          # kdump: none, loop, transition
        self.via = via                  # guest-run or belay-run
        self.expect = list(expect)      # (boot index or None: anywhere, regex) pairs
        self.belay_gone_after_boot = belay_gone_after_boot
        self.needs_belay = needs_belay
        self.uboot = uboot              # boot belay through U-Boot (run --uboot)
        self.board = board              # QEMU machine (run --board)
        self.stop = stop                # regex: the run ends here (QEMU may not exit)
        self.belay_args = list(belay_args)  # belay's own words (/chosen/bootargs: QEMU -append)
        self.qemu_args = list(qemu_args)    # more QEMU arguments
        self.expect_rc = expect_rc      # tools/guest/run's (QEMU's) exit status
        self.verdict = verdict          # regex: this line, not the PASS line, is the verdict
        self.inject_cpu = inject_cpu    # belay injects the crash there
        self.forbid = list(forbid)      # regexes: a console line matching one is a fail


def kdump(cpus, panic_cpu=None, hotplug="none", seeds=None, vmcore_read="sample", board="virt",
          timeout=300, uboot=False, stop=None, capture_cpus=1):
    args = ["crashkernel=128M", f"belay.hotplug={hotplug}", f"belay.vmcore_read={vmcore_read}"]
    if capture_cpus != 1:
        args.append(f"belay.capture_cpus={capture_cpus}")
    if panic_cpu is not None:
        args.append(f"belay.panic_cpu={panic_cpu}")
    return Spec("kdump", cpus=cpus, args=args, timeout=timeout, boots=2, panics=1,
                panic_cpu=panic_cpu, seeds=seeds, hotplug=hotplug, board=board, uboot=uboot,
                stop=stop)


# The deadline of an injected crash: belay's time base is its first entry
# into the guest, about 5 s before Linux's uptime starts under TCG, and
# the crash kernel is loaded at about 6 s of uptime on an idle machine
# (11 s of belay's time), but at 33 s of belay's time at a load average of
# 12 on two cores. The test waits for the deadline either way.
INJECT_AT_MS = 60000
INJECT_LOADED_RE = re.compile(r"belay-guest: kdump: crash kernel loaded at")


def injected(cpus, cpu, at_ms=INJECT_AT_MS):
    """kdump of a crash belay injects at a deadline on cpu (docs/kdump.md,
    "Crash injection"): the kernel runs with oops=panic, and the dump must
    hold the PC of belay's ground-truth line."""
    args = ["crashkernel=128M", "oops=panic", "belay.hotplug=none", "belay.vmcore_read=none",
            f"belay.inject={cpu}", f"belay.inject_at_ms={at_ms}"]
    return Spec("kdump", cpus=cpus, args=args, timeout=300, boots=2, panics=0,
                belay_args=[f"belay.crash=at:{at_ms}ms,cpu={cpu},how=sea"], inject_cpu=cpu,
                needs_belay=True)


def seed_cpus(seed):
    """The CPU count of a seeded kdump run: 4, 2 and 3 CPUs in turn. After
    the panic the dead kernel's other CPUs spin in WFE, each taking a host
    thread from the crash kernel (TCG), so not every run uses four."""
    return (4, 2, 4, 3)[seed % 4]


TESTS = {
    # Issue 4: boot, SMP, memory, hotplug.
    "boot-1cpu": Spec("boot", cpus=1),
    "boot-2cpu": Spec("boot", cpus=2),
    "boot-4cpu": Spec("boot", cpus=4),
    "mem-256": Spec("boot", cpus=2, mem=256, args=["belay.fill=1"]),
    "mem-3072": Spec("boot", cpus=2, mem=3072, args=["belay.fill=1"], timeout=420),
    "hotplug-200": Spec("hotplug", cpus=4, args=["belay.cycles=200"], timeout=480),
    "run-smoke": Spec("smoke", via="belay-run"),
    # Issue 12: Debian's U-Boot (u-boot-qemu) bootz's belay in HYP from a
    # virtio disk, with the module nodes made by boot.scr's fdt commands.
    "uboot-virt": Spec("boot", cpus=2, via="belay-run", uboot=True, needs_belay=True,
                       expect=[(None, r"^U-Boot 20\d\d\."),
                               (None, r"^Found U-Boot script /boot\.scr"),
                               (None, r"^belay: cpu0: entering the guest at 0x42000000")]),
    # Issue 12: a second board. QEMU's orangepi-pc (Allwinner H3, 4
    # Cortex-A7) with the kernel package's DTB: belay's lines on its
    # 16550 (snps,dw-apb-uart, reg-shift 2, 32-bit access) prove the driver.
    # Debian's u-boot-sunxi (orangepi_plus) from an SD card starts belay in
    # HYP; U-Boot's own PSCI starts the other three CPUs.
    "orangepi-uboot-4cpu": Spec("boot", cpus=4, board="orangepi-pc", uboot=True, timeout=360,
                                stop=SYSTEM_OFF_RE,
                                expect=[(None, r"^U-Boot SPL 20\d\d\."),
                                        (None, r"^Found U-Boot script /boot\.scr"),
                                        (None, r"^belay: 4 CPU\(s\), PSCI smc, GIC v2"),
                                        (None, SYSTEM_OFF_RE.pattern)]),
    "orangepi-boot-4cpu": Spec("boot", cpus=4, board="orangepi-pc",
                               expect=[(None, r"^belay: 4 CPU\(s\), PSCI smc, GIC v2"),
                                       (None, r"^belay: cpu0: entering the guest at 0x42000000")]),
    # Issue 11: belay's guest module (tools/guest/belay-module): per-CPU
    # states, 1000 RESET_VECTORS -> LAUNCH cycles on CPU 1 while the others
    # are busy, the crash call, a masked spin, hotplug afterwards.
    "module-4cpu": Spec("module", cpus=4, args=["belay.loops=1000"], timeout=300,
                        expect=[(None, r"^belay-guest: belay module loaded: ABI 1\.\d+$")]),
    # Issue 12: CPU hotplug, kexec and kdump on the board, under the vGIC.
    # Short runs: hotplug cycles, 2 kexec rounds, one kdump on a secondary
    # CPU with the vmcore sampled; virt's tests do the long and seeded
    # ones. orangepi-hotplug-20 boots with -kernel, QEMU's PSCI behind
    # belay's (firmware with AFFINITY_INFO); the others boot the way the
    # board does, from U-Boot, whose sunxi PSCI has no AFFINITY_INFO: CPUs
    # the guest turns off wait in belay's hold (docs/design.md), and Linux
    # must see them OFF in time (no "may not have shut down cleanly").
    "orangepi-hotplug-20": Spec("hotplug", cpus=4, board="orangepi-pc",
                                args=["belay.cycles=20"]),
    "orangepi-uboot-hotplug-4": Spec("hotplug", cpus=4, board="orangepi-pc", uboot=True,
                                     args=["belay.cycles=4"], timeout=420, stop=SYSTEM_OFF_RE,
                                     expect=[(None, HOLD_RE)], forbid=[NOT_KILLED_RE]),
    "orangepi-uboot-kexec-2": Spec("kexec", cpus=4, board="orangepi-pc", uboot=True,
                                   args=["belay.rounds=2"], boots=3, timeout=600,
                                   stop=SYSTEM_OFF_RE, expect=[(None, HOLD_RE)],
                                   forbid=[NOT_KILLED_RE]),
    "orangepi-uboot-kdump-cpu2": kdump(4, panic_cpu=2, board="orangepi-pc", timeout=420,
                                       uboot=True, stop=SYSTEM_OFF_RE),
    # Issue 5: kexec, kdump, hand-over.
    "kexec-10": Spec("kexec", cpus=2, args=["belay.rounds=10"], boots=11, timeout=720),
    "handover": Spec("handover", cpus=4, boots=2, needs_belay=True,
                     expect=[(1, r"CPU: All CPU\(s\) started in HYP mode\.")],
                     belay_gone_after_boot=1),
    "kdump-2cpu-cpu0": kdump(2, panic_cpu=0, vmcore_read="full"),
    "kdump-2cpu-cpu1": kdump(2, panic_cpu=1, vmcore_read="full"),
    "kdump-4cpu-cpu0": kdump(4, panic_cpu=0),
    "kdump-4cpu-cpu2": kdump(4, panic_cpu=2),
    # Issue 11: SMP capture kernels. The crash kernel boots with nr_cpus=N
    # and gets the CPUs the dead kernel left parked back from belay.
    "kdump-smp-2cpu": kdump(2, panic_cpu=1, capture_cpus=2),
    "kdump-smp-4cpu": kdump(4, panic_cpu=2, capture_cpus=4),
    # Issue 11: the watchdog. belay crashes CPU 1 at 20 s of guest time
    # (long after the kernel's first PSCI call, which would count as a
    # capture kernel), no crash kernel is loaded, and the dead kernel spins
    # (oops=panic, panic=0): belay's line and QEMU's exit status 3
    # (semihosting), not a timeout.
    "watchdog-no-capture": Spec("watchdog", cpus=2, timeout=180, boots=1, panics=1,
                                args=["oops=panic", "panic=0"],
                                belay_args=["belay.crash=at:20s,cpu=1,how=sea",
                                            "belay.watchdog=3s", "belay.semihosting=on"],
                                qemu_args=["-semihosting-config", "enable=on,target=native"],
                                expect=[(None, r"^belay: crash: injected sea on cpu1 ")],
                                expect_rc=3, verdict=WATCHDOG_RE),
    # Issue 11: crashes belay injects, on the boot CPU and a secondary.
    "inject-2cpu-cpu0": injected(2, 0),
    "inject-2cpu-cpu1": injected(2, 1),
}
# kdump under hotplug: 20 seeds in four tests of five, so that two meson
# jobs share them; kdump during a transition: 10 seeds in two tests. These
# check the capture, not the dump's contents in full: the four tests above
# read the vmcore back.
for _i in range(4):
    TESTS[f"kdump-hotplug-{_i + 1}"] = kdump(4, hotplug="loop", vmcore_read="none",
                                             seeds=list(range(_i * 5 + 1, _i * 5 + 6)))
for _i in range(2):
    TESTS[f"kdump-transition-{_i + 1}"] = kdump(4, hotplug="transition", vmcore_read="none",
                                                seeds=list(range(101 + _i * 5, 106 + _i * 5)))


def say(msg):
    print(f"run_linux: {msg}", flush=True)


def harness_error(msg):
    say(f"error: {msg}")
    sys.exit(EXIT_ERROR)


def skip(msg):
    """Skip the test (77), or fail it (1) under CI: a CI run must not pass
    because the Linux suites could not run."""
    if under_ci():
        say(f"FAIL: {msg} (CI=true: a skip is a failure)")
        sys.exit(EXIT_FAIL)
    say(f"SKIP: {msg}")
    sys.exit(EXIT_SKIP)


class Reason(NamedTuple):
    """One reason a run failed: its kind (for linux_race()), its text, and
    the console line it comes from (-1: none)."""
    kind: str
    text: str
    line: int = -1

    def __str__(self):
        return self.text


class Console:
    """Console lines of one QEMU run with the runner's clock at each."""

    def __init__(self):
        self.lines = []     # (monotonic time, text)
        self.rc = None
        self.timed_out = False
        self.start = None   # when QEMU was started (tools/guest/run's "running:")
        self.command = None
        self.fatal = False  # a line said the guest or belay is dead
        self.killed = None  # the runner stopped QEMU: "timeout", "fatal", "stop" or "hang"
        self.stopped = False  # the Spec's stop line came

    def texts(self):
        return [t for _, t in self.lines]


_children = []


def _kill_children(signum=None, frame=None):
    for p in _children:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if signum is not None:
        say(f"killed by signal {signum}; QEMU stopped")
        sys.exit(EXIT_FAIL)


def run_console(cmd, timeout, log_path, env, echo=False, progress=None, quiet=False,
                fatal=None, on_line=None, stop=None):
    """Run cmd in its own process group, collecting its output line by line
    under a hard timeout; a timeout kills the whole group (QEMU included).
    A line matching fatal (a machine that will not recover) cuts the wait
    to FATAL_GRACE seconds more, for the rest of its report. on_line(text),
    if given, sees each line as it comes (silent_log.py talks to QEMU's
    monitor from it). A line matching stop ends the run STOP_GRACE seconds
    later, as a normal end (a machine that does not power off)."""
    con = Console()
    t0 = time.monotonic()
    with open(log_path, "w", encoding="utf-8", errors="replace") as log:
        log.write("# " + " ".join(shlex.quote(c) for c in cmd) + "\n")
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True, env=env)
        _children.append(p)
        sel = selectors.DefaultSelector()
        sel.register(p.stdout, selectors.EVENT_READ)
        buf = b""
        deadline = t0 + timeout
        eof = False
        while not eof:
            left = deadline - time.monotonic()
            if left <= 0:
                con.timed_out = not (con.fatal or con.stopped)
                break
            for _key, _ in sel.select(timeout=min(left, 1.0)):
                chunk = os.read(p.stdout.fileno(), 65536)
                now = time.monotonic()
                if not chunk:
                    eof = True
                    break
                buf += chunk
                *done, buf = buf.split(b"\n")
                for raw in done:
                    text = raw.decode("utf-8", "replace").rstrip("\r")
                    con.lines.append((now, text))
                    log.write(text + "\n")
                    if on_line is not None:
                        on_line(text)
                    if stop is not None and stop.search(text) and not con.stopped:
                        con.stopped = True
                        deadline = min(deadline, now + STOP_GRACE)
                    if fatal is not None and fatal.search(text) and not GUEST_LINE_RE.match(text):
                        deadline = min(deadline, now + FATAL_GRACE)
                        con.fatal = True
                    if text.startswith("belay: running: ") and con.start is None:
                        con.start = now
                        con.command = text[len("belay: running: "):]
                    if echo:
                        print(text, flush=True)
                    elif (con.command and con.start == now and not quiet
                          and text.startswith("belay: running: ")):
                        say(f"qemu: {con.command}")
                    elif progress and progress.search(text):
                        print("  " + text, flush=True)
        if buf:
            text = buf.decode("utf-8", "replace").rstrip("\r")
            con.lines.append((time.monotonic(), text))
            log.write(text + "\n")
        if con.timed_out or ((con.fatal or con.stopped) and p.poll() is None):
            con.killed = "timeout" if con.timed_out else "fatal" if con.fatal else "stop"
            if con.timed_out:
                log.write(f"# run_linux: TIMEOUT after {timeout} s: killing QEMU\n")
            elif con.killed == "stop":
                log.write("# run_linux: the run's end line came: stopping QEMU\n")
            else:
                log.write(f"# run_linux: the guest is dead (see above): killing QEMU\n")
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        # The guest powered off: give QEMU a moment to exit.
        try:
            con.rc = p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            con.killed = con.killed or "hang"
            con.rc = p.wait()
        _children.remove(p)
    if con.start is None:
        con.start = t0
    return con


def prepare_guest(env):
    """Fetch the Debian guest and build its initramfs once, outside any
    timeout; 77 if the packages cannot be had, 99 if the build fails."""
    if shutil.which("qemu-system-arm") is None:
        skip("qemu-system-arm is not installed (apt-get install qemu-system-arm)")
    r = subprocess.run([FETCH], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout + r.stderr)
        skip("the Debian guest packages are not available (tools/guest/fetch failed; "
             "is the Debian archive reachable?)")
    r = subprocess.run([MKINITRAMFS], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout + r.stderr)
        harness_error("tools/guest/mkinitramfs failed")


def guest_command(spec, name, seed, build, timeout, native, extra_append):
    words = [f"belay.test={name}", f"belay.cpus={spec.cpus}", f"belay.mem={spec.mem}"]
    words += spec.args
    cpus = spec.cpus
    if seed is not None:
        cpus = seed_cpus(seed)
        words = [w for w in words if not w.startswith("belay.cpus=")]
        words += [f"belay.cpus={cpus}", f"belay.seed={seed}"]
    if native:
        words.append("belay.native=1")
    words += extra_append
    tool = [BELAY_TOOL, "run"] if spec.via == "belay-run" else [GUEST_RUN]
    # tools/guest/run's own timeout is a backstop behind ours.
    cmd = tool + ["--script", spec.script, "--cpus", str(cpus), "--mem", str(spec.mem),
                  "--append", " ".join(words), "--timeout", str(timeout + 30)]
    if native:
        cmd.append("--native")
    if spec.uboot:
        cmd.append("--uboot")
    if spec.board != "virt":
        cmd += ["--board", spec.board]
    if spec.belay_args and not native:
        cmd += ["--qemu-arg", "-append", "--qemu-arg", " ".join(spec.belay_args)]
    for a in spec.qemu_args:
        cmd += ["--qemu-arg", a]
    return cmd, cpus


def injections(texts):
    """belay's injection lines: (index, match of INJECTED_RE) in console
    order. belay and the guest write one UART with no common lock, so
    another CPU's guest output can land inside belay's line (seen:
    "... t=14154460us trigge[   10.354486] CPU1 killed." and then "r
    cpu_off:4 deferred=0" on the next line; docs/kdump.md, "The
    injection line"). A line that holds the start of belay's line but not
    its fields is mended: one run of guest text is taken out, within the
    line or up to one of the next three (belay's tail then starts that
    line), and what is left must be exactly one whole injection line.
    Two mendings that disagree on the delivery, CPU or PC are none."""
    found = []
    for i, t in enumerate(texts):
        m = INJECTED_RE.search(t)
        if m:
            found.append((i, m))
            continue
        at = t.find("belay: ")
        if at < 0 or not any("deferred=" in u for u in texts[i:i + 4]):
            continue
        head = t[at:].rstrip("\n")
        mended = {}
        for k in range(len("belay: "), len(head)):
            # Guest text from k to the end of this line, belay's tail on a
            # later one; or guest text from k to j within this line.
            tails = [u.rstrip("\n") for u in texts[i + 1:i + 4]]
            tails += [head[j:] for j in range(k + 1, len(head))]
            for tail in tails:
                m = INJECTED_LINE_RE.fullmatch(head[:k] + tail)
                if m:
                    mended[m.group(1, 2, 3)] = m
        if len(mended) == 1:
            found.append((i, mended.popitem()[1]))
    return found


def judge(con, spec, name, native):
    """The reasons the run failed (empty: passed), as Reason tuples. Pure:
    it reads only con, so canned consoles test it (test_run_linux.py)."""
    texts = con.texts()
    why = []
    if con.timed_out:
        why.append(Reason("timeout", "timed out (QEMU killed)"))
    elif con.rc != spec.expect_rc and con.killed != "stop":
        how = " (stopped by the runner after a fatal line)" if con.killed == "fatal" else ""
        want = f", expected {spec.expect_rc}" if spec.expect_rc else ""
        why.append(Reason("exit", f"tools/guest/run exited {con.rc}{want}{how}"))
    pass_re = re.compile(r"belay-guest: PASS " + re.escape(name) + r"\s*$")
    if spec.verdict is not None:
        if not any(spec.verdict.search(t) for t in texts):
            why.append(Reason("no-verdict", f"no line matching '{spec.verdict.pattern}'"))
    elif not any(pass_re.search(t) for t in texts):
        why.append(Reason("no-pass", f"no 'belay-guest: PASS {name}' line"))
    # The verdict line, and tools/guest/run's report of the status the
    # test expects, are not errors.
    expected_end = re.compile(rf"belay: error: qemu-system-arm exited with status {spec.expect_rc}$")
    for i, t in enumerate(texts):
        if spec.verdict is not None and (spec.verdict.search(t) or
                                         (spec.expect_rc and expected_end.search(t))):
            continue
        if GUEST_FAIL_RE.search(t) or BELAY_BAD_RE.search(t):
            why.append(Reason("console", f"console: {t.strip()}", i))
    boots = [i for i, t in enumerate(texts) if BOOT_RE.search(t)]
    if spec.boots is not None and len(boots) != spec.boots:
        why.append(Reason("boots", f"{len(boots)} kernel boot(s) ('Booting Linux'), "
                          f"expected {spec.boots}"))
    panics = [i for i, t in enumerate(texts) if PANIC_RE.search(t) and not PANIC_END_RE.search(t)]
    crash_boot = boots[1] if (spec.panics or spec.inject_cpu is not None) and len(boots) > 1 \
        else None
    injected = injections(texts)
    vmcore_cpu = panic_only_in_vmcore(texts, spec)
    if len(panics) != spec.panics and vmcore_cpu is None:
        why.append(Reason("panics", f"{len(panics)} 'Kernel panic' line(s), expected {spec.panics}"
                          + "".join(f"\n    {texts[i].strip()}" for i in panics[:3])))
    for i, t in enumerate(texts):
        # The guest's own reports quote kernel lines; FAIL covers them.
        if KERNEL_BAD_RE.search(t) and not GUEST_LINE_RE.match(t):
            if crash_boot is not None and i > crash_boot and KDUMP_ALLOWED_RE.search(t):
                continue
            # The oops belay's injected crash causes, before the crash
            # kernel (or the end, when none is to come).
            if injected and injected[0][0] < i < (len(texts) if crash_boot is None
                                                   else crash_boot):
                continue
            why.append(Reason("kernel", f"kernel: {t.strip()}", i))
    if spec.inject_cpu is not None and not native:
        why += judge_injected(texts, spec, injected, crash_boot)
    if spec.panics and (panics or vmcore_cpu is not None) and crash_boot is not None:
        boot_cpu = int(BOOT_RE.search(texts[crash_boot]).group(1), 16)
        if panics and panics[0] > crash_boot:
            why.append(Reason("crash", "the panic came after the crash kernel booted"))
        else:
            if panics:
                m = next((PANIC_CPU_RE.search(t) for t in texts[panics[0]:crash_boot]
                          if PANIC_CPU_RE.search(t)), None)
                panic_cpu = int(m.group(1)) if m else None
            else:
                panic_cpu = vmcore_cpu
            if panic_cpu is None:
                why.append(Reason("crash", "no 'CPU: N PID:' line after the panic"))
            elif panic_cpu != boot_cpu:
                why.append(Reason("crash", f"the panic was on CPU {panic_cpu} but the crash "
                                  f"kernel booted on physical CPU {boot_cpu:#x}"))
            if spec.panic_cpu is not None and boot_cpu != spec.panic_cpu:
                why.append(Reason("crash", f"the crash kernel booted on physical CPU "
                                  f"{boot_cpu:#x}, expected {spec.panic_cpu} (belay.panic_cpu)"))
    for boot_index, pattern in spec.expect:
        if boot_index is None:
            if not any(re.search(pattern, t) for t in texts):
                why.append(Reason("expect", f"no line matching '{pattern}'"))
            continue
        start = boots[boot_index] if boot_index < len(boots) else len(texts)
        if not any(re.search(pattern, t) for t in texts[start:]):
            why.append(Reason("expect", f"no line matching '{pattern}' after kernel boot "
                              f"{boot_index + 1}"))
    for pattern in spec.forbid:
        bad = next((t for t in texts if re.search(pattern, t)), None)
        if bad is not None:
            why.append(Reason("forbid", f"console: {bad.strip()}"))
    if spec.belay_gone_after_boot is not None and not native:
        k = spec.belay_gone_after_boot
        if k < len(boots):
            stop = next((i for i, t in enumerate(texts) if pass_re.search(t)), len(texts))
            for i in range(boots[k], stop):
                if texts[i].startswith("belay: "):
                    why.append(Reason("handover", "belay still speaks after the hand-over: "
                                      f"{texts[i].strip()}", i))
                    break
    return why


def panic_only_in_vmcore(texts, spec):
    """The panicking CPU (an int) if the first kernel's "Kernel panic" line
    never reached its console but the panic is proven otherwise, else None.

    Linux's limitation, not belay's (docs/kdump.md, "The panic line"): a
    CPU that holds the console lock when another panics gives it up
    without printing (6.1's abandon_console_lock_in_panic()), or is
    stopped by the crash IPI while holding it, and with a crash kernel
    loaded panic() kexecs before it would flush the console. The line is
    then only in the crashed kernel's log. Accepted only when the console
    shows the sysrq crash being triggered before the crash kernel's boot
    and the crash kernel found the panic in the vmcore's log, with its CPU
    (kdump.sh fails otherwise). The console shows the trigger by the
    kernel's "sysrq: Trigger a crash" line, or, when the console lock
    held that back too (kdump-transition-1 seed 102 in a fresh-root run),
    by kdump.sh's "panic on cpu N" announcement for the vmcore's CPU."""
    boots = [i for i, t in enumerate(texts) if BOOT_RE.search(t)]
    crash_boot = boots[1] if len(boots) > 1 else None
    if spec.panics != 1 or crash_boot is None or any(PANIC_RE.search(t) for t in texts):
        return None
    m = next((VMCORE_PANIC_RE.search(t) for t in texts[crash_boot:] if VMCORE_PANIC_RE.search(t)),
             None)
    if m is None:
        return None
    cpu = int(m.group(1))
    before = texts[:crash_boot]
    if any(SYSRQ_RE.search(t) for t in before):
        return cpu
    announced = [int(a.group(1)) for a in map(PANIC_ANNOUNCE_RE.search, before) if a]
    return cpu if announced and announced[-1] == cpu else None


def judge_injected(texts, spec, injected, crash_boot):
    """An injected crash: one ground-truth line on the chosen CPU, the oops
    and the crash kernel on that CPU, and the PC of belay's line in the
    oops and in that CPU's NT_PRSTATUS note of the vmcore."""
    why = []
    if len(injected) != 1:
        return [Reason("inject", f"{len(injected)} 'belay: crash: injected' line(s), expected 1")]
    first, m = injected[0]
    loaded = next((i for i, t in enumerate(texts) if INJECT_LOADED_RE.search(t)), None)
    if loaded is None or loaded > first:
        why.append(Reason("inject", "belay's deadline came before the crash kernel was loaded "
                          "(a machine this slow needs a later deadline)"))
    cpu, pc = int(m.group(2)), m.group(3)
    if cpu != spec.inject_cpu:
        why.append(Reason("inject", f"belay injected on cpu{cpu}, expected cpu{spec.inject_cpu}"))
    if crash_boot is None:
        return why + [Reason("inject", "no crash kernel booted after the injection")]
    boot_cpu = int(BOOT_RE.search(texts[crash_boot]).group(1), 16)
    if boot_cpu != cpu:
        why.append(Reason("inject", f"the crash kernel booted on physical CPU {boot_cpu:#x}, "
                          f"belay injected on cpu{cpu}"))
    oops = [OOPS_PC_RE.search(t).group(1) for t in texts[first:crash_boot]
            if OOPS_PC_RE.search(t)]
    if not oops:
        # The oops's register dump can miss the console (Linux's console
        # lock, as "The panic line" in docs/kdump.md); the crash kernel
        # quotes it from the vmcore's log.
        oops = [OOPS_PC_RE.search(t).group(1) for t in texts[crash_boot:]
                if t.startswith("belay-guest: kdump: vmcore-dmesg:") and OOPS_PC_RE.search(t)]
    if not oops or oops[0] != pc:
        why.append(Reason("inject", f"the oops reports pc {oops[0] if oops else 'none'}, "
                          f"belay injected at 0x{pc}"))
    notes = [PRSTATUS_PCS_RE.search(t) for t in texts[crash_boot:] if PRSTATUS_PCS_RE.search(t)]
    if not notes:
        why.append(Reason("inject", "no 'kdump: prstatus pc:' line from the capture"))
    else:
        pcs = dict(w.split("=") for w in notes[0].group(1).split())
        got = pcs.get(f"cpu{cpu}")
        if got != f"0x{pc}":
            why.append(Reason("inject", f"the vmcore's NT_PRSTATUS for cpu{cpu} has pc {got}, "
                              f"belay injected at 0x{pc}"))
    return why


def milestones(con):
    """'userspace 5.1 s, panic 9.0 s, ...': when the run got where, from
    QEMU's start, by the runner's clock."""
    out = []
    boots = 0
    for t, x in con.lines:
        label = None
        if BOOT_RE.search(x):
            boots += 1
            if boots > 1:
                label = f"boot {boots}"
        elif USERSPACE_RE.search(x):
            label = "userspace" if boots <= 1 else f"userspace {boots}"
        elif SYSRQ_RE.search(x):
            label = "panic"
        elif "belay-guest: PASS" in x or "belay-guest: FAIL" in x:
            label = "verdict"
        if label:
            out.append(f"{label} {t - con.start:.1f} s")
    return ", ".join(out)


def linux_race(con, spec, why):
    """Whether Linux's own bring-up race in machine_kexec() (docs/kdump.md)
    explains every reason in why (judge()'s list for con), so that the run
    may be repeated. Returns (True, description) or (False, what rules it
    out). Pure, like judge(); test_run_linux.py checks it on canned logs.

    The race's signature, in a seeded hotplug kdump run: a "Kernel panic"
    line, then "Loading crashdump kernel..." (every CPU online at the panic
    answered the crash IPI: no "did not react to IPI" anywhere), then
    "kernel BUG at arch/arm/kernel/machine_kexec.c:N!", and no kernel boot
    after the panic. Each reason must be one the race produces: no PASS
    line; one kernel boot instead of two; the BUG's own "Internal error:
    Oops - BUG:" line (the first line judge() flags after the BUG, at most
    three lines after it); further "Kernel panic - not syncing: Fatal
    exception" lines after the BUG; tools/guest/run's status when the
    runner stopped QEMU after the BUG. Anything else rules the retry out:
    a belay PANIC, error, warning or stop line anywhere, a guest FAIL line
    (a missing vmcore among them), a timeout, QEMU exiting with an error by
    itself, any other kernel complaint before or after the BUG."""
    if spec.inject_cpu is not None:
        return injected_no_react(con, spec, why)
    if spec.seeds is None or spec.hotplug not in ("loop", "transition"):
        return False, "not a seeded hotplug kdump run"
    texts = con.texts()
    panic = next((i for i, t in enumerate(texts) if PANIC_RE.search(t)), None)
    bug = next((i for i, t in enumerate(texts) if LINUX_KEXEC_BUG_RE.search(t)), None)
    if panic is None or bug is None or bug < panic:
        return False, "no 'kernel BUG at arch/arm/kernel/machine_kexec.c' after a panic"
    if not any(CRASH_LOADING_RE.search(t) for t in texts[panic:bug]):
        return False, "no 'Loading crashdump kernel...' between the panic and the BUG"
    bad = next((t for t in texts if NO_REACT_RE.search(t) or BELAY_ANY_BAD_RE.search(t)), None)
    if bad is not None:
        return False, f"console: {bad.strip()}"
    if any(BOOT_RE.search(t) for t in texts[panic:]):
        return False, "a kernel booted after the panic"
    oops = next((r.line for r in why if r.kind == "kernel" and r.line > bug), None)
    for r in why:
        if r.kind == "no-pass":
            continue
        if r.kind == "boots" and sum(1 for t in texts if BOOT_RE.search(t)) == 1:
            continue
        if r.kind == "exit" and con.killed == "fatal":
            continue
        if r.kind == "console" and r.line > bug and DID_NOT_PANIC_RE.search(texts[r.line]):
            continue
        if (r.kind == "kernel" and r.line == oops and r.line - bug <= 3
                and LINUX_KEXEC_OOPS_RE.search(texts[r.line])):
            continue
        if r.kind == "panics":
            panics = [i for i, t in enumerate(texts)
                      if PANIC_RE.search(t) and not PANIC_END_RE.search(t)]
            if panics[0] < bug and all(i > bug and PANIC_AFTER_OOPS_RE.search(texts[i])
                                       for i in panics[1:]):
                continue
        return False, f"not the race's: {r.text}"
    return True, (f"a CPU finished coming up after the crash IPI and machine_kexec() hit "
                  f"BUG_ON(num_online_cpus() > 1): {texts[bug].strip()}")


def injected_no_react(con, spec, why):
    """linux_race() for an injected crash (docs/kdump.md, "Crash
    injection"): belay's abort can land where the crashing CPU holds
    something another CPU spins on with interrupts masked (seen: in
    timekeeping_advance(), inside the tick, holding the timekeeping
    seqcount). That CPU never takes the crash IPI, Linux says "did not
    react to IPI" and machine_kexec() hits its BUG_ON: Linux's limitation,
    not belay's, and the run may be repeated. The signature: one injection
    line, the injected oops, "did not react", "Loading crashdump kernel...",
    the BUG, no second boot; no belay line above notice, no guest FAIL, no
    timeout; every reason one that signature produces."""
    texts = con.texts()
    inj = [i for i, _ in injections(texts)]
    bug = next((i for i, t in enumerate(texts) if LINUX_KEXEC_BUG_RE.search(t)), None)
    if len(inj) != 1 or bug is None or bug < inj[0]:
        return False, "no machine_kexec() BUG after one injection"
    if not any(NO_REACT_RE.search(t) for t in texts[inj[0]:bug]):
        return False, "no 'did not react to IPI' before the BUG"
    if not any(CRASH_LOADING_RE.search(t) for t in texts[inj[0]:bug]):
        return False, "no 'Loading crashdump kernel...' before the BUG"
    bad = next((t for t in texts if BELAY_ANY_BAD_RE.search(t) or GUEST_FAIL_RE.search(t)), None)
    if bad is not None or con.timed_out:
        return False, f"console: {bad.strip()}" if bad else "timed out"
    if sum(1 for t in texts if BOOT_RE.search(t)) != 1:
        return False, "a kernel booted after the injection"
    for r in why:
        if r.kind in ("no-pass", "boots") or (r.kind == "exit" and con.killed == "fatal"):
            continue
        if r.kind == "inject" and r.text == "no crash kernel booted after the injection":
            continue
        if r.kind == "kernel" and r.line is not None and inj[0] < r.line and \
                (r.line < bug or (r.line - bug <= 3 and LINUX_KEXEC_OOPS_RE.search(texts[r.line]))):
            continue
        if r.kind == "panics" and all(PANIC_AFTER_OOPS_RE.search(texts[i]) or
                                      "Fatal exception in interrupt" in texts[i]
                                      for i, t in enumerate(texts) if PANIC_RE.search(t)
                                      and not PANIC_END_RE.search(t)):
            continue
        return False, f"not Linux's: {r.text}"
    return True, (f"the other CPU never took the crash IPI (Linux: 'did not react to IPI'), "
                  f"machine_kexec() hit BUG_ON(num_online_cpus() > 1): {texts[bug].strip()}")


def report_failure(con, log_path, why):
    for w in why:
        say(f"  FAIL: {w}")
    texts = con.texts()
    say(f"last {min(TAIL_LINES, len(texts))} console lines (full log: {log_path}):")
    for t in texts[-TAIL_LINES:]:
        print("  | " + t)
    sys.stdout.flush()


def run_one(spec, name, seed, args, env):
    """Run one test (one seed). Returns (passed, race retries made)."""
    cmd, cpus = guest_command(spec, name, seed, args.build, args.timeout or spec.timeout,
                              args.native, args.append)
    tag = name if seed is None else f"{name}-seed{seed}"
    if args.native:
        tag += "-native"
    log_path = os.path.join(args.log_dir, tag + ".log")
    timeout = args.timeout or spec.timeout
    say(f"{tag}: {cpus} CPU(s), {spec.mem} MiB{' (native)' if args.native else ''}, "
        f"timeout {timeout} s")
    progress = None if args.verbose else re.compile(
        r"belay-guest: (PASS|FAIL|kdump|kexec round|handover|panic on|hotplug:)|belay: (PANIC|error)")
    fatal = FATAL_INJECTED_RE if spec.inject_cpu is not None else \
        FATAL_RE if spec.panics else FATAL_NO_PANIC_RE
    retries = 0
    report_log = log_path
    while True:
        t0 = time.monotonic()
        con = run_console(cmd, timeout, log_path, env, echo=args.verbose, progress=progress,
                          fatal=fatal, stop=spec.stop)
        dt = time.monotonic() - t0
        if con.command is None:
            say(f"command: {' '.join(shlex.quote(c) for c in cmd)} (it never started QEMU)")
        why = judge(con, spec, name, args.native)
        report_log = log_path
        if not why:
            break
        race, what = linux_race(con, spec, why)
        if not race:
            if LINUX_KEXEC_BUG_RE.search("\n".join(con.texts())):
                say(f"{tag}: machine_kexec() BUG, but not retried as Linux's race: {what}")
            break
        report_log = log_path[:-len(".log")] + f"-linux-race{retries + 1}.log"
        os.replace(log_path, report_log)
        say(f"{tag}: race hit {retries + 1}: Linux's bring-up race, not belay's: {what} "
            f"(log: {report_log})")
        if retries >= LINUX_RACE_RETRIES:
            say(f"{tag}: the race came {retries + 1} times in a row; no retry left "
                f"(at most {LINUX_RACE_RETRIES})")
            why.append(Reason("race", f"Linux's bring-up race {retries + 1} times in a row"))
            break
        retries += 1
        say(f"{tag}: running the same seed again (race retry {retries} of at most "
            f"{LINUX_RACE_RETRIES})")
    if not why and panic_only_in_vmcore(con.texts(), spec) is not None:
        say(f"{tag}: note: the first kernel's 'Kernel panic' line never reached its console "
            f"(Linux's console lock, docs/kdump.md); the panic is in the vmcore's log")
    if why:
        say(f"{tag}: FAIL after {dt:.1f} s ({milestones(con)})")
        report_failure(con, report_log, why)
        return False, retries
    say(f"{tag}: PASS in {dt:.1f} s ({milestones(con)}; log: {log_path})")
    return True, retries


def adhoc_spec(a):
    return Spec(a.script, cpus=a.cpus, mem=a.mem, timeout=a.timeout or 600, boots=None,
                panics=1 if a.expect_panic else 0)


def main(argv):
    p = ArgParser(description=__doc__, on_error=harness_error)
    p.add_argument("test", nargs="?", help="test name (see --list)")
    p.add_argument("--build", default=os.environ.get("BELAY_BUILD", os.path.join(TOP, "build")),
                   help="belay's meson build directory (belay.bin, the trampoline)")
    p.add_argument("--log-dir", help="where console logs go (default BUILD/tests/linux/logs)")
    p.add_argument("--seed", type=int, action="append",
                   help="run only this seed of a seeded test (repeatable)")
    p.add_argument("--timeout", type=int, help="seconds per QEMU run (default: the test's)")
    p.add_argument("--native", action="store_true", help="boot without belay")
    p.add_argument("--append", action="append", default=[],
                   help="extra guest command-line word (repeatable)")
    p.add_argument("--script", help="ad hoc: run tests/linux/scripts/SCRIPT.sh")
    p.add_argument("--cpus", type=int, default=2, help="ad hoc: CPUs")
    p.add_argument("--mem", type=int, default=1024, help="ad hoc: MiB of RAM")
    p.add_argument("--expect-panic", action="store_true", help="ad hoc: a kdump script")
    p.add_argument("--list", action="store_true", help="list the tests and exit")
    p.add_argument("-v", "--verbose", action="store_true", help="echo the whole console")
    a = p.parse_args(argv)

    if a.list:
        for n, s in TESTS.items():
            if s.seeds:
                cpus = "/".join(str(c) for c in sorted({seed_cpus(x) for x in s.seeds}))
                runs = f", seeds {s.seeds[0]}-{s.seeds[-1]}"
            else:
                cpus, runs = s.cpus, ""
            print(f"{n:22} script {s.script}, {cpus} CPUs, {s.mem} MiB{runs}")
        return EXIT_PASS
    if a.script:
        spec, name = adhoc_spec(a), a.test or a.script
    elif a.test in TESTS:
        spec, name = TESTS[a.test], a.test
    else:
        harness_error(f"unknown test '{a.test}' (--list shows them)")
    if a.native and spec.needs_belay:
        harness_error(f"{name} tests belay itself; it has no --native form")

    build = os.path.abspath(a.build)
    a.build = build
    if not a.native and not os.path.isfile(os.path.join(build, "belay.bin")):
        harness_error(f"{build}/belay.bin is missing (tools/belay build)")
    a.log_dir = os.path.abspath(a.log_dir or os.path.join(build, "tests", "linux", "logs"))
    os.makedirs(a.log_dir, exist_ok=True)
    env = dict(os.environ, BELAY_BUILD=build)
    signal.signal(signal.SIGTERM, _kill_children)
    signal.signal(signal.SIGINT, _kill_children)

    prepare_guest(env)
    seeds = [None]
    if spec.seeds:
        seeds = a.seed or spec.seeds
    elif a.seed:
        harness_error(f"{name} takes no seed")
    t0 = time.monotonic()
    failed = []
    retries = 0
    for s in seeds:
        ok, n = run_one(spec, name, s, a, env)
        retries += n
        if not ok:
            failed.append(s)
            break       # every run must pass; do not spend CI time after a failure
    dt = time.monotonic() - t0
    # For tests/harness/runall.py, which sums these over the tests.
    say(f"race-retries {retries}")
    if failed:
        which = f" (seed {failed[0]}: rerun with --seed {failed[0]})" if failed[0] is not None else ""
        say(f"{name}: FAIL{which} after {dt:.1f} s")
        return EXIT_FAIL
    if len(seeds) > 1:
        say(f"{name}: all {len(seeds)} runs passed in {dt:.1f} s")
    return EXIT_PASS


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
