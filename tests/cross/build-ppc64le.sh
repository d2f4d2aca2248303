#!/bin/sh
# build-ppc64le.sh - cross-build kexec-hotplug for ppc64le with Debian's
# gcc-powerpc64le-linux-gnu against the private library sysroot made by
# ppc64el-sysroot.sh, and run `make check` through qemu-ppc64le-static
# (binfmt_misc is not assumed: the emulator is named explicitly).
# The build is fully static: the result is the one-file kexec initramfs
# tests want, and qemu-user then needs no -L prefix (which would also
# redirect "/" itself and break the sysroot tests reading /proc).
# Usage: build-ppc64le.sh BUILDDIR [extra configure args...]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$1; shift
"$src/tests/install-deps.sh" build test cross-ppc64le
sysroot=$(sh "$src/tests/cross/ppc64el-sysroot.sh")
libdir="$sysroot/usr/lib/powerpc64le-linux-gnu"
rm -rf "$build"; mkdir -p "$build"; cd "$build"
"$src/configure" -q --host=powerpc64le-linux-gnu \
	PKG_CONFIG_LIBDIR="$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$sysroot" \
	CPPFLAGS="-I$sysroot/usr/include -I$sysroot/usr/include/powerpc64le-linux-gnu" \
	LDFLAGS="-L$libdir" --enable-static-binary \
	TEST_EMULATOR="qemu-ppc64le-static" \
	"$@"
make -s -j"$(nproc)"
make -s check
