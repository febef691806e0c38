/* Cursor tests: its memory stays bounded whatever the iteration count
 * (checkpoints, the loss history), and every way of reaching an iteration
 * gives the same numbers as running straight to it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cursor.h"
#include "engine.h"
#include "lesson.h"
#include "net.h"

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

static void close_xor(struct fixture *f)
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
	close_xor(&f);
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
	close_xor(&f);
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
	close_xor(&f);
	close_xor(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_exact),
		cmocka_unit_test(test_history_bounded),
		cmocka_unit_test(test_back_equals_forward),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
