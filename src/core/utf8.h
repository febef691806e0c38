/* utf8: reading and measuring UTF-8 text, in one place.
 *
 * Lessons, CSV headers and file names are somebody else's bytes: every
 * module that decodes, counts or cuts them does it with these functions,
 * so they all agree on what a character is. */
#ifndef NNTRACE_UTF8_H
#define NNTRACE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_MAX 4 /* bytes of the longest sequence */

/* The valid UTF-8 sequence at the start of s[0..n): its length (1 to 4),
 * with its code point in *cp; 0 when those bytes are not one -- a stray
 * continuation byte, a truncated or overlong sequence, a surrogate, a
 * code point past U+10FFFF -- or when n is 0 (*cp is then the first byte,
 * or 0). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* cp (at most U+10FFFF, not a surrogate) as UTF-8 in out, which has room
 * for UTF8_MAX bytes; returns the bytes written. */
size_t utf8_encode(char *out, uint32_t cp);

/* Whether byte c continues a sequence (10xxxxxx). */
static inline bool utf8_continues(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Characters in s[0..n): the bytes that do not continue a sequence (so a
 * stray continuation byte belongs to the character before it).  Fast: it
 * counts whole handouts. */
size_t utf8_count(const char *s, size_t n);

/* Where to cut s before byte n without splitting a character: the
 * largest m <= n such that s[m] does not continue a sequence.  s[n] must
 * be readable (s is longer than n, or NUL-terminated at n). */
size_t utf8_cut(const char *s, size_t n);

#endif
