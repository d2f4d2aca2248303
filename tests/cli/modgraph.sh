#!/bin/sh
# modgraph.sh - no include/call cycles between the modules of kexec/ and
# lib/: runs tests/tools/modgraph.py on the source tree and on the objects
# of this build (the directory above $KEXEC), with the edges of
# tests/tools/modgraph-allow.txt (none today) accepted.  The tool's
# self-test runs first, so a check that could not see a cycle fails
# instead of passing.
set -u
: "${TEST_SRCDIR:?run through make check (tests/run-tests.sh)}"
: "${KEXEC:?run through make check (tests/run-tests.sh)}"
tool="$TEST_SRCDIR/tools/modgraph.py"
build=$(cd "$(dirname "$KEXEC")/.." && pwd)
npass=0
nfail=0

if python3 "$tool" --self-test; then
	npass=$((npass + 1))
else
	nfail=$((nfail + 1)); echo "FAIL: modgraph.py --self-test"
fi
if python3 "$tool" --srcdir "$TEST_SRCDIR/.." --builddir "$build" \
	--allow "$TEST_SRCDIR/tools/modgraph-allow.txt"; then
	npass=$((npass + 1))
else
	nfail=$((nfail + 1)); echo "FAIL: module graph has a new cycle (above)"
fi
echo "modgraph.sh: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
