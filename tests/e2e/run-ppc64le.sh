#!/bin/sh
# run-ppc64le.sh - the end-to-end kdump suite on ppc64le: real crash dumps
# taken in QEMU pseries guests (TCG, -cpu POWER9, -m 2G,slots=4,maxmem=8G
# -smp 2,maxcpus=4, crashkernel=512M) running Debian's 6.12 ppc64el kernel,
# loaded by this project's kexec cross-built static for ppc64le.  Only
# kexec_load (-c) is tested: Debian's ppc64el kernel has no KEXEC_FILE.
#
# Usage: tests/e2e/run-ppc64le.sh [SCENARIO...]   (default: 1 2 2b 3 4)
#   1  hotplug    kexec -c -p --hotplug, hot-add a 1 GiB DIMM and a CPU core,
#                 panic on the hot-added CPU: the kernel's rewritten
#                 elfcorehdr covers the DIMM, every pattern page is found
#   2  noflag     the same load without --hotplug, hot-add a 1 GiB DIMM, panic
#                 on cpu0: the pages in the DIMM must be MISSING (negative
#                 control)
#   2b noflag-cpu without --hotplug, hot-add a CPU core, panic on it: the
#                 capture kernel must NOT come up (the capture FDT lacks that
#                 CPU; it hangs after purgatory).  Passes when nothing shows
#                 up within KD_HANG_TIMEOUT (default 60) seconds of the panic,
#                 and the console shows no second kernel banner.
#   3  hotremove  memhp_default_state=online_movable, load with --hotplug,
#                 add two 512 MiB DIMMs, device_del one: the removed range is
#                 gone from the dump without a reload (powerpc drops it itself)
#   4  exec       kexec -c -l of the same kernel (what petitboot does), then
#                 kexec -e: the new kernel's /init prints its marker on hvc0
# Every scenario boots its own guest and prints PASS/FAIL with its phase
# timings; the last line is "N passed, N failed" (exit 1 if any failed).
# Environment: KEXEC_HOTPLUG_BUILD=DIR reuse/keep artefacts (default: a temp
# dir, removed on success).
# shellcheck disable=SC2034  # QEMU_ARCH, KD_DIMM_MIB: read by qemu.sh, kdump.sh
set -u

e2e=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$e2e/../.." && pwd)
QEMU_LIB=$e2e/lib
QEMU_ARCH=ppc64le
. "$QEMU_LIB/qemu.sh"
. "$QEMU_LIB/kdump.sh"

QEMU_MEM=2G,slots=4,maxmem=8G
QEMU_SMP=2,maxcpus=4
QEMU_CRASHKERNEL=512M
export QEMU_MEM QEMU_SMP QEMU_CRASHKERNEL
HOTBASE=2147483648	# pseries puts hot-added DIMMs right after the 2 GiB of boot RAM
CROSS=powerpc64le-linux-gnu-

# kd_build_ppc64le SRC WORK: kd_build for a ppc64le guest: kexec by
# tests/cross/build-ppc64le.sh (static; runs its make check), the tools with
# the cross gcc, Debian's ppc64el busybox-static, no makedumpfile.
kd_build_ppc64le() {
	_src=$1 KD_WORK=$2
	mkdir -p "$KD_WORK"
	KD_KERNEL=$(sh "$_src/tests/e2e/lib/fetch-kernel.sh" --arch ppc64el) || return 1
	_bb=$(sh "$_src/tests/e2e/lib/fetch-kernel.sh" --arch ppc64el --busybox) || return 1
	if [ ! -x "$KD_WORK/static/kexec/kexec" ]; then
		echo "run-ppc64le: cross-building a static kexec in $KD_WORK/static" >&2
		(cd "$_src" && { [ -x configure ] || ./bootstrap >/dev/null; }) &&
		sh "$_src/tests/cross/build-ppc64le.sh" "$KD_WORK/static" >&2 || return 1
	fi
	mkdir -p "$KD_WORK/tools"
	for _t in fillmem vmcore-check; do
		"${CROSS}gcc" -static -O2 -Wall -Wextra -Werror -o "$KD_WORK/tools/$_t" \
			"$_src/tests/e2e/tools/$_t.c" || return 1
	done
	sh "$QEMU_LIB/mkinitramfs.sh" "$KD_WORK/capture.cpio.gz" --busybox "$_bb" \
		--init "$_src/tests/e2e/kdump.init" \
		--add "$KD_WORK/tools/vmcore-check:/usr/bin/vmcore-check" || return 1
	sh "$QEMU_LIB/mkinitramfs.sh" "$KD_WORK/first.cpio.gz" --busybox "$_bb" \
		--init "$_src/tests/e2e/kdump.init" \
		--add "$KD_WORK/tools/vmcore-check:/usr/bin/vmcore-check" \
		--add "$KD_WORK/tools/fillmem:/usr/bin/fillmem" \
		--add "$KD_WORK/static/kexec/kexec:/usr/sbin/kexec" \
		--add "$KD_KERNEL:/boot/vmlinuz" \
		--add "$KD_WORK/capture.cpio.gz:/boot/capture.cpio.gz" || return 1
}

# kd_hotcpu: hot-add the first free core query-hotpluggable-cpus lists
kd_hotcpu() {
	kd_wait ready-for-hotcpu || return 1
	_core=$(qemu_qmp "$KD_VM" query-hotpluggable-cpus | python3 -c '
import json, sys
free = [c for c in json.load(sys.stdin) if "qom-path" not in c]
free.sort(key=lambda c: c["props"]["core-id"])
c = free[0]
args = {"driver": c["type"], "id": "core%d" % c["props"]["core-id"]}
args.update(c["props"])
print(json.dumps(args))') || return 1
	qemu_qmp "$KD_VM" device_add "$_core" >/dev/null || return 1
	echo "  device_add $_core"
	kd_wait hotcpu-added
}

ppc_boot() {	# NAME STEPS [APPEND...]
	_n=$1 _s=$2
	shift 2
	kd_boot "$_n" "$_s" e2e.hotbase=$HOTBASE "$@"
}

ppc_verify() {
	kd_verify --machine 21 --notes-online --hot-base $HOTBASE "$@"
}

sc_hotplug() {
	KD_DIMM_MIB=1024
	ppc_boot 1-hotplug "load:hotplug,hotadd:1024,hotcpu:3,fill:1024,panic:2" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_hotadd 1 && kd_hotcpu && kd_phase hot-plug &&
	kd_crash && ppc_verify --pages all --hotplug-sysfs 1 --covered dimm0 --stamped dimm0 &&
	on_new_cpu
}

# on_new_cpu: the panic ran on cpu2 and the capture kernel started on it
on_new_cpu() {
	_ok=0
	if grep -aqE 'CPU: 2 .*Kdump: loaded' "$KD_VM/console.log"; then
		echo "  ok   the panic ran on the hot-added cpu2"
	else
		echo "  FAIL the console shows no panic on cpu2"; _ok=1
	fi
	_boot=$(grep -aoE 'Boot CPU 2 .*' "$KD_VM/console.log" | head -n 1 | tr -d '\r')
	if [ -n "$_boot" ]; then
		echo "  ok   the capture kernel started on it: $_boot"
	else
		echo "  FAIL the capture kernel does not say it started on cpu2"; _ok=1
	fi
	return $_ok
}

sc_noflag() {
	KD_DIMM_MIB=1024
	ppc_boot 2-noflag "load:noflag,hotadd:1024,fill:1024,panic" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_hotadd 1 && kd_phase hot-plug &&
	kd_crash && ppc_verify --pages hotadd-missing --hotplug-sysfs 0 --absent dimm0 --stamped dimm0
}

sc_noflag_cpu() {
	KD_HANG=${KD_HANG_TIMEOUT:-60}
	ppc_boot 2b-noflag-cpu "load:noflag,hotcpu:3,fill:16,panic:2" &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_hotcpu && kd_phase hot-plug &&
	kd_wait filled && kd_wait panic && kd_phase fill || return 1
	if qemu_wait "$KD_VM" "E2E: capture kernel up" "$KD_HANG" 2>/dev/null; then
		echo "  FAIL the capture kernel came up after a panic on a CPU the load did not know"
		return 1
	fi
	kd_phase "wait-for-hang"
	if ! grep -q 'sysrq: Trigger a crash' "$KD_VM/console.log"; then
		echo "  FAIL the console shows no sysrq crash"
		return 1
	fi
	_banners=$(grep -ac 'Linux version' "$KD_VM/console.log")
	if [ "$_banners" != 1 ]; then
		echo "  FAIL $_banners kernel banners on the console: a second kernel started"
		return 1
	fi
	echo "  ok   expected failure: no capture kernel ${KD_HANG}s after the panic on the hot-added CPU" \
		"(the capture FDT lacks it); last console line:" \
		"$(tr -d '\r' < "$KD_VM/console.log" | grep -v '^$' | tail -n 1)"
}

sc_hotremove() {
	KD_DIMM_MIB=512
	ppc_boot 3-hotremove "load:hotplug,hotadd:1024,hotremove:512,fill:1024,panic" \
		memhp_default_state=online_movable &&
	kd_wait booted && kd_phase boot &&
	kd_wait loaded && kd_phase load &&
	kd_hotadd 2 && kd_phase hot-add &&
	kd_hotremove dimm1 && kd_phase hot-remove &&
	kd_crash && ppc_verify --pages all --hotplug-sysfs 1 --covered dimm0 --absent dimm1 \
		--stamped dimm0
}

# sc_exec: the normal kexec path petitboot takes (-l, then -e)
sc_exec() {
	kd_exec 4-exec
}

all="1 2 2b 3 4"
name_of() {
	case $1 in
	1|hotplug) echo hotplug ;; 2|noflag) echo noflag ;;
	2b|noflag-cpu) echo noflag_cpu ;; 3|hotremove) echo hotremove ;;
	4|exec) echo exec ;;
	*) return 1 ;;
	esac
}
# shellcheck disable=SC2086
[ $# -gt 0 ] || set -- $all
for s in "$@"; do
	name_of "$s" >/dev/null || { echo "run-ppc64le.sh: unknown scenario $s ($all or a name)" >&2; exit 2; }
done

t0=$(date +%s)
keep=${KEXEC_HOTPLUG_BUILD:+yes}
work=${KEXEC_HOTPLUG_BUILD:-$(mktemp -d "${TMPDIR:-/tmp}/kexec-e2e-ppc64le.XXXXXX")}
qemu_deps
command -v "${CROSS}gcc" >/dev/null 2>&1 ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-powerpc64le-linux-gnu >&2
kd_build_ppc64le "$src" "$work/e2e-ppc64le" ||
	{ echo "run-ppc64le.sh: building the guest artefacts failed" >&2; exit 1; }
echo "e2e-ppc64le: artefacts in $work/e2e-ppc64le (build $(( $(date +%s) - t0 ))s), run id $KD_RUN, $(qemu_accel)"

kd_run_scenarios "ppc64le " "$work" "$keep" "$@"
