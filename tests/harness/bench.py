#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""belay benchmarks (docs/testing.md, "Benchmarks"): instruction counts, not seconds.

  abi    run tests/guests/bench_abi under belay with QEMU -icount shift=0
         and print the path length of each ABI call round trip
  boot   belay.bin's size and the instructions from reset to guest entry
         (bench_abi's CNTPCT at entry, QEMU -icount shift=0, 1 CPU)
  smp    run tests/guests/bench_smp on 2 CPUs the same way: PSCI CPU_ON
         until the target runs guest code, CPU_OFF until AFFINITY_INFO
         says OFF, and the smc round trips
  irq    run tests/guests/bench_irq on 2 CPUs the same way, with
         belay.gic=passthrough, with belay.gic=vgic and natively: a
         physical timer interrupt to the guest's vector, and an SGI round
         trip between two CPUs
  linux  the Debian guest, native vs under belay (tests/linux/bench.py):
         boot, kdump panic-to-capture and the capture kernel reading its vmcore
  kdump-race
         the Linux-race control: the seeded kdump-during-hotplug runs,
         natively and under belay, no retries; race hits on each side
         (tests/linux/bench.py race; --seeds N per scenario, default 30)
  kdump-smp
         SMP capture kernels (docs/kdump.md): 10 rounds on 4 CPUs, each a
         kdump with an nr_cpus=1 and one with an nr_cpus=4 capture kernel
         (tests/linux/bench.py smp-capture); all 10 all-CPU captures must
         pass; panic-to-capture-userspace medians and their ratio
  campaign
         a crash campaign (tests/linux/campaign.py; docs/kdump.md, "Crash
         campaigns"): --runs N (default 200) runs from --seed S (default
         1) on 2 or 4 CPUs, two QEMU runs at a time, crashed by belay;
         then the same seeds natively with kdump.sh's sysrq crash. Each
         prints its classification table and runs per hour
  fuzz   run tests/guests/fuzz under belay on 4 CPUs: --calls N random
         HVC/SMC calls (default 1,000,000) from --seed S (default: a new
         one, printed); prints calls, time and faults, and fails on any
         fault or belay warning
  fuzz-fdt
         the DTB layer's libFuzzer target on the host (tests/fuzz):
         --runs N executions (default 1,000,000) with seed 1 from the
         seed corpus; executions, time, exec/s, coverage, crashes

Called by `tools/belay bench [WHAT]` as
`python3 tests/harness/bench.py --build BUILD [abi|boot|smp|irq|linux|kdump-race|kdump-smp|campaign|fuzz|fuzz-fdt]`.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_QEMU = os.path.join(HERE, "run_qemu.py")
LINE_RE = re.compile(r"^bench: (\S+) (\S+) (\d+) instructions$")
BOOT_RE = re.compile(r"^bench: boot-to-guest-entry ~(\d+) instructions")


def run_guest(build, native, guest="bench_abi", smp=1, icount=True, timeout=120, extra=(),
              tag=""):
    guests = os.path.join(build, "tests", "guests")
    stem = guest.replace("_", "-") + tag
    if native:
        args = ["--native", "--guest", os.path.join(guests, guest + ".elf")]
        log = os.path.join(guests, stem + ".native.log")
    else:
        args = ["--belay", os.path.join(build, "belay.bin"),
                "--guest", os.path.join(guests, guest + ".bin")]
        log = os.path.join(guests, stem + ".log")
    cmd = [sys.executable, RUN_QEMU, "--quiet", "--timeout", str(timeout),
           "--smp", str(smp), "--log", log] + args + list(extra)
    if icount:
        cmd.append("--icount")
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.stdout.write(r.stdout)
        sys.stderr.write(r.stderr)
        print(f"bench: the benchmark guest failed (exit {r.returncode}); log: {log}")
        sys.exit(1)
    with open(log) as f:
        return f.read().splitlines()


def bench_abi(build, native):
    lines = run_guest(build, native)
    rows, boot = [], None
    for ln in lines:
        m = LINE_RE.match(ln)
        if m:
            rows.append((m.group(1), m.group(2), int(m.group(3))))
        m = BOOT_RE.match(ln)
        if m:
            boot = int(m.group(1))
    if not rows:
        print("bench: no figures in the output")
        return 1
    where = "native, mock hyp-stub" if native else "under belay"
    print(f"belay ABI path lengths ({where}; QEMU -icount shift=0; "
          "instructions per round trip from the guest, minimum of 16)")
    print(f"{'call':28} {'state':12} {'instructions':>12}")
    print(f"{'-' * 28} {'-' * 12} {'-' * 12}")
    for call, state, n in rows:
        print(f"{call:28} {state:12} {n:12}")
    if boot is not None:
        print(f"{'boot-to-guest-entry':28} {'(CNTPCT)':12} {'~' + str(boot):>12}")
    return 0


IMAGE_BUDGET = 48 * 1024     # docs/boot.md, "Image size"
BOOT_BUDGET = 1000000        # instructions, reset to guest entry


def bench_boot(build):
    size = os.path.getsize(os.path.join(build, "belay.bin"))
    boot = None
    for ln in run_guest(build, False):
        m = BOOT_RE.match(ln)
        if m:
            boot = int(m.group(1))
    print("belay boot (QEMU virt -m 1024, 1 CPU, bench_abi as the guest; -icount shift=0)")
    print(f"{'belay.bin':32} {size:>10} bytes        (budget {IMAGE_BUDGET})")
    if boot is None:
        print("bench: no boot-to-guest-entry figure in the output")
        return 1
    print(f"{'reset to guest entry (CNTPCT)':32} {'~' + str(boot):>10} instructions (budget {BOOT_BUDGET})")
    return 0


def bench_smp(build, native):
    lines = run_guest(build, native, "bench_smp", smp=2)
    rows = []
    for ln in lines:
        m = LINE_RE.match(ln)
        if m:
            rows.append((m.group(1), m.group(2), int(m.group(3))))
    if not rows:
        print("bench: no figures in the output")
        return 1
    where = "native, QEMU's PSCI" if native else "under belay"
    print(f"PSCI power management on 2 CPUs ({where}; QEMU -icount shift=0; "
          "minimum of 8)")
    print("Both clocks follow QEMU's virtual clock: a figure counts the instructions "
          "of every CPU\nin the interval (CNTPCTx16: to +-16).")
    print(f"{'what':34} {'clock':10} {'instructions':>12}")
    print(f"{'-' * 34} {'-' * 10} {'-' * 12}")
    for what, clock, n in rows:
        print(f"{what:34} {clock:10} {n:12}")
    return 0


IRQ_RE = re.compile(r"^bench: (\S+) (\d+) (\d+) instructions$")
# belay's options reach it through /chosen/bootargs (QEMU -append), as in
# tests/guests/meson.build's vgic_args and passthrough_args.
IRQ_MODES = [("passthrough", False, ["--qemu-arg=-append", "--qemu-arg=belay.gic=passthrough"]),
             ("vgic", False, ["--qemu-arg=-append", "--qemu-arg=belay.gic=vgic"]),
             ("native", True, [])]


def bench_irq(build):
    """Interrupt path lengths: belay.gic=passthrough, vgic and native side by side."""
    cols = {}
    for name, native, extra in IRQ_MODES:
        lines = run_guest(build, native, "bench_irq", smp=2, extra=extra,
                          tag="" if native else "." + name)
        cols[name] = {m.group(1): (int(m.group(2)), int(m.group(3)))
                      for m in map(IRQ_RE.match, lines) if m}
        if not cols[name]:
            print(f"bench: no figures in the {name} output")
            return 1
    print("Interrupt path lengths on 2 CPUs (QEMU -icount shift=0; instructions, "
          "minimum / median of 16)")
    print("timer: CPU 0's physical timer firing to the guest IRQ vector's first instruction\n"
          "  (to +2: the tick is found with a 3-instruction loop; the wait is `b .`)")
    print("ipi: CPU 0 -> SGI -> CPU 1's handler -> SGI -> CPU 0's vector; counts both CPUs'\n"
          "  instructions (one virtual clock), CPU 0's WFE wait and CPU 1's C handler included")
    names = [n for n, _, _ in IRQ_MODES]
    print(f"{'what':24} " + " ".join(f"{n:>15}" for n in names))
    print(f"{'-' * 24} " + " ".join("-" * 15 for _ in names))
    for what in cols["vgic"]:
        cells = []
        for n in names:
            lo, med = cols[n].get(what, (None, None))
            cells.append(f"{lo:>7} / {med:<5}" if lo is not None else f"{'-':>15}")
        print(f"{what:24} " + " ".join(cells))
    return 0


FUZZ_TOTAL_RE = re.compile(r"^fuzz: total (\d+) calls in (\d+) ms on (\d+) CPUs, (\d+) faults")
FUZZ_CPU_RE = re.compile(r"^fuzz: CPU \d+: ")
FUZZ_SMP = 4


def bench_fuzz(build, native, seed, calls):
    """The ABI fuzzer's long run: wall-clock, not instructions (no -icount)."""
    if native:
        print("bench: fuzz tests belay itself; it has no native run")
        return 99
    if seed is None:
        seed = int.from_bytes(os.urandom(4), "little")
    print(f"belay ABI fuzzer: {calls} calls on {FUZZ_SMP} CPUs under belay, seed {seed:#x} "
          f"(again: tools/belay bench fuzz --seed {seed:#x} --calls {calls})", flush=True)
    # QEMU's timeout: generous, several thousand calls a second is the norm.
    timeout = 600 + calls // 500
    bootargs = f"console=ttyAMA0 fuzz.seed={seed:#x} fuzz.calls={calls}"
    t0 = time.monotonic()
    lines = run_guest(build, False, "fuzz", smp=FUZZ_SMP, icount=False, timeout=timeout,
                      extra=["--bootargs", bootargs])
    wall = time.monotonic() - t0
    total, complaints = None, []
    for ln in lines:
        if FUZZ_CPU_RE.match(ln):
            print(ln)
        if ln.startswith(("belay: warning", "belay: error")):
            complaints.append(ln)
        m = FUZZ_TOTAL_RE.match(ln)
        if m:
            total = tuple(int(g) for g in m.groups())
    if total is None:
        print("bench: no 'fuzz: total' line in the output")
        return 1
    n, ms, cpus, faults = total
    rate = n * 1000 // ms if ms else 0
    print(f"{'calls':16} {n}")
    print(f"{'time':16} {ms / 1000:.1f} s of calls ({rate} calls/s), {wall:.1f} s with QEMU "
          "start-up and the checks after")
    print(f"{'faults':16} {faults} (wrong answers, unexpected exceptions; a hang or a belay "
          "PANIC fails the run)")
    for ln in complaints[:10]:
        print(f"bench: belay complained: {ln}")
    if complaints:
        print(f"{'belay warnings':16} {len(complaints)} (warning and error lines in its log)")
    return 0 if faults == 0 and not complaints else 1


def bench_fuzz_fdt(build, runs):
    fuzz = os.path.join(build, "tests", "fuzz")
    fuzzer = os.path.join(fuzz, "fuzz-fdt")
    if not os.access(fuzzer, os.X_OK):
        print(f"bench: no {fuzzer}: clang or its libFuzzer runtime was missing when "
              f"{build} was configured (Debian packages clang, libclang-rt-dev)")
        return 1
    seeds = [os.path.join(build, "tests", "unit", "virt.dtb")]
    seeds += sorted(glob.glob(os.path.join(fuzz, "seed-*.dtb")))
    sys.path.insert(0, os.path.join(HERE, "..", "fuzz"))
    import run_fuzz  # pylint: disable=import-outside-toplevel
    rc, f, out = run_fuzz.run(fuzzer, seeds, runs, 1, fuzz, quiet=True)
    rate = f["executions"] / f["seconds"] if f["seconds"] > 0 else 0.0
    share = 100.0 * f["coverage"] / f["pcs"] if f["pcs"] else 0.0
    print(f"DTB parse and rewrite layer under libFuzzer (ASan, UBSan; -runs={runs} -seed=1, "
          f"{len(seeds)} seed DTBs)")
    print(f"{'executions':12} {f['executions']:>12}")
    print(f"{'time':12} {f['seconds']:>10.1f} s")
    print(f"{'exec/s':12} {rate:>12.0f}")
    print(f"{'coverage':12} {f['coverage']:>12} of {f['pcs']} PCs ({share:.0f}%) in "
          "hyp/fdt_walk.c, fdt_platform.c, fdt_guest.c, place.c")
    print(f"{'features':12} {f['features']:>12}")
    print(f"{'corpus':12} {f['corpus']:>12} inputs")
    print(f"{'crashes':12} {len(f['artifacts']):>12}")
    if rc != 0 or f["artifacts"]:
        print("\n".join(out.splitlines()[-60:]))
        for art in f["artifacts"]:
            print(f"bench: crashing input {art}; reproduce: {fuzzer} {art}")
        if not f["artifacts"]:
            print(f"bench: the fuzzer exited {rc}")
        return 1
    return 0


def bench_campaign(build, runs, seed):
    """The crash campaign under belay, then its in-guest equivalent
    natively; 1 if the belay campaign had a run failed in belay or
    unknown (the native one's classes are Linux's alone)."""
    campaign = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linux",
                            "campaign.py")
    args = [sys.executable, campaign, "--build", build, "--runs", str(runs), "--seed", str(seed),
            "--cpus", "2,4", "--jobs", "2"]
    status = subprocess.call(args)
    subprocess.call(args + ["--native"])
    return 1 if status else 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", required=True, help="meson build directory")
    p.add_argument("--native", action="store_true",
                   help="run the guest without belay (against its mock hyp-stub)")
    p.add_argument("--seeds", type=int, default=30, help="kdump-race: seeds per scenario")
    p.add_argument("--seed", type=lambda v: int(v, 0), default=None,
                   help="fuzz: the seed (default: a new one)")
    p.add_argument("--calls", type=int, default=1000000, help="fuzz: calls in all (default 10^6)")
    p.add_argument("--runs", type=int, default=None,
                   help="fuzz-fdt: executions (default 10^6); campaign: runs (default 200)")
    p.add_argument("what", nargs="*", default=["abi"],
                   help="abi (default), boot, smp, irq, linux, kdump-race, kdump-smp, campaign, "
                   "fuzz, fuzz-fdt")
    a = p.parse_args(argv)
    status = 0
    for what in a.what or ["abi"]:
        if what == "abi":
            status |= bench_abi(a.build, a.native)
        elif what == "boot":
            status |= bench_boot(a.build)
        elif what == "smp":
            status |= bench_smp(a.build, a.native)
        elif what == "irq":
            status |= bench_irq(a.build)
        elif what == "linux":
            # The Debian guest's wall-clock benchmarks live with the Linux tests.
            linux = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linux", "bench.py")
            status |= subprocess.call([sys.executable, linux, "--build", a.build,
                                       "boot", "kdump", "vmcore-save"])
        elif what == "kdump-race":
            linux = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linux", "bench.py")
            status |= subprocess.call([sys.executable, linux, "--build", a.build,
                                       "--seeds", str(a.seeds), "race"])
        elif what == "kdump-smp":
            linux = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linux", "bench.py")
            status |= subprocess.call([sys.executable, linux, "--build", a.build,
                                       "--runs", "10", "--cpus", "4", "smp-capture"])
        elif what == "campaign":
            status |= bench_campaign(a.build, a.runs or 200, 1 if a.seed is None else a.seed)
        elif what == "fuzz":
            status |= bench_fuzz(a.build, a.native, a.seed, a.calls)
        elif what == "fuzz-fdt":
            status |= bench_fuzz_fdt(a.build, a.runs or 1000000)
        else:
            print(f"bench: unknown benchmark '{what}' (abi, boot, smp, irq, linux, kdump-race, kdump-smp, campaign, fuzz, fuzz-fdt)",
                  file=sys.stderr)
            return 99
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
