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

/* script_check reports each cue that cannot attach, at the cue's line
 * and column, with docs/lesson-format.md's checks: an unknown name (with
 * the closest one), a cell out of range, a given tensor, a selector
 * nothing matches, an iteration past the last; the good cues pass. */
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
	assert_int_equal(d.n, 7);
	static const char *const want[] = {
		"script.lesson:11:5: error: 'a1' is 2 x 2: no cell at that "
		"index",
		"script.lesson:12:5: error: 'a1' is 2 x 2: no cell at that row "
		"and column",
		"script.lesson:13:5: error: no tensor named 'delta123' (did you "
		"mean 'delta1'?)",
		"script.lesson:14:5: error: 'W1' is given at the start of each "
		"iteration; no operation computes it",
		"script.lesson:15:5: error: no operation matches this selector",
		"script.lesson:16:5: error: iteration 5 does not exist (the "
		"lesson runs iterations 0 to 4)",
		"script.lesson:18:5: error: no tensor named 'qqqqqq'",
	};
	for (size_t i = 0; i < 7; i++) {
		char line[1200];
		diags_format(&d, i, line, sizeof line);
		assert_string_equal(line, want[i]);
	}
	diags_free(&d);
	close_run(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iterations),
		cmocka_unit_test(test_first_match),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
