#!/bin/sh
# run-ppc64le.sh - the end-to-end kdump suite in QEMU pseries guests: a thin
# wrapper over the one driver, e2e.py (lib/scenarios_ppc64le.py lists the
# scenarios).  Usage: tests/e2e/run-ppc64le.sh [--deb FILE] [SCENARIO...]
# (1 2 2b 3 4; --deb: the guests run that ppc64el package's ./sbin/kexec,
# with its shared libraries, instead of a static cross build)
exec python3 "$(dirname "$0")/e2e.py" run --arch ppc64le "$@"
