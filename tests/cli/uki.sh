#!/bin/sh
# uki.sh - x86_64 UKIs (kexec/arch/x86_64/uki.c, the bundle steps of
# kexec/cli/load.c): a UKI built by tests/tools/mkuki.sh around the
# test kernel plans the same kernel segment bytes as the bare kernel; its
# .initrd and .cmdline are used unless --initrd, --append/--command-line
# or --reuse-cmdline replace them (each option checked), with -c, -s and
# -a; --dry-run names the UKI and the sections; ppc64le refuses a UKI in
# one line.  Broken UKIs are rows of bad-input.tsv.  Exit 77 (skipped)
# only when systemd-boot-efi's stub is missing.
. "$(dirname "$0")/lib.sh"

STUB=${UKI_STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}
if [ ! -r "$STUB" ] || ! command -v objcopy >/dev/null; then
	echo "uki.sh: skipped ($STUB or objcopy missing; Debian: apt-get install systemd-boot-efi binutils)"
	exit 77
fi
MKUKI="sh $TEST_SRCDIR/tools/mkuki.sh --stub $STUB"
UINITRD="$TMP/uki-initrd"; head -c 4099 /dev/urandom > "$UINITRD"
UCMD="root=/dev/uki-root uki.marker=1"
UKI="$TMP/full.efi"; $MKUKI --initrd "$UINITRD" --cmdline "$UCMD" "$KERNEL" "$UKI"
BARE="$TMP/bare.efi"; $MKUKI "$KERNEL" "$BARE"
P="--sysroot=$BOOT -p"

# dump NAME ARGS...: --dump-segments into $TMP/NAME
dump() {
	d="$TMP/$1"; shift
	rm -rf "$d"
	run --dry-run --dump-segments="$d" "$@"
	[ "$rc" -eq 0 ] || bad "dump $(basename "$d"): exit $rc: $(head -c 300 "$err")"
}

# same_seg NAME FILE A B: segment file pattern FILE is the same in dumps A, B
same_bytes() {
	if cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; fi
}

# The kernel segment of the UKI is the bare kernel's, byte for byte.
dump uki -c $P "$UKI"
dump plain -c $P --initrd="$UINITRD" --append="$UCMD" "$KERNEL"
same_bytes "kernel segment of the UKI" "$TMP/uki/01-kernel.bin" "$TMP/plain/01-kernel.bin"
same_bytes "initrd segment from .initrd" "$TMP/uki/02-initrd.bin" "$UINITRD"
same_bytes "whole plan as with the bare kernel and the same initrd/cmdline" \
	"$TMP/uki/03-boot_params.bin" "$TMP/plain/03-boot_params.bin"

# Precedence: each option replaces its section; without them the sections.
expect_json "no options: .initrd and .cmdline" \
	".bundle.format == \"UKI\" and .bundle.initrd == \".initrd\" and .bundle.cmdline == \".cmdline\"
	 and (.cmdline | startswith(\"$UCMD \"))
	 and ([.segments[] | select(.role == \"initrd\")][0].bufsz == 4099)" -c $P "$UKI"
expect_json "--initrd replaces .initrd" \
	".bundle.initrd == \"--initrd\" and .bundle.cmdline == \".cmdline\"
	 and ([.segments[] | select(.role == \"initrd\")][0].bufsz == 1048576)" \
	-c $P --initrd="$INITRD" "$UKI"
dump withinitrd -c $P --initrd="$INITRD" "$UKI"
same_bytes "--initrd's bytes, not .initrd's" "$TMP/withinitrd/02-initrd.bin" "$INITRD"
expect_json "--append replaces .cmdline" \
	".bundle.cmdline == \"--append/--command-line\" and (.cmdline | startswith(\"irqpoll nr_cpus=1 \"))
	 and (.cmdline | contains(\"uki.marker\") | not)" -c $P --append="irqpoll nr_cpus=1" "$UKI"
expect_json "--command-line replaces .cmdline" \
	"(.cmdline | startswith(\"maxcpus=1 \")) and (.cmdline | contains(\"uki.marker\") | not)" \
	-c $P --command-line="maxcpus=1" "$UKI"
expect_json "--append= (empty) replaces .cmdline" \
	"(.cmdline | contains(\"uki.marker\") | not) and .bundle.cmdline == \"--append/--command-line\"" \
	-c $P --append= "$UKI"
running=$(tr -d '\n' < "$BOOT/proc/cmdline" | cut -d' ' -f1)
expect_json "--reuse-cmdline replaces .cmdline" \
	".bundle.cmdline == \"--reuse-cmdline\" and (.cmdline | contains(\"uki.marker\") | not)
	 and (.cmdline | contains(\"$running\"))" -c $P --reuse-cmdline "$UKI"
expect_json "a UKI without .initrd or .cmdline" \
	".bundle.sections == \".linux\" and .bundle.initrd == null and .bundle.cmdline == null
	 and ([.segments[] | select(.role == \"initrd\")] | length == 0)" -c $P "$BARE"
expect_json "-l as well" \
	".bundle.initrd == \".initrd\" and (.cmdline | startswith(\"$UCMD\"))" -c -l --sysroot="$BOOT" "$UKI"
expect_json "a bzImage is no UKI" ".bundle == null" -c $P "$KERNEL"

# kexec_file_load: the sections as memfds, the same precedence.
run --dry-run -s $P "$UKI"
if [ "$rc" -eq 0 ] && grep -q "kernel file:  $UKI:.linux" "$out" &&
   grep -q "initrd file:  $UKI:.initrd" "$out" &&
   grep -q "kernel from:  UKI $UKI (sections .linux .initrd .cmdline): .linux" "$out" &&
   grep -q "cmdline:      \"$UCMD acpi_no_memhotplug\"" "$out"; then ok
else bad "-s with a UKI: exit $rc: $(cat "$out" "$err" | head -c 800)"; fi
expect_json "-s: .initrd is an initrd (no NO_INITRAMFS)" \
	'.syscall == "kexec_file_load" and .flags == 2 and .bundle.initrd == ".initrd"' -s $P "$UKI"
expect_json "-s without .initrd: NO_INITRAMFS" '.flags == 6' -s $P "$BARE"
expect_json "-s --initrd and --append win" \
	".flags == 2 and .bundle.initrd == \"--initrd\" and (.cmdline | startswith(\"quiet \"))" \
	-s $P --initrd="$INITRD" --append=quiet "$UKI"
expect_json "-a: the file call and the fallback plan both from the UKI" \
	'.bundle.kernel == ".linux" and .fallback.bundle.initrd == ".initrd" and .fallback.cmdline != null' \
	-a $P "$UKI"

# --reload: the record keeps the arguments, the replay reads the UKI again
# (a record written as record.c writes one, as reload.sh does).
mkdir -p -m 700 "$RUNDIR"
(umask 077; {
	echo "kexec-hotplug crash-load v1"
	echo "# hand-written by uki.sh"
	echo "boot_id=0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10"
	echo "cwd=$TMP"
	# the replay runs in cwd: an absolute sysroot (distcheck's is relative)
	for a in $ARCH_ARG -c -p --hotplug "--sysroot=$(cd "$BOOT" && pwd)" full.efi; do
		printf 'arg=%s\n' "$a"; done
} > "$RUNDIR/crash-load.args")
expect_json "--reload of a UKI load" \
	".bundle.initrd == \".initrd\" and (.cmdline | startswith(\"$UCMD\"))
	 and (.flag_names | index(\"KEXEC_UPDATE_ELFCOREHDR\")) != null" -p --reload $RUNDIR_ARG

# ppc64le reads no UKI: one line saying so.
ARCH_ARG=--arch=ppc64le expect_fail "UKI with --arch=ppc64le" 1 "PE/COFF.*x86_64 only" \
	--dry-run -c -p --sysroot="$FIX/deb12-ppc64le-boot" "$UKI"

finish
