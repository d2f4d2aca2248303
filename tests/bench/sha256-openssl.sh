#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# sha256-openssl.sh - our SHA-256 block functions against OpenSSL's in the
# same run: `openssl speed -evp sha256 -bytes 16384` as it is, and with
# SHA-NI masked through OPENSSL_ia32cap (the reference for CPUs without
# SHA-NI), best of 5 each; then tests/bench/sha256-bench, and the ratio of
# each of our vector paths to OpenSSL without SHA-NI.  Every figure is CPU
# time (openssl speed's default; sha256-bench uses the process CPU clock),
# so other load on the machine costs less than it would in wall time.
# Prints figures only; a missing openssl or a slow result never fails
# (under a TEST_EMULATOR only our figures are printed).
#
# The mask: OPENSSL_ia32cap is "<word 0>:<word 1>", word 1 being
# CPUID.(EAX=7,ECX=0):EBX in its low 32 bits; "~" clears bits.  SHA is
# EBX bit 29, so ":~0x20000000".  The script checks that the masked
# figure actually drops on a CPU that has SHA-NI.
#
# Run from the build directory (`make bench` does, through run.sh).
BENCH=${SHA256_BENCH:-./tests/bench/sha256-bench}
NO_SHANI_MASK=":~0x20000000"
RUNS=5

# Best of $RUNS `openssl speed` figures in MB/s; extra environment in $1.
openssl_best() {
	i=0 best=0
	while [ $i -lt $RUNS ]; do
		v=$(env $1 openssl speed -evp sha256 -bytes 16384 -seconds 1 2>/dev/null |
			awk '$1 == "sha256" { sub("k$", "", $2); printf "%.1f", $2 / 1000 }')
		[ -n "$v" ] && best=$(echo "$v $best" | awk '{ print ($1 > $2) ? $1 : $2 }')
		i=$((i + 1))
	done
	echo "$best"
}

if [ ! -x "$BENCH" ]; then
	echo "sha256-bench: not built (make $BENCH)"
	exit 1
fi
ours=$($TEST_EMULATOR "$BENCH") || exit 1
echo "$ours"
if [ -n "$TEST_EMULATOR" ] || ! command -v openssl >/dev/null 2>&1; then
	echo "sha256 vs openssl: no native openssl command, skipped"
	exit 0
fi

ossl=$(openssl_best "")
ossl_nosha=$(openssl_best "OPENSSL_ia32cap=$NO_SHANI_MASK")
echo "sha256 openssl $(openssl version | awk '{ print $2 }'): $ossl MB/s (16 KiB blocks, best of $RUNS)"
echo "sha256 openssl OPENSSL_ia32cap=$NO_SHANI_MASK: $ossl_nosha MB/s"
if echo "$ours" | grep -q '^sha256 sha-ni:'; then
	echo "$ossl $ossl_nosha" | awk '$2 > 0.8 * $1 {
		print "sha256 vs openssl: the SHA-NI mask did not lower openssl'"'"'s figure; ratios below are not against its non-SHA-NI path" }'
fi
echo "$ours" | awk -v ref="$ossl_nosha" '
	$1 == "sha256" && ($2 == "ssse3:" || $2 == "avx2:" || $2 == "generic:") && ref > 0 {
		sub(":", "", $2)
		printf "sha256 ratio %s / openssl without SHA-NI: %.2f\n", $2, $3 / ref
	}'
exit 0
