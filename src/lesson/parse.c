/* parse: lesson_parse, the loop over a lesson's lines.
 *
 * One pass over the lines fills the lesson and collects errors; after the
 * last line the data are loaded and everything that depends on more than
 * one line is checked (checks.c).  The grammar is documented in
 * docs/lesson-format.md: keep the two in step (test_lesson compares the
 * directive tables).
 */
#include "lesson/parser.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* Where byte `off` is: used for the size limit, whose error points at the
 * first byte past it. */
static struct src_pos pos_of_byte(const char *buf, size_t off)
{
	struct src_pos pos = {1, 1};
	size_t line = 0; /* where the line holding `off` starts */
	const char *nl;
	while ((nl = memchr(buf + line, '\n', off - line))) {
		pos.line++;
		line = (size_t)(nl - buf) + 1;
	}
	pos.col += (int)utf8_count(buf + line, off - line);
	return pos;
}

/* The lesson's settings before any line: every default of
 * docs/lesson-format.md that is not zero. */
static void set_defaults(struct parser *p, struct lesson *l)
{
	l->path = parser_strdup(p, p->file);
	l->input_name = parser_strdup(p, "x");
	l->target_name = parser_strdup(p, "y");
	l->loss_name = parser_strdup(p, "loss");
	l->accuracy_name = parser_strdup(p, "accuracy");
	l->handout = parser_strdup(p, "0,last");
	l->precision = 8;
	l->conv = CONV_ROWS;
	l->reduction = REDUCE_MEAN;
	l->bias_grad = REDUCE_SUM;
	l->softmax_backward = SOFTMAX_SIMPLIFIED;
	l->accuracy_threshold = 0.5;
}

/* Every line of buf[0..len): LF or CR LF ends a line, a BOM is skipped. */
static void read_lines(struct parser *p, const char *buf, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && !p->oom) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t n = end - i;
		if (n && buf[i + n - 1] == '\r')
			n--;
		p->line++;
		line_read(p, buf + i, n);
		i = end + 1;
	}
	p->last_line = p->line ? p->line : 1;
}

static void parser_free(struct parser *p)
{
	free(p->ln);
	free(p->tok);
	free(p->text.s);
	free(p->lit.v);
	free(p->data_arg);
	free(p->test_arg);
	for (size_t i = 0; i < p->n_in_names; i++)
		free(p->inputs[i].name);
	free(p->inputs);
	for (size_t i = 0; i < p->n_tg_names; i++)
		free(p->targets[i].name);
	free(p->targets);
	free(p->onehot.name);
	for (size_t i = 0; i < p->n_scales; i++)
		free(p->scales[i].col);
	free(p->scales);
	free(p->handout);
	free(p->sx);
	free(p->sy);
}

int lesson_parse_all(struct lesson *l, const char *path, const char *buf,
                     size_t len, struct diags *d, struct lesson_known *k)
{
	struct parser p;
	memset(&p, 0, sizeof p);
	memset(l, 0, sizeof *l);
	if (k)
		memset(k, 0, sizeof *k);
	p.l = l;
	p.d = d;
	p.file = path ? path : "";
	p.last_predict = -1;
	size_t first = d->n;

	if (len > (size_t)LESSON_MAX_BYTES) {
		struct src_pos pos = pos_of_byte(buf, (size_t)LESSON_MAX_BYTES);
		diags_add(d, p.file, pos.line, pos.col, EXIT_DATAERR,
		          "the lesson is larger than %ld bytes (1 MiB), the "
		          "limit", LESSON_MAX_BYTES);
		return -1;
	}

	/* strtod reads the decimal point of LC_NUMERIC; the TUI may set a
	 * locale with a decimal comma, but lessons always use '.'. */
	locale_t c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c_loc ? uselocale(c_loc) : (locale_t)0;

	set_defaults(&p, l);
	read_lines(&p, buf, len);
	if (!p.oom)
		checks_after_last_line(&p);
	if (k) {
		standin_known(&p, k);
		if (p.failed && !p.oom)
			standin_complete(&p, k);
	}
	if (p.oom)
		diags_add(d, p.file, 0, 0, EXIT_SOFTWARE, "out of memory");

	if (c_loc) {
		uselocale(old);
		freelocale(c_loc);
	}
	bool failed = p.failed || p.oom;
	parser_free(&p);
	/* The checks after the last line come back to earlier lines, and
	 * the data's errors come between: sorted, the errors read in the
	 * order of the file. */
	diags_sort(d, first, path ? path : "");
	if (failed && !k)
		lesson_free(l);
	return failed ? -1 : 0;
}

int lesson_parse(struct lesson *l, const char *path, const char *buf,
                 size_t len, struct diags *d)
{
	return lesson_parse_all(l, path, buf, len, d, NULL);
}
