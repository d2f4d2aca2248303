# qemu.sh - owns starting, watching and stopping the x86_64 QEMU guests of the
# end-to-end tests.  Source it from a POSIX sh script:  . tests/e2e/lib/qemu.sh
#
#   qemu_deps                  install what the harness needs when missing
#                              (qemu-system-x86, busybox-static, cpio, python3)
#   qemu_accel                 print the -accel options: TCG by default;
#                              KEXEC_HOTPLUG_ACCEL=kvm (or auto) uses KVM when
#                              /dev/kvm is read/writable, falling back to TCG.
#                              Not automatic because a /dev/kvm that opens fine
#                              can still fail to run the guest (nested KVM
#                              stopped Debian's 6.12 decompressor with "KVM
#                              internal error ... emulation failure").
#                              x86 TCG runs single-threaded (thread=single):
#                              with one host thread per vCPU (QEMU 7.2), a
#                              guest booting on 2 CPUs once hit "Oops: int3"
#                              in enqueue_timer, a stale translation of code
#                              the kernel was patching on the other vCPU,
#                              before any kexec ran; single-threaded costs
#                              about 2 s of boot per guest.
#   qemu_start VMDIR KERNEL INITRD APPEND [extra qemu args...]
#                              boot in the background.  VMDIR receives
#                              console.log (ttyS0, the console), data.out (ttyS1,
#                              see guest.sh e2e_send), qmp.sock, qemu.pid and
#                              cmdline (the QEMU argv).  Machine: -machine pc
#                              -m ${QEMU_MEM:-1G,slots=8,maxmem=16G}
#                              -smp ${QEMU_SMP:-2}; the kernel command line is
#                              "console=ttyS0 crashkernel=${QEMU_CRASHKERNEL:-256M}
#                              panic=-1 APPEND".
#   qemu_wait VMDIR TEXT [TIMEOUT]  wait until the console shows TEXT (a fixed
#                              string); fails when QEMU exits or after TIMEOUT
#                              seconds (default 120), or at once when the
#                              console matches the extended regular expression
#                              $QEMU_FAIL_TEXT (if set)
#   qemu_qmp VMDIR COMMAND [JSON]   run one QMP command (qmp.py)
#   qemu_extract VMDIR NAME DEST    unpack the tar.gz the guest sent as NAME
#                              (fails, through tar, when NAME was not sent)
#   qemu_stop VMDIR [TIMEOUT]  wait for QEMU to exit (guest powers off), then
#                              quit over QMP, then kill the pid we started

#
# QEMU_FIRMWARE (x86_64 only; default bios = QEMU's SeaBIOS) set to ovmf boots
# the guest through UEFI: Debian's OVMF (package ovmf) as two pflash drives,
# /usr/share/OVMF/OVMF_CODE_4M.fd read-only and a private copy of
# OVMF_VARS_4M.fd in VMDIR/ovmf-vars.fd (QEMU_OVMF_DIR overrides the
# directory).  -kernel/-initrd/-append still work (OVMF loads the kernel
# through its EFI stub), so the guest runs with /sys/firmware/efi.
#
# QEMU_LIB is this directory; scripts in tests/e2e/ get it by default, others
# set it before sourcing.
#
# QEMU_ARCH (set before sourcing; default x86_64) selects the guest:
#   x86_64   qemu-system-x86_64 -machine pc, console ttyS0, data port ttyS1
#   ppc64le  qemu-system-ppc64 -machine pseries,x-vof=on -cpu POWER9 (TCG
#            only), console hvc0; each -serial is a spapr-vty, so the data
#            port is /dev/hvc1 (guest side: E2E_DATA_TTY=/dev/hvc1).
#            Memory/CPU defaults are the same QEMU_MEM / QEMU_SMP knobs.

QEMU_LIB=${QEMU_LIB:-$(cd "$(dirname "$0")/lib" 2>/dev/null && pwd)}
QEMU_ARCH=${QEMU_ARCH:-x86_64}
case $QEMU_ARCH in
ppc64le)
	QEMU_BIN=${QEMU_BIN:-qemu-system-ppc64}
	QEMU_MACHINE=${QEMU_MACHINE:-"-machine pseries,x-vof=on -cpu POWER9"}
	QEMU_CONSOLE=${QEMU_CONSOLE:-hvc0}
	QEMU_PKG=qemu-system-ppc ;;
*)
	QEMU_BIN=${QEMU_BIN:-qemu-system-x86_64}
	QEMU_MACHINE=${QEMU_MACHINE:-"-machine pc"}
	QEMU_CONSOLE=${QEMU_CONSOLE:-ttyS0}
	QEMU_PKG=qemu-system-x86 ;;
esac

qemu_deps() {
	_missing=
	command -v "$QEMU_BIN" >/dev/null 2>&1 || _missing="$_missing $QEMU_PKG"
	command -v python3 >/dev/null 2>&1 || _missing="$_missing python3"
	command -v cpio >/dev/null 2>&1 || _missing="$_missing cpio"
	[ "${QEMU_FIRMWARE:-bios}" != ovmf ] ||
		[ -f "${QEMU_OVMF_DIR:-/usr/share/OVMF}/OVMF_CODE_4M.fd" ] ||
		_missing="$_missing ovmf"
	dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
		_missing="$_missing busybox-static"
	[ -z "$_missing" ] && return 0
	echo "qemu.sh: installing$_missing" >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $_missing >&2
}

qemu_accel() {
	[ "$QEMU_ARCH" = ppc64le ] && { echo "-accel tcg"; return; }
	case ${KEXEC_HOTPLUG_ACCEL:-tcg} in
	kvm|auto) ;;
	*) echo "-accel tcg,thread=single"; return ;;
	esac
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		echo "-accel kvm -accel tcg,thread=single"
	else
		echo "-accel tcg,thread=single"
	fi
}

# qemu_firmware VMDIR: print the extra QEMU options for QEMU_FIRMWARE
qemu_firmware() {
	case ${QEMU_FIRMWARE:-bios} in
	bios) return 0 ;;
	ovmf) ;;
	*) echo "qemu.sh: unknown QEMU_FIRMWARE=$QEMU_FIRMWARE (bios or ovmf)" >&2
	   return 1 ;;
	esac
	_ovmf=${QEMU_OVMF_DIR:-/usr/share/OVMF}
	cp "$_ovmf/OVMF_VARS_4M.fd" "$1/ovmf-vars.fd" || return 1
	echo "-drive if=pflash,format=raw,readonly=on,file=$_ovmf/OVMF_CODE_4M.fd" \
		"-drive if=pflash,format=raw,file=$1/ovmf-vars.fd"
}

qemu_start() {
	_vm=$1 _kernel=$2 _initrd=$3 _append=$4
	shift 4
	mkdir -p "$_vm"
	rm -f "$_vm/console.log" "$_vm/data.out" "$_vm/qmp.sock" "$_vm/qemu.pid"
	_fw=$(qemu_firmware "$_vm") || return 1
	# shellcheck disable=SC2046
	set -- "$QEMU_BIN" $(qemu_accel) $QEMU_MACHINE $_fw \
		-m "${QEMU_MEM:-1G,slots=8,maxmem=16G}" -smp "${QEMU_SMP:-2}" \
		-nographic -monitor none -no-reboot \
		-serial stdio -serial "file:$_vm/data.out" \
		-qmp "unix:$_vm/qmp.sock,server=on,wait=off" \
		-kernel "$_kernel" -initrd "$_initrd" \
		-append "console=$QEMU_CONSOLE crashkernel=${QEMU_CRASHKERNEL:-256M} panic=-1 $_append" \
		"$@"
	printf '%s\n' "$*" > "$_vm/cmdline"
	"$@" < /dev/null > "$_vm/console.log" 2>&1 &
	echo $! > "$_vm/qemu.pid"
}

qemu_alive() {
	[ -s "$1/qemu.pid" ] && kill -0 "$(cat "$1/qemu.pid")" 2>/dev/null
}

qemu_wait() {
	_vm=$1 _text=$2 _t=${3:-120}
	_end=$(( $(date +%s) + _t ))
	while ! grep -qF -- "$_text" "$_vm/console.log" 2>/dev/null; do
		if ! qemu_alive "$_vm"; then
			grep -qF -- "$_text" "$_vm/console.log" 2>/dev/null && return 0
			echo "qemu.sh: QEMU exited before \"$_text\" (see $_vm/console.log)" >&2
			return 1
		fi
		if [ -n "${QEMU_FAIL_TEXT:-}" ] &&
			grep -qE -- "$QEMU_FAIL_TEXT" "$_vm/console.log" 2>/dev/null; then
			echo "qemu.sh: console shows \"$(grep -oE -- "$QEMU_FAIL_TEXT" "$_vm/console.log" | head -n 1)\" while waiting for \"$_text\"" >&2
			return 1
		fi
		if grep -q '^KVM internal error' "$_vm/console.log"; then
			echo "qemu.sh: KVM failed to run the guest (see $_vm/console.log)" >&2
			return 1
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			echo "qemu.sh: no \"$_text\" after ${_t}s (see $_vm/console.log)" >&2
			return 1
		fi
		sleep 0.2
	done
}

qemu_qmp() {
	_vm=$1
	shift
	python3 "$QEMU_LIB/qmp.py" "$_vm/qmp.sock" "$@"
}

qemu_extract() {
	_vm=$1 _name=$2 _dest=$3
	mkdir -p "$_dest"
	tr -d '\r' < "$_vm/data.out" |
		awk -v b="=====E2E-BEGIN $_name=====" -v e="=====E2E-END $_name=====" \
			'$0 == e { on = 0 } on { print } $0 == b { on = 1 }' |
		base64 -d | tar -xzmf - -C "$_dest"
}

qemu_stop() {
	_vm=$1 _t=${2:-30}
	[ -s "$_vm/qemu.pid" ] || return 0
	_end=$(( $(date +%s) + _t ))
	while qemu_alive "$_vm" && [ "$(date +%s)" -lt "$_end" ]; do
		sleep 0.2
	done
	if qemu_alive "$_vm"; then
		qemu_qmp "$_vm" quit >/dev/null 2>&1
		sleep 1
	fi
	if qemu_alive "$_vm"; then
		kill "$(cat "$_vm/qemu.pid")" 2>/dev/null
	fi
	wait "$(cat "$_vm/qemu.pid")" 2>/dev/null
	rm -f "$_vm/qemu.pid"
	return 0
}
