#include "model/script.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/op.h"
#include "model/opindex.h"

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

/* The tensor and cell a selector names (-1 and ANY_CELL for none):
 * false when it names a tensor the network lacks or a cell outside it,
 * which no operation writes. */
static bool selector_target(const struct selector *s, const struct net *n,
                            int *tensor, long *cell)
{
	*tensor = -1;
	*cell = ANY_CELL;
	if (!s->tensor)
		return true;
	*tensor = net_find(n, s->tensor);
	if (*tensor < 0)
		return false;
	*cell = selector_cell(s, &n->tensors[*tensor]);
	return *cell != NO_CELL;
}

/* First step matching the selector in the indexed trace, or -1. */
static long first_match(const struct selector *s, const struct opindex *x)
{
	int tensor;
	long cell;
	if (!selector_target(s, x->t->net, &tensor, &cell))
		return -1;
	return opindex_first(x, s->phase, s->kind, tensor, cell);
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
	/* Most iterations of a long run have no cue: no index for them. */
	size_t here = 0;
	for (size_t i = 0; i < l->n_cues; i++)
		here += iteration_matches(&l->cues[i].sel, t->iteration, last);
	if (!here)
		return 0;
	struct opindex x;
	s->at = malloc(l->n_cues * sizeof *s->at);
	if (!s->at || opindex_build(&x, t)) {
		script_free(s);
		return -1;
	}
	for (size_t i = 0; i < l->n_cues; i++) {
		const struct selector *sel = &l->cues[i].sel;
		if (!iteration_matches(sel, t->iteration, last))
			continue;
		long step = first_match(sel, &x);
		if (step >= 0)
			s->at[s->n++] = (struct cue_at){(size_t)step, i};
	}
	opindex_free(&x);
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
 * Checking the script
 * ===================================================================== */

/* The parts of a selector that `check` may be unable to check in a lesson
 * with errors, for its notes. */
enum unchecked {
	UNCHECKED_NETWORK,    /* no network could be laid out */
	UNCHECKED_NAMES,      /* a tensor an error may have hidden */
	UNCHECKED_OPERATIONS, /* the network's operations are unknown */
	UNCHECKED_CELLS,      /* the tensors' shapes are unknown */
	UNCHECKED_ITERATIONS, /* the number of iterations is unknown */
	UNCHECKED_COUNT
};

#define NOTE_LINES 8 /* lines a note names before "and N more" */

struct checking {
	const struct lesson *l;
	const struct lesson_known *k;
	const struct net *n;   /* NULL when no network could be laid out */
	const struct trace *t; /* NULL when its operations are not known */
	struct opindex x;      /* t's operations, when t is not NULL */
	long last;
	struct diags *d;
	int errors;
	/* The lines of the cues whose part could not be checked. */
	int lines[UNCHECKED_COUNT][NOTE_LINES];
	size_t n_lines[UNCHECKED_COUNT];
};

static void error_at(struct checking *c, struct src_pos pos, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));

static void error_at(struct checking *c, struct src_pos pos, const char *fmt,
                     ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diags_add(c->d, c->l->path, pos.line, pos.col, EXIT_DATAERR, "%s", msg);
	c->errors++;
}

static void unchecked(struct checking *c, enum unchecked u, int line)
{
	if (c->n_lines[u] < NOTE_LINES)
		c->lines[u][c->n_lines[u]] = line;
	c->n_lines[u]++;
}

/* "a", "a and b", "a, b and c" of the words v[0..n) after what buf
 * holds already. */
static void add_list(char *buf, size_t cap, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, cap - len, "%s%s",
		         i == 0 ? "" : i + 1 < n ? ", " : " and ", v[i]);
	}
}

/* Whether `name` is a tensor the lesson's errors leave in doubt: one that
 * may exist or not (lesson_known's maybe). */
static bool maybe_tensor(const struct checking *c, const char *name)
{
	const struct lesson *l = c->l;
	const struct lesson_known *k = c->k;
	for (int i = 0; i < l->n_layers; i++)
		for (int r = 0; r < ROLE_COUNT; r++)
			if (k->maybe[i][r] && strcmp(l->layers[i].name[r], name) == 0)
				return true;
	if (k->maybe_accuracy && strcmp(l->accuracy_name, name) == 0)
		return true;
	/* A metric is named after the loss: "loss_squared". */
	size_t n = strlen(l->loss_name);
	return k->maybe_metrics && strncmp(name, l->loss_name, n) == 0 &&
	       name[n] == '_';
}

/* The error for a word taken as a tensor name that the network lacks,
 * with the closest phase, operation kind (each only when the selector
 * has none yet: they are what the word would have been read as) or
 * tensor name, when one is at most two edits away. */
static void no_such_tensor(struct checking *c, const struct selector *s)
{
	const struct net *n = c->n;
	struct diags_closest near = DIAGS_CLOSEST_INIT;
	for (int p = 0; p < PHASE_COUNT && s->phase < 0; p++)
		diags_closest_offer(&near, s->tensor, phase_name((enum phase)p));
	const char *phase = near.best;
	for (int k = 0; k < OP_KIND_COUNT && s->kind < 0; k++)
		diags_closest_offer(&near, s->tensor,
		                    op_kind_name((enum op_kind)k));
	const char *kind = near.best;
	for (size_t k = 0; k < n->n_tensors; k++)
		diags_closest_offer(&near, s->tensor, n->tensors[k].name);
	const char *what = !near.best ? NULL : near.best != kind ? "" :
	                   kind != phase ? "the operation kind " : "the phase ";
	if (what)
		error_at(c, s->tensor_pos, "no tensor named '%s' (did you mean "
		         "%s'%s'?)", s->tensor, what, near.best);
	else
		error_at(c, s->tensor_pos, "no tensor named '%s'", s->tensor);
}

/* A selector's phase, kind and tensor terms, in the order written. */
enum term { TERM_PHASE, TERM_KIND, TERM_TENSOR };
struct placed_term {
	enum term what;
	struct src_pos pos;
};

static size_t written_terms(const struct selector *s, struct placed_term *v)
{
	size_t n = 0;
	if (s->phase >= 0)
		v[n++] = (struct placed_term){TERM_PHASE, s->phase_pos};
	if (s->kind >= 0)
		v[n++] = (struct placed_term){TERM_KIND, s->kind_pos};
	if (s->tensor)
		v[n++] = (struct placed_term){TERM_TENSOR, s->tensor_pos};
	for (size_t i = 1; i < n; i++) /* at most three: insertion sort */
		for (size_t j = i; j > 0 && v[j].pos.col < v[j - 1].pos.col; j--) {
			struct placed_term x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return n;
}

/* Why nothing matches, after "no operation matches this selector: ":
 * where the tensor (its cell, if one is named) is computed, or where
 * operations of the kind are.  Kinds are listed in the order they first
 * run, phases in theirs. */
static void explain_no_match(const struct checking *c, int tensor, long cell,
                             int kind, char *buf, size_t cap)
{
	const struct trace *t = c->t;
	const char *kinds[OP_KIND_COUNT], *phases[PHASE_COUNT];
	long kind_at[OP_KIND_COUNT];
	size_t n_kinds = 0, n_phases = 0;
	for (int k = 0; k < OP_KIND_COUNT && tensor >= 0; k++) {
		long at = opindex_first(&c->x, -1, k, tensor, cell);
		if (at < 0)
			continue;
		size_t j = n_kinds++; /* insertion by first step */
		for (; j > 0 && kind_at[j - 1] > at; j--) {
			kind_at[j] = kind_at[j - 1];
			kinds[j] = kinds[j - 1];
		}
		kind_at[j] = at;
		kinds[j] = op_kind_name((enum op_kind)k);
	}
	for (int p = 0; p < PHASE_COUNT; p++)
		if (opindex_first(&c->x, p, tensor >= 0 ? -1 : kind, tensor,
		                  cell) >= 0)
			phases[n_phases++] = phase_name((enum phase)p);
	buf[0] = '\0';
	if (tensor >= 0) {
		snprintf(buf, cap, "'%s' is computed by ",
		         t->net->tensors[tensor].name);
		add_list(buf, cap, kinds, n_kinds);
		snprintf(buf + strlen(buf), cap - strlen(buf), " operations in "
		         "the ");
	} else if (n_phases == 0) {
		snprintf(buf, cap, "this network has no '%s' operation",
		         op_kind_name((enum op_kind)kind));
		return;
	} else {
		snprintf(buf, cap, "'%s' operations are in the ",
		         op_kind_name((enum op_kind)kind));
	}
	add_list(buf, cap, phases, n_phases);
	snprintf(buf + strlen(buf), cap - strlen(buf), " phase%s",
	         n_phases == 1 ? "" : "s");
}

/* Whether any operation matches the first n of the written terms v. */
static bool terms_match(const struct checking *c, const struct selector *s,
                        const struct placed_term *v, size_t n, int tensor,
                        long cell)
{
	int phase = -1, kind = -1, part_tensor = -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].what == TERM_PHASE)
			phase = s->phase;
		else if (v[i].what == TERM_KIND)
			kind = s->kind;
		else
			part_tensor = tensor;
	}
	return opindex_first(&c->x, phase, kind, part_tensor,
	                     part_tensor >= 0 ? cell : ANY_CELL) >= 0;
}

/* The terms in the order written: the first after which no operation
 * matches is the word the error points at. */
static void check_terms(struct checking *c, const struct selector *s,
                        int tensor, long cell)
{
	struct placed_term v[3];
	size_t n = written_terms(s, v);
	for (size_t k = 1; k <= n; k++) {
		if (terms_match(c, s, v, k, tensor, cell))
			continue;
		bool has_tensor = false;
		for (size_t i = 0; i < k; i++)
			has_tensor = has_tensor || v[i].what == TERM_TENSOR;
		char why[256];
		explain_no_match(c, has_tensor ? tensor : -1, cell, s->kind, why,
		                 sizeof why);
		error_at(c, v[k - 1].pos, "no operation matches this selector: "
		         "%s", why);
		return;
	}
}

/* The tensor term: a name the network has, a cell inside it, a tensor
 * some operation computes.  Returns the tensor's index, or -1 after an
 * error or a note; *cell is the cell, or ANY_CELL. */
static int check_tensor(struct checking *c, const struct cue *cue,
                        long *cell)
{
	const struct selector *s = &cue->sel;
	*cell = ANY_CELL;
	int ti = net_find(c->n, s->tensor);
	if (maybe_tensor(c, s->tensor) || (ti < 0 && !c->k->all_names)) {
		unchecked(c, UNCHECKED_NAMES, cue->pos.line);
		return -1;
	}
	if (ti < 0) {
		no_such_tensor(c, s);
		return -1;
	}
	const struct tensor *te = &c->n->tensors[ti];
	if (s->row >= 0 && !c->k->shapes) {
		unchecked(c, UNCHECKED_CELLS, cue->pos.line);
	} else if (s->row >= 0) {
		*cell = selector_cell(s, te);
		if (*cell == NO_CELL) {
			error_at(c, s->tensor_pos, "'%s' is %zu x %zu: no cell %s",
			         te->name, te->rows, te->cols,
			         s->col == SELECTOR_INDEX ? "at that index"
			                                  : "at that row and column");
			return -1;
		}
	}
	if (te->given) {
		error_at(c, s->tensor_pos, "'%s' is given at the start of each "
		         "iteration; no operation computes it", te->name);
		return -1;
	}
	return ti;
}

/* Every error of one cue, at the word it is about: its iteration term
 * and its phase, kind and tensor terms are independent. */
static void check_cue(struct checking *c, const struct cue *cue)
{
	const struct selector *s = &cue->sel;
	/* Iteration 0 always exists. */
	if (!s->every_iteration && s->iter_from != ITER_LAST &&
	    s->iter_from > 0) {
		if (!c->k->iterations)
			unchecked(c, UNCHECKED_ITERATIONS, cue->pos.line);
		else if (s->iter_from > c->last)
			error_at(c, s->iter_pos, "iteration %ld does not exist (the "
			         "lesson runs iterations 0 to %ld)", s->iter_from,
			         c->last);
	}
	if (s->phase < 0 && s->kind < 0 && !s->tensor)
		return;
	if (!c->n) {
		unchecked(c, UNCHECKED_NETWORK, cue->pos.line);
		return;
	}
	int tensor = -1;
	long cell = ANY_CELL;
	if (s->tensor && (tensor = check_tensor(c, cue, &cell)) < 0)
		return;
	if (!c->t) {
		unchecked(c, UNCHECKED_OPERATIONS, cue->pos.line);
		return;
	}
	check_terms(c, s, tensor, cell);
}

/* One note per part of the selectors that could not be checked. */
static void add_notes(const struct checking *c, struct diags *notes)
{
	static const char *const what[UNCHECKED_COUNT] = {
		[UNCHECKED_NETWORK] = "the phases, operation kinds and tensors "
		                      "named on %s (the network could not be "
		                      "laid out)",
		[UNCHECKED_NAMES] = "the tensors named on %s (an error may hide "
		                    "a tensor or change its name)",
		[UNCHECKED_OPERATIONS] = "whether an operation matches the "
		                         "selectors on %s (the network's "
		                         "operations are not known)",
		[UNCHECKED_CELLS] = "the cells named on %s (the tensors' shapes "
		                    "are not known)",
		[UNCHECKED_ITERATIONS] = "the iterations named on %s (the number "
		                         "of iterations is not known)",
	};
	for (int u = 0; u < UNCHECKED_COUNT; u++) {
		size_t n = c->n_lines[u];
		if (!n)
			continue;
		char lines[128], num[NOTE_LINES][16];
		const char *v[NOTE_LINES];
		size_t shown = n < NOTE_LINES ? n : NOTE_LINES;
		for (size_t i = 0; i < shown; i++) {
			snprintf(num[i], sizeof num[i], "%d", c->lines[u][i]);
			v[i] = num[i];
		}
		snprintf(lines, sizeof lines, "line%s ", n == 1 ? "" : "s");
		add_list(lines, sizeof lines, v, shown);
		if (n > shown)
			snprintf(lines + strlen(lines), sizeof lines - strlen(lines),
			         " and %zu more", n - shown);
		char msg[DIAG_MSG_MAX];
		snprintf(msg, sizeof msg, what[u], lines);
		diags_add(notes, c->l->path, 0, 0, 0, "not checked for the errors "
		          "above: %s", msg);
	}
}

static int check_all(const struct lesson *l, const struct net *n,
                     const struct trace *t, long last,
                     const struct lesson_known *k, struct diags *d,
                     struct diags *notes)
{
	struct checking c;
	memset(&c, 0, sizeof c);
	c.l = l;
	c.k = k;
	c.n = k->network ? n : NULL;
	c.t = c.n && k->operations ? t : NULL;
	c.last = last;
	c.d = d;
	if (c.t && opindex_build(&c.x, c.t)) {
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory "
		          "checking the script");
		return 1;
	}
	for (size_t i = 0; i < l->n_cues; i++)
		check_cue(&c, &l->cues[i]);
	if (c.t)
		opindex_free(&c.x);
	if (notes)
		add_notes(&c, notes);
	return c.errors;
}

int script_check(const struct lesson *l, const struct trace *t, long last,
                 struct diags *d)
{
	struct lesson_known all;
	memset(&all, 0, sizeof all);
	all.network = all.all_names = all.operations = all.shapes =
		all.iterations = true;
	return check_all(l, t->net, t, last, &all, d, NULL);
}

int script_check_known(const struct lesson *l, const struct net *n,
                       const struct trace *t, const struct lesson_known *k,
                       struct diags *d, struct diags *notes)
{
	return check_all(l, n, t, l->iterations - 1, k, d, notes);
}
