/* lesson: reads a lesson file into a struct lesson.
 *
 * One pass over the lines fills the lesson and collects errors; after the
 * last line the data are loaded and everything that depends on more than
 * one line is checked (shapes, names, the loss against the last layer).
 * The grammar is documented in docs/lesson-format.md: keep the two in step.
 */
#include "lesson/lesson.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson/dataset.h"
#include "core/op.h"

#define DEFAULT_TOLERANCE 5e-5
#define PREDICT_FAILED (-2L)
#define SHOW_MAX 40 /* bytes of a word quoted back in a message */

/* ==== vocabulary ======================================================== */

enum dir {
	D_TITLE, D_SOURCE, D_DESCRIPTION, D_PRECISION, D_HANDOUT,
	D_DATA, D_INPUTS, D_TARGETS, D_ONE_HOT, D_SCALE, D_SAMPLE,
	D_NAME, D_CONVENTION, D_LAYER, D_BIAS, D_INIT, D_WEIGHTS, D_BIASES,
	D_DERIVATIVE, D_COMPARE_DERIVATIVES, D_SEED, D_LOSS, D_REDUCTION, D_BIAS_GRADIENT,
	D_LEARNING_RATE, D_ITERATIONS, D_CLIP, D_SOFTMAX_BACKWARD,
	D_ACCURACY, D_METRICS, D_SAY, D_PAUSE, D_PREDICT, D_HINT,
	D_TOLERANCE, D_REPORT, D_TEST_DATA,
	D_COUNT
};

static const char *const dir_names[D_COUNT] = {
	[D_TITLE] = "title", [D_SOURCE] = "source",
	[D_DESCRIPTION] = "description", [D_PRECISION] = "precision",
	[D_HANDOUT] = "handout", [D_DATA] = "data", [D_INPUTS] = "inputs",
	[D_TARGETS] = "targets", [D_ONE_HOT] = "one-hot",
	[D_SCALE] = "scale", [D_SAMPLE] = "sample", [D_NAME] = "name",
	[D_CONVENTION] = "convention", [D_LAYER] = "layer",
	[D_BIAS] = "bias", [D_INIT] = "init", [D_WEIGHTS] = "weights",
	[D_BIASES] = "biases", [D_DERIVATIVE] = "derivative",
	[D_COMPARE_DERIVATIVES] = "compare-derivatives",
	[D_SEED] = "seed", [D_LOSS] = "loss", [D_REDUCTION] = "reduction",
	[D_BIAS_GRADIENT] = "bias-gradient",
	[D_LEARNING_RATE] = "learning-rate", [D_ITERATIONS] = "iterations",
	[D_CLIP] = "clip", [D_SOFTMAX_BACKWARD] = "softmax-backward",
	[D_ACCURACY] = "accuracy", [D_METRICS] = "metrics", [D_SAY] = "say",
	[D_PAUSE] = "pause", [D_PREDICT] = "predict", [D_HINT] = "hint",
	[D_TOLERANCE] = "tolerance", [D_REPORT] = "report",
	[D_TEST_DATA] = "test-data",
};

/* Directives whose arguments end in free text: a '#' there is text, not
 * the start of a comment. */
static bool is_text_dir(enum dir d)
{
	return d == D_TITLE || d == D_SOURCE || d == D_DESCRIPTION ||
	       d == D_SAY || d == D_PREDICT || d == D_HINT || d == D_REPORT;
}

static const char *const act_names[ACT_COUNT] = {
	[ACT_IDENTITY] = "identity", [ACT_SIGMOID] = "sigmoid",
	[ACT_TANH] = "tanh", [ACT_RELU] = "relu",
	[ACT_SOFTPLUS] = "softplus", [ACT_SOFTMAX] = "softmax",
};

static const char *const loss_names[LOSS_COUNT] = {
	[LOSS_ERROR] = "error", [LOSS_SQUARED] = "squared",
	[LOSS_ABSOLUTE] = "absolute", [LOSS_BCE] = "binary-cross-entropy",
	[LOSS_CCE] = "cross-entropy",
};

/* The metrics are the losses that are one number per iteration. */
static const char *const metric_names[] = {
	"squared", "absolute", "binary-cross-entropy", "cross-entropy",
};
static const enum loss_kind metric_kinds[] = {
	LOSS_SQUARED, LOSS_ABSOLUTE, LOSS_BCE, LOSS_CCE,
};

/* `name ROLE NAME`: the four global tensors first, then the layer roles
 * in enum role order. */
enum { NAME_INPUT, NAME_TARGET, NAME_LOSS, NAME_ACCURACY, N_GLOBAL_NAMES };
#define NAME_IN_SELECTOR (-2)
static const char *const name_roles[N_GLOBAL_NAMES + ROLE_COUNT] = {
	"input", "target", "loss", "accuracy",
	"weights", "bias", "z", "exp", "sum", "output", "error",
	"derivative", "delta", "weight-gradient", "bias-gradient",
	"new-weights", "new-bias", "wrong-derivative", "other-derivative",
	"numeric-derivative",
};
static const char *const global_what[N_GLOBAL_NAMES] = {
	"the input", "the target", "the loss", "the accuracy",
};
static const char *const role_what[ROLE_COUNT] = {
	[ROLE_W] = "the weights", [ROLE_B] = "the bias", [ROLE_Z] = "z",
	[ROLE_EXP] = "exp", [ROLE_SUM] = "sum", [ROLE_A] = "the output",
	[ROLE_ERROR] = "the error", [ROLE_DERIV] = "the derivative",
	[ROLE_DELTA] = "the delta", [ROLE_DW] = "the weight gradient",
	[ROLE_DB] = "the bias gradient", [ROLE_W_NEW] = "the new weights",
	[ROLE_B_NEW] = "the new bias",
	[ROLE_DERIV_WRONG] = "the wrong derivative",
	[ROLE_DERIV_OTHER] = "the other derivative",
	[ROLE_DERIV_NUMERIC] = "the numeric derivative",
};
/* Default names are prefix, layer number, suffix: "W1", "W1_new". */
static const char *const role_prefix[ROLE_COUNT] = {
	"W", "b", "z", "exp", "sum", "a", "error", "deriv", "delta", "dW",
	"db", "W", "b", "deriv", "deriv", "deriv",
};
static const char *const role_suffix[ROLE_COUNT] = {
	[ROLE_W_NEW] = "_new", [ROLE_B_NEW] = "_new",
	[ROLE_DERIV_WRONG] = "_wrong", [ROLE_DERIV_OTHER] = "_other",
	[ROLE_DERIV_NUMERIC] = "_numeric",
};

/* Tensors that exist only when the layer compares derivatives. */
static bool role_is_comparison(int r)
{
	return r == ROLE_DERIV_WRONG || r == ROLE_DERIV_OTHER ||
	       r == ROLE_DERIV_NUMERIC;
}

static bool role_has_bias(int r)
{
	return r == ROLE_B || r == ROLE_DB || r == ROLE_B_NEW;
}

static const char *const yes_no[] = {"yes", "no"};

/* ==== parser state ====================================================== */

struct tok {
	char *s;    /* NUL-terminated, inside the line copy */
	size_t off; /* byte offset in the line */
};

struct sbuf {
	char *s;
	size_t len, cap;
};

struct colref {
	char *name;
	struct src_pos pos;
};

struct scale_spec {
	char *col;
	double offset, divisor;
	struct src_pos pos; /* of the column name */
	int line;
};

/* What parsing learnt about a layer beyond struct layer_spec. */
struct layer_extra {
	bool bad;                 /* its `layer` line had an error */
	int line_of[D_COUNT];     /* first line of each layer setting */
	struct src_pos units_pos, act_pos, init_pos;
	struct src_pos w_pos, b_pos; /* opening '[' of the literals */
	struct src_pos name_pos[ROLE_COUNT]; /* line 0: default name */
	size_t w_rows, w_cols;    /* shape of the given weights */
	size_t n_b;               /* count of the given biases */
	bool w_bad, b_bad;        /* the literal had an error */
};

/* A matrix or vector literal, read token by token across lines. */
struct literal {
	enum dir what;       /* D_WEIGHTS or D_BIASES */
	int layer;           /* index into l->layers */
	int depth;           /* brackets open now */
	int dims;            /* 1 or 2 once known */
	bool started, done;
	bool after_value;    /* a ',' may come next */
	size_t row_len, rows, cols;
	double *v;
	size_t n, cap;
	struct src_pos open, row_open;
	struct src_pos kw;   /* the keyword */
};

enum cont_kind { CONT_NONE, CONT_TEXT, CONT_LITERAL, CONT_SKIP };
enum text_dst { TD_DESCRIPTION, TD_CUE_TEXT, TD_CUE_HINT };

struct parser {
	struct lesson *l;
	struct diags *d;
	const char *file;
	bool failed, oom;
	bool skipped;   /* a line was not read (bad bytes): whatever it
	                   said may be missing, so say nothing is */

	/* The current line, copied so tokens can be NUL-terminated. */
	int line;
	int last_line;
	char *ln;
	size_t ln_len, ln_cap;
	size_t cc_off;  /* column cache: offset ... */
	int cc_col;     /* ... and its column */
	struct tok *tok;
	size_t n_tok, tok_cap;

	/* Directives seen: first line (0 = not yet) and whether it was bad. */
	int line_of[D_COUNT];
	bool bad[D_COUNT];
	int name_line[N_GLOBAL_NAMES];
	struct src_pos name_pos[N_GLOBAL_NAMES];
	int clip_line[2];
	struct src_pos loss_pos, sb_pos, threshold_pos;
	bool threshold_given;
	struct src_pos metric_pos[LOSS_COUNT];
	struct layer_extra lx[LESSON_MAX_LAYERS];
	bool too_many_layers;

	/* Data as written, resolved after the last line. */
	char *data_arg;
	struct src_pos data_pos;
	char *test_arg;          /* `test-data`, or NULL */
	struct src_pos test_pos;
	struct colref *inputs, *targets;
	size_t n_in_names, n_tg_names;
	struct colref onehot;
	long classes;
	struct scale_spec *scales;
	size_t n_scales, scales_cap;
	double *sx, *sy;
	size_t sx_n, sx_cap, sy_n, sy_cap;
	size_t s_count, s_ni, s_no;
	int s_first_line;
	bool mix_reported;

	/* Indented lines go on with this. */
	enum cont_kind cont;
	enum text_dst text_dst;
	size_t text_idx;
	struct sbuf text;
	struct src_pos text_pos;
	enum dir text_dir;
	struct literal lit;

	size_t cues_cap, reports_cap;
	long last_predict; /* cue index, -1 before the first predict or
	                      PREDICT_FAILED when the latest had errors */
	int hint_line, tolerance_line;
};

/* ==== small helpers ===================================================== */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A word quoted back in a message: at most SHOW_MAX bytes, cut on a
 * character boundary, "..." when cut.  Returned by value, so no static
 * buffer. */
struct shown {
	char s[SHOW_MAX + 4];
};

static struct shown show(const char *s)
{
	struct shown r;
	size_t n = strlen(s);
	if (n <= SHOW_MAX) {
		memcpy(r.s, s, n + 1);
		return r;
	}
	n = SHOW_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(r.s, s, n);
	memcpy(r.s + n, "...", 4);
	return r;
}

static char *xstrdup(struct parser *p, const char *s)
{
	char *r = strdup(s);
	if (!r)
		p->oom = true;
	return r;
}

static char *xstrndup(struct parser *p, const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r) {
		p->oom = true;
		return NULL;
	}
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* Returns arr grown to hold `need` items of `size` bytes (doubling, so
 * appends stay linear), or NULL with arr untouched and p->oom set. */
static void *grow_to(struct parser *p, void *arr, size_t *cap, size_t need,
                     size_t size)
{
	if (need <= *cap)
		return arr;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size) {
			p->oom = true;
			return NULL;
		}
		c *= 2;
	}
	void *t = realloc(arr, c * size);
	if (!t) {
		p->oom = true;
		return NULL;
	}
	*cap = c;
	return t;
}

static void sb_add(struct parser *p, struct sbuf *b, const char *s, size_t n)
{
	char *t = grow_to(p, b->s, &b->cap, b->len + n + 1, 1);
	if (!t)
		return;
	b->s = t;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Hands over the text (never NULL unless out of memory) and empties b. */
static char *sb_take(struct parser *p, struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup(p, "");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

static const char *closest(const char *w, const char *const *names,
                           size_t n)
{
	const char *best = NULL;
	size_t bd = 3;
	for (size_t i = 0; i < n; i++) {
		size_t dd = diags_distance(w, names[i]);
		if (dd < bd) {
			bd = dd;
			best = names[i];
		}
	}
	return best;
}

/* "a, b or c" into buf. */
static void list_words(char *buf, size_t cap, const char *const *names,
                       size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int k = snprintf(buf + o, cap - o, "%s%s", sep, names[i]);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

/* ==== numbers =========================================================== */

enum num { NUM_OK, NUM_BAD, NUM_RANGE };

/* Plain decimals only: strtod alone would also take hex, nan, inf and,
 * under some locales, a decimal comma.  The grammar is
 * [+-] (digits [. digits] | . digits) [(e|E) [+-] digits]. */
static enum num to_number(const char *s, double *out)
{
	const char *q = s;
	if (*q == '+' || *q == '-')
		q++;
	size_t digits = 0;
	while (*q >= '0' && *q <= '9') {
		q++;
		digits++;
	}
	if (*q == '.') {
		q++;
		while (*q >= '0' && *q <= '9') {
			q++;
			digits++;
		}
	}
	if (!digits)
		return NUM_BAD;
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!(*q >= '0' && *q <= '9'))
			return NUM_BAD;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q)
		return NUM_BAD;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end)
		return NUM_BAD;
	/* ERANGE on underflow gives the nearest double, which is fine. */
	if (!isfinite(v))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

/* ==== errors ============================================================ */

static void verr(struct parser *p, int line, int col, int code,
                 const char *fmt, va_list ap)
{
	p->failed = true;
	/* Past the cap diags_add only counts: skip the formatting, so a
	 * file of nothing but errors stays fast. */
	if (p->d->n >= DIAGS_MAX) {
		p->d->dropped++;
		return;
	}
	char msg[DIAG_MSG_MAX];
	vsnprintf(msg, sizeof msg, fmt, ap);
	diags_add(p->d, p->file, line, col, code, "%s", msg);
}

/* Column of byte `off` of the current line.  Offsets mostly grow within a
 * line, so a cursor keeps a long line with many errors linear. */
static int col_of(struct parser *p, size_t off)
{
	if (off < p->cc_off) {
		p->cc_off = 0;
		p->cc_col = 1;
	}
	for (; p->cc_off < off && p->cc_off < p->ln_len; p->cc_off++)
		if (((unsigned char)p->ln[p->cc_off] & 0xC0) != 0x80)
			p->cc_col++;
	return p->cc_col;
}

static struct src_pos here(struct parser *p, size_t off)
{
	struct src_pos pos = {p->line, col_of(p, off)};
	return pos;
}

/* An error at byte `off` of the current line. */
static void err(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void err(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(p, p->line, col_of(p, off), EXIT_DATAERR, fmt, ap);
	va_end(ap);
}

static void err_at(struct parser *p, struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void err_at(struct parser *p, struct src_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(p, pos.line, pos.col, EXIT_DATAERR, fmt, ap);
	va_end(ap);
}

static void err_code_at(struct parser *p, struct src_pos pos, int code,
                        const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void err_code_at(struct parser *p, struct src_pos pos, int code,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(p, pos.line, pos.col, code, fmt, ap);
	va_end(ap);
}

/* Index of t among names, or -1 after an "unknown WHAT" error that
 * suggests the closest name or lists them all. */
static int pick(struct parser *p, const struct tok *t, const char *what,
                const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t->s, names[i]) == 0)
			return (int)i;
	if (p->d->n >= DIAGS_MAX) {
		err(p, t->off, "dropped"); /* counted, never shown */
		return -1;
	}
	const char *best = closest(t->s, names, n);
	if (best) {
		err(p, t->off, "unknown %s '%s' (did you mean '%s'?)", what,
		    show(t->s).s, best);
	} else {
		char list[256];
		list_words(list, sizeof list, names, n);
		err(p, t->off, "unknown %s '%s' (expected %s)", what,
		    show(t->s).s, list);
	}
	return -1;
}

static bool get_number(struct parser *p, const struct tok *t,
                       const char *what, double *out)
{
	switch (to_number(t->s, out)) {
	case NUM_OK:
		return true;
	case NUM_RANGE:
		err(p, t->off, "%s '%s' is too large", what, show(t->s).s);
		return false;
	default:
		err(p, t->off, "%s '%s' is not a number", what, show(t->s).s);
		return false;
	}
}

/* A whole number in [lo, hi], written as any number ("1e5" is fine). */
static bool get_whole(struct parser *p, const struct tok *t, const char *what,
                      double lo, double hi, double *out)
{
	double v = 0;
	enum num r = to_number(t->s, &v);
	if (r == NUM_BAD || (r == NUM_OK && v != floor(v))) {
		err(p, t->off, "%s '%s' is not a whole number", what,
		    show(t->s).s);
		return false;
	}
	if (r == NUM_RANGE || v < lo || v > hi) {
		err(p, t->off, "%s must be from %.0f to %.0f, not %s", what, lo,
		    hi, show(t->s).s);
		return false;
	}
	*out = v;
	return true;
}

/* ==== lines and tokens ================================================== */

/* Splits [from, end) of the line copy at blanks into p->tok. */
static void tokenize(struct parser *p, size_t from, size_t end)
{
	p->n_tok = 0;
	size_t i = from;
	while (i < end) {
		while (i < end && is_blank(p->ln[i]))
			i++;
		if (i >= end)
			break;
		size_t s = i;
		while (i < end && !is_blank(p->ln[i]))
			i++;
		struct tok *t = grow_to(p, p->tok, &p->tok_cap, p->n_tok + 1,
		                        sizeof *t);
		if (!t)
			return;
		p->tok = t;
		p->tok[p->n_tok].s = p->ln + s;
		p->tok[p->n_tok].off = s;
		p->n_tok++;
		p->ln[i] = '\0'; /* a blank or the end: nothing is lost */
		i++;
	}
}

/* End of the arguments once a comment (a '#' after a blank) and trailing
 * blanks are cut off. */
static size_t strip_comment(struct parser *p, size_t from, size_t end)
{
	for (size_t i = from; i < end; i++) {
		if (p->ln[i] == '#' && i > 0 && is_blank(p->ln[i - 1])) {
			end = i;
			break;
		}
	}
	while (end > from && is_blank(p->ln[end - 1]))
		end--;
	return end;
}

static size_t skip_blanks(struct parser *p, size_t i, size_t end)
{
	while (i < end && is_blank(p->ln[i]))
		i++;
	return i;
}

/* Argument count check for directives with a fixed shape.  `usage` is
 * what follows the keyword, e.g. "UNITS ACTIVATION". */
static bool nargs(struct parser *p, enum dir d, size_t lo, size_t hi,
                  const char *usage)
{
	if (p->n_tok < lo) {
		err(p, 0, "'%s' needs %s", dir_names[d], usage);
		return false;
	}
	if (p->n_tok > hi) {
		err(p, p->tok[hi].off, "unexpected '%s': '%s' takes %s",
		    show(p->tok[hi].s).s, dir_names[d], usage);
		return false;
	}
	return true;
}

/* Records a header or training directive; false (after an error) when it
 * was given before. */
static bool once(struct parser *p, enum dir d)
{
	if (p->line_of[d]) {
		err(p, 0, "duplicate '%s' (first given on line %d)",
		    dir_names[d], p->line_of[d]);
		return false;
	}
	p->line_of[d] = p->line;
	return true;
}

/* The layer that layer settings apply to, or NULL (after an error when
 * there is none yet; silently past the layer limit, already reported). */
static struct layer_spec *cur_layer(struct parser *p, enum dir d,
                                    struct layer_extra **lx)
{
	if (p->too_many_layers)
		return NULL;
	if (p->l->n_layers == 0) {
		err(p, 0, "'%s' needs a 'layer' line before it", dir_names[d]);
		return NULL;
	}
	*lx = &p->lx[p->l->n_layers - 1];
	return &p->l->layers[p->l->n_layers - 1];
}

static bool layer_once(struct parser *p, struct layer_extra *lx, enum dir d)
{
	if (lx->line_of[d]) {
		err(p, 0, "duplicate '%s' for layer %d (first given on line %d)",
		    dir_names[d], p->l->n_layers, lx->line_of[d]);
		return false;
	}
	lx->line_of[d] = p->line;
	return true;
}

/* ==== names ============================================================= */

static bool is_reserved(const char *s)
{
	return phase_from_name(s) >= 0 || op_kind_from_name(s) >= 0 ||
	       strcmp(s, "iteration") == 0 || strcmp(s, "iterations") == 0 ||
	       strcmp(s, "every") == 0;
}

/* Checks the syntax of a tensor name; `global` is the NAME_* role when
 * the name is for a global tensor, -1 for a layer tensor, or
 * NAME_IN_SELECTOR for a name in a selector (which may be the loss's or
 * the accuracy's). */
static bool check_name(struct parser *p, const struct tok *t, int global)
{
	const char *s = t->s;
	size_t n = strlen(s);
	if (n > LESSON_NAME_MAX) {
		err(p, t->off, "tensor name '%s' is longer than %d bytes",
		    show(s).s, LESSON_NAME_MAX);
		return false;
	}
	bool ok = n > 0 && !(s[0] >= '0' && s[0] <= '9');
	for (size_t i = 0; ok && i < n; i++) {
		char c = s[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		     (c >= '0' && c <= '9') || c == '_';
	}
	if (!ok) {
		err(p, t->off,
		    "'%s' is not a tensor name (letters, digits and '_', not "
		    "starting with a digit)", show(s).s);
		return false;
	}
	if ((global == NAME_LOSS && strcmp(s, "loss") == 0) ||
	    (global == NAME_ACCURACY && strcmp(s, "accuracy") == 0) ||
	    (global == NAME_IN_SELECTOR &&
	     (strcmp(s, "loss") == 0 || strcmp(s, "accuracy") == 0)))
		return true;
	if (is_reserved(s)) {
		const char *what = phase_from_name(s) >= 0 ? "a phase name"
		                   : op_kind_from_name(s) >= 0 ?
		                           "an operation kind" :
		                           "a selector word";
		err(p, t->off,
		    "'%s' cannot be a tensor name: it is %s, and a selector "
		    "would read it as one", s, what);
		return false;
	}
	return true;
}

/* ==== continuation: text ================================================ */

static void start_text(struct parser *p, enum dir d, enum text_dst dst,
                       size_t idx, const char *text)
{
	p->cont = CONT_TEXT;
	p->text_dir = d;
	p->text_dst = dst;
	p->text_idx = idx;
	p->text_pos = here(p, 0);
	p->text.len = 0;
	if (p->text.s)
		p->text.s[0] = '\0';
	sb_add(p, &p->text, text, strlen(text));
}

static void text_more(struct parser *p, const char *s, size_t n)
{
	if (n == 1 && s[0] == '.') {
		if (p->text.len)
			sb_add(p, &p->text, "\n", 1);
		return;
	}
	if (p->text.len && p->text.s[p->text.len - 1] != '\n')
		sb_add(p, &p->text, " ", 1);
	sb_add(p, &p->text, s, n);
}

static void finish_text(struct parser *p)
{
	struct lesson *l = p->l;
	while (p->text.len && p->text.s[p->text.len - 1] == '\n')
		p->text.s[--p->text.len] = '\0';
	if (!p->text.len) {
		err_at(p, p->text_pos, "'%s' needs some text%s",
		       dir_names[p->text_dir],
		       p->text_dir == D_SAY || p->text_dir == D_PREDICT ?
		               " after the ':'" : "");
	}
	char *s = sb_take(p, &p->text);
	switch (p->text_dst) {
	case TD_DESCRIPTION:
		l->description = s;
		break;
	case TD_CUE_TEXT:
		l->cues[p->text_idx].text = s;
		break;
	case TD_CUE_HINT:
		l->cues[p->text_idx].hint = s;
		break;
	}
}

/* ==== continuation: literals ============================================ */

static void lit_fail(struct parser *p)
{
	struct layer_extra *lx = &p->lx[p->lit.layer];
	if (p->lit.what == D_WEIGHTS)
		lx->w_bad = true;
	else
		lx->b_bad = true;
	free(p->lit.v);
	p->lit.v = NULL;
	p->cont = CONT_SKIP;
}

/* Stores a finished literal in its layer. */
static void lit_store(struct parser *p)
{
	struct literal *lit = &p->lit;
	struct layer_spec *ls = &p->l->layers[lit->layer];
	struct layer_extra *lx = &p->lx[lit->layer];
	p->cont = CONT_NONE;
	if (lit->what == D_WEIGHTS) {
		if (lit->dims != 2) {
			err_at(p, lit->open,
			       "'weights' needs a 2-D literal, one inner [...] "
			       "per row, e.g. [[1, 2], [3, 4]]");
			lit_fail(p);
			p->cont = CONT_NONE;
			return;
		}
		ls->given_w = lit->v;
		lx->w_rows = lit->rows;
		lx->w_cols = lit->cols;
		lx->w_pos = lit->open;
	} else {
		size_t n = lit->n;
		if (lit->dims == 2 && lit->rows != 1 && lit->cols != 1) {
			err_at(p, lit->open,
			       "'biases' needs one value per unit, e.g. [1, 2, "
			       "3], not a %zux%zu matrix", lit->rows, lit->cols);
			lit_fail(p);
			p->cont = CONT_NONE;
			return;
		}
		ls->given_b = lit->v;
		lx->n_b = n;
		lx->b_pos = lit->open;
	}
	lit->v = NULL;
	ls->init = INIT_GIVEN;
}

/* Reads the literal's tokens in [from, end) of the current line. */
static void lit_feed(struct parser *p, size_t from, size_t end)
{
	struct literal *lit = &p->lit;
	char *ln = p->ln;
	size_t i = from;
	while (i < end) {
		char c = ln[i];
		if (is_blank(c)) {
			i++;
			continue;
		}
		if (lit->done) {
			size_t s = i;
			while (i < end && !is_blank(ln[i]))
				i++;
			ln[i] = '\0';
			err(p, s, "unexpected '%s' after the literal",
			    show(ln + s).s);
			lit_fail(p);
			return;
		}
		if (c == '[') {
			if (lit->depth == 0) {
				lit->open = here(p, i);
				lit->started = true;
			} else if (lit->depth == 1) {
				if (lit->dims == 1) {
					err(p, i, "unexpected '[' among numbers");
					lit_fail(p);
					return;
				}
				lit->dims = 2;
				lit->row_len = 0;
				lit->row_open = here(p, i);
			} else {
				err(p, i, "unexpected '[': a literal has at most "
				          "2 dimensions");
				lit_fail(p);
				return;
			}
			lit->depth++;
			lit->after_value = false;
			i++;
		} else if (c == ']') {
			if (lit->depth == 0) {
				err(p, i, "unexpected ']'");
				lit_fail(p);
				return;
			}
			if (lit->depth == 2) {
				if (lit->row_len == 0) {
					err(p, i, "empty row '[]'");
					lit_fail(p);
					return;
				}
				if (lit->rows == 0) {
					lit->cols = lit->row_len;
				} else if (lit->row_len != lit->cols) {
					err_at(p, lit->row_open,
					       "row %zu has %zu value%s but row 1 "
					       "has %zu", lit->rows + 1,
					       lit->row_len,
					       lit->row_len == 1 ? "" : "s",
					       lit->cols);
					lit_fail(p);
					return;
				}
				lit->rows++;
			} else {
				if (lit->dims == 0) {
					err(p, i, "empty literal '[]'");
					lit_fail(p);
					return;
				}
				if (lit->dims == 1) {
					lit->rows = 1;
					lit->cols = lit->n;
				}
				lit->done = true;
			}
			lit->depth--;
			lit->after_value = true;
			i++;
		} else if (c == ',') {
			if (!lit->after_value) {
				err(p, i, "unexpected ','");
				lit_fail(p);
				return;
			}
			lit->after_value = false;
			i++;
		} else {
			size_t s = i;
			while (i < end && !is_blank(ln[i]) && ln[i] != ',' &&
			       ln[i] != '[' && ln[i] != ']')
				i++;
			char save = ln[i];
			ln[i] = '\0';
			struct tok t = {ln + s, s};
			if (lit->depth == 0) {
				err(p, s, "'%s' needs a literal such as %s, not "
				          "'%s'", dir_names[lit->what],
				    lit->what == D_WEIGHTS ? "[[1, 2], [3, 4]]" :
				                             "[1, 2]",
				    show(t.s).s);
				lit_fail(p);
				return;
			}
			if (lit->depth == 1 && lit->dims == 2) {
				err(p, s, "expected '[' to start a row, not '%s'",
				    show(t.s).s);
				lit_fail(p);
				return;
			}
			double v;
			if (!get_number(p, &t, "value", &v)) {
				lit_fail(p);
				return;
			}
			ln[i] = save;
			if (lit->depth == 1)
				lit->dims = 1;
			double *nv = grow_to(p, lit->v, &lit->cap, lit->n + 1,
			                     sizeof *nv);
			if (!nv) {
				lit_fail(p);
				return;
			}
			lit->v = nv;
			lit->v[lit->n++] = v;
			lit->row_len++;
			lit->after_value = true;
		}
	}
	if (lit->done && p->cont == CONT_LITERAL)
		lit_store(p);
}

static void finish_literal(struct parser *p)
{
	struct literal *lit = &p->lit;
	if (!lit->started)
		err_at(p, lit->kw, "'%s' needs a literal such as %s",
		       dir_names[lit->what],
		       lit->what == D_WEIGHTS ? "[[1, 2], [3, 4]]" : "[1, 2]");
	else
		err_at(p, lit->open,
		       "unterminated %s literal: %d ']' missing (the lines "
		       "it goes on over must be indented)",
		       lit->dims == 1 || lit->what == D_BIASES ? "vector" :
		                                                 "matrix",
		       lit->depth);
	lit_fail(p);
}

/* Ends whatever indented lines were continuing. */
static void finish_cont(struct parser *p)
{
	if (p->cont == CONT_TEXT)
		finish_text(p);
	else if (p->cont == CONT_LITERAL)
		finish_literal(p);
	p->cont = CONT_NONE;
}

/* ==== header directives ================================================= */

static void do_title_source(struct parser *p, enum dir d, const char *text)
{
	if (!once(p, d))
		return;
	if (!text[0]) {
		err(p, 0, "'%s' needs some text", dir_names[d]);
		p->bad[d] = true;
		return;
	}
	char *s = xstrdup(p, text);
	if (d == D_TITLE)
		p->l->title = s;
	else
		p->l->source = s;
}

static void do_description(struct parser *p, const char *text)
{
	if (!once(p, D_DESCRIPTION)) {
		p->cont = CONT_SKIP;
		return;
	}
	start_text(p, D_DESCRIPTION, TD_DESCRIPTION, 0, text);
}

/* One iteration of a handout or selector: a whole number or "last". */
static bool iter_word(struct parser *p, const struct tok *t, long *out)
{
	if (strcmp(t->s, "last") == 0) {
		*out = ITER_LAST;
		return true;
	}
	double v;
	if (!get_whole(p, t, "iteration", 0, (double)LESSON_MAX_ITERATIONS,
	               &v))
		return false;
	*out = (long)v;
	return true;
}

/* "A-B" with B possibly "last"; the '-' is found after A's first
 * character so that the text is never a negative number. */
static bool iter_range(struct parser *p, const struct tok *t, long *from,
                       long *to)
{
	char *dash = strchr(t->s + (t->s[0] ? 1 : 0), '-');
	if (!dash)
		return false;
	*dash = '\0';
	struct tok a = {t->s, t->off};
	struct tok b = {dash + 1, t->off + (size_t)(dash + 1 - t->s)};
	bool ok = true;
	if (strcmp(a.s, "last") == 0) {
		err(p, a.off, "a range cannot start at 'last'");
		ok = false;
	} else {
		ok = iter_word(p, &a, from) && iter_word(p, &b, to);
	}
	if (ok && *to != ITER_LAST && *to < *from) {
		err(p, t->off, "empty range %ld-%ld (the first iteration comes "
		               "first)", *from, *to);
		ok = false;
	}
	*dash = '-';
	return ok;
}

static void do_handout(struct parser *p, size_t from, size_t end)
{
	if (!once(p, D_HANDOUT))
		return;
	if (from >= end) {
		err(p, 0, "'handout' needs a list of iterations, e.g. "
		          "'0,1,last'");
		p->bad[D_HANDOUT] = true;
		return;
	}
	struct sbuf out = {0};
	bool ok = true, all = false;
	size_t n_items = 0, i = from;
	while (ok && i <= end) {
		size_t j = i;
		while (j < end && p->ln[j] != ',')
			j++;
		size_t a = skip_blanks(p, i, j), b = j;
		while (b > a && is_blank(p->ln[b - 1]))
			b--;
		if (a == b) {
			err(p, i < end ? i : end, "empty item in the 'handout' "
			                          "list");
			ok = false;
			break;
		}
		p->ln[b] = '\0';
		struct tok t = {p->ln + a, a};
		long x, y;
		if (strcspn(t.s, " \t") < b - a) {
			err(p, a, "'%s' is not one iteration (separate them "
			          "with ',')", show(t.s).s);
			ok = false;
		} else if (strcmp(t.s, "all") == 0) {
			all = true;
		} else if (strchr(t.s + 1, '-')) {
			ok = iter_range(p, &t, &x, &y);
		} else {
			ok = iter_word(p, &t, &x);
		}
		if (ok) {
			if (n_items)
				sb_add(p, &out, ",", 1);
			sb_add(p, &out, t.s, b - a);
		}
		n_items++;
		i = j + 1;
	}
	if (ok && all && n_items > 1) {
		err(p, from, "'all' cannot be mixed with other iterations in "
		             "'handout'");
		ok = false;
	}
	if (!ok) {
		p->bad[D_HANDOUT] = true;
		free(out.s);
		return;
	}
	free(p->l->handout);
	p->l->handout = sb_take(p, &out);
}

static void do_precision(struct parser *p)
{
	if (!once(p, D_PRECISION) || !nargs(p, D_PRECISION, 1, 1, "N"))
		return;
	double v;
	if (get_whole(p, &p->tok[0], "precision", 0, 17, &v))
		p->l->precision = (int)v;
}

/* ==== data ============================================================== */

static void mixing_error(struct parser *p, enum dir d)
{
	if (p->mix_reported)
		return;
	p->mix_reported = true;
	if (d == D_SAMPLE)
		err(p, 0, "'sample' lines cannot be mixed with 'data' (line %d)",
		    p->line_of[D_DATA]);
	else
		err(p, 0, "'data' cannot be mixed with 'sample' lines (first "
		          "on line %d)", p->s_first_line);
}

static void do_test_data(struct parser *p)
{
	if (!once(p, D_TEST_DATA))
		return;
	if (!nargs(p, D_TEST_DATA, 1, 1, "PATH (a CSV file)")) {
		p->bad[D_TEST_DATA] = true;
		return;
	}
	p->test_arg = xstrdup(p, p->tok[0].s);
	p->test_pos = here(p, p->tok[0].off);
}

static void do_data(struct parser *p)
{
	if (!once(p, D_DATA))
		return;
	if (!nargs(p, D_DATA, 1, 1, "PATH (a CSV file)")) {
		p->bad[D_DATA] = true;
		return;
	}
	if (p->s_count) {
		mixing_error(p, D_DATA);
		p->bad[D_DATA] = true;
		return;
	}
	p->data_arg = xstrdup(p, p->tok[0].s);
	p->data_pos = here(p, p->tok[0].off);
}

/* Reads `inputs`/`targets` column names. */
static void do_columns(struct parser *p, enum dir d)
{
	if (!once(p, d))
		return;
	if (d == D_TARGETS && p->line_of[D_ONE_HOT]) {
		err(p, 0, "'targets' and 'one-hot' cannot both be given "
		          "('one-hot' on line %d)", p->line_of[D_ONE_HOT]);
		p->bad[d] = true;
		return;
	}
	if (p->n_tok == 0) {
		err(p, 0, "'%s' needs at least one column name", dir_names[d]);
		p->bad[d] = true;
		return;
	}
	if (p->n_tok > LESSON_MAX_UNITS) {
		err(p, p->tok[LESSON_MAX_UNITS].off,
		    "'%s' names more than %d columns", dir_names[d],
		    LESSON_MAX_UNITS);
		p->bad[d] = true;
		return;
	}
	struct colref *c = calloc(p->n_tok, sizeof *c);
	if (!c) {
		p->oom = true;
		return;
	}
	for (size_t i = 0; i < p->n_tok; i++) {
		c[i].name = xstrdup(p, p->tok[i].s);
		c[i].pos = here(p, p->tok[i].off);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(p->tok[i].s, p->tok[j].s) == 0) {
				err(p, p->tok[i].off, "column '%s' is named "
				    "twice", show(p->tok[i].s).s);
				p->bad[d] = true;
				break;
			}
		}
	}
	if (d == D_INPUTS) {
		p->inputs = c;
		p->n_in_names = p->n_tok;
	} else {
		p->targets = c;
		p->n_tg_names = p->n_tok;
	}
}

static void do_one_hot(struct parser *p)
{
	if (!once(p, D_ONE_HOT))
		return;
	if (p->line_of[D_TARGETS]) {
		err(p, 0, "'one-hot' and 'targets' cannot both be given "
		          "('targets' on line %d)", p->line_of[D_TARGETS]);
		p->bad[D_ONE_HOT] = true;
		return;
	}
	if (!nargs(p, D_ONE_HOT, 2, 2, "COLUMN CLASSES")) {
		p->bad[D_ONE_HOT] = true;
		return;
	}
	double v;
	if (!get_whole(p, &p->tok[1], "class count", 2, LESSON_MAX_UNITS,
	               &v)) {
		p->bad[D_ONE_HOT] = true;
		return;
	}
	p->classes = (long)v;
	p->onehot.name = xstrdup(p, p->tok[0].s);
	p->onehot.pos = here(p, p->tok[0].off);
}

static void do_scale(struct parser *p)
{
	if (!nargs(p, D_SCALE, 3, 3, "COLUMN OFFSET DIVISOR"))
		return;
	for (size_t i = 0; i < p->n_scales; i++) {
		if (strcmp(p->scales[i].col, p->tok[0].s) == 0) {
			err(p, 0, "duplicate 'scale %s' (first given on line "
			          "%d)", show(p->tok[0].s).s,
			    p->scales[i].line);
			return;
		}
	}
	double off, div;
	if (!get_number(p, &p->tok[1], "offset", &off) ||
	    !get_number(p, &p->tok[2], "divisor", &div))
		return;
	if (div == 0) {
		err(p, p->tok[2].off, "the divisor of 'scale' must not be 0");
		return;
	}
	struct scale_spec *s = grow_to(p, p->scales, &p->scales_cap,
	                               p->n_scales + 1, sizeof *s);
	if (!s)
		return;
	p->scales = s;
	s = &p->scales[p->n_scales];
	s->col = xstrdup(p, p->tok[0].s);
	if (!s->col)
		return;
	s->offset = off;
	s->divisor = div;
	s->pos = here(p, p->tok[0].off);
	s->line = p->line;
	p->n_scales++;
}

static void do_sample(struct parser *p)
{
	if (p->line_of[D_DATA]) {
		mixing_error(p, D_SAMPLE);
		return;
	}
	size_t arrow = p->n_tok;
	for (size_t i = 0; i < p->n_tok; i++) {
		if (strcmp(p->tok[i].s, "->") == 0) {
			if (arrow < p->n_tok) {
				err(p, p->tok[i].off, "a second '->'");
				return;
			}
			arrow = i;
		}
	}
	if (arrow == p->n_tok) {
		err(p, 0, "'sample' needs '->' between the inputs and the "
		          "targets, e.g. 'sample 0 1 -> 1'");
		return;
	}
	size_t ni = arrow, no = p->n_tok - arrow - 1;
	if (ni == 0 || no == 0) {
		err(p, ni == 0 ? 0 : p->tok[arrow].off,
		    "'sample' needs at least one %s %s '->'",
		    ni == 0 ? "input" : "target", ni == 0 ? "before" : "after");
		return;
	}
	if (ni > LESSON_MAX_UNITS || no > LESSON_MAX_UNITS) {
		err(p, 0, "a sample has at most %d inputs and %d targets",
		    LESSON_MAX_UNITS, LESSON_MAX_UNITS);
		return;
	}
	if (p->s_count && (ni != p->s_ni || no != p->s_no)) {
		err(p, 0, "this sample has %zu input%s and %zu target%s, but "
		          "the first one (line %d) has %zu and %zu",
		    ni, ni == 1 ? "" : "s", no, no == 1 ? "" : "s",
		    p->s_first_line, p->s_ni, p->s_no);
		return;
	}
	double *x = grow_to(p, p->sx, &p->sx_cap, p->sx_n + ni, sizeof *x);
	if (!x)
		return;
	p->sx = x;
	double *y = grow_to(p, p->sy, &p->sy_cap, p->sy_n + no, sizeof *y);
	if (!y)
		return;
	p->sy = y;
	for (size_t i = 0; i < p->n_tok; i++) {
		if (i == arrow)
			continue;
		double v;
		if (!get_number(p, &p->tok[i], "sample value", &v))
			return;
		if (i < arrow)
			x[p->sx_n + i] = v;
		else
			y[p->sy_n + i - arrow - 1] = v;
	}
	if (!p->s_count) {
		p->s_ni = ni;
		p->s_no = no;
		p->s_first_line = p->line;
	}
	p->sx_n += ni;
	p->sy_n += no;
	p->s_count++;
}

/* ==== network =========================================================== */

static void default_names(struct parser *p, struct layer_spec *ls, int k)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		char buf[32];
		snprintf(buf, sizeof buf, "%s%d%s", role_prefix[r], k,
		         role_suffix[r] ? role_suffix[r] : "");
		ls->name[r] = xstrdup(p, buf);
	}
}

static void do_layer(struct parser *p)
{
	struct lesson *l = p->l;
	if (l->n_layers == LESSON_MAX_LAYERS) {
		err(p, 0, "too many layers: a lesson has at most %d",
		    LESSON_MAX_LAYERS);
		p->too_many_layers = true;
		return;
	}
	int k = l->n_layers++;
	struct layer_spec *ls = &l->layers[k];
	struct layer_extra *lx = &p->lx[k];
	ls->units = 0;
	ls->act = ACT_IDENTITY;
	ls->bias = true;
	ls->init = INIT_UNIFORM;
	ls->init_low = -1;
	ls->init_high = 1;
	ls->deriv = DERIV_FROM_Z;
	ls->deriv_scale = 1;
	ls->pos = here(p, 0);
	default_names(p, ls, k + 1);
	if (!nargs(p, D_LAYER, 2, 2, "UNITS ACTIVATION")) {
		lx->bad = true;
		return;
	}
	double v;
	lx->units_pos = here(p, p->tok[0].off);
	lx->act_pos = here(p, p->tok[1].off);
	if (get_whole(p, &p->tok[0], "layer size", 1, LESSON_MAX_UNITS, &v))
		ls->units = (int)v;
	else
		lx->bad = true;
	int a = pick(p, &p->tok[1], "activation", act_names, ACT_COUNT);
	if (a < 0)
		lx->bad = true;
	else
		ls->act = (enum activation)a;
}

static void do_bias(struct parser *p)
{
	struct layer_extra *lx;
	struct layer_spec *ls = cur_layer(p, D_BIAS, &lx);
	if (!ls || !layer_once(p, lx, D_BIAS) ||
	    !nargs(p, D_BIAS, 1, 1, "yes or no"))
		return;
	int v = pick(p, &p->tok[0], "bias setting", yes_no, 2);
	if (v >= 0)
		ls->bias = v == 0;
}

static void do_init(struct parser *p)
{
	static const char *const kinds[] = {"uniform", "normal", "zeros"};
	static const char *const usage[] = {"uniform LOW HIGH", "normal SCALE",
	                                    "zeros"};
	struct layer_extra *lx;
	struct layer_spec *ls = cur_layer(p, D_INIT, &lx);
	if (!ls || !layer_once(p, lx, D_INIT))
		return;
	lx->init_pos = here(p, 0);
	if (lx->line_of[D_WEIGHTS] || lx->line_of[D_BIASES]) {
		err(p, 0, "'init' cannot be mixed with '%s' (line %d)",
		    lx->line_of[D_WEIGHTS] ? "weights" : "biases",
		    lx->line_of[D_WEIGHTS] ? lx->line_of[D_WEIGHTS] :
		                             lx->line_of[D_BIASES]);
		return;
	}
	if (!nargs(p, D_INIT, 1, 3, "uniform LOW HIGH, normal SCALE or zeros"))
		return;
	int k = pick(p, &p->tok[0], "initialisation", kinds, 3);
	if (k < 0)
		return;
	size_t want = k == 0 ? 3 : k == 1 ? 2 : 1;
	if (p->n_tok != want) {
		if (p->n_tok < want)
			err(p, 0, "'init %s' needs %s", kinds[k], usage[k]);
		else
			err(p, p->tok[want].off, "unexpected '%s': write "
			    "'init %s'", show(p->tok[want].s).s, usage[k]);
		return;
	}
	if (k == 0) {
		double lo, hi;
		if (!get_number(p, &p->tok[1], "low", &lo) ||
		    !get_number(p, &p->tok[2], "high", &hi))
			return;
		if (!(lo < hi)) {
			err(p, p->tok[2].off, "'init uniform' needs LOW < HIGH, "
			    "not %s and %s", show(p->tok[1].s).s,
			    show(p->tok[2].s).s);
			return;
		}
		ls->init = INIT_UNIFORM;
		ls->init_low = lo;
		ls->init_high = hi;
	} else if (k == 1) {
		double sc;
		if (!get_number(p, &p->tok[1], "scale", &sc))
			return;
		if (!(sc > 0)) {
			err(p, p->tok[1].off, "'init normal' needs a scale "
			    "greater than 0, not %s", show(p->tok[1].s).s);
			return;
		}
		ls->init = INIT_NORMAL;
		ls->init_scale = sc;
	} else {
		ls->init = INIT_ZEROS;
	}
}

static void do_literal(struct parser *p, enum dir d, size_t from, size_t end)
{
	struct layer_extra *lx;
	struct layer_spec *ls = cur_layer(p, d, &lx);
	if (!ls || !layer_once(p, lx, d)) {
		p->cont = CONT_SKIP;
		return;
	}
	int k = p->l->n_layers - 1;
	if (lx->line_of[D_INIT]) {
		err(p, 0, "'%s' cannot be mixed with 'init' (line %d)",
		    dir_names[d], lx->line_of[D_INIT]);
		if (d == D_WEIGHTS)
			lx->w_bad = true;
		else
			lx->b_bad = true;
		p->cont = CONT_SKIP;
		return;
	}
	struct literal *lit = &p->lit;
	free(lit->v);
	memset(lit, 0, sizeof *lit);
	lit->what = d;
	lit->layer = k;
	lit->kw = here(p, 0);
	p->cont = CONT_LITERAL;
	lit_feed(p, from, end);
}

static void do_derivative(struct parser *p)
{
	static const char *const kinds[] = {"from-z", "from-output"};
	static const char *const scale[] = {"scale"};
	struct layer_extra *lx;
	struct layer_spec *ls = cur_layer(p, D_DERIVATIVE, &lx);
	if (!ls || !layer_once(p, lx, D_DERIVATIVE) ||
	    !nargs(p, D_DERIVATIVE, 1, 3, "from-z or from-output [scale K]"))
		return;
	if (!lx->bad && ls->act == ACT_SOFTMAX) {
		err(p, 0, "a softmax layer takes no 'derivative' (see "
		          "'softmax-backward')");
		return;
	}
	int k = pick(p, &p->tok[0], "derivative source", kinds, 2);
	if (k < 0)
		return;
	if (k == 1 && !lx->bad && ls->act != ACT_SIGMOID &&
	    ls->act != ACT_TANH && ls->act != ACT_RELU &&
	    ls->act != ACT_IDENTITY) {
		err(p, p->tok[0].off, "'from-output' works only for sigmoid, "
		    "tanh, relu and identity layers; layer %d is %s",
		    p->l->n_layers, act_names[ls->act]);
		return;
	}
	if (p->n_tok == 2) {
		err(p, 0, "'derivative' needs from-z or from-output [scale K]");
		return;
	}
	double sc = 1;
	if (p->n_tok == 3) {
		if (pick(p, &p->tok[1], "derivative option", scale, 1) < 0 ||
		    !get_number(p, &p->tok[2], "derivative scale", &sc))
			return;
		if (sc == 0) {
			err(p, p->tok[2].off, "the derivative scale must not "
			                      "be 0");
			return;
		}
	}
	ls->deriv = k == 0 ? DERIV_FROM_Z : DERIV_FROM_OUTPUT;
	ls->deriv_scale = sc;
}

static void do_compare_derivatives(struct parser *p)
{
	struct layer_extra *lx;
	struct layer_spec *ls = cur_layer(p, D_COMPARE_DERIVATIVES, &lx);
	if (!ls || !layer_once(p, lx, D_COMPARE_DERIVATIVES) ||
	    !nargs(p, D_COMPARE_DERIVATIVES, 1, 1, "yes or no"))
		return;
	int v = pick(p, &p->tok[0], "compare-derivatives setting", yes_no, 2);
	if (v < 0)
		return;
	if (v == 0 && !lx->bad && ls->act != ACT_SIGMOID) {
		err(p, 0, "'compare-derivatives' shows the sigmoid's erratum: "
		          "layer %d is %s, not sigmoid",
		    p->l->n_layers, act_names[ls->act]);
		return;
	}
	ls->compare_derivatives = v == 0;
}

static void do_name(struct parser *p)
{
	struct lesson *l = p->l;
	if (!nargs(p, D_NAME, 2, 2, "ROLE NAME"))
		return;
	int r = pick(p, &p->tok[0], "tensor role", name_roles,
	             N_GLOBAL_NAMES + ROLE_COUNT);
	if (r < 0)
		return;
	const struct tok *t = &p->tok[1];
	if (r < N_GLOBAL_NAMES) {
		if (p->name_line[r]) {
			err(p, 0, "duplicate 'name %s' (first given on line %d)",
			    name_roles[r], p->name_line[r]);
			return;
		}
		p->name_line[r] = p->line;
		if (!check_name(p, t, r))
			return;
		char **dst = r == NAME_INPUT ? &l->input_name :
		             r == NAME_TARGET ? &l->target_name :
		             r == NAME_LOSS ? &l->loss_name : &l->accuracy_name;
		char *s = xstrdup(p, t->s);
		if (!s)
			return;
		free(*dst);
		*dst = s;
		p->name_pos[r] = here(p, t->off);
		return;
	}
	int role = r - N_GLOBAL_NAMES;
	struct layer_extra *lx;
	struct layer_spec *ls = cur_layer(p, D_NAME, &lx);
	if (!ls)
		return;
	if (lx->name_pos[role].line) {
		err(p, 0, "duplicate 'name %s' for layer %d (first given on "
		          "line %d)", name_roles[r], l->n_layers,
		    lx->name_pos[role].line);
		return;
	}
	if ((role == ROLE_EXP || role == ROLE_SUM) && !lx->bad &&
	    ls->act != ACT_SOFTMAX) {
		err(p, p->tok[0].off, "layer %d is %s, not softmax: it has no "
		    "'%s' tensor", l->n_layers, act_names[ls->act],
		    name_roles[r]);
		return;
	}
	if (!check_name(p, t, -1))
		return;
	char *s = xstrdup(p, t->s);
	if (!s)
		return;
	free(ls->name[role]);
	ls->name[role] = s;
	lx->name_pos[role] = here(p, t->off);
}

/* ==== training ========================================================== */

/* A directive that takes one word out of a list; returns its index or
 * -1.  `what` names the word in errors. */
static int one_word(struct parser *p, enum dir d, const char *what,
                    const char *const *names, size_t n, const char *usage)
{
	if (!once(p, d))
		return -1;
	if (!nargs(p, d, 1, 1, usage)) {
		p->bad[d] = true;
		return -1;
	}
	int k = pick(p, &p->tok[0], what, names, n);
	if (k < 0)
		p->bad[d] = true;
	return k;
}

static void do_seed(struct parser *p)
{
	if (!once(p, D_SEED) || !nargs(p, D_SEED, 1, 1, "N")) {
		p->bad[D_SEED] = true;
		return;
	}
	double v;
	if (!get_whole(p, &p->tok[0], "seed", 0, 4294967295.0, &v)) {
		p->bad[D_SEED] = true;
		return;
	}
	p->l->has_seed = true;
	p->l->seed = (uint32_t)v;
}

static void do_learning_rate(struct parser *p)
{
	if (!once(p, D_LEARNING_RATE) ||
	    !nargs(p, D_LEARNING_RATE, 1, 1, "X")) {
		p->bad[D_LEARNING_RATE] = true;
		return;
	}
	double v;
	if (!get_number(p, &p->tok[0], "learning rate", &v)) {
		p->bad[D_LEARNING_RATE] = true;
		return;
	}
	if (!(v > 0 && v <= 1e6)) {
		err(p, p->tok[0].off, "learning rate must be greater than 0 "
		    "and at most 1000000, not %s", show(p->tok[0].s).s);
		p->bad[D_LEARNING_RATE] = true;
		return;
	}
	p->l->learning_rate = v;
}

static void do_iterations(struct parser *p)
{
	if (!once(p, D_ITERATIONS) || !nargs(p, D_ITERATIONS, 1, 1, "N")) {
		p->bad[D_ITERATIONS] = true;
		return;
	}
	double v;
	if (!get_whole(p, &p->tok[0], "iteration count", 1,
	               (double)LESSON_MAX_ITERATIONS, &v)) {
		p->bad[D_ITERATIONS] = true;
		return;
	}
	p->l->iterations = (long)v;
}

static void do_clip(struct parser *p)
{
	static const char *const kinds[] = {"sigmoid-input", "probability"};
	if (!nargs(p, D_CLIP, 2, 2, "sigmoid-input C or probability EPS"))
		return;
	int k = pick(p, &p->tok[0], "clip", kinds, 2);
	if (k < 0)
		return;
	if (p->clip_line[k]) {
		err(p, 0, "duplicate 'clip %s' (first given on line %d)",
		    kinds[k], p->clip_line[k]);
		return;
	}
	p->clip_line[k] = p->line;
	double v;
	if (!get_number(p, &p->tok[1], "clip value", &v))
		return;
	if (k == 0 && !(v > 0)) {
		err(p, p->tok[1].off, "'clip sigmoid-input' needs a value "
		    "greater than 0, not %s", show(p->tok[1].s).s);
		return;
	}
	if (k == 1 && !(v > 0 && v < 0.5)) {
		err(p, p->tok[1].off, "'clip probability' needs a value "
		    "between 0 and 0.5 (both excluded), not %s",
		    show(p->tok[1].s).s);
		return;
	}
	if (k == 0)
		p->l->clip_sigmoid = v;
	else
		p->l->clip_probability = v;
}

static void do_accuracy(struct parser *p)
{
	static const char *const opt[] = {"threshold"};
	if (!once(p, D_ACCURACY) ||
	    !nargs(p, D_ACCURACY, 1, 3, "yes or no [threshold T]")) {
		p->bad[D_ACCURACY] = true;
		return;
	}
	int v = pick(p, &p->tok[0], "accuracy setting", yes_no, 2);
	if (v < 0) {
		p->bad[D_ACCURACY] = true;
		return;
	}
	p->l->accuracy = v == 0;
	if (p->n_tok == 1)
		return;
	if (pick(p, &p->tok[1], "accuracy option", opt, 1) < 0) {
		p->bad[D_ACCURACY] = true;
		return;
	}
	if (p->n_tok == 2) {
		err(p, p->tok[1].off, "'threshold' needs a value");
		return;
	}
	if (v == 1) {
		err(p, p->tok[1].off, "'threshold' goes with 'accuracy yes'");
		return;
	}
	double t;
	if (!get_number(p, &p->tok[2], "threshold", &t))
		return;
	p->l->accuracy_threshold = t;
	p->threshold_given = true;
	p->threshold_pos = here(p, p->tok[1].off);
}

static void do_metrics(struct parser *p)
{
	if (!once(p, D_METRICS))
		return;
	if (p->n_tok == 0) {
		err(p, 0, "'metrics' needs at least one of squared, absolute, "
		          "binary-cross-entropy or cross-entropy");
		return;
	}
	for (size_t i = 0; i < p->n_tok; i++) {
		const struct tok *t = &p->tok[i];
		if (strcmp(t->s, "error") == 0) {
			err(p, t->off, "'error' cannot be a metric: it is one "
			    "number per output cell, not one per iteration");
			continue;
		}
		int k = pick(p, t, "metric", metric_names, 4);
		if (k < 0)
			continue;
		enum loss_kind lk = metric_kinds[k];
		if (p->l->metrics & (1u << lk)) {
			err(p, t->off, "metric '%s' is listed twice", t->s);
			continue;
		}
		p->l->metrics |= 1u << lk;
		p->metric_pos[lk] = here(p, t->off);
	}
}

/* ==== script ============================================================ */

static bool sel_iteration(struct parser *p, const struct tok *w,
                          const struct tok *a, struct selector *s)
{
	if (strcmp(w->s, "every") == 0) {
		if (!a || strcmp(a->s, "iteration") != 0) {
			err(p, w->off, "'every' must be followed by "
			               "'iteration'");
			return false;
		}
		s->every_iteration = true;
		s->iter_from = 0;
		s->iter_to = ITER_LAST;
		return true;
	}
	if (strcmp(w->s, "iteration") == 0) {
		if (!a) {
			err(p, w->off, "'iteration' needs a number or 'last' "
			               "after it");
			return false;
		}
		if (strchr(a->s + 1, '-') && a->s[0] != '-') {
			err(p, a->off, "'iteration' takes one number or 'last'; "
			    "for a range write 'iterations %s'", show(a->s).s);
			return false;
		}
		long v;
		if (!iter_word(p, a, &v))
			return false;
		s->iter_from = s->iter_to = v;
		return true;
	}
	/* "iterations" */
	if (!a || !strchr(a->s + (a->s[0] ? 1 : 0), '-')) {
		if (a)
			err(p, a->off, "'iterations' needs a range such as 0-9 "
			    "or 10-last, not '%s'", show(a->s).s);
		else
			err(p, w->off, "'iterations' needs a range such as 0-9 "
			               "or 10-last");
		return false;
	}
	return iter_range(p, a, &s->iter_from, &s->iter_to);
}

/* A tensor term: NAME, NAME[I] or NAME[R,C]. */
static bool sel_tensor(struct parser *p, const struct tok *t,
                       struct selector *s)
{
	struct shown whole = show(t->s);
	char *br = strchr(t->s, '[');
	if (br)
		*br = '\0';
	struct tok name = {t->s, t->off};
	if (!name.s[0]) {
		err(p, t->off, "'%s' has no tensor name before '['", whole.s);
		return false;
	}
	if (!check_name(p, &name, NAME_IN_SELECTOR))
		return false;
	if (s->tensor) {
		err(p, t->off, "a selector names one tensor; '%s' is a second",
		    show(name.s).s);
		return false;
	}
	long idx[2];
	int n_idx = 0;
	if (br) {
		char *close = strchr(br + 1, ']');
		if (!close) {
			err(p, t->off, "cell '%s' has no closing ']'", whole.s);
			return false;
		}
		if (close[1]) {
			err(p, t->off + (size_t)(close + 1 - t->s),
			    "unexpected '%s' after the cell", show(close + 1).s);
			return false;
		}
		*close = '\0';
		char *q = br + 1;
		for (;;) {
			char *comma = strchr(q, ',');
			if (comma)
				*comma = '\0';
			while (is_blank(*q))
				q++;
			char *e = q + strlen(q);
			while (e > q && is_blank(e[-1]))
				*--e = '\0';
			struct tok it = {q, t->off + (size_t)(q - t->s)};
			if (n_idx == 2 || !*q) {
				err(p, t->off, "cell '%s' needs one or two "
				    "indices: NAME[ROW,COL] or NAME[INDEX]",
				    whole.s);
				return false;
			}
			double v;
			if (!get_whole(p, &it, "cell index", 0, INT_MAX, &v))
				return false;
			idx[n_idx++] = (long)v;
			if (!comma)
				break;
			q = comma + 1;
		}
	}
	s->tensor = xstrdup(p, name.s);
	if (n_idx == 1) {
		s->row = (int)idx[0];
		s->col = SELECTOR_INDEX;
	} else if (n_idx == 2) {
		s->row = (int)idx[0];
		s->col = (int)idx[1];
	}
	return true;
}

/* Parses [from, end) of the current line as a selector. */
static bool parse_selector(struct parser *p, size_t from, size_t end,
                           struct selector *s)
{
	memset(s, 0, sizeof *s);
	s->phase = -1;
	s->kind = -1;
	s->row = s->col = -1;
	s->pos = here(p, skip_blanks(p, from, end));

	/* Terms are split at blanks, except inside a cell's brackets. */
	p->n_tok = 0;
	size_t i = from;
	while (i < end) {
		i = skip_blanks(p, i, end);
		if (i >= end)
			break;
		size_t st = i;
		bool open = false;
		while (i < end && (open || !is_blank(p->ln[i]))) {
			if (p->ln[i] == '[')
				open = true;
			else if (p->ln[i] == ']')
				open = false;
			i++;
		}
		struct tok *t = grow_to(p, p->tok, &p->tok_cap, p->n_tok + 1,
		                        sizeof *t);
		if (!t)
			return false;
		p->tok = t;
		p->tok[p->n_tok].s = p->ln + st;
		p->tok[p->n_tok].off = st;
		p->n_tok++;
		p->ln[i] = '\0';
		i++;
	}

	bool has_iter = false;
	for (size_t k = 0; k < p->n_tok; k++) {
		const struct tok *w = &p->tok[k];
		if (strcmp(w->s, "iteration") == 0 ||
		    strcmp(w->s, "iterations") == 0 ||
		    strcmp(w->s, "every") == 0) {
			if (has_iter) {
				err(p, w->off, "a selector takes one iteration "
				               "term; '%s' is a second", w->s);
				return false;
			}
			has_iter = true;
			const struct tok *a = k + 1 < p->n_tok ? &p->tok[k + 1] :
			                                        NULL;
			if (!sel_iteration(p, w, a, s))
				return false;
			k++;
			continue;
		}
		/* A word fills the first free slot it fits: phase, then
		 * kind, then tensor -- so "loss loss loss" is the loss
		 * phase, the loss operation and the tensor named "loss".
		 * Only "loss" and "accuracy" can name a tensor. */
		int ph = phase_from_name(w->s), kd = op_kind_from_name(w->s);
		bool scalar = strcmp(w->s, "loss") == 0 ||
		              strcmp(w->s, "accuracy") == 0;
		if (ph >= 0 && s->phase < 0) {
			s->phase = ph;
		} else if (kd >= 0 && s->kind < 0) {
			s->kind = kd;
		} else if ((ph >= 0 || kd >= 0) && !(scalar && !s->tensor)) {
			err(p, w->off, "a selector takes one %s; '%s' is a "
			    "second", ph >= 0 ? "phase" : "operation kind",
			    w->s);
			return false;
		} else if (!sel_tensor(p, w, s)) {
			return false;
		}
	}
	return true;
}

static struct cue *new_cue(struct parser *p)
{
	struct lesson *l = p->l;
	struct cue *c = grow_to(p, l->cues, &p->cues_cap, l->n_cues + 1,
	                        sizeof *c);
	if (!c)
		return NULL;
	l->cues = c;
	c = &l->cues[l->n_cues++];
	memset(c, 0, sizeof *c);
	return c;
}

/* say, predict (free text after a ':') and pause (no text). */
static void do_cue(struct parser *p, enum dir d, size_t from, size_t end)
{
	size_t sel_end = end, text = end;
	if (d == D_PAUSE) {
		sel_end = strip_comment(p, from, end);
	} else {
		char *colon = memchr(p->ln + from, ':', end - from);
		if (!colon) {
			err(p, 0, "'%s' needs a ':' between the selector and "
			    "the text, e.g. '%s iteration 0 forward: ...'",
			    dir_names[d], dir_names[d]);
			p->cont = CONT_SKIP;
			if (d == D_PREDICT)
				p->last_predict = PREDICT_FAILED;
			return;
		}
		sel_end = (size_t)(colon - p->ln);
		text = skip_blanks(p, sel_end + 1, end);
	}
	struct selector sel;
	bool ok = parse_selector(p, from, sel_end, &sel);
	if (!ok) {
		free(sel.tensor);
		p->cont = CONT_SKIP;
		if (d == D_PREDICT)
			p->last_predict = PREDICT_FAILED;
		return;
	}
	struct cue *c = new_cue(p);
	if (!c) {
		free(sel.tensor);
		p->cont = CONT_SKIP;
		return;
	}
	c->kind = d == D_SAY ? CUE_SAY : d == D_PAUSE ? CUE_PAUSE :
	                                                CUE_PREDICT;
	c->sel = sel;
	c->pos = here(p, 0);
	if (d == D_PREDICT) {
		c->tolerance = DEFAULT_TOLERANCE;
		p->last_predict = (long)p->l->n_cues - 1;
		p->hint_line = p->tolerance_line = 0;
	}
	if (d != D_PAUSE) {
		p->ln[end] = '\0';
		start_text(p, d, TD_CUE_TEXT, p->l->n_cues - 1, p->ln + text);
	}
}

static void do_hint(struct parser *p, const char *text)
{
	if (p->last_predict == PREDICT_FAILED) {
		p->cont = CONT_SKIP;
		return;
	}
	if (p->last_predict < 0) {
		err(p, 0, "'hint' needs a 'predict' line before it");
		p->cont = CONT_SKIP;
		return;
	}
	if (p->hint_line) {
		err(p, 0, "duplicate 'hint' (first given on line %d for the "
		          "same 'predict')", p->hint_line);
		p->cont = CONT_SKIP;
		return;
	}
	p->hint_line = p->line;
	start_text(p, D_HINT, TD_CUE_HINT, (size_t)p->last_predict, text);
}

static void do_tolerance(struct parser *p)
{
	if (p->last_predict == PREDICT_FAILED)
		return;
	if (p->last_predict < 0) {
		err(p, 0, "'tolerance' needs a 'predict' line before it");
		return;
	}
	if (p->tolerance_line) {
		err(p, 0, "duplicate 'tolerance' (first given on line %d for "
		          "the same 'predict')", p->tolerance_line);
		return;
	}
	p->tolerance_line = p->line;
	if (!nargs(p, D_TOLERANCE, 1, 1, "X"))
		return;
	double v;
	if (!get_number(p, &p->tok[0], "tolerance", &v))
		return;
	if (v < 0) {
		err(p, p->tok[0].off, "tolerance must not be negative, not %s",
		    show(p->tok[0].s).s);
		return;
	}
	p->l->cues[p->last_predict].tolerance = v;
}

static void do_report(struct parser *p, size_t from, size_t end)
{
	static const char *const what[] = {"loss", "accuracy"};
	static const char *const every[] = {"every"};
	struct tok w[3];
	size_t i = from;
	for (int k = 0; k < 3; k++) {
		i = skip_blanks(p, i, end);
		if (i >= end) {
			err(p, 0, "'report' needs loss or accuracy, 'every' N "
			          "and a label, e.g. 'report loss every 100 "
			          "Loss:'");
			return;
		}
		w[k].s = p->ln + i;
		w[k].off = i;
		while (i < end && !is_blank(p->ln[i]))
			i++;
		p->ln[i] = '\0'; /* a blank or the end */
		if (i < end)
			i++;
	}
	int k = pick(p, &w[0], "report", what, 2);
	if (k < 0 || pick(p, &w[1], "word", every, 1) < 0)
		return;
	double n;
	if (!get_whole(p, &w[2], "report interval", 1,
	               (double)LESSON_MAX_ITERATIONS, &n))
		return;
	struct lesson *l = p->l;
	struct report *r = grow_to(p, l->reports, &p->reports_cap,
	                           l->n_reports + 1, sizeof *r);
	if (!r)
		return;
	l->reports = r;
	i = skip_blanks(p, i, end);
	p->ln[end] = '\0';
	char *label = xstrdup(p, p->ln + (i < end ? i : end));
	if (!label)
		return;
	r = &l->reports[l->n_reports++];
	r->every = (long)n;
	r->label = label;
	r->what = k == 0 ? REPORT_LOSS : REPORT_ACCURACY;
	r->pos = here(p, 0);
}

/* ==== one line ========================================================== */

/* Finds the first byte that is not allowed in a lesson: invalid UTF-8,
 * NUL, or a control character other than tab (they would reach the
 * terminal).  Returns its offset and a message, or len when all is well. */
static size_t bad_byte(const unsigned char *s, size_t len, char *msg,
                       size_t cap)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0) {
				snprintf(msg, cap, "NUL byte (a lesson is UTF-8 "
				                   "text)");
				return i;
			}
			if (c == '\r') {
				snprintf(msg, cap, "carriage return in the middle "
				                   "of a line");
				return i;
			}
			if ((c < 0x20 && c != '\t') || c == 0x7F) {
				snprintf(msg, cap, "control character U+%04X is "
				                   "not allowed", c);
				return i;
			}
			i++;
			continue;
		}
		size_t k;
		unsigned cp, min;
		if ((c & 0xE0) == 0xC0) {
			k = 1;
			cp = c & 0x1F;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			k = 2;
			cp = c & 0x0F;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			k = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			snprintf(msg, cap, "invalid UTF-8 byte 0x%02X", c);
			return i;
		}
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= len || (s[i + j] & 0xC0) != 0x80) {
				snprintf(msg, cap, "invalid UTF-8: byte 0x%02X "
				         "starts a sequence that is cut short", c);
				return i;
			}
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			snprintf(msg, cap, "invalid UTF-8 byte 0x%02X (an "
			         "overlong or out-of-range sequence)", c);
			return i;
		}
		if (cp >= 0x80 && cp <= 0x9F) {
			snprintf(msg, cap, "control character U+%04X is not "
			                   "allowed", cp);
			return i;
		}
		i += k + 1;
	}
	return len;
}

static void continuation(struct parser *p, size_t first)
{
	size_t end = p->ln_len;
	switch (p->cont) {
	case CONT_NONE:
		err(p, first, "indented line continues nothing");
		break;
	case CONT_SKIP:
		break;
	case CONT_TEXT:
		while (end > first && is_blank(p->ln[end - 1]))
			end--;
		text_more(p, p->ln + first, end - first);
		break;
	case CONT_LITERAL:
		lit_feed(p, first, strip_comment(p, first, end));
		break;
	}
}

static void directive(struct parser *p)
{
	size_t kw_end = 0;
	while (kw_end < p->ln_len && !is_blank(p->ln[kw_end]))
		kw_end++;
	/* "say: text" and "predict: question" have an empty selector and
	 * need no blank before the ':'. */
	const char *colon = memchr(p->ln, ':', kw_end);
	size_t cl = colon ? (size_t)(colon - p->ln) : 0;
	if ((cl == 3 && memcmp(p->ln, "say", 3) == 0) ||
	    (cl == 7 && memcmp(p->ln, "predict", 7) == 0))
		kw_end = cl;
	size_t from = skip_blanks(p, kw_end, p->ln_len);
	char save = p->ln[kw_end];
	p->ln[kw_end] = '\0';
	struct tok kw = {p->ln, 0};
	int d = -1;
	for (int i = 0; i < D_COUNT; i++)
		if (strcmp(kw.s, dir_names[i]) == 0)
			d = i;
	if (d < 0) {
		/* No list of every keyword: too long to help. */
		const char *best = p->d->n >= DIAGS_MAX ? NULL :
		                   closest(kw.s, dir_names, D_COUNT);
		if (best)
			err(p, 0, "unknown keyword '%s' (did you mean '%s'?)",
			    show(kw.s).s, best);
		else
			err(p, 0, "unknown keyword '%s' (docs/lesson-format.md "
			          "lists the keywords)", show(kw.s).s);
		p->cont = CONT_SKIP; /* its indented lines are no news */
		return;
	}
	p->ln[kw_end] = save;

	size_t end = p->ln_len;
	if (is_text_dir((enum dir)d)) {
		while (end > from && is_blank(p->ln[end - 1]))
			end--;
	} else {
		end = strip_comment(p, from, end);
	}
	const char *text = p->ln + from;
	switch ((enum dir)d) {
	case D_TITLE:
	case D_SOURCE:
	case D_DESCRIPTION:
	case D_HINT:
		p->ln[end] = '\0';
		if (d == D_DESCRIPTION)
			do_description(p, text);
		else if (d == D_HINT)
			do_hint(p, text);
		else
			do_title_source(p, (enum dir)d, text);
		return;
	case D_SAY:
	case D_PREDICT:
	case D_PAUSE:
		do_cue(p, (enum dir)d, from, end);
		return;
	case D_REPORT:
		do_report(p, from, end);
		return;
	case D_HANDOUT:
		do_handout(p, from, end);
		return;
	case D_WEIGHTS:
	case D_BIASES:
		do_literal(p, (enum dir)d, from, end);
		return;
	default:
		break;
	}

	tokenize(p, from, end);
	switch ((enum dir)d) {
	case D_PRECISION: do_precision(p); break;
	case D_DATA: do_data(p); break;
	case D_INPUTS:
	case D_TARGETS: do_columns(p, (enum dir)d); break;
	case D_ONE_HOT: do_one_hot(p); break;
	case D_SCALE: do_scale(p); break;
	case D_SAMPLE: do_sample(p); break;
	case D_NAME: do_name(p); break;
	case D_CONVENTION: {
		static const char *const conv[] = {"rows", "columns"};
		int k = one_word(p, D_CONVENTION, "convention", conv, 2,
		                 "rows or columns");
		if (k >= 0)
			p->l->conv = k == 0 ? CONV_ROWS : CONV_COLUMNS;
		break;
	}
	case D_LAYER: do_layer(p); break;
	case D_BIAS: do_bias(p); break;
	case D_INIT: do_init(p); break;
	case D_DERIVATIVE: do_derivative(p); break;
	case D_TEST_DATA: do_test_data(p); break;
	case D_COMPARE_DERIVATIVES: do_compare_derivatives(p); break;
	case D_SEED: do_seed(p); break;
	case D_LOSS: {
		int k = one_word(p, D_LOSS, "loss", loss_names, LOSS_COUNT,
		                 "one of error, squared, absolute, "
		                 "binary-cross-entropy or cross-entropy");
		if (k >= 0) {
			p->l->loss = (enum loss_kind)k;
			p->loss_pos = here(p, p->tok[0].off);
		}
		break;
	}
	case D_REDUCTION:
	case D_BIAS_GRADIENT: {
		static const char *const red[] = {"sum", "mean"};
		int k = one_word(p, (enum dir)d, "reduction", red, 2,
		                 "sum or mean");
		enum reduction r = k == 0 ? REDUCE_SUM : REDUCE_MEAN;
		if (k >= 0 && d == D_REDUCTION)
			p->l->reduction = r;
		else if (k >= 0)
			p->l->bias_grad = r;
		break;
	}
	case D_LEARNING_RATE: do_learning_rate(p); break;
	case D_ITERATIONS: do_iterations(p); break;
	case D_CLIP: do_clip(p); break;
	case D_SOFTMAX_BACKWARD: {
		static const char *const sb[] = {"simplified", "jacobian"};
		int k = one_word(p, D_SOFTMAX_BACKWARD, "softmax backward", sb,
		                 2, "simplified or jacobian");
		if (k >= 0) {
			p->l->softmax_backward = k == 0 ? SOFTMAX_SIMPLIFIED :
			                                  SOFTMAX_JACOBIAN;
			p->sb_pos = here(p, p->tok[0].off);
		}
		break;
	}
	case D_ACCURACY: do_accuracy(p); break;
	case D_METRICS: do_metrics(p); break;
	case D_TOLERANCE: do_tolerance(p); break;
	default: break;
	}
}

/* One physical line, without its line end. */
static void one_line(struct parser *p, const char *s, size_t n)
{
	char msg[128];
	p->cc_off = 0;
	p->cc_col = 1;
	char *t = grow_to(p, p->ln, &p->ln_cap, n + 1, 1);
	if (!t)
		return;
	p->ln = t;
	memcpy(p->ln, s, n);
	p->ln[n] = '\0';
	p->ln_len = n;

	size_t bad = bad_byte((const unsigned char *)s, n, msg, sizeof msg);
	if (bad < n) {
		err(p, bad, "%s", msg);
		p->skipped = true;
		return;
	}
	size_t first = skip_blanks(p, 0, n);
	if (first == n || p->ln[first] == '#')
		return; /* blank lines and comments leave a continuation open */
	if (first > 0) {
		continuation(p, first);
		return;
	}
	finish_cont(p);
	directive(p);
}

/* ==== after the last line =============================================== */

/* Joins dir and name; dir "" is the current directory. */
static char *path_join(struct parser *p, const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *r = malloc(a + b + 2);
	if (!r) {
		p->oom = true;
		return NULL;
	}
	if (a == 0) {
		memcpy(r, name, b + 1);
		return r;
	}
	memcpy(r, dir, a);
	size_t o = a;
	if (dir[a - 1] != '/')
		r[o++] = '/';
	memcpy(r + o, name, b + 1);
	return r;
}

/* The datasets/ folder beside folder `dir` ("" = the current one).  When
 * dir's last part is a real folder (not a symlink, not "." or ".."),
 * "dir/.." is the folder holding it, so "lessons/../datasets" can be
 * written "datasets"; otherwise the ".." is kept for the kernel to
 * resolve. */
static char *sibling_datasets(struct parser *p, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	const char *slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (dir[i] == '/')
			slash = dir + i;
	const char *last = slash ? slash + 1 : dir;
	size_t last_len = n - (size_t)(last - dir);
	bool dots = (last_len == 1 && last[0] == '.') ||
	            (last_len == 2 && last[0] == '.' && last[1] == '.');
	struct stat st;
	if (n == 0)
		return xstrdup(p, "../datasets");
	if (dots || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return path_join(p, dir, "../datasets");
	if (!slash)
		return xstrdup(p, "datasets");
	char *parent = xstrndup(p, dir, slash == dir ? 1 :
	                                (size_t)(slash - dir));
	char *r = parent ? path_join(p, parent, "datasets") : NULL;
	free(parent);
	return r;
}

/* Finds the data file: a relative path is tried next to the lesson, in
 * the datasets/ folder beside the lesson's folder, then in each folder of
 * $NNTRACE_DATASETS.  Returns the first path that exists (caller frees),
 * or NULL after an error at the `data` line. */
static char *resolve_data(struct parser *p, const char *arg,
                          struct src_pos pos)
{
	char *found = NULL;
	struct stat st;
	if (arg[0] == '/') {
		if (stat(arg, &st) == 0)
			found = xstrdup(p, arg);
	} else {
		const char *slash = strrchr(p->file, '/');
		char *dir = slash ? xstrndup(p, p->file,
		                             slash == p->file ? 1 :
		                             (size_t)(slash - p->file)) :
		                    xstrdup(p, "");
		if (!dir)
			return NULL;
		char *sib = sibling_datasets(p, dir);
		char *c1 = path_join(p, dir, arg);
		char *c2 = sib ? path_join(p, sib, arg) : NULL;
		if (c1 && stat(c1, &st) == 0) {
			found = c1;
			c1 = NULL;
		} else if (c2 && stat(c2, &st) == 0) {
			found = c2;
			c2 = NULL;
		}
		free(dir);
		free(sib);
		free(c1);
		free(c2);
		const char *env = getenv("NNTRACE_DATASETS");
		while (!found && env && *env) {
			const char *colon = strchr(env, ':');
			size_t n = colon ? (size_t)(colon - env) : strlen(env);
			if (n) {
				char *e = xstrndup(p, env, n);
				char *c = e ? path_join(p, e, arg) : NULL;
				free(e);
				if (c && stat(c, &st) == 0)
					found = c;
				else
					free(c);
			}
			env = colon ? colon + 1 : NULL;
		}
	}
	if (!found) {
		err_code_at(p, pos, EXIT_NOINPUT,
		            "cannot open data file '%s': %s", arg,
		            strerror(ENOENT));
		return NULL;
	}
	int e = 0;
	if (S_ISDIR(st.st_mode)) {
		e = EISDIR;
	} else {
		FILE *f = fopen(found, "rb");
		if (!f)
			e = errno;
		else
			fclose(f);
	}
	if (e) {
		err_code_at(p, pos, EXIT_NOINPUT,
		            "cannot open data file '%s': %s", arg, strerror(e));
		free(found);
		return NULL;
	}
	return found;
}

/* "x1, x2, x3" into buf, cut with "..." when long. */
static void list_columns(const struct dataset *ds, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ds->n_cols; i++) {
		const char *sep = i ? ", " : "";
		if (o + strlen(sep) + strlen(ds->names[i]) + 5 >= cap) {
			snprintf(buf + o, cap - o, "%s...", sep);
			return;
		}
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", sep,
		                      ds->names[i]);
	}
}

static int find_column(struct parser *p, const struct dataset *ds,
                       const struct colref *c)
{
	int k = dataset_column(ds, c->name);
	if (k < 0) {
		char cols[200];
		list_columns(ds, cols, sizeof cols);
		err_at(p, c->pos, "no column '%s' in %s (columns: %s)",
		       show(c->name).s, ds->path, cols);
	}
	return k;
}

/* Loads the CSV named `arg` (at `pos`) into *out_x and *out_y, with its
 * resolved path in *out_path and its row count in *out_n.  Returns false
 * on any error. */
/* Names and scales of the input columns, kept so that views can show
 * inputs in the data's own units.  Returns false when out of memory. */
static bool input_columns(struct parser *p, struct lesson *l)
{
	struct input_column *c = calloc(p->n_in_names, sizeof *c);
	if (!c) {
		p->oom = true;
		return false;
	}
	l->input_cols = c;
	for (size_t j = 0; j < p->n_in_names; j++) {
		c[j].name = xstrdup(p, p->inputs[j].name);
		c[j].divisor = 1;
		for (size_t s = 0; s < p->n_scales; s++)
			if (strcmp(p->scales[s].col, p->inputs[j].name) == 0) {
				c[j].offset = p->scales[s].offset;
				c[j].divisor = p->scales[s].divisor;
			}
	}
	return !p->oom;
}

static bool load_csv(struct parser *p, const char *arg, struct src_pos pos,
                     char **out_path, double **out_x, double **out_y,
                     size_t *out_n)
{
	struct dataset ds;
	bool ok = false;
	int *in_col = NULL, tg_col = -1;
	double *labels = NULL;

	char *path = resolve_data(p, arg, pos);
	if (!path)
		return false;
	*out_path = path;
	if (dataset_load(&ds, path, p->d) != 0) {
		p->failed = true;
		return false;
	}
	size_t ni = p->n_in_names;
	size_t no = p->targets ? p->n_tg_names : (size_t)p->classes;
	in_col = calloc(ni, sizeof *in_col);
	int *tg = calloc(p->targets ? no : 1, sizeof *tg);
	if (!in_col || !tg) {
		p->oom = true;
		free(tg);
		goto cleanup;
	}
	ok = true;
	for (size_t j = 0; j < ni; j++)
		ok &= (in_col[j] = find_column(p, &ds, &p->inputs[j])) >= 0;
	if (p->targets) {
		for (size_t j = 0; j < no; j++)
			ok &= (tg[j] = find_column(p, &ds, &p->targets[j])) >= 0;
	} else {
		ok &= (tg_col = find_column(p, &ds, &p->onehot)) >= 0;
	}
	for (size_t s = 0; s < p->n_scales; s++) {
		bool is_input = false;
		for (size_t j = 0; j < ni; j++)
			is_input |= strcmp(p->scales[s].col,
			                   p->inputs[j].name) == 0;
		if (!is_input) {
			err_at(p, p->scales[s].pos, "'scale' names '%s', which "
			       "is not an input column", show(p->scales[s].col).s);
			ok = false;
		}
	}
	if (!ok) {
		free(tg);
		goto cleanup;
	}

	size_t n = ds.n_rows;
	if (n > SIZE_MAX / sizeof(double) / (ni > no ? ni : no)) {
		p->oom = true;
		free(tg);
		ok = false;
		goto cleanup;
	}
	double *x = *out_x = calloc(n * ni, sizeof *x);
	double *y = *out_y = calloc(n * no, sizeof *y);
	if (!x || !y) {
		p->oom = true;
		free(tg);
		ok = false;
		goto cleanup;
	}
	for (size_t j = 0; j < ni; j++)
		ok &= dataset_numbers(&ds, in_col[j], x + j, ni, p->d) == 0;
	if (p->targets) {
		for (size_t j = 0; j < no; j++)
			ok &= dataset_numbers(&ds, tg[j], y + j, no, p->d) ==
			      0;
	}
	free(tg);
	if (!p->targets) {
		labels = calloc(n, sizeof *labels);
		if (!labels) {
			p->oom = true;
			ok = false;
			goto cleanup;
		}
		if (dataset_numbers(&ds, tg_col, labels, 1, p->d) != 0) {
			ok = false;
		} else {
			for (size_t i = 0; i < n; i++) {
				size_t cell = i * ds.n_cols + (size_t)tg_col;
				double v = labels[i];
				if (v == floor(v) && v >= 0 && v < (double)no) {
					y[i * no + (size_t)v] = 1;
					continue;
				}
				diags_add(p->d, ds.path, ds.pos[cell].line,
				          ds.pos[cell].col, EXIT_DATAERR,
				          v == floor(v) ?
				          "label '%s' in column '%s' is out of range "
				          "(one-hot with %zu classes takes 0 to %zu)" :
				          "label '%s' in column '%s' is not a whole "
				          "number (one-hot with %zu classes takes 0 "
				          "to %zu)",
				          show(ds.cells[cell]).s,
				          show(p->onehot.name).s, no, no - 1);
				ok = false;
			}
		}
	}
	if (!ok) {
		p->failed = true;
		goto cleanup;
	}
	for (size_t s = 0; s < p->n_scales; s++) {
		size_t j = 0;
		while (strcmp(p->scales[s].col, p->inputs[j].name) != 0)
			j++;
		for (size_t i = 0; i < n; i++) {
			double *v = &x[i * ni + j];
			*v = (*v - p->scales[s].offset) / p->scales[s].divisor;
		}
	}
	*out_n = n;

cleanup:
	free(in_col);
	free(labels);
	dataset_free(&ds);
	return ok;
}

/* The data, from the CSV or the `sample` lines; false on any error. */
static bool finish_data(struct parser *p)
{
	struct lesson *l = p->l;
	if (p->line_of[D_DATA]) {
		if (p->bad[D_DATA] || p->bad[D_INPUTS] || p->bad[D_TARGETS] ||
		    p->bad[D_ONE_HOT])
			return false;
		if (!p->line_of[D_INPUTS]) {
			err_at(p, (struct src_pos){p->last_line, 1},
			       "no 'inputs' line (a lesson with 'data' names "
			       "its input columns)");
			return false;
		}
		if (!p->line_of[D_TARGETS] && !p->line_of[D_ONE_HOT]) {
			err_at(p, (struct src_pos){p->last_line, 1},
			       "no 'targets' or 'one-hot' line (a lesson with "
			       "'data' names its target columns)");
			return false;
		}
		if (!p->data_arg || !p->inputs ||
		    (!p->targets && !p->onehot.name))
			return false; /* out of memory, reported later */
		if (!load_csv(p, p->data_arg, p->data_pos, &l->data_path,
		              &l->x, &l->y, &l->n_samples))
			return false;
		l->n_inputs = p->n_in_names;
		l->n_outputs = p->targets ? p->n_tg_names : (size_t)p->classes;
		if (!input_columns(p, l))
			return false;
		if (p->test_arg && !p->bad[D_TEST_DATA])
			return load_csv(p, p->test_arg, p->test_pos,
			                &l->test_path, &l->test_x, &l->test_y,
			                &l->n_test);
		return true;
	}
	bool ok = true;
	static const enum dir csv_only[] = {D_INPUTS, D_TARGETS, D_ONE_HOT};
	for (size_t i = 0; i < 3; i++) {
		if (p->line_of[csv_only[i]]) {
			err_at(p, (struct src_pos){p->line_of[csv_only[i]], 1},
			       "'%s' names CSV columns, but there is no 'data' "
			       "line", dir_names[csv_only[i]]);
			ok = false;
		}
	}
	for (size_t s = 0; s < p->n_scales; s++) {
		err_at(p, (struct src_pos){p->scales[s].line, 1},
		       "'scale' works on CSV columns, but there is no 'data' "
		       "line");
		ok = false;
	}
	if (!p->s_count) {
		if (!p->skipped)
			err_at(p, (struct src_pos){p->last_line, 1},
			       "no data: add a 'data' line or 'sample' lines");
		return false;
	}
	if (!ok)
		return false;
	l->x = p->sx;
	l->y = p->sy;
	p->sx = p->sy = NULL;
	l->n_samples = p->s_count;
	l->n_inputs = p->s_ni;
	l->n_outputs = p->s_no;
	return true;
}

static bool all_whole(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != floor(v[i]))
			return false;
	return true;
}

/* Whether loss (or metric) k can be computed from the last layer; an
 * error at pos when not. */
static void check_loss_fits(struct parser *p, enum loss_kind k,
                            struct src_pos pos, const char *what)
{
	const struct layer_spec *last = &p->l->layers[p->l->n_layers - 1];
	if (k == LOSS_CCE && last->act != ACT_SOFTMAX &&
	    last->act != ACT_SIGMOID)
		err_at(p, pos, "%s 'cross-entropy' needs a softmax or sigmoid "
		       "last layer, not %s", what, act_names[last->act]);
	if (k == LOSS_BCE && (last->act != ACT_SIGMOID || last->units != 1))
		err_at(p, pos, "%s 'binary-cross-entropy' needs a last layer "
		       "of 1 sigmoid unit, not %d %s unit%s", what,
		       last->units, act_names[last->act],
		       last->units == 1 ? "" : "s");
}

/* Checks of the network on its own (no data needed). */
static void check_network(struct parser *p)
{
	struct lesson *l = p->l;
	int n = l->n_layers;
	for (int k = 0; k < n; k++) {
		const struct layer_spec *ls = &l->layers[k];
		if (p->lx[k].bad)
			continue;
		if (ls->act == ACT_SOFTMAX && k + 1 < n)
			err_at(p, p->lx[k].act_pos, "softmax is only allowed on "
			       "the last layer (this is layer %d of %d)", k + 1,
			       n);
		else if (ls->act == ACT_SOFTMAX && ls->units < 2)
			err_at(p, p->lx[k].units_pos, "softmax needs at least 2 "
			       "units (with 1 it always outputs 1)");
	}
	bool last_ok = !p->lx[n - 1].bad;
	const struct layer_spec *last = &l->layers[n - 1];
	if (last_ok && p->line_of[D_LOSS] && !p->bad[D_LOSS]) {
		check_loss_fits(p, l->loss, p->loss_pos, "loss");
		if (last->act == ACT_SOFTMAX && l->loss != LOSS_CCE &&
		    l->softmax_backward == SOFTMAX_SIMPLIFIED)
			err_at(p, p->loss_pos, "a softmax last layer with 'loss "
			       "%s' needs 'softmax-backward jacobian' (the "
			       "simplified delta a - y holds only for "
			       "cross-entropy)", loss_names[l->loss]);
	}
	if (last_ok) {
		for (int k = 0; k < LOSS_COUNT; k++) {
			if (!(l->metrics & (1u << k)))
				continue;
			if (p->line_of[D_LOSS] && !p->bad[D_LOSS] &&
			    (int)l->loss == k)
				err_at(p, p->metric_pos[k], "metric '%s' is "
				       "already the training loss",
				       loss_names[k]);
			else
				check_loss_fits(p, (enum loss_kind)k,
				                p->metric_pos[k], "metric");
		}
	}
	if (last_ok && p->line_of[D_SOFTMAX_BACKWARD] &&
	    !p->bad[D_SOFTMAX_BACKWARD] && last->act != ACT_SOFTMAX)
		err_at(p, p->sb_pos, "'softmax-backward' needs a softmax last "
		       "layer (the last layer is %s)", act_names[last->act]);

	/* Weights and biases given as values. */
	for (int k = 0; k < n; k++) {
		const struct layer_spec *ls = &l->layers[k];
		const struct layer_extra *lx = &p->lx[k];
		if (lx->line_of[D_BIASES] && !lx->line_of[D_WEIGHTS])
			err_at(p, (struct src_pos){lx->line_of[D_BIASES], 1},
			       "'biases' needs 'weights' for layer %d too (a "
			       "layer's values are given all or none)", k + 1);
		if (lx->line_of[D_BIASES] && !ls->bias && !lx->b_bad)
			err_at(p, (struct src_pos){lx->line_of[D_BIASES], 1},
			       "layer %d has 'bias no' (line %d), so 'biases' "
			       "has nothing to set", k + 1,
			       lx->line_of[D_BIAS]);
		if (lx->line_of[D_WEIGHTS] && ls->bias &&
		    !lx->line_of[D_BIASES])
			err_at(p, (struct src_pos){lx->line_of[D_WEIGHTS], 1},
			       "layer %d has 'weights' but no 'biases' (add "
			       "'biases', or 'bias no' for a layer without "
			       "bias)", k + 1);
		if (ls->given_b && !lx->bad && lx->n_b != (size_t)ls->units)
			err_at(p, lx->b_pos, "layer %d has %d unit%s but "
			       "'biases' gives %zu value%s", k + 1, ls->units,
			       ls->units == 1 ? "" : "s", lx->n_b,
			       lx->n_b == 1 ? "" : "s");
		for (int r = 0; r < ROLE_COUNT; r++)
			if (role_has_bias(r) && !ls->bias &&
			    lx->name_pos[r].line)
				err_at(p, lx->name_pos[r], "layer %d has 'bias "
				       "no' (line %d), so it has no '%s' tensor "
				       "to name", k + 1, lx->line_of[D_BIAS],
				       name_roles[N_GLOBAL_NAMES + r]);
	}

	/* Random initialisation needs a seed to be replayable. */
	if (!p->line_of[D_SEED]) {
		for (int k = 0; k < n; k++) {
			const struct layer_spec *ls = &l->layers[k];
			const struct layer_extra *lx = &p->lx[k];
			if ((ls->init != INIT_UNIFORM &&
			     ls->init != INIT_NORMAL) ||
			    lx->line_of[D_WEIGHTS] || lx->line_of[D_BIASES])
				continue;
			if (lx->line_of[D_INIT])
				err_at(p, lx->init_pos, "'init %s' draws random "
				       "numbers: add a 'seed' line",
				       ls->init == INIT_UNIFORM ? "uniform" :
				                                  "normal");
			else
				err_at(p, ls->pos, "layer %d starts from random "
				       "weights ('init uniform -1 1' is the "
				       "default): add a 'seed' line", k + 1);
			break;
		}
	}
}

/* Checks that need the data: shapes of the given weights, the last layer
 * against the targets. */
static void check_against_data(struct parser *p)
{
	struct lesson *l = p->l;
	int n = l->n_layers;
	for (int k = 0; k < n; k++) {
		const struct layer_spec *ls = &l->layers[k];
		const struct layer_extra *lx = &p->lx[k];
		if (lx->bad || (k > 0 && p->lx[k - 1].bad) || !ls->given_w)
			continue;
		size_t in = k == 0 ? l->n_inputs : (size_t)l->layers[k - 1].units;
		size_t out = (size_t)ls->units;
		size_t r = l->conv == CONV_ROWS ? in : out;
		size_t c = l->conv == CONV_ROWS ? out : in;
		if (lx->w_rows != r || lx->w_cols != c)
			err_at(p, lx->w_pos, "the weights of layer %d are "
			       "%zux%zu; under 'convention %s' they must be %s = "
			       "%zux%zu (%zu input%s, %zu unit%s)", k + 1,
			       lx->w_rows, lx->w_cols,
			       l->conv == CONV_ROWS ? "rows" : "columns",
			       l->conv == CONV_ROWS ? "(in, out)" : "(out, in)",
			       r, c, in, in == 1 ? "" : "s", out,
			       out == 1 ? "" : "s");
	}
	/* Refuse a network too large to trace before anything is built for
	 * it; reported at the layer that goes over. */
	unsigned long long params = 0, in = l->n_inputs;
	for (int k = 0; k < n; k++) {
		const struct layer_spec *ls = &l->layers[k];
		if (p->lx[k].bad)
			break;
		params += in * (unsigned)ls->units + (ls->bias ? ls->units : 0);
		in = (unsigned)ls->units;
		unsigned long long work = params * l->n_samples;
		if (params > (unsigned long long)LESSON_MAX_PARAMS) {
			err_at(p, p->lx[k].units_pos, "the network is too large: "
			       "up to layer %d it has %llu weights and biases, "
			       "more than the %ld allowed (LESSON_MAX_PARAMS)",
			       k + 1, params, LESSON_MAX_PARAMS);
			break;
		}
		if (work > (unsigned long long)LESSON_MAX_WORK) {
			err_at(p, p->lx[k].units_pos, "the network is too large "
			       "for its data: up to layer %d, %zu samples times "
			       "%llu weights and biases is %llu, more than the "
			       "%ld allowed (LESSON_MAX_WORK)", k + 1,
			       l->n_samples, params, work, LESSON_MAX_WORK);
			break;
		}
	}
	/* ... and one whose whole run would take hours: every iteration up to
	 * the last is replayed to show the last one. */
	unsigned long long run = params * l->n_samples;
	if (run && l->iterations > 0 && p->line_of[D_ITERATIONS] &&
	    (unsigned long long)l->iterations >
	            (unsigned long long)LESSON_MAX_RUN / run)
		err_at(p, (struct src_pos){p->line_of[D_ITERATIONS], 1},
		       "%ld iterations of this network are too long a run: "
		       "%zu samples times %llu weights and biases is %llu "
		       "multiply-adds an iteration, and the limit is %lld "
		       "for the whole run (LESSON_MAX_RUN): at most %llu "
		       "iterations", l->iterations, l->n_samples, params, run,
		       LESSON_MAX_RUN, (unsigned long long)LESSON_MAX_RUN / run);

	const struct layer_extra *lx = &p->lx[n - 1];
	const struct layer_spec *last = &l->layers[n - 1];
	if (!lx->bad && (size_t)last->units != l->n_outputs)
		err_at(p, lx->units_pos, "the last layer has %d unit%s but the "
		       "data have %zu target column%s", last->units,
		       last->units == 1 ? "" : "s", l->n_outputs,
		       l->n_outputs == 1 ? "" : "s");
	if (l->accuracy && p->threshold_given && l->n_outputs > 1)
		err_at(p, p->threshold_pos, "'threshold' applies only to a "
		       "network with one output (with %zu, accuracy takes the "
		       "largest)", l->n_outputs);
}

struct named {
	const char *name;
	struct src_pos pos; /* line 0: a default name */
	int layer;          /* 0 for the global tensors */
	const char *what;
};

/* Every tensor name must be unique: selectors find tensors by name. */
static void check_names(struct parser *p)
{
	struct lesson *l = p->l;
	struct named v[N_GLOBAL_NAMES + LESSON_MAX_LAYERS * ROLE_COUNT];
	size_t n = 0;
	const char *gn[N_GLOBAL_NAMES] = {l->input_name, l->target_name,
	                                  l->loss_name, l->accuracy_name};
	for (int g = 0; g < N_GLOBAL_NAMES; g++) {
		if (g == NAME_ACCURACY && !l->accuracy)
			continue;
		v[n++] = (struct named){gn[g], p->name_pos[g], 0,
		                        global_what[g]};
	}
	for (int k = 0; k < l->n_layers; k++) {
		const struct layer_spec *ls = &l->layers[k];
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (role_has_bias(r) && !ls->bias)
				continue;
			if ((r == ROLE_EXP || r == ROLE_SUM) &&
			    ls->act != ACT_SOFTMAX)
				continue;
			if (role_is_comparison(r) && !ls->compare_derivatives)
				continue;
			v[n++] = (struct named){ls->name[r], p->lx[k].name_pos[r],
			                        k + 1, role_what[r]};
		}
	}
	for (size_t j = 1; j < n; j++) {
		if (!v[j].name)
			continue;
		for (size_t i = 0; i < j; i++) {
			if (!v[i].name || strcmp(v[i].name, v[j].name) != 0)
				continue;
			/* Report where the user wrote the later name; a
			 * default name has no line, so then the earlier. */
			const struct named *at = v[j].pos.line ? &v[j] : &v[i];
			const struct named *other = at == &v[j] ? &v[i] : &v[j];
			char where[64] = "";
			if (other->layer)
				snprintf(where, sizeof where, " of layer %d",
				         other->layer);
			char how[48];
			if (other->pos.line)
				snprintf(how, sizeof how, ", named on line %d",
				         other->pos.line);
			else
				snprintf(how, sizeof how, ", its default name");
			err_at(p, at->pos, "duplicate tensor name '%s' (also %s%s%s)",
			       v[j].name, other->what, where, how);
			break;
		}
	}
}

static void finish(struct parser *p)
{
	struct lesson *l = p->l;
	finish_cont(p);
	free(p->lit.v);
	p->lit.v = NULL;

	/* Missing settings are reported at the end of the file, where the
	 * reader would add them last. */
	struct src_pos eof = {p->last_line, 1};
	static const enum dir required[] = {D_TITLE, D_LOSS, D_LEARNING_RATE,
	                                    D_ITERATIONS};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		if (!p->line_of[required[i]] && !p->skipped)
			err_at(p, eof, "no '%s' line (every lesson needs one)",
			       dir_names[required[i]]);
	if (!l->n_layers && !p->too_many_layers && !p->skipped)
		err_at(p, eof, "no 'layer' line (every lesson needs at least "
		               "one)");

	if (!p->line_of[D_ACCURACY])
		l->accuracy = l->loss == LOSS_BCE || l->loss == LOSS_CCE;

	bool data_ok = finish_data(p);
	if (data_ok)
		l->data_integral = all_whole(l->x, l->n_samples * l->n_inputs) &&
		                   all_whole(l->y, l->n_samples * l->n_outputs);
	if (l->n_layers && !p->too_many_layers) {
		check_network(p);
		if (data_ok)
			check_against_data(p);
	}
	check_names(p);

	for (size_t i = 0; i < l->n_reports; i++)
		if (l->reports[i].what == REPORT_ACCURACY && !l->accuracy)
			err_at(p, l->reports[i].pos, "'report accuracy' needs "
			       "accuracy: add 'accuracy yes'");
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
	free(p->sx);
	free(p->sy);
}

/* Where byte `off` is: used for the size limit, whose error points at the
 * first byte past it. */
static struct src_pos pos_of_byte(const char *buf, size_t off)
{
	struct src_pos pos = {1, 1};
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			pos.line++;
			pos.col = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			pos.col++;
		}
	}
	return pos;
}

/* ==== public ============================================================ */

int lesson_parse(struct lesson *l, const char *path, const char *buf,
                 size_t len, struct diags *d)
{
	struct parser p;
	memset(&p, 0, sizeof p);
	memset(l, 0, sizeof *l);
	p.l = l;
	p.d = d;
	p.file = path ? path : "";
	p.last_predict = -1;

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

	l->path = xstrdup(&p, p.file);
	l->input_name = xstrdup(&p, "x");
	l->target_name = xstrdup(&p, "y");
	l->loss_name = xstrdup(&p, "loss");
	l->accuracy_name = xstrdup(&p, "accuracy");
	l->handout = xstrdup(&p, "0,last");
	l->precision = 8;
	l->conv = CONV_ROWS;
	l->reduction = REDUCE_MEAN;
	l->bias_grad = REDUCE_SUM;
	l->softmax_backward = SOFTMAX_SIMPLIFIED;
	l->accuracy_threshold = 0.5;

	size_t i = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && !p.oom) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t n = end - i;
		if (n && buf[i + n - 1] == '\r')
			n--;
		p.line++;
		one_line(&p, buf + i, n);
		i = end + 1;
	}
	p.last_line = p.line ? p.line : 1;
	if (!p.oom)
		finish(&p);
	if (p.oom)
		diags_add(d, p.file, 0, 0, EXIT_SOFTWARE, "out of memory");

	if (c_loc) {
		uselocale(old);
		freelocale(c_loc);
	}
	bool failed = p.failed || p.oom;
	parser_free(&p);
	if (failed) {
		lesson_free(l);
		return -1;
	}
	return 0;
}

int lesson_load(struct lesson *l, const char *path, struct diags *d)
{
	memset(l, 0, sizeof *l);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		diags_add(d, "", 0, 0, EXIT_NOINPUT, "cannot open lesson '%s': "
		          "%s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	int e = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
	if (e) {
		diags_add(d, "", 0, 0, EXIT_NOINPUT, "cannot open lesson '%s': "
		          "%s", path, strerror(e));
		close(fd);
		return -1;
	}
	/* One byte past the limit is enough for lesson_parse to refuse it;
	 * a larger file is never read in full. */
	size_t cap = (size_t)LESSON_MAX_BYTES + 1, len = 0;
	if (S_ISREG(st.st_mode) && (size_t)st.st_size < cap)
		cap = (size_t)st.st_size + 1;
	char *buf = malloc(cap);
	if (!buf) {
		diags_add(d, "", 0, 0, EXIT_SOFTWARE, "out of memory");
		close(fd);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if (cap > (size_t)LESSON_MAX_BYTES)
				break;
			size_t nc = cap * 2 > (size_t)LESSON_MAX_BYTES + 1 ?
			            (size_t)LESSON_MAX_BYTES + 1 : cap * 2;
			char *t = realloc(buf, nc);
			if (!t) {
				diags_add(d, "", 0, 0, EXIT_SOFTWARE,
				          "out of memory");
				free(buf);
				close(fd);
				return -1;
			}
			buf = t;
			cap = nc;
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diags_add(d, "", 0, 0, EXIT_IOERR, "cannot read lesson "
			          "'%s': %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	int rc = lesson_parse(l, path, buf, len, d);
	free(buf);
	return rc;
}

/* Whether path names something lesson_load can read (not a folder). */
static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* Tries dir/file; on success writes it into out. */
static bool try_dir(const char *dir, size_t dir_len, const char *sub,
                    const char *file, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%.*s%s%s/%s", (int)dir_len, dir,
	                 sub[0] ? "/" : "", sub, file);
	return n > 0 && (size_t)n < cap && is_file(out);
}

int lesson_find(const char *name, const char *exe_dir, char *out,
                size_t cap)
{
	if (!name || !name[0] || !cap)
		return -1;
	if (is_file(name)) {
		if (strlen(name) >= cap)
			return -1;
		memcpy(out, name, strlen(name) + 1);
		return 0;
	}
	if (strchr(name, '/'))
		return -1; /* a path that is not there */
	char file[PATH_MAX];
	size_t n = strlen(name);
	const char *ext = ".lesson";
	bool has_ext = n > strlen(ext) && strcmp(name + n - strlen(ext), ext) == 0;
	if (snprintf(file, sizeof file, "%s%s", name, has_ext ? "" : ext) >=
	    (int)sizeof file)
		return -1;

	const char *env = getenv("NNTRACE_LESSONS");
	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t len = colon ? (size_t)(colon - env) : strlen(env);
		if (len && try_dir(env, len, "", file, out, cap))
			return 0;
		env = colon ? colon + 1 : NULL;
	}
	if (exe_dir && exe_dir[0]) {
		if (try_dir(exe_dir, strlen(exe_dir), "lessons", file, out, cap) ||
		    try_dir(exe_dir, strlen(exe_dir), "../share/nntrace/lessons",
		            file, out, cap))
			return 0;
	}
	if (cap)
		out[0] = '\0';
	return -1;
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	free(l->path);
	free(l->title);
	free(l->source);
	free(l->description);
	free(l->data_path);
	free(l->test_path);
	free(l->test_x);
	free(l->test_y);
	free(l->x);
	free(l->y);
	free(l->input_name);
	free(l->target_name);
	if (l->input_cols)
		for (size_t j = 0; j < l->n_inputs; j++)
			free(l->input_cols[j].name);
	free(l->input_cols);
	free(l->loss_name);
	free(l->accuracy_name);
	free(l->handout);
	for (int k = 0; k < LESSON_MAX_LAYERS; k++) {
		free(l->layers[k].given_w);
		free(l->layers[k].given_b);
		for (int r = 0; r < ROLE_COUNT; r++)
			free(l->layers[k].name[r]);
	}
	for (size_t i = 0; i < l->n_cues; i++) {
		free(l->cues[i].sel.tensor);
		free(l->cues[i].text);
		free(l->cues[i].hint);
	}
	free(l->cues);
	for (size_t i = 0; i < l->n_reports; i++)
		free(l->reports[i].label);
	free(l->reports);
	memset(l, 0, sizeof *l);
}

const char *activation_name(enum activation a)
{
	return (unsigned)a < ACT_COUNT ? act_names[a] : NULL;
}

double lesson_data_units(const struct lesson *l, size_t j, double x)
{
	if (!l->input_cols)
		return x;
	return x * l->input_cols[j].divisor + l->input_cols[j].offset;
}

const char *loss_name(enum loss_kind k)
{
	return (unsigned)k < LOSS_COUNT ? loss_names[k] : NULL;
}
