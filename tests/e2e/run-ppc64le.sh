#!/bin/sh
# run-ppc64le.sh - the end-to-end kdump suite in QEMU pseries guests: a thin
# wrapper over the one driver, e2e.py (lib/scenarios_ppc64le.py lists the
# scenarios).  Usage: tests/e2e/run-ppc64le.sh [SCENARIO...]   (1 2 2b 3 4)
exec python3 "$(dirname "$0")/e2e.py" run --arch ppc64le "$@"
