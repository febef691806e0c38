#include "tui/panes/lesson_pane.h"

#include <stdio.h>
#include <string.h>

#include "render/numfmt.h"
#include "tui/panes/answers.h"
#include "tui/panes/draw.h"
#include "tui/panes/text.h"

#define LESSON_TEXT_MAX 16384

struct sbuf {
	char *buf;
	size_t cap, len;
};

static void add(struct sbuf *s, const char *text)
{
	if (!text || s->len + 1 >= s->cap)
		return;
	int n = snprintf(s->buf + s->len, s->cap - s->len, "%s", text);
	if (n > 0)
		s->len += (size_t)n < s->cap - s->len ? (size_t)n
		                                      : s->cap - s->len - 1;
}

/* A paragraph, after a blank line when one came before. */
static void para(struct sbuf *s, const char *text)
{
	if (s->len)
		add(s, "\n\n");
	add(s, text);
}

/* Whether the question at ca waits for an answer now. */
static bool waiting(const struct view *v, const struct cue_at *ca)
{
	return v->mode == MODE_PREDICT && v->question == ca->cue;
}

/* A question attached here: waiting (with the precision it wants and,
 * after a wrong answer, its hint) or how it was answered. */
static void question(const struct view *v, struct sbuf *s,
                     const struct cue_at *ca)
{
	const struct cue *c = &v->lesson->cues[ca->cue];
	para(s, "Question: ");
	add(s, c->text);
	const struct answer *ans = answers_find(v->answers, v->n_answers,
	                                        v->cur->trace.iteration,
	                                        (uint32_t)ca->cue);
	char line[256];
	if (waiting(v, ca)) {
		if (v->tries > 0 && c->hint) {
			para(s, "Not quite. Hint: ");
			add(s, c->hint);
		}
		char rule[64];
		answers_rule(rule, sizeof rule, c);
		snprintf(line, sizeof line, "Answer %s: type it on the bottom "
		         "line and press Enter (Esc skips).", rule);
		para(s, line);
	} else if (ans) {
		char num[NUMFMT_CELL_MAX];
		numfmt_scalar(num, sizeof num, v->cur->trace.ops[ca->step].value,
		              v->precision);
		answers_verdict(line, sizeof line, ans, num);
		para(s, line);
	}
}

/* The questions attached here: the one waiting (want_waiting) or those
 * answered or not asked yet. */
static void questions(const struct view *v, struct sbuf *s,
                      bool want_waiting, bool *asking)
{
	const struct lesson *l = v->lesson;
	const struct trace *t = &v->cur->trace;
	const struct cue_at *at;
	size_t n = v->script->iteration == t->iteration
	                   ? script_at(v->script, v->cur->step, &at) : 0;
	for (size_t i = 0; i < n; i++)
		if (l->cues[at[i].cue].kind == CUE_PREDICT &&
		    waiting(v, &at[i]) == want_waiting) {
			question(v, s, &at[i]);
			*asking |= want_waiting;
		}
}

/* The text shown (docs/lesson-format.md, "When narration shows"): a
 * waiting question first, so that a small pane shows what to answer;
 * then the introduction at the lesson's first operation, the narration
 * that holds and the other questions attached here.  *asking when one
 * waits. */
static void compose(const struct view *v, struct sbuf *s, bool *asking)
{
	const struct lesson *l = v->lesson;
	const struct trace *t = &v->cur->trace;
	size_t step = v->cur->step;
	*asking = false;
	if (!t->n_ops)
		return;
	questions(v, s, true, asking);
	bool intro = script_intro(t, step);
	if (intro)
		para(s, l->description ? l->description : l->title);
	const struct cue_at *at;
	size_t n;
	script_narration(v->script, l, t, step, &at, &n);
	for (size_t i = 0; i < n; i++)
		if (script_holds(v->script, l, t, &at[i], step))
			para(s, l->cues[at[i].cue].text);
	questions(v, s, false, asking);
	if (intro && l->source) {
		para(s, "Source: ");
		add(s, l->source);
	}
	if (!s->len)
		add(s, l->n_cues ? "No narration at this operation. Tab goes "
		                   "to the next."
		                 : "This lesson has no narration.");
}

int lesson_pane_lines(const struct view *v, int width)
{
	char buf[LESSON_TEXT_MAX];
	struct sbuf s = {buf, sizeof buf, 0};
	buf[0] = '\0';
	bool asking;
	if (!v->loaded)
		return 0;
	compose(v, &s, &asking);
	return (int)text_wrap(buf, width, NULL, 0);
}

void lesson_pane_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w), width = getmaxx(w);
	static const char title_plain[] = "Lesson";
	if (!v->loaded) {
		draw_rule(w, v, title_plain);
		wnoutrefresh(w);
		return;
	}
	char buf[LESSON_TEXT_MAX];
	struct sbuf s = {buf, sizeof buf, 0};
	buf[0] = '\0';
	bool asking;
	compose(v, &s, &asking);
	int total = (int)text_wrap(buf, width - 2, NULL, 0);
	int rows = h - 1, skip = v->lesson_scroll;
	if (skip > total - rows)
		skip = total - rows;
	if (skip < 0)
		skip = 0;
	char title[64];
	if (total > rows)
		snprintf(title, sizeof title, "Lesson (lines %d-%d of %d, J/K)",
		         skip + 1, skip + rows < total ? skip + rows : total,
		         total);
	else
		snprintf(title, sizeof title, "%s", title_plain);
	draw_rule(w, v, title);
	draw_wrapped(w, v, 1, 1, rows, width - 2, skip, buf,
	             asking ? THEME_QUESTION : THEME_NORMAL);
	wnoutrefresh(w);
}
