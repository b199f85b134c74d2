#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Negative boot tests of belay: each case is one meson test.

belay must refuse a bad start with a clear "belay: ... error ..." line and
stop by itself (QEMU exits); it must not panic, hang or start the guest.
The regexes are deliberately loose; the exact wording is belay's.

  not-hyp                 entered in SVC (QEMU virt without virtualization=on,
                          where the DTB's PSCI method is "hvc": belay can
                          still power off)
  no-module               no /chosen/module@ node (no guest-loader)
  dtb-module-reg          the module node's reg has the wrong length
  dtb-module-outside-ram  the module node's reg points outside RAM
  dtb-gich-above-40bit    the GIC's hypervisor interface lies past the 40-bit
                          physical address space (belay once panicked)

Why no "/memory missing" case: QEMU rewrites every /memory node of a -dtb
file from -m (hw/arm/boot.c), so a broken /memory never reaches belay.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_QEMU = os.path.join(HERE, "run_qemu.py")
EXIT_ERROR = 99
MACHINE = "virt,virtualization=on,highmem=off"

# case: (regexes that must match, extra run_qemu arguments)
CASES = {
    "not-hyp": [r"(?i)belay: .*error.*\bhyp\b"],
    "no-module": [r"(?i)belay: .*error.*(module|guest)"],
    "dtb-module-reg": [r"(?i)belay: .*error.*module"],
    "dtb-module-outside-ram": [r"(?i)belay: .*error.*(module|kernel|guest)"],
    "dtb-gich-above-40bit": [r"(?i)belay: .*error.*GIC"],
}
# Nothing of the guest may run in any of them.
GUEST_STARTED = r"belay-test: start"


def error(msg):
    print(f"negative: error: {msg}", file=sys.stderr)
    sys.exit(EXIT_ERROR)


def sh(cmd, **kw):
    print("negative: " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=False, capture_output=True, text=True, **kw)


def make_dtb(case, belay, guest, workdir):
    """Dump QEMU's DTB for the normal command line, break it, recompile."""
    for tool in ("dtc", "qemu-system-arm"):
        if not shutil.which(tool):
            error(f"{tool} not found")
    os.makedirs(workdir, exist_ok=True)
    base = os.path.join(workdir, f"negative-{case}")
    dumped = base + ".orig.dtb"
    r = sh(["qemu-system-arm", "-M", f"{MACHINE},dumpdtb={dumped}", "-cpu", "cortex-a15",
            "-m", "1024", "-nographic", "-nic", "none", "-kernel", belay,
            "-device", f"guest-loader,addr=0x42000000,kernel={guest}"])
    if not os.path.isfile(dumped):
        error(f"QEMU did not dump its DTB: {r.stdout}{r.stderr}")
    r = sh(["dtc", "-q", "-I", "dtb", "-O", "dts", dumped])
    if r.returncode:
        error(f"dtc failed: {r.stderr}")
    dts = r.stdout
    if case == "dtb-gich-above-40bit":
        return write_dtb(base, break_gich(dts))
    # The guest-loader's node (QEMU 7.2 names it module@0x42000000):
    # module@... { compatible = ...; reg = <...>; }
    m = re.search(r"(module@(?:0x)?42000000 \{[^}]*?reg = <)([^>]*)(>;)", dts, re.S)
    if not m:
        error("no module@42000000 node with a reg in QEMU's DTB")
    cells = m.group(2).split()
    if case == "dtb-module-reg":
        # Three cells where #address-cells + #size-cells = 4.
        new = " ".join(cells[:3])
    else:
        # Same size, at 0xc0000000: no RAM (nor anything else) there.
        cells[0], cells[1] = "0x00", "0xc0000000"
        new = " ".join(cells)
    dts = dts[:m.start(2)] + new + dts[m.end(2):]
    return write_dtb(base, dts)


def break_gich(dts):
    """Move the GIC's third reg entry (GICH) to 0x100_08030000."""
    m = re.search(r"(intc@8000000 \{[^}]*?reg = <)([^>]*)(>;)", dts, re.S)
    if not m:
        error("no intc@8000000 node with a reg in QEMU's DTB")
    cells = m.group(2).split()
    if len(cells) < 12:
        error(f"the GIC's reg has no GICH entry: {m.group(2)}")
    cells[8] = "0x100"
    return dts[:m.start(2)] + " ".join(cells) + dts[m.end(2):]


def write_dtb(base, dts):
    with open(base + ".dts", "w") as f:
        f.write(dts)
    out = base + ".dtb"
    r = sh(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, base + ".dts"])
    if r.returncode:
        error(f"dtc failed: {r.stderr}")
    return out


class ArgParser(argparse.ArgumentParser):
    """Bad arguments are a harness error (99), not argparse's 2."""

    def error(self, message):
        self.print_usage(sys.stderr)
        error(message)


def main(argv):
    p = ArgParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, choices=sorted(CASES))
    p.add_argument("--belay", required=True)
    p.add_argument("--guest", required=True, help="any guest .bin (it must not start)")
    p.add_argument("--workdir", default=".")
    p.add_argument("--timeout", type=float, default=20.0)
    a = p.parse_args(argv)
    for f in (a.belay, a.guest):
        if not os.path.isfile(f):
            error(f"no such file: {f}")

    args = [sys.executable, RUN_QEMU, "--belay", a.belay, "--expect-exit",
            "--timeout", str(a.timeout),
            "--log", os.path.join(a.workdir, f"bad-entry-{a.case}.log")]
    for rx in CASES[a.case]:
        args += ["--expect", rx]
    if a.case == "not-hyp":
        args += ["--machine", "virt,highmem=off", "--guest", a.guest]
    elif a.case == "no-module":
        args += ["--no-guest"]
    else:
        dtb = make_dtb(a.case, a.belay, a.guest, a.workdir)
        args += ["--guest", a.guest, "--qemu-arg=-dtb", f"--qemu-arg={dtb}"]
    print("negative: " + " ".join(args), flush=True)
    r = subprocess.run(args, check=False, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        return r.returncode
    if re.search(GUEST_STARTED, r.stdout):
        print("negative: the guest started although belay should have refused")
        return 1
    print(f"negative: {a.case}: belay refused as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
