// SPDX-License-Identifier: GPL-2.0-only
/*
 * sha256-shani.c - the SHA-256 block function using the x86 SHA extensions
 * (sha256rnds2, sha256msg1, sha256msg2) and its CPUID check.  A leaf: it
 * uses nothing from the portable core (lib/sha256.c); the round constants
 * come from sha256-internal.h.
 *
 * The intrinsics sit in functions marked target("sha,sse4.1"), so the file
 * needs no special compile flags; callers check sha256_have_shani() first.
 * Linked into the loader (lib/sha256-pick.c chooses it) and into the
 * x86_64 purgatory (verify.c chooses it from the loader's flag, after
 * purgatory.c has set CR4.OSFXSR).  On other architectures only
 * sha256_have_shani() exists, and says 0.
 */
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

#ifdef __x86_64__
#include <cpuid.h>
#include <immintrin.h>

#include "sha256-internal.h"

#define SHANI_TARGET __attribute__((target("sha,sse4.1")))

static int sha256_cpu_has_shani(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return 0;
	if (!(ecx & bit_SSSE3) || !(ecx & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
		return 0;
	return !!(ebx & bit_SHA);
}

int sha256_have_shani(void)
{
	/* CPUID may trap to a hypervisor: ask once.  Racing callers agree. */
	static int cached = -1;

	if (cached < 0)
		cached = sha256_cpu_has_shani();
	return cached;
}

/*
 * Four rounds: wk = W[i..i+3] + K[i..i+3]; sha256rnds2 does two rounds with
 * the low two words, then (after moving the high half down) two more with
 * the roles of the ABEF and CDGH registers swapped.
 */
#define QROUND(m, i) do {						\
	__m128i wk_ = _mm_add_epi32(m,					\
		_mm_loadu_si128((const __m128i *)&sha256_k[i]));	\
	cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk_);			\
	wk_ = _mm_shuffle_epi32(wk_, 0x0e);				\
	abef = _mm_sha256rnds2_epu32(abef, cdgh, wk_);			\
} while (0)

/*
 * Next four schedule words from the previous sixteen (m0 oldest):
 * msg1 gives W[t-16] + s0(W[t-15]), add W[t-7..t-4], msg2 adds s1(W[t-2]).
 * The result replaces m0.
 */
#define SCHED(m0, m1, m2, m3) do {					\
	m0 = _mm_add_epi32(_mm_sha256msg1_epu32(m0, m1),		\
			   _mm_alignr_epi8(m3, m2, 4));			\
	m0 = _mm_sha256msg2_epu32(m0, m3);				\
} while (0)

/* Rounds i..i+15 when the schedule words are already in m0..m3. */
#define QROUNDS16(i) do {						\
	SCHED(m0, m1, m2, m3); QROUND(m0, (i) + 0);			\
	SCHED(m1, m2, m3, m0); QROUND(m1, (i) + 4);			\
	SCHED(m2, m3, m0, m1); QROUND(m2, (i) + 8);			\
	SCHED(m3, m0, m1, m2); QROUND(m3, (i) + 12);			\
} while (0)

SHANI_TARGET
static inline __m128i sha256_load_msg(const uint8_t *p, __m128i bswap)
{
	return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), bswap);
}

SHANI_TARGET
void sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	/* byte-reverse each 32-bit word: the message is big-endian */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i abcd, efgh, abef, cdgh, t;

	/* state[] is A..H in lanes 0..7; the instructions want ABEF and CDGH
	 * with A and C in the top lane. */
	abcd = _mm_loadu_si128((const __m128i *)&state[0]);
	efgh = _mm_loadu_si128((const __m128i *)&state[4]);
	t = _mm_shuffle_epi32(abcd, 0xb1);		/* B A D C */
	efgh = _mm_shuffle_epi32(efgh, 0x1b);		/* H G F E */
	abef = _mm_alignr_epi8(t, efgh, 8);		/* F E B A */
	cdgh = _mm_blend_epi16(efgh, t, 0xf0);		/* H G D C */

	for (; nblocks; nblocks--, data += SHA256_BLOCK_SIZE) {
		__m128i abef0 = abef, cdgh0 = cdgh;
		__m128i m0, m1, m2, m3;

		m0 = sha256_load_msg(data, bswap);
		QROUND(m0, 0);
		m1 = sha256_load_msg(data + 16, bswap);
		QROUND(m1, 4);
		m2 = sha256_load_msg(data + 32, bswap);
		QROUND(m2, 8);
		m3 = sha256_load_msg(data + 48, bswap);
		QROUND(m3, 12);
		QROUNDS16(16);
		QROUNDS16(32);
		QROUNDS16(48);
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}

	t = _mm_shuffle_epi32(abef, 0x1b);		/* A B E F */
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);		/* G H C D */
	abcd = _mm_blend_epi16(t, cdgh, 0xf0);		/* A B C D */
	efgh = _mm_alignr_epi8(cdgh, t, 8);		/* E F G H */
	_mm_storeu_si128((__m128i *)&state[0], abcd);
	_mm_storeu_si128((__m128i *)&state[4], efgh);
}

#else /* !__x86_64__ */

int sha256_have_shani(void)
{
	return 0;
}

#endif /* __x86_64__ */
