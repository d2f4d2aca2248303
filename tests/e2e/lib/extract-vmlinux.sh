#!/bin/sh
# extract-vmlinux.sh - owns turning a bzImage into the ELF vmlinux inside it,
# for the tests of the x86_64 ELF vmlinux format (KEXEC_TEST_VMLINUX, e2e
# scenario 11).  The protected-mode part of a bzImage is a compressed,
# stripped vmlinux (plus relocation data after its end, which ELF readers
# ignore); Debian's 6.12 kernels use zstd.
#
# Usage: extract-vmlinux.sh BZIMAGE OUT
# Tries every zstd, xz and gzip stream start in the file (command-line
# decompressors) and keeps the first that decompresses to an ELF file.
# Exit status 1, with a message, when none does.
set -eu
[ $# -eq 2 ] || { echo "usage: extract-vmlinux.sh BZIMAGE OUT" >&2; exit 2; }
in=$1 out=$2

try() {	# MAGIC DECOMPRESSOR...
	_magic=$1; shift
	command -v "$1" >/dev/null 2>&1 || return 1
	for _off in $(LC_ALL=C grep -obUaP "$_magic" "$in" | cut -d: -f1); do
		tail -c +$((_off + 1)) "$in" | "$@" > "$out.tmp" 2>/dev/null || true
		if [ "$(head -c 4 "$out.tmp" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
			mv "$out.tmp" "$out"
			return 0
		fi
	done
	return 1
}

try '\x28\xb5\x2f\xfd' zstd -dcq || try '\xfd7zXZ\x00' xz -dc || try '\x1f\x8b\x08' gzip -dc || {
	rm -f "$out.tmp"
	echo "extract-vmlinux: no zstd, xz or gzip stream in $in decompresses to an ELF vmlinux" >&2
	exit 1
}
