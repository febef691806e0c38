#include "tui/panes/lesson_pane.h"

#include <stdio.h>
#include <string.h>

#include "render/numfmt.h"
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

/* The step whose cues the pane shows: the current one if it has cues,
 * else the last one before it in this phase with cues; -1 if none. */
static long cue_step(const struct view *v)
{
	const struct trace *t = &v->cur->trace;
	if (!t->n_ops || v->script->iteration != t->iteration)
		return -1;
	int ph = cursor_op(v->cur)->phase;
	for (long s = (long)v->cur->step; s >= 0; s--) {
		if (t->ops[s].phase != ph)
			break;
		const struct cue_at *first;
		if (script_at(v->script, (size_t)s, &first))
			return s;
	}
	return -1;
}

/* The text shown: narration, question and outcome, or description. */
static void compose(const struct view *v, struct sbuf *s, bool *question)
{
	const struct lesson *l = v->lesson;
	*question = false;
	long step = cue_step(v);
	if (step < 0) {
		add(s, l->description ? l->description : l->title);
		if (l->source) {
			add(s, "\n\nSource: ");
			add(s, l->source);
		}
		return;
	}
	const struct cue_at *first;
	size_t n = script_at(v->script, (size_t)step, &first);
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
			const struct answer *ans = answers_find(
				v->answers, v->n_answers,
				v->cur->trace.iteration, (uint32_t)first[i].cue);
			bool waiting = v->mode == MODE_PREDICT &&
			               v->question == first[i].cue &&
			               (size_t)step == v->cur->step;
			if (waiting && v->tries > 0 && c->hint) {
				add(s, "\n\nNot quite. Hint: ");
				add(s, c->hint);
			} else if (waiting) {
				add(s, "\n\nType your answer on the bottom "
				       "line and press Enter (Esc skips).");
			} else if (ans) {
				char num[NUMFMT_CELL_MAX];
				const struct op *op = &v->cur->trace.ops[step];
				numfmt_scalar(num, sizeof num, op->value,
				              v->precision);
				add(s, ans->result == ANSWER_RIGHT
				               ? "\n\nYou answered it right: "
				       : ans->result == ANSWER_WRONG
				               ? "\n\nThe answer was "
				               : "\n\nSkipped. The answer is ");
				add(s, num);
				add(s, ".");
			}
		} else {
			add(s, c->text);
		}
	}
	if (!s->len)
		add(s, l->description ? l->description : l->title);
}

int lesson_pane_lines(const struct view *v, int width)
{
	char buf[LESSON_TEXT_MAX];
	struct sbuf s = {buf, sizeof buf, 0};
	buf[0] = '\0';
	bool question;
	if (!v->loaded)
		return 0;
	compose(v, &s, &question);
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
	bool question;
	compose(v, &s, &question);
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
	             question && v->mode == MODE_PREDICT ? THEME_QUESTION
	                                                 : THEME_NORMAL);
	wnoutrefresh(w);
}
