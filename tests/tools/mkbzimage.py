#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""mkbzimage.py - write a synthetic x86_64 bzImage for planning tests.

The setup header carries the fields a 64-bit relocatable Linux kernel
(boot protocol 2.15, like Debian's 6.12) has; the payload is pseudorandom
bytes.  It cannot boot: it exists so CLI tests can plan loads when no real
Debian kernel was fetched.  Options override single fields to make bad
images: --version 0x20a, --no-hdrs, --xloadflags 0, --truncate N.
"""
import argparse
import random
import struct


def build(args):
    setup_sects = 27
    setup = bytearray((setup_sects + 1) * 512)
    struct.pack_into("<B", setup, 0x1F1, setup_sects)
    struct.pack_into("<H", setup, 0x1FE, 0xAA55)
    struct.pack_into("<BB", setup, 0x200, 0xEB, 0x6A)  # jump: header ends 0x26c
    if not args.no_hdrs:
        setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, args.version)
    struct.pack_into("<I", setup, 0x1F4, args.payload // 16)   # syssize
    struct.pack_into("<B", setup, 0x211, 0x01 if not args.no_loaded_high else 0)
    struct.pack_into("<I", setup, 0x214, 0x100000)          # code32_start
    struct.pack_into("<I", setup, 0x22C, 0x7FFFFFFF)        # initrd_addr_max
    struct.pack_into("<I", setup, 0x230, 0x200000)          # kernel_alignment
    struct.pack_into("<B", setup, 0x234, 1)                 # relocatable_kernel
    struct.pack_into("<B", setup, 0x235, 21)                # min_alignment
    struct.pack_into("<H", setup, 0x236, args.xloadflags)
    struct.pack_into("<I", setup, 0x238, 2047)              # cmdline_size
    struct.pack_into("<Q", setup, 0x258, 0x1000000)         # pref_address
    struct.pack_into("<I", setup, 0x260, args.init_size)
    rng = random.Random(42)
    payload = rng.randbytes(args.payload)
    image = bytes(setup) + payload
    if args.truncate is not None:
        image = image[: args.truncate]
    return image


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out")
    p.add_argument("--version", type=lambda s: int(s, 0), default=0x020F)
    p.add_argument("--xloadflags", type=lambda s: int(s, 0), default=0x7F)
    p.add_argument("--init-size", type=lambda s: int(s, 0), default=0x3000000)
    p.add_argument("--payload", type=lambda s: int(s, 0), default=2 << 20)
    p.add_argument("--truncate", type=lambda s: int(s, 0))
    p.add_argument("--no-hdrs", action="store_true")
    p.add_argument("--no-loaded-high", action="store_true")
    args = p.parse_args()
    with open(args.out, "wb") as f:
        f.write(build(args))


if __name__ == "__main__":
    main()
