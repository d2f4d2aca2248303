/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sha256-internal.h - what lib/sha256.c shares with the accelerated block
 * functions (lib/sha256-shani.c): the FIPS 180-4 round constants.
 * Not for callers outside lib/.
 */
#ifndef SHA256_INTERNAL_H
#define SHA256_INTERNAL_H

#include <stdint.h>

/* K[0..63], FIPS 180-4 section 4.2.2 (defined in lib/sha256.c). */
extern const uint32_t sha256_k[64];

#endif /* SHA256_INTERNAL_H */
