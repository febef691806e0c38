/* sanitize: the one place that decides which characters of somebody
 * else's text may reach a terminal or a handout as they are.
 *
 * Lesson files, CSV files and the names of files and folders are written
 * by others.  A control character (C0, DEL, C1: ESC starts the terminal's
 * escape sequences), a character that reorders or hides text (the
 * bidirectional controls, zero-width characters, a byte-order mark inside
 * a text, every other Unicode "format" character), a line or paragraph
 * separator, or bytes that are not UTF-8 would let a file change the
 * terminal or make what is shown differ from what is there.  The parsers
 * refuse them in lessons and CSV headers (sanitize_class says which and
 * why); what cannot be refused -- a file's own name, a message quoting
 * bad input -- is written through sanitize_text, which makes each of
 * them visible: \xNN for a byte (ESC is \x1b), \uNNNN (or \UNNNNNNNN)
 * for a character.  Everything else, including every printable
 * character of every script, is copied unchanged. */
#ifndef NNTRACE_SANITIZE_H
#define NNTRACE_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What is wrong with a code point shown on a terminal. */
enum sanitize_class {
	SANITIZE_OK,        /* printable, or the tab and newline callers
	                       allow themselves */
	SANITIZE_CONTROL,   /* C0 (but tab and newline), DEL, C1 */
	SANITIZE_BIDI,      /* U+061C, U+200E-F, U+202A-E, U+2066-9 */
	SANITIZE_ZERO_WIDTH,/* U+200B-D, U+2060 */
	SANITIZE_BOM,       /* U+FEFF, the zero-width no-break space */
	SANITIZE_LINE_SEP,  /* U+2028, U+2029 */
	SANITIZE_FORMAT,    /* every other Unicode format character (Cf):
	                       soft hyphen, invisible operators, tags... */
};

/* The class of code point cp (a tab or a newline is SANITIZE_CONTROL:
 * callers that allow them test for them first). */
enum sanitize_class sanitize_class(uint32_t cp);

/* What a class is called in a message, e.g. "bidirectional control",
 * and why it is refused, e.g. "it reorders the text shown around it". */
const char *sanitize_what(enum sanitize_class c);
const char *sanitize_why(enum sanitize_class c);

/* Whether s[0..n) holds anything sanitize_text would change: a byte that
 * is not UTF-8 or a code point of a class other than SANITIZE_OK.  Fast
 * on ASCII text. */
bool sanitize_needed(const char *s, size_t n);

/* s[0..n) made safe into out (cap > 0 bytes, always NUL-terminated): bad
 * bytes as \xNN, bad characters as \uNNNN or \UNNNNNNNN, the rest as it
 * is.  A piece that does not fit whole is left out, with everything after
 * it.  Returns the length written. */
size_t sanitize_text(char *out, size_t cap, const char *s, size_t n);

/* The same written to fp: fputs for somebody else's text.  Returns EOF on
 * a write error, else a non-negative number. */
int sanitize_fputs(const char *s, FILE *fp);

#endif
