/* Trace tests: trace_push as the engine uses it -- operations (and, with
 * keep_refs, their operand references) kept in order however many are
 * pushed, the values and "written at" of the cells they write, the phase
 * starts, the first non-finite value, and the out-of-memory flag that
 * makes every later push fail until the trace is reset.  Expected values
 * are counted by hand from the pushes each test makes.
 *
 * Then the operands trace_refs works out from an operation's kind, cell
 * and the net's shape (model/operands.c): cells named by hand for a small
 * network, and every operation of every bundled and test lesson against
 * the references the engine itself passed while computing it. */
#include <glob.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lesson/lesson.h"
#include "model/engine.h"
#include "model/net.h"
#include "model/predictions.h"
#include "model/trace.h"

/* One layer of 3 sigmoid units, no bias, over 2 samples of 1 input:
 * tensors W1 (1 x 3, given), x and y (given), z1, a1 (2 x 3) and the
 * rest. */
static const char lesson_text[] =
	"title trace\n"
	"sample 1 -> 0 1 0\n"
	"sample 2 -> 1 0 0\n"
	"layer 3 sigmoid\nbias no\n"
	"seed 1\nloss squared\nlearning-rate 0.1\niterations 1\n";

struct fixture {
	struct lesson l;
	struct net n;
	struct trace t;
	int w, z, a; /* tensor indices of W1, z1, a1 */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct diags d = {0};
	if (!f || lesson_parse(&f->l, "trace.lesson", lesson_text,
	                       strlen(lesson_text), &d) != 0)
		return -1;
	diags_free(&d);
	if (net_init(&f->n, &f->l, &d) != 0 || trace_init(&f->t, &f->n) != 0)
		return -1;
	f->w = net_find(&f->n, "W1");
	f->z = net_find(&f->n, "z1");
	f->a = net_find(&f->n, "a1");
	*state = f;
	return f->w < 0 || f->z < 0 || f->a < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	trace_free(&f->t);
	net_free(&f->n);
	lesson_free(&f->l);
	free(f);
	return 0;
}

/* The operands of a push without any: a valid pointer all the same, as
 * the engine passes (memcpy may not be given NULL, even for 0 bytes). */
static const struct cell_ref no_ref;

static double cell(const struct fixture *f, int tensor, uint32_t index)
{
	return trace_value(&f->t, (struct cell_ref){(uint32_t)tensor, index});
}

/* A fresh trace has no operations; nothing computed is known yet, and
 * given cells (parameters, data) always are. */
static void test_empty(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->t.n_ops, 0);
	assert_int_equal(f->t.nonfinite_step, -1);
	assert_false(f->t.oom);
	for (int p = 0; p <= PHASE_COUNT; p++)
		assert_int_equal(f->t.phase_start[p], 0);
	assert_true(trace_known(&f->t, -1, (uint32_t)f->w, 2));
	assert_false(trace_known(&f->t, -1, (uint32_t)f->z, 0));
	assert_false(trace_known(&f->t, 1000, (uint32_t)f->z, 5));
}

/* 1,000 pushes of three references each, past the first allocations (256
 * operations, 256 references) and several doublings: every operation and
 * every reference is where it was pushed. */
static void test_growth(void **state)
{
	struct fixture *f = *state;
	const size_t n = 1000;
	f->t.keep_refs = true;
	trace_reset(&f->t, 7);
	for (size_t i = 0; i < n; i++) {
		struct cell_ref refs[3] = {
			{(uint32_t)f->w, (uint32_t)(i % 3)},
			{(uint32_t)f->z, (uint32_t)(i % 6)},
			{(uint32_t)f->a, (uint32_t)(i / 1000)},
		};
		assert_int_equal(trace_push(&f->t, PHASE_FORWARD, OP_DOT,
		                            (uint32_t)f->z, (uint32_t)(i % 6),
		                            (double)i, refs, 3),
		                 0);
	}
	assert_int_equal(f->t.iteration, 7);
	assert_int_equal(f->t.n_ops, n);
	assert_int_equal(f->t.n_refs, 3 * n);
	assert_true(f->t.cap_ops >= n);
	assert_true(f->t.cap_refs >= 3 * n);
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &f->t.ops[i];
		const struct cell_ref *r = trace_kept_refs(&f->t, i);
		assert_int_equal(f->t.first_ref[i], 3 * i);
		assert_int_equal(o->n_refs, 3);
		assert_int_equal(o->index, i % 6);
		assert_true(o->value == (double)i);
		assert_int_equal(r[0].tensor, f->w);
		assert_int_equal(r[0].index, i % 3);
		assert_int_equal(r[1].tensor, f->z);
		assert_int_equal(r[1].index, i % 6);
		assert_int_equal(r[2].tensor, f->a);
	}
	/* Cell 5 of z1 was last written by push 995 (the last i with i % 6
	 * == 5), with the value 995. */
	assert_true(cell(f, f->z, 5) == 995.0);
	assert_true(trace_known(&f->t, 995, (uint32_t)f->z, 5));
	assert_false(trace_known(&f->t, 994, (uint32_t)f->z, 5));

	/* One push of 10,000 references, more than twice the room there
	 * is (4,096 after the 3,000 above): all of them are kept. */
	static struct cell_ref many[10000];
	for (size_t i = 0; i < 10000; i++)
		many[i] = (struct cell_ref){(uint32_t)f->a, (uint32_t)(i % 6)};
	assert_int_equal(trace_push(&f->t, PHASE_LOSS, OP_LOSS, (uint32_t)f->a,
	                            0, 1.0, many, 10000),
	                 0);
	assert_int_equal(f->t.n_refs, 3 * n + 10000);
	assert_true(f->t.cap_refs >= f->t.n_refs);
	assert_int_equal(f->t.first_ref[n], 3 * n);
	assert_int_equal(f->t.ops[n].n_refs, 10000);
	assert_int_equal(trace_kept_refs(&f->t, n)[9999].index, 9999 % 6);
	f->t.keep_refs = false;
}

/* Operations without operands; the value array and "written at" follow
 * each push, and each phase starts where its first operation was
 * pushed: 2 forward, 1 loss, none backward, 2 update. */
static void test_phases_and_values(void **state)
{
	struct fixture *f = *state;
	trace_reset(&f->t, 0);
	static const struct {
		enum phase phase;
		int tensor_of; /* 0 z1, 1 a1 */
		uint32_t index;
		double value;
	} pushes[] = {
		{PHASE_FORWARD, 0, 4, 0.5}, {PHASE_FORWARD, 1, 4, -2.0},
		{PHASE_LOSS, 1, 0, 3.0},    {PHASE_UPDATE, 0, 1, 1e300},
		{PHASE_UPDATE, 0, 2, 0.25},
	};
	for (size_t i = 0; i < 5; i++) {
		int tensor = pushes[i].tensor_of ? f->a : f->z;
		assert_int_equal(trace_push(&f->t, pushes[i].phase, OP_DOT,
		                            (uint32_t)tensor, pushes[i].index,
		                            pushes[i].value, &no_ref, 0),
		                 0);
		assert_true(cell(f, tensor, pushes[i].index) ==
		            pushes[i].value);
	}
	assert_int_equal(f->t.n_refs, 0);
	assert_int_equal(f->t.phase_start[PHASE_FORWARD], 0);
	assert_int_equal(f->t.phase_start[PHASE_LOSS], 2);
	assert_int_equal(f->t.phase_start[PHASE_BACKWARD], 3);
	assert_int_equal(f->t.phase_start[PHASE_UPDATE], 3);
	assert_int_equal(f->t.phase_start[PHASE_COUNT], 5);
	/* a1 cell 4 written at step 1: unknown before, known from then on. */
	assert_false(trace_known(&f->t, 0, (uint32_t)f->a, 4));
	assert_true(trace_known(&f->t, 1, (uint32_t)f->a, 4));
	assert_true(trace_known(&f->t, 4, (uint32_t)f->a, 4));
	assert_int_equal(f->t.nonfinite_step, -1);

	/* A reset forgets the operations and what was written. */
	trace_reset(&f->t, 1);
	assert_int_equal(f->t.n_ops, 0);
	assert_false(trace_known(&f->t, 4, (uint32_t)f->a, 4));
	assert_int_equal(f->t.phase_start[PHASE_COUNT], 0);
}

/* The first NaN or infinity is remembered; later ones do not move it. */
static void test_nonfinite(void **state)
{
	struct fixture *f = *state;
	static const double values[] = {1.0, -0.0, INFINITY, NAN, 2.0};
	trace_reset(&f->t, 0);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(trace_push(&f->t, PHASE_FORWARD, OP_SIGMOID,
		                            (uint32_t)f->a, (uint32_t)i,
		                            values[i], &no_ref, 0),
		                 0);
	assert_int_equal(f->t.nonfinite_step, 2);
	trace_reset(&f->t, 1);
	assert_int_equal(f->t.nonfinite_step, -1);
}

/* A push whose references cannot be stored: 2^44 references of 8 bytes
 * need at least 2^47 bytes, more than a 64-bit process can address, so
 * the allocation fails wherever the test runs, before the references are
 * read (only one is real).  The push fails and sets oom; the trace keeps
 * what it had; every later push fails, however small, until a reset. */
static void test_out_of_memory(void **state)
{
	struct fixture *f = *state;
	struct cell_ref one = {(uint32_t)f->w, 0};
	f->t.keep_refs = true;
	trace_reset(&f->t, 0);
	assert_int_equal(trace_push(&f->t, PHASE_FORWARD, OP_DOT,
	                            (uint32_t)f->z, 0, 1.5, &one, 1),
	                 0);
	assert_false(f->t.oom);
	assert_int_equal(trace_push(&f->t, PHASE_FORWARD, OP_DOT,
	                            (uint32_t)f->z, 1, 2.5, &one,
	                            (size_t)1 << 44),
	                 -1);
	assert_true(f->t.oom);
	assert_int_equal(f->t.n_ops, 1);
	assert_int_equal(f->t.n_refs, 1);
	assert_false(trace_known(&f->t, 10, (uint32_t)f->z, 1));
	assert_int_equal(trace_push(&f->t, PHASE_FORWARD, OP_DOT,
	                            (uint32_t)f->z, 1, 2.5, &no_ref, 0),
	                 -1);
	assert_int_equal(f->t.n_ops, 1);

	trace_reset(&f->t, 1);
	assert_false(f->t.oom);
	assert_int_equal(trace_push(&f->t, PHASE_FORWARD, OP_DOT,
	                            (uint32_t)f->z, 1, 2.5, &one, 1),
	                 0);
	assert_int_equal(f->t.n_ops, 1);
	f->t.keep_refs = false;
}

/* The step of the traced iteration that writes cell `index` of tensor
 * ti, or fails. */
static size_t step_writing(const struct trace *t, int ti, uint32_t index)
{
	for (size_t i = 0; i < t->n_ops; i++)
		if ((int)t->ops[i].tensor == ti && t->ops[i].index == index)
			return i;
	fail_msg("no operation writes cell %u of tensor %d", index, ti);
	return 0;
}

static void assert_ref(const struct cell_ref *r, int tensor, uint32_t index)
{
	assert_int_equal(r->tensor, tensor);
	assert_int_equal(r->index, index);
}

/* The fixture's network traced by the engine, operands worked out on
 * demand.  By hand, in the rows convention (x is 2 x 1, W1 1 x 3, z1 and
 * a1 2 x 3, flat index = row * cols + col): z1[1, 2] (index 5) is x[1, 0]
 * (index 1) times W1[0, 2] (index 2); a1[1, 2] reads z1[1, 2]; dW1[0, 2]
 * (index 2) sums x[s, 0] delta1[s, 2] over s = 0, 1 (x indices 0, 1;
 * delta1 indices 2, 5); W1's new [0, 2] reads W1[0, 2] and dW1[0, 2]; the
 * squared loss reads a1 and y cell by cell, 12 cells. */
static void test_operands_by_hand(void **state)
{
	struct fixture *f = *state;
	struct engine e;
	struct step_result r;
	assert_int_equal(engine_init(&e, &f->n), 0);
	assert_int_equal(engine_step(&e, &f->t, &r), 0);
	const struct trace *t = &f->t;
	const int *lt = f->n.layer_tensor[1];
	int x = f->n.input, y = f->n.target;

	size_t i = step_writing(t, f->z, 5);
	assert_int_equal(t->ops[i].n_refs, 2);
	const struct cell_ref *refs = trace_refs(t, i);
	assert_ref(&refs[0], x, 1);
	assert_ref(&refs[1], f->w, 2);

	i = step_writing(t, f->a, 5);
	assert_int_equal(t->ops[i].n_refs, 1);
	assert_ref(trace_refs(t, i), f->z, 5);

	size_t g = step_writing(t, lt[ROLE_DW], 2);
	assert_int_equal(t->ops[g].n_refs, 4);
	refs = trace_refs(t, g);
	assert_ref(&refs[0], x, 0);
	assert_ref(&refs[1], lt[ROLE_DELTA], 2);
	assert_ref(&refs[2], x, 1);
	assert_ref(&refs[3], lt[ROLE_DELTA], 5);

	i = step_writing(t, lt[ROLE_W_NEW], 2);
	assert_int_equal(t->ops[i].n_refs, 2);
	refs = trace_refs(t, i);
	assert_ref(&refs[0], f->w, 2);
	assert_ref(&refs[1], lt[ROLE_DW], 2);

	i = step_writing(t, f->n.loss, 0);
	assert_int_equal(t->ops[i].n_refs, 12);
	refs = trace_refs(t, i);
	for (uint32_t k = 0; k < 6; k++) {
		assert_ref(&refs[2 * k], f->a, k);
		assert_ref(&refs[2 * k + 1], y, k);
	}

	/* The buffer is the trace's: asked for the gradient again after
	 * the loss, it holds the gradient's operands again. */
	refs = trace_refs(t, g);
	assert_ref(&refs[3], lt[ROLE_DELTA], 5);
	assert_ptr_equal(trace_refs(t, g), refs);
	engine_free(&e);
}

/* What the comparison below saw. */
struct seen {
	size_t lessons, ops, test_nets;
	bool kind[OP_KIND_COUNT];
	bool conv[2];
};

/* Every operation of trace t: the operands trace_refs works out equal,
 * one by one, those the engine passed to trace_push (keep_refs). */
static void compare_ops(const char *path, const struct trace *t,
                        struct seen *sn)
{
	assert_false(t->oom);
	for (size_t i = 0; i < t->n_ops; i++) {
		const struct op *op = &t->ops[i];
		const struct cell_ref *kept = trace_kept_refs(t, i);
		const struct cell_ref *made = trace_refs(t, i);
		for (uint32_t k = 0; k < op->n_refs; k++)
			if (kept[k].tensor != made[k].tensor ||
			    kept[k].index != made[k].index)
				fail_msg("%s, iteration %ld, step %zu (kind %d, "
				         "tensor %u, cell %u), operand %u: "
				         "engine (%u, %u), worked out (%u, %u)",
				         path, t->iteration, i, op->kind,
				         op->tensor, op->index, k,
				         kept[k].tensor, kept[k].index,
				         made[k].tensor, made[k].index);
		sn->kind[op->kind] = true;
	}
	sn->ops += t->n_ops;
}

/* The lesson's test net, as the predictions run it after training. */
static void compare_test_net(const char *path, const struct lesson *l,
                             const double *params, struct seen *sn)
{
	struct lesson view;
	struct net tn;
	struct trace t;
	struct step_result r;
	struct diags d = {0};
	assert_int_equal(net_init_test(&tn, &view, l, &d), 0);
	assert_int_equal(trace_init(&t, &tn), 0);
	t.keep_refs = true;
	assert_int_equal(engine_forward(&tn, params, &t, &r), 0);
	compare_ops(path, &t, sn);
	sn->test_nets++;
	trace_free(&t);
	net_free(&tn);
	diags_free(&d);
}

/* Iterations 0, 1 and 7 of a lesson (a mini-batch lesson's later batches
 * and epochs hold other samples), or up to its first non-finite one. */
static void compare_lesson(const char *path, struct seen *sn)
{
	struct lesson l;
	struct net n;
	struct engine e;
	struct trace t;
	struct diags d = {0};
	assert_int_equal(lesson_load(&l, path, &d), 0);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	t.keep_refs = true;
	for (long it = 0; it <= 7 && it < l.iterations; it++) {
		struct step_result r;
		bool traced = it <= 1 || it == 7;
		assert_int_equal(engine_step(&e, traced ? &t : NULL, &r), 0);
		if (traced)
			compare_ops(path, &t, sn);
		if (r.nonfinite)
			break;
	}
	if (l.n_test)
		compare_test_net(path, &l, e.params, sn);
	sn->conv[l.conv == CONV_ROWS] = true;
	sn->lessons++;
	trace_free(&t);
	engine_free(&e);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
}

static void test_operands_match_engine(void **state)
{
	(void)state;
	static const char *const pattern[] = {
		"lessons/*.lesson", "tests/lessons/*.lesson",
		"tests/lessons-nonfinite/*.lesson"};
	struct seen sn = {0};
	for (size_t p = 0; p < sizeof pattern / sizeof *pattern; p++) {
		glob_t g;
		if (glob(pattern[p], 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++)
			compare_lesson(g.gl_pathv[i], &sn);
		globfree(&g);
	}
	/* The 8 bundled lessons, the test lessons and the 2 non-finite
	 * ones were found (the tests run from the repository's root), in
	 * both conventions, two of them with test data (reflectivity,
	 * predict); between them every kind of operation but some
	 * activations ran. */
	assert_true(sn.lessons >= 20);
	assert_true(sn.conv[0] && sn.conv[1]);
	assert_true(sn.test_nets >= 2);
	static const int kinds[] = {
		OP_DOT, OP_SIGMOID, OP_TANH, OP_EXP, OP_SUM, OP_DIV,
		OP_ERROR, OP_DERIV, OP_DELTA, OP_BACKPROP, OP_GRAD,
		OP_BIAS_GRAD, OP_UPDATE, OP_LOSS, OP_METRIC, OP_ACCURACY};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
		if (!sn.kind[kinds[k]])
			fail_msg("no lesson ran an operation of kind %d",
			         kinds[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_phases_and_values),
		cmocka_unit_test(test_nonfinite),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_operands_by_hand),
		cmocka_unit_test(test_operands_match_engine),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
