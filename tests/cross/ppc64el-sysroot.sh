#!/bin/sh
# ppc64el-sysroot.sh - a private sysroot with Debian's ppc64el build
# libraries (libelf, zlib, liblzma, libfdt, Check) for cross builds, made
# from downloaded .debs with a private apt configuration, so the host's apt
# state is not touched (multiarch -dev packages cannot be co-installed
# whenever the host has newer security updates than the ppc64el index).
# Prints the sysroot directory.  Cached; no network once it exists.
set -eu
cache=${KEXEC_HOTPLUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug}
root="$cache/ppc64el-sysroot"
pkgs="libelf-dev libelf1 zlib1g-dev zlib1g liblzma-dev liblzma5 libfdt-dev libfdt1 libzstd-dev libzstd1 check libsubunit-dev libsubunit0"

if [ -f "$root/.complete" ]; then
	echo "$root"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
uris=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -n 1)
[ -n "$uris" ] || { echo "ppc64el-sysroot.sh: no URIs: line in /etc/apt/sources.list.d/debian.sources" >&2; exit 1; }
cat > "$tmp/sources" <<EOS
deb [arch=ppc64el signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uris bookworm main
EOS
mkdir -p "$tmp/lists/partial" "$tmp/archives/partial" "$tmp/debs"
apt_opts="-o Dir::Etc::SourceList=$tmp/sources -o Dir::Etc::SourceParts=/dev/null
 -o Dir::State::Lists=$tmp/lists -o Dir::Cache::Archives=$tmp/archives
 -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
 -o APT::Architecture=ppc64el -o APT::Architectures=ppc64el"
# shellcheck disable=SC2086
apt-get $apt_opts -q update >&2
# shellcheck disable=SC2086
(cd "$tmp/debs" && apt-get $apt_opts -q download $pkgs >&2)
rm -rf "$root.new"
mkdir -p "$root.new"
for deb in "$tmp"/debs/*.deb; do
	dpkg-deb -x "$deb" "$root.new"
done
# .so links of -dev packages are absolute: make them relative to the sysroot
find "$root.new" -type l | while read -r l; do
	t=$(readlink "$l")
	case "$t" in /*) ln -sf "$root/${t#/}" "$l" ;; esac
done
touch "$root.new/.complete"
rm -rf "$root"
mv "$root.new" "$root"
echo "$root"
