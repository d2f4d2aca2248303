// SPDX-License-Identifier: GPL-2.0-only
/*
 * mem.c - the memory functions every purgatory needs and has no libc for.
 * GCC may emit calls to memcpy/memset/memmove/memcmp for structure copies
 * even with -fno-builtin, so they must exist.  Each arch's build.mk
 * compiles this file with its own freestanding flags, including
 * -fno-tree-loop-distribute-patterns so these loops are not turned back
 * into calls to themselves.
 */
#include "mem.h"

void *memcpy(void *dst, const void *src, size_t len)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (len--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t len)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + len)
		return memcpy(dst, src, len);
	while (len--)
		d[len] = s[len];
	return dst;
}

void *memset(void *dst, int c, size_t len)
{
	unsigned char *d = dst;

	while (len--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t len)
{
	const unsigned char *x = a, *y = b;

	for (; len; len--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}
