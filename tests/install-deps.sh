#!/bin/sh
# install-deps.sh - install the Debian 12 packages the build and the tests
# need, only when something is missing (so CI on a prepared machine needs no
# network).  Usage: tests/install-deps.sh [build|test|e2e|fuzz|cross-ppc64le]...
# Without arguments: build + test.
set -e

# automake: autoreconf runs its aclocal to import pkg-config's PKG_* macros
build_pkgs="build-essential autoconf automake pkg-config libelf-dev zlib1g-dev liblzma-dev libzstd-dev libfdt-dev"
# the ppc64le cross compiler lets every test build carry both purgatories
# systemd-boot-efi: the UKI stub tests/tools/mkuki.sh builds test UKIs with
# cpio: tests/cli/initrd-format.sh builds initrds with it
test_pkgs="check jq python3 elfutils xz-utils gzip zstd cpio gcc-powerpc64le-linux-gnu systemd-boot-efi"
cross_pkgs="gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross qemu-user-static"
fuzz_pkgs="clang libclang-rt-14-dev"
e2e_pkgs="qemu-system-x86 ovmf busybox-static cpio python3 makedumpfile zstd mmdebstrap e2fsprogs"

want=""
[ $# -eq 0 ] && set -- build test
for group in "$@"; do
	case "$group" in
	build) want="$want $build_pkgs" ;;
	test) want="$want $test_pkgs" ;;
	e2e) want="$want $e2e_pkgs" ;;
	fuzz) want="$want $fuzz_pkgs" ;;
	cross-ppc64le) want="$want $cross_pkgs" ;;	# libraries: tests/cross/
	*) echo "install-deps.sh: unknown group '$group' (build, test, e2e, fuzz, cross-ppc64le)" >&2; exit 1 ;;
	esac
done

missing=""
for p in $want; do
	dpkg-query -W -f '${db:Status-Status}\n' "$p" 2>/dev/null | grep -qx installed ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
echo "install-deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# A partial index failure (mirror mid-sync) is not fatal: the install below
# says clearly if a needed package is really unavailable.
apt-get -o DPkg::Lock::Timeout=300 update -q ||
	echo "install-deps.sh: warning: apt-get update reported errors; trying the install anyway" >&2
apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends $missing
