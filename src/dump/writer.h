/* writer: a handout's bytes on their way to a stream.
 *
 * Every byte of a handout goes through one writer, so the first failed
 * write is caught with its errno (a stream's error flag alone cannot tell
 * a reader that went away, EPIPE, from a full disk), and so the blank
 * lines between blocks can be managed: writer_gap knows how many newlines
 * end the output so far. */
#ifndef NNTRACE_WRITER_H
#define NNTRACE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Bytes gathered before they go out in one fwrite.  A handout is written
 * in hundreds of thousands of small pieces; an fwrite each (locking,
 * stdio's bookkeeping) was a tenth of its time.  At 256 KiB a handout of
 * 30 MB is about a hundred write calls, not two thousand. */
#define WRITER_BUF (256 * 1024)

struct writer;
struct writer_pages;

/* A filter every piece goes through before it is written (a worksheet's
 * blanks): it writes what it makes with writer_emit. */
typedef void writer_filter_fn(void *arg, struct writer *w, const char *s,
                              size_t n);

struct writer {
	FILE *f;
	int err;   /* errno of the first failed write; 0 while all is well */
	int nl;    /* newlines ending the output so far, at most 2 */
	bool any;  /* something was written */
	size_t len;
	char *buf; /* (WRITER_BUF) the bytes not yet written */
	writer_filter_fn *filter; /* NULL: none */
	void *filter_arg;
	struct writer_pages *pages; /* NULL: one long page */
};

/* A writer to f with its buffer.  Returns 0 or -1 (out of memory). */
int writer_init(struct writer *w, FILE *f);

/* Writes what has gathered (what was written before a failure still goes
 * out) and frees the buffer.  Safe on a writer whose init failed. */
void writer_free(struct writer *w);

/* Writes what has gathered; before the stream is flushed or handed back. */
void writer_flush(struct writer *w);

/* Records a failure that is not the stream's (out of memory): the first
 * error is the one reported. */
void writer_fail(struct writer *w, int err);

/* s[0..n), which may hold newlines.  Nothing more is written once a
 * write failed. */
void writer_put(struct writer *w, const char *s, size_t n);

/* s[0..n) past the filter: what a filter writes. */
void writer_emit(struct writer *w, const char *s, size_t n);

/* Pages of `length` lines (2 of them the running header: its text, then
 * a blank line), a form feed before each but the first.  The header is
 * `width` columns: writer_page_title's text on the left, "page N" on the
 * right.  A blank line at the top of a page is dropped.  Returns 0 or -1
 * (out of memory). */
int writer_pages_start(struct writer *w, int length, size_t width);

/* The left of the headers of pages begun from now on (cut to fit). */
void writer_page_title(struct writer *w, const char *text);

/* Lines between writer_block_begin and writer_block_end stay on one page
 * when they fit on one: a page that cannot hold them all ends before
 * them.  Blocks nest; the outermost one decides.  Without pages they
 * cost nothing. */
void writer_block_begin(struct writer *w);
void writer_block_end(struct writer *w);

/* Inline: a call of its own per piece was a percent of a CSV handout. */
static inline void writer_str(struct writer *w, const char *s)
{
	writer_put(w, s, strlen(s));
}

void writer_fmt(struct writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void writer_spaces(struct writer *w, size_t n);

/* A blank line before a block, unless the output is empty or already
 * ends with one.  Inline: most calls find one there already. */
static inline void writer_gap(struct writer *w)
{
	if (w->any && w->nl < 2)
		writer_put(w, w->nl ? "\n" : "\n\n", w->nl ? 1 : 2);
}

#endif
