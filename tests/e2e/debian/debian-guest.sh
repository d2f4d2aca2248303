#!/bin/sh
# debian-guest.sh - the guest side of tests/e2e/run-debian.sh, run by
# e2e-debian.service in the Debian guest once kdump-tools.service is done.
# Sources /lib/e2e/guest.sh (e2e_mark, e2e_send, e2e_arg, e2e_high_ram).
# Kernel command line: e2e.run=RUN e2e.steps=STEP,STEP,...  Steps:
#   hotadd:BYTES     "E2E: ready-for-hotadd", wait until BYTES of RAM sit
#                    above 4 GiB, let the reloads settle, "E2E: hotadded"
#   hotremove:BYTES  "E2E: ready-for-hotremove", wait until only BYTES are
#                    left above 4 GiB, settle, "E2E: hotremoved"
#   fill:MIB         fillmem MIB MiB of stamped pages (fill/pages.txt)
#   crash            send the report, "E2E: panic", echo c > sysrq-trigger
#   NAME[:ARGS]      step_NAME ARGS, when a file the host added as
#                    /usr/local/lib/e2e/steps.sh (sourced here) defines it:
#                    the storm benchmark's steps (tests/bench/storm)
# Every step writes its marker to the journal too (tag e2e), so the host
# orders it against kexec runs (tag e2e-kexec, the kexec-log wrapper) and
# kdump-tools' lines.  The report (NAME/state.txt per step, journal.txt,
# fill/pages.txt) goes to the host on ttyS1 as "report", and stays in
# /var/lib/e2e on the root disk.
. /lib/e2e/guest.sh
# the console is opened for every line: a getty's vhangup() of ttyS0 would
# leave an inherited descriptor dead (lib/debimage.py masks the getty too)
e2e_mark() {
	echo "E2E: $*" > /dev/ttyS0
}
out=/var/lib/e2e
rm -rf "$out"
mkdir -p "$out"
stty -F "$E2E_DATA_TTY" raw -echo 2>/dev/null
run=$(e2e_arg e2e.run 0)

mark() {	# the marker on the console and in the journal
	logger -t e2e -- "$*"
	e2e_mark "$*"
}

die() {
	mark "FAIL: $*"
	exit 1
}

state() {	# NAME: machine state as "key value" lines in $out/NAME/state.txt
	d="$out/$1"
	mkdir -p "$d"
	{
		for n in memory cpu; do
			echo "$n/crash_hotplug $(cat /sys/devices/system/$n/crash_hotplug 2>/dev/null || echo missing)"
		done
		echo "cpu/possible $(cat /sys/devices/system/cpu/possible)"
		echo "cpu/online $(cat /sys/devices/system/cpu/online)"
		echo "kexec_crash_loaded $(cat /sys/kernel/kexec_crash_loaded)"
		echo "loaded_at $(sed -n 's/^loaded_at=//p' /run/kexec-hotplug/crash-load.args 2>/dev/null)"
		echo "kdump_status $(kdump-config status 2>&1 | sed -n 's/^current state *: *//p')"
		echo "packages $(dpkg-query -W -f '${db:Status-Status} ${Package}=${Version}\n' \
			kexec-hotplug kexec-tools kdump-tools 2>/dev/null | sed -n 's/^installed //p' | tr '\n' ' ')"
		echo "kexec_version $(/sbin/kexec.e2e-real --version 2>&1 | head -n 1)"
		echo "high_ram $(e2e_high_ram)"
		echo "uptime $(e2e_uptime)"
	} > "$d/state.txt"
	cp /proc/iomem "$d/iomem.txt"
	kdump-config status > "$d/kdump-status.txt" 2>&1
}

kexec_runs() {
	journalctl -b -q -o cat -t e2e-kexec 2>/dev/null | wc -l
}

busy() {	# a reload still running or queued
	pgrep -f 'kdump-config|kexec-hotplug-reload|kexec\.e2e-real|systemd-run' >/dev/null && return 0
	[ -n "$(systemctl list-jobs --no-legend 2>/dev/null)" ]
}

settle() {	# until udev is idle and no kexec ran for 6 s (at most 180 s)
	udevadm settle -t 120
	last=$(kexec_runs)
	quiet=0
	t=0
	while [ "$quiet" -lt 6 ] && [ "$t" -lt 180 ]; do
		sleep 2
		t=$((t + 2))
		n=$(kexec_runs)
		if [ "$n" != "$last" ] || busy; then quiet=0; else quiet=$((quiet + 2)); fi
		last=$n
	done
}

wait_high() {	# eq|le BYTES, at most 120 s
	t=0
	while [ "$t" -lt 600 ]; do
		h=$(e2e_high_ram)
		case $1 in
		eq) [ "$h" -eq "$2" ] && return 0 ;;
		esac
		sleep 0.2
		t=$((t + 1))
	done
	die "RAM above 4 GiB is $(e2e_high_ram), expected $2"
}

fill() {	# MIB
	sysctl -q vm.compact_unevictable_allowed=0
	mkdir -p "$out/fill"
	/usr/local/lib/e2e/fillmem "$1" "$run" "$out/fill" &
	while [ ! -s "$out/fill/ready" ]; do
		kill -0 $! 2>/dev/null || die "fillmem exited"
		sleep 0.5
	done
	mark "filled $1 MiB: $(cat "$out/fill/ready")"
}

crash() {
	state panic
	journalctl -b -o short-monotonic --no-pager > "$out/journal.txt" 2>&1
	sync
	e2e_send report "$out"
	sync
	mark "panic"
	sleep 1
	echo c > /proc/sysrq-trigger
}

if [ -r /usr/local/lib/e2e/steps.sh ]; then
	. /usr/local/lib/e2e/steps.sh
fi

i=0
while [ "$(cat /sys/kernel/kexec_crash_loaded)" != 1 ] && [ "$i" -lt 60 ]; do
	sleep 1
	i=$((i + 1))
done
state boot
mark "booted: kdump $(sed -n 's/^kdump_status //p' "$out/boot/state.txt"), crash_hotplug $(sed -n 's/^memory.crash_hotplug //p' "$out/boot/state.txt"), uptime $(e2e_uptime) s"
for step in $(e2e_arg e2e.steps | tr , ' '); do
	case $step in
	hotadd:*)
		mark "ready-for-hotadd"
		wait_high eq "${step#*:}"
		mark "hotadd-seen: $(e2e_high_ram) bytes above 4 GiB"
		settle
		state hotadd
		mark "hotadded: kexec runs so far $(kexec_runs)" ;;
	hotremove:*)
		mark "ready-for-hotremove"
		wait_high eq "${step#*:}"
		mark "hotremove-seen: $(e2e_high_ram) bytes above 4 GiB"
		settle
		state hotremove
		mark "hotremoved: kexec runs so far $(kexec_runs)" ;;
	fill:*) fill "${step#fill:}" ;;
	crash) crash ;;
	*)
		command -v "step_${step%%:*}" >/dev/null || die "unknown step $step"
		"step_${step%%:*}" "${step#*:}" ;;
	esac
done
