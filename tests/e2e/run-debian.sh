#!/bin/sh
# run-debian.sh - the end-to-end scenarios in a real Debian 12 guest
# (kdump-tools, systemd, udev, bookworm-backports' 6.12 kernel): a thin
# wrapper over e2e.py debian (lib/scenarios_debian.py lists the scenarios;
# doc/debian-guest.md says how the image is built and cached).
# Usage: tests/e2e/run-debian.sh [--deb FILE] [SCENARIO...]   (a b c; all by default)
#   --deb FILE  our amd64 .deb (default: built now by tests/deb/build.sh --nocheck)
exec python3 "$(dirname "$0")/e2e.py" debian "$@"
