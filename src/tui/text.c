#include "tui/text.h"

#include <string.h>
#include <wchar.h>

size_t text_decode(const char *s, size_t n, unsigned *cp)
{
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	const unsigned char *u = (const unsigned char *)s;
	unsigned c = u[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = u[0];
		return 1;
	}
	if (len > n)
		goto invalid;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto invalid;
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms and surrogates are not characters. */
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto invalid;
	*cp = c;
	return len;
invalid:
	*cp = u[0];
	return 1;
}

/* Columns of one code point: control characters and glyphs the locale
 * cannot measure count as one, so clipping stays conservative. */
static int cp_width(unsigned cp)
{
	if (cp < 0x80)
		return 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int text_width_n(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		i += text_decode(s + i, n - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

int text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

size_t text_fit(const char *s, size_t n, int cols, int *used)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t k = text_decode(s + i, n - i, &cp);
		int cw = cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	if (used)
		*used = w;
	return i;
}

static void emit(struct text_line *lines, size_t max, size_t *count,
                 size_t start, size_t len)
{
	if (*count < max)
		lines[*count] = (struct text_line){start, len};
	(*count)++;
}

size_t text_wrap(const char *s, int width, struct text_line *lines,
                 size_t max)
{
	size_t count = 0, n = strlen(s);
	if (width < 1)
		width = 1;
	size_t i = 0;
	while (i < n) {
		/* One paragraph: up to the next '\n'. */
		size_t end = i;
		while (end < n && s[end] != '\n')
			end++;
		size_t p = i;
		if (p == end)
			emit(lines, max, &count, p, 0); /* an empty line */
		while (p < end) {
			int used;
			size_t fit = text_fit(s + p, end - p, width, &used);
			if (p + fit >= end) {
				emit(lines, max, &count, p, end - p);
				break;
			}
			/* Break at the last space that fits, if any. */
			size_t brk = fit;
			while (brk > 0 && s[p + brk] != ' ')
				brk--;
			size_t len;
			if (brk == 0) {
				len = fit ? fit : text_decode(s + p, end - p,
				                              &(unsigned){0});
				brk = len;
			} else {
				len = brk;
			}
			while (len > 0 && s[p + len - 1] == ' ')
				len--;
			emit(lines, max, &count, p, len);
			p += brk;
			while (p < end && s[p] == ' ')
				p++;
		}
		i = end < n ? end + 1 : end;
	}
	return count;
}

size_t text_ascii(char *out, size_t cap, const char *s)
{
	if (!cap)
		return 0;
	size_t o = 0, n = strlen(s), i = 0;
	while (i < n && o + 1 < cap) {
		unsigned cp;
		size_t k = text_decode(s + i, n - i, &cp);
		out[o++] = cp < 0x80 ? (char)cp : '?';
		i += k;
	}
	out[o] = '\0';
	return o;
}
