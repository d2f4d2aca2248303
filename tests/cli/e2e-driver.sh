#!/bin/sh
# e2e-driver.sh - the scenario loop of the QEMU tests (tests/e2e/lib/driver.py)
# with fake scenarios and no QEMU: tests/e2e/lib/test_driver.py says what it
# checks (a failing scenario counted and named, "0 failed" after a passing
# run, no scenario can change the verdict, the work directory removed after
# a passing run unless kept).
: "${TEST_SRCDIR:?run through make check (tests/run-tests.sh)}"
out=$(python3 "$TEST_SRCDIR/e2e/lib/test_driver.py" 2>&1)
rc=$?
if [ "$rc" -eq 0 ]; then
	echo "e2e-driver.sh: $(printf '%s\n' "$out" | grep '^Ran ')"
else
	printf '%s\n' "$out"
fi
exit "$rc"
