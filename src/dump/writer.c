#include "dump/writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* Nesting beyond this is one block with its parent. */
#define WRITER_DEPTH 16

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
	/* The blocks inside it: where each open one began, and the extent
	 * and depth of each one ended, so that an outer block too long for
	 * a page still keeps its inner ones whole. */
	size_t starts[WRITER_DEPTH];
	struct held { size_t from, to; int depth; } *inner;
	size_t n_inner, cap_inner;
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
	while (p->keep)
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
	if (w->pages) {
		free(w->pages->hold);
		free(w->pages->inner);
	}
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
	struct writer_pages *p = w->pages;
	if (!p)
		return;
	if (p->keep < WRITER_DEPTH)
		p->starts[p->keep] = p->hold_len;
	p->keep++;
}

/* The lines bytes [from, to) of the block begin, from the start of a
 * line (a blank line at the top of a page would be dropped; counting it
 * errs on the safe side). */
static int lines_in(const struct writer_pages *p, size_t from, size_t to)
{
	int n = 0;
	bool mid = false;
	for (size_t i = from; i < to; i++) {
		if (!mid)
			n++;
		mid = p->hold[i] != '\n';
	}
	return n;
}

/* Places bytes [from, to) of the held block, a block of `depth`: on
 * this page if they fit, else on the next if they fit on a page, else
 * from here on, each block inside them placed the same way. */
static void place(struct writer *w, size_t from, size_t to, int depth)
{
	struct writer_pages *p = w->pages;
	int lines = lines_in(p, from, to);
	int body = p->length - HEADER_LINES;
	bool room = p->line + lines <= p->length;
	if (room || lines <= body || depth >= WRITER_DEPTH) {
		if (!room && p->page > 0 && !p->mid && p->line > HEADER_LINES)
			p->line = p->length; /* the next page */
		page_lines(w, p->hold + from, to - from);
		return;
	}
	size_t at = from;
	for (size_t i = 0; i < p->n_inner; i++) {
		const struct held *h = &p->inner[i];
		if (h->depth != depth + 1 || h->from < at || h->to > to)
			continue;
		page_lines(w, p->hold + at, h->from - at);
		place(w, h->from, h->to, depth + 1);
		at = h->to;
	}
	page_lines(w, p->hold + at, to - at);
}

void writer_block_end(struct writer *w)
{
	struct writer_pages *p = w->pages;
	if (!p || !p->keep)
		return;
	int depth = p->keep--;
	if (depth > 1) {
		/* An inner block: noted, in the order blocks begin. */
		if (depth > WRITER_DEPTH)
			return;
		struct held *h = p->inner;
		if (p->n_inner == p->cap_inner) {
			size_t c = p->cap_inner ? 2 * p->cap_inner : 16;
			h = realloc(p->inner, c * sizeof *h);
			if (!h) /* only kept less well together */
				return;
			p->inner = h;
			p->cap_inner = c;
		}
		size_t k = p->n_inner++;
		size_t from = p->starts[depth - 1];
		while (k > 0 && p->inner[k - 1].from > from) {
			p->inner[k] = p->inner[k - 1];
			k--;
		}
		p->inner[k] = (struct held){from, p->hold_len, depth};
		return;
	}
	size_t len = p->hold_len;
	p->hold_len = 0;
	place(w, 0, len, 1);
	p->n_inner = 0;
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
