#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/fuzz/build.sh OUTDIR - builds every libFuzzer target (fuzz_*.c) with
# clang -fsanitize=fuzzer,address,undefined into OUTDIR/fuzz_<name>.
# The project sources (lib/, kexec/*/, kexec/arch/*/, without kexec/cli/main.c)
# are compiled once with the same include flags as Makefile.in into
# OUTDIR/obj/libkexec-fuzz.a; config.h comes from running configure (with
# CC=clang) in OUTDIR/obj, so the source tree is not touched.  No purgatory
# blob is embedded: the purgatory target feeds its own ELF images.
# Environment: CC (default clang), FUZZ_CFLAGS (extra flags).
set -eu

usage() { echo "usage: $0 OUTDIR" >&2; exit 2; }
[ $# -eq 1 ] || usage

SRC=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
OBJ=$OUT/obj
CC=${CC:-clang}
command -v "$CC" >/dev/null || { echo "$0: $CC not found (tests/fuzz/run.sh installs it)" >&2; exit 1; }

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-g -O1 -std=gnu11 -Wall -Wextra -Wno-missing-field-initializers ${FUZZ_CFLAGS:-}"
CPPFLAGS="-I$OBJ -I$SRC/include -I$SRC/kexec $(for d in util machine plan syscalls cli arch; do printf -- " -I%s" "$SRC/kexec/$d"; done) -I$SRC/lib -I$SRC/kexec/arch/x86_64 \
 -I$SRC/tests/fuzz -include config.h -D_GNU_SOURCE"
LIBS="-lelf -lz -llzma"

# config.h: configure in the object directory (an out-of-tree build).
mkdir -p "$OBJ"
if [ ! -x "$SRC/configure" ]; then
	(cd "$SRC" && ./bootstrap) >"$OBJ/bootstrap.log" 2>&1 ||
		{ cat "$OBJ/bootstrap.log" >&2; exit 1; }
fi
if [ ! -f "$OBJ/config.h" ] || [ "$SRC/configure" -nt "$OBJ/config.h" ]; then
	(cd "$OBJ" && CC="$CC" "$SRC/configure") >"$OBJ/configure.log" 2>&1 ||
		{ tail -20 "$OBJ/configure.log" >&2; exit 1; }
fi

# libfdt (the ppc64 device tree targets) when configure found it.
grep -q '^#define HAVE_LIBFDT 1' "$OBJ/config.h" && LIBS="$LIBS -lfdt"
# libzstd (zstd kernels) unless configured --without-zstd.
grep -q '^#define HAVE_ZSTD 1' "$OBJ/config.h" && LIBS="$LIBS -lzstd"

# The project library, instrumented for coverage but without libFuzzer's main.
objs=""
for f in "$SRC"/lib/*.c "$SRC"/kexec/*/*.c "$SRC"/kexec/arch/*/*.c \
	 "$SRC"/tests/fuzz/fuzz_util.c; do
	[ "$f" = "$SRC/kexec/cli/main.c" ] && continue
	o=$OBJ/$(echo "${f#"$SRC"/}" | tr / _ | sed 's/\.c$/.o/')
	if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$OBJ/config.h" -nt "$o" ]; then
		$CC $CPPFLAGS $CFLAGS $SAN -fsanitize=fuzzer-no-link -c -o "$o" "$f"
	fi
	objs="$objs $o"
done
rm -f "$OBJ/libkexec-fuzz.a"
ar rcs "$OBJ/libkexec-fuzz.a" $objs

for t in "$SRC"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	[ "$name" = fuzz_util ] && continue
	$CC $CPPFLAGS $CFLAGS $SAN -fsanitize=fuzzer -o "$OUT/$name" "$t" \
		"$OBJ/libkexec-fuzz.a" $LIBS
	echo "built $OUT/$name"
done
