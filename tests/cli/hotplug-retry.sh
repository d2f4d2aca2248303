#!/bin/sh
# hotplug-retry.sh - a real (fake-syscall) crash load whose hot-plug flag
# came from the default (kexec/cli/hotplug.c) and is refused by the kernel
# with EINVAL: one warning, one retry without the flag (a plan built as
# --no-hotplug would build it), and the record still holds the arguments
# as given so --reload decides again.  EINVAL twice is the normal error;
# an explicit --hotplug is never retried.  --enable-test-hooks builds only
# (kexec/syscalls/testhooks.h: KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS refuses a
# load whose flags have a bit of its mask).
. "$(dirname "$0")/lib.sh"

fake_syscalls hotplug-retry.sh
REC="$RUNDIR/crash-load.args"
DELAY=0
frun() { out="$TMP/out"; err="$TMP/err"; : > "$LOG"; fk "$@" >"$out" 2>"$err"; rc=$?; }
calls() { cut -d' ' -f1,5 "$LOG" | tr '\n' ' '; }

MACHINE="$TMP/machine"
cp -r "$FIX/deb12-x86_64-boot" "$MACHINE"
mkdir -p "$MACHINE/proc/sys/kernel/random"
echo 0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10 > "$MACHINE/proc/sys/kernel/random/boot_id"
echo 1 > "$MACHINE/sys/kernel/kexec_crash_loaded"
ARGS="-p --sysroot=$MACHINE --initrd=$INITRD --append=irqpoll"
REFUSE_HP=0x4		# KEXEC_UPDATE_ELFCOREHDR

# 1. default on, flag refused: warning, retry without it, success
KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS=$REFUSE_HP frun -c $ARGS "$KERNEL"
if [ "$rc" -eq 0 ] && [ "$(calls)" = "load flags=0x3e0005 load flags=0x3e0001 " ] &&
   [ "$(wc -l < "$err")" -eq 1 ] &&
   grep -q '^kexec: .*refused the crash hot-plug flag 0x4 (EINVAL.*loading the crash kernel without hot-plug updates' "$err"
then ok; else
	bad "default refused: exit $rc, calls: $(calls), stderr: $(cat "$err")"; fi
# the retried plan is --no-hotplug's: the elfcorehdr is back in the digest
d1=$(sed -n 1p "$LOG" | grep -o 'digest=[0-9a-f]*')
d2=$(sed -n 2p "$LOG" | grep -o 'digest=[0-9a-f]*')
DRY=$(fk --dry-run -c --no-hotplug $ARGS --plan-json=- "$KERNEL" 2>/dev/null | jq -r .digest)
if [ "$d1" != "$d2" ] && [ "$d2" = "digest=$DRY" ]; then ok; else
	bad "retried plan: digests $d1 / $d2, --no-hotplug dry run digest=$DRY"; fi
# the record holds the arguments as given: --reload decides again
if grep -qx 'arg=-c' "$REC" && ! grep -q '^arg=--.*hotplug' "$REC"; then ok; else
	bad "record after a retry: $(cat "$REC")"; fi
frun -p --reload --dry-run
if [ "$rc" -eq 0 ] && grep -q '^  hot-plug:     on (default' "$out"; then ok; else
	bad "--reload --dry-run after a retry: exit $rc: $(cat "$out" "$err" | head -20)"; fi

# 2. EINVAL both times: the warning, then the normal error, exit 1
KEXEC_HOTPLUG_FAKE_ERRNO=22 frun -c $ARGS "$KERNEL"
if [ "$rc" -eq 1 ] && [ "$(calls)" = "load flags=0x3e0005 load flags=0x3e0001 " ] &&
   grep -q 'refused the crash hot-plug flag' "$err" &&
   grep -q 'kexec_load failed: the kernel rejected the flags 0x3e0001' "$err"; then ok; else
	bad "EINVAL twice: exit $rc, calls: $(calls), stderr: $(cat "$err")"; fi

# 3. an explicit --hotplug is required: no retry, the error says what to do
KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS=$REFUSE_HP frun -c --hotplug $ARGS "$KERNEL"
if [ "$rc" -eq 1 ] && [ "$(calls)" = "load flags=0x3e0005 " ] &&
   grep -q 'drop --hotplug or use --no-hotplug' "$err" &&
   ! grep -q 'refused the crash hot-plug flag' "$err"; then ok; else
	bad "--hotplug refused: exit $rc, calls: $(calls), stderr: $(cat "$err")"; fi

# 4. -a: kexec_file_load falls back, the fallback carries the flag, and
# a refusal of it is retried too
KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS=0x6 frun -a $ARGS "$KERNEL"
if [ "$rc" -eq 0 ] &&
   [ "$(calls)" = "file_load flags=0x2 load flags=0x3e0005 load flags=0x3e0001 " ]; then ok; else
	bad "-a fallback refused: exit $rc, calls: $(calls), stderr: $(cat "$err")"; fi
# ENOSYS is not a refusal of the flag: no retry
KEXEC_HOTPLUG_FAKE_ERRNO=38 frun -a $ARGS "$KERNEL"
if [ "$rc" -eq 1 ] && [ "$(calls)" = "file_load flags=0x2 load flags=0x3e0005 " ]; then ok; else
	bad "-a fallback: exit $rc, calls: $(calls), stderr: $(cat "$err")"; fi

# 5. --no-hotplug and a kernel without the node: one call, no flag, silent
frun -c --no-hotplug $ARGS "$KERNEL"
if [ "$rc" -eq 0 ] && [ "$(calls)" = "load flags=0x3e0001 " ] && [ ! -s "$err" ]; then ok; else
	bad "--no-hotplug: exit $rc, calls: $(calls), stderr: $(cat "$err")"; fi
rm -rf "$MACHINE/sys/kernel/crash_elfcorehdr_size" "$MACHINE/sys/kernel/kexec"
frun -c $ARGS "$KERNEL"
if [ "$rc" -eq 0 ] && [ "$(calls)" = "load flags=0x3e0001 " ] && [ ! -s "$err" ]; then ok; else
	bad "no node: exit $rc, calls: $(calls), stderr: $(cat "$err")"; fi

finish
