#!/bin/sh
# snapshots.sh - one suite per captured machine snapshot: plan the crash
# load `kexec -c -p --hotplug` for each deb12-x86_64-* snapshot, and check
# the plan independently (tests/tools/checkplan.py: segments inside the crash
# region, elfcorehdr contents vs /proc/iomem, the capture kernel's e820),
# plus what is particular to each snapshot.  A generated machine with 8192
# RAM ranges and 1024 CPUs is planned too.
. "$(dirname "$0")/lib.sh"

plan_snapshot() {	# plan_snapshot NAME SYSROOT CPUS: dry run + independent checks
	name=$1 root=$2 cpus=$3
	rm -rf "$TMP/seg"; mkdir "$TMP/seg"
	run --dry-run --sysroot="$root" -c -p --hotplug --initrd="$INITRD" \
		--append="irqpoll nr_cpus=1" --plan-json="$TMP/$name.json" \
		--dump-segments="$TMP/seg" "$KERNEL"
	if [ "$rc" -ne 0 ]; then
		bad "$name: exit $rc: $(head -c 300 "$err")"; return 1
	fi
	if python3 "$TEST_SRCDIR/tools/checkplan.py" "$TMP/$name.json" "$TMP/seg" \
		"$root/proc/iomem" --cpus "$cpus"; then ok; else bad "$name: checkplan"; fi
}

# json NAME FILTER: a jq condition on the last plan of snapshot NAME
json() {
	if jq -e "$2" "$TMP/$1.json" >/dev/null; then ok; else bad "$1: $2"; fi
}

# deb12-x86_64-boot: 2 CPUs, no hot-plugged memory
plan_snapshot deb12-x86_64-boot "$FIX/deb12-x86_64-boot" 2
json deb12-x86_64-boot '.elfcorehdr.memsz >= 917616 and .flags == 4063237'
json deb12-x86_64-boot '[.elfcorehdr.loads[] | select(.[0] >= 4294967296)] | length == 0'

# deb12-x86_64-cpu1-offline: an offline CPU keeps its note
plan_snapshot deb12-x86_64-cpu1-offline "$FIX/deb12-x86_64-cpu1-offline" 2

# deb12-x86_64-after-hotadd: both DIMMs are dumped
plan_snapshot deb12-x86_64-after-hotadd "$FIX/deb12-x86_64-after-hotadd" 2
json deb12-x86_64-after-hotadd '[.elfcorehdr.loads[] | select(.[0] >= 4294967296)] == [[4294967296, 4831838207], [4831838208, 5368709119]]'

# deb12-x86_64-efi (OVMF): the EFI runtime map goes in its own segment,
# efi_info and SETUP_EFI in boot_params, no acpi_rsdp= (ACPI via EFI)
plan_snapshot deb12-x86_64-efi "$FIX/deb12-x86_64-efi" 2
json deb12-x86_64-efi '[.segments[] | select(.role == "efi_memmap")] as $m | ($m | length) == 1 and $m[0].bufsz == 320 and $m[0].in_digest'
json deb12-x86_64-efi '.cmdline | test("acpi_rsdp=") | not'
bp=$(ls "$TMP"/seg/*-boot_params.bin)
efi_info=$(od -An -tx1 -j448 -N16 "$bp" | tr -d ' \n')
if [ "$efi_info" = 454c363418b05e3f2800000001000000 ]; then ok; else bad "deb12-x86_64-efi: efi_info $efi_info"; fi
# --noefi: no EFI state, the RSDP from systab (boot_params has none) instead
run --dry-run --sysroot="$FIX/deb12-x86_64-efi" -c -p --hotplug --noefi \
	--initrd="$INITRD" --plan-json="$TMP/efi-noefi.json" "$KERNEL"
[ "$rc" -eq 0 ] && ok || bad "deb12-x86_64-efi --noefi: exit $rc: $(head -c 300 "$err")"
json efi-noefi '([.segments[] | select(.role == "efi_memmap")] | length == 0) and (.cmdline | test("acpi_rsdp=0x3f77d014"))'

# kexec_file_load flags: --no-cma sets KEXEC_FILE_NO_CMA (0x10), -d
# KEXEC_FILE_DEBUG (0x8); neither by default
expect_json "-s --no-cma -d flags" \
	'.syscall == "kexec_file_load" and .flags == 26 and (.flag_names | any(. == "KEXEC_FILE_NO_CMA")) and (.flag_names | any(. == "KEXEC_FILE_DEBUG"))' \
	--sysroot="$FIX/deb12-x86_64-boot" -s -p --no-cma -d --initrd="$INITRD" "$KERNEL"
expect_json "-s flags without -d and --no-cma" '.flags == 2' \
	--sysroot="$FIX/deb12-x86_64-boot" -s -p --initrd="$INITRD" "$KERNEL"

# -s: --dry-run says what was checked before kexec_file_load
expect_out "-s dry run lists its checks" 0 \
	'checked: +crash region: 268435456 bytes, at least the [0-9]+ of kernel and initrd' \
	--dry-run --sysroot="$FIX/deb12-x86_64-boot" -s -p --initrd="$INITRD" "$KERNEL"
if grep -q 'checked: *kernel: bzImage, boot protocol 2\.1[2-9]' "$out" &&
   grep -Eq 'checked: *command line: 18 bytes, at most [0-9]+' "$out"; then ok; else
	bad "-s dry run: kernel or command line check missing:"; cat "$out"; fi
# -a with a kernel kexec_file_load would refuse (an ELF vmlinux on x86_64):
# the dry run says kexec_load is used without trying kexec_file_load
VMX="$TMP/vmlinux-x86"; python3 "$TEST_SRCDIR/tools/mkvmlinux.py" --arch x86_64 "$VMX"
expect_out "-a with a kernel kexec_file_load refuses" 0 \
	'kexec -a does not try kexec_file_load and loads this kexec_load plan' \
	--dry-run --sysroot="$FIX/deb12-x86_64-boot" -a -p "$VMX"
grep -q 'refused: *kernel .*: an ELF vmlinux' "$out" && ok || bad "-a dry run: no refusal line"
expect_json "-a with a refused file call: the plan JSON is the kexec_load plan" \
	'.syscall == "kexec_load" and (has("fallback") | not)' \
	--sysroot="$FIX/deb12-x86_64-boot" -a -p "$VMX"
# ppc64le: the file loader takes the ELF vmlinux
VMP="$TMP/vmlinux-ppc"; python3 "$TEST_SRCDIR/tools/mkvmlinux.py" "$VMP"
ARCH_ARG=--arch=ppc64le
expect_out "ppc64le -s dry run lists its checks" 0 'checked: +kernel: ELF64 vmlinux for ppc64' \
	--dry-run --sysroot="$FIX/deb12-ppc64le-boot" -s -p "$VMP"
ARCH_ARG=--arch=x86_64

# a large machine generated from the real one: 8192 RAM ranges, 1024 CPUs
big="$TMP/large"
python3 "$TEST_SRCDIR/tools/gen-large-sysroot.py" "$FIX/deb12-x86_64-boot" "$big" 8192 1024 >/dev/null
plan_snapshot large-8192x1024 "$big" 1024
json large-8192x1024 '.elfcorehdr.used <= .elfcorehdr.memsz and (.elfcorehdr.loads | length) >= 8192'

# a real ELF vmlinux (the one inside Debian's bzImage, KEXEC_TEST_VMLINUX):
# the same independent checks, and the kernel segment is the first
# PT_LOAD's file bytes, 2 MiB aligned at or above the link address
if [ -n "${KEXEC_TEST_VMLINUX:-}" ]; then
	KERNEL=$KEXEC_TEST_VMLINUX plan_snapshot vmlinux "$FIX/deb12-x86_64-after-hotadd" 2
	json vmlinux '[.segments[] | select(.role == "kernel")][0] | .mem % 2097152 == 0 and .mem >= 16777216 and .in_digest'
	set -- $(readelf -lW "$KEXEC_TEST_VMLINUX" | awk '$1 == "LOAD" { print $2; exit }')
	if cmp -s -n 4096 "$TMP"/seg/*-kernel.bin "$KEXEC_TEST_VMLINUX" --ignore-initial=0:$(($1)); then
		ok
	else
		bad "vmlinux: the kernel segment does not start with the first PT_LOAD's bytes (offset $1)"
	fi
else
	echo "note: KEXEC_TEST_VMLINUX unset: the real ELF vmlinux plan is skipped"
fi

finish
