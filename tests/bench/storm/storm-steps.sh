# storm-steps.sh - the guest side of the storm benchmark (tests/bench/storm):
# installed per run as /usr/local/lib/e2e/steps.sh and sourced by the Debian
# guest's tests/e2e/debian/debian-guest.sh, whose functions (mark, die,
# state, fill, crash, settle, kexec_runs, busy) and $out it uses.  Steps:
#   storm:W:K:FILL:GIB   one storm of workload W (w1 four DIMMs, w2 virtio-mem
#                    raised in four steps, w3 offline/online of every
#                    secondary CPU five times, w4 device_del of dimm1; the
#                    host makes the w1, w2 and w4 events, the guest the w3
#                    ones).  Starts `udevadm monitor` and the sampler, then
#                    "E2E: storm-ready".  GIB: w1, w2 end with GIB GiB
#                    above 4 GiB (4 unless given).  K=0: the whole storm, then waits
#                    until quiet (QUIET s with udev idle, no kexec run and no
#                    reload running or queued), "E2E: storm-quiet", stops the
#                    sampler.  K>0: stops after the K-th event (w1/w2: K GiB
#                    online; w3: K CPU operations; w4: K memory blocks of
#                    the DIMM offline), fills FILL MiB of stamped pages when
#                    FILL > 0, and panics at once (crash), not waiting for
#                    anything to settle.
#   report           the report (journal included) on ttyS1, then power off
# Everything lands in $out/storm: uevents.txt, samples.txt (the sampler),
# result.txt ("key value": first/last activity, quiet, events).
# shellcheck shell=sh disable=SC2046,SC2154,SC2129
# (word splitting of "N M" pairs is meant; $out and the functions come from
# debian-guest.sh)
QUIET=10
S=/usr/local/lib/e2e

storm_now() {
	read -r _u _ < /proc/uptime
	echo "$_u"
}

storm_blocks() {	# memory blocks online, offline (as "N M"); no fork a
	# block (read, not cat): a poll must be shorter than the 0.3-0.7 s
	# between two blocks going offline under TCG
	_on=0
	_off=0
	for _b in /sys/devices/system/memory/memory*/state; do
		_s=
		read -r _s < "$_b" 2>/dev/null
		case $_s in
		online*) _on=$((_on + 1)) ;;
		offline) _off=$((_off + 1)) ;;
		esac
	done
	echo "$_on $_off"
}

storm_cpus() {	# CPU operations: w3, stop after $1 (0: all)
	_n=0
	for _r in 1 2 3 4 5; do
		for _c in /sys/devices/system/cpu/cpu[1-9]*/online; do
			for _v in 0 1; do
				echo "$_v" > "$_c" || die "echo $_v > $_c"
				_n=$((_n + 1))
				[ "$1" -gt 0 ] && [ "$_n" -ge "$1" ] && return 0
				sleep 1
			done
		done
	done
}

storm_removed() {	# w4: until $1 blocks went offline (0: until the DIMM is gone)
	set -- "$1" $(storm_blocks)
	_total=$(($2 + $3))
	_t=0
	while [ "$_t" -lt 6000 ]; do
		set -- "$1" $(storm_blocks)
		if [ "$1" -gt 0 ]; then
			# no longer online: offline now, or offline and removed
			[ $((_total - $2)) -ge "$1" ] && return 0
		elif [ "$(e2e_high_ram)" -eq $((1 << 30)) ]; then
			return 0
		fi
		sleep 0.05
		_t=$((_t + 1))
	done
	die "the removal did not get that far"
}

storm_quiet() {	# QUIET s without activity; prints the last activity's uptime
	_last=$(storm_now)
	_runs=$(kexec_runs)
	_t=0
	while [ "$_t" -lt 1200 ]; do
		sleep 0.5
		_t=$((_t + 1))
		_n=$(kexec_runs)
		if [ "$_n" != "$_runs" ] || busy || ! udevadm settle -t 0 2>/dev/null; then
			_last=$(storm_now)
			_runs=$_n
		fi
		_now=$(storm_now)
		# awk: uptime has two decimals
		if awk -v a="$_now" -v b="$_last" -v q="$QUIET" 'BEGIN { exit !(a - b >= q) }'; then
			echo "$_last"
			return 0
		fi
	done
	echo "$_last timeout"
}

step_storm() {
	set -- $(echo "$1" | tr : ' ')
	w=$1 k=${2:-0} fillmib=${3:-0} gib=${4:-4}
	d=$out/storm
	mkdir -p "$d"
	if [ "$w" = w2 ]; then
		modprobe virtio_mem || die "modprobe virtio_mem"
	fi
	udevadm settle -t 120
	settle
	udevadm monitor -k -s memory -s cpu > "$d/uevents.txt" 2>&1 &
	mon=$!
	"$S/sampler" "$d/samples.txt" &
	smp=$!
	sleep 1
	echo "runs_before $(kexec_runs)" > "$d/result.txt"
	echo "ready $(storm_now)" >> "$d/result.txt"
	mark "storm-ready: $w k=$k blocks $(storm_blocks)"
	case $w in
	w1 | w2) wait_high eq $(((k > 0 ? k : gib) << 30)) ;;
	w3) storm_cpus "$k" ;;
	w4) storm_removed "$k" ;;
	*) die "unknown workload $w" ;;
	esac
	echo "events_done $(storm_now)" >> "$d/result.txt"
	mark "storm-events-done: blocks $(storm_blocks), $(e2e_high_ram) bytes above 4 GiB"
	if [ "$k" -gt 0 ]; then
		[ "$fillmib" -gt 0 ] && fill "$fillmib"
		echo "blocks_at_panic $(storm_blocks)" >> "$d/result.txt"
		echo "panic $(storm_now)" >> "$d/result.txt"
		kill "$smp" "$mon"
		wait "$smp"
		crash
		return
	fi
	q=$(storm_quiet)
	kill "$smp" "$mon"
	wait "$smp"
	echo "quiet_n $QUIET" >> "$d/result.txt"
	echo "last_activity $q" >> "$d/result.txt"
	echo "runs_after $(kexec_runs)" >> "$d/result.txt"
	state storm
	mark "storm-quiet: last activity at $q, kexec runs so far $(kexec_runs)"
}

step_report() {
	journalctl -b -o short-monotonic --no-pager > "$out/journal.txt" 2>&1
	sync
	e2e_send report "$out"
	e2e_poweroff
}
