#!/bin/sh
# capture-sysroot.sh - recapture tests/fixtures/sysroot/deb12-x86_64-* in an
# x86_64 QEMU guest: a thin wrapper over e2e.py capture-sysroot (lib/sysroot.py).
# Usage: tests/e2e/capture-sysroot.sh [OUTDIR]   (default tests/fixtures/sysroot)
# QEMU_FIRMWARE=ovmf: through UEFI, only deb12-x86_64-efi; KEEP_WORKDIR=DIR
# keeps the guest's console and dmesg.
exec python3 "$(dirname "$0")/e2e.py" capture-sysroot --arch x86_64 "$@"
