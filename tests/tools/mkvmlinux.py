#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""mkvmlinux.py - write a synthetic ELF vmlinux for planning and bad-input tests.

Usage: mkvmlinux.py [--arch ppc64le|x86_64] [--elf32] [--truncate N] OUT

An ELF64 little-endian executable with one PT_LOAD (192 KiB of
pseudorandom contents at file offset 0x10000, 352 KiB in memory):
  ppc64le (default)  EM_PPC64 ET_DYN, vaddr 0xc000000000000000, with the
                     "run0" marker at 0x5c, as Debian's ppc64el vmlinux has
  x86_64             EM_X86_64 ET_EXEC, paddr and entry 16 MiB, vaddr
                     0xffffffff81000000, as a kernel build's vmlinux
--elf32 marks it ELFCLASS32 (EM_386 for x86_64); --truncate N cuts the file
to N bytes.  It cannot boot: it exists so CLI tests can plan loads when no
real Debian kernel was fetched, and so the loader's refusals can be tested.
"""
import argparse
import random
import struct

DATA_OFF = 0x10000
FILESZ = 0x30000
MEMSZ = 0x58000
ARCHS = {   # e_type, e_machine, entry, vaddr, paddr, 32-bit e_machine
    "ppc64le": (3, 21, 0xC000000000000000, 0xC000000000000000, 0, 20),
    "x86_64": (2, 62, 0x1000000, 0xFFFFFFFF81000000, 0x1000000, 3),
}


def build(arch, elf32):
    etype, machine, entry, vaddr, paddr, machine32 = ARCHS[arch]
    ehdr = bytearray(64)
    ehdr[0:16] = b"\x7fELF" + bytes([1 if elf32 else 2, 1, 1]) + bytes(9)
    struct.pack_into("<HHIQQQIHHHHHH", ehdr, 16,
                     etype, machine32 if elf32 else machine, 1,
                     entry, 64, 0,             # entry, phoff, shoff
                     0, 64, 56, 1, 0, 0, 0)    # flags, sizes, one phdr
    phdr = struct.pack("<IIQQQQQQ", 1, 7, DATA_OFF, vaddr, paddr,
                       FILESZ, MEMSZ, 0x10000)  # PT_LOAD, RWX
    rnd = random.Random(21)
    data = bytearray(rnd.getrandbits(8) for _ in range(FILESZ))
    if arch == "ppc64le":
        data[0x5C:0x60] = struct.pack("<I", 0x72756E30)    # "run0"
    image = ehdr + phdr
    return image + bytes(DATA_OFF - len(image)) + data


def main():
    ap = argparse.ArgumentParser(description="write a synthetic ELF vmlinux")
    ap.add_argument("--arch", choices=sorted(ARCHS), default="ppc64le")
    ap.add_argument("--elf32", action="store_true")
    ap.add_argument("--truncate", type=lambda v: int(v, 0))
    ap.add_argument("out")
    args = ap.parse_args()
    image = build(args.arch, args.elf32)
    if args.truncate is not None:
        image = image[:args.truncate]
    with open(args.out, "wb") as f:
        f.write(image)


if __name__ == "__main__":
    main()
