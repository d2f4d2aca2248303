#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# mkuki.sh - builds an x86_64 Unified Kernel Image the way systemd 252
# documents it for systems without ukify: systemd-boot-efi's
# linuxx64.efi.stub with the kernel, initrd, command line, os-release and
# uname added as PE sections by objcopy (binutils), each at a virtual
# address after the previous one, page aligned.  The tests (tests/cli,
# tests/e2e, tests/fuzz seeds) build every UKI they use with it, from
# Debian's packages; nothing here is a hand-made PE file.
#
#   mkuki.sh [--stub STUB] [--initrd FILE] [--cmdline TEXT]
#            [--osrel FILE] [--uname TEXT] KERNEL OUT
#
# Without --initrd or --cmdline the UKI has no such section.  STUB defaults
# to /usr/lib/systemd/boot/efi/linuxx64.efi.stub (Debian: systemd-boot-efi).
# Exit status 2 for a bad command line, 1 when objcopy fails or the stub
# is missing.
set -eu

stub=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
initrd= cmdline= have_cmdline= osrel= uname=
usage() { echo "usage: mkuki.sh [--stub STUB] [--initrd FILE] [--cmdline TEXT] [--osrel FILE] [--uname TEXT] KERNEL OUT" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--stub) [ $# -ge 2 ] || usage; stub=$2; shift 2 ;;
	--initrd) [ $# -ge 2 ] || usage; initrd=$2; shift 2 ;;
	--cmdline) [ $# -ge 2 ] || usage; cmdline=$2; have_cmdline=1; shift 2 ;;
	--osrel) [ $# -ge 2 ] || usage; osrel=$2; shift 2 ;;
	--uname) [ $# -ge 2 ] || usage; uname=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || usage
kernel=$1 out=$2
[ -r "$stub" ] || { echo "mkuki.sh: $stub: missing (Debian: apt-get install systemd-boot-efi)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The first free address after the stub's own sections, page aligned.
next=0
for end in $(objdump -h "$stub" | awk '$1 ~ /^[0-9]+$/ { print "0x" $4 "+0x" $3 }'); do
	[ $(( $end )) -gt "$next" ] && next=$(( $end ))
done
add() {	# add NAME FILE: the section at the next free page
	next=$(( (next + 4095) / 4096 * 4096 ))
	args="$args --add-section $1=$2 --change-section-vma $1=$(printf 0x%x "$next")"
	next=$(( next + $(stat -c %s "$2") ))
}
args=
if [ -n "$osrel" ]; then add .osrel "$osrel"; fi
if [ -n "$have_cmdline" ]; then
	printf %s "$cmdline" > "$tmp/cmdline"
	add .cmdline "$tmp/cmdline"
fi
if [ -n "$uname" ]; then
	printf %s "$uname" > "$tmp/uname"
	add .uname "$tmp/uname"
fi
add .linux "$kernel"
if [ -n "$initrd" ]; then add .initrd "$initrd"; fi
# shellcheck disable=SC2086 # args holds whole option words, no spaces in paths we make
objcopy $args "$stub" "$out"
