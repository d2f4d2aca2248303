#!/bin/sh
# zstd.sh - a zstd-compressed kernel plans exactly as the file it came
# from: the --dry-run text, the --plan-json document and every byte of
# --dump-segments are compared with the uncompressed kernel's, for a
# ppc64le ELF vmlinux (Debian's, KEXEC_TEST_KERNEL_PPC64, else a synthetic
# one), an x86_64 ELF vmlinux (KEXEC_TEST_VMLINUX, else synthetic) and the
# bzImage of lib.sh.  The files are compressed here with zstd(1).  A build
# configured --without-zstd must say so in its one error line instead.
. "$(dirname "$0")/lib.sh"

if ! command -v zstd >/dev/null 2>&1; then
	echo "zstd.sh: skipped (no zstd command; Debian: apt-get install zstd)"
	exit 0
fi

# plan_of NAME KERNEL ARGS...: dry-run text, JSON and segments in $TMP/NAME
plan_of() {
	d="$TMP/$1"; k=$2; shift 2
	rm -rf "$d"; mkdir -p "$d"
	run --dry-run --plan-json="$d/plan.json" --dump-segments="$d/seg" "$@" "$k"
	mv "$out" "$d/text"; mv "$err" "$d/err"
}

# same_plan NAME KERNEL ARGS...: KERNEL and KERNEL.zst plan identically
same_plan() {
	name=$1; k=$2; shift 2
	zstd -q -f -c "$k" > "$TMP/$name-kernel.zst"
	plan_of "$name.plain" "$k" "$@"
	plain_rc=$rc
	plan_of "$name.zst" "$TMP/$name-kernel.zst" "$@"
	a="$TMP/$name.plain"; b="$TMP/$name.zst"
	if grep -q 'built without zstd support' "$b/err"; then
		if [ "$rc" -eq 1 ] && [ "$(wc -l < "$b/err")" -eq 1 ]; then ok; else
			bad "$name: without zstd support: exit $rc, $(cat "$b/err")"; fi
		return
	fi
	if [ "$plain_rc" -ne 0 ] && grep -q 'purgatory: this build carries none' "$a/err"; then
		echo "note: $name: no purgatory for this arch in this build: skipped"
		return
	fi
	if [ "$plain_rc" -ne 0 ] || [ "$rc" -ne 0 ]; then
		bad "$name: exit $plain_rc (plain), $rc (zstd): $(head -c 300 "$b/err")"
	elif ! cmp -s "$a/text" "$b/text"; then
		bad "$name: --dry-run text differs:"; diff "$a/text" "$b/text" | head -20
	elif ! cmp -s "$a/plan.json" "$b/plan.json"; then
		bad "$name: --plan-json differs:"; diff "$a/plan.json" "$b/plan.json" | head -20
	elif ! diff -r "$a/seg" "$b/seg" >/dev/null; then
		bad "$name: --dump-segments differ: $(diff -rq "$a/seg" "$b/seg" | head -3)"
	elif [ "$(ls "$a/seg" | wc -l)" -lt 2 ]; then
		bad "$name: no segments dumped"
	else
		ok
	fi
}

# ppc64le: Debian's vmlinux as callers.sh finds it
if [ -n "${KEXEC_TEST_KERNEL_PPC64:-}" ] && [ -r "$KEXEC_TEST_KERNEL_PPC64" ]; then
	VMP=$KEXEC_TEST_KERNEL_PPC64
else
	VMP="$TMP/vmlinux-ppc64le"
	python3 "$TEST_SRCDIR/tools/mkvmlinux.py" "$VMP"
fi
ARCH_ARG=--arch=ppc64le
same_plan ppc64le-crash "$VMP" --sysroot="$FIX/deb12-ppc64le-boot" -c -p --hotplug \
	--initrd="$INITRD" --append="irqpoll nr_cpus=1"
same_plan ppc64le-load "$VMP" --sysroot="$FIX/deb12-ppc64le-boot" -c -l --initrd="$INITRD"

# x86_64: the ELF vmlinux (as snapshots.sh finds it) and the bzImage
ARCH_ARG=--arch=x86_64
if [ -n "${KEXEC_TEST_VMLINUX:-}" ] && [ -r "$KEXEC_TEST_VMLINUX" ]; then
	VMX=$KEXEC_TEST_VMLINUX
else
	VMX="$TMP/vmlinux-x86_64"
	python3 "$TEST_SRCDIR/tools/mkvmlinux.py" --arch x86_64 "$VMX"
fi
same_plan x86_64-vmlinux "$VMX" --sysroot="$FIX/deb12-x86_64-after-hotadd" -c -p --hotplug \
	--initrd="$INITRD" --append="irqpoll nr_cpus=1"
same_plan x86_64-bzimage "$KERNEL" --sysroot="$BOOT" -c -p --initrd="$INITRD"

finish
