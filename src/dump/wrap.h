/* wrap: prose and formulas broken into lines of a handout's width.
 *
 * Columns are characters (utf8_count): every glyph a handout uses is one
 * column wide. */
#ifndef NNTRACE_WRAP_H
#define NNTRACE_WRAP_H

#include <stdbool.h>
#include <stddef.h>

#include "dump/writer.h"

/* How a format writes a word of prose whose characters it would read as
 * its own syntax (Markdown's `*`, `_`, a leading `#`), and how many
 * columns the word then takes.  line_start: the word begins a line. */
struct wrap_escape {
	size_t (*cols)(const char *word, size_t n);
	void (*put)(struct writer *w, const char *word, size_t n,
	            bool line_start);
};

/* Writes `text` word-wrapped to `width` columns.  The first line starts
 * with `lead`; later lines start with `hang` spaces.  A newline in the
 * text starts a new paragraph with the same indent, after a blank line:
 * the lesson parser joins a text's continuation lines with spaces and
 * keeps a newline only where the lesson asked for a paragraph (a "."
 * line).  Words go out through `esc` (NULL: as they are).  A word longer
 * than the line gets a line of its own.  Ends with a newline. */
void wrap_words(struct writer *w, size_t width, const char *lead,
                size_t hang, const char *text, const struct wrap_escape *esc);

/* Writes s[0..len), "name = formula" whose formula starts at byte `body`,
 * wrapped to `width`: lines break before an operator (best before a " + "
 * or " = " outside brackets) or after ", ", continuation lines indented
 * under the formula.  A line with no break point that fits runs long:
 * numbers are not split.  Ends with a newline. */
void wrap_formula(struct writer *w, size_t width, const char *s, size_t len,
                  size_t body);

#endif
