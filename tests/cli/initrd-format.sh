#!/bin/sh
# initrd-format.sh - --dry-run names the initrd's archive and compression
# (an "initrd:" line, "initrd_format" in --plan-json) for initrds made
# here with cpio(1) and the compressors, among them the layout of Debian's
# initramfs-tools: an uncompressed early-microcode cpio archive followed
# by a zstd-compressed one.  The initrd itself is loaded as it is.
. "$(dirname "$0")/lib.sh"

if ! command -v cpio >/dev/null 2>&1; then
	echo "initrd-format.sh: skipped (no cpio command; Debian: apt-get install cpio)"
	exit 0
fi

# Early microcode: kernel/x86/microcode/GenuineIntel.bin in a newc archive.
mkdir -p "$TMP/early/kernel/x86/microcode" "$TMP/main/bin"
head -c 3000 /dev/urandom > "$TMP/early/kernel/x86/microcode/GenuineIntel.bin"
echo '#!/bin/sh' > "$TMP/main/init"
(cd "$TMP/early" && find . | LC_ALL=C sort | cpio --quiet -o -H newc) > "$TMP/early.cpio"
(cd "$TMP/main" && find . | LC_ALL=C sort | cpio --quiet -o -H newc) > "$TMP/main.cpio"
early_size=$(wc -c < "$TMP/early.cpio")

S="--sysroot=$BOOT"

# expect_initrd NAME TEXT-REGEX JQ-FILTER INITRD [ARGS...]
expect_initrd() {
	name=$1; re=$2; filter=$3; initrd=$4; shift 4
	expect_out "$name: text" 0 "^  initrd: +$re\$" --dry-run $S -c -p "$@" --initrd="$initrd" "$KERNEL"
	expect_json "$name: json" "$filter" $S -c -p "$@" --initrd="$initrd" "$KERNEL"
}

if command -v zstd >/dev/null 2>&1; then
	{ cat "$TMP/early.cpio"; zstd -q -c "$TMP/main.cpio"; } > "$TMP/initrd.debian"
	expect_initrd "microcode cpio then zstd" \
		"uncompressed cpio of $early_size bytes, then zstd-compressed \\(the kernel needs CONFIG_RD_ZSTD\\)" \
		".initrd_format == {\"first\": \"cpio\", \"first_size\": $early_size, \"then\": \"zstd\", \"cpio_problem\": null}" \
		"$TMP/initrd.debian"
	# -s maps the initrd for the line; -a shows it for both plans
	expect_out "-s: the initrd line" 0 '^  initrd: +uncompressed cpio of [0-9]+ bytes, then zstd-compressed' \
		--dry-run $S -s -p --initrd="$TMP/initrd.debian" "$KERNEL"
	expect_json "-a: both plans" '.initrd_format.then == "zstd" and .fallback.initrd_format.then == "zstd"' \
		$S -a -p --initrd="$TMP/initrd.debian" "$KERNEL"
fi
gzip -c "$TMP/main.cpio" > "$TMP/initrd.gz"
expect_initrd "gzip" 'gzip-compressed \(the kernel needs CONFIG_RD_GZIP\)' \
	'.initrd_format == {"first": "gzip", "first_size": 0, "then": null, "cpio_problem": null}' "$TMP/initrd.gz"
if command -v xz >/dev/null 2>&1; then
	xz --check=crc32 -c "$TMP/main.cpio" > "$TMP/initrd.xz"
	expect_initrd "xz" 'xz-compressed \(the kernel needs CONFIG_RD_XZ\)' \
		'.initrd_format.first == "xz"' "$TMP/initrd.xz"
fi
expect_initrd "plain cpio" 'uncompressed cpio' \
	".initrd_format == {\"first\": \"cpio\", \"first_size\": $(wc -c < "$TMP/main.cpio"), \"then\": null, \"cpio_problem\": null}" \
	"$TMP/main.cpio"
head -c 200 "$TMP/main.cpio" > "$TMP/cut.cpio"
expect_initrd "cut cpio" 'uncompressed cpio that ends before its TRAILER!!! entry' \
	'.initrd_format.cpio_problem == "ends before its TRAILER!!! entry"' "$TMP/cut.cpio"
expect_initrd "random bytes" 'unknown: neither a newc cpio archive nor a compression the kernel knows' \
	'.initrd_format.first == "unknown"' "$TEST_SRCDIR/cli/initrd-format.sh"
# no initrd: no line, null in JSON
expect_json "no initrd" '.initrd_format == null' $S -c -p "$KERNEL"
if grep -q '^  initrd:' "$out" 2>/dev/null; then bad "no initrd: an initrd line"; else ok; fi

finish
