#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Unit test of runall.py's counting on a fake testlog.json (suite unit).

Prints "PASS name" per case and "FAIL name: why" per failed check, like
the C unit tests, and exits 1 if any check failed.
"""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runall  # noqa: E402

failures = 0


def check(case, cond, why):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL {case}: {why}")
    return cond


def entry(name, result, stdout="", duration=1.0):
    return {"name": name, "result": result, "stdout": stdout, "duration": duration,
            "returncode": {"OK": 0, "SKIP": 77, "FAIL": 1}.get(result, 1)}


# A run like `tools/belay test abi linux kdump` with one Linux test skipped
# (no Debian archive) and two kdump tests that needed the race retry.
FAKE = [
    entry("unit-pt", "OK"),
    entry("abi-stub", "OK"),
    entry("boot-2cpu", "SKIP", "run_linux: SKIP: the Debian guest packages are not available\n"),
    entry("kdump-hotplug-1", "OK",
          "run_linux: kdump-hotplug-1-seed3: race hit 1 of at most 2: Linux's bring-up race\n"
          "run_linux: kdump-hotplug-1-seed3: running the same seed again\n"
          "run_linux: race-retries 1\n"),
    entry("kdump-transition-2", "OK", "run_linux: race-retries 2\n"),
    entry("kdump-hotplug-2", "OK", "run_linux: race-retries 0\n"),
    # Quoting the line inside another is not a report.
    entry("kdump-hotplug-3", "OK", "  | run_linux: race-retries 5\n"),
]
SUITES = {"unit-pt": "unit", "abi-stub": "abi", "boot-2cpu": "linux"}


def write_testlog(results):
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    return path


def test_read_testlog():
    case = "read_testlog"
    path = write_testlog(FAKE)
    try:
        results, problem = runall.read_testlog(path)
    finally:
        os.remove(path)
    ok = check(case, problem is None, f"problem {problem!r}")
    ok &= check(case, [r["name"] for r in results] == [r["name"] for r in FAKE],
                "results differ from the file")
    results, problem = runall.read_testlog(path)
    ok &= check(case, results == [] and problem and "meson test did not run" in problem,
                f"a missing log: {problem!r}")
    if ok:
        print(f"PASS {case}")


def test_outside_ci():
    case = "skip outside CI"
    lines, code = runall.summarise(FAKE, SUITES, 0, ci=False)
    ok = check(case, lines[-1] == "1 skipped, 3 race retries, 6 passed, 0 failed",
               f"last line {lines[-1]!r}")
    ok &= check(case, code == 0, f"exit {code}")
    ok &= check(case, any(ln.startswith("skip ") and "boot-2cpu" in ln for ln in lines),
                "no 'skip' line for boot-2cpu")
    if ok:
        print(f"PASS {case}")


def test_under_ci():
    case = "skip under CI"
    lines, code = runall.summarise(FAKE, SUITES, 1, ci=True)
    ok = check(case, lines[-1] == "1 skipped (failed: CI), 3 race retries, 6 passed, 1 failed",
               f"last line {lines[-1]!r}")
    ok &= check(case, lines[-1].endswith("6 passed, 1 failed"), "wrong ending")
    ok &= check(case, code == 1, f"exit {code}")
    ok &= check(case, any(ln.startswith("FAIL(skip) ") and "boot-2cpu" in ln for ln in lines),
                "no 'FAIL(skip)' line for boot-2cpu")
    # The skip is the failure: no extra "meson test exited" failure on top.
    ok &= check(case, not any("meson test exited" in ln for ln in lines),
                "meson's exit status counted twice")
    if ok:
        print(f"PASS {case}")


def test_ci_values():
    case = "CI values"
    ok = True
    for value, want in (("true", True), ("TRUE", True), ("1", True), ("yes", True),
                        ("", False), ("false", False), ("0", False)):
        ok &= check(case, runall.under_ci({"CI": value}) is want, f"CI={value!r}")
    ok &= check(case, runall.under_ci({}) is False, "CI unset")
    if ok:
        print(f"PASS {case}")


def test_all_pass():
    case = "all pass"
    results = [entry("unit-pt", "OK"), entry("abi-run", "OK")]
    lines, code = runall.summarise(results, {}, 0, ci=True)
    ok = check(case, lines[-1] == "0 skipped, 0 race retries, 2 passed, 0 failed",
               f"last line {lines[-1]!r}")
    ok &= check(case, code == 0, f"exit {code}")
    if ok:
        print(f"PASS {case}")


def test_other_verdicts():
    case = "fail, timeout, meson's own failure"
    results = [entry("abi-run", "FAIL"), entry("smp-abi-belay", "TIMEOUT"),
               entry("kdump-hotplug-4", "FAIL", "run_linux: race-retries 2\n")]
    lines, code = runall.summarise(results, {}, 1, ci=False)
    ok = check(case, lines[-1] == "0 skipped, 2 race retries, 0 passed, 3 failed",
               f"last line {lines[-1]!r}")
    ok &= check(case, any(ln.startswith("timeout ") for ln in lines), "no 'timeout' line")
    ok &= check(case, code == 1, f"exit {code}")
    # meson test failed (a build error) but no test did: one failure.
    lines, code = runall.summarise([entry("unit-pt", "OK")], {}, 125, ci=False)
    ok &= check(case, lines[-1] == "0 skipped, 0 race retries, 1 passed, 1 failed",
                f"build error: last line {lines[-1]!r}")
    ok &= check(case, code == 1, f"build error: exit {code}")
    # Nothing ran: not a success.
    lines, code = runall.summarise([], {}, 0, ci=False)
    ok &= check(case, lines[-1] == "0 skipped, 0 race retries, 0 passed, 0 failed"
                and code == 1, f"nothing ran: {lines[-1]!r}, exit {code}")
    if ok:
        print(f"PASS {case}")


def test_meson_suite_names():
    case = "project:suite / name"
    lines, _ = runall.summarise([entry("belay:kdump / kdump-hotplug-1", "OK")], {}, 0, False)
    ok = check(case, lines[0].split()[:3] == ["pass", "kdump", "kdump-hotplug-1"],
               f"line {lines[0]!r}")
    if ok:
        print(f"PASS {case}")


def main():
    test_read_testlog()
    test_outside_ci()
    test_under_ci()
    test_ci_values()
    test_all_pass()
    test_other_verdicts()
    test_meson_suite_names()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
