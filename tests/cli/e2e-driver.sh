#!/bin/sh
# e2e-driver.sh - the scenario loop of the QEMU tests (kd_run_scenarios in
# tests/e2e/lib/kdump.sh), run with fake scenarios and no QEMU: a failing
# scenario is counted and named, a passing run says "0 failed", and a
# scenario that sets the short variable names the kd_ helpers use (kd_refused
# once overwrote the loop's failure count with its own) cannot change the
# verdict.
. "$(dirname "$0")/lib.sh"
. "$TEST_SRCDIR/e2e/lib/kdump.sh"

qemu_stop() { :; }		# kd_finish stops the guest; there is none
name_of() { echo "$1"; }
KD_T0=$(date +%s) KD_TIMES= KD_VM=$TMP
t0=$KD_T0
sc_good() { _fail=x _failed=y _pass=z _n=w _s=v _st=1 _r=u _tag=t; return 0; }
sc_bad() { _fail=0 _n=good; return 1; }

driver() { kd_run_scenarios "" "$TMP/work" keep "$@" > "$TMP/drv" 2>&1; }

if driver good good; then ok; else bad "two passing scenarios: status $?"; fi
if tail -n1 "$TMP/drv" | grep -qx '2 passed, 0 failed'; then ok; else
	bad "passing run reported: $(tail -n1 "$TMP/drv")"; fi

if driver good bad good; then bad "a failing scenario gave status 0"; else ok; fi
if tail -n1 "$TMP/drv" | grep -qx '2 passed, 1 failed'; then ok; else
	bad "mixed run reported: $(tail -n1 "$TMP/drv")"; fi
if grep -q '^FAIL scenario bad (bad) in ' "$TMP/drv" &&
	grep -q '; failed: bad$' "$TMP/drv"; then ok; else
	bad "the failing scenario is not named:"; cat "$TMP/drv"; fi

mkdir -p "$TMP/gone"
if kd_run_scenarios "" "$TMP/gone" "" good >/dev/null 2>&1 && [ ! -d "$TMP/gone" ]; then ok; else
	bad "a passing run without KEEP did not remove its work directory"; fi

finish
