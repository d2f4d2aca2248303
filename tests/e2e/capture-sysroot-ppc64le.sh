#!/bin/sh
# capture-sysroot-ppc64le.sh - recapture tests/fixtures/sysroot/deb12-ppc64le-*
# in a pseries QEMU guest: a thin wrapper over e2e.py capture-sysroot
# (lib/sysroot.py).  Usage: tests/e2e/capture-sysroot-ppc64le.sh [OUTDIR]
exec python3 "$(dirname "$0")/e2e.py" capture-sysroot --arch ppc64le "$@"
