#!/bin/sh
# run.sh - the end-to-end kdump suite in x86_64 QEMU guests: a thin wrapper
# over the one driver, e2e.py (its --help and lib/scenarios_x86_64.py list
# the scenarios; the environment knobs are at the top of e2e.py).
# Usage: tests/e2e/run.sh [SCENARIO...]            (numbers or names; all by default)
#        tests/e2e/run.sh ppc64le [SCENARIO...]    the pseries suite instead
e2e=$(dirname "$0")
arch=x86_64
if [ "${1:-}" = ppc64le ]; then
	arch=ppc64le
	shift
fi
exec python3 "$e2e/e2e.py" run --arch "$arch" "$@"
