#!/bin/sh
# run.sh - the end-to-end kdump suite: real crash dumps taken in QEMU guests
# (TCG) running Debian's 6.12 kernel, loaded by this project's kexec.
#
# Usage: tests/e2e/run.sh [SCENARIO...]     (all by default; numbers or names)
#        tests/e2e/run.sh ppc64le [SCENARIO...]   the pseries suite instead
#                                                 (run-ppc64le.sh)
#   1 nohotplug    kexec -c -p --hotplug, no hot-plug: the dump is complete
#   2 hotadd       load with --hotplug, hot-add two 512 MiB DIMMs: the kernel's
#                  rewritten elfcorehdr covers them, every pattern page is found
#   3 noflag       the same without --hotplug: the pages in hot-added memory
#                  must be MISSING (negative control: the harness sees it)
#   4 hotremove    online_movable, add two DIMMs, device_del one: without a
#                  reload the removed range stays in the dump (4a, the kernel's
#                  known behaviour); after the reload it is gone (4b)
#   5 cpu          offline/online cpu1 after the load: notes for every CPU
#   6 file         kexec -s -p (kexec_file_load) + hot-add, as scenario 2
#   7 exec         kexec -c -l then kexec -e boots the new kernel
#   8 makedumpfile Debian's makedumpfile -d 31 and --dump-dmesg in the capture kernel
#   9 corrupt      fault injection (a second, test-hooks kexec): one byte of a
#                  segment flipped after the digest; purgatory must refuse and
#                  no capture kernel may come up: kernel (9a), initrd (9b),
#                  elfcorehdr without --hotplug (9c); with --hotplug the
#                  elfcorehdr is outside the digest, so 9d must still dump
#                  (its middle byte, flipped, is the vmcoreinfo PT_NOTE's
#                  p_paddr, which /proc/vmcore does not read).
#                  Scenario 1 is the control: the same load, unflipped, boots
#  10 efi          scenario 2 booted through UEFI (Debian's OVMF).  10a: the
#                  capture kernel must come up as an EFI machine (efi_info,
#                  the EFI memory and runtime maps passed in boot_params:
#                  runtime services registered), find the ACPI RSDP, and dump
#                  every page.  10b, the control: with --noefi it must come up
#                  without EFI and still find the RSDP (acpi_rsdp_addr)
#  11 vmlinux      the ELF vmlinux inside the test kernel (extract-vmlinux.sh)
#                  instead of the bzImage: 11a loads it with -c -p --hotplug,
#                  hot-adds two DIMMs and checks the dump as scenario 2; 11b
#                  boots it with kexec -c -l and kexec -e as scenario 7
# Every scenario boots its own guest and prints PASS/FAIL with its phase
# timings; the last line is "N passed, N failed" (exit 1 if any failed).
# Environment: KEXEC_HOTPLUG_BUILD=DIR reuse/keep artefacts (default: a temp
# dir, removed on success); KEXEC_E2E_RELOAD=unload|kexec how scenario 4b
# reloads (see below); KEXEC_HOTPLUG_ACCEL=kvm (qemu.sh); KD_CORRUPT_WATCH=S
# how long scenario 9 watches for a capture kernel after the refusal (30).
set -u

e2e=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = ppc64le ]; then
	shift
	exec "$e2e/run-ppc64le.sh" "$@"
fi
src=$(cd "$e2e/../.." && pwd)
QEMU_LIB=$e2e/lib
. "$QEMU_LIB/qemu.sh"
. "$QEMU_LIB/kdump.sh"

# Scenario 4b reloads with `kexec -p --reload` (the last recorded crash load,
# with fresh machine state: what the udev rules run).  KEXEC_E2E_RELOAD=unload
# uses `kexec -p -u` and the same load again instead.
KD_RELOAD=${KEXEC_E2E_RELOAD:-kexec}

# A 512 MiB DIMM is 4 memory blocks; user pages prefer the hot-added
# (ZONE_NORMAL/MOVABLE) memory over boot memory (DMA32), so a 640 MiB fill
# lands mostly in the DIMMs.
sc_nohotplug() {
	kd_boot 1-nohotplug "load:hotplug,fill:256,panic" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_crash && kd_verify --pages all --hotplug-sysfs 1
}

# hotadd_dump NAME MODE [APPEND...]: scenario 2's steps and checks with load
# MODE (kdump.init): load, hot-add two 512 MiB DIMMs, fill 640 MiB, panic;
# the DIMMs are in the dump and every pattern page is found
hotadd_dump() {
	_hd_n=$1 _hd_m=$2
	shift 2
	kd_boot "$_hd_n" "load:$_hd_m,hotadd:1024,fill:640,panic" "$@" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_hotadd 2 && kd_phase hot-plug &&
	kd_crash && kd_verify --pages all --hotplug-sysfs 1 --covered dimm0 --covered dimm1 \
		--stamped dimm0 --stamped dimm1
}

sc_hotadd() {
	hotadd_dump 2-hotadd hotplug
}

# 1152 MiB is more than the two DIMMs hold, so some pattern pages must land in
# boot memory too: those are the ones that must still be found.
sc_noflag() {
	kd_boot 3-noflag "load:noflag,hotadd:1024,fill:1152,panic" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_hotadd 2 && kd_phase hot-plug &&
	kd_crash && kd_verify --pages hotadd-missing --hotplug-sysfs 0 --absent dimm0 --absent dimm1 \
		--stamped dimm0 --stamped dimm1
}

# hotremove_one NAME STEPS VERIFY-ARGS...
hotremove_one() {
	_n=$1 _s=$2
	shift 2
	kd_boot "$_n" "$_s" memhp_default_state=online_movable e2e.reload="$KD_RELOAD" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_hotadd 2 && kd_phase hot-add &&
	kd_hotremove dimm1 && kd_phase hot-remove &&
	kd_crash && kd_verify "$@"
}

sc_hotremove() {
	echo "  4a: no reload after device_del: the removed DIMM must still be in the dump"
	hotremove_one 4a-hotremove-stale "load:hotplug,hotadd:1024,hotremove:512,fill:384,panic" \
		--pages all --covered dimm0 --covered dimm1 --stamped dimm0 --any-read-errors || return 1
	kd_finish 0
	echo "  4b: reload ($KD_RELOAD) after device_del: the removed DIMM is gone"
	hotremove_one 4b-hotremove-reload "load:hotplug,hotadd:1024,hotremove:512,reload,fill:384,panic" \
		--pages all --covered dimm0 --absent dimm1 --stamped dimm0
}

sc_cpu() {
	kd_boot 5-cpu "load:hotplug,cpu:1,fill:256,panic" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_wait "cpu1 online again" && kd_phase cpu-offline-online &&
	kd_crash && kd_verify --pages all --hotplug-sysfs 1
}

sc_file() {
	hotadd_dump 6-file file
}

sc_exec() {
	kd_exec 7-exec
}

sc_makedumpfile() {
	kd_boot 8-makedumpfile "load:hotplug,fill:64,panic" e2e.mkdump=1 &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_crash && kd_verify --pages all --makedumpfile
}

# corrupt_refused NAME STEPS ROLE: purgatory must refuse, no capture kernel
corrupt_refused() {
	KD_INITRD=first-hooks.cpio.gz kd_boot "$1" "$2" e2e.corrupt="$3" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	echo "  guest: $(grep -a -m1 'flipped byte' "$KD_VM/console.log" | tr -d '\r')" &&
	kd_refused "${KD_CORRUPT_WATCH:-30}"
}

sc_corrupt() {
	kd_build_hooks "$src" || return 1
	echo "  9a: kexec -c -p --hotplug, kernel segment flipped: purgatory refuses"
	corrupt_refused 9a-corrupt-kernel "load:hotplug,panic" kernel || return 1
	kd_finish 0
	echo "  9b: kexec -c -p --hotplug, initrd segment flipped: purgatory refuses"
	corrupt_refused 9b-corrupt-initrd "load:hotplug,panic" initrd || return 1
	kd_finish 0
	echo "  9c: kexec -c -p (no --hotplug), elfcorehdr flipped: inside the digest, refused"
	corrupt_refused 9c-corrupt-elfcorehdr "load:noflag,panic" elfcorehdr || return 1
	kd_finish 0
	echo "  9d: kexec -c -p --hotplug, elfcorehdr flipped: outside the digest, the dump is taken"
	KD_INITRD=first-hooks.cpio.gz kd_boot 9d-corrupt-elfcorehdr-hotplug "load:hotplug,fill:64,panic" \
		e2e.corrupt=elfcorehdr &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	echo "  guest: $(grep -a -m1 'flipped byte' "$KD_VM/console.log" | tr -d '\r')" &&
	kd_crash && kd_verify --pages all --hotplug-sysfs 1
}

# efi_capture_checks EFI: what scenario 10 adds to kd_verify, read from the
# load's stderr and the capture kernel's part of the serial console: the
# capture kernel came up with EFI (EFI=yes) or without it (no), and found the
# ACPI RSDP either way.
efi_capture_checks() {
	_cap=$(sed -n '/E2E: panic/,$p' "$KD_VM/console.log" | tr -d '\r')
	_rc=0
	for _want in "$1:efi: EFI v2" "$1:efivars: Registered efivars operations" "yes:ACPI: RSDP"; do
		_line=$(printf '%s\n' "$_cap" | grep -a -m1 -F "${_want#*:}")
		if [ "${_want%%:*}" = yes ] && [ -n "$_line" ]; then
			echo "  ok   the capture kernel says: ${_line#*] }"
		elif [ "${_want%%:*}" = no ] && [ -z "$_line" ]; then
			echo "  ok   the capture kernel does not say \"${_want#*:}\""
		elif [ -n "$_line" ]; then
			echo "  FAIL the capture kernel says: ${_line#*] }"; _rc=1
		else
			echo "  FAIL the capture kernel never said \"${_want#*:}\""; _rc=1
		fi
	done
	if [ "$1" = yes ] && grep -q . "$KD_VM/first/load.log" 2>/dev/null; then
		echo "  FAIL kexec printed on the EFI machine: $(head -n 1 "$KD_VM/first/load.log")"; _rc=1
	elif [ "$1" = yes ]; then
		echo "  ok   kexec -c -p --hotplug printed no warning (the EFI state was passed)"
	fi
	return $_rc
}

# efi_one NAME MODE EFI: scenario 2 under OVMF with load MODE
efi_one() {
	hotadd_dump "$1" "$2" && efi_capture_checks "$3"
}

sc_efi() {
	_fw_saved=${QEMU_FIRMWARE:-bios}
	QEMU_FIRMWARE=ovmf
	qemu_deps &&
	echo "  10a: UEFI guest, kexec -c -p --hotplug: the capture kernel runs with EFI" &&
	efi_one 10a-efi hotplug yes &&
	kd_finish 0 &&
	echo "  10b: the same with --noefi: no EFI in the capture kernel, the RSDP still found" &&
	efi_one 10b-noefi noefi no
	_st=$?
	QEMU_FIRMWARE=$_fw_saved
	return $_st
}

sc_vmlinux() {
	kd_build_vmlinux || return 1
	echo "  11a: kexec -c -p --hotplug /boot/vmlinux (ELF), hot-add two DIMMs, panic"
	KD_INITRD=first-vmlinux.cpio.gz hotadd_dump 11a-vmlinux-crash hotplug \
		e2e.kernel=/boot/vmlinux || return 1
	kd_finish 0
	echo "  11b: kexec -c -l /boot/vmlinux (ELF), kexec -e"
	KD_INITRD=first-vmlinux.cpio.gz kd_exec 11b-vmlinux-exec e2e.kernel=/boot/vmlinux
}

all="1 2 3 4 5 6 7 8 9 10 11"
name_of() {
	case $1 in
	1|nohotplug) echo nohotplug ;; 2|hotadd) echo hotadd ;; 3|noflag) echo noflag ;;
	4|hotremove) echo hotremove ;; 5|cpu) echo cpu ;; 6|file) echo file ;;
	7|exec) echo exec ;; 8|makedumpfile) echo makedumpfile ;;
	9|corrupt) echo corrupt ;; 10|efi) echo efi ;; 11|vmlinux) echo vmlinux ;;
	*) return 1 ;;
	esac
}
# shellcheck disable=SC2086
[ $# -gt 0 ] || set -- $all
for s in "$@"; do
	name_of "$s" >/dev/null || { echo "run.sh: unknown scenario $s (1-11 or a name)" >&2; exit 2; }
done

t0=$(date +%s)
keep=${KEXEC_HOTPLUG_BUILD:+yes}
work=${KEXEC_HOTPLUG_BUILD:-$(mktemp -d "${TMPDIR:-/tmp}/kexec-e2e.XXXXXX")}
qemu_deps
kd_build "$src" "$work/e2e" || { echo "run.sh: building the guest artefacts failed" >&2; exit 1; }
echo "e2e: artefacts in $work/e2e (build $(( $(date +%s) - t0 ))s), run id $KD_RUN, $(qemu_accel)"

kd_run_scenarios "" "$work" "$keep" "$@"
