/* parser: the lesson parser's state, and what its files share.
 *
 * Private to src/lesson/ (the unit tests read the directive table through
 * it too).  How a lesson is read, file by file:
 *
 *   parse.c       lesson_parse: defaults, then every line, then the checks
 *   lines.c       one line: its bytes checked, its words and comment;
 *                 an indented line goes on with free text or a literal
 *   directives.c  THE table of keywords, and the dispatcher that checks
 *                 where a line stands and whether it repeats
 *   directives_header.c, _data.c, _network.c, _training.c, _script.c
 *                 one handler per keyword (directive_KEYWORD), one file
 *                 per section of docs/lesson-format.md
 *   literal.c     the [[...]] of weights and biases, across lines
 *   selector.c    what follows say, pause and predict
 *   tensor_names.c  roles, default names, the rules a name follows
 *   numbers.c     plain decimals, whole numbers, iterations
 *   parser.c      errors and positions, memory, word checks
 *   datafile.c    after the last line: the CSV files found and read
 *   checks.c      after the last line: what spans lines
 *   standin.c     for `check`, a lesson with errors: what is known of
 *                 it, and stand-ins for the rest
 */
#ifndef NNTRACE_LESSON_PARSER_H
#define NNTRACE_LESSON_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/column.h"
#include "lesson/lesson.h"

#define PREDICT_FAILED (-2L)
#define SHOW_MAX 40 /* bytes of a word quoted back in a message */

/* =====================================================================
 * The directives
 * ===================================================================== */

/* One per keyword, in the order of directive_table: that order also
 * settles which keyword "did you mean" names when two are as close. */
enum dir {
	D_TITLE, D_SOURCE, D_DESCRIPTION, D_PRECISION, D_HANDOUT,
	D_DATA, D_INPUTS, D_TARGETS, D_ONE_HOT, D_SCALE, D_SAMPLE,
	D_NAME, D_CONVENTION, D_LAYER, D_BIAS, D_INIT, D_WEIGHTS, D_BIASES,
	D_DERIVATIVE, D_COMPARE_DERIVATIVES, D_SEED, D_LOSS, D_REDUCTION,
	D_BIAS_GRADIENT, D_LEARNING_RATE, D_ITERATIONS, D_CLIP,
	D_SOFTMAX_BACKWARD, D_ACCURACY, D_METRICS, D_SAY, D_PAUSE,
	D_PREDICT, D_HINT, D_TOLERANCE, D_DECIMALS, D_REPORT, D_TEST_DATA,
	D_BATCH_SIZE, D_EPOCHS, D_SHUFFLE, D_SPLIT, D_SCALE_ALL, D_IMAGE,
	D_EXERCISE, D_COUNT
};

/* Where a directive may stand; the dispatcher says so when it does not. */
enum dir_where {
	WHERE_ANY,     /* anywhere in the file */
	WHERE_LAYER,   /* after a `layer` line: it sets the latest layer */
	WHERE_PREDICT, /* after a `predict` line: it adds to that question */
};

/* How often a directive may be given; the dispatcher reports a repeat,
 * except for REPEAT_PER_WORD, which its handler checks. */
enum dir_repeat {
	REPEAT_ANY,         /* layer, sample, say, ...: as often as wanted */
	REPEAT_ONCE,        /* once in the file */
	REPEAT_PER_LAYER,   /* once for each layer */
	REPEAT_PER_PREDICT, /* once for each predict */
	REPEAT_PER_WORD,    /* once per first argument: name ROLE, clip KIND,
	                       scale COL */
};

/* What a handler gets after the keyword. */
enum dir_args {
	ARGS_WORDS, /* the comment cut off, split at blanks into p->tok */
	ARGS_LINE,  /* the comment cut off, the bytes as they are */
	ARGS_TEXT,  /* free text: a '#' is text; trailing blanks dropped
	               and the text NUL-terminated */
};

struct parser;

/* A directive's handler: the arguments are bytes [from, end) of the
 * line copy p->ln (for ARGS_WORDS also p->tok).  It runs only once the
 * dispatcher has checked where the line stands and whether it repeats. */
typedef void directive_fn(struct parser *p, enum dir d, size_t from,
                          size_t end);

struct directive {
	const char *keyword;
	directive_fn *fn;
	enum dir_args args;
	enum dir_where where;
	enum dir_repeat repeat;
	bool continued;        /* indented lines may go on with it */
	bool selector;         /* its arguments start with a selector */
	const char *doc;       /* the heading of docs/lesson-format.md whose
	                          table describes it */
};

/* Every directive, indexed by enum dir: the one table the dispatcher, the
 * "did you mean" of an unknown keyword and the docs test read. */
extern const struct directive directive_table[D_COUNT];

const char *directive_keyword(enum dir d);

/* Reads the current line as a directive (it starts in column 1). */
void directive_read(struct parser *p);

/* The handlers, one file per section of docs/lesson-format.md. */
directive_fn directive_title, directive_description, directive_precision,
	directive_handout;                          /* directives_header.c */
directive_fn directive_data, directive_test_data, directive_columns,
	directive_one_hot, directive_scale, directive_scale_all,
	directive_image, directive_sample;          /* directives_data.c */
directive_fn directive_convention, directive_layer, directive_bias,
	directive_init, directive_values, directive_derivative,
	directive_compare_derivatives,
	directive_name;                             /* directives_network.c */
directive_fn directive_seed, directive_loss, directive_reduction,
	directive_learning_rate, directive_iterations, directive_clip,
	directive_softmax_backward, directive_accuracy,
	directive_metrics, directive_batch_size, directive_epochs,
	directive_shuffle, directive_split;         /* directives_training.c */
directive_fn directive_cue, directive_hint, directive_tolerance,
	directive_decimals, directive_report;       /* directives_script.c */

/* =====================================================================
 * The parser's state
 * ===================================================================== */

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

/* One item of the `handout` list, as read: checked against the number
 * of iterations after the last line. */
struct handout_item {
	long from, to;      /* inclusive; ITER_LAST allowed */
	struct src_pos pos; /* of the item */
};

/* What parsing learnt about a layer beyond struct layer_spec. */
struct layer_extra {
	bool bad;                 /* its `layer` line had an error */
	bool act_bad;             /* ... and its activation is not known */
	bool init_unknown;        /* its `init` line named no known kind */
	bool failed[D_COUNT];     /* a line of its settings had an error */
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

/* `name ROLE NAME`: the four global tensors first, then the layer roles
 * in enum role order. */
enum { NAME_INPUT, NAME_TARGET, NAME_LOSS, NAME_ACCURACY, N_GLOBAL_NAMES };
#define NAME_IN_SELECTOR (-2)

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
	struct column cc; /* columns of the line's bytes, for errors */
	struct tok *tok;
	size_t n_tok, tok_cap;

	/* Directives given once: first line (0 = not yet) and whether it
	 * was bad. */
	int line_of[D_COUNT];
	bool bad[D_COUNT];
	int name_line[N_GLOBAL_NAMES];
	struct src_pos name_pos[N_GLOBAL_NAMES];
	int clip_line[2];
	struct src_pos loss_pos, sb_pos, threshold_pos;
	struct src_pos batch_pos, split_pos; /* their numbers */
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
	struct scale_spec scale_all; /* `scale-all`: col NULL; line 0 without */
	struct src_pos image_pos;    /* `image`: its ROWS */
	struct handout_item *handout; /* the `handout` line's items */
	size_t n_handout, handout_cap;
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

	/* What `check` may still rely on when there are errors (standin.c):
	 * the errors so far, the directives that had one, and whether an
	 * error may change which tensors exist or their shapes. */
	size_t errors;
	bool dir_failed[D_COUNT];
	bool layout_doubt;  /* the network cannot be laid out (names clash,
	                       too large) */
	bool names_doubt;   /* a tensor or a name may be missing (a bad
	                       `name`, a keyword meant for the network) */
	bool ops_doubt;     /* the network as read is not one the engine
	                       runs (softmax not last, a loss that does not
	                       fit) */
	bool shapes_doubt;  /* the targets do not fit the last layer */
	bool data_ok;       /* datafile_load read the samples */

	size_t cues_cap, reports_cap;
	long last_predict; /* cue index, -1 before the first predict or
	                      PREDICT_FAILED when the latest had errors */
	int predict_line_of[D_COUNT]; /* first line of each setting of the
	                                 latest predict */
};

/* =====================================================================
 * Services (parser.c)
 * ===================================================================== */

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Allocation that records a failure in p->oom instead of returning it
 * to every caller: the parse stops at the end of the line. */
char *parser_strdup(struct parser *p, const char *s);
char *parser_strndup(struct parser *p, const char *s, size_t n);
/* Returns arr grown to hold `need` items of `size` bytes (doubling, so
 * appends stay linear), or NULL with arr untouched and p->oom set. */
void *parser_grow(struct parser *p, void *arr, size_t *cap, size_t need,
                  size_t size);
void sbuf_add(struct parser *p, struct sbuf *b, const char *s, size_t n);
/* Hands over the text (never NULL unless out of memory) and empties b. */
char *sbuf_take(struct parser *p, struct sbuf *b);

/* A word quoted back in a message: at most SHOW_MAX bytes, cut on a
 * character boundary, "..." when cut.  Returned by value, so no static
 * buffer. */
struct shown {
	char s[SHOW_MAX + 4];
};
struct shown parser_show(const char *s);

/* Column of byte `off` of the current line, and its position. */
int parser_column(struct parser *p, size_t off);
struct src_pos parser_pos(struct parser *p, size_t off);

/* Errors, code 65 unless given: at byte `off` of the current line, or at
 * a position. */
void parser_error(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void parser_error_at(struct parser *p, struct src_pos pos, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));
void parser_error_code_at(struct parser *p, struct src_pos pos, int code,
                          const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The name closest to w within two edits (the first of equals), or NULL. */
const char *parser_closest(const char *w, const char *const *names,
                           size_t n);
/* Index of t among names, or -1 after an "unknown WHAT" error that
 * suggests the closest name or lists them all. */
int parser_pick(struct parser *p, const struct tok *t, const char *what,
                const char *const *names, size_t n);
/* Argument count check for directives with a fixed shape.  `usage` is
 * what follows the keyword, e.g. "UNITS ACTIVATION". */
bool parser_nargs(struct parser *p, enum dir d, size_t lo, size_t hi,
                  const char *usage);
/* A directive that takes one word out of a list; returns its index or
 * -1 (and marks the directive bad).  `what` names the word in errors. */
int parser_word(struct parser *p, enum dir d, const char *what,
                const char *const *names, size_t n, const char *usage);
/* The layer that layer settings apply to, or NULL (after an error when
 * there is none yet; silently past the layer limit, already reported). */
struct layer_spec *parser_layer(struct parser *p, enum dir d,
                                struct layer_extra **lx);

/* The latest layer, for a WHERE_LAYER handler: the dispatcher has made
 * sure there is one. */
static inline struct layer_spec *parser_last_layer(struct parser *p,
                                                   struct layer_extra **lx)
{
	*lx = &p->lx[p->l->n_layers - 1];
	return &p->l->layers[p->l->n_layers - 1];
}

extern const char *const parser_yes_no[2];

/* =====================================================================
 * Numbers (numbers.c)
 * ===================================================================== */

enum num { NUM_OK, NUM_BAD, NUM_RANGE };

/* A plain decimal: [+-] (digits [. digits] | . digits) [(e|E) [+-] digits]. */
enum num number_parse(const char *s, double *out);
/* A number, or false after an error naming it `what`. */
bool number_get(struct parser *p, const struct tok *t, const char *what,
                double *out);
/* A whole number in [lo, hi], written as any number ("1e5" is fine). */
bool number_whole(struct parser *p, const struct tok *t, const char *what,
                  double lo, double hi, double *out);
/* One iteration of a handout or selector: a whole number or "last". */
bool number_iteration(struct parser *p, const struct tok *t, long *out);
/* "A-B" with B possibly "last"; false when t holds no '-' after its
 * first character, or after an error. */
bool number_iteration_range(struct parser *p, const struct tok *t,
                            long *from, long *to);

/* =====================================================================
 * Lines (lines.c)
 * ===================================================================== */

/* One physical line, without its line end. */
void line_read(struct parser *p, const char *s, size_t n);
/* Ends whatever indented lines were continuing. */
void line_end_continuation(struct parser *p);
size_t line_skip_blanks(struct parser *p, size_t i, size_t end);
/* End of the arguments once a comment (a '#' after a blank) and trailing
 * blanks are cut off. */
size_t line_strip_comment(struct parser *p, size_t from, size_t end);
/* Splits [from, end) of the line copy at blanks into p->tok. */
void line_tokenize(struct parser *p, size_t from, size_t end);
/* Starts free text that indented lines may go on with; it lands in the
 * description, a cue's text or a cue's hint (idx) at its end. */
void line_start_text(struct parser *p, enum dir d, enum text_dst dst,
                     size_t idx, const char *text);

/* =====================================================================
 * Literals (literal.c)
 * ===================================================================== */

/* `weights`/`biases` of layer index k: the literal starts at [from, end)
 * of the current line and may go on over indented lines. */
void literal_start(struct parser *p, enum dir d, int k, size_t from,
                   size_t end);
void literal_feed(struct parser *p, size_t from, size_t end);
/* The literal ended unfinished (its last line was read). */
void literal_unfinished(struct parser *p);

/* =====================================================================
 * Tensor names (tensor_names.c)
 * ===================================================================== */

extern const char *const tensor_name_roles[N_GLOBAL_NAMES + ROLE_COUNT];
extern const char *const tensor_name_global_what[N_GLOBAL_NAMES];
extern const char *const tensor_name_role_what[ROLE_COUNT];
/* Tensors that exist only when the layer compares derivatives, and
 * those that exist only when it has a bias. */
bool tensor_name_is_comparison(int role);
bool tensor_name_has_bias(int role);
/* "W1", "W1_new", ...: every role's default name for layer k (1-based). */
void tensor_name_defaults(struct parser *p, struct layer_spec *ls, int k);
/* Checks the syntax of a tensor name; `global` is the NAME_* role when
 * the name is for a global tensor, -1 for a layer tensor, or
 * NAME_IN_SELECTOR for a name in a selector (which may be the loss's or
 * the accuracy's). */
bool tensor_name_check(struct parser *p, const struct tok *t, int global);

/* =====================================================================
 * Selectors (selector.c)
 * ===================================================================== */

/* Parses [from, end) of the current line as a selector. */
bool selector_parse(struct parser *p, size_t from, size_t end,
                    struct selector *s);
/* Whether s is one of the selector's own words (iteration, iterations,
 * every), which no tensor may be called. */
bool selector_is_word(const char *s);

/* =====================================================================
 * After the last line
 * ===================================================================== */

/* The data, from the CSV or the `sample` lines; false on any error
 * (datafile.c). */
bool datafile_load(struct parser *p);
/* The training loop once the data are known: `split` holds out test
 * data, `batch-size` is checked against the samples, `epochs` becomes
 * iterations (loop.c). */
void loop_resolve(struct parser *p);
/* Missing directives, the data, and every check that spans lines
 * (checks.c). */
void checks_after_last_line(struct parser *p);

/* =====================================================================
 * A lesson with errors, for `check` (standin.c)
 * ===================================================================== */

/* Whether an error on a line of keyword d, or a keyword mistyped for d,
 * may hide a tensor or a name of the network. */
bool standin_decides_tensors(enum dir d);
/* What of the lesson was read without error, into k. */
void standin_known(struct parser *p, struct lesson_known *k);
/* Completes the lesson p->l with stand-ins where k says it is unknown,
 * so that a known network can be laid out and run; clears k->network
 * when even the stand-in could not be (too large, out of memory). */
void standin_complete(struct parser *p, struct lesson_known *k);

#endif
