#!/bin/sh
# extract-vmlinux.sh - the ELF vmlinux inside a bzImage: a wrapper over
# kernels.py extract-vmlinux, kept for tests/run-all.sh, which runs it by path.
# Usage: extract-vmlinux.sh BZIMAGE OUT
exec python3 "$(dirname "$0")/kernels.py" extract-vmlinux "$@"
