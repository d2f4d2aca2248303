# kdump.sh - owns the host side of the kdump scenarios (tests/e2e/run.sh,
# tests/demo.sh): building the guest artefacts once per run, and driving one
# guest through load, hot-plug, panic and capture.  Source it after qemu.sh.
#
#   kd_build SRC WORK      build into WORK (reused when already there): a
#                          static kexec (configure --enable-static-binary),
#                          tools/fillmem and tools/vmcore-check (gcc -static),
#                          capture.cpio.gz (kdump.init, busybox, vmcore-check,
#                          makedumpfile and its shared libraries) and
#                          first.cpio.gz (the same plus kexec, fillmem,
#                          /boot/vmlinuz and /boot/capture.cpio.gz).  Sets
#                          KD_KERNEL and KD_WORK.
#   kd_build_hooks SRC     the fault scenario only, after kd_build: a second
#                          static kexec built with --enable-test-hooks (in
#                          $KD_WORK/static-hooks) and first-hooks.cpio.gz,
#                          first.cpio.gz with that kexec as /usr/sbin/kexec
#                          (a second cpio appended: the later copy wins)
#   kd_build_vmlinux       scenario 11 only, after kd_build: first-vmlinux.cpio.gz,
#                          first.cpio.gz plus /boot/vmlinux, the ELF vmlinux
#                          extracted from the test kernel (extract-vmlinux.sh)
#   kd_overlay NAME SRC:DEST...  first-NAME.cpio.gz: first.cpio.gz with the
#                          files appended as a second cpio
#   kd_boot NAME STEPS [APPEND...]  boot the first kernel of scenario NAME in
#                          $KD_WORK/NAME with e2e.steps=STEPS (see kdump.init)
#                          and $KD_WORK/${KD_INITRD:-first.cpio.gz};
#                          KD_SHOW_PLAN=1: the guest also runs the load with
#                          --dry-run and kd_verify prints that plan
#   kd_wait MARK [TIMEOUT] wait for the console line "E2E: MARK..."
#   kd_phase NAME          close the timing phase NAME (time since the last)
#   kd_hotadd N            hot-add N 512 MiB DIMMs (mem<i>/dimm<i>) over QMP
#                          once the guest is ready; waits until it saw them
#                          (KD_DIMM_MIB=N: DIMMs of N MiB instead)
#   kd_hotremove ID        device_del ID once the guest is ready for it
#   kd_crash               wait for the panic, the capture kernel and its
#                          report; extract first/ and capture/ in the VM dir
#   kd_refused [WATCH]     after a load with a corrupted segment: wait for
#                          the panic and purgatory's refusal line (expected
#                          here, so not a failure), then watch WATCH seconds
#                          (default 30): no capture kernel may start
#                          (no second "Linux version", no /init marker) and
#                          QEMU must still run (purgatory halts, no reset)
#   kd_verify ARGS...      tests/e2e/lib/verify.py over them (prints the
#                          narrated result); the DIMM list is passed along
#   kd_finish STATUS       stop QEMU, print the timings and, when STATUS is
#                          not 0, the tail of the serial console
#   kd_run_scenarios TAG WORK KEEP SCENARIO...
#                          the driver loop of run.sh and run-ppc64le.sh
# A scenario fails fast when the console shows "E2E: FAIL" or purgatory's
# digest message (QEMU_FAIL_TEXT), except that kd_refused expects the latter.

KD_RUN=${KD_RUN:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
QEMU_FAIL_TEXT='E2E: FAIL.*|purgatory: .*|Kernel panic - not syncing: (VFS|Attempted to kill init).*'
export QEMU_FAIL_TEXT

kd_build() {
	_src=$1 KD_WORK=$2
	mkdir -p "$KD_WORK"
	KD_KERNEL=$(sh "$_src/tests/e2e/lib/fetch-kernel.sh")
	if [ ! -x "$KD_WORK/static/kexec/kexec" ]; then
		echo "kdump.sh: building a static kexec in $KD_WORK/static" >&2
		(cd "$_src" && { [ -x configure ] || ./bootstrap >/dev/null; }) &&
		mkdir -p "$KD_WORK/static" &&
		(cd "$KD_WORK/static" && "$_src/configure" -q --enable-static-binary &&
			make -s -j"$(nproc)") >&2 || return 1
	fi
	mkdir -p "$KD_WORK/tools"
	for _t in fillmem vmcore-check; do	# under a second: always rebuilt
		gcc -static -O2 -Wall -Wextra -Werror -o "$KD_WORK/tools/$_t" \
			"$_src/tests/e2e/tools/$_t.c" || return 1
	done
	_adds=$(kd_libs /usr/bin/makedumpfile)
	# shellcheck disable=SC2086
	sh "$QEMU_LIB/mkinitramfs.sh" "$KD_WORK/capture.cpio.gz" \
		--init "$_src/tests/e2e/kdump.init" \
		--add "$KD_WORK/tools/vmcore-check:/usr/bin/vmcore-check" \
		--add /usr/bin/makedumpfile:/usr/bin/makedumpfile $_adds || return 1
	# shellcheck disable=SC2086
	sh "$QEMU_LIB/mkinitramfs.sh" "$KD_WORK/first.cpio.gz" \
		--init "$_src/tests/e2e/kdump.init" \
		--add "$KD_WORK/tools/vmcore-check:/usr/bin/vmcore-check" \
		--add "$KD_WORK/tools/fillmem:/usr/bin/fillmem" \
		--add "$KD_WORK/static/kexec/kexec:/usr/sbin/kexec" \
		--add "$KD_KERNEL:/boot/vmlinuz" \
		--add "$KD_WORK/capture.cpio.gz:/boot/capture.cpio.gz" || return 1
}

kd_build_hooks() {
	_src=$1
	if [ ! -x "$KD_WORK/static-hooks/kexec/kexec" ]; then
		echo "kdump.sh: building a static kexec with test hooks in $KD_WORK/static-hooks" >&2
		mkdir -p "$KD_WORK/static-hooks" &&
		(cd "$KD_WORK/static-hooks" &&
			"$_src/configure" -q --enable-static-binary --enable-test-hooks &&
			make -s -j"$(nproc)") >&2 || return 1
	fi
	kd_overlay hooks "$KD_WORK/static-hooks/kexec/kexec:usr/sbin/kexec"
}

# kd_build_vmlinux: first-vmlinux.cpio.gz, the first initramfs plus
# /boot/vmlinux, the ELF vmlinux inside the test kernel (scenario 11)
kd_build_vmlinux() {
	if [ ! -s "$KD_WORK/vmlinux" ]; then
		sh "$QEMU_LIB/extract-vmlinux.sh" "$KD_KERNEL" "$KD_WORK/vmlinux" || return 1
	fi
	kd_overlay vmlinux "$KD_WORK/vmlinux:boot/vmlinux"
}

# kd_overlay NAME SRC:DEST...: first-NAME.cpio.gz = first.cpio.gz followed
# by a cpio of the files SRC at DEST (relative; the kernel unpacks both, the
# later one wins)
kd_overlay() {
	_ov=$KD_WORK/$1-overlay
	_name=$1
	shift
	rm -rf "$_ov"
	for _a in "$@"; do
		mkdir -p "$_ov/$(dirname "${_a#*:}")" && cp "${_a%%:*}" "$_ov/${_a#*:}" || return 1
	done
	(cd "$_ov" && find . -mindepth 1 | sed "s|^\./||" | cpio -o -H newc -R 0:0 --quiet | gzip -1n) \
		> "$KD_WORK/$_name.cpio.gz" &&
	cat "$KD_WORK/first.cpio.gz" "$KD_WORK/$_name.cpio.gz" > "$KD_WORK/first-$_name.cpio.gz"
}

# kd_libs PROGRAM: "--add LIB:LIB" for every shared library PROGRAM needs
kd_libs() {
	ldd "$1" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' |
		while read -r _l; do
			_r=$(readlink -f "$_l")
			printf -- '--add %s:%s ' "$_r" "$_l"
		done
}

kd_boot() {
	KD_VM=$KD_WORK/$1
	_steps=$2
	shift 2
	rm -rf "$KD_VM"
	mkdir -p "$KD_VM"
	KD_T0=$(date +%s)
	KD_TLAST=$KD_T0
	KD_TIMES=
	qemu_start "$KD_VM" "$KD_KERNEL" "$KD_WORK/${KD_INITRD:-first.cpio.gz}" \
		"e2e.role=first e2e.run=$KD_RUN e2e.steps=$_steps e2e.plan=${KD_SHOW_PLAN:-0} $*"
}

kd_phase() {
	_now=$(date +%s)
	KD_TIMES="$KD_TIMES $1 $((_now - KD_TLAST))s,"
	KD_TLAST=$_now
}

kd_wait() {
	qemu_wait "$KD_VM" "E2E: $1" "${2:-300}"
}

kd_hotadd() {
	kd_wait ready-for-hotadd || return 1
	_i=0
	while [ "$_i" -lt "$1" ]; do
		qemu_qmp "$KD_VM" object-add \
			"{\"qom-type\":\"memory-backend-ram\",\"id\":\"mem$_i\",\"size\":$(( ${KD_DIMM_MIB:-512} << 20 ))}" >/dev/null &&
		qemu_qmp "$KD_VM" device_add \
			"{\"driver\":\"pc-dimm\",\"id\":\"dimm$_i\",\"memdev\":\"mem$_i\"}" >/dev/null || return 1
		_i=$((_i + 1))
	done
	kd_wait hotadded || return 1
	qemu_qmp "$KD_VM" query-memory-devices > "$KD_VM/dimms.json"
}

kd_hotremove() {
	kd_wait ready-for-hotremove || return 1
	qemu_qmp "$KD_VM" device_del "{\"id\":\"$1\"}" >/dev/null || return 1
	kd_wait hotremoved
}

kd_crash() {
	kd_wait "filled" || return 1
	kd_wait "panic" || return 1
	kd_phase fill
	kd_wait "capture kernel up" 180 || return 1
	kd_phase "panic-to-capture"
	kd_wait "sent capture" 300 || return 1
	kd_phase check
	qemu_stop "$KD_VM" 30
	qemu_extract "$KD_VM" first "$KD_VM/first" &&
	qemu_extract "$KD_VM" capture "$KD_VM/capture"
}

kd_refused() {
	_watch=${1:-30}
	kd_wait panic || return 1
	# The fail text without purgatory's line: here that line is the outcome.
	_kdref_text=$QEMU_FAIL_TEXT
	QEMU_FAIL_TEXT='E2E: FAIL.*|Kernel panic - not syncing: (VFS|Attempted to kill init).*'
	qemu_wait "$KD_VM" "purgatory: sha256 digest mismatch, refusing to boot" 180
	_rc=$?
	QEMU_FAIL_TEXT=$_kdref_text
	[ "$_rc" = 0 ] || return 1
	kd_phase panic-to-refusal
	echo "  console: $(grep -a -m1 'Kernel panic - not syncing' "$KD_VM/console.log" | tr -d '\r')"
	echo "  console: $(grep -a -m1 'purgatory:' "$KD_VM/console.log" | tr -d '\r')"
	_end=$(( $(date +%s) + _watch ))
	while [ "$(date +%s)" -lt "$_end" ]; do
		if grep -qaF "E2E: capture kernel up" "$KD_VM/console.log"; then
			echo "  FAIL: a capture kernel came up after purgatory's refusal"
			return 1
		fi
		if ! qemu_alive "$KD_VM"; then
			echo "  FAIL: QEMU exited after purgatory's refusal (expected a halted machine)"
			return 1
		fi
		sleep 0.5
	done
	_banners=$(grep -ac 'Linux version' "$KD_VM/console.log")
	if [ "$_banners" != 1 ]; then
		echo "  FAIL: the console shows $_banners \"Linux version\" banners (expected 1)"
		return 1
	fi
	kd_phase watch
	echo "  no capture kernel within ${_watch}s of the refusal: one kernel banner, no" \
		"\"E2E: capture kernel up\", QEMU still running (purgatory halted)"
}

# kd_exec NAME [APPEND...]: the normal kexec scenario on either arch:
# kdump.init's exec step runs kexec -c -l of the same kernel (e2e.kernel=
# in APPEND picks another) with the exec-role initramfs and kexec -e; the
# new kernel's /init prints "kexec-boot-ok run <id>" and powers off.
# Shared by run.sh (7, 11b) and run-ppc64le.sh (4).
kd_exec() {
	_kde_n=$1
	shift
	kd_boot "$_kde_n" "exec" "$@" &&
	kd_wait booted && kd_phase boot &&
	kd_wait "kexec -e" && kd_phase load &&
	kd_wait "kexec-boot-ok run $KD_RUN" && kd_phase "kexec-to-new-kernel" &&
	kd_wait poweroff && qemu_stop "$KD_VM" 30 &&
	echo "  the kernel started by kexec -e printed: $(grep -a 'E2E: kexec-boot-ok' "$KD_VM/console.log" | tr -d '\r')"
}

kd_verify() {
	if [ -s "$KD_VM/dimms.json" ]; then
		set -- --dimms "$KD_VM/dimms.json" "$@"
	fi
	[ "${KD_SHOW_PLAN:-0}" = 1 ] && set -- --show-plan "$@"
	python3 "$QEMU_LIB/verify.py" "$KD_VM/first" "$KD_VM/capture" "$@"
}

# kd_run_scenarios TAG WORK KEEP SCENARIO...: run sc_<name> for each
# scenario (name_of and the sc_ functions come from the calling script),
# print PASS/FAIL with its time, then "<tag>total", a final "N passed, N
# failed" line, and remove WORK when everything passed and KEEP is empty.
# Returns 0 when every scenario passed.  Uses $t0 (start of the run).
# Shell functions share one namespace: the loop's variables carry the
# _kdrs_ prefix so that no sc_ or kd_ function can overwrite them (kd_refused
# once reset the failure count this way and a passing run reported failure).
kd_run_scenarios() {
	_kdrs_tag=$1 _kdrs_work=$2 _kdrs_keep=$3
	shift 3
	_kdrs_pass=0 _kdrs_fail=0 _kdrs_failed=
	for _kdrs_s in "$@"; do
		_kdrs_n=$(name_of "$_kdrs_s")
		echo
		echo "=== ${_kdrs_tag}scenario $_kdrs_s: $_kdrs_n"
		_kdrs_ts=$(date +%s)
		"sc_$_kdrs_n"
		_kdrs_st=$?
		kd_finish "$_kdrs_st"
		if [ "$_kdrs_st" = 0 ]; then
			_kdrs_pass=$((_kdrs_pass + 1)); _kdrs_r=PASS
		else
			_kdrs_fail=$((_kdrs_fail + 1)); _kdrs_r=FAIL; _kdrs_failed="$_kdrs_failed $_kdrs_n"
		fi
		echo "$_kdrs_r ${_kdrs_tag}scenario $_kdrs_s ($_kdrs_n) in $(( $(date +%s) - _kdrs_ts ))s"
	done
	echo
	echo "e2e ${_kdrs_tag}total $(( $(date +%s) - t0 ))s${_kdrs_failed:+; failed:$_kdrs_failed}"
	echo "$_kdrs_pass passed, $_kdrs_fail failed"
	if [ "$_kdrs_fail" = 0 ] && [ -z "$_kdrs_keep" ]; then
		rm -rf "$_kdrs_work"
	fi
	[ "$_kdrs_fail" = 0 ]
}

kd_finish() {
	qemu_stop "$KD_VM" 0
	echo "  timings:$KD_TIMES total $(( $(date +%s) - KD_T0 ))s"
	if [ "$1" != 0 ]; then
		echo "  --- last 40 lines of the serial console ($KD_VM/console.log) ---"
		tail -n 40 "$KD_VM/console.log" | tr -d '\r' | sed 's/^/  | /'
	fi
}
