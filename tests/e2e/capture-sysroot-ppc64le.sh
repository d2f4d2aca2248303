#!/bin/sh
# capture-sysroot-ppc64le.sh - owns recapturing the real ppc64le machine-state
# snapshots in tests/fixtures/sysroot/deb12-ppc64le-* from a pseries QEMU
# guest running Debian's 6.12 ppc64el kernel.
#
# Usage: tests/e2e/capture-sysroot-ppc64le.sh [OUTDIR]  (default tests/fixtures/sysroot)
# Fetches (never installs) the powerpc64le kernel and a ppc64el busybox-static
# with lib/fetch-kernel.sh, boots -machine pseries,x-vof=on -cpu POWER9
# -m 2G,slots=4,maxmem=8G -smp 2,maxcpus=4 crashkernel=512M (TCG, nothing
# loaded) with capture-sysroot-ppc64le.init as /init, and writes
# OUTDIR/deb12-ppc64le-boot and -after-hotadd (a 1 GiB pc-dimm and one CPU
# core hot-added over QMP), each with a README, then checks them.
# Keeps the guest's console and dmesg in $KEEP_WORKDIR when set.
set -eu

e2e=$(cd "$(dirname "$0")" && pwd)
out=${1:-$e2e/../fixtures/sysroot}
mkdir -p "$out"
out=$(cd "$out" && pwd)
QEMU_LIB=$e2e/lib
QEMU_ARCH=ppc64le
. "$QEMU_LIB/qemu.sh"

snaps="deb12-ppc64le-boot deb12-ppc64le-after-hotadd"
t0=$(date +%s)
qemu_deps
kernel=$("$e2e/lib/fetch-kernel.sh" --arch ppc64el)
busybox=$("$e2e/lib/fetch-kernel.sh" --arch ppc64el --busybox)
work=${KEEP_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/capture-sysroot-ppc64le.XXXXXX")}
mkdir -p "$work"
cleanup() {
	qemu_stop "$work/vm" 0
	[ -n "${KEEP_WORKDIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$e2e/lib/mkinitramfs.sh" "$work/capture.cpio.gz" --busybox "$busybox" \
	--init "$e2e/capture-sysroot-ppc64le.init"
QEMU_MEM=2G,slots=4,maxmem=8G QEMU_SMP=2,maxcpus=4 QEMU_CRASHKERNEL=512M \
	qemu_start "$work/vm" "$kernel" "$work/capture.cpio.gz" ""
echo "capture-sysroot-ppc64le: booting $(basename "$kernel") ($(qemu_accel))" >&2
qemu_wait "$work/vm" "E2E: ready-for-hotadd" 300
t1=$(date +%s)

# 1 GiB of memory (pseries places it at 2 GiB) and the first free CPU core
qemu_qmp "$work/vm" object-add \
	'{"qom-type":"memory-backend-ram","id":"mem0","size":1073741824}' >/dev/null
qemu_qmp "$work/vm" device_add '{"driver":"pc-dimm","id":"dimm0","memdev":"mem0"}' >/dev/null
core=$(qemu_qmp "$work/vm" query-hotpluggable-cpus | python3 -c '
import json, sys
free = [c for c in json.load(sys.stdin) if "qom-path" not in c]
free.sort(key=lambda c: c["props"]["core-id"])
c = free[0]
args = {"driver": c["type"], "id": "core%d" % c["props"]["core-id"]}
args.update(c["props"])
print(json.dumps(args))')
qemu_qmp "$work/vm" device_add "$core" >/dev/null
echo "capture-sysroot-ppc64le: hot-added dimm0 (1 GiB) and $core" >&2
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
	if ! qemu_extract "$work/vm" "$s" "$out/$s"; then
		echo "capture-sysroot-ppc64le: $s missing from the guest's output" >&2
		status=1
		continue
	fi
	case $s in
	*-boot) what="the guest right after boot; nothing loaded" ;;
	*-after-hotadd) what="after hot-adding over QMP a 1 GiB pc-dimm (object-add memory-backend-ram mem0 size=1G + device_add pc-dimm dimm0 memdev=mem0) and one CPU core (device_add $core), and waiting until the guest had onlined all four new memory blocks and the new CPU" ;;
	esac
	cat > "$out/$s/README" <<TXT
$s: machine state captured inside a QEMU pseries guest by
tests/e2e/capture-sysroot-ppc64le.sh on $today.

State: $what.

Kernel: Debian bookworm-backports $(cat "$out/$s/proc/sys/kernel/osrelease" 2>/dev/null) ($(cat "$out/$s/uname" 2>/dev/null)),
  /boot/vmlinux-* of linux-image-6.12*-powerpc64le (4 KiB pages)
QEMU $qemu_version, accel tcg:
  qemu-system-ppc64 -machine pseries,x-vof=on -cpu POWER9
    -m 2G,slots=4,maxmem=8G -smp 2,maxcpus=4
    -nographic -monitor none -no-reboot -serial stdio -serial file:DATA
    -qmp unix:SOCK,server=on,wait=off -kernel vmlinux -initrd capture.cpio.gz
    -append "$(cat "$out/$s/proc/cmdline" 2>/dev/null)"
Init: tests/e2e/capture-sysroot-ppc64le.init (busybox, runs as root).
Guest kernel log lines about the crash region, memory and CPUs:
$(grep -hiE 'crashkernel|Memory hole size|smp: Brought up|cpu [0-9]+ \(hwid|hp_action|Hot add|dlpar' "$work/meta/$s.dmesg" 2>/dev/null |
	sed 's/^\[[ 0-9.]*\] /  /')

Files hold the content of the same paths on the guest (copied with cat).
Exceptions: proc/device-tree is a copy (cp -r) of the guest's
/proc/device-tree -> /sys/firmware/devicetree/base: real directories and
property files with their binary (big-endian) contents; proc/kcore is only
its first 64 KiB (ELF header and program headers); proc/kallsyms only holds a
few kernel text symbols (_text, _stext, _etext, _edata, _end, __start);
uname is \`uname -srvm\`.
TXT
done
t3=$(date +%s)

# sanity checks on what the loader will read
be64() { od -An -tx1 -N8 "$1" | tr -d ' \n'; }
for s in $snaps; do
	d=$out/$s
	[ -d "$d/proc/device-tree" ] || continue
	dt=$d/proc/device-tree
	[ "$(be64 "$dt/chosen/linux,crashkernel-base")" = 0000000020000000 ] ||
		{ echo "capture-sysroot-ppc64le: $s: chosen/linux,crashkernel-base is not 512 MiB" >&2; status=1; }
	[ "$(be64 "$dt/chosen/linux,crashkernel-size")" = 0000000020000000 ] ||
		{ echo "capture-sysroot-ppc64le: $s: chosen/linux,crashkernel-size is not 512 MiB" >&2; status=1; }
	[ "$(cat "$d/sys/kernel/kexec_crash_size" 2>/dev/null)" = 536870912 ] ||
		{ echo "capture-sysroot-ppc64le: $s: kexec_crash_size is not 536870912" >&2; status=1; }
	[ "$(cat "$d/sys/kernel/crash_elfcorehdr_size" 2>/dev/null)" = 459096 ] ||
		{ echo "capture-sysroot-ppc64le: $s: crash_elfcorehdr_size is not 459096" >&2; status=1; }
	[ "$(cat "$d/sys/devices/system/cpu/possible")" = 0-3 ] ||
		{ echo "capture-sysroot-ppc64le: $s: possible CPUs are not 0-3" >&2; status=1; }
	[ -f "$dt/ibm,dynamic-reconfiguration-memory/ibm,lmb-size" ] ||
		{ echo "capture-sysroot-ppc64le: $s: no ibm,dynamic-reconfiguration-memory" >&2; status=1; }
	ncpu=$(grep -c '^processor' "$d/proc/cpuinfo")
	case $s in
	*-boot) want_present=0-1 want_cpus=2 ;;
	*-after-hotadd) want_present=0-2 want_cpus=3 ;;
	esac
	[ "$(cat "$d/sys/devices/system/cpu/present")" = $want_present ] ||
		{ echo "capture-sysroot-ppc64le: $s: present CPUs are not $want_present" >&2; status=1; }
	[ "$ncpu" = $want_cpus ] ||
		{ echo "capture-sysroot-ppc64le: $s: $ncpu CPUs in proc/cpuinfo, not $want_cpus" >&2; status=1; }
done
echo "capture-sysroot-ppc64le: total $((t3 - t0))s (boot+first snapshot $((t1 - t0))s, hot-add+poweroff $((t2 - t1))s)" >&2
[ $status = 0 ] && echo "capture-sysroot-ppc64le: wrote $snaps in $out" >&2
exit $status
