#!/bin/sh
# udev.sh - contrib/udev: the rules checked statically (udevadm verify is
# not in Debian 12), and the reload helper run with a fake sysfs and a fake
# kexec: which events reload for crash_hotplug 1, 0 and missing, that a
# burst of concurrent events coalesces into one or two reloads, and that
# it defers to kdumpctl when no kexec-hotplug crash load is recorded.  Its
# lock is root's alone (0700 directory, 0600 file, an older 0644 file
# replaced), and nothing can make it skip a reload: a lock held too long,
# a run directory of another user or a stale pending mark is logged (or
# ignored) and the reload happens.  Where systemd runs, the helper decides
# inside udevd and hands coalescing and reload to a transient unit through
# systemd-run (a fake here, running the command with a clean environment
# as systemd does); without systemd, or when systemd-run fails (logged), it
# reloads itself.
. "$(dirname "$0")/lib.sh"

UDEV="$TEST_SRCDIR/../contrib/udev"
RULES="$UDEV/60-kexec-hotplug.rules"
HELPER="$UDEV/kexec-hotplug-reload"

# ---- the rules, statically ----------------------------------------------
body=$(grep -v '^[[:space:]]*#' "$RULES" | grep -v '^[[:space:]]*$')
if ! echo "$body" | grep -q 'TEST'; then ok; else
	bad "rules use TEST: a node missing on older kernels breaks the rule"; fi
if echo "$body" | grep 'crash_hotplug' | grep -qv 'ATTRS{crash_hotplug}=="1", GOTO='; then
	bad "a crash_hotplug check is not a plain ATTRS match in a rule of its own"
else ok; fi
missing=""
for l in $(echo "$body" | grep -o 'GOTO="[a-z_]*"' | sed 's/GOTO="\(.*\)"/\1/' | sort -u); do
	echo "$body" | grep -qx "LABEL=\"$l\"" || missing="$missing $l"
done
if [ -z "$missing" ]; then ok; else bad "GOTO without LABEL:$missing"; fi
if echo "$body" | grep -qx 'RUN+="@KEXEC_HOTPLUG_RELOAD@"'; then ok; else
	bad "RUN does not call the helper placeholder make install substitutes"; fi
# every rule line: comma-separated KEY op "value" pairs
if echo "$body" | grep -Ev '^([A-Z]+(\{[a-z_]+\})?(==|!=|=|\+=)"[^"]*"(, )?)+$' | grep -q .; then
	bad "malformed rule lines:"; echo "$body" | grep -Ev '^([A-Z]+(\{[a-z_]+\})?(==|!=|=|\+=)"[^"]*"(, )?)+$'
else ok; fi

# ---- Debian: the divert of kdump-tools' rule -----------------------------
# (tests/deb/check-divert.sh runs the scripts with dpkg in a scratch root)
DEB="$TEST_SRCDIR/../debian"
if [ -d "$DEB" ]; then
	if grep -v '^#' "$DEB/50-kdump-tools.rules" | grep -q '[^[:space:]]'; then
		bad "debian/50-kdump-tools.rules, the placeholder for the diverted rule, has rules"
	else ok; fi
	pair='--divert /lib/udev/rules.d/50-kdump-tools.rules.kexec-hotplug --ACT /lib/udev/rules.d/50-kdump-tools.rules'
	for f in preinst:add postrm:remove; do
		script="$DEB/kexec-hotplug.${f%:*}"
		cmd=$(sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' "$script" | grep 'dpkg-divert' |
			sed 's/[[:space:]][[:space:]]*/ /g; s/^ //' | sort -u)
		want="dpkg-divert --package kexec-hotplug --rename $(echo "$pair" | sed "s/ACT/${f#*:}/")"
		if [ "$cmd" = "$want" ]; then ok; else
			bad "${f%:*}: dpkg-divert is '$cmd', wanted '$want'"; fi
	done
fi

# ---- the helper ---------------------------------------------------------
SYSFS="$TMP/sys"
mkdir -p "$SYSFS/devices/system/cpu" "$SYSFS/devices/system/memory"
mkdir -p "$SYSFS/kernel"
echo 1 > "$SYSFS/kernel/kexec_crash_loaded"
CALLS="$TMP/calls"
cat > "$TMP/fake-kexec" <<EOT
#!/bin/sh
echo "kexec \$*" >> "$CALLS"
sleep \${FAKE_RELOAD_S:-0}
EOT
chmod +x "$TMP/fake-kexec"
# as an older version left it: 0755 (the helper makes it 0700)
mkdir -m 755 "$KEXEC_HOTPLUG_RUNDIR"
echo "kexec-hotplug crash-load v1" > "$KEXEC_HOTPLUG_RUNDIR/crash-load.args"

# logger: what the helper logs, in a file
LOGGED="$TMP/logged"
mkdir -p "$TMP/logbin"
printf '#!/bin/sh\necho "$*" >> "%s"\n' "$LOGGED" > "$TMP/logbin/logger"
chmod +x "$TMP/logbin/logger"

# The machine's own systemd must never see these tests: unless a test sets
# SDDIR, the helper is told that systemd is not running.
helper() {	# helper SUBSYSTEM ACTION [ARG]
	ACTION=$2 SUBSYSTEM=$1 KEXEC_HOTPLUG_KEXEC="$TMP/fake-kexec" \
	KEXEC_HOTPLUG_SYSFS="$SYSFS" KEXEC_HOTPLUG_SETTLE="${SETTLE:-0}" \
	KEXEC_HOTPLUG_SYSTEMD="${SDDIR:-$TMP/no-systemd}" \
	PATH="${SDBIN:+$SDBIN:}$TMP/logbin:$PATH" sh "$HELPER" ${3:+"$3"}
}


hp() { for s in cpu memory; do
	if [ "$1" = missing ]; then rm -f "$SYSFS/devices/system/$s/crash_hotplug"
	else echo "$1" > "$SYSFS/devices/system/$s/crash_hotplug"; fi; done; }
# expect_reloads HP SUBSYSTEM ACTION N
expect_reloads() {
	hp "$1"; : > "$CALLS"
	helper "$2" "$3"
	n=$(wc -l < "$CALLS")
	if [ "$n" -eq "$4" ]; then ok; else
		bad "crash_hotplug $1, $2 $3: $n reloads, wanted $4"; fi
}
for ev in "cpu add" "cpu remove" "cpu online" "cpu offline" "memory add" "memory online"; do
	expect_reloads 1 $ev 0
done
expect_reloads 1 memory offline 1
expect_reloads 1 memory remove 1
for hpv in 0 missing; do
	for ev in "cpu add" "cpu remove" "cpu online" "memory online" "memory offline"; do
		expect_reloads $hpv $ev 1
	done
	expect_reloads $hpv cpu offline 0
done
# nothing loaded (CPUs at boot, before kdump-tools' load): no reload
for loaded in 0 missing; do
	if [ $loaded = missing ]; then rm "$SYSFS/kernel/kexec_crash_loaded"
	else echo 0 > "$SYSFS/kernel/kexec_crash_loaded"; fi
	expect_reloads 0 cpu add 0
	expect_reloads 1 memory offline 0
done
echo 1 > "$SYSFS/kernel/kexec_crash_loaded"
hp 0; : > "$CALLS"; helper memory offline
if grep -qx "kexec -p --reload --rundir=$KEXEC_HOTPLUG_RUNDIR" "$CALLS"; then ok; else
	bad "reload is not 'kexec -p --reload --rundir=...': $(cat "$CALLS")"; fi
: > "$CALLS"
modes=$(stat -c '%a %u' "$KEXEC_HOTPLUG_RUNDIR" "$KEXEC_HOTPLUG_RUNDIR/udev-reload.lock" | tr '\n' ' ')
if [ "$modes" = "700 $(id -u) 600 $(id -u) " ]; then ok; else
	bad "run directory and udev lock: mode/owner $modes, wanted 700 and 600, ours"; fi

# a burst of 20 concurrent events: one reload, at most one more
hp 0; : > "$CALLS"
i=0
while [ $i -lt 20 ]; do SETTLE=2 helper memory online & i=$((i + 1)); done
wait
n=$(wc -l < "$CALLS")
if [ "$n" -ge 1 ] && [ "$n" -le 2 ]; then ok; else bad "burst of 20 events: $n reloads, wanted 1 or 2"; fi
# events during a slow reload start exactly one more round
: > "$CALLS"
FAKE_RELOAD_S=3 SETTLE=1 helper memory online &
# the fake kexec logs its call when the reload starts: wait for that, not
# for a fixed time (a loaded machine may still be settling after 2 s)
i=0
while [ ! -s "$CALLS" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
i=0
while [ $i -lt 5 ]; do FAKE_RELOAD_S=0 SETTLE=1 helper memory online & i=$((i + 1)); done
wait
n=$(wc -l < "$CALLS")
if [ "$n" -eq 2 ]; then ok; else bad "events during a reload: $n reloads, wanted 2"; fi

# events spread over 1.5 settle times, each well within it of the
# last (a DIMM's blocks going away under TCG): still one reload
: > "$CALLS"
i=0
while [ $i -lt 6 ]; do SETTLE=2 helper memory offline & sleep 0.5; i=$((i + 1)); done
wait
n=$(wc -l < "$CALLS")
if [ "$n" -eq 1 ]; then ok; else bad "events 0.5 s apart for 3 s, settle 2 s: $n reloads, wanted 1"; fi

# a process holding the lock for longer than the settle time cannot make
# the helper skip the reload: it waits SETTLE + 3 s, logs, reloads
hp 0; : > "$CALLS"; : > "$LOGGED"
flock "$KEXEC_HOTPLUG_RUNDIR/udev-reload.lock" sleep 6 &
holder=$!
sleep 0.5
t0=$(date +%s)
helper memory online
t=$(( $(date +%s) - t0 ))
if [ "$(wc -l < "$CALLS")" -eq 1 ] && [ "$t" -ge 2 ] && [ "$t" -le 5 ] &&
   grep -Eq "udev-reload.lock held by pid [0-9]+ \(flock\) for more than 3 s: reloading after memory online without coalescing" "$LOGGED"; then ok; else
	bad "lock held by another process: $(wc -l < "$CALLS") reloads after $t s, log: $(cat "$LOGGED")"; fi
wait "$holder"

# the 0644 lock file of older versions, held by whoever opened it: replaced
chmod 644 "$KEXEC_HOTPLUG_RUNDIR/udev-reload.lock"
(flock 8; sleep 6) 8<"$KEXEC_HOTPLUG_RUNDIR/udev-reload.lock" &
holder=$!
sleep 0.5
: > "$CALLS"; : > "$LOGGED"
t0=$(date +%s)
helper memory online
t=$(( $(date +%s) - t0 ))
if [ "$(wc -l < "$CALLS")" -eq 1 ] && [ "$t" -le 1 ] && [ ! -s "$LOGGED" ] &&
   [ "$(stat -c %a "$KEXEC_HOTPLUG_RUNDIR/udev-reload.lock")" = 600 ]; then ok; else
	bad "old 0644 lock held by someone: $(wc -l < "$CALLS") reloads after $t s, log: $(cat "$LOGGED")"; fi
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

# a pending mark left by a helper killed in its settle delay is ignored
sleep 30 &
echo "$!" > "$KEXEC_HOTPLUG_RUNDIR/udev-reload.pending"	# alive, not ours
: > "$CALLS"
helper memory online
if [ "$(wc -l < "$CALLS")" -eq 1 ] && [ ! -e "$KEXEC_HOTPLUG_RUNDIR/udev-reload.pending" ]; then ok; else
	bad "stale pending mark: $(wc -l < "$CALLS") reloads"; fi
kill "$!" 2>/dev/null

# a run directory of another user: logged, reloaded without coalescing
if [ "$(id -u)" -eq 0 ]; then
	chown 65534 "$KEXEC_HOTPLUG_RUNDIR"
	: > "$CALLS"; : > "$LOGGED"
	helper memory online
	if [ "$(wc -l < "$CALLS")" -eq 1 ] && grep -q "is owned by uid 65534, not by uid 0: not using it" "$LOGGED"; then ok; else
		bad "foreign run directory: $(wc -l < "$CALLS") reloads, log: $(cat "$LOGGED")"; fi
	chown 0 "$KEXEC_HOTPLUG_RUNDIR"
fi

# ---- handed to systemd ----------------------------------------------------
# a fake systemd-run: records its arguments, then (unless FAKE_SDRUN_FAIL)
# runs the command with only PATH and the --setenv variables, as a
# transient unit would (FAKE_SDRUN_BG: in the background, like --no-block)
SDCALLS="$TMP/sdcalls"
SDBIN="$TMP/sdbin"
mkdir -p "$SDBIN" "$TMP/systemd"
cat > "$SDBIN/systemd-run" <<EOT
#!/bin/sh
printf '%s\n' "\$*" >> "$SDCALLS"
if [ -n "\${FAKE_SDRUN_FAIL:-}" ]; then
	echo "Failed to start transient service unit: Access denied" >&2; exit 1
fi
started=no; cmd=no
for a do
	[ "\$started" = yes ] || { set --; started=yes; }
	case \$cmd:\$a in
	no:--setenv=*) set -- "\$@" "\${a#--setenv=}" ;;
	no:--*) ;;
	*) cmd=yes; set -- "\$@" "\$a" ;;
	esac
done
if [ -n "\${FAKE_SDRUN_BG:-}" ]; then
	env -i PATH="\$PATH" "\$@" </dev/null >/dev/null 2>&1 &
else
	env -i PATH="\$PATH" "\$@"
fi
EOT
chmod +x "$SDBIN/systemd-run"
echo "kexec-hotplug crash-load v1" > "$KEXEC_HOTPLUG_RUNDIR/crash-load.args"
# sd_helper HP SUBSYSTEM ACTION: the helper with systemd "running"
sd_helper() {
	hp "$1"; : > "$CALLS"; : > "$SDCALLS"; : > "$LOGGED"
	SDDIR="$TMP/systemd" SDBIN="$SDBIN" helper "$2" "$3"
}
n_calls() { wc -l < "$1" | tr -d ' '; }

# skip rules decided inside udevd: no unit for what needs no reload
for ev in "cpu add" "cpu online" "memory add" "memory online"; do
	sd_helper 1 $ev
	if [ "$(n_calls "$SDCALLS")" -eq 0 ] && [ "$(n_calls "$CALLS")" -eq 0 ]; then ok; else
		bad "systemd, crash_hotplug 1, $ev: $(n_calls "$SDCALLS") units, $(n_calls "$CALLS") reloads, wanted none"; fi
done
# memory removal: one unit, named after the event, running the helper
# with --settle, the event and every override set; it reloads
case $HELPER in /*) abs_helper=$HELPER ;; *) abs_helper=$(pwd)/$HELPER ;; esac
want="--no-block --collect --quiet --unit=kexec-hotplug-reload-4711 --description=kexec-hotplug: crash kernel reload after memory offline --setenv=ACTION=offline --setenv=SUBSYSTEM=memory --setenv=KEXEC_HOTPLUG_KEXEC=$TMP/fake-kexec --setenv=KEXEC_HOTPLUG_RUNDIR=$KEXEC_HOTPLUG_RUNDIR --setenv=KEXEC_HOTPLUG_SYSFS=$SYSFS --setenv=KEXEC_HOTPLUG_SETTLE=0 $abs_helper --settle"
SEQNUM=4711 sd_helper 1 memory offline
if [ "$(cat "$SDCALLS")" = "$want" ]; then ok; else
	bad "systemd-run arguments: $(cat "$SDCALLS"), wanted: $want"; fi
if [ "$(cat "$CALLS")" = "kexec -p --reload --rundir=$KEXEC_HOTPLUG_RUNDIR" ] && [ ! -s "$LOGGED" ]; then ok; else
	bad "the unit's reload: $(cat "$CALLS"), log: $(cat "$LOGGED")"; fi
# crash_hotplug 0: every CPU add gets its unit; without SEQNUM the unit is
# named after the helper's PID
sd_helper 0 cpu add
if [ "$(n_calls "$SDCALLS")" -eq 1 ] && [ "$(n_calls "$CALLS")" -eq 1 ] &&
   grep -Eq -- '--unit=kexec-hotplug-reload-pid[0-9]+ ' "$SDCALLS"; then ok; else
	bad "systemd, crash_hotplug 0, cpu add: $(cat "$SDCALLS"), $(n_calls "$CALLS") reloads"; fi
# a burst of 10 events, each in its own background "unit": one reload, at
# most one more (the coalescing now runs in the units)
: > "$CALLS"; : > "$SDCALLS"
i=0
while [ $i -lt 10 ]; do
	SEQNUM=$((100 + i)) SETTLE=1 FAKE_SDRUN_BG=1 SDDIR="$TMP/systemd" SDBIN="$SDBIN" helper memory online &
	i=$((i + 1))
done
wait
w=0
while [ $w -lt 20 ] && { [ ! -s "$CALLS" ] || [ -e "$KEXEC_HOTPLUG_RUNDIR/udev-reload.pending" ]; }; do
	sleep 0.5; w=$((w + 1))
done
sleep 1
units=$(grep -o -- '--unit=[^ ]*' "$SDCALLS" | sort -u | wc -l)
n=$(n_calls "$CALLS")
if [ "$units" -eq 10 ] && [ "$n" -ge 1 ] && [ "$n" -le 2 ]; then ok; else
	bad "systemd, burst of 10: $units distinct units (wanted 10), $n reloads (wanted 1 or 2)"; fi
# the unit's side trusts the decision made in udevd
hp 1; : > "$CALLS"
helper cpu add --settle
if [ "$(n_calls "$CALLS")" -eq 1 ]; then ok; else bad "--settle did not reload: $(n_calls "$CALLS")"; fi
: > "$LOGGED"
if helper cpu add --bogus; then st=0; else st=$?; fi
if [ "$st" -eq 2 ] && grep -q 'usage: kexec-hotplug-reload \[--settle\], not: --bogus' "$LOGGED"; then ok; else
	bad "bad argument: exit $st, log: $(cat "$LOGGED")"; fi

# systemd not running (no /run/systemd/system), systemd-run installed:
# the helper reloads itself
hp 0; : > "$CALLS"; : > "$SDCALLS"
SDBIN="$SDBIN" helper memory offline
if [ "$(n_calls "$SDCALLS")" -eq 0 ] && [ "$(n_calls "$CALLS")" -eq 1 ]; then ok; else
	bad "no systemd: $(n_calls "$SDCALLS") systemd-run calls, $(n_calls "$CALLS") reloads"; fi

# systemd-run failing: logged, then the helper reloads itself
FAKE_SDRUN_FAIL=1 sd_helper 1 memory remove
if [ "$(n_calls "$SDCALLS")" -eq 1 ] && [ "$(n_calls "$CALLS")" -eq 1 ] &&
   grep -q 'systemd-run failed (exit 1: Failed to start transient service unit: Access denied): reloading after memory remove inside udevd, where kexec_load may fail with EPERM' "$LOGGED"; then ok; else
	bad "systemd-run failing: $(n_calls "$SDCALLS") calls, $(n_calls "$CALLS") reloads, log: $(cat "$LOGGED")"; fi
hp 0

# no record: defer to the distribution's service
rm -f "$KEXEC_HOTPLUG_RUNDIR/crash-load.args"
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "kdumpctl $*" >> "%s"\n' "$CALLS" > "$TMP/bin/kdumpctl"
chmod +x "$TMP/bin/kdumpctl"
: > "$CALLS"
PATH="$TMP/bin:$PATH" helper cpu add
if [ "$(cat "$CALLS")" = "kdumpctl reload" ]; then ok; else bad "no record: did not defer to kdumpctl: $(cat "$CALLS")"; fi

finish
