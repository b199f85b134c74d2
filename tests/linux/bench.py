#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Wall-clock benchmarks of the Debian guest: belay against native.

Benchmarks report numbers; they assert nothing (docs/testing.md, "Benchmarks"). Each figure is
a median over --runs boots of each kind, native and under belay
alternating, all measured by this script's clock on the console output of
the same kernel and initramfs in the same QEMU configuration:

  boot    from QEMU's start (tools/guest/run's "running:" line) to the
          guest's "belay-guest: userspace up"
  kdump   from the first kernel's "sysrq: Trigger a crash" to the crash
          kernel's "belay-guest: userspace up" (panic, crash kernel boot,
          its initramfs: the whole panic-to-capture path)

  vmcore-save
          the capture kernel reading the whole of /proc/vmcore (kdump.sh's
          belay.vmcore_read=full: dd, 1 MiB blocks, to /dev/null), native
          and under belay alternating: the seconds and KiB the guest's own
          line reports. Not makedumpfile: Debian's 1.7.2 cannot read this
          kernel's vmcore at all (docs/kdump.md, "Benchmarks")

  smp-capture
          docs/kdump.md's "SMP capture kernels": --runs rounds under
          belay on --cpus CPUs (the panic on the last CPU), each a kdump
          with a one-CPU capture kernel (nr_cpus=1) and one with every CPU
          (nr_cpus=N, which must come up with all N: the kdump test's
          checks); panic to capture userspace for both, and how many
          all-CPU captures in a row passed. No native side: natively an
          nr_cpus=N capture kernel gets one CPU (its CPU_ONs are
          ALREADY_ON)

  race    the control for docs/kdump.md's Linux race: the seeded
          kdump-during-hotplug scenarios (kdump-transition-*: a panic
          0-20 ms into another CPU's offline or online; kdump-hotplug-*:
          a panic under a hotplug loop), each seed once natively and once
          under belay, never retried; counts how often machine_kexec()'s
          BUG_ON (run_linux.linux_race()) hit on each side. Seeds:
          --seeds N starting at the tests' own first seeds (101 and 1).

Prints one line per run and a summary per benchmark:

  bench: linux-boot median native X s belay Y s ratio Z
  bench: kdump-capture median native X s belay Y s ratio Z
  bench: kdump-race SCENARIO seeds A-B native: P pass, R race, F other; belay: ...
  bench: vmcore-save median native X s belay Y s ratio Z (K KiB read)
  bench: smp-capture N/N captures with all C CPUs in a row; panic to capture userspace median
         nr_cpus=1 X s nr_cpus=C Y s ratio Z

TCG timing depends on what else the host runs: compare ratios from one
invocation, not seconds across machines.

  tests/linux/bench.py [--build BUILD] [--runs N] [--cpus N] [--seeds N]
                       [boot] [kdump] [vmcore-save] [race] [smp-capture]
"""

import argparse
import os
import re
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


SAVED_RE = re.compile(r"kdump: read (\d+) KiB of /proc/vmcore \(full\) in ([0-9.]+) s")


def vmcore_save(args, env):
    """The capture kernel's full read of /proc/vmcore, by the guest's clock."""
    spec = run_linux.kdump(args.cpus, panic_cpu=args.panic_cpu, vmcore_read="full")
    times = {False: [], True: []}
    kib = set()
    for r in range(args.runs):
        for native in (True, False):
            cmd, _ = run_linux.guest_command(spec, "bench-vmcore-save", None, args.build,
                                             spec.timeout, native, [])
            tag = f"bench-vmcore-save-{'native' if native else 'belay'}"
            log = os.path.join(args.log_dir, tag + ".log")
            con = run_linux.run_console(cmd, spec.timeout, log, env, quiet=True)
            why = run_linux.judge(con, spec, "bench-vmcore-save", native)
            if why:
                run_linux.report_failure(con, log, why)
                raise SystemExit(f"bench: the {tag} run failed; no figures")
            m = next((SAVED_RE.search(x) for _, x in con.lines if SAVED_RE.search(x)), None)
            if m is None:
                raise SystemExit(f"bench: no 'read ... of /proc/vmcore (full)' line in {log}")
            kib.add(int(m.group(1)))
            times[native].append(float(m.group(2)))
            print(f"bench: vmcore-save run {r + 1} {'native' if native else 'belay '} "
                  f"{float(m.group(2)):6.2f} s {m.group(1)} KiB", flush=True)
    n, b = statistics.median(times[True]), statistics.median(times[False])
    print(f"bench: vmcore-save median native {n:.2f} s belay {b:.2f} s ratio {b / n:.2f} "
          f"({min(kib)}-{max(kib)} KiB read)", flush=True)


def race_outcome(spec, name, seed, native, args, env):
    """One seeded run, no retry: 'pass', 'race' (every failure reason is
    Linux's machine_kexec() race) or 'other' (with the reasons)."""
    cmd, _ = run_linux.guest_command(spec, name, seed, args.build, spec.timeout, native, [])
    tag = f"{name}-seed{seed}-{'native' if native else 'belay'}"
    log = os.path.join(args.log_dir, tag + ".log")
    con = run_linux.run_console(cmd, spec.timeout, log, env, quiet=True)
    why = run_linux.judge(con, spec, name, native)
    if not why:
        return "pass", ""
    race, what = run_linux.linux_race(con, spec, why)
    if race:
        return "race", log
    return "other", f"{'; '.join(r.text for r in why)} (log {log})"


def race_control(scenario, first_seed, args, env):
    # The test's own spec, so the runs are exactly the suite's scenario.
    name = f"kdump-{scenario}-1"
    spec = run_linux.TESTS[name]
    seeds = range(first_seed, first_seed + args.seeds)
    count = {True: {"pass": 0, "race": 0, "other": 0}, False: {"pass": 0, "race": 0, "other": 0}}
    for seed in seeds:
        for native in (True, False):
            what, detail = race_outcome(spec, name, seed, native, args, env)
            count[native][what] += 1
            print(f"bench: kdump-race {scenario} seed {seed} {'native' if native else 'belay '} "
                  f"{what}{': ' + detail if detail else ''}", flush=True)
    side = {n: f"{c['pass']} pass, {c['race']} race, {c['other']} other"
            for n, c in count.items()}
    print(f"bench: kdump-race {scenario} seeds {seeds[0]}-{seeds[-1]} "
          f"native: {side[True]}; belay: {side[False]}", flush=True)


def smp_capture(args, env):
    cpus = args.cpus
    panic_cpu = cpus - 1
    times = {1: [], cpus: []}
    for r in range(args.runs):
        for n in (1, cpus):
            spec = run_linux.kdump(cpus, panic_cpu=panic_cpu, vmcore_read="none", capture_cpus=n)
            dt = measure(spec, f"bench-smp-capture-{n}", False, args, env, run_linux.SYSRQ_RE,
                         run_linux.USERSPACE_RE, 0)
            times[n].append(dt)
            print(f"bench: smp-capture run {r + 1} nr_cpus={n} {dt:6.2f} s"
                  f"{f' ({cpus} CPUs online in the capture kernel)' if n > 1 else ''}", flush=True)
    one, alln = statistics.median(times[1]), statistics.median(times[cpus])
    print(f"bench: smp-capture {args.runs}/{args.runs} captures with all {cpus} CPUs in a row; "
          f"panic to capture userspace median nr_cpus=1 {one:.2f} s nr_cpus={cpus} {alln:.2f} s "
          f"ratio {alln / one:.2f}", flush=True)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="*",
                   help="boot, kdump, vmcore-save, race, smp-capture (default: boot and kdump)")
    p.add_argument("--build", default=os.environ.get("BELAY_BUILD",
                                                     os.path.join(run_linux.TOP, "build")))
    p.add_argument("--runs", type=int, default=5, help="runs of each kind (default 5)")
    p.add_argument("--cpus", type=int, default=2, help="guest CPUs (default 2)")
    p.add_argument("--panic-cpu", type=int, default=0, help="kdump: the CPU that panics")
    p.add_argument("--seeds", type=int, default=30, help="race: seeds per scenario (default 30)")
    a = p.parse_args(argv)
    a.what = a.what or ["boot", "kdump"]
    for w in a.what:
        if w not in ("boot", "kdump", "vmcore-save", "race", "smp-capture"):
            p.error(f"unknown benchmark '{w}' (boot, kdump, vmcore-save, race, smp-capture)")
    a.build = os.path.abspath(a.build)
    if not os.path.isfile(os.path.join(a.build, "belay.bin")):
        run_linux.harness_error(f"{a.build}/belay.bin is missing (tools/belay build)")
    a.shown = set()
    a.log_dir = os.path.join(a.build, "tests", "linux", "bench")
    os.makedirs(a.log_dir, exist_ok=True)
    env = dict(os.environ, BELAY_BUILD=a.build)
    run_linux.prepare_guest(env)
    if {"boot", "kdump", "vmcore-save"} & set(a.what):
        print(f"bench: {a.runs} runs each, {a.cpus} CPUs, native and belay alternating; "
              f"logs in {a.log_dir}", flush=True)
    if "race" in a.what:
        print(f"bench: kdump-race: {a.seeds} seeds per scenario, each once natively and once "
              f"under belay, no retries; logs in {a.log_dir}", flush=True)
    if "boot" in a.what:
        spec = run_linux.Spec("smoke", cpus=a.cpus, timeout=300)
        bench("linux-boot", spec, "bench-boot", a, env, None, run_linux.USERSPACE_RE, 0)
    if "kdump" in a.what:
        spec = run_linux.kdump(a.cpus, panic_cpu=a.panic_cpu, vmcore_read="none")
        bench("kdump-capture", spec, "bench-kdump", a, env, run_linux.SYSRQ_RE,
              run_linux.USERSPACE_RE, 0)
    if "vmcore-save" in a.what:
        vmcore_save(a, env)
    if "smp-capture" in a.what:
        print(f"bench: smp-capture: {a.runs} rounds under belay, {a.cpus} CPUs; logs in "
              f"{a.log_dir}", flush=True)
        smp_capture(a, env)
    if "race" in a.what:
        race_control("transition", 101, a, env)
        race_control("hotplug", 1, a, env)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
