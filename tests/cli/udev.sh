#!/bin/sh
# udev.sh - contrib/udev: the rules checked statically (udevadm verify is
# not in Debian 12), and the reload helper run with a fake sysfs and a fake
# kexec: which events reload for crash_hotplug 1, 0 and missing, that a
# burst of concurrent events coalesces into one or two reloads, and that
# it defers to kdumpctl when no kexec-hotplug crash load is recorded.
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

# ---- the helper ---------------------------------------------------------
SYSFS="$TMP/sys"
mkdir -p "$SYSFS/devices/system/cpu" "$SYSFS/devices/system/memory" "$KEXEC_HOTPLUG_RUNDIR"
CALLS="$TMP/calls"
cat > "$TMP/fake-kexec" <<EOT
#!/bin/sh
echo "kexec \$*" >> "$CALLS"
sleep \${FAKE_RELOAD_S:-0}
EOT
chmod +x "$TMP/fake-kexec"
echo "kexec-hotplug crash-load v1" > "$KEXEC_HOTPLUG_RUNDIR/crash-load.args"

helper() {	# helper SUBSYSTEM ACTION
	ACTION=$2 SUBSYSTEM=$1 KEXEC_HOTPLUG_KEXEC="$TMP/fake-kexec" \
	KEXEC_HOTPLUG_SYSFS="$SYSFS" KEXEC_HOTPLUG_SETTLE="${SETTLE:-0}" \
		sh "$HELPER"
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
hp 0; : > "$CALLS"; helper memory offline
if grep -qx 'kexec -p --reload' "$CALLS"; then ok; else bad "reload is not 'kexec -p --reload': $(cat "$CALLS")"; fi

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
sleep 2
i=0
while [ $i -lt 5 ]; do FAKE_RELOAD_S=0 SETTLE=1 helper memory online & i=$((i + 1)); done
wait
n=$(wc -l < "$CALLS")
if [ "$n" -eq 2 ]; then ok; else bad "events during a reload: $n reloads, wanted 2"; fi

# no record: defer to the distribution's service
rm -f "$KEXEC_HOTPLUG_RUNDIR/crash-load.args"
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "kdumpctl $*" >> "%s"\n' "$CALLS" > "$TMP/bin/kdumpctl"
chmod +x "$TMP/bin/kdumpctl"
: > "$CALLS"
PATH="$TMP/bin:$PATH" helper cpu add
if [ "$(cat "$CALLS")" = "kdumpctl reload" ]; then ok; else bad "no record: did not defer to kdumpctl: $(cat "$CALLS")"; fi

finish
