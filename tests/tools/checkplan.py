#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""checkplan.py - independent checks of a dry-run crash plan for x86_64.

Reads the --plan-json file and the --dump-segments directory of one plan and
the snapshot's /proc/iomem, and checks what the capture kernel will get,
without using any of the loader's code:
  - every segment lies inside the crash region, and only the elfcorehdr
    segment starts with ELF magic;
  - the elfcorehdr (parsed here from its bytes) lists exactly the RAM of
    /proc/iomem outside the crash region and above 1 MiB (plus the kernel
    text), one PT_NOTE per CPU note and the vmcoreinfo note;
  - the e820 table in the boot_params segment gives the capture kernel no RAM
    outside the crash region and low memory, and none of the page-rounded
    elfcorehdr segment.
Usage: checkplan.py PLAN.json SEGDIR IOMEM [--cpus N]
Prints one line per failed check and exits 1 if any failed.
"""
import json
import os
import re
import struct
import sys

PT_LOAD, PT_NOTE = 1, 4
fails = []


def check(ok, msg):
    if not ok:
        fails.append(msg)


def iomem_ram(path):
    ram, crash = [], []
    for line in open(path):
        m = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) : (.*)$", line)
        if not m:
            continue
        s, e, name = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
        if "System RAM" in name:
            ram.append([s, e])
        elif name == "Crash kernel":
            crash.append([s, e])
    return ram, crash


def subtract(ranges, cut):
    out = []
    for s, e in ranges:
        if e < cut[0] or s > cut[1]:
            out.append([s, e])
            continue
        if s < cut[0]:
            out.append([s, cut[0] - 1])
        if e > cut[1]:
            out.append([cut[1] + 1, e])
    return out


def phdrs(buf):
    check(buf[:4] == b"\x7fELF", "elfcorehdr does not start with ELF magic")
    phoff, = struct.unpack_from("<Q", buf, 0x20)
    phnum, = struct.unpack_from("<H", buf, 0x38)
    for i in range(phnum):
        t, _f, off, va, pa, fsz, msz, _a = struct.unpack_from("<IIQQQQQQ", buf, phoff + 56 * i)
        yield t, off, va, pa, fsz, msz


def main():
    plan_path, segdir, iomem = sys.argv[1:4]
    cpus = int(sys.argv[sys.argv.index("--cpus") + 1]) if "--cpus" in sys.argv else None
    plan = json.load(open(plan_path))
    cs, ce = plan["crash_region"]
    segs = plan["segments"]
    files = sorted(os.listdir(segdir))
    check(len(files) == len(segs), "%d dumped segments for %d in the plan" % (len(files), len(segs)))
    data = {}
    for i, seg in enumerate(segs):
        check(cs <= seg["mem"] and seg["mem"] + seg["memsz"] - 1 <= ce,
              "segment %s 0x%x+0x%x outside the crash region" % (seg["role"], seg["mem"], seg["memsz"]))
        data[seg["role"]] = open(os.path.join(segdir, files[i]), "rb").read()
        if seg["role"] != "elfcorehdr":
            check(data[seg["role"]][:4] != b"\x7fELF", "segment %s starts with ELF magic" % seg["role"])

    ram, crash = iomem_ram(iomem)
    want = [r for r in ram]
    for c in crash:
        want = subtract(want, c)
    want = subtract(want, [0, 0xFFFFF])
    hdr = plan["elfcorehdr"]
    ech = [s for s in segs if s["role"] == "elfcorehdr"][0]
    loads, notes = [], 0
    for t, off, va, pa, fsz, msz in phdrs(data["elfcorehdr"]):
        if t == PT_NOTE:
            notes += 1
        elif t == PT_LOAD:
            check(off == pa, "PT_LOAD 0x%x has p_offset 0x%x" % (pa, off))
            loads.append([pa, pa + msz - 1])
    text = [l for l in loads if l not in want]
    check(len(text) <= 1, "PT_LOADs not in iomem RAM: %s" % [[hex(a), hex(b)] for a, b in text])
    check(sorted(l for l in loads if l not in text) == sorted(want),
          "PT_LOAD RAM %s != iomem RAM outside the crash region %s" %
          ([[hex(a), hex(b)] for a, b in loads], [[hex(a), hex(b)] for a, b in want]))
    check(notes == hdr["cpu_notes"] + 1, "%d PT_NOTEs for %d CPU notes + vmcoreinfo" % (notes, hdr["cpu_notes"]))
    if cpus is not None:
        check(hdr["cpu_notes"] == cpus, "%d CPU notes, expected %d" % (hdr["cpu_notes"], cpus))

    bp = data["boot_params"]
    n = bp[0x1E8]
    ech_end = ech["mem"] + ech["memsz"] - 1
    for i in range(n):
        addr, size, typ = struct.unpack_from("<QQI", bp, 0x2D0 + 20 * i)
        if typ != 1:
            continue
        end = addr + size - 1
        check(end < 0x100000 or (cs <= addr and end <= ce),
              "e820 RAM 0x%x-0x%x outside the crash region and low memory" % (addr, end))
        check(end < ech["mem"] or addr > ech_end,
              "e820 RAM 0x%x-0x%x overlaps the elfcorehdr segment 0x%x-0x%x" % (addr, end, ech["mem"], ech_end))
    for f in fails:
        print("checkplan: " + f)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
