#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Unit test of run_qemu.py's verdict on canned serial output (suite unit):
which skips stay skips and which are failures.

Prints "PASS name" per case and "FAIL name: why" per failed check, and
exits 1 if any check failed.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_qemu  # noqa: E402

failures = 0

BELAY_START = "belay-test: start (under belay) r0=00000000 r1=ffffffff r2=48000000 cpsr=000001d3"
NATIVE_START = "belay-test: start (native, mock hyp-stub) r0=00000000 r1=00000000 r2=00000000"


def args(extra=()):
    base = ["--belay", __file__, "--guest", __file__]
    if "--native" in extra:
        base = ["--guest", __file__]
    return run_qemu.parse_args(base + list(extra))


def case(name, a, lines, want, why_has=None, status=0, timed_out=False, exited=True):
    global failures
    code, reasons = run_qemu.verdict(a, lines, status, timed_out, exited)
    ok = code == want
    if ok and why_has is not None:
        ok = any(why_has in r for r in reasons)
    if ok:
        print(f"PASS {name}")
    else:
        failures += 1
        print(f"FAIL {name}: exit {code}, expected {want}; reasons {reasons}")


def main():
    smp1, smp2 = args(["--smp", "1"]), args(["--smp", "2"])
    cpus_skip = "belay-test: skip needs 2 CPUs, the DTB lists 1"
    case("fewer CPUs than the test needs: skip", smp1, [BELAY_START, cpus_skip],
         run_qemu.EXIT_SKIP)
    case("CPUs lost from the DTB under belay: fail", smp2, [BELAY_START, cpus_skip],
         run_qemu.EXIT_FAIL, "DTB lost some")
    case("CPUs lost natively: fail", args(["--native", "--smp", "4"]),
         [NATIVE_START, "belay-test: skip needs 3 CPUs, the DTB lists 2"],
         run_qemu.EXIT_FAIL, "DTB lost some")
    case("a native run of a belay-only test: skip", args(["--native", "--smp", "4"]),
         [NATIVE_START,
          "belay-test: skip belay's per-CPU ABI (native runs have only the mock)"],
         run_qemu.EXIT_SKIP)
    # What tests/guests/lib/report.c's test_missing() prints under belay.
    case("no /hypervisor under belay: fail", args(),
         [BELAY_START,
          "FAIL: missing: a /hypervisor node compatible with belay,hypervisor, with a reg "
          "(under belay, what the guest finds is belay's doing)",
          "belay-test: done passed=0 failed=1"],
         run_qemu.EXIT_FAIL, "failure reported")
    case("a skip after a failure: fail", args(),
         [BELAY_START, "not ok 1 - GET_STATE = RUN", "belay-test: skip later"],
         run_qemu.EXIT_FAIL, "failed check")
    case("a skip and a panic: fail", args(),
         [BELAY_START, "belay: PANIC: CHECK(x) failed", "belay-test: skip whatever"],
         run_qemu.EXIT_FAIL, "belay panicked")
    case("a skip that timed out: fail", args(), [BELAY_START, "belay-test: skip whatever"],
         run_qemu.EXIT_FAIL, "TIMEOUT", timed_out=True, exited=False)
    case("a pass", args(), [BELAY_START, "ok 1 - a", "belay-test: done passed=1 failed=0"],
         run_qemu.EXIT_PASS)
    # belay's line from another CPU cut a guest check line in two (seen in
    # crash-inject-belay): the check still counts, and a cut "not ok" fails.
    cut = "belay: crash: injected sea on cpu1 at pc 0ok 2 - cpu_on: ALREADY_ON"
    case("a check cut by a belay line: pass", args(),
         [BELAY_START, "ok 1 - a", cut, "x42001000 (svc)", "belay-test: done passed=2 failed=0"],
         run_qemu.EXIT_PASS)
    case("a failed check cut by a belay line: fail", args(),
         [BELAY_START, "ok 1 - a", cut.replace("0ok 2", "0not ok 2"),
          "belay-test: done passed=1 failed=1"],
         run_qemu.EXIT_FAIL, "failed check")
    # A run that belay ends itself (the capture watchdog): QEMU's status.
    wd = "belay: error: watchdog: no capture kernel 300 ms after the crash on cpu0 (...)"
    case("expected exit with the expected status: pass",
         args(["--expect-exit", "--expect-status", "3"]), [BELAY_START, wd], run_qemu.EXIT_PASS,
         status=3)
    case("expected exit with another status: fail",
         args(["--expect-exit", "--expect-status", "3"]), [BELAY_START, wd], run_qemu.EXIT_FAIL,
         "expected 3", status=0)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
