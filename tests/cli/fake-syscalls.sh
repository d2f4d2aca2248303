#!/bin/sh
# fake-syscalls.sh - what real (non --dry-run) runs do around the syscalls,
# against the fake syscall layer of a --enable-test-hooks build
# (kexec/syscalls/testhooks.h): concurrent loads are serialised by the run lock, a
# crash load is recorded and --reload replays it with fresh machine state,
# a failed -p load says whether the old crash kernel is still loaded, the
# corruption hook flips a byte after the digest, a crash unload forgets the
# record, and a lock timeout names the holder.  Other builds skip it
# (test_testhooks shows that they refuse when asked for the fake).
. "$(dirname "$0")/lib.sh"

fake_syscalls fake-syscalls.sh
REC="$RUNDIR/crash-load.args"

# frun ARGS...: as run, through fk
frun() { out="$TMP/out"; err="$TMP/err"; fk "$@" >"$out" 2>"$err"; rc=$?; }

MACHINE="$TMP/machine"
cp -r "$FIX/deb12-x86_64-after-hotadd" "$MACHINE"
BOOT_ID=0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10
mkdir -p "$MACHINE/proc/sys/kernel/random"
echo "$BOOT_ID" > "$MACHINE/proc/sys/kernel/random/boot_id"
echo 1 > "$MACHINE/sys/kernel/kexec_crash_loaded"	# what a load leaves
LOAD="-c -p --hotplug --sysroot=$MACHINE --initrd=$INITRD --append=irqpoll"

# 1. four concurrent loads never overlap
: > "$LOG"
for i in 1 2 3 4; do fk $LOAD "$KERNEL" 2>"$TMP/err.$i" & done
wait
n=$(grep -c '^load ' "$LOG")
if [ "$n" -eq 4 ] && sort -k3,3n "$LOG" | awk '
	{ if (NR > 1 && $3 < end) bad = 1; end = $4 }
	END { exit bad }'; then ok; else
	bad "concurrent loads: $n logged, or their intervals interleave:"; cat "$LOG" | cut -d' ' -f1-4; cat "$TMP"/err.*
fi

# 2. the last successful crash load is recorded, with its stamp, by root
# only: run directory 0700, lock and record 0600
if grep -qx 'arg=--hotplug' "$REC" && grep -qx "arg=$KERNEL" "$REC" &&
   grep -qx "boot_id=$BOOT_ID" "$REC" && grep -q '^loaded_at=[0-9]*$' "$REC" &&
   grep -q '^file=kernel [0-9]* [0-9]* [0-9]* [0-9]*\.[0-9]*$' "$REC" &&
   grep -q '^file=initrd ' "$REC"; then ok; else
	bad "no record of the crash load in $REC: $(cat "$REC")"; fi
modes=$(stat -c %a "$RUNDIR" "$RUNDIR/lock" "$REC" | tr '\n' ' ')
if [ "$modes" = "700 600 600 " ]; then ok; else
	bad "run directory, lock, record modes: $modes, wanted 700 600 600"; fi

# 3. --reload loads again, with the machine as it is now
cp "$BOOT/proc/iomem" "$MACHINE/proc/iomem"	# the hot-added memory is gone
: > "$LOG"
frun -p --reload
if [ "$rc" -eq 0 ] && [ "$(grep -c '^load ' "$LOG")" -eq 1 ]; then ok; else
	bad "--reload: exit $rc, log: $(cat "$LOG" | cut -c1-80) $(cat "$err")"; fi
run -p --reload --dry-run --plan-json="$TMP/p.json"
if jq -e '(.elfcorehdr.loads | length) == 3' "$TMP/p.json" >/dev/null; then ok; else
	bad "reload after hot-remove still lists the removed range"; fi

# 4. a failed crash load says whether the old crash kernel survived
cp "$REC" "$TMP/rec.before"
echo 1 > "$MACHINE/sys/kernel/kexec_crash_loaded"
KEXEC_HOTPLUG_FAKE_ERRNO=16 frun $LOAD "$KERNEL"
if [ "$rc" -eq 1 ] && grep -q 'kexec_load failed: another kexec load' "$err" &&
   grep -q 'previously loaded crash kernel is still loaded' "$err"; then ok; else
	bad "failed load, old kernel kept: exit $rc: $(cat "$err")"; fi
echo 0 > "$MACHINE/sys/kernel/kexec_crash_loaded"
KEXEC_HOTPLUG_FAKE_ERRNO=22 frun $LOAD "$KERNEL"
if [ "$rc" -eq 1 ] && grep -q 'no crash kernel is loaded now: a panic will not produce a dump' "$err"; then ok; else
	bad "failed load, old kernel gone: exit $rc: $(cat "$err")"; fi
if cmp -s "$REC" "$TMP/rec.before"; then ok; else
	bad "a failed load changed the record"; fi

# 5. the corruption hook flips a byte after the digest
: > "$LOG"
frun $LOAD "$KERNEL"
KEXEC_HOTPLUG_CORRUPT_SEGMENT=kernel frun $LOAD "$KERNEL"
digests=$(grep -o 'digest=[0-9a-f]*' "$LOG" | sort -u | wc -l)
kernels=$(tr ' ,' '\n\n' < "$LOG" | grep '^kernel:' | sort -u | wc -l)
initrds=$(tr ' ,' '\n\n' < "$LOG" | grep '^initrd:' | sort -u | wc -l)
if [ "$digests" -eq 1 ] && [ "$kernels" -eq 2 ] && [ "$initrds" -eq 1 ] &&
   grep -q 'flipped byte .* of segment kernel after the digest' "$err"; then ok; else
	bad "corruption: $digests digests, $kernels kernel hashes, $initrds initrd hashes (want 1, 2, 1)"; fi
KEXEC_HOTPLUG_CORRUPT_SEGMENT=kernel frun -s -p "--sysroot=$MACHINE" "$KERNEL"
if [ "$rc" -eq 1 ] && grep -q 'only a kexec_load plan (-c)' "$err"; then ok; else
	bad "corruption with -s: exit $rc: $(cat "$err")"; fi

# 5b. --reload replays only the crash kernel the record describes: not in
# another boot, not after someone else unloaded it
cp "$REC" "$TMP/rec.valid"
: > "$LOG"
echo 0 > "$MACHINE/sys/kernel/kexec_crash_loaded"	# kexec-tools' kexec -p -u
frun -p --reload
if [ "$rc" -eq 1 ] && [ ! -s "$LOG" ] && [ "$(wc -l < "$err")" -eq 1 ] &&
   grep -q "crash-load.args: not replayed: no crash kernel is loaded: the one recorded at .* was unloaded since" "$err"; then ok; else
	bad "reload after a foreign unload: exit $rc, log: $(cut -c1-40 "$LOG"), $(cat "$err")"; fi
echo 1 > "$MACHINE/sys/kernel/kexec_crash_loaded"
echo 11111111-2222-3333-4444-555555555555 > "$MACHINE/proc/sys/kernel/random/boot_id"
frun -p --reload
if [ "$rc" -eq 1 ] && [ ! -s "$LOG" ] && grep -q "not replayed: recorded in another boot" "$err"; then ok; else
	bad "reload in another boot: exit $rc: $(cat "$err")"; fi
echo "$BOOT_ID" > "$MACHINE/proc/sys/kernel/random/boot_id"
# a kernel file changed since the load is reloaded, and said so
cp "$KERNEL" "$TMP/vmlinuz.copy"
frun $LOAD "$TMP/vmlinuz.copy"
echo appended >> "$TMP/vmlinuz.copy"
: > "$LOG"
frun -p --reload
if [ "$rc" -eq 0 ] && [ "$(grep -c '^load ' "$LOG")" -eq 1 ] &&
   grep -q "warning: the kernel $TMP/vmlinuz.copy changed since the crash load was recorded (other size)" "$err"; then ok; else
	bad "reload of a changed kernel: exit $rc: $(cat "$err")"; fi

# 5c. a record that cannot be saved takes the previous one with it: the
# next hot-plug event must not bring back the crash kernel just replaced
frun $LOAD "$KERNEL"
mkdir "$RUNDIR/crash-load.args.tmp"
frun $LOAD "$INITRD.not-a-kernel" 2>/dev/null	# fails: the record stays
[ -e "$REC" ] || bad "a failed load removed the record"
frun $LOAD --append=new "$KERNEL"
if [ "$rc" -eq 0 ] && [ ! -e "$REC" ] && [ "$(wc -l < "$err")" -eq 1 ] &&
   grep -q "warning: cannot record the crash load in $REC: Is a directory (no crash load is recorded now: kexec -p --reload fails until the next successful kexec -p)" "$err"; then ok; else
	bad "failed save: exit $rc, record $(ls "$REC" 2>&1), $(cat "$err")"; fi
frun -p --reload
if [ "$rc" -eq 1 ] && grep -q 'no crash load recorded' "$err"; then ok; else
	bad "reload after a failed save: exit $rc: $(cat "$err")"; fi
rmdir "$RUNDIR/crash-load.args.tmp"
frun $LOAD "$KERNEL"

# 5d. no /run at all (busybox initramfs), a run directory of another
# user: the crash load happens, after one warning
: > "$LOG"
frun --rundir="$TMP/no-run/kexec-hotplug" $LOAD "$KERNEL"
if [ "$rc" -eq 0 ] && [ "$(grep -c '^load ' "$LOG")" -eq 1 ] && [ "$(wc -l < "$err")" -eq 1 ] &&
   grep -q "^kexec: warning: cannot create the run directory $TMP/no-run/kexec-hotplug: No such file or directory: going on without the run lock and the --reload record" "$err"; then ok; else
	bad "load without /run: exit $rc, $(grep -c '^load ' "$LOG") loads: $(cat "$err")"; fi
frun --rundir="$TMP/no-run/kexec-hotplug" -p -u
if [ "$rc" -eq 0 ] && [ "$(wc -l < "$err")" -eq 1 ]; then ok; else
	bad "unload without /run: exit $rc: $(cat "$err")"; fi
if [ "$(id -u)" -eq 0 ]; then
	mkdir -m 700 "$TMP/theirs"
	chown 65534 "$TMP/theirs"
	: > "$LOG"
	frun --rundir="$TMP/theirs" $LOAD "$KERNEL"
	if [ "$rc" -eq 0 ] && [ "$(grep -c '^load ' "$LOG")" -eq 1 ] && [ "$(wc -l < "$err")" -eq 1 ] &&
	   grep -q "$TMP/theirs is owned by uid 65534, not by root: refusing it" "$err" &&
	   [ ! -e "$TMP/theirs/lock" ]; then ok; else
		bad "load with a foreign run directory: exit $rc: $(cat "$err")"; fi
fi
# the directory an older version made (0755, lock 0644) is repaired
mkdir -m 755 "$TMP/old"
: > "$TMP/old/lock"; chmod 644 "$TMP/old/lock"
frun --rundir="$TMP/old" $LOAD "$KERNEL"
modes=$(stat -c %a "$TMP/old" "$TMP/old/lock" | tr '\n' ' ')
if [ "$rc" -eq 0 ] && [ "$modes" = "700 600 " ] && [ ! -s "$err" ]; then ok; else
	bad "old run directory: exit $rc, modes $modes: $(cat "$err")"; fi

# 6. a crash unload forgets the record; a normal unload does not
frun -u
if [ "$rc" -eq 0 ] && [ -e "$REC" ]; then ok; else bad "normal unload: exit $rc, record gone"; fi
frun -p -u
if [ "$rc" -eq 0 ] && [ ! -e "$REC" ]; then ok; else bad "crash unload: exit $rc, record kept"; fi
frun -p --reload
if [ "$rc" -eq 1 ] && grep -q 'no crash load recorded' "$err"; then ok; else
	bad "reload after unload: exit $rc: $(cat "$err")"; fi

# 7. a run that cannot get the lock in time names the holder; a dry run
# does not wait for it
DELAY=3000 fk $LOAD "$KERNEL" 2>/dev/null &
holder=$!
sleep 1
KEXEC_HOTPLUG_LOCK_TIMEOUT=1 frun $LOAD "$KERNEL"
if [ "$rc" -eq 1 ] && [ "$(wc -l < "$err")" -eq 1 ] &&
   grep -Eq "lock is still held by pid [0-9]+ \([^)]+\) after 1 s: giving up" "$err"; then ok; else
	bad "lock timeout: exit $rc: $(cat "$err")"; fi
t0=$(date +%s)
run $LOAD --dry-run "$KERNEL"
if [ "$rc" -eq 0 ] && [ $(( $(date +%s) - t0 )) -le 1 ]; then ok; else
	bad "dry run waited for the lock or failed: exit $rc"; fi
wait "$holder"

# 8. -d with -s asks for KEXEC_FILE_DEBUG; a kernel that does not know it
# (EINVAL) gets the same call again without it
: > "$LOG"
KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS=0x8 DELAY=0 frun -d -s -p "--sysroot=$MACHINE" "$KERNEL"
set -- $(awk '$1 == "file_load" { sub("flags=", "", $5); print $5 }' "$LOG")
if [ "$rc" -eq 0 ] && [ "$#" -eq 2 ] && [ $(($1 & 8)) -eq 8 ] && [ $(($2 & 8)) -eq 0 ] &&
   [ $(($1 & ~8)) -eq $(($2)) ] && grep -q 'retrying without it' "$err"; then ok; else
	bad "-d -s on a kernel without KEXEC_FILE_DEBUG: exit $rc, flags $*: $(cat "$err")"; fi
# ... and a kernel that knows it gets one call
: > "$LOG"
DELAY=0 frun -d -s -p "--sysroot=$MACHINE" "$KERNEL"
if [ "$rc" -eq 0 ] && [ "$(grep -c '^file_load ' "$LOG")" -eq 1 ]; then ok; else
	bad "-d -s: exit $rc, $(grep -c '^file_load ' "$LOG") calls"; fi
# --no-cma is not retried: EINVAL is the answer, with the reason
: > "$LOG"
KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS=0x10 DELAY=0 frun -s -l --no-cma "--sysroot=$MACHINE" "$KERNEL"
if [ "$rc" -eq 1 ] && [ "$(grep -c '^file_load ' "$LOG")" -eq 1 ] &&
   grep -q 'KEXEC_FILE_NO_CMA.*drop --no-cma' "$err"; then ok; else
	bad "--no-cma on an older kernel: exit $rc: $(cat "$err")"; fi

# 9. -a with a kernel kexec_file_load would refuse (gzip-compressed: the
# kernel's loader does not decompress) goes straight to kexec_load
gzip -c "$KERNEL" > "$TMP/bzImage.gz"
: > "$LOG"
DELAY=0 frun -a -p "--sysroot=$MACHINE" "$TMP/bzImage.gz"
if [ "$rc" -eq 0 ] && [ "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "load " ]; then ok; else
	bad "-a with a compressed kernel: exit $rc, calls: $(cut -d' ' -f1 "$LOG" | tr '\n' ' ') $(cat "$err")"; fi

# 10. the guard still wins over the fake
: > "$LOG"
out="$TMP/out"; err="$TMP/err"
KEXEC_HOTPLUG_FAKE_SYSCALLS="$FAKE" KEXEC_HOTPLUG_NO_SYSCALLS=1 $KEXEC_CMD $LOAD "$KERNEL" 2>"$err"
if [ "$?" -eq 1 ] && [ ! -s "$LOG" ] && grep -q 'test guard' "$err"; then ok; else
	bad "guard plus fake: something reached the fake layer"; fi

finish
