/* Script tests: where cues attach, and what script_check reports, for
 * the selector rules of docs/lesson-format.md ("The script",
 * "Selectors").  The network is small enough to count its operations by
 * hand; the steps below come from that count, not from a run.
 *
 * One layer of 2 sigmoid units, no bias, over 2 samples of 1 input, the
 * squared loss (no accuracy), 5 iterations.  Under convention rows: z1,
 * a1, error1, deriv1 and delta1 are 2 x 2, W1, dW1 and W1_new 1 x 2.  An
 * iteration's 25 operations, in order:
 *
 *   forward   0-3   z1, one weighted sum per (sample, unit): cells 0-3
 *             4-7   a1 = sigmoid(z1), cells 0-3
 *   loss      8     loss (what the loss is comes first)
 *             9-12  error1, cells 0-3
 *   backward 13-16  deriv1, cells 0-3
 *            17-20  delta1, cells 0-3
 *            21-22  dW1, cells 0-1 (no bias, no layer below)
 *   update   23-24  W1_new, cells 0-1
 *
 * Under convention columns the shapes are transposed (z1 is unit x
 * sample, dW1 and W1_new 2 x 1) and the weighted sums still run sample by
 * sample, unit by unit: steps 0-3 write z1 cells (0,0), (1,0), (0,1),
 * (1,1), that is flat cells 0, 2, 1, 3. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lesson/lesson.h"
#include "model/engine.h"
#include "model/net.h"
#include "model/opindex.h"
#include "model/script.h"
#include "model/trace.h"

#include "lesson_text.h"

#define LAST 4 /* iterations 5 */

static const char network_fmt[] =
	"title script\n"
	"sample 1 -> 0 1\n"
	"sample 2 -> 1 0\n"
	"convention %s\n"
	"layer 2 sigmoid\nbias no\n"
	"seed 1\nloss squared\nlearning-rate 0.1\niterations 5\n"
	"%s";

struct run {
	struct lesson l;
	struct net n;
	struct engine e;
	struct trace t;
	struct script s;
};

static void open_run(struct run *r, const char *conv, const char *cues)
{
	char text[4096];
	struct diags d = {0};
	snprintf(text, sizeof text, network_fmt, conv, cues);
	assert_int_equal(lesson_from_text(&r->l, "script.lesson", text), 0);
	assert_int_equal(net_init(&r->n, &r->l, &d), 0);
	assert_int_equal(engine_init(&r->e, &r->n), 0);
	assert_int_equal(trace_init(&r->t, &r->n), 0);
	memset(&r->s, 0, sizeof r->s);
	diags_free(&d);
}

static void close_run(struct run *r)
{
	script_free(&r->s);
	trace_free(&r->t);
	engine_free(&r->e);
	net_free(&r->n);
	lesson_free(&r->l);
}

/* Traces the engine's next iteration and attaches the script to it. */
static void next_iteration(struct run *r)
{
	struct step_result res;
	assert_int_equal(engine_step(&r->e, &r->t, &res), 0);
	assert_int_equal(r->t.n_ops, 25);
	assert_int_equal(script_attach(&r->s, &r->l, &r->t, LAST), 0);
}

/* The attached (step, cue) pairs of the current iteration are `want`. */
static void assert_attached(const struct run *r, const size_t want[][2],
                            size_t n)
{
	if (r->s.n != n)
		fail_msg("iteration %ld: %zu cues attached, want %zu",
		         r->t.iteration, r->s.n, n);
	for (size_t i = 0; i < n; i++)
		if (r->s.at[i].step != want[i][0] || r->s.at[i].cue != want[i][1])
			fail_msg("iteration %ld, entry %zu: cue %zu at step "
			         "%zu, want cue %zu at step %zu",
			         r->t.iteration, i, r->s.at[i].cue,
			         r->s.at[i].step, want[i][1], want[i][0]);
}

/* Iteration terms: none (iteration 0 only), `iteration last`, a range,
 * a range to `last`, `every iteration`. */
static const char iteration_cues[] =
	"say iteration last forward: 0\n"
	"say iterations 1-3 a1[1,1]: 1\n"
	"say every iteration loss loss: 2\n"
	"say backward: 3\n"
	"pause iterations 2-last dW1[0,1]\n";

static void test_iterations(void **state)
{
	(void)state;
	struct run r;
	open_run(&r, "rows", iteration_cues);
	/* Cue 1: a1 cell (1,1) is flat 3, written at step 4 + 3 = 7; cue 2:
	 * the loss phase's loss operation, step 8; cue 3: the first
	 * backward operation, step 13; cue 4: dW1 cell 1, step 22. */
	static const size_t it0[][2] = {{8, 2}, {13, 3}};
	static const size_t it1[][2] = {{7, 1}, {8, 2}};
	static const size_t it2[][2] = {{7, 1}, {8, 2}, {22, 4}};
	static const size_t it4[][2] = {{0, 0}, {8, 2}, {22, 4}};
	next_iteration(&r);
	assert_attached(&r, it0, 2);
	next_iteration(&r);
	assert_attached(&r, it1, 2);
	next_iteration(&r);
	assert_attached(&r, it2, 3);
	next_iteration(&r);
	assert_attached(&r, it2, 3);
	next_iteration(&r);
	assert_int_equal(r.t.iteration, LAST);
	assert_attached(&r, it4, 3);
	close_run(&r);
}

/* In each iteration a cue attaches to the first matching operation;
 * cues on one operation keep their file order, and the list is sorted
 * by step whatever the file order. */
static const char first_match_cues[] =
	"say update: 0\n"
	"say sigmoid: 1\n"
	"say a1[0,0]: 2\n"
	"predict forward a1: 3\n"
	"say loss: 4\n"
	"say delta1: 5\n"
	"say error1[1,0]: 6\n";

static void test_first_match(void **state)
{
	(void)state;
	struct run r;
	open_run(&r, "rows", first_match_cues);
	next_iteration(&r);
	/* Cue 0: step 23; cues 1-3: the first sigmoid, a1 cell 0, step 4;
	 * cue 4: the first loss-phase operation, step 8; cue 5: step 17;
	 * cue 6: error1 cell (1,0) = flat 2, step 9 + 2 = 11. */
	static const size_t want[][2] = {{4, 1}, {4, 2}, {4, 3}, {8, 4},
	                                 {11, 6}, {17, 5}, {23, 0}};
	assert_attached(&r, want, 7);
	const struct cue_at *first;
	assert_int_equal(script_at(&r.s, 4, &first), 3);
	assert_int_equal(first[0].cue, 1);
	assert_int_equal(first[1].cue, 2);
	assert_int_equal(first[2].cue, 3);
	assert_int_equal(script_at(&r.s, 11, &first), 1);
	assert_int_equal(first[0].cue, 6);
	assert_int_equal(script_at(&r.s, 5, &first), 0);
	assert_int_equal(script_at(&r.s, 24, &first), 0);
	close_run(&r);
}

/* NAME[I]: a row of a one-column tensor, a column of a one-row tensor;
 * the same name in the other convention swaps them.  A matrix has no
 * cell [I], and a cell past the shape matches nothing. */
static const char index_cues[] =
	"say dW1[1]: 0\n"
	"say W1_new[1]: 1\n"
	"say z1[1,0]: 2\n"
	"say z1[1]: 3\n"
	"say dW1[2]: 4\n"
	"say a1[0,2]: 5\n"
	"say zz1: 6\n";

static void test_index(void **state)
{
	(void)state;
	struct run r;
	/* rows: dW1 and W1_new are 1 x 2, [1] is column 1, flat 1: steps
	 * 22 and 24.  z1[1,0] is sample 1, unit 0: flat 2, step 2. */
	static const size_t rows[][2] = {{2, 2}, {22, 0}, {24, 1}};
	/* columns: they are 2 x 1, [1] is row 1, flat 1: the same steps.
	 * z1[1,0] is unit 1, sample 0: flat 2, written at step 1. */
	static const size_t columns[][2] = {{1, 2}, {22, 0}, {24, 1}};
	open_run(&r, "rows", index_cues);
	next_iteration(&r);
	assert_attached(&r, rows, 3);
	close_run(&r);
	open_run(&r, "columns", index_cues);
	next_iteration(&r);
	assert_attached(&r, columns, 3);
	close_run(&r);
}

/* The formatted errors of d are `want` (n of them), in order. */
static void assert_errors(const struct diags *d, const char *const *want,
                          size_t n)
{
	for (size_t i = 0; i < d->n || i < n; i++) {
		char line[1200] = "";
		if (i < d->n)
			diags_format(d, i, line, sizeof line);
		if (i >= n || strcmp(line, want[i]) != 0)
			fail_msg("error %zu: got '%s', want '%s'", i, line,
			         i < n ? want[i] : "(none)");
	}
}

/* script_check reports each cue that cannot attach, at the word that is
 * wrong (docs/lesson-format.md, "Errors" and "Selectors"): an unknown
 * name (with the closest one), a cell out of range, a given tensor, a
 * term after which nothing matches, an iteration past the last; the good
 * cues pass.  The cues start on line 11; "say " is 4 columns. */
static const char check_cues[] =
	"say iteration 2 a1[1]: bad\n"  /* line 11: a1 is 2 x 2 */
	"say a1[2,0]: bad\n"            /* 12: no row 2 */
	"say delta123: bad\n"           /* 13: two edits from delta1 */
	"say W1: bad\n"                 /* 14: given */
	"say forward delta: bad\n"      /* 15: delta is backward */
	"say iteration 5 loss: bad\n"   /* 16: past the last, 4 */
	"say iterations 1-last W1_new[1]: good\n"
	"say qqqqqq: bad\n";            /* 18: nothing close */

static void test_check(void **state)
{
	(void)state;
	struct run r;
	struct diags d = {0};
	open_run(&r, "rows", check_cues);
	next_iteration(&r);
	assert_int_equal(script_check(&r.l, &r.t, LAST, &d), 7);
	static const char *const want[] = {
		"script.lesson:11:17: error: 'a1' is 2 x 2: no cell at that "
		"index",
		"script.lesson:12:5: error: 'a1' is 2 x 2: no cell at that row "
		"and column",
		"script.lesson:13:5: error: no tensor named 'delta123' (did you "
		"mean 'delta1'?)",
		"script.lesson:14:5: error: 'W1' is given at the start of each "
		"iteration; no operation computes it",
		"script.lesson:15:13: error: no operation matches this selector: "
		"'delta' operations are in the backward phase",
		"script.lesson:16:15: error: iteration 5 does not exist (the "
		"lesson runs iterations 0 to 4)",
		"script.lesson:18:5: error: no tensor named 'qqqqqq'",
	};
	assert_errors(&d, want, 7);
	diags_free(&d);
	close_run(&r);
}

/* A word read as a tensor name that names nothing: "did you mean" offers
 * the phases and the operation kinds too, each only while the selector
 * has none (they are what the word would otherwise have been), and a
 * closer tensor name wins.  A term after which nothing matches is
 * explained by where its tensor or its kind is computed (the count of
 * the header: a1 is written by sigmoid operations in the forward phase,
 * delta1 by delta operations in the backward phase; a sigmoid network
 * has no relu).  A cue with two wrong words gets both errors. */
static const char word_cues[] =
	"pause iteration 0 backwards\n"     /* 11: col 19, a phase */
	"say sigmoyd: x\n"                  /* 12: an operation kind */
	"say forward dellta1: x\n"          /* 13: delta1, 1 edit (the
	                                       kind delta is 2) */
	"say backward a1: x\n"              /* 14: a1 at col 14 */
	"say a1 backward: x\n"              /* 15: backward at col 8 */
	"say update dot: x\n"               /* 16: dot at col 12 */
	"say relu: x\n"                     /* 17 */
	"say iteration 7 backwardd: x\n"    /* 18: 7 at col 15, the word
	                                       at col 17 */
	"say forward forwrd: x\n";          /* 19: the phase is taken */

static void test_check_words(void **state)
{
	(void)state;
	struct run r;
	struct diags d = {0};
	open_run(&r, "rows", word_cues);
	next_iteration(&r);
	static const char *const want[] = {
		"script.lesson:11:19: error: no tensor named 'backwards' (did "
		"you mean the phase 'backward'?)",
		"script.lesson:12:5: error: no tensor named 'sigmoyd' (did you "
		"mean the operation kind 'sigmoid'?)",
		"script.lesson:13:13: error: no tensor named 'dellta1' (did you "
		"mean 'delta1'?)",
		"script.lesson:14:14: error: no operation matches this "
		"selector: 'a1' is computed by sigmoid operations in the "
		"forward phase",
		"script.lesson:15:8: error: no operation matches this selector: "
		"'a1' is computed by sigmoid operations in the forward phase",
		"script.lesson:16:12: error: no operation matches this "
		"selector: 'dot' operations are in the forward phase",
		"script.lesson:17:5: error: no operation matches this selector: "
		"this network has no 'relu' operation",
		"script.lesson:18:15: error: iteration 7 does not exist (the "
		"lesson runs iterations 0 to 4)",
		"script.lesson:18:17: error: no tensor named 'backwardd' (did "
		"you mean the phase 'backward'?)",
		"script.lesson:19:13: error: no tensor named 'forwrd'",
	};
	assert_int_equal(script_check(&r.l, &r.t, LAST, &d), 10);
	assert_errors(&d, want, 10);
	diags_free(&d);
	close_run(&r);
}

/* A lesson with errors, as `check` sees it (docs/lesson-format.md,
 * "Errors"): layer 1's activation is misspelt, so it stands in as the
 * identity and its derivative may or may not exist; its output a1 and its
 * pre-activation z1 (2 x 2: two samples, two units) do.  Names, cells and
 * iterations are still checked; whether an operation matches is not, and
 * the notes say so, naming the cues' lines. */
static const char broken_lesson[] =
	"title script\n"
	"sample 1 -> 0 1\n"
	"sample 2 -> 1 0\n"
	"layer 2 sigmoyd\n"
	"bias no\n"
	"seed 1\nloss squared\nlearning-rate 0.1\niterations 5\n"
	"say deriv1: maybe there\n"          /* line 10 */
	"say a1[0,0]: there\n"               /* 11 */
	"say a2: not there\n"                /* 12 */
	"say z1[5,0]: no row 5\n"            /* 13 */
	"say iteration 9 W1_new: too late\n"; /* 14: 9 at col 15 */

static void test_check_known(void **state)
{
	(void)state;
	struct lesson l;
	struct lesson_known k;
	struct net n;
	struct diags d = {0}, notes = {0};
	assert_int_equal(lesson_parse_all(&l, "script.lesson", broken_lesson,
	                                  strlen(broken_lesson), &d, &k),
	                 -1);
	assert_true(k.network && k.shapes && k.iterations);
	assert_false(k.operations);
	diags_free(&d);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(script_check_known(&l, &n, NULL, &k, &d, &notes), 3);
	static const char *const want[] = {
		"script.lesson:12:5: error: no tensor named 'a2' (did you mean "
		"'a1'?)",
		"script.lesson:13:5: error: 'z1' is 2 x 2: no cell at that row "
		"and column",
		"script.lesson:14:15: error: iteration 9 does not exist (the "
		"lesson runs iterations 0 to 4)",
	};
	assert_errors(&d, want, 3);
	/* Formatted by diags_format, which calls every entry an error;
	 * main.c prints these as notes. */
	static const char *const want_notes[] = {
		"script.lesson: error: not checked for the errors above: the "
		"tensors named on line 10 (an error may hide a tensor or change "
		"its name)",
		"script.lesson: error: not checked for the errors above: whether "
		"an operation matches the selectors on lines 11 and 14 (the "
		"network's operations are not known)",
	};
	assert_errors(&notes, want_notes, 2);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
	diags_free(&notes);
}

/* =====================================================================
 * How long narration holds (docs/lesson-format.md, "When narration
 * shows")
 * ===================================================================== */

/* The cues shown at `step`: the says that hold there, as a string of
 * their texts ("E", "BC"; "" when none holds). */
static void held(const struct script *s, const struct lesson *l,
                 const struct trace *t, size_t step, char *out)
{
	const struct cue_at *at;
	size_t n;
	long from = script_narration(s, l, t, step, &at, &n);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (script_holds(s, l, t, &at[i], step))
			strcat(out, l->cues[at[i].cue].text);
	/* No say holds exactly when there is no step to show. */
	assert_true((from < 0) == (out[0] == '\0'));
}

/* The network of the header, with a say on a tensor in each of three
 * phases, one on a whole phase, a question in between and a pause on the
 * update (no say: the backward phase's end ends its says).  Expected
 * from the engine's formulas (not a run): a1 = sigmoid(z1) reads z1;
 * the squared loss reads a1 and y, not error1; delta1 = error1 * deriv1
 * reads deriv1; dW1 = x^T delta1 reads x and delta1, not deriv1. */
static const char holding_cues[] =
	"say iteration 0 forward z1[0,0]: E\n"   /* step 0 */
	"say iteration 0 loss error1[0,0]: A\n"  /* step 9 */
	"say iteration 0 backward deriv1[0,0]: B\n" /* step 13 */
	"say iteration 0 backward: C\n"          /* step 13 */
	"predict iteration 0 deriv1[1,1]: Q\n"   /* flat 3: step 16 */
	"pause iteration 0 update\n";            /* step 23 */

static void test_narration_holds(void **state)
{
	(void)state;
	struct run r;
	open_run(&r, "rows", holding_cues);
	next_iteration(&r);
	static const char *const want[25] = {
		/* forward: z1 (0-3) and a1 = sigmoid(z1) (4-7) */
		"E", "E", "E", "E", "E", "E", "E", "E",
		/* loss: the loss (8) reads a1 and y, before the say's
		 * error1 (9-12) */
		"", "A", "A", "A", "A",
		/* backward: deriv1 (13-16, the question at 16 ends
		 * nothing), delta1 (17-20) reads deriv1, dW1 (21-22) does
		 * not: only the phase's say is left */
		"BC", "BC", "BC", "BC", "BC", "BC", "BC", "BC", "C", "C",
		/* update: a new phase, only a pause */
		"", "",
	};
	char got[16];
	for (size_t step = 0; step < 25; step++) {
		held(&r.s, &r.l, &r.t, step, got);
		if (strcmp(got, want[step]) != 0)
			fail_msg("step %zu shows '%s', want '%s'", step, got,
			         want[step]);
	}
	/* A question or a pause is no narration. */
	const struct cue_at *at;
	assert_int_equal(script_at(&r.s, 16, &at), 1);
	assert_false(script_holds(&r.s, &r.l, &r.t, &at[0], 16));
	/* The introduction: iteration 0's first operation only. */
	assert_true(script_intro(&r.t, 0));
	assert_false(script_intro(&r.t, 1));
	/* Iteration 1: the cues are for iteration 0, nothing holds. */
	next_iteration(&r);
	assert_false(script_intro(&r.t, 0));
	for (size_t step = 0; step < 25; step++) {
		held(&r.s, &r.l, &r.t, step, got);
		assert_string_equal(got, "");
	}
	close_run(&r);
}

/* A bundled lesson's first iteration, traced, with its script. */
static void open_bundled(struct run *r, const char *path)
{
	struct diags d = {0};
	assert_int_equal(lesson_load(&r->l, path, &d), 0);
	assert_int_equal(net_init(&r->n, &r->l, &d), 0);
	assert_int_equal(engine_init(&r->e, &r->n), 0);
	assert_int_equal(trace_init(&r->t, &r->n), 0);
	memset(&r->s, 0, sizeof r->s);
	struct step_result res;
	assert_int_equal(engine_step(&r->e, &r->t, &res), 0);
	assert_int_equal(script_attach(&r->s, &r->l, &r->t,
	                               r->l.iterations - 1), 0);
	diags_free(&d);
}

/* Which cue's narration each operation shows (-1: none), against want,
 * operations counted from 1 as the player counts them. */
static void assert_held(const struct run *r, const int *want, size_t n)
{
	for (size_t op = 1; op <= n; op++) {
		const struct cue_at *at;
		size_t k;
		long from = script_narration(&r->s, &r->l, &r->t, op - 1, &at,
		                             &k);
		int got = -1;
		for (size_t i = 0; i < k; i++)
			if (script_holds(&r->s, &r->l, &r->t, &at[i], op - 1))
				got = (int)at[i].cue;
		if (got != want[op - 1] || (got < 0) != (from < 0))
			fail_msg("%s op %zu shows cue %d, want %d", r->l.path, op,
			         got, want[op - 1]);
	}
}

/* trask-11, iteration 0 (operations counted in tests/suite-tui.sh and
 * docs/lesson-format.md): l1_dot 1-4, l1 5-8, l1_error 9-12, the loss
 * 13 (mean |l1_error|), l1_deriv 14-17, l1_delta 18-21, syn0_update
 * 22-24, syn0_new 25-27.  Its cues in file order: 0 say l1_dot[0,0],
 * 1 predict l1_dot[1,0], 2 say l1[0,0], 3 say l1_error[0,0], 4 say
 * l1_deriv[0,0], 5 the erratum at l1_deriv[3,0], 6 say l1_delta[0,0],
 * 7 say syn0_update[0,0], 8 pause and 9 say at syn0_new[0,0]. */
static void test_narration_trask(void **state)
{
	(void)state;
	struct run r;
	open_bundled(&r, "lessons/trask-11.lesson");
	static const int want[27] = {
		0, 0, 0, 0,     /* the question at op 2 keeps the narration */
		2, 2, 2, 2,     /* l1 reads l1_dot, but has its own say */
		3, 3, 3, 3, 3,  /* the loss reads l1_error */
		4, 4, 4, 5,     /* the erratum takes over at op 17 */
		6, 6, 6, 6, 7, 7, 7, 9, 9, 9,
	};
	assert_int_equal(r.t.n_ops, 27);
	assert_held(&r, want, 27);
	assert_true(script_intro(&r.t, 0));
	close_run(&r);
}

/* softmax-333, iteration 0: z1 1-3, a1 = tanh(z1) 4-6, z2 = W2 a1 + b2
 * 7-9, exp_z2 10-12, alpha = their sum 13, a2 = exp_z2 / alpha 14-16;
 * the loss phase: loss 17, accuracy 18, the squared and absolute losses
 * 19-20 (the lesson's metrics), none of which reads the tensor `loss`.
 * Cues: 0 say z1[0,0], 1 say exp_z2[0,0], 2 say loss[0,0], 3 say
 * delta2[0,0].  The z1 narration must be gone while z2 is computed. */
static void test_narration_softmax(void **state)
{
	(void)state;
	struct run r;
	open_bundled(&r, "lessons/softmax-333.lesson");
	static const int want[23] = {
		0, 0, 0, 0, 0, 0, -1, -1, -1,
		1, 1, 1, 1, 1, 1, 1,
		2, -1, -1, -1,
		3, 3, 3, /* delta2 */
	};
	assert_held(&r, want, 23);
	close_run(&r);
}

/* =====================================================================
 * The index of operations against a scan of them all
 * ===================================================================== */

/* The first step matching the terms, by looking at every operation in
 * order: the definition of "the first matching operation"
 * (docs/lesson-format.md, "Selectors") that the index must reproduce. */
static long scan_first(const struct trace *t, int phase, int kind,
                       int tensor, long cell)
{
	for (size_t i = 0; i < t->n_ops; i++) {
		const struct op *op = &t->ops[i];
		if ((phase < 0 || op->phase == phase) &&
		    (kind < 0 || op->kind == kind) &&
		    (tensor < 0 || ((int)op->tensor == tensor &&
		                    (cell < 0 || (long)op->index == cell))))
			return (long)i;
	}
	return -1;
}

/* xorshift64: the test's own random selectors, the same every run. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A number from lo to hi - 1. */
static long pick(uint64_t *s, long lo, long hi)
{
	return lo + (long)(next_random(s) % (uint64_t)(hi - lo));
}

/* Every phase, kind and tensor term with any cell, then `random`
 * selectors whose cells (inside the tensor, just past it, or any) and
 * terms are drawn at random: the index answers each with the scan's
 * step.  Returns the queries made. */
static long index_against_scan(const struct trace *t, long random,
                               uint64_t *seed)
{
	struct opindex x;
	long n = 0;
	int tensors = (int)t->net->n_tensors;
	assert_int_equal(opindex_build(&x, t), 0);
	for (int te = -1; te < tensors; te++)
		for (int ph = -1; ph < PHASE_COUNT; ph++)
			for (int k = -1; k < OP_KIND_COUNT; k++, n++)
				if (opindex_first(&x, ph, k, te, -1) !=
				    scan_first(t, ph, k, te, -1))
					fail_msg("%s: phase %d kind %d tensor %d: "
					         "index and scan differ",
					         t->net->lesson->path, ph, k, te);
	for (long i = 0; i < random; i++, n++) {
		int te = (int)pick(seed, -1, tensors);
		int ph = (int)pick(seed, -1, PHASE_COUNT);
		int k = (int)pick(seed, -1, OP_KIND_COUNT);
		long cells = te < 0 ? 0 : (long)(t->net->tensors[te].rows *
		                                 t->net->tensors[te].cols);
		long cell = te < 0 ? -1 : pick(seed, -1, cells + 2);
		/* Half the time the terms of an operation that exists, so
		 * that matches are not rare. */
		if (i % 2 && t->n_ops) {
			const struct op *op = &t->ops[pick(seed, 0,
			                                   (long)t->n_ops)];
			te = (int)op->tensor;
			cell = pick(seed, 0, 2) ? (long)op->index : -1;
			ph = pick(seed, 0, 2) ? op->phase : -1;
			k = pick(seed, 0, 2) ? op->kind : -1;
		}
		long want = scan_first(t, ph, k, te, cell);
		long got = opindex_first(&x, ph, k, te, cell);
		if (got != want)
			fail_msg("%s: phase %d kind %d tensor %d cell %ld: index "
			         "step %ld, scan step %ld", t->net->lesson->path,
			         ph, k, te, cell, got, want);
	}
	opindex_free(&x);
	return n;
}

/* Every bundled and test lesson, at its first iteration and a later
 * one (the same operations, other values): between them both
 * conventions, softmax, compare-derivatives, metrics and biases or
 * none. */
static void test_index_against_scan(void **state)
{
	(void)state;
	static const char *const pattern[] = {"lessons/*.lesson",
	                                      "tests/lessons/*.lesson"};
	uint64_t seed = 0x9e3779b97f4a7c15u;
	size_t lessons = 0;
	long queries = 0;
	for (size_t p = 0; p < sizeof pattern / sizeof *pattern; p++) {
		glob_t g;
		if (glob(pattern[p], 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			struct run r;
			struct step_result res;
			open_bundled(&r, g.gl_pathv[i]);
			queries += index_against_scan(&r.t, 3000, &seed);
			if (r.l.iterations > 1) {
				assert_int_equal(engine_step(&r.e, &r.t, &res), 0);
				queries += index_against_scan(&r.t, 1000, &seed);
			}
			close_run(&r);
			lessons++;
		}
		globfree(&g);
	}
	/* The tests run from the repository's root: the 8 bundled and the
	 * test lessons were found. */
	assert_true(lessons >= 16);
	assert_true(queries > 50000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iterations),
		cmocka_unit_test(test_first_match),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_check_words),
		cmocka_unit_test(test_check_known),
		cmocka_unit_test(test_narration_holds),
		cmocka_unit_test(test_narration_trask),
		cmocka_unit_test(test_narration_softmax),
		cmocka_unit_test(test_index_against_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
