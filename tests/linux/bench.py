#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Wall-clock benchmarks of the Debian guest: belay against native.

Benchmarks report numbers; they assert nothing (DESIGN §8). Each figure is
a median over --runs boots of each kind, native and under belay
alternating, all measured by this script's clock on the console output of
the same kernel and initramfs in the same QEMU configuration:

  boot    from QEMU's start (tools/guest/run's "running:" line) to the
          guest's "belay-guest: userspace up"
  kdump   from the first kernel's "sysrq: Trigger a crash" to the crash
          kernel's "belay-guest: userspace up" (panic, crash kernel boot,
          its initramfs: the whole panic-to-capture path)

Prints one line per run and a summary per benchmark:

  bench: linux-boot median native X s belay Y s ratio Z
  bench: kdump-capture median native X s belay Y s ratio Z

TCG timing depends on what else the host runs: compare ratios from one
invocation, not seconds across machines.

  tests/linux/bench.py [--build BUILD] [--runs N] [--cpus N] [boot] [kdump]
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_linux  # noqa: E402  (the runner's QEMU and verdict helpers)


def measure(spec, name, native, args, env, start_re, end_re, end_index):
    """One guest run; seconds from the first start_re line (None: QEMU's
    start) to the end_index-th (0-based) end_re line after it."""
    cmd, _ = run_linux.guest_command(spec, name, None, args.build, spec.timeout, native, [])
    tag = f"{name}-{'native' if native else 'belay'}"
    log = os.path.join(args.log_dir, tag + ".log")
    con = run_linux.run_console(cmd, spec.timeout, log, env, quiet=True)
    if tag not in args.shown:
        args.shown.add(tag)
        print(f"bench: {tag}: {con.command}", flush=True)
    why = run_linux.judge(con, spec, name, native)
    if why:
        run_linux.report_failure(con, log, why)
        raise SystemExit(f"bench: the {tag} run failed; no figures")
    t0 = con.start
    i0 = 0
    if start_re is not None:
        i0, t0 = next(((i, t) for i, (t, x) in enumerate(con.lines) if start_re.search(x)),
                      (None, None))
        if t0 is None:
            raise SystemExit(f"bench: no '{start_re.pattern}' in {log}")
    ends = [t for t, x in con.lines[i0:] if end_re.search(x)]
    if len(ends) <= end_index:
        raise SystemExit(f"bench: no '{end_re.pattern}' in {log}")
    return ends[end_index] - t0


def bench(title, spec, name, args, env, start_re, end_re, end_index):
    times = {False: [], True: []}
    for r in range(args.runs):
        for native in (True, False):
            dt = measure(spec, name, native, args, env, start_re, end_re, end_index)
            times[native].append(dt)
            print(f"bench: {title} run {r + 1} {'native' if native else 'belay '} {dt:6.2f} s",
                  flush=True)
    n, b = statistics.median(times[True]), statistics.median(times[False])
    print(f"bench: {title} median native {n:.2f} s belay {b:.2f} s ratio {b / n:.2f}", flush=True)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="*", help="boot, kdump (default: both)")
    p.add_argument("--build", default=os.environ.get("BELAY_BUILD",
                                                     os.path.join(run_linux.TOP, "build")))
    p.add_argument("--runs", type=int, default=5, help="runs of each kind (default 5)")
    p.add_argument("--cpus", type=int, default=2, help="guest CPUs (default 2)")
    p.add_argument("--panic-cpu", type=int, default=0, help="kdump: the CPU that panics")
    a = p.parse_args(argv)
    a.what = a.what or ["boot", "kdump"]
    for w in a.what:
        if w not in ("boot", "kdump"):
            p.error(f"unknown benchmark '{w}' (boot, kdump)")
    a.build = os.path.abspath(a.build)
    if not os.path.isfile(os.path.join(a.build, "belay.bin")):
        run_linux.harness_error(f"{a.build}/belay.bin is missing (tools/belay build)")
    a.shown = set()
    a.log_dir = os.path.join(a.build, "tests", "linux", "bench")
    os.makedirs(a.log_dir, exist_ok=True)
    env = dict(os.environ, BELAY_BUILD=a.build)
    run_linux.prepare_guest(env)
    print(f"bench: {a.runs} runs each, {a.cpus} CPUs, native and belay alternating; "
          f"logs in {a.log_dir}", flush=True)
    if "boot" in a.what:
        spec = run_linux.Spec("smoke", cpus=a.cpus, timeout=300)
        bench("linux-boot", spec, "bench-boot", a, env, None, run_linux.USERSPACE_RE, 0)
    if "kdump" in a.what:
        spec = run_linux.kdump(a.cpus, panic_cpu=a.panic_cpu, vmcore_read="none")
        bench("kdump-capture", spec, "bench-kdump", a, env, run_linux.SYSRQ_RE,
              run_linux.USERSPACE_RE, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
