#include "model/script.h"

#include <stdlib.h>
#include <string.h>

#include "core/op.h"

/* =====================================================================
 * Attaching cues
 * ===================================================================== */

/* Resolves the selector's iteration terms for a run whose last iteration
 * is `last`. */
static bool iteration_matches(const struct selector *s, long it, long last)
{
	if (s->every_iteration)
		return true;
	long from = s->iter_from == ITER_LAST ? last : s->iter_from;
	long to = s->iter_to == ITER_LAST ? last : s->iter_to;
	return it >= from && it <= to;
}

/* What selector_cell returns besides a cell. */
#define ANY_CELL (-1)
#define NO_CELL (-2) /* out of the tensor's range */

/* The cell a selector names, as a flat index into tensor t, ANY_CELL or
 * NO_CELL. */
static long selector_cell(const struct selector *s, const struct tensor *t)
{
	if (s->row < 0)
		return ANY_CELL;
	size_t r = (size_t)s->row, c;
	if (s->col == SELECTOR_INDEX) {
		/* NAME[I] on a vector: along whichever side is longer. */
		if (t->cols == 1) {
			c = 0;
		} else if (t->rows == 1) {
			c = r;
			r = 0;
		} else {
			return NO_CELL;
		}
	} else {
		c = (size_t)s->col;
	}
	if (r >= t->rows || c >= t->cols)
		return NO_CELL;
	return (long)(r * t->cols + c);
}

static bool op_matches(const struct selector *s, const struct trace *t,
                       size_t step, int tensor, long cell)
{
	const struct op *op = &t->ops[step];
	if (s->phase >= 0 && op->phase != s->phase)
		return false;
	if (s->kind >= 0 && op->kind != s->kind)
		return false;
	if (tensor >= 0) {
		if ((int)op->tensor != tensor)
			return false;
		if (cell >= 0 && (long)op->index != cell)
			return false;
	}
	return true;
}

/* First step matching the selector in trace t, or -1. */
static long first_match(const struct selector *s, const struct trace *t)
{
	int tensor = -1;
	long cell = -1;
	if (s->tensor) {
		tensor = net_find(t->net, s->tensor);
		if (tensor < 0)
			return -1;
		cell = selector_cell(s, &t->net->tensors[tensor]);
		if (cell == NO_CELL)
			return -1;
	}
	for (size_t i = 0; i < t->n_ops; i++)
		if (op_matches(s, t, i, tensor, cell))
			return (long)i;
	return -1;
}

static int cmp_cue_at(const void *a, const void *b)
{
	const struct cue_at *x = a, *y = b;
	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->cue < y->cue ? -1 : x->cue > y->cue;
}

int script_attach(struct script *s, const struct lesson *l,
                  const struct trace *t, long last)
{
	free(s->at);
	s->at = NULL;
	s->n = 0;
	s->iteration = t->iteration;
	if (!l->n_cues)
		return 0;
	s->at = malloc(l->n_cues * sizeof *s->at);
	if (!s->at)
		return -1;
	for (size_t i = 0; i < l->n_cues; i++) {
		const struct selector *sel = &l->cues[i].sel;
		if (!iteration_matches(sel, t->iteration, last))
			continue;
		long step = first_match(sel, t);
		if (step >= 0)
			s->at[s->n++] = (struct cue_at){(size_t)step, i};
	}
	qsort(s->at, s->n, sizeof *s->at, cmp_cue_at);
	return 0;
}

size_t script_at(const struct script *s, size_t step,
                 const struct cue_at **first)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->at[mid].step < step)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t k = lo;
	while (k < s->n && s->at[k].step == step)
		k++;
	*first = s->at ? s->at + lo : NULL;
	return k - lo;
}

void script_free(struct script *s)
{
	free(s->at);
	s->at = NULL;
	s->n = 0;
}

/* =====================================================================
 * How long narration holds
 * ===================================================================== */

/* Whether operation j writes or reads a cell of tensor `tensor`. */
static bool touches(const struct trace *t, size_t j, uint32_t tensor)
{
	if (t->ops[j].tensor == tensor)
		return true;
	const struct cell_ref *r = trace_refs(t, j);
	for (uint32_t k = 0; k < t->ops[j].n_refs; k++)
		if (r[k].tensor == tensor)
			return true;
	return false;
}

/* Index of the first entry of s attached after `step`. */
static size_t entries_through(const struct script *s, size_t step)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->at[mid].step <= step)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The latest step at or before `step` with a say attached, or -1. */
static long last_say(const struct script *s, const struct lesson *l,
                     size_t step)
{
	for (size_t i = entries_through(s, step); i > 0; i--)
		if (l->cues[s->at[i - 1].cue].kind == CUE_SAY)
			return (long)s->at[i - 1].step;
	return -1;
}

bool script_holds(const struct script *s, const struct lesson *l,
                  const struct trace *t, const struct cue_at *ca,
                  size_t step)
{
	const struct cue *c = &l->cues[ca->cue];
	if (c->kind != CUE_SAY || step < ca->step || step >= t->n_ops ||
	    s->iteration != t->iteration)
		return false;
	const struct op *own = &t->ops[ca->step];
	/* A later say takes over; the phase's end ends every say. */
	if (last_say(s, l, step) != (long)ca->step ||
	    t->ops[step].phase != own->phase)
		return false;
	if (!c->sel.tensor)
		return true;
	/* About one tensor: it holds while the operations compute that
	 * tensor or compute from it. */
	for (size_t j = ca->step + 1; j <= step; j++)
		if (!touches(t, j, own->tensor))
			return false;
	return true;
}

long script_narration(const struct script *s, const struct lesson *l,
                      const struct trace *t, size_t step,
                      const struct cue_at **first, size_t *n)
{
	*first = NULL;
	*n = 0;
	if (!s->n || s->iteration != t->iteration || step >= t->n_ops)
		return -1;
	long from = last_say(s, l, step);
	if (from < 0)
		return -1;
	const struct cue_at *at;
	size_t k = script_at(s, (size_t)from, &at);
	for (size_t i = 0; i < k; i++)
		if (script_holds(s, l, t, &at[i], step)) {
			*first = at;
			*n = k;
			return from;
		}
	return -1;
}

bool script_intro(const struct trace *t, size_t step)
{
	return t->iteration == 0 && step == 0;
}

/* =====================================================================
 * Checking the cues
 * ===================================================================== */

/* The tensor the name s->tensor stands for, or NULL after reporting
 * there is none (with the closest name, when one is at most two edits
 * away). */
static const struct tensor *named_tensor(const struct lesson *l,
                                         const struct net *n,
                                         const struct selector *s,
                                         struct diags *d)
{
	int ti = net_find(n, s->tensor);
	if (ti >= 0)
		return &n->tensors[ti];
	struct diags_closest c = DIAGS_CLOSEST_INIT;
	for (size_t k = 0; k < n->n_tensors; k++)
		diags_closest_offer(&c, s->tensor, n->tensors[k].name);
	const char *best = c.best;
	if (best)
		diags_add(d, l->path, s->pos.line, s->pos.col, EXIT_DATAERR,
		          "no tensor named '%s' (did you mean '%s'?)", s->tensor,
		          best);
	else
		diags_add(d, l->path, s->pos.line, s->pos.col, EXIT_DATAERR,
		          "no tensor named '%s'", s->tensor);
	return NULL;
}

/* Reports why selector s can match no operation of an iteration like
 * trace t's; returns whether it did. */
static bool selector_fails(const struct lesson *l, const struct trace *t,
                           long last, const struct selector *s,
                           struct diags *d)
{
	int line = s->pos.line, col = s->pos.col;
	if (!s->every_iteration) {
		long from = s->iter_from == ITER_LAST ? last : s->iter_from;
		if (from > last) {
			diags_add(d, l->path, line, col, EXIT_DATAERR,
			          "iteration %ld does not exist (the lesson runs "
			          "iterations 0 to %ld)",
			          from, last);
			return true;
		}
	}
	if (s->tensor) {
		const struct tensor *te = named_tensor(l, t->net, s, d);
		if (!te)
			return true;
		if (selector_cell(s, te) == NO_CELL) {
			diags_add(d, l->path, line, col, EXIT_DATAERR,
			          "'%s' is %zu x %zu: no cell %s", te->name,
			          te->rows, te->cols,
			          s->col == SELECTOR_INDEX
			                  ? "at that index"
			                  : "at that row and column");
			return true;
		}
		if (te->given) {
			diags_add(d, l->path, line, col, EXIT_DATAERR,
			          "'%s' is given at the start of each iteration; "
			          "no operation computes it",
			          te->name);
			return true;
		}
	}
	if (first_match(s, t) < 0) {
		diags_add(d, l->path, line, col, EXIT_DATAERR,
		          "no operation matches this selector");
		return true;
	}
	return false;
}

int script_check(const struct lesson *l, const struct trace *t, long last,
                 struct diags *d)
{
	int errors = 0;
	for (size_t i = 0; i < l->n_cues; i++)
		errors += selector_fails(l, t, last, &l->cues[i].sel, d);
	return errors;
}
