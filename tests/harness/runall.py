#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Run belay's meson tests and summarise them.

Called by `tools/belay test [SUITE...]` as
`python3 tests/harness/runall.py --build BUILD [SUITE...]`. Runs
`meson test` (BELAY_JOBS processes, default 2; `--suite S` for each named
suite), then reads BUILD/meson-logs/testlog.json and prints one line per
test (`pass`, `skip`, `FAIL`, `FAIL(skip)` or meson's other verdict, in
lower case) and a last line

    S skipped, R race retries, P passed, F failed

which always ends with exactly "P passed, F failed":

- S counts the tests meson reports as skipped (exit 77). Under CI (the
  environment variable CI is `true`, `1` or `yes`) a skipped test is a
  failure: its line says `FAIL(skip)`, it counts in F as well as in S, and
  S reads "S skipped (failed: CI)".
- R sums the Linux runner's `run_linux: race-retries N` lines (in each
  test's stdout in testlog.json): the seeded kdump runs repeated because
  they hit Linux's own bring-up race in machine_kexec() (docs/kdump.md).
  A retried run that then passed is a pass; R says how often it happened.
- A `meson test` failure with no failing test (a build error) counts as
  one failure.

Exits 0 only if nothing failed and at least one test ran.
"""

import argparse
import json
import os
import re
import subprocess
import sys

from harness_common import under_ci

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}
RACE_RETRIES_RE = re.compile(r"^run_linux: race-retries (\d+)\s*$", re.M)


def test_suites(build):
    """name -> suites, from meson's introspection (testlog.json has none)."""
    try:
        r = subprocess.run(["meson", "introspect", "--tests", build], capture_output=True,
                           text=True, check=True)
        return {t["name"]: ",".join(s.split(":")[-1] for s in t.get("suite", []))
                for t in json.loads(r.stdout)}
    except (OSError, subprocess.CalledProcessError, ValueError):
        return {}


def read_testlog(path):
    """The results in meson's testlog.json (one JSON object a line), and a
    message if it could not be read (None if it could)."""
    results = []
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    results.append(json.loads(line))
    except FileNotFoundError:
        return results, f"no {path}: meson test did not run"
    except json.JSONDecodeError as e:
        return results, f"cannot read {path}: {e}"
    return results, None


def race_retries(result):
    """The Linux race retries one test reported (run_linux.py)."""
    out = (result.get("stdout") or "") + "\n" + (result.get("stderr") or "")
    return sum(int(n) for n in RACE_RETRIES_RE.findall(out))


def summarise(results, suites, meson_rc, ci):
    """The output lines for these testlog.json results and the exit code.
    Pure, so that tests/harness/test_runall.py can check the counting."""
    lines = []
    passed = failed = skipped = retries = 0
    for t in results:
        res = t.get("result", "?")
        name = t.get("name", "?")
        # Some meson versions log "project:suite / name".
        m = re.match(r"\S+:(\S+) / (.+)$", name)
        if m:
            suite, name = m.group(1), m.group(2)
        else:
            suite = suites.get(name, "")
        dur = t.get("duration", 0.0) or 0.0
        retries += race_retries(t)
        if res in PASS:
            passed += 1
            word = "pass"
        elif res in SKIP:
            skipped += 1
            if ci:
                failed += 1
                word = "FAIL(skip)"
            else:
                word = "skip"
        else:
            failed += 1
            word = "FAIL" if res == "FAIL" else res.lower()
        lines.append(f"{word:10} {suite:10} {name:40} {dur:6.1f}s")
    if meson_rc != 0 and failed == 0:
        # meson test failed without a failing test (e.g. a build error).
        lines.append(f"runall: meson test exited {meson_rc}")
        failed += 1
    skips = f"{skipped} skipped" + (" (failed: CI)" if ci and skipped else "")
    lines.append(f"{skips}, {retries} race retries, {passed} passed, {failed} failed")
    ran = passed + failed + skipped
    return lines, (0 if failed == 0 and ran > 0 else 1)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", required=True, help="meson build directory")
    p.add_argument("suites", nargs="*", help="suites to run (default: all)")
    a = p.parse_args(argv)

    jobs = os.environ.get("BELAY_JOBS", "2")
    cmd = ["meson", "test", "-C", a.build, "--print-errorlogs", "--num-processes", jobs]
    for s in a.suites:
        cmd += ["--suite", s]
    ci = under_ci()
    print("runall: " + " ".join(cmd) + (" (CI: a skip is a failure)" if ci else ""), flush=True)
    log = os.path.join(a.build, "meson-logs", "testlog.json")
    try:
        os.remove(log)  # a stale log must not count as this run
    except FileNotFoundError:
        pass
    rc = subprocess.run(cmd, check=False).returncode

    results, problem = read_testlog(log)
    if problem:
        print(f"runall: {problem} (exit {rc})")
    lines, code = summarise(results, test_suites(a.build), rc, ci)
    print()
    print("\n".join(lines), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
