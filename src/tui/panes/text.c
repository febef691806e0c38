#include "tui/panes/text.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "core/utf8.h"

/* One character of s[0..n) (n > 0): its length, with its code point in
 * *cp; a byte that does not start a valid sequence is a character of its
 * own, its code point the byte, so that broken text still advances and
 * takes a column per byte. */
static size_t next_char(const char *s, size_t n, uint32_t *cp)
{
	size_t k = utf8_decode(s, n, cp);
	return k ? k : 1;
}

/* Columns of one code point: control characters and glyphs the locale
 * cannot measure count as one, so clipping stays conservative. */
static int cp_width(uint32_t cp)
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
		uint32_t cp;
		i += next_char(s + i, n - i, &cp);
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
		uint32_t cp;
		size_t k = next_char(s + i, n - i, &cp);
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
				len = fit ? fit : next_char(s + p, end - p,
				                            &(uint32_t){0});
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
		uint32_t cp;
		size_t k = next_char(s + i, n - i, &cp);
		out[o++] = cp < 0x80 ? (char)cp : '?';
		i += k;
	}
	out[o] = '\0';
	return o;
}
