#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# build.sh - build the Debian packages (debian/) from this checkout and
# check them, never installing them on this machine:
#   1. installs the packaging tools and, with `apt-get build-dep`, the
#      Build-Depends of debian/control (Debian 12, as root);
#   2. copies the tracked files to a scratch directory (nothing is written
#      into the checkout), makes the .orig tarball and the source package;
#   3. `dpkg-buildpackage -b -us -uc` for amd64 (runs `make check`);
#   4. lintian on the source and binary packages: fails on any error or
#      warning that debian/*lintian-overrides does not override;
#   5. checks the .deb: control fields (Provides/Conflicts/Replaces
#      kexec-tools), /sbin/kexec dynamically linked, man page, udev rule,
#      reload helper, the divert of kdump-tools' udev rule (preinst, and
#      tests/deb/check-divert.sh runs the maintainer scripts in a scratch
#      dpkg root), dpkg-buildflags hardening in the binary only (not in
#      the purgatories), and the packaged kexec planning (--dry-run only) a
#      kdump load with --hotplug for x86_64 and ppc64le;
#   6. with --ppc64el: cross-builds the ppc64el package with
#      `dpkg-buildpackage -a ppc64el -Pcross` and Debian's cross toolchain in
#      a throw-away chroot (bookworm's libfdt-dev is not Multi-Arch: same,
#      so installing libfdt-dev:ppc64el here would remove the host's
#      libfdt-dev); `make check` runs under qemu-ppc64le-static
#      (TEST_EMULATOR), and step 5 runs there on the ppc64el .deb, then
#      lintian.  The chroot (bookworm, the cross toolchain, the ppc64el
#      Build-Depends) is made by mmdebstrap once and kept as a tarball in
#      ~/.cache/kexec-hotplug/deb-chroot/, keyed on its package list (the
#      tools, the build profiles, debian/control's Build-Depends, the apt
#      sources); each build unpacks it afresh (mmdebstrap tar-in).
#      Measured (2 shared cores, busy): making the chroot ~250 s, the
#      ppc64el Build-Depends ~40 s (both once per key), configure and build
#      ~40 s, make check under qemu-user ~290 s (every kexec run loads
#      ld.so and five libraries in the emulator), checks and lintian ~40 s.
# Prints where the packages are, and the ppc64el build's times.
# Usage: tests/deb/build.sh [--ppc64el|--ppc64el-nocheck] [--nocheck] [DIR]
#   DIR  work directory (default: a fresh /tmp/kexec-hotplug-deb.XXXXXX);
#        the packages and logs stay in DIR/out (DIR/out-ppc64el), the
#        scratch source trees are removed after success.
#   --nocheck  DEB_BUILD_OPTIONS=nocheck (skip make check in the builds)
#   --ppc64el-nocheck  --ppc64el, skipping make check in the ppc64el build
#        only (tests/run-all.sh: its static ppc64le cross build runs the
#        same make check under qemu-user in a third of the time)
set -eu

# ---- checks on one .deb (also run inside the ppc64el chroot) -------------
# check_deb DEB SRCDIR [EMULATOR]: exit status 0 when everything holds.
check_deb() {
	deb=$1; srcdir=$2; emu=${3:-}
	x=$(mktemp -d)
	nfail=0
	bad() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
	field() { dpkg-deb -f "$deb" "$1"; }
	dpkg-deb -x "$deb" "$x"
	# control fields: a replacement kdump-tools' Depends accept
	prov=$(field Provides)
	pv=$(echo "$prov" | sed -n 's/.*kexec-tools (= \([^)]*\)).*/\1/p')
	if [ -n "$pv" ] && dpkg --compare-versions "$pv" ge 1:2.0.32; then :; else
		bad "Provides is '$prov', want kexec-tools (= >= 1:2.0.32)"; fi
	for f in Conflicts Replaces; do
		field "$f" | grep -Eq '(^|, )kexec-tools($|,| )' || bad "$f lacks kexec-tools"
	done
	case $(field Architecture) in amd64|ppc64el) ;; *) bad "Architecture $(field Architecture)" ;; esac
	field Depends | grep -q 'libelf1' || bad "Depends lacks libelf1 (not dynamically linked?)"
	# files
	k="$x/sbin/kexec"
	[ -x "$k" ] || bad "no executable /sbin/kexec"
	if readelf -lW "$k" 2>/dev/null | grep -q 'Requesting program interpreter'; then :; else
		bad "/sbin/kexec is not dynamically linked"; fi
	readelf -dW "$k" | grep -q 'NEEDED.*libelf' || bad "/sbin/kexec does not link libelf"
	readelf -dW "$k" | grep -q 'BIND_NOW' || bad "/sbin/kexec lacks -z now (hardening=+all)"
	readelf -hW "$k" | grep -q 'DYN' || bad "/sbin/kexec is not PIE"
	readelf -sW --dyn-syms "$k" | grep -q '__stack_chk_fail' || bad "/sbin/kexec: no stack protector"
	readelf -sW --dyn-syms "$k" | grep -q '_chk@' || bad "/sbin/kexec: no _FORTIFY_SOURCE functions"
	[ -s "$x/usr/share/man/man8/kexec.8.gz" ] || bad "no kexec.8 man page"
	rules="$x/lib/udev/rules.d/60-kexec-hotplug.rules"
	helper="$x/usr/lib/kexec-hotplug/kexec-hotplug-reload"
	[ -f "$rules" ] || bad "no udev rule /lib/udev/rules.d/60-kexec-hotplug.rules"
	if grep -q '@[A-Z_]*@' "$rules" 2>/dev/null; then bad "udev rule keeps a @placeholder@"; fi
	grep -q 'RUN+="/usr/lib/kexec-hotplug/kexec-hotplug-reload"' "$rules" 2>/dev/null ||
		bad "udev rule does not run the helper"
	[ -x "$helper" ] || bad "no executable $helper"
	[ -f "$x/lib/udev/rules.d/50-kdump-tools.rules" ] ||
		bad "no placeholder for the diverted /lib/udev/rules.d/50-kdump-tools.rules"
	dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -qx './preinst' ||
		bad "no preinst (it diverts kdump-tools' udev rule)"
	grep -q 'KEXEC_HOTPLUG_KEXEC:-/sbin/kexec}' "$helper" 2>/dev/null || bad "helper does not run /sbin/kexec"
	for d in bin usr/bin usr/sbin usr/local; do
		[ ! -e "$x/$d" ] || bad "ships /$d (only /sbin/kexec belongs in \$PATH)"
	done
	# dh_compress gzips a README.Debian larger than 4 KiB
	for f in README.Debian copyright changelog.Debian.gz; do
		[ -f "$x/usr/share/doc/kexec-hotplug/$f" ] || [ -f "$x/usr/share/doc/kexec-hotplug/$f.gz" ] ||
			bad "no /usr/share/doc/kexec-hotplug/$f"
	done
	# the packaged binary plans (dry run: nothing is loaded) with both purgatories
	fix="$srcdir/tests/fixtures/sysroot"
	python3 "$srcdir/tests/tools/mkbzimage.py" "$x/bzImage"
	python3 "$srcdir/tests/tools/mkvmlinux.py" --arch ppc64le "$x/vmlinux"
	head -c 1048576 /dev/urandom > "$x/initrd"
	for a in x86_64:bzImage:KEXEC_UPDATE_ELFCOREHDR ppc64le:vmlinux:KEXEC_CRASH_HOTPLUG_SUPPORT; do
		arch=${a%%:*}; rest=${a#*:}; img=${rest%%:*}; flag=${rest#*:}
		if KEXEC_HOTPLUG_NO_SYSCALLS=1 KEXEC_HOTPLUG_RUNDIR="$x/run" $emu "$k" --arch="$arch" \
			-c -p --hotplug --dry-run --sysroot="$fix/deb12-$arch-boot" --plan-json="$x/$arch.json" \
			--initrd="$x/initrd" --append="irqpoll nr_cpus=1" "$x/$img" >"$x/$arch.out" 2>&1 &&
			jq -e --arg f "$flag" '(.flag_names | index($f)) and
				([.segments[].role] | index("purgatory"))' "$x/$arch.json" >/dev/null; then :
		else
			bad "packaged kexec: $arch --hotplug dry run: $(head -c 400 "$x/$arch.out")"
		fi
	done
	rm -rf "$x"
	if [ "$nfail" -ne 0 ]; then
		echo "check: $(basename "$deb"): $nfail problem(s)"; return 1
	fi
	echo "check: $(basename "$deb"): control fields, files, linking, hardening and dry-run plans OK"
}

# check_flags BUILDLOG: dpkg-buildflags reach kexec, never a purgatory
check_flags() {
	log=$1; frc=0
	purg=$(grep -E ' -c -o purgatory/' "$log" || true)
	[ -n "$purg" ] || { echo "FAIL: no purgatory compiled in $log"; return 1; }
	for fl in -fstack-protector-strong -D_FORTIFY_SOURCE -ffile-prefix-map -Werror=format-security; do
		if echo "$purg" | grep -q -- "$fl"; then echo "FAIL: $fl reached a purgatory"; frc=1; fi
		grep -E ' -c -o kexec/cli/main.o ' "$log" | grep -q -- "$fl" ||
			{ echo "FAIL: $fl missing from the userspace build"; frc=1; }
	done
	grep -E ' -o kexec/kexec ' "$log" | grep -q -- '-z,now' ||
		{ echo "FAIL: the link of kexec lacks dpkg-buildflags' LDFLAGS"; frc=1; }
	[ "$frc" -ne 0 ] || echo "check: $(basename "$log"): hardening flags in kexec only, purgatories freestanding"
	return $frc
}

if [ "${1:-}" = --check-deb ]; then	# internal: build.sh --check-deb DEB SRCDIR BUILDLOG [EMULATOR]
	rc=0
	check_deb "$2" "$3" "${5:-}" || rc=1
	check_flags "$4" || rc=1
	exit $rc
fi

# ---- the build ------------------------------------------------------------
src=$(cd "$(dirname "$0")/../.." && pwd)
ppc=no
work=
opts=
popts=
for arg; do
	case $arg in
	--ppc64el) ppc=yes ;;
	--ppc64el-nocheck) ppc=yes; popts=nocheck ;;
	--nocheck) opts=nocheck ;;
	-*) echo "usage: tests/deb/build.sh [--ppc64el|--ppc64el-nocheck] [--nocheck] [DIR]" >&2; exit 2 ;;
	*) work=$arg ;;
	esac
done
popts=${popts:-$opts}
[ "$(id -u)" -eq 0 ] || { echo "build.sh: run as root (it installs the build dependencies)" >&2; exit 1; }
if [ -z "$work" ]; then work=$(mktemp -d /tmp/kexec-hotplug-deb.XXXXXX); fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
t0=$(date +%s)
say() { echo "build.sh [$(($(date +%s) - t0)) s]: $*"; }

export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=300 -q "$@"; }
tools="dpkg-dev debhelper lintian git python3 jq"
[ "$ppc" = yes ] && tools="$tools mmdebstrap"
missing=""
for p in $tools; do
	dpkg-query -W -f '${db:Status-Status}\n' "$p" 2>/dev/null | grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
	say "installing$missing"
	apt_get update || echo "build.sh: warning: apt-get update reported errors" >&2
	# shellcheck disable=SC2086
	apt_get install -y --no-install-recommends $missing
fi

# the source: tracked files of the work tree (uncommitted edits included)
say "copying the source to $work"
rm -rf "$work/src" "$work/out" "$work/out-ppc64el"
mkdir -p "$work/src" "$work/out"
ver=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
upver=${ver%-*}
pkgdir="$work/src/kexec-hotplug-$upver"
mkdir -p "$pkgdir"
# shellcheck disable=SC2016
(cd "$src" && git ls-files -z | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	tar --null -T - -cf -) | tar -xf - -C "$pkgdir"
tar -C "$work/src" --exclude="kexec-hotplug-$upver/debian" -cJf \
	"$work/src/kexec-hotplug_$upver.orig.tar.xz" "kexec-hotplug-$upver"
(cd "$work/src" && dpkg-source -b "kexec-hotplug-$upver" >"$work/out/source.log" 2>&1) ||
	{ cat "$work/out/source.log"; exit 1; }
mv "$work/src/kexec-hotplug_$upver.orig.tar.xz" "$work/src/kexec-hotplug_$ver".* "$work/out/"
dsc="$work/out/kexec-hotplug_$ver.dsc"

# amd64
say "installing the Build-Depends (apt-get build-dep)"
if ! dpkg-checkbuilddeps "$pkgdir/debian/control" 2>/dev/null; then
	apt_get update || echo "build.sh: warning: apt-get update reported errors" >&2
	apt_get build-dep -y "$pkgdir"
fi
say "dpkg-buildpackage -b -us -uc (amd64${opts:+, $opts}), log: $work/out/build-amd64.log"
t1=$(date +%s)
if ! (cd "$pkgdir" && DEB_BUILD_OPTIONS="$opts" dpkg-buildpackage -b -us -uc) >"$work/out/build-amd64.log" 2>&1; then
	tail -n 40 "$work/out/build-amd64.log"; echo "build.sh: amd64 build failed: $work/out/build-amd64.log" >&2; exit 1
fi
say "amd64 built in $(($(date +%s) - t1)) s"
mv "$work/src"/kexec-hotplug*_"$ver"_amd64.* "$work/out/"
grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/out/build-amd64.log" || echo "(make check not run)"

rc=0
say "lintian"
lint() {	# lintian FILES...: shows everything, fails on unoverridden errors/warnings
	st=0
	lintian --display-info --pedantic --display-experimental \
		--fail-on error,warning "$@" >"$work/lintian.tmp" 2>&1 || st=$?
	grep -v '^running with root privileges' "$work/lintian.tmp" | tee -a "$work/out/lintian.log"
	rm -f "$work/lintian.tmp"
	return $st
}
: > "$work/out/lintian.log"
lint "$dsc" "$work/out/kexec-hotplug_${ver}_amd64.changes" || { echo "FAIL: lintian (amd64)"; rc=1; }
sh "$src/tests/deb/build.sh" --check-deb "$work/out/kexec-hotplug_${ver}_amd64.deb" "$pkgdir" "$work/out/build-amd64.log" || rc=1
say "maintainer scripts: the divert of kdump-tools' udev rule, in a scratch dpkg root"
sh "$src/tests/deb/check-divert.sh" "$work/out/kexec-hotplug_${ver}_amd64.deb" || rc=1

# ppc64el, cross, in a throw-away chroot made from a cached tarball
if [ "$ppc" = yes ]; then
	say "ppc64el: dpkg-buildpackage -a ppc64el -Pcross${popts:+,$popts} in a bookworm chroot, log: $work/out-ppc64el/build-ppc64el.log"
	mkdir -p "$work/out-ppc64el"
	mirror=
	for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
		if [ -f "$f" ] && grep -Eq '^[[:space:]]*(deb|Types:)' "$f"; then mirror=$f; break; fi
	done
	profiles=cross${popts:+,$popts}
	chroot_pkgs=dpkg-dev,debhelper,crossbuild-essential-ppc64el,python3,jq,qemu-user-static
	# the chroot with the tools and the cross Build-Depends installed, as a
	# tarball keyed on everything that decides its package list
	bdeps=$(awk '/^Build-Depends:/ { on = 1; print; next } on && /^[ \t]/ { print; next } { on = 0 }' \
		"$pkgdir/debian/control")
	key=$(printf '%s\n' bookworm "$chroot_pkgs" "$profiles" "$bdeps" "$(cat ${mirror:+"$mirror"} /dev/null)" |
		sha256sum | cut -c1-16)
	cache=${KEXEC_HOTPLUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug}/deb-chroot
	tarball="$cache/bookworm-ppc64el-$profiles-$key.tar"
	t1=$(date +%s)
	if [ ! -f "$tarball" ]; then
		say "ppc64el: creating the chroot tarball $tarball (once per package list)"
		mkdir -p "$cache" "$work/xdeps/debian"
		cp "$pkgdir/debian/control" "$work/xdeps/debian/"
		# shellcheck disable=SC2016
		if ! mmdebstrap --variant=buildd --architectures=amd64,ppc64el --include="$chroot_pkgs" \
			--format=tar \
			--customize-hook='mkdir -p "$1/build/deps"' \
			--customize-hook="sync-in $work/xdeps /build/deps" \
			--customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -a ppc64el -P $profiles build-dep /build/deps" \
			--customize-hook='rm -rf "$1/build"' \
			bookworm "$tarball.tmp" ${mirror:+"$mirror"} >"$work/out-ppc64el/mmdebstrap-create.log" 2>&1; then
			rm -f "$tarball.tmp"; tail -n 40 "$work/out-ppc64el/mmdebstrap-create.log"
			echo "build.sh: creating the ppc64el chroot failed: $work/out-ppc64el/mmdebstrap-create.log" >&2; exit 1
		fi
		rm -f "$cache/bookworm-ppc64el-$profiles-"*.tar	# an older package list's
		mmtarfilter --path-exclude='/dev/*' <"$tarball.tmp" >"$tarball.part"
		mv "$tarball.part" "$tarball"
		rm -rf "$tarball.tmp" "$work/xdeps"
		say "ppc64el: chroot tarball created in $(($(date +%s) - t1)) s"
	fi
	# a fresh tree from the source package, and what the chroot runs
	rm -rf "$work/xsrc"; mkdir -p "$work/xsrc"
	dpkg-source --no-check -x "$dsc" "$work/xsrc/kexec-hotplug-$upver" >/dev/null
	cat > "$work/xsrc/run.sh" <<EOS
set -e
mkdir -p /build/res
cd /build/src/kexec-hotplug-$upver
mark() { echo "\$1 \$(date +%s)" >> /build/res/times; }
mark start
if ! dpkg-checkbuilddeps -a ppc64el -P $profiles 2>/dev/null; then	# the tarball predates a change
	apt-get -q update
	DEBIAN_FRONTEND=noninteractive apt-get -q -y -a ppc64el -P $profiles build-dep ./
fi
mark build-deps
if DEB_BUILD_OPTIONS=$popts dpkg-buildpackage -a ppc64el -P$profiles -b -us -uc >/build/res/build-ppc64el.log 2>&1; then
	mark dpkg-buildpackage
	mv ../kexec-hotplug*_${ver}_ppc64el.* /build/res/
	sh tests/deb/build.sh --check-deb /build/res/kexec-hotplug_${ver}_ppc64el.deb "\$PWD" \\
		/build/res/build-ppc64el.log qemu-ppc64le-static >/build/res/check-ppc64el.log 2>&1 || true
	mark check-deb
fi
EOS
	t2=$(date +%s)
	# shellcheck disable=SC2016
	if ! mmdebstrap --variant=custom --skip=update --architectures=amd64,ppc64el \
		--setup-hook="tar-in $tarball /" \
		--customize-hook='mkdir -p "$1/build/src"' \
		--customize-hook="sync-in $work/xsrc /build/src" \
		--customize-hook='chroot "$1" sh /build/src/run.sh' \
		--customize-hook="sync-out /build/res $work/out-ppc64el" \
		bookworm /dev/null ${mirror:+"$mirror"} >"$work/out-ppc64el/mmdebstrap.log" 2>&1; then
		tail -n 40 "$work/out-ppc64el/mmdebstrap.log"
		echo "build.sh: ppc64el chroot failed: $work/out-ppc64el/mmdebstrap.log" >&2; exit 1
	fi
	if [ ! -f "$work/out-ppc64el/kexec-hotplug_${ver}_ppc64el.deb" ]; then
		tail -n 40 "$work/out-ppc64el/build-ppc64el.log"
		echo "build.sh: ppc64el build failed: $work/out-ppc64el/build-ppc64el.log" >&2; exit 1
	fi
	rm -rf "$work/xsrc"
	# where the time went: unpacking the chroot, then each mark of run.sh
	awk -v t="$t2" '{ s = s (NR > 1 ? ", " : "") ($1 == "start" ? "chroot" : $1) " " ($2 - t) " s"; t = $2 }
		END { print "build.sh: ppc64el times: " s }' "$work/out-ppc64el/times"
	say "ppc64el built in $(($(date +%s) - t1)) s"
	grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/out-ppc64el/build-ppc64el.log" || echo "(make check not run)"
	cat "$work/out-ppc64el/check-ppc64el.log"
	if ! grep -q '^check: .*OK$' "$work/out-ppc64el/check-ppc64el.log" ||
		grep -q '^FAIL' "$work/out-ppc64el/check-ppc64el.log"; then rc=1; fi
	lint "$work/out-ppc64el/kexec-hotplug_${ver}_ppc64el.changes" || { echo "FAIL: lintian (ppc64el)"; rc=1; }
fi

if [ "$rc" -ne 0 ]; then
	echo "build.sh: checks failed; everything is kept in $work" >&2; exit 1
fi
rm -rf "$pkgdir"
say "done. Packages:"
ls -1 "$work/out"/*.deb "$work/out"/*.dsc
[ "$ppc" = no ] || ls -1 "$work/out-ppc64el"/*.deb
