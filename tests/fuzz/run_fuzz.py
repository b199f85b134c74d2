#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Run the DTB fuzz target (tests/fuzz/fuzz_fdt.c) for a fixed number of
executions and say what happened (docs/testing.md, "Fuzzing").

The seeds are copied into a fresh corpus directory, so every run starts
from the same corpus; with a fixed --seed and --runs, libFuzzer executes
the same inputs every time. A crash, an invariant failure, a sanitizer
report, a timeout (10 s per input) or running out of memory stops the run;
libFuzzer writes the input to ARTIFACTS/crash-* (or timeout-*, oom-*,
leak-*), and this script prints the file and the line to reproduce it.

The last line has this form:

  fuzz-fdt: N executions in T s (E exec/s), coverage C of P PCs, F features, corpus K inputs, crashes X

Exit: 0 when the runs finished with no crash, 1 on a crash, 77 (skip)
with --missing, 99 when the fuzzer could not be run. libFuzzer's own
error exit code is 77 by default, Meson's skip: it is set to 1 here.

  tests/fuzz/run_fuzz.py --fuzzer F --artifacts DIR [--runs N] [--seed S] SEED...
  tests/fuzz/run_fuzz.py --missing REASON
"""

import argparse
import ctypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

MAX_LEN = 8192
PCS_RE = re.compile(r"Loaded \d+ PC tables \((\d+) PCs\)")
DONE_RE = re.compile(r"^#(\d+)\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)/", re.M)
STATUS_RE = re.compile(r"^#(\d+)\s+\S+\s+cov: (\d+) ft: (\d+) corp: (\d+)/", re.M)
STAT_RE = re.compile(r"^stat::(\w+):\s+(\d+)", re.M)
ARTIFACT_RE = re.compile(r"Test unit written to (\S+)")


def summary(out, seconds):
    """The figures from libFuzzer's output: a dict."""
    stats = {k: int(v) for k, v in STAT_RE.findall(out)}
    m = DONE_RE.findall(out) or STATUS_RE.findall(out)
    last = m[-1] if m else ("0", "0", "0", "0")
    pcs = PCS_RE.search(out)
    return {
        "executions": stats.get("number_of_executed_units", int(last[0])),
        "seconds": seconds,
        "coverage": int(last[1]),
        "pcs": int(pcs.group(1)) if pcs else 0,
        "features": int(last[2]),
        "corpus": int(last[3]),
        "artifacts": ARTIFACT_RE.findall(out),
    }


def figures_line(f):
    rate = f["executions"] / f["seconds"] if f["seconds"] > 0 else 0.0
    return (f"fuzz-fdt: {f['executions']} executions in {f['seconds']:.1f} s ({rate:.0f} exec/s), "
            f"coverage {f['coverage']} of {f['pcs']} PCs, {f['features']} features, "
            f"corpus {f['corpus']} inputs, crashes {len(f['artifacts'])}")


ADDR_NO_RANDOMIZE = 0x0040000


def no_aslr():
    """In the child: no address randomisation. libFuzzer learns from the
    values belay compares, pointers among them (a stack address against
    NULL), so with addresses that move from run to run, a fixed seed alone
    does not give the same executions."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.personality(ADDR_NO_RANDOMIZE)
    except (OSError, AttributeError):
        pass


def run(fuzzer, seeds, runs, seed, artifacts, quiet):
    """Run the fuzzer once; returns (exit code, figures, output)."""
    corpus = tempfile.mkdtemp(prefix="belay-fuzz-fdt.")
    try:
        for s in seeds:
            shutil.copy(s, corpus)
        cmd = [fuzzer, f"-runs={runs}", f"-seed={seed}", f"-max_len={MAX_LEN}",
               "-timeout=10", "-rss_limit_mb=2048", "-error_exitcode=1",
               "-timeout_exitcode=1", "-print_final_stats=1",
               "-artifact_prefix=" + os.path.join(artifacts, ""), corpus]
        if not quiet:
            print("run_fuzz: " + " ".join(cmd[:-1]) + " CORPUS", flush=True)
        t0 = time.monotonic()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors="replace", check=False, preexec_fn=no_aslr)
        seconds = time.monotonic() - t0
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    return r.returncode, summary(r.stdout, seconds), r.stdout


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fuzzer", help="the fuzz target (build/tests/fuzz/fuzz-fdt)")
    p.add_argument("--artifacts", default=".", help="where libFuzzer writes a crashing input")
    p.add_argument("--runs", type=int, default=200000, help="executions (default 200000)")
    p.add_argument("--seed", type=int, default=1, help="libFuzzer's random seed (default 1)")
    p.add_argument("--missing", help="the fuzzer could not be built: skip, saying why")
    p.add_argument("seeds", nargs="*", help="seed DTBs")
    a = p.parse_args(argv)

    if a.missing:
        print(f"run_fuzz: skip: {a.missing}")
        return 77
    if not a.fuzzer or not os.access(a.fuzzer, os.X_OK) or not a.seeds:
        print("run_fuzz: need --fuzzer (executable) and at least one seed")
        return 99
    rc, f, out = run(a.fuzzer, a.seeds, a.runs, a.seed, a.artifacts, quiet=False)
    if rc != 0 or f["artifacts"]:
        # The fuzzer's report: the sanitizer's or the invariant's lines.
        lines = out.splitlines()
        print("\n".join(lines[-60:]))
        for art in f["artifacts"]:
            print(f"run_fuzz: FAIL: crashing input {art}; reproduce: {a.fuzzer} {art}")
        if not f["artifacts"]:
            print(f"run_fuzz: FAIL: the fuzzer exited {rc} without writing an input")
        print(figures_line(f))
        return 1 if f["artifacts"] or rc == 1 else 99
    if f["executions"] < a.runs:
        print(f"run_fuzz: FAIL: {f['executions']} executions, not {a.runs}")
        print(figures_line(f))
        return 1
    print(figures_line(f))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
