#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""belay's LAVA files under LAVA's own code (docs/lava.md).

  run_lava.py schema
      Every job in tools/lava/ (as shipped, and as tools/lava/lavajob
      rewrites it) passes lava-common's job schema, strictly; the device
      configuration passes its device schema; and a job with a defect
      (an image without a URL, a monitor without its pattern) fails, so
      the validator is seen to bite.
  run_lava.py --build BUILD qemu [-v]
      lava-dispatcher's lava-run runs tools/lava/qemu-belay-smoke.yaml
      standalone on this host with tools/lava/qemu-device.yaml: belay.bin
      from BUILD and the Debian guest (tools/guest/fetch, mkinitramfs) as
      file:// images. Pass: lava-run exits 0, the job's result is pass and
      the monitor recorded lava-smoke as pass.

lava-common and lava-dispatcher are Debian packages for Debian's python3:
under another python3 the script runs itself again with /usr/bin/python3.
Exit codes as run_linux.py's: 0 pass, 1 fail, 77 skip (a failure under
CI=true), 99 harness error.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
LAVA_DIR = os.path.join(TOP, "tools", "lava")
LAVAJOB = os.path.join(LAVA_DIR, "lavajob")
DEVICE = os.path.join(LAVA_DIR, "qemu-device.yaml")
QEMU_JOB = os.path.join(LAVA_DIR, "qemu-belay-smoke.yaml")
JOBS = ["qemu-belay-smoke.yaml", "orangepi-pc-belay-smoke.yaml"]
DEBIAN_PYTHON = "/usr/bin/python3"
TIMEOUT = 300           # lava-run as a whole; the job's own timeouts are longer

sys.path.insert(0, os.path.join(TOP, "tests", "linux"))
sys.path.insert(0, os.path.join(TOP, "tests", "harness"))
from harness_common import (EXIT_PASS, EXIT_FAIL, EXIT_SKIP, EXIT_ERROR,  # noqa: E402
                            ArgParser, under_ci)
import run_linux  # noqa: E402  (prepare_guest: the Debian guest, fetched once)


def lava_python():
    """lava-common's schema functions and PyYAML: (yaml, validate_job,
    validate_device). Under a python3 that lacks them, run this script
    again with Debian's; without them there either, skip."""
    try:
        import yaml
        from lava_common.schemas import validate as validate_job
        from lava_common.schemas.device import validate as validate_device
    except ImportError as exc:
        if os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON) \
                and os.path.exists(DEBIAN_PYTHON):
            os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON] + sys.argv)
        skip(f"LAVA's Python packages are missing ({exc}): apt-get install lava-dispatcher")
    return yaml, validate_job, validate_device


def say(msg):
    print(f"run_lava: {msg}", flush=True)


def skip(msg):
    """77, or a failure under CI=true (a CI run must not pass because LAVA
    is missing)."""
    if under_ci():
        say(f"FAIL: {msg} (CI=true: a skip is a failure)")
        sys.exit(EXIT_FAIL)
    say(f"SKIP: {msg}")
    sys.exit(EXIT_SKIP)


def harness_error(msg):
    say(f"error: {msg}")
    sys.exit(EXIT_ERROR)


def lavajob(job, images, append=""):
    cmd = [sys.executable, LAVAJOB, "--images", images, job]
    if append:
        cmd[2:2] = ["--append", append]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def schema_errors(lava, name, text, device=False):
    """The schema's complaint about a job (or device) text, or None."""
    yaml, validate_job, validate_device = lava
    try:
        data = yaml.safe_load(text)
        if device:
            validate_device(data)
        else:
            validate_job(data, strict=True)
    except Exception as exc:        # voluptuous.Invalid and YAML errors alike
        return f"{name}: {type(exc).__name__}: {exc}"
    return None


def broken(yaml, text, what):
    """text with one defect the schema must catch."""
    data = yaml.safe_load(text)
    if what == "no-url":
        deploy = data["actions"][0]["deploy"]
        image = next(iter(deploy["images"].values())) if "images" in deploy else deploy["kernel"]
        del image["url"]
    elif what == "no-pattern":
        del data["actions"][-1]["test"]["monitors"][0]["pattern"]
    return yaml.safe_dump(data)


# The monitor's pattern against console text as pexpect sees it: a whole
# line (its name must come out whole), and a line cut short by a read
# (which must not match yet, or LAVA records the name cut short).
PATTERN_CASES = [("belay-guest: PASS lava-smoke\r\n", ("PASS", "lava-smoke")),
                 ("belay-guest: FAIL: lava-smoke: kexec does not run\r\n", ("FAIL", "lava-smoke")),
                 ("belay-guest: PASS lava-smo", None),
                 ("belay-guest: smoke ok\r\n", None)]


def pattern_errors(yaml, name, text):
    bad = []
    for action in yaml.safe_load(text)["actions"]:
        for mon in action.get("test", {}).get("monitors", []):
            r = re.compile(mon["pattern"])
            for console, want in PATTERN_CASES:
                m = r.search(console)
                got = m and (m.group("result"), m.group("test_case_id"))
                if got != want:
                    bad.append(f"{name}: monitor pattern on {console!r} gives {got}, want {want}")
    if not bad:
        say(f"ok: {name}'s monitor pattern takes whole verdict lines only")
    return bad


def cmd_schema():
    lava = lava_python()
    bad = []
    for name in JOBS:
        path = os.path.join(LAVA_DIR, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for label, t in ((name, text),
                         (f"{name} via lavajob", lavajob(path, "file:///srv/belay", "belay.x=1"))):
            err = schema_errors(lava, label, t)
            if err:
                bad.append(err)
            else:
                say(f"ok: {label} passes LAVA's job schema")
        bad += pattern_errors(lava[0], name, text)
        for what in ("no-url", "no-pattern"):
            if schema_errors(lava, name, broken(lava[0], text, what)) is None:
                bad.append(f"{name} with a defect ({what}) passed the schema")
            else:
                say(f"ok: {name} with a defect ({what}) is rejected")
    with open(DEVICE, encoding="utf-8") as f:
        err = schema_errors(lava, os.path.basename(DEVICE), f.read(), device=True)
    if err:
        bad.append(err)
    else:
        say(f"ok: {os.path.basename(DEVICE)} passes LAVA's device schema")
    for b in bad:
        say(f"FAIL: {b}")
    return EXIT_FAIL if bad else EXIT_PASS


def guest_images(build, where):
    """A directory of belay.bin, vmlinuz and initramfs.cpio.gz, as a lab
    would publish them (symbolic links to the build and the cache)."""
    env = dict(os.environ, BELAY_BUILD=build)
    run_linux.prepare_guest(env)
    cache = os.environ.get("BELAY_CACHE", os.path.join(TOP, ".cache"))
    guest_env = {}
    with open(os.path.join(cache, "debian", "guest.env"), encoding="utf-8") as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                k, v = line.rstrip("\n").split("=", 1)
                guest_env[k] = v
    for name, src in (("belay.bin", os.path.join(build, "belay.bin")),
                      ("vmlinuz", guest_env.get("KERNEL", "")),
                      ("initramfs.cpio.gz", os.path.join(cache, "debian", "initramfs.cpio.gz"))):
        if not os.path.isfile(src):
            harness_error(f"no {src} for {name}")
        os.symlink(src, os.path.join(where, name))


def results(log_lines):
    """LAVA's result records ({'definition', 'case', 'result', ...}) from
    lava-run's output, one JSON object per line."""
    out = []
    for line in log_lines:
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and rec.get("lvl") == "results" and isinstance(rec.get("msg"), dict):
            out.append(rec["msg"])
    return out


def judge(rc, lines):
    """Why a lava-run of the QEMU job failed (empty: it passed), from its
    exit status and output. Pure: test_run_lava.py checks it on canned
    output."""
    recs = results(lines)
    why = []
    if rc == 124:
        why.append(f"lava-run timed out after {TIMEOUT} s (killed)")
    elif rc != 0:
        why.append(f"lava-run exited {rc}")
    job = [r for r in recs if r.get("definition") == "lava" and r.get("case") == "job"]
    if not job or job[-1].get("result") != "pass":
        why.append(f"the job's result is {job[-1] if job else 'missing'}")
    smoke = [r for r in recs if r.get("definition") == "belay-smoke"]
    if [(r.get("case"), r.get("result")) for r in smoke] != [("lava_smoke", "pass")]:
        why.append(f"the monitor recorded {smoke or 'nothing'}, not one lava_smoke pass")
    return why


def cmd_qemu(build, verbose):
    if shutil.which("lava-run") is None:
        skip("lava-run is not installed (apt-get install lava-dispatcher)")
    if not os.path.isfile(os.path.join(build, "belay.bin")):
        harness_error(f"{build}/belay.bin is missing (tools/belay build)")
    with tempfile.TemporaryDirectory(prefix="belay-lava-") as tmp:
        images = os.path.join(tmp, "images")
        os.mkdir(images)
        guest_images(build, images)
        job = os.path.join(tmp, "job.yaml")
        with open(job, "w", encoding="utf-8") as f:
            f.write(lavajob(QEMU_JOB, "file://" + images))
        out_dir = os.path.join(tmp, "out")
        log_path = os.path.join(build, "tests", "lava", "lava-qemu.log")
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        # The job id names lava-run's work directory (/var/lib/lava/...):
        # unique per run, so parallel runs do not share it.
        cmd = ["timeout", "-k", "10", str(TIMEOUT), "lava-run", "--job-id",
               f"belay-{os.getpid()}", "--output-dir", out_dir, "--device", DEVICE, job]
        say(f"running: {' '.join(cmd)}")
        t0 = time.monotonic()
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        dt = time.monotonic() - t0
    lines = (p.stdout + p.stderr).splitlines()
    with open(log_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    if verbose:
        print("\n".join(lines))
    why = judge(p.returncode, lines)
    if why:
        for w in why:
            say(f"FAIL: {w}")
        say(f"last lines of lava-run's output (full log: {log_path}):")
        for line in lines[-40:]:
            print("  | " + line[:300])
        return EXIT_FAIL
    say(f"lava-qemu: PASS in {dt:.1f} s (lava-run, job result pass, lava_smoke pass; "
        f"log: {log_path})")
    return EXIT_PASS


def main(argv):
    p = ArgParser(description=__doc__, on_error=harness_error)
    p.add_argument("what", choices=["schema", "qemu"])
    p.add_argument("--build", default=os.environ.get("BELAY_BUILD", os.path.join(TOP, "build")))
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    if a.what == "schema":
        return cmd_schema()
    return cmd_qemu(os.path.abspath(a.build), a.verbose)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
