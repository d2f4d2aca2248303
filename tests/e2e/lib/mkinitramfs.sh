#!/bin/sh
# mkinitramfs.sh - owns building the small busybox initramfs that the QEMU
# end-to-end tests boot.
#
# Usage: mkinitramfs.sh OUT.cpio.gz --init FILE [--add SRC:DEST]... [--busybox FILE]
#   --init FILE     the guest's /init (a busybox sh script or any executable)
#   --add SRC:DEST  copy file or directory SRC to DEST inside the image
#                   (repeatable; DEST is absolute, parent directories made)
#   --busybox FILE  a static busybox to use instead of the host's
#                   (default: Debian's busybox-static, installed if missing)
# The image holds /bin/busybox with a symlink per applet in /bin and /sbin,
# /proc /sys /dev /tmp /run /etc /root /mnt, /dev/console and /dev/null (when
# run as root), and the guest helper library as /lib/e2e/guest.sh.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=
init=
busybox=
adds=
nl='
'
while [ $# -gt 0 ]; do
	case $1 in
	--init) init=$2; shift ;;
	--add) adds="$adds$2$nl"; shift ;;
	--busybox) busybox=$2; shift ;;
	-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
	-*) echo "mkinitramfs: unknown option $1" >&2; exit 2 ;;
	*) [ -z "$out" ] || { echo "mkinitramfs: two outputs: $out $1" >&2; exit 2; }
	   out=$1 ;;
	esac
	shift
done
[ -n "$out" ] && [ -n "$init" ] || { echo "usage: mkinitramfs.sh OUT.cpio.gz --init FILE [--add SRC:DEST]..." >&2; exit 2; }
[ -r "$init" ] || { echo "mkinitramfs: cannot read $init" >&2; exit 1; }

need_pkg() { # command package
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "mkinitramfs: installing $2" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >&2
}
need_pkg cpio cpio
need_pkg gzip gzip
if [ -z "$busybox" ]; then
	if ! dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'; then
		echo "mkinitramfs: installing busybox-static" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q busybox-static >&2
	fi
	busybox=/bin/busybox
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/mkinitramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/run" \
	"$stage/etc" "$stage/root" "$stage/mnt" "$stage/lib/e2e"
cp "$busybox" "$stage/bin/busybox"
chmod 755 "$stage/bin/busybox"
# the applet list comes from the host's busybox-static (same names everywhere)
for a in $(/bin/busybox --list 2>/dev/null || "$busybox" --list); do
	[ "$a" = busybox ] && continue
	[ -e "$stage/bin/$a" ] || ln -s busybox "$stage/bin/$a"
	[ -e "$stage/sbin/$a" ] || ln -s ../bin/busybox "$stage/sbin/$a"
done
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$stage/dev/console" c 5 1
	mknod -m 666 "$stage/dev/null" c 1 3
fi
# (without root the kernel's built-in initramfs still provides /dev/console)
cp "$init" "$stage/init"
chmod 755 "$stage/init"
cp "$here/guest.sh" "$stage/lib/e2e/guest.sh"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$stage/etc/passwd"

printf '%s' "$adds" | while IFS= read -r spec; do
	[ -n "$spec" ] || continue
	src=${spec%%:*}
	dest=${spec#*:}
	case $dest in /*) ;; *) echo "mkinitramfs: --add $spec: DEST must be absolute" >&2; exit 1 ;; esac
	mkdir -p "$stage$(dirname "$dest")"
	cp -a "$src" "$stage$dest"
done

case $out in /*) abs=$out ;; *) abs=$(pwd)/$out ;; esac
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$abs.tmp"
mv "$abs.tmp" "$abs"
