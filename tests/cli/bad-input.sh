#!/bin/sh
# bad-input.sh - walks tests/cli/bad-input.tsv: every bad input gets one
# "kexec: ..." line on stderr and its exit status, with --dry-run so that
# nothing could be loaded even if a check were missing.
. "$(dirname "$0")/lib.sh"

# A check that is missing must fail the row, not hang the suite (a FIFO
# blocked in open) or fill memory (/dev/zero read whole).
KEXEC_CMD="timeout 20 $KEXEC_CMD"

# Bad files
EMPTY="$TMP/empty"; : > "$EMPTY"
RANDOMF="$TMP/random"; head -c 65536 /dev/urandom > "$RANDOMF"
TEXTF="$TMP/passwd"; printf 'root:x:0:0:root:/root:/bin/bash\n' > "$TEXTF"
MK="python3 $TEST_SRCDIR/tools/mkbzimage.py"
NOHDRS="$TMP/nohdrs"; $MK --no-hdrs "$NOHDRS"
OLDPROTO="$TMP/old"; $MK --version 0x20a "$OLDPROTO"
BZ32="$TMP/bz32"; $MK --xloadflags 0 "$BZ32"
TRUNC_HDR="$TMP/trunc-hdr"; $MK --truncate 0x220 "$TRUNC_HDR"
TRUNC_PAYLOAD="$TMP/trunc-payload"; $MK "$TRUNC_PAYLOAD.full"
head -c $((28 * 512 + 100)) "$TRUNC_PAYLOAD.full" > "$TRUNC_PAYLOAD"
BADGZ="$TMP/bad.gz"; gzip -c "$TRUNC_PAYLOAD.full" | head -c 50000 > "$BADGZ"
BADXZ="$TMP/bad.xz"; xz -c "$TRUNC_PAYLOAD.full" | head -c 50000 > "$BADXZ"
# zstd: cut short, bytes overwritten in the middle, text after the frame
ZSTFULL="$TMP/full.zst"; zstd -q -c "$TRUNC_PAYLOAD.full" > "$ZSTFULL"
TRUNCZST="$TMP/trunc.zst"; head -c $(($(wc -c < "$ZSTFULL") - 100)) "$ZSTFULL" > "$TRUNCZST"
BADZST="$TMP/bad.zst"; cp "$ZSTFULL" "$BADZST"
printf 'corrupt!corrupt!' | dd of="$BADZST" bs=1 seek=2000 conv=notrunc 2>/dev/null
TAILZST="$TMP/tail.zst"; { cat "$ZSTFULL"; echo trailing text; } > "$TAILZST"
ZSTKERNEL="$TMP/bzImage.zst"; zstd -q -c "$KERNEL" > "$ZSTKERNEL"
LONGCL=$(head -c 3000 /dev/zero | tr '\0' 'x')
# ELF kernels: a ppc64 one, a 32-bit one, an x86_64 one whose PT_LOAD runs
# past the end of the file
MKV="python3 $TEST_SRCDIR/tools/mkvmlinux.py"
ELFPPC="$TMP/elf-ppc64"; $MKV "$ELFPPC"
ELF32="$TMP/elf32"; $MKV --arch x86_64 --elf32 "$ELF32"
ELFCUT="$TMP/elf-cut"; $MKV --arch x86_64 --truncate 0x20000 "$ELFCUT"
ELFX86="$TMP/elf-x86"; $MKV --arch x86_64 "$ELFX86"
GZKERNEL="$TMP/bzImage.gz"; gzip -c "$KERNEL" > "$GZKERNEL"
BIGINITRD="$TMP/initrd-2g"; truncate -s 2G "$BIGINITRD"	# sparse
# 2011 + " acpi_no_memhotplug" (19, added to x86_64 crash command lines)
# = 2030: over -s's 2016 only because of the added word
LONGCL2=$(head -c 2011 /dev/zero | tr '\0' 'x')
# 2000 + 19 + acpi_rsdp= and elfcorehdr= (38) = 2057: over -c's 2047 only
# because of the added word
LONGCL3=$(head -c 2000 /dev/zero | tr '\0' 'x')
# Files that are not files
FIFO="$TMP/fifo"; mkfifo "$FIFO"

# Sysroot variants of the real snapshot
variant() { rm -rf "$TMP/$1"; cp -r "$BOOT" "$TMP/$1"; echo "$TMP/$1"; }
NOHP=$(variant nohp); rm -f "$NOHP/sys/kernel/crash_elfcorehdr_size"; rm -rf "$NOHP/sys/kernel/kexec"
ZEROHP=$(variant zerohp); echo 0 > "$ZEROHP/sys/kernel/crash_elfcorehdr_size"
JUNKHP=$(variant junkhp); echo 9x17 > "$JUNKHP/sys/kernel/crash_elfcorehdr_size"
NOCRASH=$(variant nocrash); grep -v 'Crash kernel' "$BOOT/proc/iomem" > "$NOCRASH/proc/iomem"
BADIOMEM=$(variant badiomem); { cat "$BOOT/proc/iomem"; echo "zzzz-1000 : System RAM"; } > "$BADIOMEM/proc/iomem"
XEN=$(variant xen); mkdir -p "$XEN/proc/xen"; echo control_d > "$XEN/proc/xen/capabilities"
ZEROCRASH=$(variant zerocrash); echo 0 > "$ZEROCRASH/sys/kernel/kexec_crash_size"
grep -v 'Crash kernel' "$BOOT/proc/iomem" > "$ZEROCRASH/proc/iomem"
SMALLCRASH=$(variant smallcrash)
# shrink the crash region to 4 MiB: too small for kernel + initrd
python3 - "$BOOT/proc/iomem" > "$SMALLCRASH/proc/iomem" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"(\s*)([0-9a-f]+)-([0-9a-f]+) : Crash kernel", line)
    if m:
        start = int(m.group(2), 16)
        line = "%s%08x-%08x : Crash kernel\n" % (m.group(1), start, start + 0x3FFFFF)
    sys.stdout.write(line)
PY
echo 4194304 > "$SMALLCRASH/sys/kernel/kexec_crash_size"

# ppc64le: device tree blobs (version 15 with leaf names where full paths
# belong, and a 28-byte cut of a version 17 one) and a pseries snapshot
# whose ibm,dynamic-memory-v2 has a set of 2^31 LMBs
PPCBOOT="$FIX/deb12-ppc64le-boot"
python3 - "$TMP/v15.dtb" "$TMP/cut.dtb" <<'PY'
import struct, sys
def node(name, body=b""):
    n = name.encode() + b"\0"
    return struct.pack(">I", 1) + n + b"\0" * (-len(n) % 4) + body + struct.pack(">I", 2)
st = node("", node("chosen")) + struct.pack(">I", 9)
def blob(version):
    hdr = 40
    rsv = b"\0" * 16
    total = hdr + len(rsv) + len(st)
    h = struct.pack(">10I", 0xd00dfeed, total, hdr + len(rsv), hdr, total, version,
                    min(version, 16), 0, 0, len(st))
    return h + rsv + st
open(sys.argv[1], "wb").write(blob(15))
open(sys.argv[2], "wb").write(blob(17)[:28])
PY
HUGELMB="$TMP/hugelmb"; rm -rf "$HUGELMB"; cp -r "$PPCBOOT" "$HUGELMB"
python3 - "$HUGELMB/proc/device-tree/ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory-v2" <<'PY'
import struct, sys
open(sys.argv[1], "wb").write(struct.pack(">IIQIII", 1, 1 << 31, 0x80000000, 0x80000008, 0, 8))
PY

# Broken UKIs (rows named "UKI ..."), built by mkuki.sh around $KERNEL;
# those rows are skipped without systemd-boot-efi's stub (uki.sh says so)
UKI_OK=
if sh "$TEST_SRCDIR/tools/mkuki.sh" --initrd "$INITRD" --cmdline quiet "$KERNEL" "$TMP/good.efi" 2>/dev/null; then
	UKI_OK=1
	UKICUT="$TMP/uki-cut.efi"; head -c 300 "$TMP/good.efi" > "$UKICUT"
	UKILINUXCUT="$TMP/uki-linux-cut.efi"; head -c 200000 "$TMP/good.efi" > "$UKILINUXCUT"
	sh "$TEST_SRCDIR/tools/mkuki.sh" "$RANDOMF" "$TMP/uki-random.efi"
	UKIRANDOM="$TMP/uki-random.efi"
	UKIARM="$TMP/uki-arm.efi" UKIPE32="$TMP/uki-pe32.efi" UKINOLINUX="$TMP/uki-nolinux.efi"
	python3 - "$TMP/good.efi" "$UKIARM" "$UKIPE32" "$UKINOLINUX" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
coff = struct.unpack_from("<I", d, 0x3c)[0] + 4
opt = coff + 20
def out(path, off, val, fmt):
    e = bytearray(d)
    struct.pack_into(fmt, e, off, val)
    open(path, "wb").write(e)
out(sys.argv[2], coff, 0xaa64, "<H")        # machine: arm64
out(sys.argv[3], opt, 0x10b, "<H")          # PE32, not PE32+
sect = opt + struct.unpack_from("<H", d, coff + 16)[0]
n = struct.unpack_from("<H", d, coff + 2)[0]
i = [bytes(d[sect + 40 * i:sect + 40 * i + 8]).rstrip(b"\0") for i in range(n)].index(b".linux")
out(sys.argv[4], sect + 40 * i, b".linuy\0\0", "8s")
PY
fi

tab=$(printf '\t')
while IFS="$tab" read -r name status re args; do
	case "$name" in ''|'#'*) continue ;; esac
	case "$name" in UKI*) [ -n "$UKI_OK" ] || continue ;; esac
	eval "set -- $args"
	expect_fail "$name" "$status" "$re" "$@"
done < "$TEST_SRCDIR/cli/bad-input.tsv"

# The --dtb of a ppc64le load (x86_64 refuses --dtb before reading it)
PPC="$FIX/deb12-ppc64le-boot"
ARCH_ARG=--arch=ppc64le
expect_fail "dtb is a FIFO" 1 "dtb $FIFO: is a FIFO" \
	--dry-run --sysroot="$PPC" -c -p --dtb="$FIFO" "$ELFPPC"
# ppc64le takes an ELF vmlinux only: an x86 bzImage (with or without the
# EFI stub's PE header, as Debian's has) is named as one
expect_fail "-s, bzImage for ppc64le" 1 "kexec: .*: an x86 bzImage .*: ppc64le loads an ELF vmlinux" \
	--dry-run --sysroot="$PPC" -s -p "$KERNEL"
expect_fail "-c, bzImage for ppc64le" 1 "kexec: .*: an x86 bzImage .*: ppc64le loads an ELF vmlinux" \
	--dry-run --sysroot="$PPC" -c -p "$KERNEL"
ARCH_ARG=--arch=x86_64

finish
