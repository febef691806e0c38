/* directives_script: say, pause, predict, hint, tolerance, decimals and
 * report (docs/lesson-format.md, "The script").  Selectors are read in
 * selector.c. */
#include "lesson/parser.h"

#include <stdlib.h>
#include <string.h>

static struct cue *new_cue(struct parser *p)
{
	struct lesson *l = p->l;
	struct cue *c = parser_grow(p, l->cues, &p->cues_cap, l->n_cues + 1,
	                            sizeof *c);
	if (!c)
		return NULL;
	l->cues = c;
	c = &l->cues[l->n_cues++];
	memset(c, 0, sizeof *c);
	return c;
}

/* The cue could not be read: its indented lines are skipped, and a
 * failed predict takes its hint, tolerance and decimals lines with it. */
static void cue_failed(struct parser *p, enum dir d)
{
	p->cont = CONT_SKIP;
	if (d == D_PREDICT)
		p->last_predict = PREDICT_FAILED;
}

/* say, predict (free text after a ':'), pause (no text) and exercise
 * (text after a ':' if it has any). */
void directive_cue(struct parser *p, enum dir d, size_t from, size_t end)
{
	size_t sel_end = end, text = end;
	char *colon = d == D_PAUSE ? NULL : memchr(p->ln + from, ':', end - from);
	if (d == D_PAUSE || (d == D_EXERCISE && !colon)) {
		sel_end = line_strip_comment(p, from, end);
		colon = NULL;
	} else {
		if (!colon) {
			parser_error(p, 0, "'%s' needs a ':' between the selector "
			             "and the text, e.g. '%s iteration 0 forward: "
			             "...'", directive_keyword(d),
			             directive_keyword(d));
			cue_failed(p, d);
			return;
		}
		sel_end = (size_t)(colon - p->ln);
		text = line_skip_blanks(p, sel_end + 1, end);
	}
	struct selector sel;
	if (!selector_parse(p, from, sel_end, &sel)) {
		free(sel.tensor);
		cue_failed(p, d);
		return;
	}
	struct cue *c = new_cue(p);
	if (!c) {
		free(sel.tensor);
		p->cont = CONT_SKIP;
		return;
	}
	c->kind = d == D_SAY ? CUE_SAY : d == D_PAUSE ? CUE_PAUSE :
	          d == D_EXERCISE ? CUE_EXERCISE : CUE_PREDICT;
	c->sel = sel;
	c->pos = parser_pos(p, 0);
	if (d == D_PREDICT) {
		/* Neither given: the answer is judged to the decimals typed. */
		c->tolerance = -1;
		c->decimals = -1;
		p->last_predict = (long)p->l->n_cues - 1;
		memset(p->predict_line_of, 0, sizeof p->predict_line_of);
	}
	if (d != D_PAUSE && (d != D_EXERCISE || colon)) {
		p->ln[end] = '\0';
		line_start_text(p, d, TD_CUE_TEXT, p->l->n_cues - 1,
		                p->ln + text);
	}
}

void directive_hint(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)end;
	line_start_text(p, d, TD_CUE_HINT, (size_t)p->last_predict,
	                p->ln + from);
}

/* A question is judged one way: by a tolerance or to some decimals.
 * False after an error when the latest predict already has the other
 * (the dispatcher noted the line of each, this one's included). */
static bool one_rule(struct parser *p, enum dir mine, enum dir other)
{
	int line = p->predict_line_of[other];
	if (!line)
		return true;
	parser_error(p, 0, "'%s' and '%s' cannot both judge one 'predict' "
	             "('%s' was given on line %d)", directive_keyword(mine),
	             directive_keyword(other), directive_keyword(other), line);
	return false;
}

void directive_tolerance(struct parser *p, enum dir d, size_t from,
                         size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 1, "X"))
		return;
	double v;
	if (!number_get(p, &p->tok[0], "tolerance", &v) ||
	    !one_rule(p, D_TOLERANCE, D_DECIMALS))
		return;
	if (v < 0) {
		parser_error(p, p->tok[0].off, "tolerance must not be negative, "
		             "not %s", parser_show(p->tok[0].s).s);
		return;
	}
	p->l->cues[p->last_predict].tolerance = v;
}

void directive_decimals(struct parser *p, enum dir d, size_t from,
                        size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 1, "N"))
		return;
	double n;
	if (!number_whole(p, &p->tok[0], "decimals", 0, LESSON_MAX_DECIMALS,
	                  &n) ||
	    !one_rule(p, D_DECIMALS, D_TOLERANCE))
		return;
	p->l->cues[p->last_predict].decimals = (int)n;
}

/* The first three words of a report line into w; *i past them.  False
 * after an error when there are fewer. */
static bool report_words(struct parser *p, size_t from, size_t end,
                         struct tok w[3], size_t *i)
{
	*i = from;
	for (int k = 0; k < 3; k++) {
		*i = line_skip_blanks(p, *i, end);
		if (*i >= end) {
			parser_error(p, 0, "'report' needs loss or accuracy, "
			             "'every' N and a label, e.g. 'report loss "
			             "every 100 Loss:'");
			return false;
		}
		w[k].s = p->ln + *i;
		w[k].off = *i;
		while (*i < end && !is_blank(p->ln[*i]))
			(*i)++;
		p->ln[*i] = '\0'; /* a blank or the end */
		if (*i < end)
			(*i)++;
	}
	return true;
}

void directive_report(struct parser *p, enum dir d, size_t from, size_t end)
{
	static const char *const what[] = {"loss", "accuracy"};
	static const char *const every[] = {"every"};
	(void)d;
	struct tok w[3];
	size_t i;
	if (!report_words(p, from, end, w, &i))
		return;
	int k = parser_pick(p, &w[0], "report", what, 2);
	if (k < 0 || parser_pick(p, &w[1], "word", every, 1) < 0)
		return;
	double n;
	if (!number_whole(p, &w[2], "report interval", 1,
	                  (double)LESSON_MAX_ITERATIONS, &n))
		return;
	struct lesson *l = p->l;
	struct report *r = parser_grow(p, l->reports, &p->reports_cap,
	                               l->n_reports + 1, sizeof *r);
	if (!r)
		return;
	l->reports = r;
	i = line_skip_blanks(p, i, end);
	p->ln[end] = '\0';
	char *label = parser_strdup(p, p->ln + (i < end ? i : end));
	if (!label)
		return;
	r = &l->reports[l->n_reports++];
	r->every = (long)n;
	r->label = label;
	r->what = k == 0 ? REPORT_LOSS : REPORT_ACCURACY;
	r->pos = parser_pos(p, 0);
}
