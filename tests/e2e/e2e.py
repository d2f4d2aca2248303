#!/usr/bin/env python3
# e2e.py - the host side of the end-to-end tests, one driver for every arch:
# real crash dumps taken in QEMU guests (TCG) running Debian's 6.12 kernel,
# loaded by this project's kexec.  Owns the command line and the order of a
# run: host packages, guest artefacts, the scenario loop (lib/driver.py).
#
# Usage: e2e.py run [--arch x86_64|ppc64le] [--deb FILE] [SCENARIO...]
#            the kdump scenarios (all by default; numbers or names, listed by
#            --help and in lib/scenarios_<arch>.py); --deb: the guests run the
#            package's ./sbin/kexec (lib/debpkg.py) instead of a static build
#        e2e.py debian [--deb FILE] [SCENARIO...]
#            the real Debian guest (lib/scenarios_debian.py): kdump-tools,
#            systemd and udev with our .deb (built by tests/deb/build.sh
#            unless --deb names one) and the stock control
#        e2e.py capture-sysroot [--arch x86_64|ppc64le] [--efi] [OUTDIR]
#            recapture the machine-state snapshots in tests/fixtures/sysroot
#            (lib/sysroot.py)
# tests/e2e/run.sh, run-ppc64le.sh, run-debian.sh and capture-sysroot*.sh
# call it.
# Every scenario boots its own guest and prints PASS/FAIL with its phase
# timings; the last line is "N passed, N failed" (exit 1 if any failed).
# Environment: KEXEC_HOTPLUG_BUILD=DIR reuse/keep artefacts (default: a temp
# dir, removed on success); KEXEC_HOTPLUG_ACCEL=kvm (lib/arch.py); the
# scenario knobs KD_SHOW_PLAN, KEXEC_E2E_RELOAD, KD_CORRUPT_WATCH,
# KD_HANG_TIMEOUT, KD_RUN, KD_CAPVMEM (lib/kdump.py); QEMU_BIN,
# QEMU_OVMF_DIR (lib/vm.py); TMPDIR.
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))

import arch  # noqa: E402
import build  # noqa: E402
import debimage  # noqa: E402
import driver  # noqa: E402
import kdump  # noqa: E402
import scenarios_debian  # noqa: E402
import scenarios_ppc64le  # noqa: E402
import scenarios_x86_64  # noqa: E402
import sysroot  # noqa: E402

TABLES = {"x86_64": scenarios_x86_64.TABLE, "ppc64le": scenarios_ppc64le.TABLE}


def scenario_list():
    tables = list(TABLES.items()) + [("debian (e2e.py debian)", scenarios_debian.TABLE)]
    return "\n".join("%s scenarios:\n%s" % (a, "\n".join(
        "  %-3s %-13s %s" % (e.number, e.name, e.summary) for e in t))
        for a, t in tables)


def run(args):
    profile = arch.PROFILES[args.arch]
    table = TABLES[args.arch]
    try:
        picked = driver.pick(table, args.scenarios)
    except ValueError as e:
        print("e2e: unknown scenario %s (%s or a name)"
              % (e, " ".join(x.number for x in table)), file=sys.stderr)
        return 2
    t0 = int(time.time())
    keep = os.environ.get("KEXEC_HOTPLUG_BUILD")
    work = keep or tempfile.mkdtemp(prefix="kexec-%s." % profile.label,
                                    dir=os.environ.get("TMPDIR", "/tmp"))
    build.ensure_host(profile)
    art = build.Artefacts(profile, os.path.join(work, profile.label), args.deb)
    try:
        art.build()
    except (build.BuildError, OSError, subprocess.CalledProcessError) as e:
        print("e2e: building the guest artefacts failed: %s" % e, file=sys.stderr)
        return 1
    suite = kdump.Suite(profile, art)
    print("%s: artefacts in %s (build %ds), run id %s, %s" % (
        profile.label, art.work, int(time.time()) - t0, suite.run,
        " ".join(arch.accel(profile))), flush=True)
    print("\n".join("%s: %s" % (profile.label, line) for line in art.describe()), flush=True)
    ok = driver.run_all(picked, lambda: kdump.Scenario(suite), profile.tag, t0)
    return driver.finish_run(ok, work, keep)


def find_deb(out):
    """The amd64 kexec-hotplug .deb tests/deb/build.sh left in OUT/out."""
    debs = sorted(f for f in os.listdir(os.path.join(out, "out"))
                  if f.startswith("kexec-hotplug_") and f.endswith("_amd64.deb"))
    if not debs:
        raise build.BuildError("no kexec-hotplug_*_amd64.deb in %s/out" % out)
    return os.path.join(out, "out", debs[-1])


def debian(args):
    """The Debian-guest scenarios: image (cached), package, tools, loop."""
    table = scenarios_debian.TABLE
    try:
        picked = driver.pick(table, args.scenarios)
    except ValueError as e:
        print("e2e: unknown scenario %s (a b c or a name)" % e, file=sys.stderr)
        return 2
    t0 = int(time.time())
    keep = os.environ.get("KEXEC_HOTPLUG_BUILD")
    work = keep or tempfile.mkdtemp(prefix="kexec-debian.", dir=os.environ.get("TMPDIR", "/tmp"))
    profile = arch.X86_64
    try:
        build.run(["sh", os.path.join(build.SRC, "tests", "install-deps.sh"), "e2e"])
        build.ensure_host(profile)
        base = debimage.base()
        t1 = int(time.time())
        deb = args.deb
        if not deb:
            out = os.path.join(work, "deb")
            build.run(["sh", os.path.join(build.SRC, "tests", "deb", "build.sh"), "--nocheck", out])
            deb = find_deb(out)
        t2 = int(time.time())
        build.tools(profile, work)
    except (build.BuildError, debimage.ImageError, OSError, subprocess.CalledProcessError) as e:
        print("e2e: preparing the Debian guest failed: %s" % e, file=sys.stderr)
        return 1
    suite = scenarios_debian.Suite(profile, work, base, os.path.abspath(deb),
                                   os.path.join(work, "tools"))
    print("e2e-debian: image %s (ready in %ds), package %s (%ds), run id %s, work %s, %s" % (
        base, t1 - t0, os.path.basename(deb), t2 - t1, suite.run, work,
        " ".join(arch.accel(profile))), flush=True)
    ok = driver.run_all(picked, lambda: scenarios_debian.Scenario(suite), "debian ", t0)
    return driver.finish_run(ok, work, keep)


def main(argv):
    p = argparse.ArgumentParser(prog="e2e.py", description="The end-to-end kdump tests in QEMU.",
                                epilog=scenario_list(),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run kdump scenarios", epilog=scenario_list(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("--arch", choices=sorted(arch.PROFILES), default="x86_64")
    r.add_argument("--deb", metavar="FILE",
                   help="run the kexec of this kexec-hotplug .deb (its ./sbin/kexec)")
    r.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="a number or a name")
    d = sub.add_parser("debian", help="the real Debian guest scenarios")
    d.add_argument("--deb", help="our amd64 .deb (default: built by tests/deb/build.sh)")
    d.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="a, b, c or a name")
    c = sub.add_parser("capture-sysroot", help="recapture tests/fixtures/sysroot snapshots")
    c.add_argument("--arch", choices=sorted(arch.PROFILES), default="x86_64")
    c.add_argument("--efi", action="store_true",
                   help="x86_64: boot through UEFI, write only deb12-x86_64-efi "
                        "(also QEMU_FIRMWARE=ovmf)")
    c.add_argument("outdir", nargs="?", default=sysroot.DEFAULT_OUT)
    args = p.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    # a TERM stops the guests as an interrupt does (the scenario's finally)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.command == "run":
        return run(args)
    if args.command == "debian":
        return debian(args)
    efi = args.efi or os.environ.get("QEMU_FIRMWARE") == "ovmf"
    return sysroot.capture(arch.PROFILES[args.arch], args.outdir, efi)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
