/* selector: which operations a cue attaches to -- "iteration 0 forward
 * dot W1[0,1]" -- as written after say, pause and predict. */
#include "lesson/parser.h"

#include <limits.h>
#include <string.h>

#include "core/op.h"

/* The selector's own words; tensor_name_check refuses them as names. */
static const char *const selector_words[] = {"iteration", "iterations",
                                             "every"};

bool selector_is_word(const char *s)
{
	for (size_t i = 0; i < sizeof selector_words / sizeof *selector_words;
	     i++)
		if (strcmp(s, selector_words[i]) == 0)
			return true;
	return false;
}

/* `every iteration`, `iteration N` or `iterations A-B`: w is the word, a
 * the term after it (NULL at the end). */
static bool sel_iteration(struct parser *p, const struct tok *w,
                          const struct tok *a, struct selector *s)
{
	if (strcmp(w->s, "every") == 0) {
		if (!a || strcmp(a->s, "iteration") != 0) {
			parser_error(p, w->off, "'every' must be followed by "
			                        "'iteration'");
			return false;
		}
		s->every_iteration = true;
		s->iter_pos = parser_pos(p, w->off);
		s->iter_from = 0;
		s->iter_to = ITER_LAST;
		return true;
	}
	if (strcmp(w->s, "iteration") == 0) {
		if (!a) {
			parser_error(p, w->off, "'iteration' needs a number or "
			                        "'last' after it");
			return false;
		}
		if (strchr(a->s + 1, '-') && a->s[0] != '-') {
			parser_error(p, a->off, "'iteration' takes one number or "
			             "'last'; for a range write 'iterations %s'",
			             parser_show(a->s).s);
			return false;
		}
		long v;
		if (!number_iteration(p, a, &v))
			return false;
		s->iter_from = s->iter_to = v;
		s->iter_pos = parser_pos(p, a->off);
		return true;
	}
	/* "iterations" */
	if (!a || !strchr(a->s + (a->s[0] ? 1 : 0), '-')) {
		if (a)
			parser_error(p, a->off, "'iterations' needs a range such "
			             "as 0-9 or 10-last, not '%s'",
			             parser_show(a->s).s);
		else
			parser_error(p, w->off, "'iterations' needs a range such "
			                        "as 0-9 or 10-last");
		return false;
	}
	s->iter_pos = parser_pos(p, a->off);
	return number_iteration_range(p, a, &s->iter_from, &s->iter_to);
}

/* The indices of cell t, "R,C" or "I": q is the text between its
 * brackets, already cut out of t.  False after an error. */
static bool cell_indices(struct parser *p, const struct tok *t,
                         const char *whole, char *q, long idx[2],
                         int *n_idx)
{
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
		if (*n_idx == 2 || !*q) {
			parser_error(p, t->off, "cell '%s' needs one or two "
			             "indices: NAME[ROW,COL] or NAME[INDEX]", whole);
			return false;
		}
		double v;
		if (!number_whole(p, &it, "cell index", 0, INT_MAX, &v))
			return false;
		idx[(*n_idx)++] = (long)v;
		if (!comma)
			return true;
		q = comma + 1;
	}
}

/* A tensor term: NAME, NAME[I] or NAME[R,C]. */
static bool sel_tensor(struct parser *p, const struct tok *t,
                       struct selector *s)
{
	struct shown whole = parser_show(t->s);
	char *br = strchr(t->s, '[');
	if (br)
		*br = '\0';
	struct tok name = {t->s, t->off};
	if (!name.s[0]) {
		parser_error(p, t->off, "'%s' has no tensor name before '['",
		             whole.s);
		return false;
	}
	if (!tensor_name_check(p, &name, NAME_IN_SELECTOR))
		return false;
	if (s->tensor) {
		parser_error(p, t->off, "a selector names one tensor; '%s' is a "
		             "second", parser_show(name.s).s);
		return false;
	}
	long idx[2];
	int n_idx = 0;
	if (br) {
		char *close = strchr(br + 1, ']');
		if (!close) {
			parser_error(p, t->off, "cell '%s' has no closing ']'",
			             whole.s);
			return false;
		}
		if (close[1]) {
			parser_error(p, t->off + (size_t)(close + 1 - t->s),
			             "unexpected '%s' after the cell",
			             parser_show(close + 1).s);
			return false;
		}
		*close = '\0';
		if (!cell_indices(p, t, whole.s, br + 1, idx, &n_idx))
			return false;
	}
	s->tensor = parser_strdup(p, name.s);
	s->tensor_pos = parser_pos(p, t->off);
	if (n_idx == 1) {
		s->row = (int)idx[0];
		s->col = SELECTOR_INDEX;
	} else if (n_idx == 2) {
		s->row = (int)idx[0];
		s->col = (int)idx[1];
	}
	return true;
}

/* Splits [from, end) into p->tok at blanks, except inside a cell's
 * brackets.  False when out of memory. */
static bool split_terms(struct parser *p, size_t from, size_t end)
{
	p->n_tok = 0;
	size_t i = from;
	while (i < end) {
		i = line_skip_blanks(p, i, end);
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
		struct tok *t = parser_grow(p, p->tok, &p->tok_cap,
		                            p->n_tok + 1, sizeof *t);
		if (!t)
			return false;
		p->tok = t;
		p->tok[p->n_tok].s = p->ln + st;
		p->tok[p->n_tok].off = st;
		p->n_tok++;
		p->ln[i] = '\0';
		i++;
	}
	return true;
}

/* A word that is not an iteration term fills the first free slot it
 * fits: phase, then kind, then tensor -- so "loss loss loss" is the loss
 * phase, the loss operation and the tensor named "loss".  Only "loss"
 * and "accuracy" can name a tensor. */
static bool sel_word(struct parser *p, const struct tok *w,
                     struct selector *s)
{
	int ph = phase_from_name(w->s), kd = op_kind_from_name(w->s);
	bool scalar = strcmp(w->s, "loss") == 0 ||
	              strcmp(w->s, "accuracy") == 0;
	if (ph >= 0 && s->phase < 0) {
		s->phase = ph;
		s->phase_pos = parser_pos(p, w->off);
	} else if (kd >= 0 && s->kind < 0) {
		s->kind = kd;
		s->kind_pos = parser_pos(p, w->off);
	} else if ((ph >= 0 || kd >= 0) && !(scalar && !s->tensor)) {
		parser_error(p, w->off, "a selector takes one %s; '%s' is a "
		             "second", ph >= 0 ? "phase" : "operation kind",
		             w->s);
		return false;
	} else if (!sel_tensor(p, w, s)) {
		return false;
	}
	return true;
}

/* A misspelt `iteration` or `iterations` would be read as a tensor name,
 * and the number after it as a second, bad one: when word w comes before
 * a number (or `last`) and is close to one of them, says so at w. */
static bool misspelt_iteration(struct parser *p, const struct tok *w,
                               const struct tok *next)
{
	static const char *const words[] = {"iteration", "iterations"};
	if (!next || phase_from_name(w->s) >= 0 || op_kind_from_name(w->s) >= 0)
		return false;
	if (!(next->s[0] >= '0' && next->s[0] <= '9') &&
	    strcmp(next->s, "last") != 0)
		return false;
	const char *best = parser_closest(w->s, words, 2);
	if (!best)
		return false;
	parser_error(p, w->off, "unknown word '%s' (did you mean '%s'?)",
	             parser_show(w->s).s, best);
	return true;
}

bool selector_parse(struct parser *p, size_t from, size_t end,
                    struct selector *s)
{
	memset(s, 0, sizeof *s);
	s->phase = -1;
	s->kind = -1;
	s->row = s->col = -1;
	s->pos = parser_pos(p, line_skip_blanks(p, from, end));
	if (!split_terms(p, from, end))
		return false;

	bool has_iter = false;
	for (size_t k = 0; k < p->n_tok; k++) {
		const struct tok *w = &p->tok[k];
		const struct tok *a = k + 1 < p->n_tok ? &p->tok[k + 1] : NULL;
		if (!selector_is_word(w->s)) {
			if (misspelt_iteration(p, w, a) || !sel_word(p, w, s))
				return false;
			continue;
		}
		if (has_iter) {
			parser_error(p, w->off, "a selector takes one iteration "
			                        "term; '%s' is a second", w->s);
			return false;
		}
		has_iter = true;
		if (!sel_iteration(p, w, a, s))
			return false;
		k++;
	}
	return true;
}
