#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/fuzz/run.sh [SECONDS [TARGET...]] - builds the libFuzzer targets
# (build.sh) and runs each for SECONDS (default 60) on a scratch copy of
# its seed corpus (tests/fuzz/corpus/<target>/), so the repository is never
# modified.  TARGET is a name such as "iomem"; default: every fuzz_*.c.
# Prints the executions each target reached and exits nonzero if any
# target crashed, leaked, ran out of memory or timed out; the reproducer
# and the log are kept under the scratch directory it names.
# Installs clang and its libFuzzer runtime with apt-get when missing.
# Environment: FUZZ_OUT (build directory, default a scratch directory),
# FUZZ_PREBUILT=1 (FUZZ_OUT already holds the targets: do not rebuild, so
# several run.sh can share one build), FUZZ_TIMEOUT (seconds one input may
# take, default 25).
set -u

SECS=${1:-60}
[ $# -gt 0 ] && shift
case $SECS in ''|*[!0-9]*) echo "usage: $0 [SECONDS [TARGET...]]" >&2; exit 2;; esac
HERE=$(cd "$(dirname "$0")" && pwd)

# clang, and the libFuzzer runtime (Debian: libclang-rt-<version>-dev).
have_fuzzer_rt() {
	command -v clang >/dev/null 2>&1 &&
	[ -f "$(clang --print-resource-dir)/lib/linux/libclang_rt.fuzzer-$(uname -m).a" ]
}
if ! have_fuzzer_rt; then
	echo "installing clang and its libFuzzer runtime (apt-get)"
	apt-get install -y clang >/dev/null || { echo "$0: apt-get install clang failed" >&2; exit 1; }
	if ! have_fuzzer_rt; then
		v=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
		apt-get install -y "libclang-rt-$v-dev" >/dev/null
	fi
	have_fuzzer_rt || { echo "$0: no libclang_rt.fuzzer after installing clang" >&2; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kexec-fuzz-run.XXXXXX")
# Scratch files of the targets: libFuzzer ends with _Exit, so their atexit
# cleanup does not run; give them a directory removed here (tmpfs if any).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SCRATCH=$(mktemp -d /dev/shm/kexec-fuzz-run.XXXXXX)
else
	SCRATCH=$WORK/tmp; mkdir -p "$SCRATCH"
fi
trap 'rm -rf "$SCRATCH"' EXIT
OUT=${FUZZ_OUT:-$WORK/bin}
if [ "${FUZZ_PREBUILT:-0}" != 1 ]; then
	"$HERE/build.sh" "$OUT" >"$WORK/build.log" 2>&1 || {
		cat "$WORK/build.log" >&2; echo "$0: build failed" >&2; exit 1; }
fi

if [ $# -eq 0 ]; then
	set -- $(cd "$HERE" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//' | grep -vx util)
fi

failed=""
for t in "$@"; do
	[ -x "$OUT/fuzz_$t" ] || { echo "$t: no such target" >&2; failed="$failed $t"; continue; }
	mkdir -p "$WORK/corpus/$t" "$WORK/artifacts/$t"
	[ -d "$HERE/corpus/$t" ] && cp "$HERE/corpus/$t"/* "$WORK/corpus/$t/" 2>/dev/null
	log=$WORK/$t.log
	TMPDIR=$SCRATCH "$OUT/fuzz_$t" -max_total_time="$SECS" -rss_limit_mb=2048 \
		-timeout="${FUZZ_TIMEOUT:-25}" -print_final_stats=1 -close_fd_mask=3 \
		-artifact_prefix="$WORK/artifacts/$t/" "$WORK/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		printf '%-12s ok      %s executions in %ss\n' "$t" "${execs:-?}" "$SECS"
	else
		printf '%-12s FAILED  exit %s after %s executions; log %s\n' \
			"$t" "$rc" "${execs:-?}" "$log"
		grep -m3 -E '^==[0-9]+==ERROR|^SUMMARY|Test unit written' "$log" | sed 's/^/    /'
		failed="$failed $t"
	fi
done

if [ -n "$failed" ]; then
	echo "failed:$failed (logs and reproducers in $WORK)"
	exit 1
fi
rm -rf "$WORK"
