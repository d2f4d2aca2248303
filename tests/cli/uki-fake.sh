#!/bin/sh
# uki-fake.sh - UKI loads through the fake syscall layer (--enable-test-hooks
# builds only): kexec_load gets the kernel segment the bare kernel gets;
# a default hot-plug flag refused with EINVAL is retried with a plan built
# from the UKI's sections again (the same as a --no-hotplug dry run); the
# record keeps the UKI as given; -s calls kexec_file_load with an initrd
# (the .initrd memfd), -a falls back with the same sections.
. "$(dirname "$0")/lib.sh"

fake_syscalls uki-fake.sh
STUB=${UKI_STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}
if [ ! -r "$STUB" ] || ! command -v objcopy >/dev/null; then
	echo "uki-fake.sh: skipped ($STUB or objcopy missing)"; exit 77
fi
REC="$RUNDIR/crash-load.args"
DELAY=0
frun() { out="$TMP/out"; err="$TMP/err"; : > "$LOG"; fk "$@" >"$out" 2>"$err"; rc=$?; }
calls() { cut -d' ' -f1,5 "$LOG" | tr '\n' ' '; }
seg() {	# seg LINE ROLE: the sha256 the fake logged for that segment
	sed -n "${1}p" "$LOG" | tr ' ,' '\n\n' | sed -n "s/^\(segs=\)\{0,1\}$2:\([0-9a-f]*\)$/\2/p"
}

UINITRD="$TMP/uki-initrd"; head -c 5000 /dev/urandom > "$UINITRD"
UKI="$TMP/full.efi"
sh "$TEST_SRCDIR/tools/mkuki.sh" --stub "$STUB" --initrd "$UINITRD" --cmdline "uki.marker=1" "$KERNEL" "$UKI"
MACHINE="$TMP/machine"
cp -r "$FIX/deb12-x86_64-boot" "$MACHINE"
mkdir -p "$MACHINE/proc/sys/kernel/random"
echo 0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10 > "$MACHINE/proc/sys/kernel/random/boot_id"
echo 1 > "$MACHINE/sys/kernel/kexec_crash_loaded"
ARGS="-p --sysroot=$MACHINE"

# 1. kexec_load: the kernel and initrd segments of the bare files
frun -c $ARGS "$UKI"
k1=$(seg 1 kernel) i1=$(seg 1 initrd)
frun -c $ARGS --initrd="$UINITRD" --append=uki.marker=1 "$KERNEL"
k2=$(seg 1 kernel) i2=$(seg 1 initrd)
if [ "$rc" -eq 0 ] && [ -n "$k1" ] && [ "$k1" = "$k2" ] && [ -n "$i1" ] && [ "$i1" = "$i2" ]; then ok
else bad "UKI vs bare kernel segments: kernel $k1 / $k2, initrd $i1 / $i2: $(cat "$err")"; fi

# 2. the default flag refused: the retry plans from the UKI again
KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS=0x4 frun -c $ARGS "$UKI"
d2=$(sed -n 2p "$LOG" | grep -o 'digest=[0-9a-f]*')
DRY=$(fk --dry-run -c --no-hotplug $ARGS --plan-json=- "$UKI" 2>/dev/null | jq -r .digest)
if [ "$rc" -eq 0 ] && [ "$(calls)" = "load flags=0x3e0005 load flags=0x3e0001 " ] &&
   [ "$d2" = "digest=$DRY" ] && [ "$(seg 2 kernel)" = "$k2" ]; then ok
else bad "retry with a UKI: exit $rc, calls $(calls), $d2 vs digest=$DRY: $(cat "$err")"; fi
if grep -qx "arg=$UKI" "$REC" && ! grep -q '^arg=--initrd' "$REC"; then ok
else bad "record of a UKI load: $(cat "$REC")"; fi

# 3. -s: kexec_file_load with an initrd; -a falls back to the same plan
frun -s $ARGS "$UKI"
if [ "$rc" -eq 0 ] && [ "$(calls)" = "file_load flags=0x2 " ]; then ok
else bad "-s with a UKI: exit $rc, calls $(calls): $(cat "$err")"; fi
KEXEC_HOTPLUG_FAKE_ERRNO=95 frun -a --no-hotplug $ARGS "$UKI"
if [ "$(calls)" = "file_load flags=0x2 load flags=0x3e0001 " ] &&
   [ "$(seg 2 kernel)" = "$k2" ] && [ "$(seg 2 initrd)" = "$i2" ]; then ok
else bad "-a fallback with a UKI: exit $rc, calls $(calls): $(cat "$err")"; fi

finish
