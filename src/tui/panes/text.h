/* text: UTF-8 strings measured in terminal columns, clipped and wrapped.
 *
 * Pure functions (no curses), so that the unit tests can check them.  Widths come from wcwidth(), so the
 * locale must be set (setlocale(LC_ALL, "")) for wide glyphs to count
 * right; bytes that are not valid UTF-8 (core/utf8.h decides) count one
 * column each. */
#ifndef NNTRACE_TUI_PANES_TEXT_H
#define NNTRACE_TUI_PANES_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Columns taken by the first n bytes of s. */
int text_width_n(const char *s, size_t n);
int text_width(const char *s);

/* Bytes of s (of at most n bytes) that fit in `cols` columns without
 * splitting a character; *used (may be NULL) gets the columns they take. */
size_t text_fit(const char *s, size_t n, int cols, int *used);

/* One wrapped line: bytes [start, start + len) of the text. */
struct text_line {
	size_t start, len;
};

/* Wraps s into lines of at most `width` columns, breaking at spaces (a
 * word longer than a line is cut), starting a new line at each '\n' and
 * dropping the spaces at a break.  Stores up to `max` lines and returns
 * how many lines the whole text needs (which may be more than max).  An
 * empty text has no lines. */
size_t text_wrap(const char *s, int width, struct text_line *lines,
                 size_t max);

/* Copies s into out (cap bytes) with every non-ASCII character replaced by
 * '?', for terminals without UTF-8.  Returns the length written. */
size_t text_ascii(char *out, size_t cap, const char *s);

#endif
