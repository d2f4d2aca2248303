#!/bin/sh
# run-all.sh - THE test command (README, .ci/run): install what is missing,
# build from this checkout in a scratch directory, and run every test suite:
#   1. native build, `make check` (unit tests + CLI/caller contract tests)
#   2. `make distcheck` (tarball builds, tests and installs out of tree)
#   3. sanitizer build (ASan+UBSan) `make check`
#   4. fully static build links and runs
#   5. end-to-end kdump scenarios in QEMU (tests/e2e/run.sh)
# Usage: tests/run-all.sh [--quick]   (--quick: step 1 only)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
quick=no
[ "${1:-}" = "--quick" ] && quick=yes
jobs=$(nproc 2>/dev/null || echo 2)
work=${KEXEC_HOTPLUG_BUILD:-$(mktemp -d /tmp/kexec-hotplug-build.XXXXXX)}
t0=$(date +%s)

step() { echo; echo "=== $* ($(( $(date +%s) - t0 )) s)"; }

step "dependencies"
"$src/tests/install-deps.sh" build test e2e

step "Debian's 6.12 kernel for the tests (downloaded once, then cached)"
KEXEC_TEST_KERNEL=$(sh "$src/tests/e2e/lib/fetch-kernel.sh")
export KEXEC_TEST_KERNEL
echo "$KEXEC_TEST_KERNEL"

step "bootstrap"
(cd "$src" && ./bootstrap >/dev/null 2>&1)

build() {	# build DIR [configure args...]
	dir=$1; shift
	rm -rf "$dir"; mkdir -p "$dir"
	(cd "$dir" && "$src/configure" -q "$@" && make -s -j"$jobs")
}

step "native build and make check"
build "$work/native"
(cd "$work/native" && make -s check)

if [ "$quick" = yes ]; then
	step "done (quick)"; exit 0
fi

step "make distcheck"
(cd "$work/native" && make -s distcheck)

step "sanitizer build (ASan + UBSan) and make check"
build "$work/sanitizers" --enable-sanitizers
(cd "$work/sanitizers" && ASAN_OPTIONS=detect_leaks=1 make -s check)

step "static build"
build "$work/static" LDFLAGS=-static
file "$work/static/kexec/kexec" 2>/dev/null || true
if ldd "$work/static/kexec/kexec" >/dev/null 2>&1; then
	echo "run-all.sh: static build still has dynamic dependencies" >&2; exit 1
fi
"$work/static/kexec/kexec" --version

step "end-to-end kdump scenarios in QEMU (tests/e2e/run.sh)"
KEXEC_HOTPLUG_BUILD="$work/e2e" sh "$src/tests/e2e/run.sh"

step "all tests passed"
