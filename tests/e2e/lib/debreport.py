# debreport.py - owns reading what the Debian guest reported
# (debian/debian-guest.sh) and what its saved dump holds, as pure functions
# the scenarios of scenarios_debian.py print and judge, unit-tested in
# test_debian.py:
#   state(text)          a step's state.txt ("key value" lines) as a dict
#   journal(text)        `journalctl -o short-monotonic` lines as Events
#   window(ev, a, b)     the events between the e2e markers starting with A
#                        and B (the kexec runs of a hot-plug step)
#   kexec_runs(ev)       the kexec-log lines (tag e2e-kexec) as Runs
#   tally(runs)          loads, unloads, failures, reloads of a list of Runs
#   merge(loads)         adjacent PT_LOADs of a dump merged into ranges
#   dump_counts(...)     stamped pages found, overall and per DIMM
import re
import struct
from typing import NamedTuple

import verify

LINE = re.compile(r"^\[\s*(\d+\.\d+)\]\s+\S+\s+([^\s\[:]+)(?:\[\d+\])?:\s?(.*)$")
# kexec runs that only ask something (no load, no unload)
QUERIES = ("--print-ckr-size", "--version", "-v", "-h", "--help", "-S", "--status")


class Event(NamedTuple):
    t: float        # seconds since boot (monotonic)
    tag: str        # syslog identifier (unit name for service output)
    msg: str


class Run(NamedTuple):
    t: float
    rc: int
    args: str
    err: str


def state(text):
    out = {}
    for line in text.split("\n"):
        k, _, v = line.partition(" ")
        if k:
            out[k] = v.strip()
    return out


def journal(text):
    ev = []
    for line in text.split("\n"):
        m = LINE.match(line)
        if m:
            ev.append(Event(float(m.group(1)), m.group(2), m.group(3)))
    return ev


def window(events, start, end=None):
    """Events after the first e2e marker starting with START and before the
    first later one starting with END (to the end without END)."""
    out, on = [], False
    for e in events:
        if e.tag == "e2e" and not on and e.msg.startswith(start):
            on = True
            continue
        if on and end and e.tag == "e2e" and e.msg.startswith(end):
            break
        if on:
            out.append(e)
    return out


def kexec_runs(events):
    runs = []
    for e in events:
        if e.tag != "e2e-kexec":
            continue
        m = re.match(r"rc=(\d+) ?(.*?)(?: \| (.*))?$", e.msg)
        if m:
            runs.append(Run(e.t, int(m.group(1)), m.group(2).strip(), (m.group(3) or "").strip()))
    return runs


def kind(run):
    """query, unload, reload (kexec -p --reload) or load."""
    words = run.args.split()
    if any(w in QUERIES for w in words):
        return "query"
    if "-u" in words or "--unload" in words:
        return "unload"
    if "--reload" in words:
        return "reload"
    return "load"


class Tally(NamedTuple):
    runs: int       # every kexec run but queries
    loads: int      # successful loads (a --reload included)
    unloads: int
    failed: int
    first: float    # time of the first and the last run (0 when none)
    last: float

    def text(self):
        return "%d kexec runs (%d successful loads, %d unloads, %d failed)" % (
            self.runs, self.loads, self.unloads, self.failed)


def tally(runs):
    rs = [r for r in runs if kind(r) != "query"]
    return Tally(len(rs), sum(1 for r in rs if r.rc == 0 and kind(r) in ("load", "reload")),
                 sum(1 for r in rs if kind(r) == "unload"),
                 sum(1 for r in rs if r.rc != 0),
                 rs[0].t if rs else 0.0, rs[-1].t if rs else 0.0)


def merge(loads):
    """(paddr, size, ...) PT_LOADs -> sorted [start, end) ranges, adjacent or
    overlapping ones merged (makedumpfile splits a range at every long run
    of excluded pages; it also leaves empty ones, which are dropped)."""
    out = []
    for p, s, *_ in sorted(loads):
        if s == 0:
            continue
        if out and p <= out[-1][1]:
            out[-1][1] = max(out[-1][1], p + s)
        else:
            out.append([p, p + s])
    return [tuple(r) for r in out]


def dump_counts(pages, bitmap, dimms):
    """Stamped pages found in the dump: (found, total, {dimm: (found,
    total)}, first missing (index, phys) or None).  PAGES: (index, phys)
    pairs; BITMAP: vmcore-check's; DIMMS: {id: (addr, size)}."""
    def found(idx):
        return idx // 8 < len(bitmap) and bitmap[idx // 8] >> (idx % 8) & 1

    per = {k: [0, 0] for k in dimms}
    nfound, missing = 0, None
    for idx, ph in pages:
        f = found(idx)
        nfound += 1 if f else 0
        if not f and missing is None:
            missing = (idx, ph)
        for k, (a, s) in dimms.items():
            if a <= ph < a + s:
                per[k][0] += 1 if f else 0
                per[k][1] += 1
    return nfound, len(pages), {k: tuple(v) for k, v in per.items()}, missing


def covered(loads, addr, size):
    return verify.covered(loads, addr, size)


def before(events, mark):
    """The events before the first e2e marker starting with MARK."""
    out = []
    for e in events:
        if e.tag == "e2e" and e.msg.startswith(mark):
            break
        out.append(e)
    return out


def found(bitmap, idx):
    return idx // 8 < len(bitmap) and bool(bitmap[idx // 8] >> (idx % 8) & 1)


def elf_loads(path):
    """(p_offset, p_paddr, p_filesz) of every PT_LOAD of an ELF64 LE file
    (the e_phnum extension of more than 65535 headers included)."""
    with open(path, "rb") as f:
        eh = f.read(64)
        if eh[:4] != b"\x7fELF" or eh[4] != 2 or eh[5] != 1:
            raise ValueError("%s: not an ELF64 little-endian file" % path)
        phoff, shoff = struct.unpack_from("<QQ", eh, 32)
        phentsize, phnum = struct.unpack_from("<HH", eh, 54)
        if phnum == 0xFFFF:
            f.seek(shoff)
            phnum = struct.unpack_from("<I", f.read(64), 44)[0]
        f.seek(phoff)
        raw = f.read(phentsize * phnum)
    out = []
    for i in range(phnum):
        p_type, _, off, _, paddr, filesz = struct.unpack_from("<IIQQQQ", raw, i * phentsize)
        if p_type == 1:
            out.append((off, paddr, filesz))
    return out


def file_offset(loads, phys):
    """Where physical address PHYS sits in the file (elf_loads()); None
    when no PT_LOAD holds it."""
    for off, paddr, filesz in loads:
        if paddr <= phys < paddr + filesz:
            return off + phys - paddr
    return None


FLAT_SIGNATURE = b"makedumpfile\0"
FLAT_HEADER = 4096


def unflatten(src, dst):
    """makedumpfile's flattened format (what it writes to a pipe: a 4 KiB
    header, then big-endian (offset, size) records each followed by its
    data, ended by offset -1) rearranged into the dump file DST, as
    `makedumpfile -R` does, except that a file cut short (makedumpfile died
    mid-dump and kdump-tools kept it) gives what it holds instead of a
    hang.  Returns (records, complete); ValueError when SRC is not
    flattened."""
    records, complete = 0, False
    with open(src, "rb") as f, open(dst, "wb") as out:
        head = f.read(FLAT_HEADER)
        if not head.startswith(FLAT_SIGNATURE):
            raise ValueError("%s: not in makedumpfile's flattened format" % src)
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            off, size = struct.unpack(">qq", rec)
            if off == -1:
                complete = True
                break
            if off < 0 or size < 0:
                break
            data = f.read(size)
            out.seek(off)
            out.write(data)
            records += 1
            if len(data) < size:
                break
    return records, complete
