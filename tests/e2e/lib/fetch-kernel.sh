#!/bin/sh
# fetch-kernel.sh - owns getting Debian's 6.12 kernel (bookworm-backports) for
# the QEMU end-to-end tests WITHOUT installing it on this machine.
#
# Usage: fetch-kernel.sh [--arch amd64|ppc64el] [--root] [--busybox] [--refresh]
#   Prints the path of the kernel image (vmlinuz, or vmlinux on ppc64el) on
#   stdout; with --root prints the extracted package tree instead (it holds
#   boot/ and lib/modules/<abi>/).  --refresh ignores the cache.
#   --busybox fetches busybox-static of that arch (suite bookworm) instead
#   and prints the path of its static busybox binary (for foreign guests;
#   amd64 guests use the host's).
#
# How: a private apt sources file (the URIs: of the machine's
# /etc/apt/sources.list.d/debian.sources, suite bookworm-backports, main) with
# private lists/cache directories, `apt-get update` + `apt-get download` of the
# newest linux-image-6.12*-<flavour>-unsigned (ppc64el has no signed/unsigned
# split: linux-image-6.12*-powerpc64le), then `dpkg-deb -x` into
#   ${KEXEC_HOTPLUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug}/kernel/<arch>/
# (busybox: .../busybox/<arch>/).
# Later runs reuse the cache and need no network.
set -eu

arch=amd64
want=image
refresh=0
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift ;;
	--arch=*) arch=${1#--arch=} ;;
	--root) want=root ;;
	--busybox) want=busybox ;;
	--refresh) refresh=1 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) echo "fetch-kernel: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

case $arch in
amd64) flavour=amd64-unsigned; image_glob='boot/vmlinuz-*' ;;
ppc64el) flavour=powerpc64le; image_glob='boot/vmlinux-*' ;;
*) echo "fetch-kernel: unsupported arch $arch" >&2; exit 2 ;;
esac
suite=bookworm-backports
cache=${KEXEC_HOTPLUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug}
kdir=$cache/kernel/$arch
if [ $want = busybox ]; then
	suite=bookworm
	image_glob='bin/busybox'
	kdir=$cache/busybox/$arch
fi

print_result() {
	root=$kdir/current
	if [ "$want" = root ]; then
		(cd "$root" && pwd -P)
		return
	fi
	for f in "$root"/$image_glob; do
		[ -f "$f" ] || continue
		(cd "$(dirname "$f")" && echo "$(pwd -P)/$(basename "$f")")
		return
	done
	echo "fetch-kernel: no $image_glob in $root" >&2
	return 1
}

if [ $refresh = 0 ] && [ -e "$kdir/current/.complete" ]; then
	print_result
	exit 0
fi

for tool in apt-get dpkg-deb; do
	command -v $tool >/dev/null || { echo "fetch-kernel: $tool missing (needs a Debian system)" >&2; exit 1; }
done
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ ! -r $keyring ]; then
	apt-get install -y debian-archive-keyring >&2
fi

srcfile=/etc/apt/sources.list.d/debian.sources
uri=
if [ -r $srcfile ]; then
	uri=$(awk 'tolower($1) == "uris:" { print $2; exit }' $srcfile)
fi
if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
	# fall back to the first plain "deb URI bookworm ..." line
	uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit } }' /etc/apt/sources.list)
fi
[ -n "$uri" ] || { echo "fetch-kernel: no mirror URI found in $srcfile" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fetch-kernel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/dl"
cat > "$tmp/backports.sources" <<SRC
Types: deb
URIs: $uri
Suites: $suite
Components: main
Signed-By: $keyring
SRC

aptopts="-o Dir::Etc::SourceList=$tmp/backports.sources -o Dir::Etc::SourceParts=/dev/null
 -o Dir::State::Lists=$tmp/lists -o Dir::Cache=$tmp/cache
 -o APT::Architecture=$arch -o APT::Architectures=$arch -o Debug::NoLocking=1"
[ "$(id -u)" = 0 ] && aptopts="$aptopts -o APT::Sandbox::User=root"

echo "fetch-kernel: apt-get update ($suite, $arch)" >&2
# shellcheck disable=SC2086
apt-get -q $aptopts update >&2

if [ $want = busybox ]; then
	pkg=busybox-static
else
	# shellcheck disable=SC2086
	pkg=$(apt-cache $aptopts pkgnames linux-image-6.12 |
		grep -E "^linux-image-6\.12[.0-9]*\+[a-z0-9.~+]+-$flavour\$" |
		sort -V | tail -n 1)
	[ -n "$pkg" ] || { echo "fetch-kernel: no linux-image-6.12*-$flavour in $suite" >&2; exit 1; }
fi
echo "fetch-kernel: downloading $pkg" >&2
# shellcheck disable=SC2086
(cd "$tmp/dl" && apt-get -q $aptopts download "$pkg" >&2)
deb=$(ls "$tmp"/dl/*.deb)
base=$(basename "$deb" .deb)

mkdir -p "$kdir"
rm -rf "$kdir/$base.new"
dpkg-deb -x "$deb" "$kdir/$base.new"
touch "$kdir/$base.new/.complete"
rm -rf "$kdir/$base"
mv "$kdir/$base.new" "$kdir/$base"
ln -sfn "$base" "$kdir/current"
print_result
