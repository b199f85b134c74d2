#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Test silent-log: belay with no console it can drive still boots the
guest and leaves its log in memory (docs/boot.md, "Reading belay's log").

QEMU's virt DTB (dumpdtb) is changed so that its UART's compatible is only
"arm,primecell": Linux still binds its PL011 driver to it (by the AMBA
peripheral ID), but belay knows no such UART, and stdout-path names it, so
belay has no console. The guest runs boot.sh, which prints where
/hypervisor/belay,log says the ring is. QEMU runs with -no-shutdown and a
monitor socket: after the guest powered off, the monitor's pmemsave copies
that range out, and this script reads the ring's header and text.

Pass: boot.sh passed; no line from belay on the console; the ring has the
magic, and its text has belay's first line and its guest-entry line and no
error or PANIC line. Exit codes as run_linux.py's (0, 1, 77, 99).

  silent_log.py --build BUILD [-v]
"""

import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_linux  # noqa: E402
from run_linux import EXIT_PASS, EXIT_FAIL, EXIT_ERROR, say  # noqa: E402

NAME = "silent-log"
CPUS, MEM = 2, 1024
TIMEOUT = 240
MACHINE = ["-M", "virt,virtualization=on,highmem=off", "-cpu", "cortex-a15",
           "-smp", str(CPUS), "-m", str(MEM), "-nographic", "-nic", "none"]
LOG_AT_RE = re.compile(r"belay-guest: belay log at (0x[0-9a-f]+) size (0x[0-9a-f]+)")
POWER_DOWN_RE = re.compile(r"reboot: Power down|belay-guest: FAIL")
RING_MAGIC = b"belaylog"
WANT_IN_RING = [r"^belay: belay \S+ \(ABI \d+\.\d+\): home 0x",
                r"^belay: cpu0: entering the guest at 0x42000000 in SVC"]


def silent_dtb(path):
    """QEMU's own virt DTB, its UART's compatible reduced to arm,primecell."""
    base = path + ".orig"
    subprocess.run(["qemu-system-arm"] + MACHINE[:1] + [MACHINE[1] + ",dumpdtb=" + base]
                   + MACHINE[2:], check=True, capture_output=True, stdin=subprocess.DEVNULL)
    subprocess.run(["cp", base, path], check=True)
    def get(node, prop):
        return subprocess.run(["fdtget", path, node, prop], check=True, capture_output=True,
                              text=True).stdout.strip()
    uart = get("/chosen", "stdout-path").split(":")[0]
    if not uart.startswith("/"):
        uart = get("/aliases", uart)
    subprocess.run(["fdtput", "-t", "s", path, uart, "compatible", "arm,primecell"], check=True)


def monitor(sock_path, commands):
    """Send each command to QEMU's human monitor; return what it answered."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sock_path)
    out = b""

    def read_prompt():
        nonlocal out
        while not out.endswith(b"(qemu) "):
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
    read_prompt()
    for c in commands:
        out = b""
        s.sendall(c.encode() + b"\n")
        # After quit, wait for QEMU to close the socket: closing it first
        # can lose the command.
        read_prompt()
    s.close()
    return out.decode(errors="replace")


def read_ring(path):
    """(text, why-not): the ring's text in order, oldest first."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 16 or data[:8] != RING_MAGIC:
        return None, f"no '{RING_MAGIC.decode()}' header at the address belay,log gives"
    size, written = struct.unpack_from("<II", data, 8)
    text = data[16:16 + size]
    if len(text) != size:
        return None, f"the ring says {size} bytes of text, belay,log covers {len(data) - 16}"
    if written <= size:
        out = text[:written]
    else:
        at = written % size
        out = text[at:] + text[:at]
        out = out[out.find(b"\n") + 1:]     # the oldest line is cut
    return out.decode(errors="replace"), None


def main(argv):
    p = run_linux.ArgParser(description=__doc__, on_error=run_linux.harness_error)
    p.add_argument("--build", default=os.environ.get("BELAY_BUILD",
                                                     os.path.join(run_linux.TOP, "build")))
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    build = os.path.abspath(a.build)
    if not os.path.isfile(os.path.join(build, "belay.bin")):
        run_linux.harness_error(f"{build}/belay.bin is missing (tools/belay build)")
    log_dir = os.path.join(build, "tests", "linux", "logs")
    os.makedirs(log_dir, exist_ok=True)
    log_path = os.path.join(log_dir, NAME + ".log")
    env = dict(os.environ, BELAY_BUILD=build)
    run_linux.prepare_guest(env)

    tmp = tempfile.mkdtemp(prefix="belay-silent-")
    dtb, sock, dump = (os.path.join(tmp, n) for n in ("silent.dtb", "monitor.sock", "ring.bin"))
    try:
        silent_dtb(dtb)
    except (subprocess.CalledProcessError, OSError) as e:
        run_linux.harness_error(f"cannot make the DTB without a belay console: {e}")
    words = [f"belay.test={NAME}", f"belay.cpus={CPUS}", f"belay.mem={MEM}"]
    cmd = [run_linux.GUEST_RUN, "--dtb", dtb, "--script", "boot", "--cpus", str(CPUS),
           "--mem", str(MEM), "--append", " ".join(words), "--timeout", str(TIMEOUT + 30),
           "--qemu-arg", "-no-shutdown", "--qemu-arg", "-monitor",
           "--qemu-arg", f"unix:{sock},server=on,wait=off"]
    say(f"{NAME}: {CPUS} CPU(s), {MEM} MiB, no console for belay, timeout {TIMEOUT} s")

    # QEMU pauses instead of exiting when the guest powers off
    # (-no-shutdown): then read the ring through the monitor and quit QEMU.
    state = {"log_at": None, "ring": None, "why": "the guest never powered off"}

    def on_line(text):
        m = LOG_AT_RE.search(text)
        if m:
            state["log_at"] = (int(m.group(1), 16), int(m.group(2), 16))
        if not POWER_DOWN_RE.search(text) or state["ring"] is not None:
            return
        if state["log_at"] is None:
            state["why"] = "the guest printed no 'belay log at' line"
            state["ring"] = ""
            monitor(sock, ["quit"])
            return
        time.sleep(2)   # let the power-off finish
        base, size = state["log_at"]
        try:
            monitor(sock, [f'pmemsave {base:#x} {size:#x} "{dump}"', "quit"])
            text, state["why"] = read_ring(dump)
        except OSError as e:
            text, state["why"] = None, f"QEMU's monitor: {e}"
        state["ring"] = text if text is not None else ""
        state["ok"] = text is not None

    con = run_linux.run_console(cmd, TIMEOUT, log_path, env, echo=a.verbose,
                                fatal=run_linux.FATAL_NO_PANIC_RE, on_line=on_line)
    ring_text = state["ring"] if state.get("ok") else None
    why_ring = state["why"]

    spec = run_linux.Spec("boot", cpus=CPUS, mem=MEM)
    why = [str(r) for r in run_linux.judge(con, spec, NAME, False)]
    texts = con.texts()
    start = next((i for i, x in enumerate(texts) if x.startswith("belay: running: ")), 0)
    for x in texts[start + 1:]:
        if x.startswith("belay: "):
            why.append(f"belay printed on the console it should not drive: {x.strip()}")
            break
    if ring_text is None:
        why.append(f"ring: {why_ring}")
    else:
        ring_lines = ring_text.splitlines()
        for pattern in WANT_IN_RING:
            if not any(re.search(pattern, x) for x in ring_lines):
                why.append(f"ring: no line matching '{pattern}'")
        for x in ring_lines:
            if re.match(r"belay: (error|PANIC)", x):
                why.append(f"ring: {x}")
        say(f"{NAME}: belay's log ring at {state['log_at'][0]:#x}, "
            f"{len(ring_lines)} lines:")
        for x in ring_lines:
            print("  | " + x)
    subprocess.run(["rm", "-rf", tmp])
    if why:
        for w in why:
            say(f"  FAIL: {w}")
        say(f"{NAME}: FAIL (log: {log_path})")
        return EXIT_FAIL
    say(f"{NAME}: PASS (log: {log_path})")
    return EXIT_PASS


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
