#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# run.sh - the `make bench` driver: runs each benchmark program built in
# tests/bench/ (run from the build directory) and prints its figures.
# Benchmarks report numbers only; a slow result never fails the run.
# To add one: build tests/bench/<name> (Makefile.in, or a purgatory build.mk)
# and list it here.
BENCHES="sha256-bench purgatory-sha256-bench"

status=0
for b in $BENCHES; do
	prog=./tests/bench/$b
	if [ ! -x "$prog" ]; then
		echo "$b: not built (make $prog)"
		status=1
		continue
	fi
	echo "== $b"
	$TEST_EMULATOR "$prog" || status=1
done
# Our SHA-256 paths against OpenSSL's, same run (openssl speed, if installed)
echo "== sha256-openssl.sh (sha256-bench again, next to openssl speed)"
TEST_EMULATOR="$TEST_EMULATOR" sh "$(dirname "$0")/sha256-openssl.sh" || status=1
# Scripted benchmarks (they drive the kexec binary with --dry-run)
echo "== load.sh"
KEXEC=${KEXEC:-./kexec/kexec} TEST_SRCDIR=${TEST_SRCDIR:-$(dirname "$0")/..} \
	sh "$(dirname "$0")/load.sh" || status=1
echo "== plan-scale.sh"
KEXEC=${KEXEC:-./kexec/kexec} TEST_SRCDIR=${TEST_SRCDIR:-$(dirname "$0")/..} \
	sh "$(dirname "$0")/plan-scale.sh" || status=1
exit $status
