# lib.sh - shared helpers for tests/cli/*.sh (sourced, not run).
# Each script runs the real binary ($KEXEC_CMD, set by tests/run-tests.sh)
# with --dry-run against fixture sysroots and asserts on exit status,
# stderr and the --plan-json output (read with jq).
set -u
: "${KEXEC_CMD:?run through make check (tests/run-tests.sh)}"
: "${TEST_SRCDIR:?}"
FIX="$TEST_SRCDIR/fixtures/sysroot"
BOOT="$FIX/deb12-x86_64-boot"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The run lock and the --reload record live here, never in /run: scripts
# that lock or record pass $RUNDIR_ARG (every build; a release build
# ignores the environment), and test-hooks builds and the udev helper
# also take the variable.  Release builds under make check never write
# there anyway: the guard stops every load, so nothing is locked or
# recorded.
RUNDIR="$TMP/run"
RUNDIR_ARG="--rundir=$RUNDIR"
KEXEC_HOTPLUG_RUNDIR=$RUNDIR
export KEXEC_HOTPLUG_RUNDIR
npass=0
nfail=0

# The kernel: a real Debian bzImage when the test command fetched one,
# else a synthetic bzImage header + payload (enough for planning).
if [ -n "${KEXEC_TEST_KERNEL:-}" ] && [ -r "$KEXEC_TEST_KERNEL" ]; then
	KERNEL=$KEXEC_TEST_KERNEL
else
	KERNEL="$TMP/bzImage"
	python3 "$TEST_SRCDIR/tools/mkbzimage.py" "$KERNEL"
fi
INITRD="$TMP/initrd.img"
head -c 1048576 /dev/urandom > "$INITRD"

ok() { npass=$((npass + 1)); }
bad() { nfail=$((nfail + 1)); echo "FAIL: $*"; }

# The fixtures are x86_64 machines: plan for that backend whatever the
# host (a ppc64le build runs these tests under qemu-user).
ARCH_ARG=${ARCH_ARG---arch=x86_64}

# run ARGS...: sets rc, out (stdout file), err (stderr file)
run() {
	out="$TMP/out"; err="$TMP/err"
	$KEXEC_CMD $ARCH_ARG "$@" >"$out" 2>"$err"
	rc=$?
}

# expect_json NAME JQ-FILTER ARGS...: dry run with --plan-json, filter must be true
expect_json() {
	name=$1; filter=$2; shift 2
	run --dry-run --plan-json="$TMP/plan.json" "$@"
	if [ "$rc" -ne 0 ]; then
		bad "$name: exit $rc: $(head -c 300 "$err")"; return
	fi
	if jq -e "$filter" "$TMP/plan.json" >/dev/null 2>&1; then
		ok
	else
		bad "$name: plan does not satisfy: $filter"
		jq -c '{syscall, flags, flag_names, cmdline}' "$TMP/plan.json" 2>/dev/null | head -c 600; echo
	fi
}

# expect_fail NAME STATUS REGEX ARGS...: one stderr line matching REGEX
expect_fail() {
	name=$1; want=$2; re=$3; shift 3
	run "$@"
	lines=$(wc -l < "$err")
	if [ "$rc" -ne "$want" ]; then
		bad "$name: exit $rc, wanted $want: $(head -c 300 "$err")"
	elif [ "$lines" -ne 1 ]; then
		bad "$name: $lines lines on stderr, wanted one:"; cat "$err"
	elif ! grep -Eq -e "$re" "$err"; then
		bad "$name: stderr '$(cat "$err")' does not match /$re/"
	elif ! grep -q '^kexec: ' "$err"; then
		bad "$name: stderr does not start with 'kexec: '"
	else
		ok
	fi
}

# expect_out NAME STATUS REGEX ARGS...: stdout matches REGEX
expect_out() {
	name=$1; want=$2; re=$3; shift 3
	run "$@"
	if [ "$rc" -ne "$want" ]; then
		bad "$name: exit $rc, wanted $want: $(head -c 300 "$err")"
	elif ! grep -Eq -e "$re" "$out"; then
		bad "$name: stdout does not match /$re/:"; head -20 "$out"
	else
		ok
	fi
}

# fake_syscalls NAME: the fake syscall layer of a --enable-test-hooks build
# (kexec/syscalls/testhooks.h) in $FAKE, its call log in $LOG; in other
# builds the script NAME is skipped (test_testhooks shows that they refuse
# when asked for the fake).
fake_syscalls() {
	FAKE="$TMP/fake"
	LOG="$FAKE/log"
	mkdir -p "$FAKE"
	if ! $KEXEC_CMD --version | grep -q 'test hooks built in'; then
		echo "$1: skipped (configure --enable-test-hooks to run it)"
		exit 0
	fi
}
# fk ARGS...: kexec with the fake layer (each call sleeps $DELAY ms, 150 by
# default); the guard is lifted for this process only, and only because
# fake_syscalls proved the fake is built in.
fk() {
	env -u KEXEC_HOTPLUG_NO_SYSCALLS KEXEC_HOTPLUG_FAKE_SYSCALLS="$FAKE" \
		KEXEC_HOTPLUG_FAKE_DELAY_MS="${DELAY:-150}" $KEXEC_CMD $RUNDIR_ARG "$@"
}

finish() {
	echo "$(basename "$0"): $npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
