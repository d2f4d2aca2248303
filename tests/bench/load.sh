#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# load.sh - load-path benchmarks for `make bench` (figures only, never fails
# on speed): the whole `kexec -c -p --hotplug --dry-run` for Debian's 6.12
# bzImage with a 64 MiB initrd (reading, planning, hashing: everything up to
# the syscall), and the same with a 1 MiB initrd and with -i; then planning
# alone for generated machines of 1024 to 8192 RAM ranges with 1024 CPUs,
# to show it grows linearly.  Best of 5 wall-clock runs each.
# Environment: KEXEC (binary), TEST_SRCDIR (tests/), KEXEC_TEST_KERNEL.
set -eu
: "${KEXEC:?}" "${TEST_SRCDIR:?}"
kernel=${KEXEC_TEST_KERNEL:-$(sh "$TEST_SRCDIR/e2e/lib/fetch-kernel.sh")}
tmp=$(mktemp -d /dev/shm/kexec-bench.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
boot="$TEST_SRCDIR/fixtures/sysroot/deb12-x86_64-boot"
head -c 64M /dev/urandom > "$tmp/initrd64"
head -c 1M /dev/urandom > "$tmp/initrd1"

now_ms() { date +%s%N | awk '{ printf "%.1f", $1 / 1000000 }'; }

best_of_5() {	# best_of_5 CMD...: prints the fastest wall time in ms
	best=""
	for _ in 1 2 3 4 5; do
		t0=$(now_ms); "$@" >/dev/null; t1=$(now_ms)
		t=$(echo "$t1 $t0" | awk '{ printf "%.1f", $1 - $2 }')
		best=$(echo "$t ${best:-$t}" | awk '{ print ($1 < $2) ? $1 : $2 }')
	done
	echo "$best"
}

dry() {	# dry SYSROOT INITRD [extra]...
	root=$1 initrd=$2; shift 2
	"$KEXEC" -c -p --hotplug --dry-run --sysroot="$root" --initrd="$initrd" \
		--append="irqpoll nr_cpus=1" "$@" "$kernel"
}

echo "dry run, Debian 6.12 bzImage + 64 MiB initrd: $(best_of_5 dry "$boot" "$tmp/initrd64") ms (best of 5)"
echo "dry run, Debian 6.12 bzImage + 1 MiB initrd:  $(best_of_5 dry "$boot" "$tmp/initrd1") ms"
echo "dry run, 64 MiB initrd, -i (no digest):       $(best_of_5 dry "$boot" "$tmp/initrd64" -i) ms"
for n in 1024 2048 4096 8192; do
	python3 "$TEST_SRCDIR/tools/gen-large-sysroot.py" "$boot" "$tmp/m$n" "$n" 1024 >/dev/null
	base=$(best_of_5 dry "$tmp/m$n" "$tmp/initrd1")
	echo "dry run, $n RAM ranges x 1024 CPUs, 1 MiB initrd: $base ms"
done
echo "(planning alone = these minus the 1 MiB-initrd dry run on the small machine; kexec-tools: 550-670 ms for the 64 MiB case)"
