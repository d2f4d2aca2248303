# guest.sh - owns the guest side of the end-to-end test protocol.  Sourced by
# a test's /init inside the QEMU guest (initramfs.py installs it as
# /lib/e2e/guest.sh); busybox sh only.
#
#   e2e_mount              mount proc, sysfs, devtmpfs, tmpfs /tmp
#   e2e_mark TEXT          print "E2E: TEXT" on the console (host waits on it)
#   e2e_send NAME DIR      send DIR as base64 tar.gz on /dev/ttyS1 between
#                          "=====E2E-BEGIN NAME=====" and "=====E2E-END NAME====="
#                          lines; the host decodes it with Vm.extract (vm.py)
#   e2e_poweroff           sync and power the guest off (QEMU then exits)
#   e2e_high_ram           bytes of System RAM at or above 4 GiB (/proc/iomem),
#                          where QEMU's pc machine puts hot-added DIMMs; the
#                          kernel argument e2e.hotbase=BYTES moves that limit
#                          (pseries puts DIMMs right after boot RAM)
#   e2e_arg NAME [DEFAULT] value of NAME=VALUE on the kernel command line
#   e2e_uptime             seconds since boot with two decimals (/proc/uptime)

E2E_DATA_TTY=${E2E_DATA_TTY:-/dev/ttyS1}

e2e_mount() {
	mkdir -p /proc /sys /dev /tmp /run
	mount -t proc proc /proc 2>/dev/null
	mount -t sysfs sysfs /sys 2>/dev/null
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	mount -t tmpfs tmpfs /tmp 2>/dev/null
	# raw: no \n -> \r\n mapping on the data port
	stty -F "$E2E_DATA_TTY" raw -echo 2>/dev/null
	return 0
}

e2e_mark() {
	echo "E2E: $*"
}

e2e_send() {
	echo "=====E2E-BEGIN $1=====" > "$E2E_DATA_TTY"
	tar -czf - -C "$2" . | base64 > "$E2E_DATA_TTY"
	echo "=====E2E-END $1=====" > "$E2E_DATA_TTY"
	e2e_mark "sent $1"
}

e2e_poweroff() {
	sync
	e2e_mark "poweroff"
	poweroff -f
	sleep 5
	echo o > /proc/sysrq-trigger
}

e2e_high_ram() {
	_t=0
	_base=$(e2e_arg e2e.hotbase $((0x100000000)))
	while IFS= read -r _l; do
		case $_l in *"System RAM"*) ;; *) continue ;; esac
		set -- $_l
		_s=$((0x${1%-*}))
		_e=$((0x${1#*-}))
		[ "$_s" -ge "$((_base))" ] && _t=$((_t + _e - _s + 1))
	done < /proc/iomem
	echo "$_t"
}

e2e_arg() {
	for _a in $(cat /proc/cmdline); do
		case $_a in "$1="*) echo "${_a#*=}"; return 0 ;; esac
	done
	echo "${2:-}"
}

e2e_uptime() {
	read -r _u _ < /proc/uptime
	echo "$_u"
}
