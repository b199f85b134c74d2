#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Run one QEMU test of belay (or of a test guest alone) and give a verdict.

The guest reports over the PL011 (see tests/guests/lib/report.c); this
script streams that output to a log, watches for the markers and exits:

  0   passed: "belay-test: done passed=P failed=0" (and --expect-* hold)
  1   failed: "not ok", "FAIL", "belay: PANIC", a missing end marker, a
      wrong passed count, a timeout ("TIMEOUT"), or an --expect missing
  77  skipped: "belay-test: skip ..." with no failure
  99  harness error: QEMU missing, bad arguments, a file that isn't there

A skip never hides a belay bug. The guests fail rather than skip when
something belay provides is missing under belay (tests/guests/lib/rt.c,
test_missing()), and a "belay-test: skip needs N CPUs, ..." is a failure
here when QEMU was given N CPUs or more: the guest's DTB lost some.
Under CI (CI=true) tests/harness/runall.py counts any skip as a failure.
"""

import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time

from harness_common import EXIT_PASS, EXIT_FAIL, EXIT_SKIP, EXIT_ERROR, ArgParser

GUEST_ADDR = 0x42000000
END_RE = re.compile(r"belay-test: done passed=(\d+) failed=(\d+)")
SKIP_RE = re.compile(r"belay-test: skip\b(.*)")
# tests/guests/lib/smp.c, smp_require_cpus().
SKIP_CPUS_RE = re.compile(r"belay-test: skip needs (\d+) CPUs")
# The runtime's first line says how it was entered (tests/guests/lib/rt.c).
NATIVE_START = "belay-test: start (native"

# A check's line. Searched anywhere in a console line, not only at its
# start: belay and the guest write one UART without a common lock, so a
# belay line printed from another CPU can cut a guest line in two ("...
# pc 0ok 143 - ..."), and a check must be neither lost nor hidden by that.
OK_RE = re.compile(r"(not )?ok (\d+) - ")
# How long QEMU may take to exit once the guest printed its end marker
# (it powers off with PSCI SYSTEM_OFF right after).
EXIT_GRACE = 10.0


def harness_error(msg):
    print(f"run_qemu: error: {msg}", file=sys.stderr)
    sys.exit(EXIT_ERROR)


def parse_args(argv):
    p = ArgParser(description=__doc__, on_error=harness_error)
    p.add_argument("--belay", metavar="BIN", help="belay.bin (omit with --native)")
    p.add_argument("--native", action="store_true",
                   help="boot the guest ELF directly (entered in HYP; no belay)")
    p.add_argument("--guest", metavar="FILE",
                   help="guest image: .bin under belay, .elf with --native")
    p.add_argument("--bootargs", default=None, help="guest-loader bootargs")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="1024", help="RAM size for -m (default 1024)")
    p.add_argument("--machine", default="virt,virtualization=on,highmem=off",
                   help="-M value (negative tests change it)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    p.add_argument("--expect", action="append", default=[], metavar="REGEX",
                   help="must match somewhere in the output (repeatable)")
    p.add_argument("--expect-exit", action="store_true",
                   help="negative test: QEMU must exit by itself; no end marker needed")
    p.add_argument("--expect-status", type=int, default=None, metavar="N",
                   help="with --expect-exit: QEMU's exit status must be N")
    p.add_argument("--guest-lines", type=int, default=None, metavar="N",
                   help="each CPU made belay log N guest-caused lines: check they are "
                        "whole and rate-limited, and that printed + suppressed = N")
    p.add_argument("--expect-passed", type=int, default=None, metavar="N",
                   help="the end marker must report exactly N passed")
    p.add_argument("--qemu-arg", action="append", default=[], metavar="ARG",
                   help="extra QEMU argument (repeatable)")
    p.add_argument("--icount", action="store_true",
                   help="add -icount shift=0,sleep=off (deterministic instruction counts)")
    p.add_argument("--no-guest", action="store_true",
                   help="run belay without a guest module (negative tests)")
    p.add_argument("--log", metavar="FILE",
                   help="log file (default: next to the guest, NAME.native.log / NAME.belay.log)")
    p.add_argument("--qemu", default=os.environ.get("QEMU", "qemu-system-arm"))
    p.add_argument("--quiet", action="store_true", help="do not echo the serial output")
    a = p.parse_args(argv)

    if a.native and a.belay:
        harness_error("--native and --belay exclude each other")
    if not a.native and not a.belay:
        harness_error("give --belay BIN, or --native")
    if a.native and not a.guest:
        harness_error("--native needs --guest")
    if not a.guest and not a.no_guest:
        harness_error("give --guest FILE (or --no-guest)")
    if a.guest_lines is not None and a.guest_lines < 1:
        harness_error("bad --guest-lines")
    if a.timeout <= 0 or a.smp < 1:
        harness_error("bad --timeout or --smp")
    for f in (a.belay, a.guest):
        if f and not os.path.isfile(f):
            harness_error(f"no such file: {f}")
    for rx in a.expect:
        try:
            re.compile(rx)
        except re.error as e:
            harness_error(f"bad --expect regex {rx!r}: {e}")
    return a


def native_image(guest):
    """QEMU must boot an ELF to enter it at its link address; prefer the
    .elf next to a .bin."""
    if guest.endswith(".bin"):
        elf = guest[:-4] + ".elf"
        if os.path.isfile(elf):
            return elf
        harness_error(f"--native needs the guest ELF; {elf} is missing")
    return guest


def qemu_command(a):
    cmd = [a.qemu, "-M", a.machine, "-cpu", "cortex-a15", "-m", str(a.mem),
           "-smp", str(a.smp), "-nographic", "-nic", "none", "-no-reboot"]
    if a.icount:
        # sleep=off: otherwise the virtual clock also follows host time while
        # the CPU has not started yet, and CNTPCT at guest entry varies.
        cmd += ["-icount", "shift=0,sleep=off"]
    if a.native:
        cmd += ["-kernel", native_image(a.guest)]
        if a.bootargs is not None:
            cmd += ["-append", a.bootargs]
    else:
        cmd += ["-kernel", a.belay]
        if a.guest and not a.no_guest:
            dev = f"guest-loader,addr={GUEST_ADDR:#x},kernel={a.guest}"
            if a.bootargs is not None:
                # QEMU's option parser: a ',' inside a value is written ',,'.
                dev += ",bootargs=" + a.bootargs.replace(",", ",,")
            cmd += ["-device", dev]
    cmd += a.qemu_arg
    return cmd


def default_log(a):
    base = a.guest or a.belay
    stem = os.path.splitext(os.path.basename(base))[0]
    return os.path.join(os.path.dirname(os.path.abspath(base)),
                        f"{stem}.{'native' if a.native else 'belay'}.log")


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def run(a, cmd, log):
    """Run QEMU; return (lines, status, timed_out, exited_by_itself)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + a.timeout
    lines, partial = [], b""
    timed_out = False
    end_seen_at = None
    wrong_entry = False

    def emit(raw):
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        text = text.replace("\r", "")
        lines.append(text)
        log.write(text + "\n")
        log.flush()
        if not a.quiet:
            print(text, flush=True)
        return text

    while True:
        now = time.monotonic()
        limit = deadline
        if end_seen_at is not None:
            limit = min(limit, end_seen_at + EXIT_GRACE)
        if now >= limit:
            timed_out = now >= deadline
            break
        events = sel.select(timeout=min(0.5, limit - now))
        if not events:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        partial += chunk
        while b"\n" in partial and not wrong_entry:
            raw, partial = partial.split(b"\n", 1)
            text = emit(raw)
            if not a.native and NATIVE_START in text:
                # Entered in HYP although belay should have run it: belay
                # did not start (or jumped to the guest in HYP). Stop now.
                wrong_entry = True
            if end_seen_at is None and (END_RE.search(text) or SKIP_RE.search(text)):
                end_seen_at = time.monotonic()
        if wrong_entry:
            break
    if partial and not wrong_entry:
        emit(partial)
    exited = proc.poll() is not None
    if not exited:
        try:
            proc.wait(timeout=0.5)
            exited = True
        except subprocess.TimeoutExpired:
            pass
    if not exited:
        kill_group(proc)
    else:
        # QEMU is gone; make sure nothing it started lingers.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    sel.close()
    proc.stdout.close()
    return lines, proc.returncode, timed_out, exited


# belay's lines for exceptions it injected into the guest (hyp/trap.c),
# and its rate-limit summaries (hyp/log.c).
GUEST_LINE_RE = re.compile(r"^belay: (?:warning: )?cpu(\d+): .*(?:abort|undefined instruction) "
                           r"injected$")
SUPPRESSED_RE = re.compile(r"^belay: (?:warning: )?cpu(\d+): (\d+) guest-caused lines "
                           r"suppressed \(at most (\d+) per CPU every (\d+) s\)$")


def check_guest_lines(a, lines):
    """--guest-lines N: return the reasons the log breaks the rules."""
    reasons = []
    printed, suppressed, summaries, burst = {}, {}, {}, None
    for ln in lines:
        if "belay:" not in ln:
            continue
        if not ln.startswith("belay:") or ln.count("belay:") != 1:
            reasons.append(f"belay line not whole (interleaved?): {ln!r}")
            continue
        m = GUEST_LINE_RE.match(ln)
        if m:
            cpu = int(m.group(1))
            printed[cpu] = printed.get(cpu, 0) + 1
            continue
        m = SUPPRESSED_RE.match(ln)
        if m:
            cpu = int(m.group(1))
            suppressed[cpu] = suppressed.get(cpu, 0) + int(m.group(2))
            summaries[cpu] = summaries.get(cpu, 0) + 1
            burst = int(m.group(3))
            continue
        if "injected" in ln or "suppressed" in ln:
            reasons.append(f"guest-caused belay line of an unknown form: {ln!r}")
    if burst is None:
        reasons.append("no 'guest-caused lines suppressed' line")
        return reasons
    for cpu in range(a.smp):
        p, s, n = printed.get(cpu, 0), suppressed.get(cpu, 0), summaries.get(cpu, 0)
        print(f"run_qemu: cpu{cpu}: {p} guest-caused lines printed, {s} suppressed "
              f"in {n} summaries", flush=True)
        if p + s != a.guest_lines:
            reasons.append(f"cpu{cpu}: {p} printed + {s} suppressed != {a.guest_lines}")
        # Each summary closes a period; at most `burst` lines in each.
        if p > burst * (n + 1):
            reasons.append(f"cpu{cpu}: {p} lines printed, more than {burst} per period "
                           f"({n} summaries)")
    return reasons


def verdict(a, lines, status, timed_out, exited):
    """Return (exit code, reasons)."""
    text = "\n".join(lines)
    reasons = []
    if timed_out:
        reasons.append(f"TIMEOUT after {a.timeout:g} s")
    for ln in lines:
        if any(m.group(1) for m in OK_RE.finditer(ln)):
            reasons.append(f"failed check: {ln}")
        elif "belay: PANIC" in ln:
            reasons.append(f"belay panicked: {ln}")
        elif "FAIL" in ln:
            reasons.append(f"failure reported: {ln}")
    if not a.native and any(NATIVE_START in ln for ln in lines):
        reasons.append("the guest was entered in HYP mode: belay did not run it "
                       "(it is entered in SVC under belay)")
    for rx in a.expect:
        if not re.search(rx, text, re.M):
            reasons.append(f"expected output missing: /{rx}/")
    if a.guest_lines is not None:
        reasons += check_guest_lines(a, lines)

    if a.expect_exit:
        if not exited or timed_out:
            reasons.append("QEMU did not exit by itself")
        elif a.expect_status is not None and status != a.expect_status:
            reasons.append(f"QEMU exited with status {status}, expected {a.expect_status}")
        return (EXIT_FAIL if reasons else EXIT_PASS), reasons

    end = None
    for ln in lines:
        m = END_RE.search(ln)
        if m:
            end = (int(m.group(1)), int(m.group(2)))
    skip = next((m for m in map(SKIP_RE.search, lines) if m), None)
    oks = sum(1 for ln in lines if "# SKIP" not in ln
              for m in OK_RE.finditer(ln) if not m.group(1))

    if end is None and skip is None:
        reasons.append("no end marker (belay-test: done ...)")
    if end is not None:
        passed, failed = end
        if failed:
            reasons.append(f"guest reported {failed} failed")
        if passed != oks:
            reasons.append(f"end marker says passed={passed} but {oks} 'ok' lines were seen")
        if a.expect_passed is not None and passed != a.expect_passed:
            reasons.append(f"passed={passed}, expected {a.expect_passed}")
        if passed == 0 and failed == 0 and skip is None:
            reasons.append("no check ran")
    if (end is not None or skip is not None) and not timed_out:
        if not exited:
            reasons.append(f"QEMU still running {EXIT_GRACE:g} s after the end marker "
                           "(PSCI SYSTEM_OFF did not power off)")
        elif status not in (0, None):
            reasons.append(f"QEMU exited with status {status}")
    if skip is not None and end is None:
        m = SKIP_CPUS_RE.search(skip.group(0))
        if m and a.smp >= int(m.group(1)):
            reasons.append(f"the guest skipped for want of CPUs, but QEMU has {a.smp} "
                           f"(-smp): its DTB lost some ({skip.group(0).strip()})")
    if reasons:
        return EXIT_FAIL, reasons
    if skip is not None and end is None:
        return EXIT_SKIP, [f"skipped:{skip.group(1)}"]
    return EXIT_PASS, []


def main(argv):
    a = parse_args(argv)
    if not shutil.which(a.qemu):
        harness_error(f"{a.qemu} not found (install qemu-system-arm)")
    cmd = qemu_command(a)
    log_path = a.log or default_log(a)
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    print("run_qemu: " + " ".join(cmd), flush=True)
    try:
        with open(log_path, "w") as log:
            log.write("# " + " ".join(cmd) + "\n")
            lines, status, timed_out, exited = run(a, cmd, log)
    except OSError as e:
        harness_error(f"cannot run QEMU: {e}")
    code, reasons = verdict(a, lines, status, timed_out, exited)
    if timed_out:
        print("TIMEOUT", flush=True)
    if code == EXIT_FAIL and a.quiet:
        print("---- serial output ----")
        print("\n".join(lines))
        print("---- end ----")
    for r in reasons:
        print(f"run_qemu: {r}", flush=True)
    print(f"run_qemu: {'PASS' if code == 0 else 'SKIP' if code == 77 else 'FAILED'} "
          f"(exit {code}); log: {log_path}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
