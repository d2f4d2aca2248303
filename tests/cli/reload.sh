#!/bin/sh
# reload.sh - `kexec -p --reload` in every build, with --dry-run: a crash
# load record written by hand in the documented v1 format (record.h) is
# replayed with fresh machine state; relative paths follow the recorded
# cwd; --sysroot on the reload command line replaces the recorded one, so
# a snapshot taken after a hot-remove drops the removed range from the
# elfcorehdr; bad records, and records that exist but cannot be read, get
# one line and exit 1; a record that is a symbolic link, not root's or not
# mode 0600 is refused; a dry run says when a real run would refuse the
# record (another boot, no crash kernel loaded).  Every run names its run
# directory with --rundir, which wins over the environment.
. "$(dirname "$0")/lib.sh"

# absolute: relative paths in a record follow its cwd
HOTADD=$(cd "$FIX/deb12-x86_64-after-hotadd" && pwd)
BOOT=$(cd "$BOOT" && pwd)
REC="$RUNDIR/crash-load.args"
mkdir -p -m 700 "$RUNDIR"
mkdir -p "$TMP/work"
# the environment points elsewhere: --rundir must win in every build
KEXEC_HOTPLUG_RUNDIR="$TMP/not-here"
cp "$KERNEL" "$TMP/work/vmlinuz"
cp "$INITRD" "$TMP/work/initrd.img"

# record ARG...: the record a crash load with these arguments leaves
# (root's, mode 0600)
record() {
	rm -rf "$REC"
	(umask 077; {
		echo "kexec-hotplug crash-load v1"
		echo "# hand-written by reload.sh"
		echo "boot_id=0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10"
		echo "cwd=$TMP/work"
		for a in "$@"; do printf 'arg=%s\n' "$a"; done
	} > "$REC")
}

# (--arch as lib.sh adds it: the fixtures are x86_64 whatever the host)
record $ARCH_ARG -c -p --hotplug "--sysroot=$HOTADD" --initrd=initrd.img \
	"--append=irqpoll nr_cpus=1" vmlinuz

expect_out "dry-run reload shows what it replays" 0 \
	"^reload: replaying the crash load recorded in .*crash-load.args \(cwd $TMP/work\)" \
	-p --reload $RUNDIR_ARG --dry-run
expect_out "dry-run reload prints the plan" 0 'elfcorehdr' -p --reload $RUNDIR_ARG --dry-run
expect_json "replayed plan: hot-plug flag, command line, relative initrd found" \
	'(.flag_names | index("KEXEC_UPDATE_ELFCOREHDR")) != null and (.cmdline | test("irqpoll nr_cpus=1")) and ([.segments[].role] | index("initrd")) != null and ([.elfcorehdr.loads[] | select(.[0] >= 4294967296)] | length) == 2' \
	-p --reload $RUNDIR_ARG
# the same record on a machine that lost the hot-added memory
expect_json "reload after hot-remove: the range is gone from the elfcorehdr" \
	'(.elfcorehdr.loads | length) == 3 and all(.elfcorehdr.loads[]; .[1] < 4294967296)' \
	-p --reload $RUNDIR_ARG "--sysroot=$BOOT"
run -p --reload $RUNDIR_ARG --dry-run --plan-json=-
if [ "$rc" -eq 0 ] && jq -e . "$out" >/dev/null 2>&1; then ok; else
	bad "--plan-json=- with --reload: stdout is not JSON alone"; fi

# a backslash and a newline survive the escapes
record $ARCH_ARG -c -p "--sysroot=$BOOT" '--append=a\\b\nc' vmlinuz
expect_json "escaped command line" '.cmdline | test("a\\\\b\nc")' -p --reload $RUNDIR_ARG

# malformed or foreign records: one line each
record
echo "something else" > "$REC"
expect_fail "record with a foreign first line" 1 "crash-load.args: not a kexec-hotplug crash load record" \
	-p --reload $RUNDIR_ARG --dry-run
printf 'kexec-hotplug crash-load v1\ncwd=/\narg=-p\narg=vmlinuz' > "$REC"
expect_fail "truncated record" 1 "line 4: not terminated by a newline" -p --reload $RUNDIR_ARG --dry-run
record -l "--sysroot=$BOOT" vmlinuz
expect_fail "record of a normal load" 1 "not a crash load.*load one again with kexec -p" \
	-p --reload $RUNDIR_ARG --dry-run
record -c -p "--sysroot=$BOOT" missing-kernel
expect_fail "recorded kernel is gone" 1 "$TMP/work/missing-kernel" -p --reload $RUNDIR_ARG --dry-run
rm -f "$REC"
mkdir "$REC"
expect_fail "record is a directory" 1 "cannot read the crash load record $REC: Is a directory" \
	-p --reload $RUNDIR_ARG --dry-run
rmdir "$REC"
ln -s "$TMP/no-such-record" "$REC"
expect_fail "record is a dangling symbolic link" 1 "refusing the crash load record $REC: a symbolic link" \
	-p --reload $RUNDIR_ARG --dry-run
rm -f "$REC"

# only root's own record, mode 0600, not through a link
record $ARCH_ARG -c -p "--sysroot=$BOOT" vmlinuz
mv "$REC" "$TMP/elsewhere.args"
ln -s "$TMP/elsewhere.args" "$REC"
expect_fail "record is a symbolic link to a valid record" 1 "refusing the crash load record $REC: a symbolic link" \
	-p --reload $RUNDIR_ARG --dry-run
rm -f "$REC"
record $ARCH_ARG -c -p "--sysroot=$BOOT" vmlinuz
chmod 644 "$REC"
expect_fail "record of mode 0644" 1 "refusing the crash load record $REC: owned by uid [0-9]+ with mode 0644, not by uid [0-9]+ with mode 0600" \
	-p --reload $RUNDIR_ARG --dry-run
chmod 600 "$REC"
if [ "$(id -u)" -eq 0 ]; then
	chown 65534 "$REC"
	expect_fail "record of another user" 1 "owned by uid 65534 with mode 0600, not by uid 0" \
		-p --reload $RUNDIR_ARG --dry-run
fi

# a dry run says what a real --reload would refuse
M="$TMP/machine"
cp -r "$BOOT" "$M"
mkdir -p "$M/proc/sys/kernel/random"
echo 0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10 > "$M/proc/sys/kernel/random/boot_id"
record $ARCH_ARG -c -p "--sysroot=$M" vmlinuz
echo 1 > "$M/sys/kernel/kexec_crash_loaded"
run -p --reload $RUNDIR_ARG --dry-run
if [ "$rc" -eq 0 ] && ! grep -q 'would refuse' "$out"; then ok; else
	bad "valid record: exit $rc, $(grep refuse "$out")"; fi
echo 0 > "$M/sys/kernel/kexec_crash_loaded"
expect_out "dry run: nothing loaded" 0 \
	"^reload: a real --reload would refuse it: no crash kernel is loaded: .*was unloaded since" \
	-p --reload $RUNDIR_ARG --dry-run
echo 1 > "$M/sys/kernel/kexec_crash_loaded"
echo 11111111-2222-3333-4444-555555555555 > "$M/proc/sys/kernel/random/boot_id"
expect_out "dry run: another boot" 0 \
	"^reload: a real --reload would refuse it: recorded in another boot" \
	-p --reload $RUNDIR_ARG --dry-run
rm -f "$REC"
expect_fail "nothing recorded" 1 "no crash load recorded in $REC: load one with kexec -p first" \
	-p --reload $RUNDIR_ARG --dry-run

finish
