/* lesson: a lesson file parsed into a network specification and a script.
 *
 * A lesson describes everything about one network: its data, layers,
 * initialisation, training settings (including the seeds' quirks) and the
 * script (narration, pauses, predict questions, reports).  Nothing else in
 * the program knows a lesson by name.  The grammar is documented in
 * docs/lesson-format.md.
 */
#ifndef NNTRACE_LESSON_H
#define NNTRACE_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/activation.h"
#include "core/diag.h"
#include "core/loss.h"

/* Refused before any allocation: keeps a typo like "units 1000000000" from
 * eating the machine. */
#define LESSON_MAX_UNITS 4096
#define LESSON_MAX_LAYERS 16
#define LESSON_MAX_ITERATIONS 100000000L
#define LESSON_MAX_BYTES (1L << 20) /* 1 MiB of lesson text */
#define LESSON_NAME_MAX 64          /* a tensor name, in bytes */
/* Layers within LESSON_MAX_UNITS can still add up to more than an
 * iteration can hold or do: the weights and biases of all layers, those
 * times the samples (about the multiply-adds of one forward pass), and
 * the samples times the inputs, targets and units (the per-sample cells
 * a traced iteration holds, some 200 bytes each with its operations:
 * model/trace.h) are capped too.  A trace stores no operands, so the
 * work no longer bounds its memory: 2^28 multiply-adds are a second or
 * two of one traced iteration, 2^22 cells under 1 GB. */
#define LESSON_MAX_PARAMS (1L << 20) /* 1,048,576 weights and biases */
#define LESSON_MAX_WORK (1L << 28)   /* samples x weights and biases */
#define LESSON_MAX_CELLS (1L << 22)  /* samples x (inputs + targets +
                                        units of every layer) */
/* Iterations x samples x weights and biases: about the multiply-adds of a
 * whole run, which `dump LESSON --iterations last` must replay.  10^11 is
 * a minute or two here; the bundled lessons need at most 10^7. */
#define LESSON_MAX_RUN 100000000000LL

struct src_pos {
	int line, col; /* 1-based position in the lesson file; 0 = none */
};

enum convention {
	CONV_ROWS,    /* samples are rows: z = a . W, W is (in, out) */
	CONV_COLUMNS, /* samples are columns: z = W . a, W is (out, in) */
};

enum reduction { REDUCE_SUM, REDUCE_MEAN };

enum deriv_source {
	DERIV_FROM_Z,      /* f'(z), e.g. sigmoid(z)(1 - sigmoid(z)) */
	DERIV_FROM_OUTPUT, /* from the activation a: a(1 - a), 1 - a^2 */
};

enum init_kind {
	INIT_UNIFORM, /* low + (high - low) * random_sample(), numpy order */
	INIT_NORMAL,  /* randn() * scale */
	INIT_ZEROS,
	INIT_GIVEN,   /* explicit values written in the lesson */
};

enum softmax_backward {
	SOFTMAX_SIMPLIFIED, /* with cross-entropy: delta = a - y */
	SOFTMAX_JACOBIAN,   /* delta_i = sum_k e_k a_k (d_ik - a_i) */
};

/* The tensors of one layer; each has a display name in the lesson. */
enum role {
	ROLE_W,     /* weights at the start of the iteration */
	ROLE_B,     /* bias at the start of the iteration */
	ROLE_Z,     /* pre-activation (the "dot product") */
	ROLE_EXP,   /* softmax only: exp(z) */
	ROLE_SUM,   /* softmax only: one sum of exp per sample */
	ROLE_A,     /* activation (the layer's output) */
	ROLE_ERROR, /* what flows in from above: y - a, dL/da, delta . W^T */
	ROLE_DERIV, /* the activation's derivative per cell */
	ROLE_DELTA, /* dL/dz (or its negative for the error loss) */
	ROLE_DW,    /* weight gradient */
	ROLE_DB,    /* bias gradient */
	ROLE_W_NEW, /* weights after the update */
	ROLE_B_NEW, /* bias after the update */
	/* With compare-derivatives (seed 000's erratum), beside ROLE_DERIV: */
	ROLE_DERIV_WRONG,   /* z(1 - z): the published, wrong formula */
	ROLE_DERIV_OTHER,   /* the true derivative from the other source */
	ROLE_DERIV_NUMERIC, /* central finite difference of the activation */
	ROLE_COUNT
};

struct layer_spec {
	int units;
	enum activation act;
	double act_param;         /* the activation's parameter (its table's
	                             `param`): the lesson's value or the
	                             default; 0 for none */
	bool bias;                /* default true */
	enum init_kind init;      /* for both weights and bias */
	double init_low, init_high; /* INIT_UNIFORM */
	double init_scale;        /* INIT_NORMAL */
	bool init_zero_bias;      /* INIT_UNIFORM, INIT_NORMAL: the bias
	                             starts at zero and draws nothing */
	double *given_w;          /* INIT_GIVEN: in the lesson's convention's
	                             layout, row-major: rows (in, out),
	                             columns (out, in) */
	double *given_b;          /* INIT_GIVEN: units values, or NULL */
	enum deriv_source deriv;  /* default DERIV_FROM_Z */
	double deriv_scale;       /* 003's dsigmoid has 2; default 1 */
	bool compare_derivatives; /* also compute ROLE_DERIV_WRONG, _OTHER
	                             and _NUMERIC (sigmoid layers only) */
	char *name[ROLE_COUNT];   /* display names, never NULL once parsed */
	struct src_pos pos;       /* of the "layer" line */
};

/* Where an iteration list or a selector says "last". */
#define ITER_LAST (-1L)

/* CUE_EXERCISE: a blank of the worksheet (nntrace dump --worksheet); the
 * player and the plain handout show nothing for it. */
enum cue_kind { CUE_SAY, CUE_PAUSE, CUE_PREDICT, CUE_EXERCISE };

/* Which operations a cue attaches to.  All given terms must match; in each
 * matching iteration the cue attaches to the first matching operation. */
struct selector {
	long iter_from, iter_to; /* inclusive; ITER_LAST allowed; 0..ITER_LAST
	                            with every_iteration for "every" */
	bool every_iteration;
	int phase;               /* enum phase, or -1 for any */
	int kind;                /* enum op_kind, or -1 for any */
	char *tensor;            /* tensor name, or NULL for any */
	int row, col;            /* cell NAME[row,col]; both -1 for any cell
	                            of the tensor; col == SELECTOR_INDEX for
	                            NAME[row]: one index, resolved later
	                            against the tensor's shape */
	struct src_pos pos;      /* of the selector's first term */
	/* Where each term was written, so that an error points at the word
	 * that is wrong; line 0 for a term not given.  iter_pos is the
	 * number or range after `iteration(s)`, or `every`. */
	struct src_pos iter_pos, phase_pos, kind_pos, tensor_pos;
};

/* selector.col for a cell written with one index, NAME[I]. */
#define SELECTOR_INDEX (-2)

struct cue {
	enum cue_kind kind;
	struct selector sel;
	char *text;          /* narration or question; may hold '\n';
	                        NULL for CUE_PAUSE and an exercise without
	                        text */
	char *hint;          /* CUE_PREDICT: shown after a wrong answer,
	                        or NULL */
	/* CUE_PREDICT: how an answer is judged (docs/lesson-format.md, "How
	 * answers are judged").  With `tolerance`, right when |answer -
	 * value| <= tolerance; otherwise right when the answer is the value
	 * rounded to the decimals typed, judged to at least `decimals`
	 * (LESSON_ANSWER_DECIMALS when the lesson gives no `decimals`). */
	double tolerance;    /* >= 0, or -1: none given */
	int decimals;        /* 0..LESSON_MAX_DECIMALS, or -1: none given */
	struct src_pos pos;
};

/* A question's answer is judged to at least this many decimals unless
 * the lesson gives `decimals` or `tolerance` for it. */
#define LESSON_ANSWER_DECIMALS 2
#define LESSON_MAX_DECIMALS 17

enum report_what { REPORT_LOSS, REPORT_ACCURACY };

/* An input column of a CSV data set and what `scale` did to it, so views
 * can label inputs in the data's own units (raw = x * divisor + offset). */
struct input_column {
	char *name;     /* the CSV column, e.g. "angle" */
	double offset;  /* x = (raw - offset) / divisor; 0 without `scale` */
	double divisor; /* 1 without `scale` */
};

struct report {
	long every;           /* iterations between reports, from 0 */
	char *label;          /* printed before the value, e.g. "Error:" */
	enum report_what what;
	struct src_pos pos;
};

struct lesson {
	/* Identity. */
	char *path;          /* as opened */
	char *title, *source, *description; /* description may hold '\n' */

	/* Data, resolved: x is (n_samples, n_inputs), y is (n_samples,
	 * n_outputs), both row-major in sample order whatever the
	 * convention. */
	char *data_path;     /* resolved CSV path, NULL for inline samples */
	size_t n_samples, n_inputs, n_outputs;
	double *x, *y;
	char *input_name, *target_name; /* default "x", "y" */
	struct input_column *input_cols; /* (n_inputs) for CSV data, NULL for
	                                    inline samples */

	/* Test data (`test-data`): the same columns, for predictions with
	 * the trained network inside and outside the training range.
	 * test_x is (n_test, n_inputs), test_y (n_test, n_outputs); NULL and
	 * 0 when the lesson has none. */
	char *test_path;
	size_t n_test;
	double *test_x, *test_y;
	bool data_integral;  /* every x and y value is a whole number */
	/* `image ROWS COLS`: each sample's inputs are a picture of ROWS x
	 * COLS pixels, row by row (image_rows * image_cols == n_inputs); 0
	 * and 0 when the lesson has no `image` line. */
	size_t image_rows, image_cols;

	/* Network. */
	enum convention conv;
	struct layer_spec layers[LESSON_MAX_LAYERS];
	int n_layers;

	/* Training. */
	bool has_seed;
	uint32_t seed;
	enum loss_kind loss;
	enum reduction reduction;     /* default REDUCE_MEAN */
	enum reduction bias_grad;     /* default REDUCE_SUM (003: mean) */
	double learning_rate;
	long iterations;              /* given, or epochs x batches_per_epoch */
	/* The training loop (docs/lesson-format.md, "Training loops"): an
	 * iteration trains on one mini-batch of batch_size samples.  An
	 * epoch is batches_per_epoch = n_samples / batch_size iterations
	 * (rounded down: the n_samples % batch_size samples left at the end
	 * of an epoch's order sit that epoch out); with shuffle, each epoch
	 * takes its order from np.random.permutation(n_samples), drawn at
	 * its start from the generator the initialisation drew from. */
	size_t batch_size;            /* default n_samples: full batch */
	long epochs;                  /* `epochs E`, or 0 when not given */
	bool shuffle;                 /* default no */
	double split;                 /* `split F`: the last F of the data
	                                 held out as test data; 0 none */
	double clip_sigmoid;          /* > 0: clip z to [-c, c]; 0 off */
	double clip_probability;      /* > 0: lower clip of a and 1-a */
	enum softmax_backward softmax_backward;
	bool accuracy;                /* default: on for bce/cce */
	double accuracy_threshold;    /* single-output accuracy; 0.5 */
	unsigned metrics;             /* bitmask of 1u << loss_kind */
	char *loss_name, *accuracy_name; /* default "loss", "accuracy" */

	/* Presentation. */
	int precision;                /* decimals shown; default 8 */
	char *handout;                /* iteration list, e.g. "0,1,last",
	                                 its numbers in plain digits */
	struct src_pos handout_pos;   /* of the list on the `handout`
	                                 line; line 0 without one */

	/* Script. */
	struct cue *cues;
	size_t n_cues;
	struct report *reports;
	size_t n_reports;
};

/* Where a lesson may take its data from.  A lesson is somebody else's
 * file: its `data` and `test-data` are read only from below the lesson's
 * own folder, the datasets/ folder beside it, a folder of
 * $NNTRACE_DATASETS or the data sets bundled with the program (datasets/
 * beside the executable, ../share/nntrace/datasets), every path resolved
 * first (symbolic links and "..") -- never /etc/shadow, ~/.ssh or
 * /dev/tty.  The command line sets this once, before any lesson is read
 * (--allow-data-anywhere); the zeroed default is the strict one without
 * bundled folders. */
struct lesson_trust {
	bool data_anywhere;  /* any readable regular file */
	const char *exe_dir; /* the executable's folder, or NULL */
};
extern struct lesson_trust lesson_trust;

/* Whether the lesson trains on anything but all its samples in file
 * order: then a net lays out batch_size samples and the engine fills
 * them each iteration (model/batch.h). */
static inline bool lesson_batched(const struct lesson *l)
{
	return l->shuffle || (l->batch_size && l->batch_size < l->n_samples);
}

/* Parses lesson text.  `path` names the file in errors and anchors the
 * data path; `buf` need not be NUL-terminated.  Resolves the data (loads
 * the CSV) and checks the network against it.  On failure returns -1 with
 * every error found in `d` (file:line:col), sorted as diags_sort sorts
 * them; the lesson is then freed already.  On success the caller owns the lesson (lesson_free).
 * (parse.c; the parser's files are listed in lesson/parser.h.) */
int lesson_parse(struct lesson *l, const char *path, const char *buf,
                 size_t len, struct diags *d);

/* Reads and parses a file (66 for a missing file, 65 for bad content). */
int lesson_load(struct lesson *l, const char *path, struct diags *d);

/* What of a lesson with errors was still read without error: what
 * `nntrace check` can check the script against. */
struct lesson_known {
	bool network;    /* the network can be laid out: its layers are
	                    known, with stand-ins where a line had an error */
	bool all_names;  /* no error hid a tensor or a name: one the laid
	                    out network lacks is not the lesson's */
	/* Tensors that may exist or not: layer k's role r (its name is
	 * layers[k].name[r]), the accuracy, the metrics. */
	bool maybe[LESSON_MAX_LAYERS][ROLE_COUNT];
	bool maybe_accuracy, maybe_metrics;
	bool operations; /* the network is known whole and can be run: its
	                    operations are the lesson's */
	bool shapes;     /* with the network, every tensor's shape: the
	                    data, the convention and the layers' sizes had
	                    no error either */
	bool iterations; /* how many iterations the lesson runs */
};

/* lesson_parse and lesson_load for `check`: a lesson with errors is kept,
 * *k says what of it is known, and stand-ins complete the rest, so that
 * when k->network the lesson can be laid out, and when k->operations an
 * iteration run.  The stand-ins: every weight and bias zero; the identity
 * for an activation and 1 for a size that had an error; when the shapes
 * are unknown one sample of zeros, one input and as many targets as the
 * last layer has units; when the iterations are unknown, one; no test
 * data.  Returns 0 (no error) or -1; *l is the caller's to lesson_free
 * either way, and its errors in d are sorted (diags_sort). */
int lesson_parse_all(struct lesson *l, const char *path, const char *buf,
                     size_t len, struct diags *d, struct lesson_known *k);
int lesson_load_all(struct lesson *l, const char *path, struct diags *d,
                    struct lesson_known *k);

void lesson_free(struct lesson *l);

/* Input j of a sample as the data file wrote it, x being what the network
 * saw: the lesson's `scale` undone (x * divisor + offset), so that tables
 * and axes read in the data's units (degrees, not a fraction).  x itself
 * for inline samples. */
double lesson_data_units(const struct lesson *l, size_t j, double x);

/* =====================================================================
 * Finding lessons (lookup.c)
 *
 * A bare name ("trask-11") is looked for as NAME.lesson in these folders,
 * in this order: each folder of $NNTRACE_LESSONS (a colon-separated list;
 * empty parts are skipped), then exe_dir/lessons, then
 * exe_dir/../share/nntrace/lessons (these two only with an exe_dir).
 * When two folders hold the same name, the first one's lesson is the
 * one: lesson_find opens it and lesson_list lists it, never the other.
 * ===================================================================== */

/* Finds a lesson by path or bare name: an existing path is taken as it
 * is; a bare name is looked for in the folders above.  Writes the path
 * into out and returns 0, or -1 if not found (or it does not fit). */
int lesson_find(const char *name, const char *exe_dir, char *out,
                size_t cap);

/* A lesson file a listing found. */
struct lesson_file {
	char *name; /* "trask-11": the file's name without ".lesson" */
	char *path; /* FOLDER/NAME.lesson, FOLDER as listed above */
};

/* A growing list of lesson files: start it zeroed, free it with
 * lesson_files_free. */
struct lesson_files {
	struct lesson_file *v;
	size_t n, cap;
};

/* Appends every lesson a bare name can open: the *.lesson files of the
 * folders above, folder by folder, by name (strcoll, as scandir's
 * alphasort) inside one; a name an earlier folder holds too is left out.
 * A folder that is not there is skipped.  Returns 0, or -1 when out of
 * memory (what was found stays in out). */
int lesson_list(const char *exe_dir, struct lesson_files *out);

/* Appends the *.lesson files of one folder, by name, whatever out holds
 * already (the player adds the current folder's with it).  0 or -1 as
 * lesson_list. */
int lesson_list_folder(const char *dir, struct lesson_files *out);

void lesson_files_free(struct lesson_files *f);

#endif
