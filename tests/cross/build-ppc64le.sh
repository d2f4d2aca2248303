#!/bin/sh
# build-ppc64le.sh - cross-build kexec-hotplug for ppc64le with Debian's
# gcc-powerpc64le-linux-gnu against the private library sysroot made by
# ppc64el-sysroot.sh, and run `make check` through qemu-ppc64le-static
# (binfmt_misc is not assumed: the emulator is named explicitly).
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
	LDFLAGS="-L$libdir ${LDFLAGS_EXTRA:-}" \
	TEST_EMULATOR="qemu-ppc64le-static -L /usr/powerpc64le-linux-gnu -E LD_LIBRARY_PATH=$libdir" \
	"$@"
make -s -j"$(nproc)"
make -s check
