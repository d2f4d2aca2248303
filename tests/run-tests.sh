#!/bin/sh
# run-tests.sh - the `make check` driver.  Runs every Check program given on
# the command line (through $TEST_EMULATOR when cross-built), then every
# tests/cli/*.sh script (exit 77: skipped), and ends with one "N passed,
# N failed" line.
# Environment: TEST_SRCDIR (tests/ in the source tree), KEXEC (the binary).
# CLI scripts run the binary as $KEXEC_CMD (through the emulator if any).
KEXEC_CMD="${TEST_EMULATOR:+$TEST_EMULATOR }$KEXEC"
export KEXEC_CMD KEXEC TEST_SRCDIR
# Belt and braces: the syscall layer refuses to touch the kernel in tests.
KEXEC_HOTPLUG_NO_SYSCALLS=1
export KEXEC_HOTPLUG_NO_SYSCALLS
pass=0
fail=0
skip=0
failed=""
for t in "$@"; do
	echo "== $t"
	if $TEST_EMULATOR ./"$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed="$failed $t"
	fi
done
for s in "$TEST_SRCDIR"/cli/*.sh; do
	[ -e "$s" ] || continue
	echo "== $s"
	sh "$s"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	elif [ "$rc" -eq 77 ]; then
		skip=$((skip + 1))	# automake's "skipped": a tool is missing
	else
		fail=$((fail + 1)); failed="$failed $s"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
[ "$skip" -eq 0 ] || echo "$skip skipped (exit 77)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
