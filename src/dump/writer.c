#include "dump/writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* Pages of text: the lines of the current page, and a block kept
 * together until it ends. */
struct writer_pages {
	int length;      /* lines per page, the header's two included */
	size_t width;
	char title[512]; /* the headers' left part */
	int page;        /* pages begun */
	int line;        /* lines begun on this page */
	bool mid;        /* inside a line */
	int keep;        /* depth of open blocks */
	char *hold;      /* the outermost block's bytes */
	size_t hold_len, hold_cap;
};

/* The header's lines: its text and a blank line. */
#define HEADER_LINES 2

static void raw_put(struct writer *w, const char *s, size_t n);
static void page_lines(struct writer *w, const char *s, size_t n);

int writer_init(struct writer *w, FILE *f)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->buf = malloc(WRITER_BUF);
	return w->buf ? 0 : -1;
}

/* A block still open at the end goes out as it is. */
static void release_blocks(struct writer *w)
{
	struct writer_pages *p = w->pages;
	if (!p || !p->keep)
		return;
	p->keep = 1;
	writer_block_end(w);
}

void writer_free(struct writer *w)
{
	if (w->buf) {
		release_blocks(w);
		writer_flush(w);
	}
	free(w->buf);
	w->buf = NULL;
	if (w->pages)
		free(w->pages->hold);
	free(w->pages);
	w->pages = NULL;
}

/* The buffer into the stream. */
static void flush_buffer(struct writer *w)
{
	if (w->err || w->len == 0) {
		w->len = 0;
		return;
	}
	errno = 0;
	if (fwrite(w->buf, 1, w->len, w->f) != w->len)
		w->err = errno ? errno : EIO;
	w->len = 0;
}

void writer_flush(struct writer *w)
{
	release_blocks(w);
	flush_buffer(w);
}

void writer_fail(struct writer *w, int err)
{
	if (!w->err)
		w->err = err;
}

/* Counts the newlines that now end the output, s[0..n) being its latest
 * piece (n > 0). */
static void count_newlines(struct writer *w, const char *s, size_t n)
{
	if (s[n - 1] != '\n') { /* most pieces */
		w->nl = 0;
		return;
	}
	size_t k = 0;
	while (k < n && k < 2 && s[n - 1 - k] == '\n')
		k++;
	if (k == n) {
		w->nl += (int)k;
		if (w->nl > 2)
			w->nl = 2;
	} else {
		w->nl = (int)k;
	}
}

void writer_put(struct writer *w, const char *s, size_t n)
{
	if (w->err || n == 0)
		return;
	w->any = true;
	count_newlines(w, s, n);
	if (w->filter)
		w->filter(w->filter_arg, w, s, n);
	else
		writer_emit(w, s, n);
}

void writer_emit(struct writer *w, const char *s, size_t n)
{
	if (w->err || n == 0)
		return;
	if (!w->pages) {
		raw_put(w, s, n);
		return;
	}
	struct writer_pages *p = w->pages;
	if (!p->keep) {
		page_lines(w, s, n);
		return;
	}
	if (p->hold_len + n > p->hold_cap) {
		size_t c = p->hold_cap ? p->hold_cap : 4096;
		while (c < p->hold_len + n)
			c *= 2;
		char *q = realloc(p->hold, c);
		if (!q) {
			writer_fail(w, ENOMEM);
			return;
		}
		p->hold = q;
		p->hold_cap = c;
	}
	memcpy(p->hold + p->hold_len, s, n);
	p->hold_len += n;
}

/* The bytes themselves, into the buffer. */
static void raw_put(struct writer *w, const char *s, size_t n)
{
	if (w->err || n == 0)
		return;
	if (w->len + n > WRITER_BUF) {
		flush_buffer(w);
		if (w->err)
			return;
	}
	if (n >= WRITER_BUF) {
		errno = 0;
		if (fwrite(s, 1, n, w->f) != n) {
			w->err = errno ? errno : EIO;
			return;
		}
	} else {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	}
}

/* =====================================================================
 * Pages
 * ===================================================================== */

int writer_pages_start(struct writer *w, int length, size_t width)
{
	w->pages = calloc(1, sizeof *w->pages);
	if (!w->pages)
		return -1;
	w->pages->length = length;
	w->pages->width = width;
	return 0;
}

void writer_page_title(struct writer *w, const char *text)
{
	if (w->pages)
		snprintf(w->pages->title, sizeof w->pages->title, "%s", text);
}

/* A form feed (after the first page), the header and its blank line. */
static void new_page(struct writer *w)
{
	struct writer_pages *p = w->pages;
	char num[32];
	int nn = snprintf(num, sizeof num, "page %d", ++p->page);
	size_t room = p->width > (size_t)nn + 2 ? p->width - (size_t)nn - 2 : 0;
	/* the title cut after `room` characters */
	size_t cut = 0, cols = 0;
	for (; p->title[cut]; cut++) {
		if (utf8_continues((unsigned char)p->title[cut]))
			continue;
		if (cols == room)
			break;
		cols++;
	}
	if (p->page > 1)
		raw_put(w, "\f", 1);
	raw_put(w, p->title, cut);
	size_t pad = p->width > cols + (size_t)nn ? p->width - cols - (size_t)nn
	                                          : 1;
	for (size_t i = 0; i < pad; i++)
		raw_put(w, " ", 1);
	raw_put(w, num, (size_t)nn);
	raw_put(w, "\n\n", 2);
	p->line = HEADER_LINES;
}

/* Lines onto pages: a new page when one is full, and no blank line at
 * the top of one. */
static void page_lines(struct writer *w, const char *s, size_t n)
{
	struct writer_pages *p = w->pages;
	while (n) {
		if (!p->mid) {
			if (p->page == 0 || p->line >= p->length)
				new_page(w);
			if (s[0] == '\n' && p->line == HEADER_LINES) {
				s++;
				n--;
				continue;
			}
			p->line++;
			p->mid = true;
		}
		const char *e = memchr(s, '\n', n);
		size_t k = e ? (size_t)(e - s) + 1 : n;
		raw_put(w, s, k);
		if (e)
			p->mid = false;
		s += k;
		n -= k;
	}
}

void writer_block_begin(struct writer *w)
{
	if (w->pages)
		w->pages->keep++;
}

/* The lines a block's bytes begin (a blank line at the top of a page
 * would be dropped; counting it errs on the safe side). */
static int lines_of(const struct writer_pages *p)
{
	int n = 0;
	bool mid = p->mid;
	for (size_t i = 0; i < p->hold_len; i++) {
		if (!mid)
			n++;
		mid = p->hold[i] != '\n';
	}
	return n;
}

void writer_block_end(struct writer *w)
{
	struct writer_pages *p = w->pages;
	if (!p || !p->keep || --p->keep)
		return;
	int lines = lines_of(p);
	int body = p->length - HEADER_LINES;
	/* A block that fits on a page but not on what is left of this one
	 * starts the next; a longer one runs on from here. */
	if (p->page > 0 && !p->mid && p->line > HEADER_LINES &&
	    p->line + lines > p->length && lines <= body)
		p->line = p->length;
	size_t len = p->hold_len;
	p->hold_len = 0;
	page_lines(w, p->hold, len);
}

void writer_fmt(struct writer *w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof buf) {
		writer_put(w, buf, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		writer_fail(w, ENOMEM);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	writer_put(w, big, (size_t)n);
	free(big);
}

void writer_spaces(struct writer *w, size_t n)
{
	static const char sp[] = "                                        ";
	while (n > 0) {
		size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
		writer_put(w, sp, k);
		n -= k;
	}
}
