#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Negative boot tests of belay: each case is one meson test.

belay must refuse a bad start with a clear "belay: ... error ..." line and
stop by itself (QEMU exits); it must not panic, hang or start the guest.
The regexes are deliberately loose; the exact wording is belay's, except
for the overlap cases, which check that both ranges are named.

  not-hyp                 entered in SVC (QEMU virt without virtualization=on,
                          where the DTB's PSCI method is "hvc": belay can
                          still power off)
  no-module               no /chosen/module@ node (no guest-loader)
  dtb-module-reg          the module node's reg has the wrong length
  dtb-module-outside-ram  the module node's reg points outside RAM
  dtb-gich-above-40bit    the GIC's hypervisor interface (GICH) goes past the 40-bit
                          physical address space (belay once panicked)
  module-over-belay       a guest module at 0x40010000, where QEMU loads
                          belay.bin (over the module)
  modules-overlap         a second module node overlapping the kernel's
                          (QEMU refuses to load two overlapping files, so
                          the node is added to the DTB)
  module-over-dtb         a module at 0x48000000, where QEMU puts its DTB

And one case in which belay must boot the guest (meson test
zimage-over-load-image, without the bad-entry- prefix):

  zimage-over-load-image  belay.bin loaded at 0x42000000 (QEMU boots an
                          8-byte trampoline that jumps there); a zImage
                          module at 0x50000000, outside the first 128 MiB,
                          with an empty bootargs property. belay moves the
                          zImage to 0x42000000, over its own load image,
                          and must still give the guest empty bootargs; the
                          guest is a stub that calls PSCI SYSTEM_OFF.

Why no "/memory missing" case: QEMU rewrites every /memory node of a -dtb
file from -m (hw/arm/boot.c), so a broken /memory never reaches belay.
"""

import os
import re
import shutil
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_QEMU = os.path.join(HERE, "run_qemu.py")
from harness_common import EXIT_ERROR, ArgParser
MACHINE = "virt,virtualization=on,highmem=off"

RANGE = r"\[0x{:x}, 0x[0-9a-f]+\)"
# case: regexes that must match
CASES = {
    "not-hyp": [r"(?i)belay: .*error.*\bhyp\b"],
    "no-module": [r"(?i)belay: .*error.*(module|guest)"],
    "dtb-module-reg": [r"(?i)belay: .*error.*module"],
    "dtb-module-outside-ram": [r"(?i)belay: .*error.*(module|kernel|guest)"],
    "module-over-belay": [r"belay: error: module@40010000 " + RANGE.format(0x40010000) +
                          r" overlaps belay image " + RANGE.format(0x40010000)],
    "modules-overlap": [r"belay: error: module@42001000 \[0x42001000, 0x42002000\) "
                        r"overlaps module@42000000 " + RANGE.format(0x42000000)],
    "module-over-dtb": [r"belay: error: module@48000000 " + RANGE.format(0x48000000) +
                        r" overlaps DTB " + RANGE.format(0x48000000)],
    "zimage-over-load-image": [r"moved to 0x42000000",
                               r"belay: guest DTB at 0x[0-9a-f]+ \(\d+ bytes\), bootargs \"\"$",
                               r"belay: cpu0: guest called PSCI SYSTEM_OFF"],
    "dtb-gich-above-40bit": [r"(?i)belay: .*error.*GIC"],
}
# Cases in which belay must start the guest; in the others nothing of the
# guest may run, and in these belay may report no error.
BOOTS = {"zimage-over-load-image"}
GUEST_STARTED = r"belay-test: start"
BELAY_ERROR = r"belay: error:"

# zimage-over-load-image: where belay.bin is loaded, and the guest module.
BELAY_LOAD = 0x42000000
ZIMAGE_AT = 0x50000000


def test_name(case):
    """The meson test's name, which also names the log."""
    return case if case in BOOTS else "bad-entry-" + case


def error(msg):
    print(f"negative: error: {msg}", file=sys.stderr)
    sys.exit(EXIT_ERROR)


def sh(cmd, **kw):
    print("negative: " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=False, capture_output=True, text=True, **kw)


def make_dtb(case, kernel, devices, workdir):
    """Dump QEMU's DTB for the case's command line (-kernel KERNEL and the
    -device DEVICES), edit it for the case, recompile. With -dtb, QEMU
    still loads the guest-loader files but takes the nodes from the file."""
    for tool in ("dtc", "qemu-system-arm"):
        if not shutil.which(tool):
            error(f"{tool} not found")
    os.makedirs(workdir, exist_ok=True)
    base = os.path.join(workdir, f"negative-{case}")
    dumped = base + ".orig.dtb"
    cmd = ["qemu-system-arm", "-M", f"{MACHINE},dumpdtb={dumped}", "-cpu", "cortex-a15",
           "-m", "1024", "-nographic", "-nic", "none", "-kernel", kernel]
    for d in devices:
        cmd += ["-device", d]
    r = sh(cmd)
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
    addr = f"{ZIMAGE_AT if case == 'zimage-over-load-image' else 0x42000000:x}"
    m = re.search(r"(module@(?:0x)?" + addr + r" \{[^}]*?reg = <)([^>]*)(>;)", dts, re.S)
    if not m:
        error(f"no module@{addr} node with a reg in QEMU's DTB")
    cells = m.group(2).split()
    if case == "dtb-module-reg":
        # Three cells where #address-cells + #size-cells = 4.
        dts = dts[:m.start(2)] + " ".join(cells[:3]) + dts[m.end(2):]
    elif case == "dtb-module-outside-ram":
        # Same size, at 0xc0000000: no RAM (nor anything else) there.
        cells[0], cells[1] = "0x00", "0xc0000000"
        dts = dts[:m.start(2)] + " ".join(cells) + dts[m.end(2):]
    elif case == "modules-overlap":
        # A 4 KiB ramdisk inside the kernel module (the guest is larger).
        dts = (dts[:m.end(3)] + "\n\t\t};\n\t\tmodule@42001000 {\n"
               "\t\t\tcompatible = \"multiboot,ramdisk\", \"multiboot,module\";\n"
               "\t\t\treg = <0x00 0x42001000 0x00 0x1000>;" + dts[m.end(3):])
    elif case == "zimage-over-load-image":
        # An empty bootargs property (QEMU's bootargs= gives a 1-byte "").
        dts = dts[:m.end(3)] + "\n\t\t\tbootargs;" + dts[m.end(3):]
    else:
        error(f"no DTB edit for case {case}")
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


def make_zimage_files(belay, workdir):
    """zimage-over-load-image: the trampoline QEMU boots as its -kernel
    (at 0x40010000, HYP, r2 = DTB) and the guest zImage."""
    os.makedirs(workdir, exist_ok=True)
    tramp = os.path.join(workdir, "negative-trampoline.bin")
    with open(tramp, "wb") as f:
        f.write(struct.pack("<II", 0xe51ff004, BELAY_LOAD))  # ldr pc, [pc, #-4]; .word
    # Large enough to cover all of belay's load image when moved onto it,
    # and filled with 'A' (no NUL), so that a string belay kept in its load
    # image reads as a long run of 'A's after the move.
    size = max(0x20000, (os.path.getsize(belay) + 0x1fff) & ~0xfff)
    img = bytearray(b"A" * size)
    hdr = struct.pack("<13I",
                      0xe59f0028,           # 0x00: ldr r0, [pc, #0x28] (= the word at 0x30)
                      0xe1600070,           # 0x04: smc #0: PSCI SYSTEM_OFF, trapped by belay
                      0xeafffffe,           # 0x08: b .
                      *[0xe1a00000] * 6,    # 0x0c-0x20: mov r0, r0
                      0x016f2818,           # 0x24: zImage magic
                      0,                    # 0x28: start
                      size,                 # 0x2c: end
                      0x84000008)           # 0x30: PSCI SYSTEM_OFF (where a zImage has 0x04030201)
    img[:len(hdr)] = hdr
    zimage = os.path.join(workdir, "negative-zimage.bin")
    with open(zimage, "wb") as f:
        f.write(img)
    return tramp, zimage


def main(argv):
    p = ArgParser(description=__doc__, on_error=error)
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
            "--log", os.path.join(a.workdir, f"{test_name(a.case)}.log")]
    for rx in CASES[a.case]:
        args += ["--expect", rx]
    kernel = a.belay
    devices = [f"guest-loader,addr=0x42000000,kernel={a.guest}"]
    dtb_edit = True
    if a.case == "not-hyp":
        args += ["--machine", "virt,highmem=off"]
        dtb_edit = False
    elif a.case == "no-module":
        devices = []
        dtb_edit = False
    elif a.case == "module-over-belay":
        devices = [f"guest-loader,addr=0x40010000,kernel={a.guest}"]
        dtb_edit = False
    elif a.case == "module-over-dtb":
        devices.append(f"guest-loader,addr=0x48000000,initrd={a.guest}")
        dtb_edit = False
    elif a.case == "zimage-over-load-image":
        # run_qemu's --belay is QEMU's -kernel: here the trampoline.
        kernel, zimage = make_zimage_files(a.belay, a.workdir)
        args[args.index("--belay") + 1] = kernel
        devices = [f"loader,file={a.belay},addr={BELAY_LOAD:#x}",
                   f"guest-loader,addr={ZIMAGE_AT:#x},kernel={zimage}"]
    args += ["--no-guest"]
    for d in devices:
        args += ["--qemu-arg=-device", f"--qemu-arg={d}"]
    if dtb_edit:
        dtb = make_dtb(a.case, kernel, devices, a.workdir)
        args += ["--qemu-arg=-dtb", f"--qemu-arg={dtb}"]
    print("negative: " + " ".join(args), flush=True)
    r = subprocess.run(args, check=False, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        return r.returncode
    if a.case in BOOTS:
        if re.search(BELAY_ERROR, r.stdout):
            print("negative: belay reported an error although it should have booted the guest")
            return 1
        print(f"negative: {a.case}: belay booted the guest as expected")
        return 0
    if re.search(GUEST_STARTED, r.stdout):
        print("negative: the guest started although belay should have refused")
        return 1
    print(f"negative: {a.case}: belay refused as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
