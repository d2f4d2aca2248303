#!/bin/sh
# capture-sysroot.sh - owns recapturing the real machine-state snapshots in
# tests/fixtures/sysroot/ from a QEMU guest running Debian's 6.12 kernel.
#
# Usage: tests/e2e/capture-sysroot.sh [OUTDIR]     (default tests/fixtures/sysroot)
# Boots the guest (-smp 2,maxcpus=4, -m 1G,slots=8,maxmem=16G,
# crashkernel=256M, nothing loaded) with capture-sysroot.init as /init and
# writes OUTDIR/deb12-x86_64-boot, -cpu1-offline and -after-hotadd (two
# 512 MiB pc-dimms hot-added over QMP), each with a README, then checks them.
# Keeps the guest's console and dmesg in $KEEP_WORKDIR when set.
# QEMU_FIRMWARE=ovmf boots the same guest through UEFI (lib/qemu.sh) and
# writes only OUTDIR/deb12-x86_64-efi (the after-boot state, with
# sys/firmware/efi and its runtime-map).
set -eu

e2e=$(cd "$(dirname "$0")" && pwd)
out=${1:-$e2e/../fixtures/sysroot}
mkdir -p "$out"
out=$(cd "$out" && pwd)
QEMU_LIB=$e2e/lib
. "$QEMU_LIB/qemu.sh"

snaps="deb12-x86_64-boot deb12-x86_64-cpu1-offline deb12-x86_64-after-hotadd"
firmware=BIOS
# snap_src NAME: the name the guest sent the snapshot under
snap_src() { echo "$1"; }
if [ "${QEMU_FIRMWARE:-bios}" = ovmf ]; then
	snaps=deb12-x86_64-efi
	firmware="UEFI (OVMF_CODE_4M.fd + a copy of OVMF_VARS_4M.fd as pflash)"
	snap_src() { echo deb12-x86_64-boot; }
fi
t0=$(date +%s)
qemu_deps
kernel=$("$e2e/lib/fetch-kernel.sh")
work=${KEEP_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/capture-sysroot.XXXXXX")}
mkdir -p "$work"
cleanup() {
	qemu_stop "$work/vm" 0
	[ -n "${KEEP_WORKDIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$e2e/lib/mkinitramfs.sh" "$work/capture.cpio.gz" --init "$e2e/capture-sysroot.init"
QEMU_SMP=2,maxcpus=4 qemu_start "$work/vm" "$kernel" "$work/capture.cpio.gz" ""
echo "capture-sysroot: booting $(basename "$kernel") ($(qemu_accel))" >&2
qemu_wait "$work/vm" "E2E: ready-for-hotadd" 300
t1=$(date +%s)
accel=tcg
qemu_qmp "$work/vm" query-kvm | grep -q '"enabled": true' && accel=kvm
for n in 0 1; do
	qemu_qmp "$work/vm" object-add \
		"{\"qom-type\":\"memory-backend-ram\",\"id\":\"mem$n\",\"size\":536870912}" >/dev/null
	qemu_qmp "$work/vm" device_add \
		"{\"driver\":\"pc-dimm\",\"id\":\"dimm$n\",\"memdev\":\"mem$n\"}" >/dev/null
done
echo "capture-sysroot: hot-added dimm0, dimm1" >&2
qemu_wait "$work/vm" "E2E: sent meta" 300
qemu_stop "$work/vm" 60
t2=$(date +%s)

qemu_version=$("$QEMU_BIN" --version | sed -n '1s/^QEMU emulator version //p')
today=$(date -u +%Y-%m-%d)
status=0
qemu_extract "$work/vm" meta "$work/meta" 2>/dev/null || :
for s in $snaps; do
	rm -rf "${out:?}/$s"
	mkdir -p "$out/$s"
	if ! qemu_extract "$work/vm" "$(snap_src "$s")" "$out/$s"; then
		echo "capture-sysroot: $s missing from the guest's output" >&2
		status=1
		continue
	fi
	# option ROM images the EFI stub passes as SETUP_PCI: firmware, not needed
	rm -f "$out/$s"/sys/kernel/boot_params/setup_data/*/data
	case $s in
	*-boot) what="the guest right after boot; nothing loaded" ;;
	*-cpu1-offline) what="after 'echo 0 > /sys/devices/system/cpu/cpu1/online' (taken before the hot-add; cpu1 was put back online afterwards)" ;;
	*-efi) what="the guest right after boot; nothing loaded" ;;
	*-after-hotadd) what="after hot-adding two 512 MiB pc-dimms over QMP (object-add memory-backend-ram memN size=512M + device_add pc-dimm dimmN memdev=memN) and waiting for 1 GiB of System RAM above 4 GiB in /proc/iomem; cpu1 online again" ;;
	esac
	cat > "$out/$s/README" <<TXT
$s: machine state captured inside a QEMU guest by tests/e2e/capture-sysroot.sh
on $today.

State: $what.

Kernel: Debian bookworm-backports $(cat "$out/$s/proc/sys/kernel/osrelease" 2>/dev/null) ($(cat "$out/$s/uname" 2>/dev/null))
QEMU $qemu_version, accel $accel, firmware $firmware:
  qemu-system-x86_64 -machine pc -m 1G,slots=8,maxmem=16G -smp 2,maxcpus=4
    -nographic -monitor none -no-reboot -serial stdio -serial file:DATA
    -qmp unix:SOCK,server=on,wait=off -kernel vmlinuz -initrd capture.cpio.gz
    -append "$(cat "$out/$s/proc/cmdline" 2>/dev/null)"
Init: tests/e2e/capture-sysroot.init (busybox, runs as root).
Guest kernel log lines about the crash region, CPUs and EFI:
$(grep -hE 'crashkernel reserved|CPU topo: Allowing|smpboot: Total|efi: EFI v|efi: ACPI' "$work/meta/$(snap_src "$s").dmesg" 2>/dev/null |
	sed 's/^\[[ 0-9.]*\] /  /')

Files hold the content of the same paths on the guest (copied with cat).
Exceptions: proc/kcore is only its first 64 KiB (ELF header and program
headers); proc/kallsyms only holds a few kernel text symbols (_text, _stext,
_etext, _edata, _end, startup_64, phys_base); uname is \`uname -srvm\`;
sys/kernel/boot_params/setup_data/N keeps only \`type\` (no \`data\`).
TXT
done
t3=$(date +%s)

# sanity checks on what the loader will read
for s in $snaps; do
	d=$out/$s
	[ -f "$d/proc/iomem" ] || continue
	if ! grep -q '^[ ]*[0-9a-f]*[1-9a-f][0-9a-f]*-[0-9a-f]* : System RAM' "$d/proc/iomem"; then
		echo "capture-sysroot: $s: proc/iomem has only zero addresses" >&2; status=1
	fi
	grep -q ' : Crash kernel$' "$d/proc/iomem" ||
		{ echo "capture-sysroot: $s: no Crash kernel in proc/iomem" >&2; status=1; }
	[ "$(cat "$d/sys/kernel/crash_elfcorehdr_size" 2>/dev/null)" = 917616 ] ||
		{ echo "capture-sysroot: $s: crash_elfcorehdr_size is not 917616" >&2; status=1; }
	case $s in *-efi)
		[ -f "$d/sys/firmware/efi/systab" ] ||
			{ echo "capture-sysroot: $s: no sys/firmware/efi/systab" >&2; status=1; }
		[ -n "$(od -An -tx1 -j448 -N32 "$d/sys/kernel/boot_params/data" 2>/dev/null | tr -d ' 0\n')" ] ||
			{ echo "capture-sysroot: $s: efi_info in boot_params is empty" >&2; status=1; } ;;
	esac
	case $s in *-after-hotadd)
		grep -q '^1[0-9a-f]\{8\}-[0-9a-f]* : System RAM' "$d/proc/iomem" ||
			{ echo "capture-sysroot: $s: no System RAM above 4 GiB" >&2; status=1; } ;;
	esac
done
echo "capture-sysroot: total $((t3 - t0))s (boot+snapshots $((t1 - t0))s, hot-add+poweroff $((t2 - t1))s, accel $accel)" >&2
[ $status = 0 ] && echo "capture-sysroot: wrote $snaps in $out" >&2
exit $status
