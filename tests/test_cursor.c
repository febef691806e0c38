/* Cursor tests: its memory stays bounded whatever the iteration count
 * (checkpoints, the loss history), every way of reaching an iteration
 * gives the same numbers as running straight to it, and every move lands
 * on the iteration and operation counted by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/cursor.h"
#include "model/engine.h"
#include "lesson/lesson.h"
#include "model/net.h"

/* Trask's XOR network (lessons/trask-xor.lesson) with the data inline,
 * so the iteration count can vary. */
static const char xor_fmt[] =
	"title XOR\n"
	"sample 0 0 1 -> 0\n"
	"sample 0 1 1 -> 1\n"
	"sample 1 0 1 -> 1\n"
	"sample 1 1 1 -> 0\n"
	"convention rows\n"
	"layer 4 sigmoid\nbias no\ninit uniform -1 1\n"
	"derivative from-output\n"
	"layer 1 sigmoid\nbias no\ninit uniform -1 1\n"
	"derivative from-output\n"
	"seed 1\nloss error\nlearning-rate 1\niterations %ld\n";

struct fixture {
	struct lesson l;
	struct net n;
	struct cursor c;
};

static void open_xor(struct fixture *f, long iterations)
{
	char text[sizeof xor_fmt + 32];
	struct diags d = {0};
	snprintf(text, sizeof text, xor_fmt, iterations);
	assert_int_equal(lesson_parse(&f->l, "xor.lesson", text, strlen(text),
	                              &d),
	                 0);
	assert_int_equal(net_init(&f->n, &f->l, &d), 0);
	assert_int_equal(cursor_init(&f->c, &f->n, &d), 0);
	diags_free(&d);
}

static void close_fixture(struct fixture *f)
{
	cursor_free(&f->c);
	net_free(&f->n);
	lesson_free(&f->l);
}

/* The loss of every iteration, straight from the engine. */
static double *losses(const struct net *n, long count)
{
	double *v = malloc((size_t)count * sizeof *v);
	struct engine e;
	assert_non_null(v);
	assert_int_equal(engine_init(&e, n), 0);
	for (long i = 0; i < count; i++) {
		struct step_result r;
		assert_int_equal(engine_step(&e, NULL, &r), 0);
		v[i] = r.loss;
	}
	engine_free(&e);
	return v;
}

/* Below CURSOR_HISTORY_MAX iterations every one has its exact loss. */
static void test_history_exact(void **state)
{
	(void)state;
	struct fixture f;
	long count = 3000;
	open_xor(&f, count);
	assert_int_equal(cursor_goto(&f.c, count - 1, 0), 0);
	assert_int_equal(f.c.history_len, count);
	assert_int_equal(f.c.history_shift, 0);
	assert_int_equal(cursor_history_points(&f.c, count), (size_t)count);
	double *v = losses(&f.n, count);
	for (long i = 0; i < count; i++)
		assert_true(f.c.loss_history[i] == v[i]);
	free(v);
	close_fixture(&f);
}

/* Past it, points merge: bounded, and each pair is the lowest and the
 * highest loss of its iterations, in the order they came. */
static void test_history_bounded(void **state)
{
	(void)state;
	struct fixture f;
	long count = 100000;
	open_xor(&f, count);
	assert_int_equal(cursor_goto(&f.c, count - 1, 0), 0);
	assert_int_equal(f.c.history_len, count);
	assert_true(f.c.history_points <= CURSOR_HISTORY_MAX);
	assert_true(f.c.history_cap <= CURSOR_HISTORY_MAX);
	int s = f.c.history_shift;
	assert_true(s > 0);
	long span = 2L << s;
	assert_int_equal(cursor_history_points(&f.c, count),
	                 f.c.history_points);
	assert_int_equal(f.c.history_points,
	                 (size_t)((count + span - 1) / span) * 2);
	double *v = losses(&f.n, count);
	for (long q = 0; q * span < count; q++) {
		long from = q * span, to = from + span < count ? from + span
		                                                : count;
		long lo = from, hi = from;
		for (long i = from; i < to; i++) {
			if (v[i] < v[lo])
				lo = i;
			if (v[i] > v[hi])
				hi = i;
		}
		double a = f.c.loss_history[2 * q], b = f.c.loss_history[2 * q + 1];
		assert_true(a == v[lo < hi ? lo : hi]);
		assert_true(b == v[lo < hi ? hi : lo]);
	}
	assert_int_equal(cursor_history_point(&f.c, count - 1),
	                 (size_t)((count - 1) >> s));
	free(v);
	close_fixture(&f);
}

/* Checkpoints: bounded in number, and stepping back across iterations
 * (restore and replay) gives the same trace as going forward. */
static void test_back_equals_forward(void **state)
{
	(void)state;
	struct fixture f, g;
	long count = 5000;
	open_xor(&f, count);
	open_xor(&g, count);
	assert_int_equal(cursor_goto(&f.c, count - 1, 0), 0);
	assert_true(f.c.n_checkpoints <= 1024);
	for (long it = count - 1; it > count - 200; it--) {
		assert_int_equal(cursor_prev_op(&f.c), 0); /* into it - 1 */
		while (f.c.step > 0)
			assert_int_equal(cursor_prev_op(&f.c), 0);
		assert_int_equal(cursor_goto(&g.c, it - 1, 0), 0);
		assert_int_equal(f.c.trace.n_ops, g.c.trace.n_ops);
		for (size_t i = 0; i < f.c.trace.n_ops; i++)
			assert_memory_equal(&f.c.trace.ops[i].value,
			                    &g.c.trace.ops[i].value, sizeof(double));
	}
	close_fixture(&f);
	close_fixture(&g);
}

/* =====================================================================
 * Moves, on the 11-line network
 * ===================================================================== */

/* lessons/trask-11.lesson: 4 samples of 3 inputs, one sigmoid unit, no
 * bias, the error loss, no accuracy, no metrics, 10,000 iterations.
 * Its operations per iteration, counted by hand:
 *   forward   4 dots (one per sample), 4 sigmoids        steps  0-7
 *   loss      4 errors, 1 loss                           steps  8-12
 *   backward  4 derivatives, 4 deltas, 3 gradients       steps 13-23
 *             (one layer: no backprop; no bias gradient)
 *   update    3 new weights                              steps 24-26
 * 27 in all; the last iteration is 9999. */
#define TRASK_OPS 27
#define TRASK_LAST 9999L
#define LOSS_AT 8
#define BACKWARD_AT 13
#define UPDATE_AT 24

/* Where the cursor is: its iteration and its step. */
#define AT(c, it, st)                                                   \
	do {                                                            \
		assert_int_equal(cursor_iteration(c), (it));            \
		assert_int_equal((c)->step, (st));                      \
	} while (0)

static void open_trask(struct fixture *f)
{
	struct diags d = {0};
	assert_int_equal(lesson_load(&f->l, "lessons/trask-11.lesson", &d), 0);
	assert_int_equal(net_init(&f->n, &f->l, &d), 0);
	assert_int_equal(cursor_init(&f->c, &f->n, &d), 0);
	diags_free(&d);
}

/* The hand count above against the trace's phases. */
static void test_trask_ops(void **state)
{
	(void)state;
	struct fixture f;
	open_trask(&f);
	AT(&f.c, 0, 0);
	assert_int_equal(f.c.last, TRASK_LAST);
	assert_int_equal(f.c.trace.n_ops, TRASK_OPS);
	assert_int_equal(f.c.trace.phase_start[PHASE_FORWARD], 0);
	assert_int_equal(f.c.trace.phase_start[PHASE_LOSS], LOSS_AT);
	assert_int_equal(f.c.trace.phase_start[PHASE_BACKWARD], BACKWARD_AT);
	assert_int_equal(f.c.trace.phase_start[PHASE_UPDATE], UPDATE_AT);
	assert_int_equal(f.c.trace.phase_start[PHASE_COUNT], TRASK_OPS);
	close_fixture(&f);
}

/* next/prev op across an iteration boundary both ways, and the two ends,
 * which return 1 and stay. */
static void test_op_moves(void **state)
{
	(void)state;
	struct fixture f;
	open_trask(&f);
	assert_int_equal(cursor_prev_op(&f.c), 1); /* before the start */
	AT(&f.c, 0, 0);
	assert_int_equal(cursor_next_op(&f.c), 0);
	AT(&f.c, 0, 1);
	assert_int_equal(cursor_goto(&f.c, 0, TRASK_OPS - 2), 0);
	AT(&f.c, 0, 25);
	assert_int_equal(cursor_next_op(&f.c), 0);
	AT(&f.c, 0, 26);
	assert_int_equal(cursor_next_op(&f.c), 0); /* into iteration 1 */
	AT(&f.c, 1, 0);
	assert_int_equal(cursor_next_op(&f.c), 0);
	AT(&f.c, 1, 1);
	assert_int_equal(cursor_prev_op(&f.c), 0);
	AT(&f.c, 1, 0);
	assert_int_equal(cursor_prev_op(&f.c), 0); /* back into 0, its end */
	AT(&f.c, 0, 26);
	assert_int_equal(cursor_prev_op(&f.c), 0);
	AT(&f.c, 0, 25);

	/* the last iteration */
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST, 0), 0);
	AT(&f.c, TRASK_LAST, 0);
	assert_int_equal(cursor_prev_op(&f.c), 0);
	AT(&f.c, TRASK_LAST - 1, 26);
	assert_int_equal(cursor_next_op(&f.c), 0);
	AT(&f.c, TRASK_LAST, 0);
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST, 25), 0);
	assert_int_equal(cursor_next_op(&f.c), 0);
	AT(&f.c, TRASK_LAST, 26);
	assert_int_equal(cursor_next_op(&f.c), 1); /* past the end */
	AT(&f.c, TRASK_LAST, 26);
	assert_int_equal(cursor_next_op(&f.c), 1);
	AT(&f.c, TRASK_LAST, 26);
	close_fixture(&f);
}

/* next/prev phase: to the next phase's first step, or back to the start
 * of this phase, then of the previous one, across iterations. */
static void test_phase_moves(void **state)
{
	(void)state;
	struct fixture f;
	open_trask(&f);
	assert_int_equal(cursor_prev_phase(&f.c), 1);
	AT(&f.c, 0, 0);
	assert_int_equal(cursor_next_phase(&f.c), 0);
	AT(&f.c, 0, LOSS_AT);
	assert_int_equal(cursor_next_phase(&f.c), 0);
	AT(&f.c, 0, BACKWARD_AT);
	assert_int_equal(cursor_next_phase(&f.c), 0);
	AT(&f.c, 0, UPDATE_AT);
	assert_int_equal(cursor_next_phase(&f.c), 0); /* into iteration 1 */
	AT(&f.c, 1, 0);
	assert_int_equal(cursor_next_phase(&f.c), 0);
	AT(&f.c, 1, LOSS_AT);
	assert_int_equal(cursor_prev_phase(&f.c), 0);
	AT(&f.c, 1, 0);
	assert_int_equal(cursor_prev_phase(&f.c), 0); /* iteration 0's update */
	AT(&f.c, 0, UPDATE_AT);
	assert_int_equal(cursor_prev_phase(&f.c), 0);
	AT(&f.c, 0, BACKWARD_AT);
	assert_int_equal(cursor_goto(&f.c, 0, 18), 0); /* mid-backward */
	assert_int_equal(cursor_prev_phase(&f.c), 0);
	AT(&f.c, 0, BACKWARD_AT);
	assert_int_equal(cursor_prev_phase(&f.c), 0);
	AT(&f.c, 0, LOSS_AT);
	assert_int_equal(cursor_goto(&f.c, 0, 5), 0); /* mid-forward */
	assert_int_equal(cursor_prev_phase(&f.c), 0);
	AT(&f.c, 0, 0);
	assert_int_equal(cursor_prev_phase(&f.c), 1);
	AT(&f.c, 0, 0);
	/* from the middle of the last update phase */
	assert_int_equal(cursor_goto(&f.c, 1, 25), 0);
	assert_int_equal(cursor_next_phase(&f.c), 0);
	AT(&f.c, 2, 0);

	/* the last iteration: no phase after its update */
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST, 10), 0);
	assert_int_equal(cursor_next_phase(&f.c), 0);
	AT(&f.c, TRASK_LAST, BACKWARD_AT);
	assert_int_equal(cursor_next_phase(&f.c), 0);
	AT(&f.c, TRASK_LAST, UPDATE_AT);
	assert_int_equal(cursor_next_phase(&f.c), 1);
	AT(&f.c, TRASK_LAST, UPDATE_AT);
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST, 26), 0);
	assert_int_equal(cursor_next_phase(&f.c), 1);
	AT(&f.c, TRASK_LAST, 26);
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST, 0), 0);
	assert_int_equal(cursor_prev_phase(&f.c), 0);
	AT(&f.c, TRASK_LAST - 1, UPDATE_AT);
	close_fixture(&f);
}

/* next/prev iteration keep the step; the ends return 1 and stay. */
static void test_iteration_moves(void **state)
{
	(void)state;
	struct fixture f;
	open_trask(&f);
	assert_int_equal(cursor_goto(&f.c, 0, 17), 0);
	assert_int_equal(cursor_prev_iteration(&f.c), 1);
	AT(&f.c, 0, 17);
	assert_int_equal(cursor_next_iteration(&f.c), 0);
	AT(&f.c, 1, 17);
	assert_int_equal(cursor_next_iteration(&f.c), 0);
	AT(&f.c, 2, 17);
	assert_int_equal(cursor_prev_iteration(&f.c), 0);
	AT(&f.c, 1, 17);
	assert_int_equal(cursor_prev_iteration(&f.c), 0);
	AT(&f.c, 0, 17);
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST - 1, 26), 0);
	assert_int_equal(cursor_next_iteration(&f.c), 0);
	AT(&f.c, TRASK_LAST, 26);
	assert_int_equal(cursor_next_iteration(&f.c), 1);
	AT(&f.c, TRASK_LAST, 26);
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST, 5), 0);
	assert_int_equal(cursor_next_iteration(&f.c), 1);
	AT(&f.c, TRASK_LAST, 5);
	assert_int_equal(cursor_prev_iteration(&f.c), 0);
	AT(&f.c, TRASK_LAST - 1, 5);
	close_fixture(&f);
}

/* cursor_goto: first, last, middle, clamped past either end. */
static void test_goto(void **state)
{
	(void)state;
	struct fixture f;
	open_trask(&f);
	assert_int_equal(cursor_goto(&f.c, TRASK_LAST, CURSOR_END), 0);
	AT(&f.c, TRASK_LAST, 26);
	assert_int_equal(cursor_goto(&f.c, 0, 0), 0);
	AT(&f.c, 0, 0);
	assert_int_equal(cursor_goto(&f.c, 0, CURSOR_END), 0);
	AT(&f.c, 0, 26);
	assert_int_equal(cursor_goto(&f.c, f.l.iterations - 1, 3), 0);
	AT(&f.c, TRASK_LAST, 3);
	assert_int_equal(cursor_goto(&f.c, 5000, 13), 0);
	AT(&f.c, 5000, 13);
	assert_int_equal(cursor_goto(&f.c, 123, TRASK_OPS), 0); /* one past */
	AT(&f.c, 123, 26);
	assert_int_equal(cursor_goto(&f.c, 10000, 3), 0); /* one past */
	AT(&f.c, TRASK_LAST, 3);
	assert_int_equal(cursor_goto(&f.c, 20000, 100), 0);
	AT(&f.c, TRASK_LAST, 26);
	assert_int_equal(cursor_goto(&f.c, -7, 3), 0);
	AT(&f.c, 0, 3);
	assert_int_equal(cursor_goto(&f.c, 4999, CURSOR_END), 0);
	AT(&f.c, 4999, 26);
	close_fixture(&f);
}

/* Every value of every iteration up to `count`, from an engine of its
 * own, every iteration traced. */
static double *engine_values(const struct net *n, long count)
{
	struct engine e;
	struct trace t;
	double *v = malloc((size_t)count * n->n_values * sizeof *v);
	assert_non_null(v);
	assert_int_equal(engine_init(&e, n), 0);
	assert_int_equal(trace_init(&t, n), 0);
	for (long i = 0; i < count; i++) {
		struct step_result r;
		assert_int_equal(engine_step(&e, &t, &r), 0);
		assert_int_equal(t.iteration, i);
		memcpy(v + (size_t)i * n->n_values, t.values,
		       n->n_values * sizeof *v);
	}
	trace_free(&t);
	engine_free(&e);
	return v;
}

static void assert_values(const struct cursor *c, const double *want)
{
	assert_int_equal(c->trace.n_ops, TRASK_OPS);
	assert_memory_equal(c->trace.values,
	                    want + (size_t)cursor_iteration(c) *
	                                   c->net->n_values,
	                    c->net->n_values * sizeof *want);
}

/* Across checkpoints.  trask-11 has 3 parameters, so cursor.c's memory
 * bound (4 MiB) allows far more than its cap of 1024 checkpoints: the
 * interval is the smallest power of two p with 10000 / p < 1024, 16
 * (10000 / 8 = 1250).  One op at a time forward through iterations 0-40
 * and back again, over the checkpoints at 16 and 32, each position
 * counted and every value compared bit for bit with an engine's own run;
 * then the far jumps, onto a checkpoint and one before it. */
static void test_checkpoints(void **state)
{
	(void)state;
	struct fixture f;
	open_trask(&f);
	assert_int_equal(f.c.checkpoint_every, 16);
	double *want = engine_values(&f.n, TRASK_LAST + 1);
	long to = 40;
	assert_values(&f.c, want);
	for (long it = 0; it <= to; it++)
		for (size_t s = 0; s < TRASK_OPS; s++) {
			AT(&f.c, it, s);
			if (s == 0)
				assert_values(&f.c, want);
			if (it < to || s + 1 < TRASK_OPS)
				assert_int_equal(cursor_next_op(&f.c), 0);
		}
	for (long it = to; it >= 0; it--)
		for (size_t s = TRASK_OPS; s-- > 0;) {
			AT(&f.c, it, s);
			if (s == TRASK_OPS - 1)
				assert_values(&f.c, want);
			assert_int_equal(cursor_prev_op(&f.c),
			                 it == 0 && s == 0 ? 1 : 0);
		}
	AT(&f.c, 0, 0);
	static const long jumps[] = {TRASK_LAST, 5000, 4992, 4991, 4992, 17,
	                             16, 15, 0, 9984, 9983, TRASK_LAST};
	for (size_t i = 0; i < sizeof jumps / sizeof *jumps; i++) {
		assert_int_equal(cursor_goto(&f.c, jumps[i], 7), 0);
		AT(&f.c, jumps[i], 7);
		assert_values(&f.c, want);
	}
	free(want);
	close_fixture(&f);
}

/* =====================================================================
 * The loss history's cap
 * ===================================================================== */

/* The pairs of cursor.h's rule, shift s > 0: points 2q and 2q + 1 hold
 * the lowest and highest loss of iterations q 2^(s+1) ... in the order
 * they came. */
static void assert_pairs(const struct cursor *c, const double *v, long n)
{
	long span = 2L << c->history_shift;
	for (long q = 0; q * span < n; q++) {
		long from = q * span, end = from + span < n ? from + span : n;
		long lo = from, hi = from;
		for (long i = from; i < end; i++) {
			if (v[i] < v[lo])
				lo = i;
			if (v[i] > v[hi])
				hi = i;
		}
		assert_true(c->loss_history[2 * q] == v[lo < hi ? lo : hi]);
		assert_true(c->loss_history[2 * q + 1] == v[lo < hi ? hi : lo]);
	}
}

/* CURSOR_HISTORY_MAX = 8192 points.  Up to 8192 iterations each has its
 * point (shift 0).  The 8193rd halves them: shift 1, a pair per 4
 * iterations, 2 * ceil(8193 / 4) = 4098 points.  Pairs of 4 fill the
 * 8192 points at 16384 iterations (4096 pairs); the 16385th halves again:
 * shift 2, a pair per 8, 2 * ceil(16385 / 8) = 4098 points.  Point of
 * iteration it: it >> shift; points for iterations 0 .. n-1: n at shift
 * 0, else 2 * ceil(n / 2^(s+1)). */
static void test_history_halving(void **state)
{
	(void)state;
	struct fixture f;
	long count = 16385;
	open_xor(&f, count);
	double *v = losses(&f.n, count);

	assert_int_equal(cursor_goto(&f.c, 8191, 0), 0); /* 8192 reached */
	assert_int_equal(f.c.history_len, 8192);
	assert_int_equal(f.c.history_shift, 0);
	assert_int_equal(f.c.history_points, 8192);
	assert_int_equal(cursor_history_points(&f.c, 8192), 8192);
	assert_int_equal(cursor_history_points(&f.c, 5), 5);
	assert_int_equal(cursor_history_point(&f.c, 8191), 8191);
	for (long i = 0; i < 8192; i++)
		assert_true(f.c.loss_history[i] == v[i]);

	assert_int_equal(cursor_goto(&f.c, 8192, 0), 0); /* 8193 */
	assert_int_equal(f.c.history_len, 8193);
	assert_int_equal(f.c.history_shift, 1);
	assert_int_equal(f.c.history_points, 4098);
	assert_int_equal(cursor_history_points(&f.c, 8193), 4098);
	assert_int_equal(cursor_history_points(&f.c, 8192), 4096);
	assert_int_equal(cursor_history_points(&f.c, 1), 2);
	assert_int_equal(cursor_history_points(&f.c, 4), 2);
	assert_int_equal(cursor_history_points(&f.c, 5), 4);
	assert_int_equal(cursor_history_point(&f.c, 0), 0);
	assert_int_equal(cursor_history_point(&f.c, 3), 1);
	assert_int_equal(cursor_history_point(&f.c, 4), 2);
	assert_int_equal(cursor_history_point(&f.c, 8192), 4096);
	assert_pairs(&f.c, v, 8193);
	/* going back adds nothing */
	assert_int_equal(cursor_goto(&f.c, 100, 0), 0);
	assert_int_equal(f.c.history_len, 8193);
	assert_int_equal(f.c.history_points, 4098);

	assert_int_equal(cursor_goto(&f.c, 16383, 0), 0); /* 16384 */
	assert_int_equal(f.c.history_shift, 1);
	assert_int_equal(f.c.history_points, 8192);
	assert_int_equal(cursor_history_points(&f.c, 16384), 8192);
	assert_pairs(&f.c, v, 16384);

	assert_int_equal(cursor_goto(&f.c, 16384, 0), 0); /* 16385 */
	assert_int_equal(f.c.history_len, 16385);
	assert_int_equal(f.c.history_shift, 2);
	assert_int_equal(f.c.history_points, 4098);
	assert_int_equal(cursor_history_points(&f.c, 16385), 4098);
	assert_int_equal(cursor_history_points(&f.c, 9), 4);
	assert_int_equal(cursor_history_points(&f.c, 8), 2);
	assert_int_equal(cursor_history_point(&f.c, 16384), 4096);
	assert_int_equal(cursor_history_point(&f.c, 7), 1);
	assert_int_equal(cursor_history_point(&f.c, 8), 2);
	assert_pairs(&f.c, v, 16385);
	assert_true(f.c.history_cap <= CURSOR_HISTORY_MAX);
	free(v);
	close_fixture(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_exact),
		cmocka_unit_test(test_history_bounded),
		cmocka_unit_test(test_back_equals_forward),
		cmocka_unit_test(test_trask_ops),
		cmocka_unit_test(test_op_moves),
		cmocka_unit_test(test_phase_moves),
		cmocka_unit_test(test_iteration_moves),
		cmocka_unit_test(test_goto),
		cmocka_unit_test(test_checkpoints),
		cmocka_unit_test(test_history_halving),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
