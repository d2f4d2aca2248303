/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mem.h - the freestanding memory functions of every purgatory (mem.c).
 */
#ifndef PURGATORY_MEM_H
#define PURGATORY_MEM_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t len);
void *memmove(void *dst, const void *src, size_t len);
void *memset(void *dst, int c, size_t len);
int memcmp(const void *a, const void *b, size_t len);

#endif
