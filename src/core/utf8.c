#include "core/utf8.h"

#include <string.h>

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	*cp = n ? u[0] : 0;
	if (n == 0)
		return 0;
	uint32_t c = u[0], min;
	size_t len;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000, c &= 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (!utf8_continues(u[i]))
			return 0;
		c = c << 6 | (u[i] & 0x3F);
	}
	/* Overlong forms and surrogates are not characters. */
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t utf8_encode(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_count(const char *s, size_t n)
{
	/* Eight bytes at a time: a continuation byte has bit 7 set and bit 6
	 * clear.  Every long formula of a handout is measured here; byte by
	 * byte this was a twentieth of a handout's time. */
	size_t c = n, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t m = (x & ~(x << 1)) & 0x8080808080808080ULL;
		c -= (size_t)(((m >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		c -= utf8_continues((unsigned char)s[i]);
	return c;
}

size_t utf8_cut(const char *s, size_t n)
{
	while (n > 0 && utf8_continues((unsigned char)s[n]))
		n--;
	return n;
}
