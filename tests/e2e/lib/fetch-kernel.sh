#!/bin/sh
# fetch-kernel.sh - Debian's 6.12 kernel (or --busybox) for the tests, cached,
# never installed: a wrapper over kernels.py fetch (the options, the cache
# layout and how are at its top), kept for tests/run-all.sh and
# tests/bench/load.sh, which run it by path.
# Usage: fetch-kernel.sh [--arch amd64|ppc64el] [--root] [--busybox] [--refresh]
exec python3 "$(dirname "$0")/kernels.py" fetch "$@"
