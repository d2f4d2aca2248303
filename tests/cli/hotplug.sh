#!/bin/sh
# hotplug.sh - the crash-load defaults of kexec/cli/hotplug.c and the
# backends' crash_params, as --dry-run shows them on real snapshots: hot-plug
# on by default where the kernel offers /sys/kernel/crash_elfcorehdr_size,
# off (silently) where it does not, --hotplug/--no-hotplug (last wins),
# kexec_file_load "kernel-managed", and acpi_no_memhotplug added to x86_64
# crash command lines (not to ppc64le, not to -l) unless already there.
. "$(dirname "$0")/lib.sh"

X86="$FIX/deb12-x86_64-boot"
PPC="$FIX/deb12-ppc64le-boot"
NOHP="$TMP/nohp"; cp -r "$X86" "$NOHP"
rm -rf "$NOHP/sys/kernel/crash_elfcorehdr_size" "$NOHP/sys/kernel/kexec"
NODE=/sys/kernel/crash_elfcorehdr_size

# expect_line NAME FIXED-LINE ARGS...: the dry run prints that exact line
expect_line() {
	name=$1; line=$2; shift 2
	run --dry-run "$@"
	if [ "$rc" -ne 0 ]; then
		bad "$name: exit $rc: $(head -c 300 "$err")"
	elif grep -Fqx -e "$line" "$out"; then
		ok
	else
		bad "$name: no line '$line' in:"; head -12 "$out"
	fi
}

# expect_no NAME ERE ARGS...: the dry run succeeds and prints nothing matching
expect_no() {
	name=$1; re=$2; shift 2
	run --dry-run "$@"
	if [ "$rc" -ne 0 ]; then
		bad "$name: exit $rc: $(head -c 300 "$err")"
	elif grep -Eq -e "$re" "$out"; then
		bad "$name: unexpected /$re/ in:"; grep -E -e "$re" "$out"
	else
		ok
	fi
}

# -- hot-plug: what is in force and why ----------------------------------
expect_line "default on" "  hot-plug:     on (default: the kernel offers $NODE)" \
	--sysroot="$X86" -c -p "$KERNEL"
expect_line "default off without the node" "  hot-plug:     off (the kernel has no $NODE)" \
	--sysroot="$NOHP" -c -p "$KERNEL"
[ -s "$err" ] && bad "default off without the node: stderr: $(cat "$err")" || ok
expect_line "--hotplug" "  hot-plug:     on (--hotplug)" \
	--sysroot="$X86" -c -p --hotplug "$KERNEL"
expect_line "--no-hotplug" "  hot-plug:     off (--no-hotplug)" \
	--sysroot="$X86" -c -p --no-hotplug "$KERNEL"
expect_line "last wins: --no-hotplug --hotplug" "  hot-plug:     on (--hotplug)" \
	--sysroot="$X86" -c -p --no-hotplug --hotplug "$KERNEL"
expect_line "last wins: --hotplug --no-hotplug" "  hot-plug:     off (--no-hotplug)" \
	--sysroot="$X86" -c -p --hotplug --no-hotplug "$KERNEL"
expect_line "kexec_file_load" "  hot-plug:     kernel-managed (kexec_file_load: the kernel updates the crash images it loads itself)" \
	--sysroot="$X86" -s -p "$KERNEL"
expect_line "kexec_file_load without the node" "  hot-plug:     off (the kernel has no $NODE)" \
	--sysroot="$NOHP" -s -p "$KERNEL"
# -a shows the file call, then its kexec_load fallback with the flag
run --dry-run --sysroot="$X86" -p "$KERNEL"
if [ "$rc" -eq 0 ] && grep -q '^  hot-plug:     kernel-managed' "$out" &&
   grep -q '^  hot-plug:     on (default' "$out" &&
   grep -q 'flags:.*KEXEC_UPDATE_ELFCOREHDR' "$out"; then ok; else
	bad "-a: file call and fallback"; cat "$out" "$err"; fi
expect_no "no hot-plug line for -l" 'hot-plug:' --sysroot="$X86" -c -l "$KERNEL"
expect_no "--no-hotplug with -l is harmless" 'hot-plug:' --sysroot="$X86" -c -l --no-hotplug "$KERNEL"
ARCH_ARG=--arch=ppc64le
VMP="$TMP/vmlinux-ppc64le"; python3 "$TEST_SRCDIR/tools/mkvmlinux.py" "$VMP"
expect_line "ppc64le default on" "  hot-plug:     on (default: the kernel offers $NODE)" \
	--sysroot="$PPC" -c -p "$VMP"
expect_json "ppc64le default flag" '.flags == (1376256 + 1 + 8)' \
	--sysroot="$PPC" -c -p "$VMP"

# -- acpi_no_memhotplug -------------------------------------------------
expect_no "ppc64le adds nothing" 'acpi_no_memhotplug' --sysroot="$PPC" -c -p --append=quiet "$VMP"
ARCH_ARG=--arch=x86_64
ADDS="  cmdline adds: acpi_no_memhotplug (so the capture kernel does not take hot-added memory (ACPI) as its own and can dump it)"
expect_line "added for -c -p" "$ADDS" --sysroot="$X86" -c -p --append=quiet "$KERNEL"
expect_line "added for -s -p" "$ADDS" --sysroot="$X86" -s -p --append=quiet "$KERNEL"
expect_json "added for -a -p, both calls" \
	'.cmdline == "quiet acpi_no_memhotplug" and (.fallback.cmdline | startswith("quiet acpi_no_memhotplug "))' \
	--sysroot="$X86" -p --append=quiet "$KERNEL"
expect_json "added with --reuse-cmdline" \
	'.cmdline == "console=ttyS0 panic=-1 quiet acpi_no_memhotplug"' \
	--sysroot="$X86" -s -p --reuse-cmdline --append=quiet "$KERNEL"
expect_json "added with --no-hotplug too" '.cmdline == "quiet acpi_no_memhotplug"' \
	--sysroot="$X86" -s -p --no-hotplug --append=quiet "$KERNEL"
expect_json "not added twice" \
	'.cmdline == "acpi_no_memhotplug quiet" and .cmdline_added == ""' \
	--sysroot="$X86" -s -p --append="acpi_no_memhotplug quiet" "$KERNEL"
expect_json "a quoted or valued word counts" \
	'.cmdline == "\"acpi_no_memhotplug\" acpi_no_memhotplug=1"' \
	--sysroot="$X86" -s -p --append='"acpi_no_memhotplug" acpi_no_memhotplug=1' "$KERNEL"
expect_json "a longer word does not count" \
	'.cmdline == "xacpi_no_memhotplug acpi_no_memhotplugs acpi_no_memhotplug"' \
	--sysroot="$X86" -s -p --append="xacpi_no_memhotplug acpi_no_memhotplugs" "$KERNEL"
expect_no "not added for -l" 'acpi_no_memhotplug' --sysroot="$X86" -c -l --append=quiet "$KERNEL"
# words after a bare "--" go to init: what the loader adds goes before it
expect_json "added before --, with elfcorehdr=" \
	'.cmdline | test("^quiet acpi_no_memhotplug acpi_rsdp=0x[0-9a-f]+ elfcorehdr=[0-9]+K -- single acpi_no_memhotplug$")' \
	--sysroot="$X86" -c -p --append="quiet -- single acpi_no_memhotplug" "$KERNEL"

finish
