// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmdline.c - command-line editing for --reuse-cmdline and --append
 * (cmdline.h).  Words are split like the kernel's next_arg(): blanks
 * separate, double quotes protect blanks, the parameter name ends at '='.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

/* Length of the word starting at s (s is not a blank). */
static size_t word_len(const char *s)
{
	bool quoted = false;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && isspace((unsigned char)s[i]))
			break;
	}
	return i;
}

/* Does the word of length len name parameter key ("key" or "key=...")? */
static bool word_is(const char *w, size_t len, const char *key)
{
	size_t k = strlen(key);

	if (len && *w == '"') {
		w++;
		len--;
	}
	return len >= k && !strncmp(w, key, k) &&
	       (len == k || w[k] == '=' || (w[k] == '"' && len == k + 1));
}

char *cmdline_reuse(const char *running, bool crash)
{
	char *out = malloc(strlen(running) + 1), *o = out;
	const char *s = running;

	if (!out)
		return NULL;
	while (*s) {
		size_t len;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		len = word_len(s);
		if (!word_is(s, len, "BOOT_IMAGE") &&
		    !(crash && word_is(s, len, "crashkernel"))) {
			if (o != out)
				*o++ = ' ';
			memcpy(o, s, len);
			o += len;
		}
		s += len;
	}
	*o = '\0';
	return out;
}

char *cmdline_join(const char *a, const char *b)
{
	size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
	char *out = malloc(la + lb + 2);

	if (!out)
		return NULL;
	if (la)
		memcpy(out, a, la);
	if (la && lb)
		out[la++] = ' ';
	if (lb)
		memcpy(out + la, b, lb);
	out[la + lb] = '\0';
	return out;
}

/* Is the word of length len the bare "--" that ends the kernel's parameters? */
static bool word_ends_params(const char *w, size_t len)
{
	return len == 2 && w[0] == '-' && w[1] == '-';
}

/*
 * Offset in cmdline of the bare "--" after which the kernel hands the
 * words to init, or strlen(cmdline) when there is none.
 */
static size_t params_end(const char *cmdline)
{
	const char *s = cmdline;
	size_t len;

	while (*s) {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		len = word_len(s);
		if (word_ends_params(s, len))
			break;
		s += len;
	}
	return s - cmdline;
}

/* Does cmdline have a kernel parameter (a word before any "--") naming key? */
static bool cmdline_has(const char *cmdline, const char *key)
{
	const char *s = cmdline;
	size_t len;

	while (*s) {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		len = word_len(s);
		if (word_ends_params(s, len))
			break;
		if (word_is(s, len, key))
			return true;
		s += len;
	}
	return false;
}

char *cmdline_insert(const char *cmdline, const char *words)
{
	size_t n = cmdline ? strlen(cmdline) : 0, w = strlen(words), end;
	char *out;

	if (!n || !w)
		return cmdline_join(cmdline, words);
	end = params_end(cmdline);
	if (end == n)
		return cmdline_join(cmdline, words);
	out = malloc(n + w + 2);
	if (!out)
		return NULL;
	/* cmdline[end] starts "--", after a blank unless end is 0 */
	memcpy(out, cmdline, end);
	memcpy(out + end, words, w);
	out[end + w] = ' ';
	memcpy(out + end + w + 1, cmdline + end, n - end + 1);
	return out;
}

char *cmdline_add_missing(const char *cmdline, const char *const *params,
			  char **added)
{
	char *out = strdup(cmdline ? cmdline : ""), *more = strdup(""), *t;

	for (; params && *params && out && more; params++) {
		if (cmdline_has(out, *params))
			continue;
		t = cmdline_insert(out, *params);
		free(out);
		out = t;
		t = cmdline_join(more, *params);
		free(more);
		more = t;
	}
	if (!out || !more) {
		free(out);
		free(more);
		out = more = NULL;
	}
	*added = more;
	return out;
}
