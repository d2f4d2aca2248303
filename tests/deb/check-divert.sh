#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# check-divert.sh - the package's maintainer scripts (debian/
# kexec-hotplug.preinst, .postrm) exercised with the real dpkg in a scratch
# root, never on this machine's own dpkg database: with a stand-in
# kdump-tools package (its udev rule only, no scripts) installed before and
# after ours, the divert of /lib/udev/rules.d/50-kdump-tools.rules is
# added once, keeps kdump-tools' rule at a name udev does not read, survives
# a reinstall, and is gone with kdump-tools' rule back after remove/purge.
# The scripts run chrootless (DPKG_ROOT set by dpkg); a dpkg-divert first
# on PATH refuses to run without --root pointing into the scratch root.
# Usage: tests/deb/check-divert.sh KEXEC_HOTPLUG_DEB   (as root)
set -eu
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
w=$(mktemp -d /tmp/kexec-hotplug-divert.XXXXXX)
trap 'rm -rf "$w"' EXIT
R="$w/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$w/bin"
: > "$R/var/lib/dpkg/status"
RULE=lib/udev/rules.d/50-kdump-tools.rules
DIVERTED=$RULE.kexec-hotplug
nfail=0
bad() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
before=$(dpkg-divert --list | sort)

# the guard: the maintainer scripts' dpkg-divert, pinned to the scratch root
real=$(command -v dpkg-divert)
cat > "$w/bin/dpkg-divert" <<EOT
#!/bin/sh
[ "\${DPKG_ROOT:-}" = "$R" ] || { echo "dpkg-divert: DPKG_ROOT '\${DPKG_ROOT:-}' is not the scratch root" >&2; exit 1; }
echo "\$*" >> "$w/divert-calls"
exec "$real" --root="$R" "\$@"
EOT
chmod +x "$w/bin/dpkg-divert"

# the stand-in kdump-tools
mkdir -p "$w/kdt/DEBIAN" "$w/kdt/lib/udev/rules.d"
cat > "$w/kdt/DEBIAN/control" <<EOT
Package: kdump-tools
Version: 1:1.8.1
Architecture: all
Maintainer: nobody <nobody@example.org>
Depends: kexec-tools
Description: stand-in for check-divert.sh
 Its udev rule only.
EOT
echo 'SUBSYSTEM=="memory", ACTION=="online", PROGRAM="/usr/sbin/kdump-config try-reload"' \
	> "$w/kdt/$RULE"
dpkg-deb --root-owner-group -b "$w/kdt" "$w/kdump-tools.deb" >/dev/null

d() {
	PATH="$w/bin:$PATH" dpkg --root="$R" --force-script-chrootless --force-depends \
		--force-unsafe-io "$@" >>"$w/dpkg.log" 2>&1 ||
		{ bad "dpkg $*: $(tail -n 5 "$w/dpkg.log")"; }
}
diverts() { dpkg-divert --root="$R" --list | grep -c 50-kdump-tools.rules || true; }
is_kdt() { grep -q 'kdump-config try-reload' "$R/$1" 2>/dev/null; }
is_ours() { grep -q 'installed by kexec-hotplug' "$R/$1" 2>/dev/null; }
# expect WHAT N_DIVERTS RULE_IS DIVERTED_IS   (kdt, ours, none)
expect() {
	n=$(diverts)
	[ "$n" -eq "$2" ] || bad "$1: $n diverts, wanted $2"
	for f in "$RULE:$3" "$DIVERTED:$4"; do
		p=${f%:*}; want=${f##*:}
		case $want in
		kdt) is_kdt "$p" || bad "$1: /$p is not kdump-tools' rule" ;;
		ours) is_ours "$p" || bad "$1: /$p is not kexec-hotplug's placeholder" ;;
		none) [ ! -e "$R/$p" ] || bad "$1: /$p exists" ;;
		esac
	done
}

# kdump-tools first, then us
d -i "$w/kdump-tools.deb";	expect "kdump-tools alone" 0 kdt none
d -i "$deb";			expect "kexec-hotplug after kdump-tools" 1 ours kdt
d -i "$deb";			expect "kexec-hotplug reinstalled" 1 ours kdt
d -r kexec-hotplug;		expect "kexec-hotplug removed" 0 kdt none
d -P kexec-hotplug;		expect "kexec-hotplug purged" 0 kdt none
d -P kdump-tools;		expect "kdump-tools purged" 0 none none
# us first, then kdump-tools
d -i "$deb";			expect "kexec-hotplug alone" 1 ours none
d -i "$w/kdump-tools.deb";	expect "kdump-tools after kexec-hotplug" 1 ours kdt
d -r kdump-tools;		expect "kdump-tools removed" 1 ours none
d -i "$w/kdump-tools.deb";	expect "kdump-tools back" 1 ours kdt
d -P kexec-hotplug;		expect "kexec-hotplug purged" 0 kdt none

[ -s "$w/divert-calls" ] || bad "the maintainer scripts never ran the guarded dpkg-divert"
[ "$(dpkg-divert --list | sort)" = "$before" ] || bad "this machine's diversions changed"
if [ "$nfail" -ne 0 ]; then
	echo "dpkg log:"; cat "$w/dpkg.log"
	echo "check-divert: $(basename "$deb"): $nfail problem(s)"; exit 1
fi
echo "check-divert: $(basename "$deb"): divert added, kept and removed as it should ($(wc -l < "$w/divert-calls") dpkg-divert runs)"
