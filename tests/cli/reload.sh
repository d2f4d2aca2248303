#!/bin/sh
# reload.sh - `kexec -p --reload` in every build, with --dry-run: a crash
# load record written by hand in the documented v1 format (record.h) is
# replayed with fresh machine state; relative paths follow the recorded
# cwd; --sysroot on the reload command line replaces the recorded one, so
# a snapshot taken after a hot-remove drops the removed range from the
# elfcorehdr; bad records, and records that exist but cannot be read, get
# one line and exit 1.
. "$(dirname "$0")/lib.sh"

# absolute: relative paths in a record follow its cwd
HOTADD=$(cd "$FIX/deb12-x86_64-after-hotadd" && pwd)
BOOT=$(cd "$BOOT" && pwd)
REC="$KEXEC_HOTPLUG_RUNDIR/crash-load.args"
mkdir -p "$KEXEC_HOTPLUG_RUNDIR" "$TMP/work"
cp "$KERNEL" "$TMP/work/vmlinuz"
cp "$INITRD" "$TMP/work/initrd.img"

# record ARG...: the record a crash load with these arguments leaves
record() {
	{
		echo "kexec-hotplug crash-load v1"
		echo "# hand-written by reload.sh"
		echo "cwd=$TMP/work"
		for a in "$@"; do printf 'arg=%s\n' "$a"; done
	} > "$REC"
}

# (--arch as lib.sh adds it: the fixtures are x86_64 whatever the host)
record $ARCH_ARG -c -p --hotplug "--sysroot=$HOTADD" --initrd=initrd.img \
	"--append=irqpoll nr_cpus=1" vmlinuz

expect_out "dry-run reload shows what it replays" 0 \
	"^reload: replaying the crash load recorded in .*crash-load.args \(cwd $TMP/work\)" \
	-p --reload --dry-run
expect_out "dry-run reload prints the plan" 0 'elfcorehdr' -p --reload --dry-run
expect_json "replayed plan: hot-plug flag, command line, relative initrd found" \
	'(.flag_names | index("KEXEC_UPDATE_ELFCOREHDR")) != null and (.cmdline | test("irqpoll nr_cpus=1")) and ([.segments[].role] | index("initrd")) != null and ([.elfcorehdr.loads[] | select(.[0] >= 4294967296)] | length) == 2' \
	-p --reload
# the same record on a machine that lost the hot-added memory
expect_json "reload after hot-remove: the range is gone from the elfcorehdr" \
	'(.elfcorehdr.loads | length) == 3 and all(.elfcorehdr.loads[]; .[1] < 4294967296)' \
	-p --reload "--sysroot=$BOOT"
run -p --reload --dry-run --plan-json=-
if [ "$rc" -eq 0 ] && jq -e . "$out" >/dev/null 2>&1; then ok; else
	bad "--plan-json=- with --reload: stdout is not JSON alone"; fi

# a backslash and a newline survive the escapes
record $ARCH_ARG -c -p "--sysroot=$BOOT" '--append=a\\b\nc' vmlinuz
expect_json "escaped command line" '.cmdline | test("a\\\\b\nc")' -p --reload

# malformed or foreign records: one line each
echo "something else" > "$REC"
expect_fail "record with a foreign first line" 1 "crash-load.args: not a kexec-hotplug crash load record" \
	-p --reload --dry-run
printf 'kexec-hotplug crash-load v1\ncwd=/\narg=-p\narg=vmlinuz' > "$REC"
expect_fail "truncated record" 1 "line 4: not terminated by a newline" -p --reload --dry-run
record -l "--sysroot=$BOOT" vmlinuz
expect_fail "record of a normal load" 1 "not a crash load.*load one again with kexec -p" \
	-p --reload --dry-run
record -c -p "--sysroot=$BOOT" missing-kernel
expect_fail "recorded kernel is gone" 1 "$TMP/work/missing-kernel" -p --reload --dry-run
rm -f "$REC"
mkdir "$REC"
expect_fail "record is a directory" 1 "cannot read the crash load record $REC: Is a directory" \
	-p --reload --dry-run
rmdir "$REC"
ln -s "$TMP/no-such-record" "$REC"
expect_fail "record is a dangling symbolic link" 1 "cannot open the crash load record $REC: a symbolic link to nothing" \
	-p --reload --dry-run
rm -f "$REC"
expect_fail "nothing recorded" 1 "no crash load recorded in $REC: load one with kexec -p first" \
	-p --reload --dry-run

finish
