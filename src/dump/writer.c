#include "dump/writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int writer_init(struct writer *w, FILE *f)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->buf = malloc(WRITER_BUF);
	return w->buf ? 0 : -1;
}

void writer_free(struct writer *w)
{
	if (w->buf)
		writer_flush(w);
	free(w->buf);
	w->buf = NULL;
}

void writer_flush(struct writer *w)
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
	if (w->len + n > WRITER_BUF) {
		writer_flush(w);
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
	w->any = true;
	count_newlines(w, s, n);
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
