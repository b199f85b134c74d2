#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Run belay's meson tests and summarise them.

Called by `tools/belay test [SUITE...]` as
`python3 tests/harness/runall.py --build BUILD [SUITE...]`. Runs
`meson test` (BELAY_JOBS processes, default 2; `--suite S` for each named
suite), then reads BUILD/meson-logs/testlog.json and prints one line per
test and a last line exactly "N passed, N failed" (", N skipped" if any).
Exits 0 only if nothing failed and at least one test ran.
"""

import argparse
import json
import os
import re
import subprocess
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}


def test_suites(build):
    """name -> suites, from meson's introspection (testlog.json has none)."""
    try:
        r = subprocess.run(["meson", "introspect", "--tests", build], capture_output=True,
                           text=True, check=True)
        return {t["name"]: ",".join(s.split(":")[-1] for s in t.get("suite", []))
                for t in json.loads(r.stdout)}
    except (OSError, subprocess.CalledProcessError, ValueError):
        return {}


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
    print("runall: " + " ".join(cmd), flush=True)
    log = os.path.join(a.build, "meson-logs", "testlog.json")
    try:
        os.remove(log)  # a stale log must not count as this run
    except FileNotFoundError:
        pass
    rc = subprocess.run(cmd, check=False).returncode

    results = []
    try:
        with open(log) as f:
            for line in f:
                line = line.strip()
                if line:
                    results.append(json.loads(line))
    except FileNotFoundError:
        print(f"runall: no {log}: meson test did not run (exit {rc})")
    except json.JSONDecodeError as e:
        print(f"runall: cannot read {log}: {e}")

    suites = test_suites(a.build)
    passed = failed = skipped = 0
    print()
    for t in results:
        res = t.get("result", "?")
        name = t.get("name", "?")
        # Some meson versions log "project:suite / name".
        m = re.match(r"\S+:(\S+) / (.+)$", name)
        if m:
            suite, name = m.group(1), m.group(2)
        else:
            suite = suites.get(name, "")
        dur = t.get("duration", 0.0)
        if res in PASS:
            passed += 1
            word = "pass"
        elif res in SKIP:
            skipped += 1
            word = "skip"
        else:
            failed += 1
            word = "FAIL" if res == "FAIL" else res.lower()
        print(f"{word:8} {suite:10} {name:40} {dur:6.1f}s")
    if rc != 0 and failed == 0:
        # meson test failed without a failing test (e.g. a build error).
        print(f"runall: meson test exited {rc}")
        failed += 1
    summary = f"{passed} passed, {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    print(summary)
    ran = passed + failed + skipped
    return 0 if failed == 0 and ran > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
