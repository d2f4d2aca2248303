#!/usr/bin/env python3
# verify.py - owns the host's verdict on one kdump scenario: compares what the
# first kernel wrote (fillmem's page list, machine state) with what the
# capture kernel found in /proc/vmcore (vmcore-check's report and bitmap),
# prints a narrated result and exits 0 (as expected) or 1 (not).
#
# Usage: verify.py FIRST_DIR CAPTURE_DIR [--dimms FILE] [expectations...]
#   FIRST_DIR     what kdump.init's fill step sent ("first"): load.cmd,
#                 load.sysfs, panic.iomem, panic.sysfs, fill/pages.txt
#   CAPTURE_DIR   what the capture kernel sent ("capture"): check.txt,
#                 found.bin, mkdump.log, dmesg.txt
#   --dimms FILE  QMP query-memory-devices output taken before the panic
#                 (pc-dimm: its range; virtio-mem: its device region)
# Expectations (each a check that can fail):
#   --pages all            every pattern page is in the dump
#   --pages hotadd-missing every page in a DIMM is missing, every other found
#                          (the negative control: a load without --hotplug);
#                          pages must have landed on both sides, so the fill
#                          must be larger than the hot-added memory
#   --covered ID           the DIMM ID's range is covered by PT_LOADs
#   --stamped ID           some pattern pages landed in the DIMM ID (so the
#                          page checks say something about hot-added memory)
#   --absent ID            no PT_LOAD overlaps the DIMM ID's range (the range
#                          of a removed DIMM: give it with --range ID:ADDR:SIZE)
#   --range ID:ADDR:SIZE   a range known from before (a DIMM since removed)
#   --vmem ID              the virtio-mem device ID: pattern pages landed in
#                          its System RAM (virtio_mem) ranges of panic.iomem,
#                          PT_LOADs cover every one of those ranges and
#                          nothing else of the device region (no unplugged
#                          block is claimed)
#   --plan NAME            the guest's `kexec --dry-run` plan-NAME.txt lists
#                          PT_LOAD ranges covering every System RAM
#                          (virtio_mem) range of plan-NAME.iomem (the
#                          /proc/iomem it was planned from)
#   --initrd-marker TEXT   the capture kernel's initramfs had /etc/e2e-initrd
#                          saying TEXT ("none": it had none), so it is known
#                          which initramfs ran (a UKI's .initrd has "uki")
#   --cmdline-has WORD     the capture kernel's /proc/cmdline has WORD
#   --cmdline-lacks WORD   ... does not have WORD
#   --read-errors N        exactly N PT_LOADs fail to read (default 0)
#   --any-read-errors      do not check read errors
#   --hotplug-sysfs V      memory/crash_hotplug read V after the load
#   --makedumpfile         makedumpfile -d 31 worked and its --dump-dmesg
#                          shows the first kernel's panic
#   --show-plan            print the guest's `kexec --dry-run` of the load
#   --machine N            the dump's ELF e_machine (default 62, x86_64;
#                          21 is ppc64)
#   --notes-online         expect one NT_PRSTATUS per CPU online at the panic
#                          (ppc64: the capture kernel drops the empty notes
#                          of possible but absent CPUs), not per possible CPU
#   --hot-base ADDR        where hot-added memory starts for --pages
#                          hotadd-missing (default 4 GiB; pseries: 2 GiB)
import json
import os
import sys

GiB4 = 1 << 32


def mib(n):
    return "%d MiB" % (n >> 20) if n % (1 << 20) == 0 else "%d KiB" % (n >> 10)


def read(path, default=None):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        if default is None:
            raise
        return default


def parse_pages(path):
    """fillmem's runs -> list of (index, phys) for every page."""
    pages = []
    for line in read(path).split("\n"):
        if not line.strip():
            continue
        idx, pfn, count = line.split()
        idx, pfn, count = int(idx), int(pfn, 16), int(count)
        pages.extend((idx + k, (pfn + k) << 12) for k in range(count))
    return pages


def parse_check(path):
    rep = {"loads": [], "fields": {}}
    for line in read(path).split("\n"):
        words = line.split()
        if not words:
            continue
        kv = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        if words[0] == "load":
            rep["loads"].append((int(kv["paddr"], 16), int(kv["size"], 16),
                                 kv["read"], int(kv["found"])))
        elif words[0] in ("read_errors", "rc"):
            rep["fields"][words[0]] = int(words[1])
        else:
            rep["fields"].update({words[0] + "." + k: v for k, v in kv.items()})
    return rep


def cpu_count(spec):
    n = 0
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        n += int(hi or lo) - int(lo) + 1
    return n


def sysfs(path):
    vals = {}
    for line in read(path, "").split("\n"):
        if " " in line:
            k, v = line.split(" ", 1)
            vals[k] = v.strip()
    return vals


class Verdict:
    def __init__(self):
        self.failed = 0

    def check(self, ok, text):
        print("  %s %s" % ("ok  " if ok else "FAIL", text))
        if not ok:
            self.failed += 1
        return ok

    def note(self, text):
        print("  info " + text)


def covered(loads, start, size):
    """bytes of [start, start+size) inside some PT_LOAD"""
    n = 0
    for p, s, _, _ in loads:
        lo, hi = max(p, start), min(p + s, start + size)
        n += max(0, hi - lo)
    return n


def vmem_ranges(path):
    """The System RAM (virtio_mem) ranges of an iomem file, as (start, size)."""
    out = []
    for line in read(path, "").split("\n"):
        span, _, name = line.strip().partition(" : ")
        if name == "System RAM (virtio_mem)":
            lo, hi = (int(x, 16) for x in span.split("-"))
            out.append((lo, hi - lo + 1))
    return out


def plan_loads(path):
    """The PT_LOAD ranges a --dry-run printed, as verify's load tuples."""
    out = []
    for line in read(path, "").split("\n"):
        w = line.split()
        if len(w) == 2 and w[0] == "load":
            lo, hi = (int(x, 16) for x in w[1].split("-"))
            out.append((lo, hi - lo + 1, "plan", 0))
    return out


def check_vmem(v, dev, region, ranges, loads, pages):
    """--vmem: the checks of one virtio-mem device's plugged memory."""
    a, s = region
    print("virtio-mem %s: region %#x %s, System RAM (virtio_mem) at the panic: %s" % (
        dev, a, mib(s), ", ".join("%#x %s" % (lo, mib(n)) for lo, n in ranges) or "none"))
    n = sum(1 for _, ph in pages if any(lo <= ph < lo + sz for lo, sz in ranges))
    v.check(n > 0, "pattern pages landed in %s's System RAM (virtio_mem) (%d)" % (dev, n))
    plugged = sum(sz for _, sz in ranges)
    cov = sum(covered(loads, lo, sz) for lo, sz in ranges)
    v.check(bool(ranges) and cov == plugged, "%s's plugged memory is covered by PT_LOADs (%s of %s)"
            % (dev, mib(cov), mib(plugged)))
    claimed = covered(loads, a, s)
    v.check(claimed == cov, "no PT_LOAD claims unplugged parts of %s (%s of the region "
            "claimed, %s plugged)" % (dev, mib(claimed), mib(plugged)))


def check_plan(v, first, name):
    """--plan: the dry-run's PT_LOADs cover the virtio_mem ranges."""
    loads = plan_loads(os.path.join(first, "plan-%s.txt" % name))
    ranges = vmem_ranges(os.path.join(first, "plan-%s.iomem" % name))
    want = sum(sz for _, sz in ranges)
    cov = sum(covered(loads, lo, sz) for lo, sz in ranges)
    v.check(bool(ranges) and cov == want, "kexec --dry-run (%s) lists %d PT_LOAD ranges covering "
            "the %d System RAM (virtio_mem) ranges (%s of %s)"
            % (name, len(loads), len(ranges), mib(cov), mib(want)))


def check_source(v, cap, marker, has, lacks):
    """--initrd-marker, --cmdline-has, --cmdline-lacks: which initramfs and
    command line the capture kernel ran with (kdump.init's capture role
    wrote initrd.txt and cmdline.txt)."""
    words = read(os.path.join(cap, "cmdline.txt"), "").split()
    if marker is not None:
        got = read(os.path.join(cap, "initrd.txt"), "(no initrd.txt)").strip()
        v.check(got == marker, "the capture kernel's initramfs marker is %s (expected %s)"
                % (got, marker))
    for w in has:
        v.check(w in words, "the capture kernel's command line has %s" % w)
    for w in lacks:
        v.check(w not in words, "the capture kernel's command line lacks %s" % w)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: verify.py FIRST_DIR CAPTURE_DIR [options]\n")
        return 2
    first, cap = argv[0], argv[1]
    opts = {"pages": None, "covered": [], "absent": [], "stamped": [], "range": {},
            "read_errors": 0, "hotplug_sysfs": None, "makedumpfile": False,
            "show_plan": False, "machine": "62", "notes_online": False, "hot_base": GiB4,
            "initrd_marker": None, "cmdline_has": [], "cmdline_lacks": []}
    dimms, vmem = {}, {}
    i = 2
    while i < len(argv):
        a = argv[i]
        if a == "--dimms":
            for d in json.loads(read(argv[i + 1])):
                data = d.get("data", {})
                if d.get("type") == "virtio-mem":
                    vmem[data.get("id")] = (data["memaddr"], data["max-size"])
                else:
                    dimms[data.get("id")] = (data["addr"], data["size"])
        elif a == "--pages":
            opts["pages"] = argv[i + 1]
        elif a == "--covered":
            opts["covered"].append(argv[i + 1])
        elif a in ("--vmem", "--plan"):
            opts.setdefault(a[2:], []).append(argv[i + 1])
        elif a in ("--absent", "--stamped"):
            opts[a[2:]].append(argv[i + 1])
        elif a == "--range":
            rid, addr, size = argv[i + 1].split(":")
            opts["range"][rid] = (int(addr, 0), int(size, 0))
        elif a == "--initrd-marker":
            opts["initrd_marker"] = argv[i + 1]
        elif a in ("--cmdline-has", "--cmdline-lacks"):
            opts[a[2:].replace("-", "_")].append(argv[i + 1])
        elif a == "--machine":
            opts["machine"] = argv[i + 1]
        elif a == "--hot-base":
            opts["hot_base"] = int(argv[i + 1], 0)
        elif a == "--read-errors":
            opts["read_errors"] = int(argv[i + 1])
        elif a == "--any-read-errors":
            opts["read_errors"] = None
            i += 1
            continue
        elif a == "--hotplug-sysfs":
            opts["hotplug_sysfs"] = argv[i + 1]
        elif a in ("--makedumpfile", "--show-plan", "--notes-online"):
            opts[a[2:].replace("-", "_")] = True
            i += 1
            continue
        else:
            sys.stderr.write("verify.py: unknown option %s\n" % a)
            return 2
        i += 2
    dimms.update(opts["range"])

    v = Verdict()
    load_cmd = read(os.path.join(first, "load.cmd"), "?").strip()
    ls = sysfs(os.path.join(first, "load.sysfs"))
    ps = sysfs(os.path.join(first, "panic.sysfs"))
    print("what was loaded:   %s (then memory/crash_hotplug=%s, cpu/crash_hotplug=%s)"
          % (load_cmd, ls.get("memory/crash_hotplug"), ls.get("cpu/crash_hotplug")))
    if opts["show_plan"]:
        print("    the same load with --dry-run, inside the guest, printed:")
        for line in read(os.path.join(first, "plan.txt"), "(no plan.txt)").rstrip().split("\n"):
            print("    | " + line)
    if os.path.exists(os.path.join(first, "reload.sysfs")):
        print("reloaded after hot-plug (memory/crash_hotplug=%s)"
              % sysfs(os.path.join(first, "reload.sysfs")).get("memory/crash_hotplug"))
    if dimms:
        print("what was hot-plugged: " + ", ".join(
            "%s %s at %#x" % (k, mib(s), a) for k, (a, s) in sorted(dimms.items())))
    pages = parse_pages(os.path.join(first, "fill", "pages.txt"))
    in_dimm = {k: sum(1 for _, ph in pages if a <= ph < a + s) for k, (a, s) in dimms.items()}
    print("what the guest wrote: %d pattern pages (%s)%s" % (
        len(pages), mib(len(pages) << 12),
        "".join("; %d in %s" % (n, k) for k, n in sorted(in_dimm.items()))))

    rep = parse_check(os.path.join(cap, "check.txt"))
    f = rep["fields"]
    loads = rep["loads"]
    print("what the capture kernel found in /proc/vmcore:")
    for p, s, r, n in loads:
        print("    PT_LOAD %#011x-%#011x %9s  read %-5s %6d pattern pages" % (
            p, p + s - 1, mib(s), r, n))
    print("    NT_PRSTATUS notes %s, VMCOREINFO %s, pattern pages found %s "
          "(misplaced %s, corrupt %s), read errors %s" % (
              f.get("notes.prstatus"), f.get("notes.vmcoreinfo"), f.get("pattern.found"),
              f.get("pattern.misplaced"), f.get("pattern.corrupt"), f.get("read_errors")))

    print("checks:")
    v.check(f.get("rc") == 0, "vmcore-check ran (exit status %s)" % f.get("rc"))
    v.check(f.get("elf.machine") == opts["machine"], "the dump is an %s ELF core" % (
        {"62": "x86_64", "21": "ppc64"}.get(opts["machine"], "e_machine " + opts["machine"])))
    which = "online" if opts["notes_online"] else "possible"
    ncpu = cpu_count(ps.get("cpu/" + which, "0"))
    v.check(f.get("notes.prstatus") == str(ncpu),
            "one NT_PRSTATUS per %s CPU (%s notes, %d CPUs)" % (which, f.get("notes.prstatus"), ncpu))
    v.check(f.get("notes.vmcoreinfo") == "yes", "VMCOREINFO note present")
    if opts["read_errors"] is not None:
        bad = [(p, r) for p, _, r, _ in loads if r != "ok"]
        v.check(len(bad) == opts["read_errors"],
                "%d PT_LOAD(s) fail to read, expected %d%s" % (
                    len(bad), opts["read_errors"],
                    "".join(" %#x:%s" % b for b in bad)))
    if opts["hotplug_sysfs"] is not None:
        v.check(ls.get("memory/crash_hotplug") == opts["hotplug_sysfs"],
                "memory/crash_hotplug read %s after the load (expected %s)"
                % (ls.get("memory/crash_hotplug"), opts["hotplug_sysfs"]))
    for k in opts["covered"]:
        a, s = dimms[k]
        c = covered(loads, a, s)
        v.check(c == s, "%s (%#x, %s) is covered by PT_LOADs (%s of it)" % (k, a, mib(s), mib(c)))
    for k in opts["stamped"]:
        v.check(in_dimm[k] > 0, "pattern pages landed in %s (%d)" % (k, in_dimm[k]))
    for k in opts["absent"]:
        a, s = dimms[k]
        c = covered(loads, a, s)
        v.check(c == 0, "%s (%#x, %s) has no PT_LOAD (%s of it covered)" % (k, a, mib(s), mib(c)))

    check_source(v, cap, opts["initrd_marker"], opts["cmdline_has"], opts["cmdline_lacks"])
    for k in opts.get("vmem", []):
        check_vmem(v, k, vmem[k], vmem_ranges(os.path.join(first, "panic.iomem")), loads, pages)
    for k in opts.get("plan", []):
        check_plan(v, first, k)

    try:
        with open(os.path.join(cap, "found.bin"), "rb") as fb:
            bitmap = fb.read()
    except OSError:
        bitmap = b""

    def found(idx):
        return idx // 8 < len(bitmap) and bitmap[idx // 8] >> (idx % 8) & 1

    nfound = sum(1 for idx, _ in pages if found(idx))
    if opts["pages"] == "all":
        missing = [(idx, ph) for idx, ph in pages if not found(idx)]
        v.check(not missing, "every pattern page is in the dump (%d of %d found%s)" % (
            nfound, len(pages), "; first missing: page %d at %#x" % missing[0] if missing else ""))
    elif opts["pages"] == "hotadd-missing":
        hot = [(idx, ph) for idx, ph in pages if ph >= opts["hot_base"]]
        low = [(idx, ph) for idx, ph in pages if ph < opts["hot_base"]]
        hot_found = sum(1 for idx, _ in hot if found(idx))
        low_found = sum(1 for idx, _ in low if found(idx))
        v.check(len(hot) > 0, "some pattern pages landed in hot-added memory (%d)" % len(hot))
        v.check(len(low) > 0, "some pattern pages landed in boot memory (%d)" % len(low))
        v.check(hot_found == 0, "pages in hot-added memory are MISSING from the dump "
                "(%d of %d found)" % (hot_found, len(hot)))
        v.check(low_found == len(low), "pages in boot memory are in the dump (%d of %d)"
                % (low_found, len(low)))
    if opts["makedumpfile"]:
        mk = read(os.path.join(cap, "mkdump.log"), "")
        last = mk.strip().split("\n")[-1] if mk.strip() else ""
        w = last.split()
        ok = len(w) == 6 and w[1] == "0" and int(w[3]) > 0 and w[5] == "KDUMP___"
        v.check(ok, "makedumpfile -l -d 31 wrote a kdump-compressed dump (%s)" % last)
        dm = read(os.path.join(cap, "dmesg.txt"), "")
        v.check("sysrq: Trigger a crash" in dm and "Kernel panic" in dm,
                "makedumpfile --dump-dmesg shows the first kernel's panic")
        for line in dm.split("\n"):
            if "Kernel panic" in line:
                print("    dmesg: " + line.strip())
                break
    return 1 if v.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
