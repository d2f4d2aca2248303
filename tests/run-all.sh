#!/bin/sh
# run-all.sh - THE test command (README, .ci/run): install what is missing,
# build from this checkout in a scratch directory, and run every test suite:
#   1. native build, `make check` (unit tests + CLI/caller contract tests)
#   2. `make distcheck` (tarball builds, tests and installs out of tree)
#   3. sanitizer build (ASan+UBSan) with the test hooks, `make check`
#      (the fake syscall layer runs tests/cli/fake-syscalls.sh)
#   4. fully static build links and runs
#   5. the Debian packages for amd64 and ppc64el (tests/deb/build.sh
#      --ppc64el-nocheck: dpkg-buildpackage, amd64 with make check, ppc64el
#      cross-built in a cached chroot; lintian, the packages' contents;
#      never installed)
#   6. ppc64le cross build (static) with make check under qemu-user (the
#      ppc64el package's make check would repeat it at three times the cost)
#   7. every libFuzzer target for 60 s (two at a time: 2 cores)
#   8. the end-to-end kdump scenarios in QEMU (tests/e2e/run.sh)
#   9. the Debian guest scenarios (tests/e2e/run-debian.sh: kdump-tools,
#      systemd and udev with step 5's amd64 .deb, and the stock control)
#  10. the hot-plug storm benchmark, small (tests/bench/storm/storm
#      --quick: step 5's .deb in the Debian guest, two DIMMs hot-added:
#      asserts no kexec run and no window without a crash kernel)
#  11. the pseries end-to-end scenarios, run by the ppc64el package's own
#      /sbin/kexec (tests/e2e/run-ppc64le.sh --deb)
# Usage: tests/run-all.sh [--quick] [--keep]
#   --quick  step 1 only
#   --keep   keep the build directory after a successful run
# Builds go to $KEXEC_HOTPLUG_BUILD when set (kept: it is the caller's), else
# to a fresh /tmp/kexec-hotplug-build.XXXXXX (several hundred MB), removed
# when every step passed unless --keep.  After a failure it is always kept,
# with its path printed, for the logs.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
quick=no
keep=no
for arg; do
	case $arg in
	--quick) quick=yes ;;
	--keep) keep=yes ;;
	*) echo "usage: tests/run-all.sh [--quick] [--keep]" >&2; exit 2 ;;
	esac
done
jobs=$(nproc 2>/dev/null || echo 2)
if [ -n "${KEXEC_HOTPLUG_BUILD:-}" ]; then
	work=$KEXEC_HOTPLUG_BUILD
	keep=yes
else
	work=$(mktemp -d /tmp/kexec-hotplug-build.XXXXXX)
fi
mkdir -p "$work"

finish() {	# EXIT trap: drop the scratch build after success, else say where it is
	rc=$1
	if [ "$rc" -ne 0 ]; then
		echo "run-all.sh: failed (exit $rc); build directory kept: $work" >&2
	elif [ "$keep" = yes ]; then
		echo "run-all.sh: build directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap 'finish $?' EXIT
t0=$(date +%s)

step() { echo; echo "=== $* ($(( $(date +%s) - t0 )) s)"; }

step "dependencies"
"$src/tests/install-deps.sh" build test e2e

step "Debian's 6.12 kernel for the tests (downloaded once, then cached)"
KEXEC_TEST_KERNEL=$(sh "$src/tests/e2e/lib/fetch-kernel.sh")
KEXEC_TEST_KERNEL_PPC64=$(sh "$src/tests/e2e/lib/fetch-kernel.sh" --arch ppc64el)
# the ELF vmlinux inside the bzImage, for the x86_64 ELF format's tests
KEXEC_TEST_VMLINUX=$work/vmlinux
sh "$src/tests/e2e/lib/extract-vmlinux.sh" "$KEXEC_TEST_KERNEL" "$KEXEC_TEST_VMLINUX"
export KEXEC_TEST_KERNEL KEXEC_TEST_KERNEL_PPC64 KEXEC_TEST_VMLINUX
echo "$KEXEC_TEST_KERNEL"
echo "$KEXEC_TEST_KERNEL_PPC64"
echo "$KEXEC_TEST_VMLINUX"

step "bootstrap"
(cd "$src" && ./bootstrap > "$work/bootstrap.log" 2>&1) ||
	{ cat "$work/bootstrap.log"; exit 1; }

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

step "sanitizer build (ASan + UBSan) with test hooks and make check"
build "$work/sanitizers" --enable-sanitizers --enable-test-hooks
(cd "$work/sanitizers" && ASAN_OPTIONS=detect_leaks=1 make -s check)

step "static build"
build "$work/static" LDFLAGS=-static
file "$work/static/kexec/kexec" 2>/dev/null || true
if ldd "$work/static/kexec/kexec" >/dev/null 2>&1; then
	echo "run-all.sh: static build still has dynamic dependencies" >&2; exit 1
fi
"$work/static/kexec/kexec" --version

step "Debian packages (amd64, ppc64el cross): build, lintian, contents"
sh "$src/tests/deb/build.sh" --ppc64el-nocheck "$work/deb"

step "ppc64le cross build (static), make check under qemu-ppc64le-static"
sh "$src/tests/cross/build-ppc64le.sh" "$work/ppc64le"

step "fuzzing: every target for 60 s, two at a time"
"$src/tests/install-deps.sh" fuzz
sh "$src/tests/fuzz/build.sh" "$work/fuzz" > "$work/fuzz-build.log" 2>&1 ||
	{ cat "$work/fuzz-build.log"; exit 1; }
set -- $(cd "$src/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//' | grep -vx util)
half=$(( ($# + 1) / 2 )); first=""; second=""; i=0
for t in "$@"; do
	i=$((i + 1))
	if [ "$i" -le "$half" ]; then first="$first $t"; else second="$second $t"; fi
done
FUZZ_OUT="$work/fuzz" FUZZ_PREBUILT=1 sh "$src/tests/fuzz/run.sh" 60 $first > "$work/fuzz-1.log" 2>&1 &
pid=$!
fuzz_rc=0
FUZZ_OUT="$work/fuzz" FUZZ_PREBUILT=1 sh "$src/tests/fuzz/run.sh" 60 $second > "$work/fuzz-2.log" 2>&1 || fuzz_rc=1
wait "$pid" || fuzz_rc=1
cat "$work/fuzz-1.log" "$work/fuzz-2.log"
[ "$fuzz_rc" -eq 0 ] || { echo "run-all.sh: a fuzz target failed" >&2; exit 1; }

step "end-to-end kdump scenarios in QEMU (tests/e2e/run.sh)"
KEXEC_HOTPLUG_BUILD="$work/e2e" sh "$src/tests/e2e/run.sh"

step "end-to-end scenarios in a real Debian guest (tests/e2e/run-debian.sh)"
KEXEC_HOTPLUG_BUILD="$work/e2e-debian" sh "$src/tests/e2e/run-debian.sh" \
	--deb "$(ls "$work"/deb/out/kexec-hotplug_*_amd64.deb | tail -n 1)"

step "the hot-plug storm, small (tests/bench/storm/storm --quick: our package, two DIMMs: no kexec run, no window)"
python3 "$src/tests/bench/storm/test_storm.py"
python3 "$src/tests/bench/storm/storm" --quick --work "$work/storm" \
	--deb "$(ls "$work"/deb/out/kexec-hotplug_*_amd64.deb | tail -n 1)"

step "end-to-end kdump scenarios in a pseries guest, the ppc64el package's kexec (tests/e2e/run-ppc64le.sh --deb)"
python3 "$src/tests/e2e/lib/test_debpkg.py"
set -- "$work"/deb/out-ppc64el/kexec-hotplug_*_ppc64el.deb
KEXEC_HOTPLUG_BUILD="$work/e2e-ppc64le" sh "$src/tests/e2e/run-ppc64le.sh" --deb "$1"

step "all tests passed"
