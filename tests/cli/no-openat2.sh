#!/bin/sh
# no-openat2.sh - snapshots on kernels without openat2 (before 5.6; also
# qemu-user, which runs the ppc64le make check): sysroot.c then resolves
# every symlink inside the snapshot by hand (resolve_in_root()).  Each
# captured snapshot, plus one whose cpuN directories are absolute and
# relative symlinks and one with a link that climbs out, is planned twice,
# as is and with openat2 failing ENOSYS (strace fault injection): plans,
# segments, messages and exit status must be the same.
# Skipped (77) without strace or when cross-run (the emulator already
# lacks openat2, and strace would trace the emulator).
. "$(dirname "$0")/lib.sh"

if [ -n "${TEST_EMULATOR:-}" ] || ! strace -V >/dev/null 2>&1 ||
   ! strace -qq -o /dev/null -e trace=openat2 -e inject=openat2:error=ENOSYS true 2>/dev/null; then
	echo "no-openat2.sh: skipped (needs strace with fault injection, native)"
	exit 77
fi

# LeakSanitizer cannot run under ptrace (the sanitizer build's make check):
# leaks are checked by every other test, not by this one, in both runs.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS

plan() {	# plan DIR SYSROOT [strace...]: plan, segments, messages into DIR
	dir=$1 root=$2; shift 2
	mkdir -p "$dir/seg"
	"$@" $KEXEC_CMD $ARCH_ARG --dry-run --sysroot="$root" -c -p --hotplug \
		--initrd="$INITRD" --append="irqpoll nr_cpus=1" \
		--plan-json="$dir/plan.json" --dump-segments="$dir/seg" \
		"$KERNEL" >"$dir/out" 2>"$dir/err"
	echo $? > "$dir/rc"
}

same() {	# same NAME SYSROOT
	rm -rf "$TMP/a" "$TMP/b"
	plan "$TMP/a" "$2"
	plan "$TMP/b" "$2" strace -f -qq -o /dev/null -e trace=openat2 \
		-e inject=openat2:error=ENOSYS
	if diff -r "$TMP/a" "$TMP/b" >/dev/null; then
		ok
	else
		bad "$1: differs without openat2: $(diff -r "$TMP/a" "$TMP/b" | head -5)"
	fi
}

for root in "$FIX"/deb12-x86_64-*; do
	same "$(basename "$root")" "$root"
done

# cpu1 and cpu2 as symlinks (absolute, and relative through the root),
# as a snapshot tool that copied /sys/bus/cpu/devices may leave them
links="$TMP/links"
cp -a "$BOOT" "$links"
cpu="$links/sys/devices/system/cpu"
mkdir -p "$links/elsewhere"
mv "$cpu/cpu1" "$links/elsewhere/c1"
ln -s /elsewhere/c1 "$cpu/cpu1"
same "cpu1 -> /elsewhere/c1" "$links"
# and the note of cpu1 is found through the link
if jq -e '.elfcorehdr.cpu_notes == 2' "$TMP/b/plan.json" >/dev/null; then
	ok
else
	bad "cpu1 -> /elsewhere/c1: cpu1's note not found without openat2"
fi

# a link that climbs out of the snapshot is refused alike
rm "$cpu/cpu1"
ln -s ../../../../../../../../etc "$cpu/cpu1"
same "cpu1 -> outside the snapshot" "$links"

finish
