#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# fetch-kexec-tools.sh - Debian 12's own kexec-tools, extracted and never
# installed, for the comparisons with it (tests/bench/compare.sh on the
# host, tests/bench/compare-guest.py in a QEMU guest).  Prints the
# extracted tree (sbin/kexec, usr/lib/x86_64-linux-gnu/libxen*); the list of
# .deb files it came from is in its parent, packages.
#
# How: `apt-get download` of kexec-tools and the Xen libraries it links
# (private apt lists in a temporary directory, as tests/e2e/lib/kernels.py
# does), `dpkg-deb -x` into ~/.cache/kexec-hotplug/kexec-tools/root;
# later runs reuse the cache and need no network.
# Usage: fetch-kexec-tools.sh   (messages on stderr, the path on stdout)
set -eu
cache="${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug/kexec-tools"
if [ -x "$cache/root/sbin/kexec" ]; then
	echo "$cache/root"
	exit 0
fi
for t in apt-get apt-cache dpkg-deb; do
	command -v $t >/dev/null || { echo "fetch-kexec-tools.sh: $t missing" >&2; exit 1; }
done
a=$(mktemp -d)
trap 'rm -rf "$a"' EXIT
mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/dl"
uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
printf 'Types: deb\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
	"${uri:-http://deb.debian.org/debian}" > "$a/s.sources"
set -- -o "Dir::Etc::SourceList=$a/s.sources" -o Dir::Etc::SourceParts=/dev/null \
	-o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" \
	-o APT::Architecture=amd64 -o APT::Architectures=amd64 \
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root
apt-get -q "$@" update >&2
# kexec-tools links libxenctrl (libxenmisc*), which needs more libxen*
misc=$(apt-cache "$@" depends kexec-tools | sed -n 's/^ *Depends: \(libxen[^ ]*\)$/\1/p')
# shellcheck disable=SC2086 # package names are words
xen=$(apt-cache "$@" depends $misc | sed -n 's/^ *Depends: \(libxen[^ ]*\)$/\1/p')
# shellcheck disable=SC2086
(cd "$a/dl" && apt-get -q "$@" download kexec-tools $misc $xen libxentoolcore1 >&2)
rm -rf "$cache.new"
mkdir -p "$cache.new"
for d in "$a"/dl/*.deb; do dpkg-deb -x "$d" "$cache.new/root"; done
ls "$a"/dl/*.deb | sed 's,.*/,,' > "$cache.new/packages"
rm -rf "$cache" && mv "$cache.new" "$cache"
echo "$cache/root"
