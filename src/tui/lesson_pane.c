/* lesson_pane: the narration attached to the current operation (or the
 * last one attached earlier in the same phase), a waiting question with
 * its hint, or the lesson's description when nothing is attached. */
#include <stdio.h>
#include <string.h>

#include "render/numfmt.h"
#include "tui/draw.h"
#include "tui/panes.h"
#include "tui/state.h"
#include "tui/text.h"

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

/* The step whose cues the pane shows: the current one if it has cues,
 * else the last one before it in this phase with cues; -1 if none. */
static long cue_step(const struct app *a)
{
	const struct trace *t = &a->cur.trace;
	if (!t->n_ops || a->script.iteration != t->iteration)
		return -1;
	int ph = cursor_op(&a->cur)->phase;
	for (long s = (long)a->cur.step; s >= 0; s--) {
		if (t->ops[s].phase != ph)
			break;
		const struct cue_at *first;
		if (script_at(&a->script, (size_t)s, &first))
			return s;
	}
	return -1;
}

/* The text shown: narration, question and outcome, or description. */
static void compose(const struct app *a, struct sbuf *s, bool *question)
{
	const struct lesson *l = &a->lesson;
	*question = false;
	long step = cue_step(a);
	if (step < 0) {
		add(s, l->description ? l->description : l->title);
		if (l->source) {
			add(s, "\n\nSource: ");
			add(s, l->source);
		}
		return;
	}
	const struct cue_at *first;
	size_t n = script_at(&a->script, (size_t)step, &first);
	for (size_t i = 0; i < n; i++) {
		const struct cue *c = &l->cues[first[i].cue];
		if (c->kind == CUE_PAUSE && !c->text)
			continue;
		if (s->len)
			add(s, "\n\n");
		if (c->kind == CUE_PREDICT) {
			*question = true;
			add(s, "Question: ");
			add(s, c->text);
			const struct answer *ans = state_find(
				&a->state, a->cur.trace.iteration,
				(uint32_t)first[i].cue);
			bool waiting = a->mode == MODE_PREDICT &&
			               a->q_cue == first[i].cue &&
			               (size_t)step == a->cur.step;
			if (waiting && a->q_tries > 0 && c->hint) {
				add(s, "\n\nNot quite. Hint: ");
				add(s, c->hint);
			} else if (waiting) {
				add(s, "\n\nType your answer on the bottom "
				       "line and press Enter (Esc skips).");
			} else if (ans) {
				char v[NUMFMT_CELL_MAX];
				const struct op *op = &a->cur.trace.ops[step];
				numfmt_scalar(v, sizeof v, op->value,
				              a->precision);
				add(s, ans->result == ANSWER_RIGHT
				               ? "\n\nYou answered it right: "
				       : ans->result == ANSWER_WRONG
				               ? "\n\nThe answer was "
				               : "\n\nSkipped. The answer is ");
				add(s, v);
				add(s, ".");
			}
		} else {
			add(s, c->text);
		}
	}
	if (!s->len)
		add(s, l->description ? l->description : l->title);
}

int lesson_lines(const struct app *a, int width)
{
	char buf[LESSON_TEXT_MAX];
	struct sbuf s = {buf, sizeof buf, 0};
	buf[0] = '\0';
	bool question;
	if (!a->loaded)
		return 0;
	compose(a, &s, &question);
	return (int)text_wrap(buf, width, NULL, 0);
}

void lesson_draw(const struct app *a)
{
	WINDOW *w = a->win[PANE_LESSON];
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w), width = getmaxx(w);
	static const char title_plain[] = "Lesson";
	if (!a->loaded) {
		draw_rule(w, a, title_plain);
		wnoutrefresh(w);
		return;
	}
	char buf[LESSON_TEXT_MAX];
	struct sbuf s = {buf, sizeof buf, 0};
	buf[0] = '\0';
	bool question;
	compose(a, &s, &question);
	int total = (int)text_wrap(buf, width - 2, NULL, 0);
	int rows = h - 1, skip = a->lesson_scroll;
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
	draw_rule(w, a, title);
	draw_wrapped(w, a, 1, 1, rows, width - 2, skip, buf,
	             question && a->mode == MODE_PREDICT ? THEME_QUESTION
	                                                 : THEME_NORMAL);
	wnoutrefresh(w);
}
