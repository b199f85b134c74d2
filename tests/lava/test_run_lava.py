#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""run_lava.py's verdict on lava-run output, on canned records (no LAVA, no
QEMU): the unit-run-lava test."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_lava  # noqa: E402


def rec(lvl, msg):
    return json.dumps({"dt": "2026-12-01T19:50:14.665680", "lvl": lvl, "msg": msg})


SMOKE_PASS = rec("results", {"case": "lava_smoke", "definition": "belay-smoke",
                             "extra": {"test_case_id": "lava-smoke"}, "level": "3.1",
                             "result": "pass"})
SMOKE_FAIL = rec("results", {"case": "lava_smoke", "definition": "belay-smoke",
                             "level": "3.1", "result": "fail"})
JOB_PASS = rec("results", {"case": "job", "definition": "lava", "result": "pass"})
JOB_FAIL = rec("results", {"case": "job", "definition": "lava", "result": "fail",
                           "error_type": "Configuration"})
NOISE = [rec("target", "belay-guest: PASS lava-smoke"), "not json at all", rec("info", "x")]

CASES = [
    ("a passing job", 0, NOISE + [SMOKE_PASS, JOB_PASS], 0),
    ("the guest failed", 0, NOISE + [SMOKE_FAIL, JOB_PASS], 1),
    ("no monitor result", 0, NOISE + [JOB_PASS], 1),
    ("two smoke results", 0, [SMOKE_PASS, SMOKE_PASS, JOB_PASS], 1),
    ("the job failed", 1, [SMOKE_PASS, JOB_FAIL], 2),
    ("lava-run timed out", 124, [SMOKE_PASS], 2),
    ("exit 0 but no job record", 0, [SMOKE_PASS], 1),
]


def main():
    bad = 0
    for name, rc, lines, reasons in CASES:
        why = run_lava.judge(rc, lines)
        ok = len(why) == reasons
        bad += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}: {len(why)} reason(s), want {reasons}"
              + "".join(f"\n    {w}" for w in why))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
