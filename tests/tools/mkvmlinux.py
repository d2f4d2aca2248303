#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""mkvmlinux.py - write a synthetic ppc64le vmlinux for planning tests.

An ELF64 little-endian EM_PPC64 relocatable executable with one PT_LOAD
(vaddr 0xc000000000000000, 192 KiB of pseudorandom contents, 352 KiB in
memory) carrying the "run0" marker at 0x5c, as Debian's ppc64el vmlinux
has.  It cannot boot: it exists so CLI tests can plan ppc64le loads when
no real Debian kernel was fetched.
"""
import random
import struct
import sys

PAGE_OFFSET = 0xC000000000000000
DATA_OFF = 0x10000
FILESZ = 0x30000
MEMSZ = 0x58000


def build():
    ehdr = bytearray(64)
    ehdr[0:16] = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)   # 64-bit, LSB
    struct.pack_into("<HHIQQQIHHHHHH", ehdr, 16,
                     3, 21, 1,                 # ET_DYN, EM_PPC64, EV_CURRENT
                     PAGE_OFFSET, 64, 0,       # entry, phoff, shoff
                     0, 64, 56, 1, 0, 0, 0)    # flags, sizes, one phdr
    phdr = struct.pack("<IIQQQQQQ", 1, 7, DATA_OFF, PAGE_OFFSET, 0,
                       FILESZ, MEMSZ, 0x10000)  # PT_LOAD, RWX
    rnd = random.Random(21)
    data = bytearray(rnd.getrandbits(8) for _ in range(FILESZ))
    data[0x5C:0x60] = struct.pack("<I", 0x72756E30)    # "run0"
    image = ehdr + phdr
    return image + bytes(DATA_OFF - len(image)) + data


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: mkvmlinux.py OUT")
    with open(sys.argv[1], "wb") as f:
        f.write(build())
