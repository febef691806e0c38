#include "dump/dump.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/engine.h"
#include "render/formula.h"
#include "lesson/lesson.h"
#include "render/numfmt.h"
#include "render/plot.h"
#include "model/script.h"
#include "model/trace.h"

/* A tensor with more cells than this shows only its first BIG_SHOWN
 * operations: 1,000 hand calculations of the same kind teach nothing the
 * first few do not, and the CSV has them all. */
#define BIG_TENSOR 64
#define BIG_SHOWN 8
/* Terms of a sum shown in a text or Markdown formula. */
#define MAX_TERMS 8
/* Rows of the closing loss table, roughly. */
#define TABLE_ROWS 10
/* Buffered report lines of one untraced stretch before they are written
 * ahead of the stretch's summary line (keeps memory bounded when a lesson
 * reports every iteration of a long run). */
#define REPORTS_BUFFERED 65536
/* Break candidates considered when wrapping one formula. */
#define MAX_BREAKS 512
/* Points of the closing loss curve, at most: every `curve_stride`-th
 * iteration, the stride doubling whenever they fill up, so a run of any
 * length costs the same memory and its curve still spans all of it. */
#define CURVE_POINTS 1024
/* Rows of the prediction table shown; the rest are counted. */
#define PREDICTIONS_SHOWN 200

/* =====================================================================
 * Iteration lists
 * ===================================================================== */

struct range {
	long from, to; /* inclusive; ITER_LAST until resolved */
};

/* Reads a decimal iteration number or "last" from s[0..n).  Returns 0 or
 * -1. */
static int parse_bound(const char *s, size_t n, long *out)
{
	if (n == 4 && strncmp(s, "last", 4) == 0) {
		*out = ITER_LAST;
		return 0;
	}
	if (n == 0 || n > 12)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parses a list into ranges (when r is non-NULL; it must hold one entry
 * per comma plus one).  Returns the number of ranges, or -1 with a
 * message in err. */
static long parse_list(const char *list, struct range *r, char *err,
                       size_t cap)
{
	if (!list || !*list) {
		snprintf(err, cap, "empty iteration list");
		return -1;
	}
	if (strcmp(list, "all") == 0) {
		if (r)
			r[0] = (struct range){0, ITER_LAST};
		return 1;
	}
	long count = 0;
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ",");
		const char *dash = memchr(p, '-', n);
		struct range x;
		int bad;
		if (n == 3 && strncmp(p, "all", 3) == 0) {
			snprintf(err, cap,
			         "'all' stands alone, not in a list like '%s'",
			         list);
			return -1;
		}
		if (dash) {
			size_t a = (size_t)(dash - p);
			bad = parse_bound(p, a, &x.from) ||
			      parse_bound(dash + 1, n - a - 1, &x.to) ||
			      x.from == ITER_LAST;
		} else {
			bad = parse_bound(p, n, &x.from);
			x.to = x.from;
		}
		if (n == 0) {
			snprintf(err, cap, "empty item in the iteration list "
			         "'%s'", list);
			return -1;
		}
		if (bad) {
			snprintf(err, cap,
			         "bad iteration '%.*s' in '%s' (items are N, "
			         "A-B, last or A-last; or the single word all)",
			         (int)(n > 40 ? 40 : n), p, list);
			return -1;
		}
		if (x.to != ITER_LAST && x.from > x.to) {
			snprintf(err, cap, "iterations %ld-%ld run backwards",
			         x.from, x.to);
			return -1;
		}
		if (x.from >= LESSON_MAX_ITERATIONS ||
		    x.to >= LESSON_MAX_ITERATIONS) {
			snprintf(err, cap,
			         "iteration '%.*s' is past any lesson's last "
			         "(%ld)",
			         (int)(n > 40 ? 40 : n), p,
			         LESSON_MAX_ITERATIONS - 1);
			return -1;
		}
		if (r)
			r[count] = x;
		count++;
		if (!p[n])
			break;
		p += n + 1;
	}
	return count;
}

int dump_check_iterations(const char *list, char *err, size_t cap)
{
	return parse_list(list, NULL, err, cap) < 0 ? -1 : 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->to > y->to) - (x->to < y->to);
}

/* Replaces "last", sorts and merges overlapping or touching ranges: the
 * engine only runs forward, so a handout shows its iterations in order,
 * each once.  Returns the number of ranges left, or -1 with an iteration
 * past the last in *past. */
static long resolve_ranges(struct range *r, long n, long last, long *past)
{
	for (long i = 0; i < n; i++) {
		if (r[i].from == ITER_LAST)
			r[i].from = last;
		if (r[i].to == ITER_LAST)
			r[i].to = last;
		if (r[i].to > last) {
			*past = r[i].from > last ? r[i].from : r[i].to;
			return -1;
		}
	}
	qsort(r, (size_t)n, sizeof *r, cmp_range);
	long m = 0;
	for (long i = 0; i < n; i++) {
		if (m && r[i].from <= r[m - 1].to + 1) {
			if (r[i].to > r[m - 1].to)
				r[m - 1].to = r[i].to;
		} else {
			r[m++] = r[i];
		}
	}
	return m;
}

/* =====================================================================
 * Output
 * ===================================================================== */

/* Every byte goes through here, so the first failed write is caught with
 * its errno (the stream's error flag alone cannot tell EPIPE from a full
 * disk), and blank lines between blocks can be managed. */
#define WRITER_BUF (256 * 1024)

struct writer {
	FILE *f;
	int err; /* errno of the first failed write; 0 while all is well */
	int nl;  /* newlines ending the output so far, at most 2 */
	bool any;
	/* A handout is written in hundreds of thousands of small pieces;
	 * an fwrite each (locking, stdio's bookkeeping) was a tenth of the
	 * time, so they gather here and go out in large writes (256 KiB:
	 * a handout of 30 MB is then about a hundred write calls, not
	 * two thousand). */
	size_t len;
	char *buf; /* WRITER_BUF bytes, from dump_write */
};

/* Writes what has gathered; w_flush before the stream is flushed or
 * handed back. */
static void w_flush(struct writer *w)
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

static void w_put(struct writer *w, const char *s, size_t n)
{
	if (w->err || n == 0)
		return;
	if (w->len + n > WRITER_BUF) {
		w_flush(w);
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

static void w_str(struct writer *w, const char *s)
{
	w_put(w, s, strlen(s));
}

static void w_fmt(struct writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void w_fmt(struct writer *w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof buf) {
		w_put(w, buf, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		w->err = w->err ? w->err : ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	w_put(w, big, (size_t)n);
	free(big);
}

static void w_spaces(struct writer *w, size_t n)
{
	static const char sp[] = "                                        ";
	while (n > 0) {
		size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
		w_put(w, sp, k);
		n -= k;
	}
}

/* A blank line before a block, unless one is there already. */
static void w_gap(struct writer *w)
{
	if (w->any && w->nl < 2)
		w_put(w, w->nl ? "\n" : "\n\n", w->nl ? 1 : 2);
}

/* Columns of UTF-8 text: one per code point (the glyphs used here are all
 * single-width). */
static size_t ucols(const char *s, size_t n)
{
	/* Eight bytes at a time: a UTF-8 continuation byte is 10xxxxxx,
	 * bit 7 set and bit 6 clear.  Every long formula of a handout is
	 * counted here, byte by byte this was a twentieth of its time. */
	size_t c = n, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t m = (x & ~(x << 1)) & 0x8080808080808080ULL;
		c -= (size_t)(((m >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		c -= ((unsigned char)s[i] & 0xC0) == 0x80;
	return c;
}

/* =====================================================================
 * The dump's state
 * ===================================================================== */

struct glyph_set {
	const char *ell, *arrow, *times, *minus, *dot;
};

static const struct glyph_set utf8_set = {"…", "→", "×", "−", "·"};
static const struct glyph_set ascii_set = {"...", "->", "x", "-", "."};

/* One report line waiting for its stretch's summary line. */
struct pending_report {
	long iteration;
	size_t report;
	double value;
};

/* The loss at one iteration, for the closing table. */
struct point {
	long iteration;
	double loss, accuracy;
};

struct dump {
	const struct net *net;
	const struct lesson *l;
	const struct dump_options *o;
	struct writer w;
	const struct glyph_set *g;
	bool md, csv;
	int prec;                /* decimals shown */
	size_t width;            /* text columns */
	struct formula_style fs;
	struct formula_cache *fcache; /* operands' text; NULL if no memory */
	long last;               /* the lesson's last iteration */

	struct engine e;
	struct trace t;
	struct script sc;

	char *fbuf;              /* formula text */
	size_t fcap;
	char *lbuf;              /* a line being assembled */
	size_t lcap;
	/* An array's text (numfmt_array_text), one buffer for the whole
	 * dump. */
	char *abuf;
	size_t acap;

	bool data_shown;
	bool after_block;        /* an operation line needs a blank line first */
	bool stopped;            /* a non-finite value stopped training */
	long stop_iter;
	char stop_msg[DIAG_MSG_MAX];

	bool have_done;          /* some iteration completed */
	long done_iter;          /* the last completed iteration */
	double done_loss, done_acc;

	long table_every;
	struct point table[2 * TABLE_ROWS + 4];
	size_t n_table;

	/* The loss curve: iterations and losses, one spare slot for the
	 * last iteration. */
	double curve_it[CURVE_POINTS + 1], curve_loss[CURVE_POINTS + 1];
	size_t n_curve;
	long curve_stride;

	struct pending_report *reps;
	size_t n_reps, cap_reps;

	/* progress on stderr */
	double t_start, t_shown;
	bool bar_on;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Ensures a buffer holds at least `need` bytes. */
static int reserve(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 1024;
	while (c < need)
		c *= 2;
	char *p = realloc(*buf, c);
	if (!p)
		return -1;
	*buf = p;
	*cap = c;
	return 0;
}

/* The numeric formula of op `step` of trace t in D->fbuf; grows the
 * buffer when the text filled it (formula_numeric cuts silently).
 * Returns its length, or -1 when out of memory. */
static long formula(struct dump *D, const struct trace *t, size_t step)
{
	for (;;) {
		size_t n = formula_numeric(D->fbuf, D->fcap, t, step, &D->fs);
		if (n + 1 < D->fcap)
			return (long)n;
		if (reserve(&D->fbuf, &D->fcap, D->fcap * 2)) {
			D->w.err = D->w.err ? D->w.err : ENOMEM;
			return -1;
		}
	}
}

static void cell_name(const struct net *n, char *buf, size_t cap,
                      uint32_t tensor, uint32_t index)
{
	formula_cell_name(buf, cap, n, (struct cell_ref){tensor, index});
}

/* A number at the display precision ("0.5", "-0.3929"); with utf8 a
 * true minus sign, as the formulas write it. */
static void scalar(const struct dump *D, char *buf, size_t cap, double v)
{
	char b[NUMFMT_CELL_MAX];
	numfmt_scalar(b, sizeof b, v, D->prec);
	if (b[0] == '-' && D->o->utf8)
		snprintf(buf, cap, "%s%s", D->g->minus, b + 1);
	else
		snprintf(buf, cap, "%s", b);
}

/* A setting as the lesson wrote it: the shortest exact text, "1" rather
 * than Python's "1.0". */
static void setting(char *buf, size_t cap, double v)
{
	numfmt_repr(buf, cap, v);
	size_t n = strlen(buf);
	if (n > 2 && strcmp(buf + n - 2, ".0") == 0)
		buf[n - 2] = '\0';
}

/* =====================================================================
 * Wrapping
 * ===================================================================== */

/* Markdown would read these words at the start of a line as structure:
 * "#", "-", "+", "=" runs (headings, list items, rules, underlines), "1."
 * or "1)" (ordered items) and a leading ">" (quotes). */
static bool md_line_start_special(const char *word, size_t n)
{
	if (n == 0)
		return false;
	if (word[0] == '>')
		return true;
	if (strchr("#-+=", word[0])) {
		size_t i = 1;
		while (i < n && word[i] == word[0])
			i++;
		return i == n;
	}
	size_t i = 0;
	while (i < n && isdigit((unsigned char)word[i]))
		i++;
	return i > 0 && i + 1 == n && (word[i] == '.' || word[i] == ')');
}

/* Writes one word, escaping Markdown's inline syntax when asked. */
static void put_word(struct dump *D, const char *s, size_t n, bool md,
                     bool line_start)
{
	if (!md) {
		w_put(&D->w, s, n);
		return;
	}
	if (line_start && md_line_start_special(s, n))
		w_put(&D->w, "\\", 1);
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\`*_[]<>|", s[i])) {
			w_put(&D->w, s + from, i - from);
			w_put(&D->w, "\\", 1);
			from = i;
		}
	}
	w_put(&D->w, s + from, n - from);
}

static size_t md_word_cols(const char *s, size_t n, bool md)
{
	size_t c = ucols(s, n);
	if (md)
		for (size_t i = 0; i < n; i++)
			c += strchr("\\`*_[]<>|", s[i]) != NULL;
	return c;
}

/* Writes `text` word-wrapped to the width.  The first line starts with
 * `lead`; later lines start with `hang` spaces.  A newline in the text
 * starts a new paragraph with the same indent, after a blank line: the
 * lesson parser joins a text's continuation lines with spaces and keeps
 * a newline only where the lesson asked for a paragraph (a "." line).
 * With `md`, Markdown's syntax characters are escaped so the text prints
 * as written.  A word longer
 * than the line gets a line of its own.  Ends with a newline. */
static void wrap_words(struct dump *D, const char *lead, size_t hang,
                       const char *text, bool md)
{
	size_t col = ucols(lead, strlen(lead));
	w_str(&D->w, lead);
	bool line_empty = true;
	bool first_line = true;
	const char *p = text;
	while (*p) {
		/* Paragraph break: a newline, with any blanks and further
		 * newlines after it. */
		if (*p == '\n') {
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			if (*q && !line_empty) {
				w_str(&D->w, "\n\n");
				w_spaces(&D->w, hang);
				col = hang;
				line_empty = true;
				first_line = false;
			}
			p = q;
			continue;
		}
		if (*p == ' ' || *p == '\n' || *p == '\t') {
			p++;
			continue;
		}
		size_t n = strcspn(p, " \n\t");
		size_t wc = md_word_cols(p, n, md);
		if (!line_empty && col + 1 + wc > D->width) {
			w_str(&D->w, "\n");
			w_spaces(&D->w, hang);
			col = hang;
			line_empty = true;
			first_line = false;
		}
		if (!line_empty) {
			w_put(&D->w, " ", 1);
			col++;
		}
		put_word(D, p, n, md,
		         line_empty && (!first_line || !*lead));
		col += wc;
		line_empty = false;
		p += n;
	}
	w_str(&D->w, "\n");
}

struct brk {
	size_t at;   /* byte where the line ends */
	size_t skip; /* bytes dropped before the next line (the space) */
	size_t col;  /* column of `at` from the start of the text */
	int prio;    /* 4: " + " or " = " outside brackets; 3: one bracket
	                deep, or after ", "; 2: deeper; 1: other operators */
};

/* How good a place to break a sum or list `depth` brackets deep is. */
static int sum_prio(int depth)
{
	return depth == 0 ? 4 : depth == 1 ? 3 : 2;
}

/* Length of a binary operator followed by a space at s ("+ ", "× "), or
 * 0: the places a formula may break. */
static size_t operator_at(const char *s, size_t n)
{
	/* Tested byte by byte: this runs at every space of every long
	 * formula, and a table of strings with strlen and memcmp per entry
	 * was a tenth of a handout's time.  The operators are + = - * /,
	 * "×" (C3 97) and "−" (E2 88 92). */
	size_t m;
	if (n < 2) /* room for no operator and its space */
		return 0;
	switch ((unsigned char)s[0]) {
	case '+': case '=': case '-': case '*': case '/':
		m = 1;
		break;
	case 0xC3:
		m = n > 1 && (unsigned char)s[1] == 0x97 ? 2 : 0;
		break;
	case 0xE2:
		m = n > 2 && (unsigned char)s[1] == 0x88 &&
		    (unsigned char)s[2] == 0x92 ? 3 : 0;
		break;
	default:
		m = 0;
		break;
	}
	return m && m < n && s[m] == ' ' ? m : 0;
}

/* Writes "prefix + formula" wrapped to the width: lines break before an
 * operator (best before a " + " or " = " outside brackets) or after ", ",
 * continuation lines indented under the formula.  A line with no break
 * point that fits runs long: numbers are not split. */
static void wrap_formula(struct dump *D, const char *s, size_t len,
                         size_t body)
{
	size_t total = ucols(s, len);
	if (total <= D->width) {
		w_put(&D->w, s, len);
		w_put(&D->w, "\n", 1);
		return;
	}
	/* The bytes that matter to the scan: brackets, spaces and commas.
	 * The others (mostly digits) are skipped by a table look-up, and
	 * the column of a break is counted only when one is found. */
	static const unsigned char special[256] = {
		['('] = 1, ['['] = 1, [')'] = 1, [']'] = 1,
		[' '] = 1, [','] = 1};
	struct brk b[MAX_BREAKS];
	size_t nb = 0, col = 0, col_at = 0; /* col is the column of col_at */
	int depth = 0;
	for (size_t i = 0; i < len && nb < MAX_BREAKS; i++) {
		while (i < len && !special[(unsigned char)s[i]])
			i++;
		if (i >= len)
			break;
		char c = s[i];
		if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && depth > 0)
			depth--;
		if (i < body)
			continue;
		size_t op = c == ' ' ? operator_at(s + i + 1, len - i - 1) : 0;
		if (op) {
			bool sum = op == 1 && (s[i + 1] == '+' || s[i + 1] == '=');
			col += ucols(s + col_at, i - col_at);
			col_at = i;
			b[nb++] = (struct brk){i, 1, col,
			                       sum ? sum_prio(depth) : 1};
		} else if (c == ',' && i + 1 < len && s[i + 1] == ' ') {
			col += ucols(s + col_at, i - col_at);
			col_at = i;
			b[nb++] = (struct brk){i + 1, 1, col + 1,
			                       sum_prio(depth > 0 ? depth : 1)};
		}
	}
	size_t body_cols = ucols(s, body);
	size_t hang = body_cols <= D->width / 3 ? body_cols : 4;
	size_t start = 0, start_col = 0, indent = 0, k = 0;
	while (total - start_col + indent > D->width) {
		while (k < nb && b[k].at <= start)
			k++;
		/* The farthest break that fits among the best kinds, unless
		 * it leaves the line less than half full: then a lesser kind
		 * farther on. */
		long pick = -1;
		for (int prio = 4; prio >= 1 && pick < 0; prio--) {
			long far = -1;
			for (size_t j = k; j < nb; j++) {
				if (b[j].col - start_col + indent > D->width)
					break;
				if (b[j].prio >= prio)
					far = (long)j;
			}
			if (far >= 0 && (prio == 1 || 2 * (b[far].col - start_col +
			                                   indent) >= D->width))
				pick = far;
		}
		if (pick < 0)
			pick = k < nb ? (long)k : -1; /* nothing fits: run long */
		if (pick < 0)
			break;
		const struct brk *x = &b[pick];
		w_spaces(&D->w, indent);
		w_put(&D->w, s + start, x->at - start);
		w_put(&D->w, "\n", 1);
		start = x->at + x->skip;
		start_col = x->col + x->skip;
		indent = hang;
		k = (size_t)pick + 1;
	}
	w_spaces(&D->w, indent);
	w_put(&D->w, s + start, len - start);
	w_put(&D->w, "\n", 1);
}

/* =====================================================================
 * Arrays
 * ===================================================================== */

static size_t table_axis_shown(size_t n, bool summary)
{
	return summary && n > 6 ? 6 : n;
}

static size_t table_axis_index(size_t n, bool summary, size_t k)
{
	if (!summary || n <= 6 || k < 3)
		return k;
	return n - 6 + k;
}

/* A 1-D array as a one-row Markdown table under its indices, summarised
 * like numpy's "[a b c ... x y z]" beyond 1,000 values. */
static void md_vector(struct dump *D, const double *v, size_t n,
                      bool integral)
{
	bool summary = n > 1000;
	size_t sn = table_axis_shown(n, summary);
	double shown[6];
	struct numfmt f;
	if (summary) {
		for (size_t j = 0; j < sn; j++)
			shown[j] = v[table_axis_index(n, summary, j)];
		numfmt_plan(&f, shown, sn, D->prec, integral);
	} else {
		numfmt_plan(&f, v, n, D->prec, integral);
	}
	char cell[NUMFMT_CELL_MAX * 2];
	w_gap(&D->w);
	for (int line = 0; line < 3; line++) {
		w_str(&D->w, "|");
		for (size_t j = 0; j < sn; j++) {
			if (summary && j == 3 && line == 1)
				w_str(&D->w, "--:|");
			else if (summary && j == 3)
				w_fmt(&D->w, " %s |", D->g->ell);
			size_t i = table_axis_index(n, summary, j);
			if (line == 0) {
				w_fmt(&D->w, " %zu |", i);
			} else if (line == 1) {
				w_str(&D->w, "--:|");
			} else {
				numfmt_cell(cell, sizeof cell, v[i], &f);
				const char *p = cell;
				while (*p == ' ')
					p++;
				size_t m = strlen(p);
				while (m && p[m - 1] == ' ')
					m--;
				w_str(&D->w, " ");
				w_put(&D->w, p, m);
				w_str(&D->w, " |");
			}
		}
		w_str(&D->w, "\n");
	}
}

/* A matrix as a Markdown table: a header row of column indices, the row
 * index in the first column; summarised around "…" beyond 1,000 cells as
 * numpy summarises its printout.  A tensor shown 1-D gets md_vector. */
static void md_table(struct dump *D, const double *v, size_t rows,
                     size_t cols, bool integral, bool vector)
{
	if (vector) {
		md_vector(D, v, rows * cols, integral);
		return;
	}
	bool summary = rows * cols > 1000;
	size_t sr = table_axis_shown(rows, summary);
	size_t sc = table_axis_shown(cols, summary);
	double shown[36];
	size_t m = 0;
	if (summary) {
		for (size_t i = 0; i < sr; i++)
			for (size_t j = 0; j < sc; j++)
				shown[m++] = v[table_axis_index(rows, summary, i) *
				                       cols +
				               table_axis_index(cols, summary, j)];
	}
	struct numfmt f;
	if (summary)
		numfmt_plan(&f, shown, m, D->prec, integral);
	else
		numfmt_plan(&f, v, rows * cols, D->prec, integral);

	w_gap(&D->w);
	w_str(&D->w, "|   |");
	for (size_t j = 0; j < sc; j++) {
		if (summary && cols > 6 && j == 3)
			w_fmt(&D->w, " %s |", D->g->ell);
		w_fmt(&D->w, " %zu |", table_axis_index(cols, summary, j));
	}
	w_str(&D->w, "\n|--:|");
	for (size_t j = 0; j < sc + (summary && cols > 6); j++)
		w_str(&D->w, "--:|");
	w_str(&D->w, "\n");
	char cell[NUMFMT_CELL_MAX * 2];
	for (size_t i = 0; i < sr; i++) {
		size_t r = table_axis_index(rows, summary, i);
		if (summary && rows > 6 && i == 3) {
			w_fmt(&D->w, "| %s |", D->g->ell);
			for (size_t j = 0; j < sc + (cols > 6); j++)
				w_fmt(&D->w, " %s |", D->g->ell);
			w_str(&D->w, "\n");
		}
		w_fmt(&D->w, "| **%zu** |", r);
		for (size_t j = 0; j < sc; j++) {
			if (summary && cols > 6 && j == 3)
				w_fmt(&D->w, " %s |", D->g->ell);
			size_t c = table_axis_index(cols, summary, j);
			numfmt_cell(cell, sizeof cell, v[r * cols + c], &f);
			const char *p = cell;
			while (*p == ' ')
				p++;
			size_t n = strlen(p);
			while (n && p[n - 1] == ' ')
				n--;
			w_str(&D->w, " ");
			w_put(&D->w, p, n);
			w_str(&D->w, " |");
		}
		w_str(&D->w, "\n");
	}
}

/* "name = [[...]]" as numpy prints it, each line within the width: numpy
 * lays lines out for 75 columns, so a narrower handout asks it for a
 * deeper indent and takes the extra spaces back off every continuation
 * line. */
static void text_array(struct dump *D, const char *name, const double *v,
                       size_t rows, size_t cols, bool integral, bool vector)
{
	char prefix[LESSON_NAME_MAX + 16];
	size_t p = strnlen(name, sizeof prefix - 4);
	memcpy(prefix, name, p);
	memcpy(prefix + p, " = ", 4);
	p += 3;
	if (p > D->width / 3) {
		/* A long name: the array starts on a line of its own. */
		w_fmt(&D->w, "%s =\n", name);
		p = 0;
		prefix[0] = '\0';
	}
	size_t extra = D->width < 75 ? 75 - D->width : 0;
	size_t alen;
	/* numfmt prints a 1-D array when told there are no rows. */
	if (numfmt_array_text(&D->abuf, &D->acap, &alen, v, vector ? 0 : rows,
	                      vector ? rows * cols : cols, D->prec, integral,
	                      (int)(p + extra))) {
		D->w.err = D->w.err ? D->w.err : ENOMEM;
		return;
	}
	w_put(&D->w, prefix, p);
	const char *s = D->abuf, *end = D->abuf + alen;
	bool first = true;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl + 1 : end;
		if (!first) {
			size_t drop = 0;
			while (drop < extra && s + drop < e && s[drop] == ' ')
				drop++;
			s += drop;
		}
		w_put(&D->w, s, (size_t)(e - s));
		first = false;
		s = e;
	}
}

/* A tensor's value in this iteration's trace, in the format's style. */
static void show_tensor(struct dump *D, int ti, const char *label)
{
	const struct tensor *t = &D->net->tensors[ti];
	const double *v = D->t.values + t->offset;
	w_gap(&D->w);
	if (D->md) {
		char head[LESSON_NAME_MAX + 128];
		if (t->vector)
			snprintf(head, sizeof head, "%s`%s` (%zu):",
			         label ? label : "", t->name, t->rows * t->cols);
		else
			snprintf(head, sizeof head, "%s`%s` (%zu %s %zu):",
			         label ? label : "", t->name, t->rows,
			         D->g->times, t->cols);
		w_str(&D->w, head);
		w_str(&D->w, "\n");
		md_table(D, v, t->rows, t->cols, t->integral, t->vector);
	} else {
		if (label) {
			w_str(&D->w, label);
			w_str(&D->w, "\n");
		}
		text_array(D, t->name, v, t->rows, t->cols, t->integral,
		           t->vector);
	}
	D->after_block = true;
}

/* =====================================================================
 * Header
 * ===================================================================== */

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void field(struct dump *D, const char *key, const char *value)
{
	if (D->md) {
		char lead[64];
		snprintf(lead, sizeof lead, "- **%s**: ", key);
		wrap_words(D, lead, 2, value, false);
		return;
	}
	char lead[64];
	if (D->width >= 60) {
		snprintf(lead, sizeof lead, "  %-13s ", key);
		wrap_words(D, lead, 16, value, false);
	} else {
		/* Too narrow for a column of keys. */
		snprintf(lead, sizeof lead, "  %s: ", key);
		wrap_words(D, lead, 4, value, false);
	}
}

static const char *init_text(const struct layer_spec *ls, char *buf,
                             size_t cap)
{
	char a[32], b[32];
	switch (ls->init) {
	case INIT_UNIFORM:
		setting(a, sizeof a, ls->init_low);
		setting(b, sizeof b, ls->init_high);
		snprintf(buf, cap, "uniform in [%s, %s)", a, b);
		break;
	case INIT_NORMAL:
		setting(a, sizeof a, ls->init_scale);
		snprintf(buf, cap, "normal, scaled by %s", a);
		break;
	case INIT_ZEROS:
		snprintf(buf, cap, "zeros");
		break;
	default:
		snprintf(buf, cap, "written in the lesson");
		break;
	}
	return buf;
}

static void header(struct dump *D)
{
	const struct lesson *l = D->l;
	const struct net *n = D->net;
	const struct glyph_set *g = D->g;
	char v[1024], a[64], b[64];
	const char *title = l->title ? l->title : "Untitled lesson";

	if (D->md) {
		w_str(&D->w, "# ");
		put_word(D, title, strlen(title), true, false);
		w_str(&D->w, "\n");
	} else {
		w_str(&D->w, title);
		w_str(&D->w, "\n");
		size_t u = ucols(title, strlen(title));
		for (size_t i = 0; i < u && i < D->width; i++)
			w_put(&D->w, "=", 1);
		w_str(&D->w, "\n");
	}
	if (l->source && *l->source) {
		w_gap(&D->w);
		wrap_words(D, D->md ? "Source: " : "Source: ", 2, l->source,
		           D->md);
	}
	if (l->description && *l->description) {
		w_gap(&D->w);
		wrap_words(D, "", 0, l->description, D->md);
	}

	w_gap(&D->w);
	if (D->md)
		w_str(&D->w, "## The network\n\n");
	else
		w_str(&D->w, "The network\n");

	const struct tensor *tx = &n->tensors[n->input];
	snprintf(v, sizeof v, "%s: %zu sample%s, %zu input%s (%s), %zu target%s "
	         "(%s)%s",
	         l->data_path ? basename_of(l->data_path) : "written in the lesson",
	         l->n_samples, l->n_samples == 1 ? "" : "s", l->n_inputs,
	         l->n_inputs == 1 ? "" : "s", tx->name, l->n_outputs,
	         l->n_outputs == 1 ? "" : "s", n->tensors[n->target].name,
	         l->data_integral ? ", whole numbers" : "");
	field(D, "data", v);

	bool any_bias = false;
	for (int k = 0; k < l->n_layers; k++)
		any_bias |= l->layers[k].bias;
	snprintf(v, sizeof v, "%s: z = %s %s %s%s (%s)",
	         l->conv == CONV_ROWS ? "rows" : "columns",
	         l->conv == CONV_ROWS ? "a" : "W", g->dot,
	         l->conv == CONV_ROWS ? "W" : "a",
	         any_bias ? " + b" : "",
	         l->conv == CONV_ROWS
	                 ? "each sample is a row; W is (inputs, units)"
	                 : "each sample is a column; W is (units, inputs)");
	field(D, "convention", v);

	for (int k = 1; k <= l->n_layers; k++) {
		const struct layer_spec *ls = &l->layers[k - 1];
		const struct tensor *w = &n->tensors[n->layer_tensor[k][ROLE_W]];
		char key[32], init[64], extra[160] = "";
		snprintf(key, sizeof key, "layer %d", k);
		if (ls->act == ACT_SIGMOID || ls->act == ACT_TANH ||
		    ls->act == ACT_RELU) {
			bool from_a = ls->deriv == DERIV_FROM_OUTPUT;
			if (from_a || ls->deriv_scale != 1) {
				setting(a, sizeof a, ls->deriv_scale);
				snprintf(extra, sizeof extra,
				         "; derivative computed from %s%s%s",
				         from_a ? "the output a" : "z",
				         ls->deriv_scale != 1 ? ", times " : "",
				         ls->deriv_scale != 1 ? a : "");
			}
		}
		snprintf(v, sizeof v,
		         "%d unit%s, %s; weights %s (%zu %s %zu)%s%s; "
		         "initial values %s%s",
		         ls->units, ls->units == 1 ? "" : "s",
		         lesson_activation_name(ls->act), w->name, w->rows,
		         g->times, w->cols, ls->bias ? ", bias " : ", no bias",
		         ls->bias ? n->tensors[n->layer_tensor[k][ROLE_B]].name
		                  : "",
		         init_text(ls, init, sizeof init), extra);
		field(D, key, v);
	}

	if (l->loss == LOSS_ERROR) {
		snprintf(v, sizeof v,
		         "error = y %s a, and the weights move along it "
		         "(w + rate %s gradient); the loss reported is the %s of "
		         "|error|",
		         g->minus, g->times,
		         l->reduction == REDUCE_MEAN ? "mean" : "sum");
	} else {
		snprintf(v, sizeof v, "%s, %s over the samples",
		         lesson_loss_name(l->loss),
		         l->reduction == REDUCE_MEAN ? "averaged" : "summed");
	}
	field(D, "loss", v);
	v[0] = '\0';
	for (int m = 0; m < LOSS_COUNT; m++) {
		if (!(l->metrics & (1u << m)))
			continue;
		size_t len = strlen(v);
		snprintf(v + len, sizeof v - len, "%s%s loss", len ? ", " : "",
		         lesson_loss_name(m));
	}
	if (l->accuracy) {
		size_t len = strlen(v);
		setting(a, sizeof a, l->accuracy_threshold);
		snprintf(v + len, sizeof v - len, "%saccuracy%s%s", len ? ", " : "",
		         l->n_outputs == 1 ? " (output > " : "",
		         l->n_outputs == 1 ? a : "");
		if (l->n_outputs == 1)
			strncat(v, ")", sizeof v - strlen(v) - 1);
	}
	if (v[0])
		field(D, "also shown", v);

	/* The seeds' quirks, so numbers that differ from a textbook's are
	 * explained up front. */
	v[0] = '\0';
	if (l->clip_sigmoid > 0) {
		setting(a, sizeof a, l->clip_sigmoid);
		snprintf(v + strlen(v), sizeof v - strlen(v),
		         "sigmoid input clipped to [-%s, %s]; ", a, a);
	}
	if (l->clip_probability > 0) {
		setting(a, sizeof a, l->clip_probability);
		snprintf(v + strlen(v), sizeof v - strlen(v),
		         "probabilities clipped below at %s; ", a);
	}
	if (any_bias)
		snprintf(v + strlen(v), sizeof v - strlen(v),
		         "bias gradient %s over the samples; ",
		         l->bias_grad == REDUCE_MEAN ? "averaged" : "summed");
	if (l->layers[l->n_layers - 1].act == ACT_SOFTMAX)
		snprintf(v + strlen(v), sizeof v - strlen(v),
		         "softmax backward %s; ",
		         l->softmax_backward == SOFTMAX_SIMPLIFIED
		                 ? "simplified (delta = a - y)"
		                 : "through its Jacobian");
	size_t len = strlen(v);
	if (len >= 2) {
		v[len - 2] = '\0';
		field(D, "quirks", v);
	}

	if (l->has_seed)
		snprintf(a, sizeof a, "%lu", (unsigned long)l->seed);
	setting(b, sizeof b, l->learning_rate);
	snprintf(v, sizeof v,
	         "%s%s%slearning rate %s, %ld iteration%s (0 to %ld)",
	         l->has_seed ? "seed " : "", l->has_seed ? a : "",
	         l->has_seed ? ", " : "", b, l->iterations,
	         l->iterations == 1 ? "" : "s", D->last);
	field(D, "training", v);
}

/* =====================================================================
 * One traced iteration
 * ===================================================================== */

static const char *const phase_titles[PHASE_COUNT] = {
	"Forward pass", "Loss", "Backward pass", "Update"};

static void heading(struct dump *D, int level, const char *text)
{
	w_gap(&D->w);
	if (D->md) {
		for (int i = 0; i < level; i++)
			w_put(&D->w, "#", 1);
		w_put(&D->w, " ", 1);
		w_str(&D->w, text);
		w_put(&D->w, "\n", 1);
		D->after_block = true;
		return;
	}
	size_t len = strlen(text);
	w_put(&D->w, text, len);
	w_put(&D->w, "\n", 1);
	/* The underline as long as the text, in pieces of up to 128. */
	char rule[128];
	memset(rule, level <= 2 ? '=' : '-', sizeof rule);
	size_t u = ucols(text, len);
	if (u > D->width)
		u = D->width;
	while (u > 0) {
		size_t k = u < sizeof rule ? u : sizeof rule;
		w_put(&D->w, rule, k);
		u -= k;
	}
	w_put(&D->w, "\n", 1);
	D->after_block = true;
}

static void report_line(struct dump *D, long it, size_t r, double value)
{
	const struct report *rp = &D->l->reports[r];
	char num[32], line[512];
	numfmt_repr(num, sizeof num, value);
	const char *label = rp->label ? rp->label : "";
	size_t n = strlen(label);
	/* "Error:0.49..." as the seed's program prints it; a label ending
	 * in a letter gets a space. */
	bool space = n && isalnum((unsigned char)label[n - 1]);
	snprintf(line, sizeof line, "%s%s%s (iteration %ld)", label,
	         space ? " " : "", num, it);
	if (D->md) {
		w_str(&D->w, "    ");
		w_str(&D->w, line);
		w_str(&D->w, "\n");
	} else {
		wrap_words(D, "", 2, line, false);
	}
}

/* Reports due at iteration `it` (printed at once). */
static void reports_now(struct dump *D, long it, double loss, double acc)
{
	bool any = false;
	for (size_t r = 0; r < D->l->n_reports; r++) {
		const struct report *rp = &D->l->reports[r];
		if (rp->every <= 0 || it % rp->every != 0)
			continue;
		if (!any) {
			w_gap(&D->w);
			if (D->md)
				w_str(&D->w, "Reports:\n\n");
			any = true;
		}
		report_line(D, it, r,
		            rp->what == REPORT_ACCURACY ? acc : loss);
	}
}

static void cue_text(struct dump *D, const struct cue *c, size_t step)
{
	if (c->kind == CUE_PAUSE)
		return;
	const char *lead = D->md ? "" : "  ";
	size_t hang = D->md ? 0 : 2;
	w_gap(&D->w);
	if (c->kind == CUE_SAY) {
		wrap_words(D, lead, hang, c->text ? c->text : "", D->md);
	} else {
		char ans[64], num[NUMFMT_CELL_MAX + 8];
		scalar(D, num, sizeof num, D->t.ops[step].value);
		snprintf(ans, sizeof ans, "(answer: %s)", num);
		size_t tl = strlen(c->text ? c->text : "");
		size_t hl = c->hint ? strlen(c->hint) : 0;
		char *q = malloc(tl + hl + sizeof ans + 32);
		if (!q) {
			D->w.err = D->w.err ? D->w.err : ENOMEM;
			return;
		}
		snprintf(q, tl + hl + sizeof ans + 32, "%s%s%s %s",
		         c->text ? c->text : "", hl ? " Hint: " : "",
		         hl ? c->hint : "", ans);
		char l2[16];
		snprintf(l2, sizeof l2, "%s%s", lead, D->md ? "**Predict:** "
		                                            : "Predict: ");
		wrap_words(D, l2, hang, q, D->md);
		free(q);
	}
	w_gap(&D->w);
}

/* The line an elided stretch of a big tensor leaves behind. */
static void elided(struct dump *D, size_t count, int tensor)
{
	char line[LESSON_NAME_MAX + 128];
	const char *name = D->net->tensors[tensor].name;
	if (D->md)
		snprintf(line, sizeof line,
		         "- %s %zu more operation%s on `%s` (see `--format csv` "
		         "for all)",
		         D->g->ell, count, count == 1 ? "" : "s", name);
	else
		snprintf(line, sizeof line,
		         "%s %zu more operation%s on %s (see --format csv for "
		         "all)",
		         D->g->ell, count, count == 1 ? "" : "s", name);
	wrap_words(D, "", D->md ? 2 : 4, line, false);
}

/* Operation `step` of trace t as "cell = hand calculation". */
static void op_line(struct dump *D, const struct trace *t, size_t step)
{
	const struct op *op = &t->ops[step];
	char name[LESSON_NAME_MAX + 48];
	cell_name(t->net, name, sizeof name, op->tensor, op->index);
	long fl = formula(D, t, step);
	if (fl < 0)
		return;
	size_t nl = strlen(name);
	if (reserve(&D->lbuf, &D->lcap, nl + (size_t)fl + 16)) {
		D->w.err = D->w.err ? D->w.err : ENOMEM;
		return;
	}
	if (D->after_block) {
		w_gap(&D->w);
		D->after_block = false;
	}
	if (D->md) {
		w_str(&D->w, "- `");
		w_put(&D->w, name, nl);
		w_str(&D->w, " = ");
		w_put(&D->w, D->fbuf, (size_t)fl);
		w_str(&D->w, "`\n");
		return;
	}
	memcpy(D->lbuf, name, nl);
	memcpy(D->lbuf + nl, " = ", 3);
	memcpy(D->lbuf + nl + 3, D->fbuf, (size_t)fl);
	wrap_formula(D, D->lbuf, nl + 3 + (size_t)fl, nl + 3);
}

static void stop_message(struct dump *D, size_t step)
{
	const struct op *op = &D->t.ops[step];
	char name[LESSON_NAME_MAX + 48];
	cell_name(D->net, name, sizeof name, op->tensor, op->index);
	/* Operations counted from 1, as the player shows them ("op 4/10");
	 * only the CSV's step column counts from 0. */
	snprintf(D->stop_msg, sizeof D->stop_msg,
	         "training stopped: the value of %s is not finite (%s) at "
	         "iteration %ld, operation %zu (%s)",
	         name, isnan(op->value) ? "nan" : op->value > 0 ? "inf" : "-inf",
	         D->t.iteration, step + 1, phase_name((enum phase)op->phase));
}

/* lead, the iteration number, tail: what snprintf(out, cap, "%s%ld%s")
 * writes (cut to cap - 1 bytes), by hand, since every iteration of a
 * handout has three such lines.  Returns the length written. */
static size_t titled(char *out, size_t cap, const char *lead, long it,
                     const char *tail)
{
	char num[24];
	size_t nn = 0;
	if (it < 0) {
		num[nn++] = '-';
		it = -it;
	}
	nn += numfmt_decimal(num + nn, (unsigned long long)it);
	const char *part[3] = {lead, num, tail};
	size_t plen[3] = {strlen(lead), nn, strlen(tail)}, len = 0;
	for (int i = 0; i < 3 && cap; i++) {
		size_t k = plen[i] < cap - 1 - len ? plen[i] : cap - 1 - len;
		memcpy(out + len, part[i], k);
		len += k;
	}
	if (cap)
		out[len] = '\0';
	return len;
}

static void show_iteration(struct dump *D, const struct step_result *res)
{
	const struct trace *t = &D->t;
	const struct net *n = D->net;
	char title[128];
	if (D->md) {
		titled(title, sizeof title, "Iteration ", t->iteration,
		       t->nonfinite_step >= 0 ? " (training stopped here)" : "");
		heading(D, 2, title);
	} else {
		/* The article's banner, its dashes shortened to fit. */
		size_t tl = titled(title, sizeof title, "ITERATION #",
		                   t->iteration,
		                   t->nonfinite_step >= 0
		                           ? " (training stopped here)"
		                           : "");
		size_t dashes = D->width > tl + 2 ? (D->width - tl - 2) / 2 : 0;
		if (dashes > 10)
			dashes = 10;
		w_gap(&D->w);
		if (dashes < 3) {
			wrap_words(D, "", 0, title, false);
		} else {
			static const char bar[] = "----------";
			w_put(&D->w, bar, dashes);
			w_put(&D->w, " ", 1);
			w_put(&D->w, title, tl);
			w_put(&D->w, " ", 1);
			w_put(&D->w, bar, dashes);
			w_put(&D->w, "\n", 1);
		}
	}

	if (!D->data_shown) {
		D->data_shown = true;
		w_gap(&D->w);
		wrap_words(D, "", 0, "The data (the same in every iteration):",
		           false);
		show_tensor(D, n->input, D->md ? "Inputs " : NULL);
		show_tensor(D, n->target, D->md ? "Targets " : NULL);
	}
	w_gap(&D->w);
	titled(title, sizeof title, "Parameters at the start of iteration ",
	       t->iteration, ":");
	wrap_words(D, "", 0, title, false);
	for (int k = 1; k <= D->l->n_layers; k++)
		for (int r = ROLE_W; r <= ROLE_B; r++)
			if (n->layer_tensor[k][r] >= 0)
				show_tensor(D, n->layer_tensor[k][r], NULL);

	int phase = -1;
	size_t run_start = 0, run_len = 0, skipped = 0;
	for (size_t i = 0; i < t->n_ops && !D->w.err; i++) {
		const struct op *op = &t->ops[i];
		if (op->phase != phase) {
			phase = op->phase;
			heading(D, 3, phase_titles[phase]);
		}
		if (i == 0 || op->tensor != t->ops[i - 1].tensor) {
			run_start = i;
			run_len = 1;
			while (i + run_len < t->n_ops &&
			       t->ops[i + run_len].tensor == op->tensor)
				run_len++;
			skipped = 0;
		}
		const struct tensor *te = &n->tensors[op->tensor];
		/* (script_at on an empty list would do arithmetic on NULL.) */
		const struct cue_at *cues = NULL;
		size_t nc = D->sc.n ? script_at(&D->sc, i, &cues) : 0;
		bool big = te->rows * te->cols > BIG_TENSOR;
		bool stop_here = (long)i == t->nonfinite_step;
		bool show = !big || i - run_start < BIG_SHOWN || nc || stop_here;
		if (show) {
			if (skipped) {
				elided(D, skipped, (int)op->tensor);
				skipped = 0;
			}
			for (size_t c = 0; c < nc; c++)
				cue_text(D, &D->l->cues[cues[c].cue], i);
			op_line(D, &D->t, i);
			if (stop_here) {
				stop_message(D, i);
				w_gap(&D->w);
				if (D->md) /* the message's head in bold */
					wrap_words(D, "**Training stopped:** ", 0,
					           strchr(D->stop_msg, ':') + 2, true);
				else
					wrap_words(D, "!! ", 3, D->stop_msg, false);
				w_gap(&D->w);
			}
		} else {
			skipped++;
		}
		if (i + 1 == run_start + run_len) {
			if (skipped)
				elided(D, skipped, (int)op->tensor);
			if (te->rows * te->cols > 1) {
				show_tensor(D, (int)op->tensor, NULL);
			} else if (i + 1 < t->n_ops) {
				/* Scalars (loss, accuracy, metrics) stay
				 * together; a tensor after one gets space. */
				const struct tensor *nx =
					&n->tensors[t->ops[i + 1].tensor];
				D->after_block = nx->rows * nx->cols > 1;
			}
		}
	}
	reports_now(D, t->iteration, res->loss, res->accuracy);
}

/* =====================================================================
 * CSV
 * ===================================================================== */

static bool csv_needs_quotes(const char *s, size_t n)
{
	return memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
	       memchr(s, '\r', n);
}

size_t dump_csv_field(char *out, const char *s, size_t n)
{
	if (!csv_needs_quotes(s, n)) {
		memcpy(out, s, n);
		return n;
	}
	size_t len = 0;
	out[len++] = '"';
	for (size_t i = 0; i < n; i++) {
		out[len++] = s[i];
		if (s[i] == '"')
			out[len++] = '"';
	}
	out[len++] = '"';
	return len;
}

/* A field as dump_csv_field writes it.  Most fields need no quotes and
 * go out as they are; a quoted one is built on the stack (or, past 4 KiB,
 * the heap: formulas can be long). */
static void csv_field(struct writer *w, const char *s, size_t n)
{
	if (!csv_needs_quotes(s, n)) {
		w_put(w, s, n);
		return;
	}
	char stack[4096];
	char *q = 2 * n + 2 <= sizeof stack ? stack : malloc(2 * n + 2);
	if (!q) {
		if (!w->err)
			w->err = ENOMEM;
		return;
	}
	w_put(w, q, dump_csv_field(q, s, n));
	if (q != stack)
		free(q);
}

static void csv_iteration(struct dump *D)
{
	const struct trace *t = &D->t;
	char head[128], name[LESSON_NAME_MAX + 48], value[40];
	for (size_t i = 0; i < t->n_ops && !D->w.err; i++) {
		const struct op *op = &t->ops[i];
		/* "iteration,phase,step,op," and later ",value,", by hand:
		 * printf was a third of a CSV handout's time. */
		const char *ph = phase_name((enum phase)op->phase);
		const char *kn = op_kind_name((enum op_kind)op->kind);
		size_t hn = numfmt_decimal(head, (unsigned long long)t->iteration);
		head[hn++] = ',';
		w_put(&D->w, head, hn);
		w_str(&D->w, ph);
		hn = 0;
		head[hn++] = ',';
		hn += numfmt_decimal(head + hn, i);
		head[hn++] = ',';
		w_put(&D->w, head, hn);
		w_str(&D->w, kn);
		w_put(&D->w, ",", 1);
		size_t nn = formula_cell_name(name, sizeof name, D->net,
		                              (struct cell_ref){op->tensor,
		                                                op->index});
		csv_field(&D->w, name, nn);
		size_t vn = 1;
		value[0] = ',';
		if (isnan(op->value)) { /* never "-nan" */
			memcpy(value + vn, "nan", 3);
			vn += 3;
		} else {
			vn += numfmt_g17(value + vn, sizeof value - 2, op->value);
		}
		value[vn++] = ',';
		w_put(&D->w, value, vn);
		long fl = formula(D, &D->t, i);
		if (fl < 0)
			return;
		csv_field(&D->w, D->fbuf, (size_t)fl);
		w_put(&D->w, "\n", 1);
	}
}

/* =====================================================================
 * Running
 * ===================================================================== */

/* Remembers iteration `it` (completed, finite) for the summary. */
static void note_done(struct dump *D, long it, const struct step_result *r)
{
	D->have_done = true;
	D->done_iter = it;
	D->done_loss = r->loss;
	D->done_acc = r->accuracy;
	if (it % D->table_every == 0 &&
	    D->n_table < sizeof D->table / sizeof *D->table)
		D->table[D->n_table++] = (struct point){it, r->loss, r->accuracy};
	if (it % D->curve_stride)
		return;
	if (D->n_curve == CURVE_POINTS) {
		/* Point i is iteration i * stride: the even ones are the
		 * multiples of the doubled stride. */
		size_t m = 0;
		for (size_t i = 0; i < D->n_curve; i += 2, m++) {
			D->curve_it[m] = D->curve_it[i];
			D->curve_loss[m] = D->curve_loss[i];
		}
		D->n_curve = m;
		D->curve_stride *= 2;
		if (it % D->curve_stride)
			return;
	}
	D->curve_it[D->n_curve] = (double)it;
	D->curve_loss[D->n_curve++] = r->loss;
}

/* "\r[#####     ] 45% 12345 it/s 2s left" on stderr, from the third of a
 * second on (short runs stay silent) and at most ten times a second. */
static void progress(struct dump *D, long done, long total)
{
	double t = now_seconds();
	double el = t - D->t_start;
	if (el < 0.3 || t - D->t_shown < 0.1)
		return;
	D->t_shown = t;
	D->bar_on = true;
	double rate = done / (el > 0 ? el : 1e-9);
	double left = rate > 0 ? (total - done) / rate : 0;
	int pct = (int)(100.0 * done / (total ? total : 1));
	char bar[11];
	for (int i = 0; i < 10; i++)
		bar[i] = i < pct / 10 ? '#' : ' ';
	bar[10] = '\0';
	fprintf(stderr, "\r[%s] %d%% %.0f it/s %.0fs left ", bar, pct, rate,
	        left);
	fflush(stderr);
}

static void progress_end(struct dump *D)
{
	if (!D->bar_on)
		return;
	fprintf(stderr, "\r%50s\r", "");
	fflush(stderr);
	D->bar_on = false;
}

static void flush_reports(struct dump *D)
{
	for (size_t i = 0; i < D->n_reps; i++) {
		if (i == 0)
			w_gap(&D->w);
		report_line(D, D->reps[i].iteration, D->reps[i].report,
		            D->reps[i].value);
	}
	D->n_reps = 0;
}

static int queue_reports(struct dump *D, long it, const struct step_result *r)
{
	for (size_t k = 0; k < D->l->n_reports; k++) {
		const struct report *rp = &D->l->reports[k];
		if (rp->every <= 0 || it % rp->every != 0)
			continue;
		if (D->n_reps == REPORTS_BUFFERED)
			flush_reports(D);
		if (D->n_reps == D->cap_reps) {
			size_t c = D->cap_reps ? D->cap_reps * 2 : 64;
			void *p = realloc(D->reps, c * sizeof *D->reps);
			if (!p)
				return -1;
			D->reps = p;
			D->cap_reps = c;
		}
		D->reps[D->n_reps++] = (struct pending_report){
			it, k, rp->what == REPORT_ACCURACY ? r->accuracy : r->loss};
	}
	return 0;
}

static int traced(struct dump *D, struct diags *d);

/* Runs iterations up to and including `to` without tracing; the text and
 * Markdown handouts get one line for the stretch and its reports.  A
 * non-finite value ends the run there: that iteration is shown in full.
 * Returns 0 or -1 (out of memory). */
static int untraced(struct dump *D, long to, struct diags *d)
{
	long from = D->e.iteration, total = to - from + 1;
	double first_loss = 0, last_loss = 0;
	bool quiet = D->csv, stop = false;
	D->t_start = now_seconds();
	D->t_shown = 0;
	while (D->e.iteration <= to) {
		long it = D->e.iteration;
		struct step_result r;
		if (engine_step(&D->e, NULL, &r)) {
			progress_end(D);
			diags_add(d, D->l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
		if (r.nonfinite) {
			to = it - 1;
			stop = true;
			break;
		}
		note_done(D, it, &r);
		if (it == from)
			first_loss = r.loss;
		last_loss = r.loss;
		if (!quiet && queue_reports(D, it, &r)) {
			progress_end(D);
			diags_add(d, D->l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
		if (D->o->progress && ((it - from) & 15) == 15)
			progress(D, it - from + 1, total);
	}
	progress_end(D);
	if (!quiet && to >= from) {
		char a[48], b[48], line[256];
		scalar(D, a, sizeof a, first_loss);
		scalar(D, b, sizeof b, last_loss);
		if (to > from)
			snprintf(line, sizeof line,
			         "%s iterations %ld-%ld run without printing (loss "
			         "%s %s %s)",
			         D->g->ell, from, to, a, D->g->arrow, b);
		else
			snprintf(line, sizeof line,
			         "%s iteration %ld runs without printing (loss %s)",
			         D->g->ell, from, a);
		w_gap(&D->w);
		wrap_words(D, "", 2, line, D->md);
		flush_reports(D);
	}
	/* The engine did not advance past the non-finite iteration: run it
	 * again traced to show where training stopped. */
	return stop ? traced(D, d) : 0;
}

/* Runs the engine's next iteration traced and shows it. */
static int traced(struct dump *D, struct diags *d)
{
	struct step_result r;
	long it = D->e.iteration;
	if (engine_step(&D->e, &D->t, &r) || D->t.oom) {
		diags_add(d, D->l->path, 0, 0, EXIT_SOFTWARE,
		          "out of memory tracing iteration %ld", it);
		return -1;
	}
	if (r.nonfinite) {
		D->stopped = true;
		D->stop_iter = it;
	} else {
		note_done(D, it, &r);
	}
	if (D->csv) {
		csv_iteration(D);
		return 0;
	}
	long last = D->stopped ? it : D->last;
	if (script_attach(&D->sc, D->l, &D->t, last)) {
		diags_add(d, D->l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	show_iteration(D, &r);
	return 0;
}

/* =====================================================================
 * Summary
 * ===================================================================== */

static void loss_curve(struct dump *D);

static void summary(struct dump *D)
{
	const struct net *n = D->net;
	char a[48], line[DIAG_MSG_MAX + 128];
	heading(D, 2, D->md ? "Summary" : "SUMMARY");
	if (D->stopped) {
		w_gap(&D->w);
		snprintf(line, sizeof line, "%s%s.", D->stop_msg,
		         D->have_done ? "" : " (no iteration completed)");
		line[0] = (char)toupper((unsigned char)line[0]);
		wrap_words(D, "", 0, line, D->md);
	} else {
		w_gap(&D->w);
		snprintf(line, sizeof line, "Trained %ld iteration%s (0 to %ld).",
		         D->last + 1, D->last ? "s" : "", D->last);
		wrap_words(D, "", 0, line, D->md);
	}

	w_gap(&D->w);
	if (D->have_done)
		snprintf(line, sizeof line,
		         "Parameters after the update of iteration %ld:",
		         D->done_iter);
	else
		snprintf(line, sizeof line, "Parameters (never updated):");
	wrap_words(D, "", 0, line, false);
	/* The engine holds them; show them through a tensor's layout. */
	for (int k = 1; k <= D->l->n_layers; k++)
		for (int r = ROLE_W; r <= ROLE_B; r++) {
			int ti = n->layer_tensor[k][r];
			if (ti < 0)
				continue;
			const struct tensor *t = &n->tensors[ti];
			const double *v = D->e.params + t->offset;
			w_gap(&D->w);
			if (D->md) {
				w_fmt(&D->w, "`%s` (%zu %s %zu):\n", t->name,
				      t->rows, D->g->times, t->cols);
				md_table(D, v, t->rows, t->cols, false,
				         t->vector);
			} else {
				text_array(D, t->name, v, t->rows, t->cols,
				           false, t->vector);
			}
		}
	if (!D->have_done)
		return;

	w_gap(&D->w);
	scalar(D, a, sizeof a, D->done_loss);
	snprintf(line, sizeof line, "Final loss (iteration %ld): %s",
	         D->done_iter, a);
	wrap_words(D, "", 2, line, false);
	bool acc = !isnan(D->done_acc);
	if (acc) {
		scalar(D, a, sizeof a, D->done_acc);
		snprintf(line, sizeof line, "Final accuracy (iteration %ld): %s",
		         D->done_iter, a);
		wrap_words(D, "", 2, line, false);
	}

	/* The table and the curve end at the last completed iteration. */
	if (D->n_curve == 0 ||
	    D->curve_it[D->n_curve - 1] != (double)D->done_iter) {
		D->curve_it[D->n_curve] = (double)D->done_iter;
		D->curve_loss[D->n_curve++] = D->done_loss;
	}
	if (D->n_table == 0 ||
	    D->table[D->n_table - 1].iteration != D->done_iter) {
		if (D->n_table == sizeof D->table / sizeof *D->table)
			D->n_table--;
		D->table[D->n_table++] =
			(struct point){D->done_iter, D->done_loss, D->done_acc};
	}
	w_gap(&D->w);
	if (D->md) {
		w_str(&D->w, "Loss during training:\n\n");
		w_fmt(&D->w, "| iteration | loss |%s\n|--:|--:|%s\n",
		      acc ? " accuracy |" : "", acc ? "--:|" : "");
	} else {
		w_str(&D->w, "Loss during training:\n");
		if (acc)
			w_fmt(&D->w, "  %10s  %-20s  %s\n", "iteration", "loss",
			      "accuracy");
		else
			w_fmt(&D->w, "  %10s  %s\n", "iteration", "loss");
	}
	for (size_t i = 0; i < D->n_table; i++) {
		const struct point *p = &D->table[i];
		char l[48], c[48] = "";
		scalar(D, l, sizeof l, p->loss);
		if (acc)
			scalar(D, c, sizeof c, p->accuracy);
		if (D->md)
			w_fmt(&D->w, "| %ld | %s |%s%s%s\n", p->iteration, l,
			      acc ? " " : "", c, acc ? " |" : "");
		else if (acc)
			w_fmt(&D->w, "  %10ld  %-20s  %s\n", p->iteration, l, c);
		else
			w_fmt(&D->w, "  %10ld  %s\n", p->iteration, l);
	}
	loss_curve(D);
}

/* =====================================================================
 * Plots
 * ===================================================================== */

static int clamp_int(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A plot at the handout's width, as lines of text; in Markdown a fenced
 * block (its fence longer than any run of backticks a label brings). */
static void show_plot(struct dump *D, int height, const struct plot_series *s,
                      size_t ns, const struct plot_options *o)
{
	struct plot_grid g = {0};
	int w = (int)D->width;
	size_t cap = PLOT_ROW_BYTES(w);
	char *row = malloc(cap);
	if (!row || plot_grid_render(&g, w, height, s, ns, o)) {
		free(row);
		D->w.err = D->w.err ? D->w.err : ENOMEM;
		return;
	}
	size_t fence = 3;
	for (int r = 0; D->md && r < g.height; r++) {
		plot_grid_text(&g, r, row, cap);
		size_t run = 0;
		for (const char *p = row; *p; p++) {
			run = *p == '`' ? run + 1 : 0;
			if (run >= fence)
				fence = run + 1;
		}
	}
	w_gap(&D->w);
	for (size_t i = 0; D->md && i < fence; i++)
		w_put(&D->w, "`", 1);
	if (D->md)
		w_str(&D->w, "text\n");
	for (int r = 0; r < g.height; r++) {
		size_t n = plot_grid_text(&g, r, row, cap);
		w_put(&D->w, row, n);
		w_put(&D->w, "\n", 1);
	}
	for (size_t i = 0; D->md && i < fence; i++)
		w_put(&D->w, "`", 1);
	if (D->md)
		w_str(&D->w, "\n");
	D->after_block = true;
	free(row);
	plot_grid_free(&g);
}

/* The loss over the iterations run, on a log scale when it falls (or
 * rises) tenfold and never reaches 0. */
static void loss_curve(struct dump *D)
{
	if (D->n_curve < 2)
		return;
	double lo = D->curve_loss[0], hi = lo;
	for (size_t i = 1; i < D->n_curve; i++) {
		lo = D->curve_loss[i] < lo ? D->curve_loss[i] : lo;
		hi = D->curve_loss[i] > hi ? D->curve_loss[i] : hi;
	}
	bool log = lo > 0 && hi >= 10 * lo;
	char yname[LESSON_NAME_MAX + 32];
	snprintf(yname, sizeof yname, "%s%s", D->net->tensors[D->net->loss].name,
	         log ? " (log scale)" : "");
	struct plot_series s = {NULL, D->curve_it, D->curve_loss, D->n_curve,
	                        PLOT_LINE, NULL};
	struct plot_options o = {.utf8 = D->o->utf8, .frame = true,
	                         .log_y = log, .x_name = "iteration",
	                         .y_name = yname, .x_min = NAN, .x_max = NAN,
	                         .y_min = NAN, .y_max = NAN};
	show_plot(D, clamp_int((int)D->width / 6, 10, 16), &s, 1, &o);
}

/* =====================================================================
 * Predictions (test-data)
 * ===================================================================== */

/* What the prediction section needs, from the test net's trace. */
struct predict {
	const struct net *tn;
	const struct trace *tt;
	const double *x, *y, *a, *res; /* the test trace's input, target,
	                                  output and residual tensors */
	size_t n, ni, no;
	double *lo, *hi;               /* (ni) the training inputs' range */
	bool *outside;                 /* (n) past it in some input */
	size_t n_outside;
};

/* Cell (sample s, unit j) of a tensor laid out for the samples, in its
 * own slice: samples are rows or columns by the lesson's convention. */
static size_t at_sample(const struct predict *P, const struct tensor *t,
                        size_t s, size_t j)
{
	return P->tn->lesson->conv == CONV_ROWS ? net_cell(t, s, j)
	                                        : net_cell(t, j, s);
}

static const char *input_label(const struct dump *D, size_t j, char *buf,
                               size_t cap)
{
	const struct lesson *l = D->l;
	if (l->input_cols)
		snprintf(buf, cap, "%s", l->input_cols[j].name);
	else if (l->n_inputs == 1)
		snprintf(buf, cap, "%s", D->net->tensors[D->net->input].name);
	else
		snprintf(buf, cap, "%s[%zu]", D->net->tensors[D->net->input].name,
		         j);
	return buf;
}

/* The sample a cell belongs to, or -1 for a cell of no one sample (the
 * loss, the parameters). */
static long sample_of(const struct predict *P, const struct tensor *t,
                      uint32_t index)
{
	if (t->rows * t->cols == 1 && P->n != 1)
		return -1;
	if (P->tn->lesson->conv == CONV_ROWS)
		return t->rows == P->n ? (long)(index / t->cols) : -1;
	return t->cols == P->n ? (long)(index % t->cols) : -1;
}

/* The hand calculations of one sample's prediction: its forward pass,
 * its residual, and the loss over every test sample.  The output error
 * (the loss' gradient) is left out: a prediction does not learn. */
static void worked_sample(struct dump *D, const struct predict *P, size_t s)
{
	const struct trace *t = P->tt;
	const struct net *n = P->tn;
	int phase = -1;
	for (size_t i = 0; i < t->n_ops && !D->w.err; i++) {
		const struct op *op = &t->ops[i];
		const struct tensor *te = &n->tensors[op->tensor];
		long owner = sample_of(P, te, op->index);
		if (te->role == ROLE_ERROR || (owner >= 0 && (size_t)owner != s))
			continue;
		if (op->phase != phase) {
			phase = op->phase;
			heading(D, 3, phase_titles[phase]);
		}
		op_line(D, t, i);
	}
}

/* Numbers aligned on their decimal point: each cell padded to the
 * column's widest integer part on the left and fraction on the right. */
struct num_col {
	size_t int_w, frac_w;
};

static void num_split(const char *s, size_t *int_w, size_t *frac_w)
{
	const char *dot = strchr(s, '.');
	size_t n = strlen(s), k = dot ? (size_t)(dot - s) : n;
	*int_w = ucols(s, k);
	*frac_w = ucols(s + k, n - k);
}

static void num_fit(struct num_col *c, const char *s)
{
	size_t i, f;
	num_split(s, &i, &f);
	c->int_w = i > c->int_w ? i : c->int_w;
	c->frac_w = f > c->frac_w ? f : c->frac_w;
}

static size_t num_width(const struct num_col *c)
{
	return c->int_w + c->frac_w;
}

/* The table's cells of sample s, column k (inputs, then per output:
 * target, prediction, residual), at the display precision. */
static void table_cell(struct dump *D, const struct predict *P, size_t s,
                       size_t k, char *buf, size_t cap)
{
	const struct net *n = P->tn;
	if (k < P->ni) {
		const struct tensor *tx = &n->tensors[n->input];
		double v = lesson_data_units(D->l, k,
		                     P->x[at_sample(P, tx, s, k)]);
		scalar(D, buf, cap, v);
		return;
	}
	size_t o = (k - P->ni) / 3, what = (k - P->ni) % 3;
	const struct tensor *ty = &n->tensors[n->target];
	size_t cell = at_sample(P, ty, s, o);
	double v = what == 0 ? P->y[cell] : what == 1 ? P->a[cell]
	                                              : P->res[cell];
	scalar(D, buf, cap, v);
}

static void table_header(struct dump *D, const struct predict *P, size_t k,
                         char *buf, size_t cap)
{
	const struct net *n = P->tn;
	if (k < P->ni) {
		input_label(D, k, buf, cap);
		return;
	}
	size_t o = (k - P->ni) / 3, what = (k - P->ni) % 3;
	static const char *const role[] = {"target ", "prediction ", ""};
	int ti = what == 0   ? n->target
	         : what == 1 ? n->layer_tensor[D->l->n_layers][ROLE_A]
	                     : n->residual;
	char idx[32] = "";
	if (P->no > 1)
		snprintf(idx, sizeof idx, "[%zu]", o);
	snprintf(buf, cap, "%s%s%s", role[what], n->tensors[ti].name, idx);
}

static void prediction_table(struct dump *D, const struct predict *P)
{
	size_t ncols = P->ni + 3 * P->no;
	size_t shown = P->n < PREDICTIONS_SHOWN ? P->n : PREDICTIONS_SHOWN;
	struct num_col *c = calloc(ncols, sizeof *c);
	size_t *w = calloc(ncols, sizeof *w);
	if (!c || !w) {
		free(c);
		free(w);
		D->w.err = D->w.err ? D->w.err : ENOMEM;
		return;
	}
	char cellb[NUMFMT_CELL_MAX + 8], head[LESSON_NAME_MAX + 48];
	for (size_t s = 0; s < shown; s++)
		for (size_t k = 0; k < ncols; k++) {
			table_cell(D, P, s, k, cellb, sizeof cellb);
			num_fit(&c[k], cellb);
		}
	char num[32];
	int idx_w = snprintf(num, sizeof num, "%zu", shown ? shown - 1 : 0);
	if (idx_w < 1)
		idx_w = 1;
	for (size_t k = 0; k < ncols; k++) {
		table_header(D, P, k, head, sizeof head);
		size_t hw = ucols(head, strlen(head));
		w[k] = hw > num_width(&c[k]) ? hw : num_width(&c[k]);
	}
	const char *in = "inside", *out = "outside";

	w_gap(&D->w);
	if (D->md) {
		w_str(&D->w, "| sample |");
		for (size_t k = 0; k < ncols; k++) {
			table_header(D, P, k, head, sizeof head);
			w_str(&D->w, " ");
			put_word(D, head, strlen(head), true, false);
			w_str(&D->w, " |");
		}
		w_str(&D->w, " range |\n|--:|");
		for (size_t k = 0; k < ncols; k++)
			w_str(&D->w, "--:|");
		w_str(&D->w, ":--|\n");
	} else {
		w_fmt(&D->w, "  %*s", idx_w, "#");
		for (size_t k = 0; k < ncols; k++) {
			table_header(D, P, k, head, sizeof head);
			w_spaces(&D->w, 2 + w[k] - ucols(head, strlen(head)));
			w_str(&D->w, head);
		}
		w_str(&D->w, "  range\n");
	}
	for (size_t s = 0; s < shown && !D->w.err; s++) {
		if (D->md)
			w_fmt(&D->w, "| %zu |", s);
		else
			w_fmt(&D->w, "  %*zu", idx_w, s);
		for (size_t k = 0; k < ncols; k++) {
			table_cell(D, P, s, k, cellb, sizeof cellb);
			if (D->md) {
				w_fmt(&D->w, " %s |", cellb);
				continue;
			}
			size_t iw, fw;
			num_split(cellb, &iw, &fw);
			w_spaces(&D->w, 2 + w[k] - num_width(&c[k]) +
			                        c[k].int_w - iw);
			w_str(&D->w, cellb);
			w_spaces(&D->w, c[k].frac_w - fw);
		}
		if (D->md)
			w_fmt(&D->w, " %s |\n", P->outside[s] ? out : in);
		else
			w_fmt(&D->w, "  %s\n", P->outside[s] ? out : in);
	}
	if (shown < P->n) {
		char line[96];
		snprintf(line, sizeof line, "%s %zu more sample%s", D->g->ell,
		         P->n - shown, P->n - shown == 1 ? "" : "s");
		if (D->md)
			w_gap(&D->w);
		wrap_words(D, D->md ? "" : "  ", 2, line, false);
	}
	free(c);
	free(w);
}

/* "angle 0 to 30, x2 -1 to 1": the training range in the data's units. */
static void range_text(struct dump *D, const struct predict *P, char *buf,
                       size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t j = 0; j < P->ni && len + 1 < cap; j++) {
		char name[LESSON_NAME_MAX + 24], a[48], b[48];
		input_label(D, j, name, sizeof name);
		scalar(D, a, sizeof a, lesson_data_units(D->l, j, P->lo[j]));
		scalar(D, b, sizeof b, lesson_data_units(D->l, j, P->hi[j]));
		int k = snprintf(buf + len, cap - len, "%s%s %s to %s",
		                 j ? ", " : "", name, a, b);
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

/* Target and prediction against the input, the training range marked:
 * for one input and one output. */
static void fit_plot(struct dump *D, const struct predict *P, double *rawx,
                     const char *range)
{
	const struct net *n = P->tn;
	const struct tensor *tx = &n->tensors[n->input];
	double tlo = 0, thi = 0;
	for (size_t s = 0; s < P->n; s++) {
		double x = P->x[at_sample(P, tx, s, 0)];
		rawx[s] = lesson_data_units(D->l, 0, x);
		tlo = s == 0 || x < tlo ? x : tlo;
		thi = s == 0 || x > thi ? x : thi;
	}
	/* Rules where the training range ends inside the test range. */
	double rules[2];
	size_t nr = 0;
	if (P->lo[0] > tlo)
		rules[nr++] = lesson_data_units(D->l, 0, P->lo[0]);
	if (P->hi[0] < thi)
		rules[nr++] = lesson_data_units(D->l, 0, P->hi[0]);
	char xname[LESSON_NAME_MAX + 24], target[LESSON_NAME_MAX + 16];
	char pred[LESSON_NAME_MAX + 16], rule[300];
	input_label(D, 0, xname, sizeof xname);
	const char *yname = n->tensors[n->target].name;
	snprintf(target, sizeof target, "target %s", yname);
	snprintf(pred, sizeof pred, "prediction %s",
	         n->tensors[n->layer_tensor[D->l->n_layers][ROLE_A]].name);
	snprintf(rule, sizeof rule, "trained on %s", range);
	/* Target and prediction share the data's layout: one output, so
	 * cell s is sample s in either convention. */
	struct plot_series s[2] = {
		{target, rawx, P->y, P->n, PLOT_LINE, NULL},
		{pred, rawx, P->a, P->n, PLOT_MARKS,
		 D->o->utf8 ? "\xc3\x97" : "x"}};
	struct plot_options o = {.utf8 = D->o->utf8, .frame = true,
	                         .x_name = xname, .y_name = yname,
	                         .rules = rules, .n_rules = nr,
	                         .rule_label = nr ? rule : NULL,
	                         .x_min = NAN, .x_max = NAN, .y_min = NAN,
	                         .y_max = NAN};
	show_plot(D, clamp_int((int)D->width / 4, 12, 24), s, 2, &o);
}

/* The trained network on the lesson's test data: a forward pass traced
 * like every other (engine_forward on the test net), one prediction
 * worked out by hand, the table of all of them, and the plot.  Returns 0
 * or -1 (out of memory, or a test net that cannot be laid out). */
static int predictions(struct dump *D, struct diags *d)
{
	const struct lesson *l = D->l;
	struct lesson view;
	struct net tn;
	struct trace tt;
	struct step_result r;
	struct predict P = {0};
	double *rawx = NULL;
	int rc = -1;
	if (net_init_test(&tn, &view, l, d))
		return -1;
	memset(&tt, 0, sizeof tt);
	P.n = l->n_test;
	P.ni = l->n_inputs;
	P.no = l->n_outputs;
	P.lo = malloc(P.ni * sizeof *P.lo);
	P.hi = malloc(P.ni * sizeof *P.hi);
	P.outside = calloc(P.n, sizeof *P.outside);
	rawx = malloc(P.n * sizeof *rawx);
	if (!P.lo || !P.hi || !P.outside || !rawx || trace_init(&tt, &tn) ||
	    engine_forward(&tn, D->e.params, &tt, &r) || tt.oom) {
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE,
		          "out of memory predicting the test data");
		goto cleanup;
	}
	P.tn = &tn;
	P.tt = &tt;
	P.x = tt.values + tn.tensors[tn.input].offset;
	P.y = tt.values + tn.tensors[tn.target].offset;
	P.a = tt.values + tn.tensors[tn.layer_tensor[l->n_layers][ROLE_A]].offset;
	P.res = tt.values + tn.tensors[tn.residual].offset;

	/* The training range of each input (the lesson's data, scaled as
	 * the network saw it), and the samples past it. */
	for (size_t j = 0; j < P.ni; j++) {
		P.lo[j] = P.hi[j] = l->x[j];
		for (size_t i = 1; i < l->n_samples; i++) {
			double v = l->x[i * P.ni + j];
			P.lo[j] = v < P.lo[j] ? v : P.lo[j];
			P.hi[j] = v > P.hi[j] ? v : P.hi[j];
		}
	}
	const struct tensor *tx = &tn.tensors[tn.input];
	const struct tensor *tr = &tn.tensors[tn.residual];
	size_t worst = 0;
	double worst_v = -1;
	for (size_t s = 0; s < P.n; s++) {
		for (size_t j = 0; j < P.ni; j++) {
			double v = P.x[at_sample(&P, tx, s, j)];
			P.outside[s] |= v < P.lo[j] || v > P.hi[j];
		}
		P.n_outside += P.outside[s];
		for (size_t o = 0; o < P.no; o++) {
			double e = fabs(P.res[at_sample(&P, tr, s, o)]);
			if (e > worst_v) {
				worst_v = e;
				worst = s;
			}
		}
	}

	char range[256], line[1024], a[48], b[48], who[300];
	range_text(D, &P, range, sizeof range);
	heading(D, 2, D->md ? "Predictions" : "PREDICTIONS");
	w_gap(&D->w);
	if (D->stopped)
		snprintf(who, sizeof who, "The network as training left it (the "
		         "parameters at the start of iteration %ld, where it "
		         "stopped)", D->stop_iter);
	else
		snprintf(who, sizeof who, "The trained network (the parameters "
		         "after the update of iteration %ld)", D->done_iter);
	snprintf(line, sizeof line,
	         "%s, run forward on %s without learning: %zu sample%s, %zu "
	         "of them outside the range it was trained on (%s). Each "
	         "prediction is a forward pass like those above; the "
	         "residual is prediction %s target.",
	         who, basename_of(l->test_path), P.n, P.n == 1 ? "" : "s",
	         P.n_outside, range, D->g->minus);
	wrap_words(D, "", 0, line, D->md);

	size_t k = 0;
	who[0] = '\0';
	for (size_t j = 0; j < P.ni && j < 3; j++) {
		char name[LESSON_NAME_MAX + 24];
		input_label(D, j, name, sizeof name);
		scalar(D, a, sizeof a,
		       lesson_data_units(l, j, P.x[at_sample(&P, tx, worst, j)]));
		int m = snprintf(who + k, sizeof who - k, "%s%s %s",
		                 j ? ", " : "", name, a);
		if (m < 0 || (size_t)m >= sizeof who - k)
			break;
		k += (size_t)m;
	}
	w_gap(&D->w);
	snprintf(line, sizeof line,
	         "The prediction for sample %zu (%s%s), the one furthest "
	         "from its target, worked out:",
	         worst, who, P.ni > 3 ? ", ..." : "");
	wrap_words(D, "", 0, line, D->md);
	worked_sample(D, &P, worst);

	w_gap(&D->w);
	wrap_words(D, "", 0, "Every prediction:", false);
	prediction_table(D, &P);

	w_gap(&D->w);
	scalar(D, a, sizeof a, r.loss);
	scalar(D, b, sizeof b, D->done_loss);
	if (D->have_done)
		snprintf(line, sizeof line,
		         "%s over the %zu test samples: %s (on the training "
		         "data, at iteration %ld: %s).",
		         tn.tensors[tn.loss].name, P.n, a, D->done_iter, b);
	else
		snprintf(line, sizeof line, "%s over the %zu test samples: %s.",
		         tn.tensors[tn.loss].name, P.n, a);
	line[0] = (char)toupper((unsigned char)line[0]);
	wrap_words(D, "", 0, line, D->md);

	if (P.ni == 1 && P.no == 1)
		fit_plot(D, &P, rawx, range);
	rc = 0;
cleanup:
	trace_free(&tt);
	net_free(&tn);
	free(P.lo);
	free(P.hi);
	free(P.outside);
	free(rawx);
	return rc;
}

/* =====================================================================
 * Entry point
 * ===================================================================== */

/* 1, 2 or 5 times a power of ten, at least n / TABLE_ROWS. */
static long table_step(long n)
{
	long want = n / TABLE_ROWS;
	if (want < 1)
		return 1;
	for (long p = 1;; p *= 10) {
		if (p >= want)
			return p;
		if (2 * p >= want)
			return 2 * p;
		if (5 * p >= want)
			return 5 * p;
	}
}

int dump_write(FILE *out, const struct net *n, const struct dump_options *o,
               struct diags *d)
{
	const struct lesson *l = n->lesson;
	struct dump D = {0};
	struct range *ranges = NULL;
	int rc = -1;

	D.net = n;
	D.l = l;
	D.o = o;
	D.w.f = out;
	D.g = o->utf8 ? &utf8_set : &ascii_set;
	D.md = o->format == DUMP_MARKDOWN;
	D.csv = o->format == DUMP_CSV;
	D.prec = o->precision >= 0 ? o->precision : l->precision;
	D.width = o->width > 0 ? (size_t)o->width : 80;
	D.fs = (struct formula_style){D.prec, o->utf8, D.csv ? 0 : MAX_TERMS,
	                              NULL};
	D.last = l->iterations - 1;
	D.table_every = table_step(l->iterations);
	D.curve_stride = 1;

	/* The list: the user's, else the lesson's, else the ends. */
	const char *list = o->iterations ? o->iterations
	                   : l->handout  ? l->handout
	                                 : "0,last";
	char err[256];
	size_t items = 1;
	for (const char *p = list; *p; p++)
		items += *p == ',';
	ranges = malloc(items * sizeof *ranges);
	if (!ranges) {
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	long nr = parse_list(list, ranges, err, sizeof err);
	long past;
	if (nr >= 0 && (nr = resolve_ranges(ranges, nr, D.last, &past)) < 0)
		snprintf(err, sizeof err, "iteration %ld is past the last (%ld)",
		         past, D.last);
	if (nr < 0) {
		int code = o->iterations ? EXIT_USAGE : EXIT_DATAERR;
		diags_add(d, l->path, 0, 0, code, "%s%s", err,
		          o->iterations ? "" : " (the lesson's handout list)");
		free(ranges);
		return -1;
	}

	/* Without the cache formulas are only slower; freed at cleanup. */
	D.fs.cache = D.fcache = calloc(1, sizeof *D.fcache);
	D.w.buf = malloc(WRITER_BUF);
	if (!D.w.buf || engine_init(&D.e, n) || trace_init(&D.t, n) ||
	    reserve(&D.fbuf, &D.fcap, 4096) || reserve(&D.lbuf, &D.lcap, 4096)) {
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
		goto cleanup;
	}

	if (D.csv)
		w_str(&D.w, "iteration,phase,step,op,target,value,formula\n");
	else
		header(&D);

	for (long i = 0; i < nr && !D.stopped && !D.w.err; i++) {
		if (D.e.iteration < ranges[i].from &&
		    untraced(&D, ranges[i].from - 1, d))
			goto cleanup;
		while (!D.stopped && !D.w.err && D.e.iteration <= ranges[i].to)
			if (traced(&D, d))
				goto cleanup;
	}
	/* Text and Markdown close with the trained network: run to the end
	 * (reports included); a CSV holds only the shown iterations. */
	if (!D.csv && !D.w.err) {
		if (!D.stopped && D.e.iteration <= D.last &&
		    untraced(&D, D.last, d))
			goto cleanup;
		if (!D.w.err)
			summary(&D);
		if (!D.w.err && l->n_test && predictions(&D, d))
			goto cleanup;
	}

	w_flush(&D.w);
	errno = 0;
	if (!D.w.err && fflush(out))
		D.w.err = errno ? errno : EIO;
	if (!D.w.err && ferror(out))
		D.w.err = EIO;
	if (D.w.err == EPIPE) {
		/* The reader stopped (nntrace dump ... | head): nothing is
		 * wrong with the handout. */
		clearerr(out);
		rc = 0;
	} else if (D.w.err) {
		diags_add(d, o->out_name ? o->out_name : "", 0, 0, EXIT_IOERR,
		          "write error: %s", strerror(D.w.err));
	} else {
		rc = 0;
	}
cleanup:
	/* What was written before a failure goes out, as it did unbuffered. */
	if (D.w.buf)
		w_flush(&D.w);
	free(D.w.buf);
	progress_end(&D);
	script_free(&D.sc);
	trace_free(&D.t);
	engine_free(&D.e);
	free(D.abuf);
	free(D.fcache);
	free(D.fbuf);
	free(D.lbuf);
	free(D.reps);
	free(ranges);
	return rc;
}
