#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""A crash campaign: many kdump runs of the Debian guest under belay, each
crashed by belay at a seeded instant or event on a seeded CPU, each
classified (docs/kdump.md, "Crash campaigns").

  campaign.py --build BUILD --runs N --seed S [--cpus 2,4] [--jobs J]
              [--timeout T] [--native] [--log-dir DIR]

Run i uses seed S + i, which alone picks its plan (CPUs, trigger, target,
delivery, what keeps the guest busy): `--runs 1 --seed S+i` repeats it.
The guest (tests/linux/scripts/kdump.sh with belay.campaign=) loads its
crash kernel, starts its load, and arms the crash through the guest
module; the run is judged with run_linux.py's own judge() and
linux_race(). Classes:

  captured        run_linux.py's verdict for an injected crash: one
                  injection line, the crash kernel on that CPU, a valid
                  vmcore (ELF core, the oops in its log, the token), and
                  the oops's pc and that CPU's NT_PRSTATUS pc equal to
                  belay's ground truth
  belay           a belay PANIC or error line (the capture watchdog's
                  included), no injection at all, or no capture kernel
                  after the injection with nothing from Linux (no BUG, no
                  "did not react to IPI") to explain it
  linux:cpu-stuck another CPU never answered the crash IPI after a crash
                  with IRQs off or in stop_machine() (run_linux.py's
                  injected_no_react(); crash_stops_others())
  linux:cpu-came-up
                  a CPU came online after the crash IPI went out
  linux:console-lock
                  a synchronous external abort in the console's UART
                  driver with its port lock held: the abort handler's
                  own printk spins on that lock (console_lock())
  linux:no-current
                  a crash on a kernel entry from user mode before Linux
                  loaded its current pointer (or on the way back after
                  it put the user's TLS value back): the oops names a CPU
                  that does not exist and the dump lacks the crashing
                  CPU's registers (no_current())
  unknown         anything else

Exit status 0 iff no run is "belay" or "unknown"; 99 for a harness error.
With --native: the in-guest equivalent without belay (a sysrq crash on a
seeded CPU 0-3 s into a hotplug loop; kdump.sh's own seeded run),
classified captured, linux:cpu-came-up (linux_race()) or unknown.

A run that hangs is killed at --timeout with its QEMU; SIGINT or SIGTERM
stops every QEMU and prints the counts of the runs done so far.
"""

import concurrent.futures
import os
import random
import re
import signal
import sys
import time

import run_linux as rl
from run_linux import Spec

# kdump.sh's choice in a native (sysrq) run.
NATIVE_CHOICE_RE = re.compile(r"belay-guest: kdump: seed \d+ panic cpu (\d+)")
# The documented Linux limitations (docs/kdump.md, "Crash campaigns"):
# crash_stops_others() with run_linux.py's injected_no_react(), and
# limit_cpu_came_up().
FLAGS_RE = re.compile(r"Flags: \S+\s+IRQs (on|off)")
# The oops of a CPU running a stop_machine() callback names it.
STOPPER_RE = re.compile(r"Stopper: multi_cpu_stop\b")


def crash_stops_others(texts, first):
    """Whether the injected crash leaves other CPUs spinning with
    interrupts masked: it came with interrupts off (the oops's "Flags: ...
    IRQs off": inside an IRQs-off critical section, holding a raw spinlock
    such as a completion's, a task's pi_lock, the jiffies or timekeeping
    lock), or in stop_machine()'s multi_cpu_stop() (the oops's "Stopper:
    multi_cpu_stop" line; campaign seeds 130 and 132), whose CPUs step
    through its states together: one state ahead of the crashed CPU, the
    others wait for it with interrupts disabled, even when the crash came
    before it had disabled its own. A CPU spinning with interrupts masked
    never takes arm32's crash IPI, an ordinary interrupt (no NMI):
    run_linux.py's injected_no_react() signature."""
    oops = texts[first:]
    end = next((i for i, t in enumerate(oops) if rl.NO_REACT_RE.search(t)), len(oops))
    oops = oops[:end]
    flags = next((FLAGS_RE.search(t) for t in oops if FLAGS_RE.search(t)), None)
    return ((flags is not None and flags.group(1) == "off") or
            any(STOPPER_RE.search(t) for t in oops))


def limit_cpu_came_up(texts, first):
    """a CPU came up after the crash IPI: one coming up when the crash
    came (PSCI CPU_ON made, not yet marked online) comes online after the
    crash IPI went out, and
    machine_kexec() hits BUG_ON(num_online_cpus() > 1): run_linux.py's
    linux_race() signature, with the injection as the panic."""
    after = texts[first:]
    bug = next((i for i, t in enumerate(after) if rl.LINUX_KEXEC_BUG_RE.search(t)), None)
    return (bug is not None and not any(rl.NO_REACT_RE.search(t) for t in after)
            and any(rl.CRASH_LOADING_RE.search(t) for t in after[:bug]))


# kdump.sh's text ranges, and belay's watchdog line for each CPU.
TEXT_RE = re.compile(r"belay-guest: kdump: text: pl011 0x([0-9a-f]+)-0x([0-9a-f]+) "
                     r"_raw_spin_lock 0x([0-9a-f]+)-0x([0-9a-f]+)")
WHERE_RE = re.compile(r"belay: watchdog: cpu(\d+): RUN, guest pc 0x([0-9a-f]{8}) "
                      r"cpsr 0x([0-9a-f]{8})")
# belay's watchdog line, with or without semihosting's status.
WATCHDOG_LINE_RE = re.compile(r"belay: error: watchdog: no capture kernel ")
# What Linux prints for an abort or an oops.
ABORT_SAID_RE = re.compile(r"Unhandled fault|Internal error|8<--- cut here")


def console_lock(texts, first):
    """a synchronous external abort in the console's UART driver, its port
    lock held: arm's do_DataAbort() prints "Unhandled fault" before die()
    sets oops_in_progress, so pl011_console_write() spins on that lock,
    its own, with interrupts masked; nothing printed, no crash_kexec().
    The signature: the injection was a sea at a pc in the pl011 driver
    (kdump.sh's text ranges), Linux said nothing after it, and belay's
    watchdog found that CPU in _raw_spin_lock with IRQs masked (campaign
    seed 19: pl011_tx_chars+0x158)."""
    text = next((TEXT_RE.search(t) for t in texts if TEXT_RE.search(t)), None)
    inj = rl.INJECTED_RE.search(texts[first])
    if text is None or inj is None or inj.group(1) != "sea":
        return False
    pl_lo, pl_hi, lock_lo, lock_hi = (int(g, 16) for g in text.groups())
    cpu, pc = inj.group(2), int(inj.group(3), 16)
    where = next((m for m in map(WHERE_RE.search, texts[first:]) if m and m.group(1) == cpu),
                 None)
    return (pl_lo <= pc < pl_hi and where is not None and
            lock_lo <= int(where.group(2), 16) < lock_hi and
            int(where.group(3), 16) & 0x80 != 0 and
            not any(ABORT_SAID_RE.search(t) for t in texts[first:]))


# kdump.sh's entry points (where Linux's exception entries from user mode
# and its return to user mode start), and the part of each where TPIDRURO
# holds the user's TLS value, not current: Debian's 6.1.0 armmp-lpae
# kernel, disassembled (docs/kdump.md, "A crash before Linux has its
# current pointer"). vector_swi loads current at +0x34, the __*_usr
# handlers (usr_entry) at +0x48, so a pc up to that instruction has none;
# no_work_pending puts the user's value back at +0xc and returns at +0x38.
# The vector page (0xffff0000, its stubs at 0xffff1000) runs in SVC mode
# only at the SWI vector, on a system call from user mode.
ENTRY_RE = re.compile(r"belay-guest: kdump: entry: ((?:\S+ 0x[0-9a-f]{8} ?)+)")
ENTRY_WINDOWS = {"vector_swi": (0, 0x38), "__dabt_usr": (0, 0x4c), "__irq_usr": (0, 0x4c),
                 "__und_usr": (0, 0x4c), "__pabt_usr": (0, 0x4c), "no_work_pending": (0x10, 0x3c)}
VECTOR_PAGES = (0xffff0000, 0xffff2000)


def in_entry_window(texts, pc):
    """Whether pc is where Linux has no current pointer (ENTRY_WINDOWS)."""
    if VECTOR_PAGES[0] <= pc < VECTOR_PAGES[1]:
        return True
    m = next((ENTRY_RE.search(t) for t in texts if ENTRY_RE.search(t)), None)
    words = m.group(1).split() if m else []
    for name, addr in zip(words[::2], words[1::2]):
        lo, hi = ENTRY_WINDOWS.get(name, (0, 0))
        if int(addr, 16) + lo <= pc < int(addr, 16) + hi:
            return True
    return False


# kdump.sh's failure on a capture short of notes, and the oops's CPU line.
PRS_SHORT_RE = re.compile(r"belay-guest: FAIL: [\w-]+: /proc/vmcore: (\d+) NT_PRSTATUS notes, "
                          r"expected one per CPU \((\d+)\)")


def no_current(texts, first, cpus):
    """a crash where Linux has no current pointer: Debian's armmp-lpae
    kernel keeps `current` in TPIDRURO (CONFIG_CURRENT_POINTER_IN_TPIDRURO),
    which holds the user's TLS value while user code runs; an exception from
    user mode reloads it a few instructions in (vector_swi's and
    usr_entry's reload_current), and the return to user puts the TLS value
    back a few instructions before its last. A crash in between (seen: an
    undef at pc 0xffff0008, the SWI vector, a shell's system call just
    taken) makes smp_processor_id() read a word of user memory: the oops
    names a CPU that does not exist (CPU: 1351508 PID: 0) and
    crash_save_cpu() saves no registers for it. The signature: the first
    oops line after the injection names no CPU of the machine and the
    capture is exactly one NT_PRSTATUS note short (kdump.sh's FAIL); or
    no capture at all: belay injected at a pc in such a window
    (in_entry_window()) and its watchdog ended the run, the crash path
    having hung on what it read (campaign seed 19 in a fresh-root run: a
    sea at __dabt_usr+0, a user page fault just taken, whose saved state
    on the abort-mode stack the nested abort also overwrote)."""
    oops = next((m for m in map(rl.PANIC_CPU_RE.search, texts[first:]) if m), None)
    short = next((m for m in map(PRS_SHORT_RE.search, texts[first:]) if m), None)
    bad = [t for t in texts if rl.BELAY_BAD_RE.search(t)]
    if (not bad and oops is not None and int(oops.group(1)) >= cpus and short is not None and
            int(short.group(1)) == int(short.group(2)) - 1):
        return True
    inj = rl.INJECTED_RE.search(texts[first])
    return (inj is not None and in_entry_window(texts, int(inj.group(3), 16)) and
            len(bad) == 1 and WATCHDOG_LINE_RE.search(bad[0]) is not None and
            not any(rl.BOOT_RE.search(t) for t in texts[first:]))


CLASSES = ["captured", "belay", "linux:cpu-stuck", "linux:cpu-came-up", "linux:console-lock",
           "linux:no-current", "unknown"]

# Triggers, with what keeps the guest busy meanwhile (kdump.sh belay.busy=)
# and their weight in the mix.
TRIGGERS = [("at", 4), ("cpu_on", 2), ("cpu_off", 2), ("affinity_info", 1),
            ("while_off", 1), ("reset_vectors", 1), ("launch", 1), ("while_stub", 1)]


class Plan:
    """One run's choices, all from its seed."""

    def __init__(self, seed, cpu_choices):
        r = random.Random(seed)
        self.seed = seed
        self.cpus = r.choice(cpu_choices)
        kind = r.choices([k for k, _ in TRIGGERS], [w for _, w in TRIGGERS])[0]
        self.target = r.randrange(self.cpus)
        self.how = r.choice(["sea", "sea", "sea", "undef"])
        # A secondary: the CPU hotplug cycles or the module relaunches.
        other = r.randrange(1, self.cpus)
        self.relaunch_cpu = None
        if kind == "at":
            self.busy = r.choice(["load", "hotplug", "relaunch"])
            trig = f"at:{r.randrange(3000)}ms"
            if self.busy == "relaunch":
                self.relaunch_cpu = other
        elif kind in ("cpu_on", "cpu_off", "affinity_info"):
            self.busy = "hotplug"
            trig = f"{kind}:{r.randrange(1, 5)}"
        elif kind == "while_off":
            self.busy = "hotplug"
            trig = f"while:{other}:off"
        else:
            self.busy = "relaunch"
            self.relaunch_cpu = other
            trig = (f"while:{other}:stub" if kind == "while_stub"
                    else f"{kind}:{r.randrange(1, 200)}")
        self.trigger = trig
        self.word = f"{trig},cpu={self.target},how={self.how}"

    def busy_text(self):
        return self.busy + (f"@cpu{self.relaunch_cpu}" if self.relaunch_cpu is not None else "")


def spec_for(plan, timeout):
    args = ["crashkernel=128M", "oops=panic", "belay.hotplug=none", "belay.vmcore_read=none",
            f"belay.inject={plan.target}", f"belay.campaign={plan.word}", f"belay.busy={plan.busy}"]
    if plan.relaunch_cpu is not None:
        args.append(f"belay.relaunch_cpu={plan.relaunch_cpu}")
    return Spec("kdump", cpus=plan.cpus, args=args, timeout=timeout, boots=2, panics=0,
                inject_cpu=plan.target, needs_belay=True,
                hotplug="loop" if plan.busy == "hotplug" else "none")


def classify(con, spec, name):
    """(class, reason) of one injected run."""
    why = rl.judge(con, spec, name, False)
    if not why:
        return "captured", ""
    texts = con.texts()
    first = next((i for i, _ in rl.injections(texts)), None)
    bad = next((t for t in texts if rl.BELAY_BAD_RE.search(t)), None)
    # belay's watchdog line ends such a run; the rest is Linux's.
    if first is not None and console_lock(texts, first) and WATCHDOG_LINE_RE.search(bad or ""):
        return "linux:console-lock", " ".join(console_lock.__doc__.split(":")[0].split())
    if first is not None and no_current(texts, first, spec.cpus):
        return "linux:no-current", " ".join(no_current.__doc__.split(":")[0].split())
    if bad is not None:
        return "belay", bad.strip()
    if first is None:
        return "belay", "no injection line"
    # run_linux.py's injected_no_react(): another CPU never answered the
    # crash IPI. Linux's only when the crash left the others with IRQs
    # off; else belay's SGI is as likely a cause as Linux.
    stuck, what = rl.linux_race(con, spec, why)
    if stuck:
        if crash_stops_others(texts, first):
            return "linux:cpu-stuck", what
        return "unknown", ("a CPU did not answer the crash IPI after a crash with IRQs on, "
                           "outside stop_machine()")
    if limit_cpu_came_up(texts, first):
        return "linux:cpu-came-up", " ".join(limit_cpu_came_up.__doc__.split(":")[0].split())
    # Linux's own complaints on the way to the crash kernel (a BUG, a CPU
    # that did not answer) that no limitation above explains need a look.
    linux_said = any(rl.NO_REACT_RE.search(t) or "kernel BUG at" in t for t in texts[first:])
    if not any(rl.BOOT_RE.search(t) for t in texts[first:]) and not linux_said:
        return "belay", "no capture kernel after the injection, and no Linux explanation"
    return "unknown", "; ".join(str(w).split("\n")[0] for w in why[:2])


def classify_native(con, spec, name):
    why = rl.judge(con, spec, name, True)
    if not why:
        return "captured", ""
    race, what = rl.linux_race(con, spec, why)
    if race:
        return "linux:cpu-came-up", what
    return "unknown", "; ".join(str(w).split("\n")[0] for w in why[:2])


def run_plan(plan, a, env):
    """Boot, wait, classify one run. Returns a result dict."""
    if a.native:
        # kdump.sh's seeded sysrq crash: a CPU and a delay of 0-3 s
        # from the seed, under a hotplug loop.
        spec = rl.kdump(plan.cpus, hotplug="loop", seeds=[plan.seed])
        name, seed = "campaign-native", plan.seed
    else:
        spec, name, seed = spec_for(plan, a.timeout), "campaign", None
    cmd, cpus = rl.guest_command(spec, name, seed, a.build, a.timeout, a.native, [])
    log = os.path.join(a.log_dir, f"campaign-{plan.seed}{'-native' if a.native else ''}.log")
    fatal = rl.FATAL_RE if a.native else rl.FATAL_INJECTED_RE
    t0 = time.monotonic()
    con = rl.run_console(cmd, a.timeout, log, env, quiet=True, fatal=fatal)
    dt = time.monotonic() - t0
    cls, why = (classify_native if a.native else classify)(con, spec, name)
    if a.native:
        plan.cpus = cpus
        m = next((NATIVE_CHOICE_RE.search(t) for t in con.texts() if NATIVE_CHOICE_RE.search(t)),
                 None)
        plan.target = int(m.group(1)) if m else None
    return {"plan": plan, "cls": cls, "why": why, "time": dt, "log": log,
            "excerpt": excerpt(con.texts()) if cls in FAILING else []}


# The classes that fail the campaign (its exit status).
FAILING = ("belay", "unknown")


# Lines of a failed run's story wherever they are: the injection, how the
# crashed kernel stopped its other CPUs, and what the capture script and
# belay's watchdog said on the way out (kdump.sh prints the vmcore's
# notes and the crashed kernel's crash-stop lines before a FAIL, belay
# each CPU's last guest pc before its watchdog line).
STORY_RE = re.compile(r"crash: injected|PC is at|will stop doing|did not react|"
                      r"Loading crashdump|kernel BUG at|belay-guest: FAIL|watchdog: cpu\d+: |"
                      r"belay-guest: kdump: (note at|vmcore-dmesg: |prstatus)")


def excerpt(texts, around=12, tail=12, story=40):
    """The console lines that tell a failed run's story: those around the
    arming (where the crash should come), the STORY_RE lines (at most
    `story`) and the last ones. Printed with the table, since a CI run in
    a fresh root keeps no log file."""
    arm = next((i for i, t in enumerate(texts) if "kdump: campaign: armed" in t), None)
    keep = set(range(max(0, len(texts) - tail), len(texts)))
    keep |= set([i for i, t in enumerate(texts) if STORY_RE.search(t)][:story])
    if arm is not None:
        keep |= set(range(max(0, arm - 2), min(len(texts), arm + around)))
    out, last = [], None
    for i in sorted(keep):
        if last is not None and i != last + 1:
            out.append("...")
        out.append(texts[i].rstrip()[:200])
        last = i
    return out


def row(res, native):
    p = res["plan"]
    if native:
        target = "?" if p.target is None else f"cpu{p.target}"
        trig, how, busy = "sysrq", "-", "hotplug"
    else:
        trig, target, how, busy = p.trigger, f"cpu{p.target}", p.how, p.busy_text()
    return (f"{p.seed:>8} {p.cpus:>4}  {trig:<18} {target:<7} {how:<6} {busy:<14} "
            f"{res['cls']:<18} {res['time']:6.1f} s")


def prepare(a, logs, belay=True):
    """What a run of plans needs before the first (here and in events.py):
    absolute paths, belay.bin when belay runs, the log directory
    (BUILD/tests/linux/LOGS unless --log-dir), every QEMU stopped on
    SIGTERM or SIGINT, the Debian guest prepared. Returns the environment
    for the runs."""
    a.build = os.path.abspath(a.build)
    if belay and not os.path.isfile(os.path.join(a.build, "belay.bin")):
        rl.harness_error(f"{a.build}/belay.bin is missing (tools/belay build)")
    a.log_dir = os.path.abspath(a.log_dir or os.path.join(a.build, "tests", "linux", logs))
    os.makedirs(a.log_dir, exist_ok=True)
    env = dict(os.environ, BELAY_BUILD=a.build)
    signal.signal(signal.SIGTERM, rl._kill_children)
    signal.signal(signal.SIGINT, rl._kill_children)
    rl.prepare_guest(env)
    return env


def main(argv):
    p = rl.ArgParser(description=__doc__, on_error=rl.harness_error)
    p.add_argument("--build", default=os.environ.get("BELAY_BUILD", os.path.join(rl.TOP, "build")))
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--cpus", default="2", help="CPU counts to pick from, e.g. 2 or 2,4")
    p.add_argument("--jobs", type=int, default=1, help="QEMU runs at once")
    p.add_argument("--timeout", type=int, default=300, help="hard limit of one run (s)")
    p.add_argument("--native", action="store_true",
                   help="the in-guest equivalent without belay (sysrq at seeded times)")
    p.add_argument("--log-dir", help="console logs (default BUILD/tests/linux/campaign)")
    a = p.parse_args(argv)
    try:
        cpu_choices = [int(c) for c in a.cpus.split(",")]
    except ValueError:
        rl.harness_error(f"--cpus {a.cpus}: a comma-separated list of CPU counts")
    if a.runs < 1 or a.jobs < 1 or any(c < 2 or c > 8 for c in cpu_choices):
        rl.harness_error("--runs and --jobs are at least 1; --cpus from 2 to 8")
    env = prepare(a, "campaign", not a.native)

    plans = [Plan(a.seed + i, cpu_choices) for i in range(a.runs)]
    print(f"campaign: {a.runs} run(s) from seed {a.seed}, CPUs {a.cpus}, {a.jobs} at once, "
          f"{a.timeout} s per run{', native (sysrq)' if a.native else ', belay injects'}",
          flush=True)
    print(f"{'seed':>8} {'cpus':>4}  {'trigger':<18} {'target':<7} {'how':<6} {'busy':<14} "
          f"{'class':<18} {'time':>8}", flush=True)
    t0 = time.monotonic()
    results = []
    pool = concurrent.futures.ThreadPoolExecutor(a.jobs)
    try:
        for res in pool.map(lambda pl: run_plan(pl, a, env), plans):
            results.append(res)
            print(row(res, a.native), flush=True)
            if res["cls"] != "captured":
                print(f"{'':>14}{res['why'][:150]} (log: {res['log']})", flush=True)
            for t in res["excerpt"]:
                print(f"{'':>14}| {t}", flush=True)
    finally:
        # After a signal: start no more runs, stop any QEMU still running.
        pool.shutdown(wait=False, cancel_futures=True)
        rl._kill_children()
        pool.shutdown(wait=True)
        summary(results, time.monotonic() - t0)
    return rl.EXIT_FAIL if any(r["cls"] in FAILING for r in results) else rl.EXIT_PASS


def summary(results, wall):
    counts = {c: 0 for c in CLASSES}
    for res in results:
        counts[res["cls"]] = counts.get(res["cls"], 0) + 1
    print("classes: " + ", ".join(f"{c} {n}" for c, n in counts.items()))
    print(f"campaign: {len(results)} runs in {wall:.0f} s: "
          f"{len(results) * 3600 / max(wall, 1):.1f} runs/hour", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
