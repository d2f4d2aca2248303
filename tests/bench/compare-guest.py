#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# compare-guest.py - the second part of the comparison with Debian's own
# kexec-tools (`make bench-compare-guest`; compare.sh is the first, on the
# host, stopped at the syscall): both loaders really load the same crash
# kernel in the same QEMU TCG guest, which then panics, and this prints the
# load time and the panic-to-capture-kernel time of each.
#
# The guest is the x86_64 one of the end-to-end scenarios, built and driven
# by tests/e2e/lib (build.Artefacts, kdump.Guest, verify.py): busybox, Debian's
# 6.12 kernel, -machine pc -m 1G -smp 2, crashkernel=256M, TCG
# single-threaded; tests/e2e/kdump.init runs the steps
# load:MODE,fill:64,panic.  Its initramfs (first.cpio.gz plus kexec-tools:
# first-kt.cpio.gz, the same image for every row) holds ours (the static
# build of this checkout, /usr/sbin/kexec) and Debian 12's kexec-tools
# 2.0.25 (tests/bench/fetch-kexec-tools.sh, never installed on the host) as
# /opt/kexec-tools/kexec with its ELF interpreter and shared libraries:
# the Xen ones from its package, the rest from the host (Debian 12), found
# by readelf (debpkg.guest_files).  Rows, all loading /boot/vmlinuz with
# --initrd=/boot/capture.cpio.gz and the same --append:
#   kexec-tools -c -p            (2.0.25 has no --hotplug)
#   ours -c -p --no-hotplug      the same load as kexec-tools' (plain -c -p
#                                is hot-plug aware where the kernel offers it)
#   ours -c -p --hotplug         what the project is for
# One guest boot per row and run: a panic ends the boot, and the load that
# is timed must be the one whose capture kernel is checked, with no other
# loader's load or unload before it.  Runs alternate the rows, each round
# starting one row further on, so drift of the (shared) host spreads over
# all of them.
#
# What is measured:
#   load                 inside the guest: kdump.init's "loaded:" mark,
#                        /proc/uptime just before and just after the
#                        loader's process (10 ms steps); the kexec_load
#                        syscall and the kernel's copy of the segments are
#                        included
#   panic to console     host side: from the first kernel's "Kernel panic -
#                        not syncing" line on the serial console to the
#                        capture kernel's "Linux version" banner (purgatory,
#                        its digest check, decompression, early boot until
#                        the serial console is registered)
#   panic to /init       the same to the capture kernel's first userspace
#                        line, kdump.init's "E2E: capture kernel up"
# The host times are when a 5 ms poll of QEMU's console.log first saw each
# line (QEMU writes the serial console to it unbuffered).
# A row's run counts only when its dump checks out (verify.py --pages all:
# every page stamped by fillmem before the panic is read back from
# /proc/vmcore by the capture kernel, and memory/crash_hotplug read 0 for
# kexec-tools, 1 for ours), so a broken load cannot give a fast figure.
# Speed never fails the run; exit 1 when any run broke (a load failed, no
# capture kernel, an incomplete dump), 2 for a bad command line.
#
# Usage: compare-guest.py [--runs N] [--out FILE] [--work DIR]
#   --runs N    rounds (default 3: 9 guest boots, about 1-2 min each)
#   --out FILE  also write the table there
#   --work DIR  keep the artefacts and every guest's logs there (else a
#               temporary directory, removed when nothing broke);
#               KEXEC_HOTPLUG_BUILD works too, as for tests/e2e/run.sh
# Environment: KEXEC_TOOLS_ROOT (an extracted kexec-tools tree instead of
# the download), QEMU_BIN, TMPDIR.
import argparse
import contextlib
import datetime
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from typing import NamedTuple

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests", "e2e", "lib"))

import arch  # noqa: E402
import build  # noqa: E402
import debpkg  # noqa: E402
import kdump  # noqa: E402
import verify  # noqa: E402
import vm  # noqa: E402

KT_GUEST = "/opt/kexec-tools/kexec"
FILL_MIB = 64


class Row(NamedTuple):
    label: str          # the table's first column
    name: str           # the guests' directory names
    mode: str           # kdump.init load:MODE
    kexec: str          # kdump.init e2e.kexec=
    hotplug: str        # memory/crash_hotplug after the load


ROWS = (
    Row("kexec-tools 2.0.25 `-c -p`", "kexec-tools", "default", KT_GUEST, "0"),
    Row("ours `-c -p --no-hotplug`", "ours", "noflag", "kexec", "0"),
    Row("ours `-c -p --hotplug`", "ours-hotplug", "hotplug", "kexec", "1"),
)
# (name, console text, the mark it must follow)
MARKS = (("panic", "Kernel panic - not syncing", None),
         ("console", "Linux version", "panic"),
         ("init", "E2E: capture kernel up", "panic"))


def say(text):
    print("compare-guest: " + text, file=sys.stderr, flush=True)


class ConsoleClock(threading.Thread):
    """When (time.monotonic) each of MARKS first showed on the console file
    PATH, polled every 5 ms; a mark's text is searched from the end of the
    match of the mark it follows."""

    def __init__(self, path, marks=MARKS):
        super().__init__(daemon=True)
        self.path = path
        self.marks = marks
        self.at = {}            # name -> (time, end of the match)
        self.done = threading.Event()

    def run(self):
        data, f = b"", None
        try:
            while not self.done.is_set():
                if f is None and os.path.exists(self.path):
                    f = open(self.path, "rb")
                chunk = f.read() if f else b""
                if chunk:
                    data += chunk
                    self.scan(data, time.monotonic())
                self.done.wait(0.005)
        finally:
            if f:
                f.close()

    def scan(self, data, t):
        for name, text, after in self.marks:
            if name in self.at or (after and after not in self.at):
                continue
            i = data.find(text.encode(), self.at[after][1] if after else 0)
            if i >= 0:
                self.at[name] = (t, i + len(text))

    def since(self, name, start="panic"):
        """Seconds from mark START to mark NAME, or None."""
        if name not in self.at or start not in self.at:
            return None
        return self.at[name][0] - self.at[start][0]

    def stop(self):
        self.done.set()
        self.join()


class Result(NamedTuple):
    load: float
    console: float
    init: float


def load_seconds(guest):
    m = re.search(r" in ([0-9.]+)s;", guest.first_line("E2E: loaded:"))
    return float(m.group(1)) if m else None


def checked(guest, row):
    """verify.py over what the guest sent: every stamped page read back and
    the hot-plug state ROW expects; its narration goes to verify.txt."""
    with open(guest.path("verify.txt"), "w") as f, contextlib.redirect_stdout(f):
        return guest.verify("--pages", "all", "--hotplug-sysfs", row.hotplug)


def one(suite, row, n):
    """One boot of ROW (round N): a Result, or None when something broke."""
    sc = kdump.Scenario(suite)
    g = sc.boot("compare-%d-%s" % (n, row.name), "load:%s,fill:%d,panic" % (row.mode, FILL_MIB),
                "e2e.kexec=" + row.kexec, initrd="first-kt.cpio.gz")
    clock = ConsoleClock(g.vm.path("console.log"))
    clock.start()
    ok = False
    try:
        ok = g.up() and g.crash() and checked(g, row)
    except Exception:
        traceback.print_exc()
    finally:
        clock.stop()
        sc.finish(ok)
    r = Result(load_seconds(g), clock.since("console"), clock.since("init"))
    if not ok or None in r:
        print("  %s, round %d: BROKEN (%s; see %s)" % (
            row.label, n, "no timing on the console" if ok else
            "a step or the dump check failed", g.dir), flush=True)
        return None
    print("  %s, round %d: load %.2f s, panic to console %.2f s, to /init %.2f s; dump checked"
          % (row.label, n, r.load, r.console, r.init), flush=True)
    return r


def kexec_tools(art):
    """Put kexec-tools into first-kt.cpio.gz; returns what the header says
    of it."""
    root = os.environ.get("KEXEC_TOOLS_ROOT") or subprocess.run(
        ["sh", os.path.join(HERE, "fetch-kexec-tools.sh")], check=True,
        stdout=subprocess.PIPE, text=True).stdout.strip()
    binary = os.path.join(root, "sbin", "kexec")
    adds = [(binary, KT_GUEST)] + debpkg.guest_files(binary, [root, "/"], "amd64")
    art.overlay("kt", adds)
    try:
        with open(os.path.join(root, "..", "packages")) as f:
            pkgs = [p.strip() for p in f if p.startswith("kexec-tools")]
    except OSError:
        pkgs = []
    return "%s (sbin/kexec sha256 %s...), its interpreter and %d shared libraries" % (
        pkgs[0] if pkgs else binary, debpkg.sha256(binary)[:16], len(adds) - 2)


def median(values):
    return statistics.median(values) if values else None


def fmt(v):
    return "%.2f" % v if v is not None else "-"


def ratio(a, b):
    return "%.2f" % (a / b) if a is not None and b else "-"


def table(results, runs):
    """The markdown table: medians, ratio ours / kexec-tools."""
    base = {k: median([getattr(r, k) for r in results[ROWS[0].name]]) for k in Result._fields}
    lines = ["| crash load in the guest (`-c -p`, same kernel, initrd and command line)"
             " | load s | ratio | panic to capture kernel's console s | ratio"
             " | panic to capture /init s | ratio | dumps checked |",
             "|---|---|---|---|---|---|---|---|"]
    for row in ROWS:
        rs = results[row.name]
        cells = []
        for k in Result._fields:
            m = median([getattr(r, k) for r in rs])
            cells += [fmt(m), "-" if row is ROWS[0] else ratio(m, base[k])]
        lines.append("| %s | %s | %d of %d |" % (row.label, " | ".join(cells), len(rs), runs))
    lines.append("")
    lines.append("Each run (load s / panic to console s / panic to /init s):")
    for row in ROWS:
        lines.append("- %s: %s" % (row.label, ", ".join(
            "%.2f / %.2f / %.2f" % r for r in results[row.name]) or "none"))
    return lines


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown CPU")
    return "%s, %d CPUs online" % (cpu, os.cpu_count() or 0)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def header(art, kt, runs, load0):
    qemu = subprocess.run([vm.qemu_bin(art.profile), "--version"], capture_output=True,
                          text=True).stdout.split("\n")[0]
    rev = subprocess.run(["git", "-C", SRC, "describe", "--always", "--dirty"],
                         capture_output=True, text=True).stdout.strip() or "unknown"
    p = art.profile
    return ["Run %s, %s; host load average %s at the start, %s at the end" % (
                datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                machine(), load0, loadavg()),
            "guest: %s %s, -m %s -smp %s, crashkernel=%s, %s; kernel %s" % (
                qemu, " ".join(p.machine), p.mem.split(",")[0], p.smp, p.crashkernel,
                " ".join(arch.accel(p)), os.path.basename(art.kernel)),
            "ours: static build of %s; kexec-tools: %s" % (rev, kt),
            "medians of %d rounds, one guest boot per row and round; ratio = ours / kexec-tools"
            % runs,
            ""]


def run(args, work):
    profile = arch.X86_64
    build.run(["sh", os.path.join(SRC, "tests", "install-deps.sh"), "build", "e2e"])
    build.ensure_host(profile)
    art = build.Artefacts(profile, os.path.join(work, profile.label))
    art.build()
    kt = kexec_tools(art)
    suite = kdump.Suite(profile, art)
    suite.plan = "0"        # no --dry-run before the timed load
    load0 = loadavg()
    say("artefacts in %s; %d rounds of %d boots" % (art.work, args.runs, len(ROWS)))
    results = {row.name: [] for row in ROWS}
    broken = 0
    for n in range(1, args.runs + 1):
        for i in range(len(ROWS)):
            row = ROWS[(n - 1 + i) % len(ROWS)]
            r = one(suite, row, n)
            if r:
                results[row.name].append(r)
            else:
                broken += 1
    lines = header(art, kt, args.runs, load0) + table(results, args.runs)
    print("\n" + "\n".join(lines))
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")
    if broken:
        say("%d of %d runs broke (their guests' logs are in %s)" % (
            broken, args.runs * len(ROWS), art.work))
    return 1 if broken else 0


def main(argv):
    p = argparse.ArgumentParser(prog="compare-guest.py",
                                description="Ours against Debian's kexec-tools in a QEMU guest.")
    p.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
    p.add_argument("--out", help="also write the table to this file")
    p.add_argument("--work", help="keep artefacts and logs in this directory")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    sys.stdout.reconfigure(line_buffering=True)
    # a TERM stops the guests as an interrupt does (Scenario.finish)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    keep = args.work or os.environ.get("KEXEC_HOTPLUG_BUILD")
    work = keep or tempfile.mkdtemp(prefix="kexec-compare-guest.",
                                    dir=os.environ.get("TMPDIR", "/tmp"))
    t0 = time.time()
    try:
        rc = run(args, work)
    except (build.BuildError, debpkg.Failure, OSError, subprocess.CalledProcessError) as e:
        say("preparing the guest failed: %s" % e)
        rc = 1
    say("done in %d s" % (time.time() - t0))
    if rc == 0 and not keep:
        shutil.rmtree(work, ignore_errors=True)
    elif not keep:
        say("work directory kept: " + work)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
