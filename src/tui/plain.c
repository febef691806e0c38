#include "tui/plain.h"

#include <stdlib.h>
#include <string.h>

#include "render/formula.h"
#include "render/numfmt.h"
#include "tui/action.h"
#include "tui/move.h"
#include "tui/predict.h"
#include "tui/panes/answers.h"
#include "tui/panes/op_pane.h"
#include "tui/panes/plans.h"
#include "tui/panes/resume_overlay.h"

#define PLAIN_CALC_MAX 8192

/* A plain session: the player, its streams, and the narration printed
 * last, which is not printed again while it holds. */
struct plain {
	struct app *a;
	FILE *in, *out;
	long said_iteration, said_step; /* -1: none yet */
	long batch_iteration;           /* whose batch was said; -1: none */
};

/* A mini-batch lesson's epoch, batch and samples, once an iteration: one
 * fact on a line of its own. */
static void print_batch(struct plain *p, const struct trace *t)
{
	if (!t->samples || t->iteration == p->batch_iteration)
		return;
	p->batch_iteration = t->iteration;
	size_t bs = p->a->net.lesson->n_samples;
	fprintf(p->out, "  epoch %ld, batch %ld of %ld: sample%s", t->epoch,
	        t->batch + 1, t->per_epoch, bs == 1 ? "" : "s");
	for (size_t i = 0; i < bs; i++)
		fprintf(p->out, "%s%u", i ? ", " : " ", t->samples[i]);
	fputc('\n', p->out);
}

/* Prints text on one line (newlines in narration become spaces). */
static void flat(FILE *out, const char *prefix, const char *s)
{
	fputs(prefix, out);
	for (; s && *s; s++)
		fputc(*s == '\n' ? ' ' : *s, out);
	fputc('\n', out);
}

/* A question attached at the current operation: waiting, or how it was
 * answered. */
static void print_question(struct plain *p, const struct cue_at *ca)
{
	struct app *a = p->a;
	const struct cue *c = &a->lesson.cues[ca->cue];
	char line[256], rule[64], num[NUMFMT_CELL_MAX];
	flat(p->out, "  Question: ", c->text);
	if (a->q_active && a->q_cue == ca->cue) {
		answers_rule(rule, sizeof rule, c);
		fprintf(p->out, "  Answer %s: type it and press Enter (s "
		        "skips).\n", rule);
		return;
	}
	const struct answer *ans = state_find(&a->state, a->cur.trace.iteration,
	                                      (uint32_t)ca->cue);
	if (ans) {
		numfmt_scalar(num, sizeof num, a->cur.trace.ops[ca->step].value,
		              a->precision);
		answers_verdict(line, sizeof line, ans, num);
		fprintf(p->out, "  %s\n", line);
	}
}

/* What the lesson says here (model/script.h decides, as for the lesson
 * pane): the introduction, narration that starts holding, questions. */
static void print_lesson(struct plain *p)
{
	struct app *a = p->a;
	const struct trace *t = &a->cur.trace;
	size_t step = a->cur.step;
	if (script_intro(t, step) && a->lesson.description)
		flat(p->out, "  Introduction: ", a->lesson.description);
	const struct cue_at *at;
	size_t n;
	long from = script_narration(&a->script, &a->lesson, t, step, &at, &n);
	if (from >= 0 && (from != p->said_step ||
	                  t->iteration != p->said_iteration)) {
		for (size_t i = 0; i < n; i++)
			if (script_holds(&a->script, &a->lesson, t, &at[i], step))
				flat(p->out, "  Lesson: ",
				     a->lesson.cues[at[i].cue].text);
		p->said_iteration = t->iteration;
		p->said_step = from;
	}
	n = a->script.iteration == t->iteration
	            ? script_at(&a->script, step, &at) : 0;
	for (size_t i = 0; i < n; i++)
		if (a->lesson.cues[at[i].cue].kind == CUE_PREDICT)
			print_question(p, &at[i]);
}

/* The operation, one fact a line: where it is, what it does in words,
 * in symbols, and in numbers (its result hidden while a question
 * waits). */
static void print_op(struct plain *p)
{
	struct app *a = p->a;
	const struct trace *t = &a->cur.trace;
	if (!t->n_ops)
		return;
	size_t step = a->cur.step;
	const struct op *op = cursor_op(&a->cur);
	struct formula_style fs = {.precision = a->precision, .utf8 = a->utf8,
	                           .max_terms = 12};
	plans_style(a->plans, t, a->precision, &fs);
	char words[512], sym[1024], calc[PLAIN_CALC_MAX];
	formula_words(words, sizeof words, t, step);
	formula_symbolic(sym, sizeof sym, t, step, &fs);
	formula_numeric(calc, sizeof calc, t, step, &fs);
	if (a->q_active)
		op_pane_hide_result(calc, sizeof calc);
	fprintf(p->out, "iteration %ld, operation %zu of %zu, %s\n",
	        t->iteration, step + 1, t->n_ops,
	        phase_name((enum phase)op->phase));
	print_batch(p, t);
	flat(p->out, "  ", words);
	flat(p->out, "  ", sym);
	flat(p->out, "  ", calc);
	print_lesson(p);
}

static void print_msg(struct plain *p)
{
	if (p->a->msg[0])
		fprintf(p->out, "  %s\n", p->a->msg);
	p->a->msg[0] = '\0';
}

static void print_help(FILE *out)
{
	fputs("Commands, each followed by Enter:\n"
	      "  Enter alone: the next operation\n"
	      "  b: back one operation\n"
	      "  n: the next phase\n"
	      "  i: the next iteration\n"
	      "  g N: go to iteration N; g last: the last iteration; "
	      "g end: the last operation\n"
	      "  e: the last operation\n"
	      "  ?: these commands\n"
	      "  q: quit; your place is saved\n"
	      "When a question waits, type your answer; s skips it.\n",
	      out);
}

/* Reads one line without its newline; false at EOF. */
static bool read_line(FILE *in, char *buf, size_t cap)
{
	if (!fgets(buf, (int)cap, in))
		return false;
	size_t n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(in)) {
		/* Overlong: drop the rest of it. */
		int c;
		while ((c = fgetc(in)) != EOF && c != '\n')
			;
	}
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
	             buf[n - 1] == ' '))
		buf[--n] = '\0';
	return true;
}

/* What the loop does after a line: stop, read the next line, or show the
 * operation (and the message) first. */
enum next { NEXT_QUIT, NEXT_READ, NEXT_SHOW };

/* The one-letter commands that are an action of the key table. */
static const struct {
	const char *line;
	enum action act;
} commands[] = {
	{"", DO_NEXT_OP},  {"b", DO_PREV_OP},    {"p", DO_PREV_OP},
	{"n", DO_NEXT_PHASE}, {"i", DO_NEXT_ITER}, {"e", DO_LAST},
};

/* Whether line is a command that moves on (which a question holds). */
static bool moves_on(const char *line)
{
	if (line[0] == 'g')
		return true;
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(line, commands[i].line) == 0)
			return commands[i].act != DO_PREV_OP;
	return false;
}

/* A line while a question waits: an answer, s to skip, b to go back. */
static enum next answer_line(struct plain *p, const char *line)
{
	struct app *a = p->a;
	if (strcmp(line, "q") == 0)
		return NEXT_QUIT;
	if (strcmp(line, "?") == 0) {
		print_help(p->out);
		return NEXT_READ;
	}
	if (strcmp(line, "b") == 0 || strcmp(line, "p") == 0) {
		action_do(a, DO_PREV_OP);
		return NEXT_SHOW;
	}
	if (!line[0]) {
		fputs("  Type your answer, or s to skip.\n", p->out);
		return NEXT_READ;
	}
	if (moves_on(line)) {
		fputs("  Answer first: type a number and press Enter, or s to "
		      "skip.\n", p->out);
		return NEXT_READ;
	}
	if (strcmp(line, "s") == 0) {
		predict_key(a, 27);
	} else {
		size_t n = strlen(line);
		if (n >= sizeof a->input)
			n = sizeof a->input - 1; /* no number is that long */
		memcpy(a->input, line, n);
		a->input[n] = '\0';
		a->input_len = n;
		predict_key(a, '\n');
		if (a->q_active) {
			/* Not a number, or wrong once: the hint, then again. */
			const struct cue *c = &a->lesson.cues[a->q_cue];
			bool tried = a->q_tries > 0;
			print_msg(p);
			if (tried && c->hint)
				flat(p->out, "  Hint: ", c->hint);
			return NEXT_READ;
		}
	}
	print_msg(p);
	return NEXT_READ;
}

/* A line when no question waits: a command. */
static enum next command_line(struct plain *p, const char *line)
{
	struct app *a = p->a;
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(line, commands[i].line) == 0) {
			action_do(a, commands[i].act);
			return NEXT_SHOW;
		}
	if (line[0] == 'g') {
		if (move_goto(a, line + 1) == 0)
			return NEXT_SHOW;
		/* An empty or bad entry moves nowhere: its message only. */
		print_msg(p);
		return NEXT_READ;
	}
	if (strcmp(line, "q") == 0)
		return NEXT_QUIT;
	if (strcmp(line, "?") == 0 || strcmp(line, "h") == 0) {
		print_help(p->out);
		return NEXT_READ;
	}
	double v;
	if (predict_parse(line, &v) == 0)
		fputs("  No question is waiting; g N goes to iteration N.\n",
		      p->out);
	else
		fprintf(p->out, "  Unknown command '%s'; ? lists them.\n", line);
	return NEXT_READ;
}

/* The offer to resume at the saved place, as the player's resume box
 * makes it (the same keys); false at the end of input or on q. */
static bool resume_offer(struct plain *p)
{
	struct app *a = p->a;
	char line[512];
	struct view v;
	app_view(a, &v);
	resume_overlay_text(line, sizeof line, &v);
	fprintf(p->out, "%s\n", line);
	for (;;) {
		fputs("Resume there? Enter or y: resume; n: start over; q: "
		      "quit.\n", p->out);
		fflush(p->out);
		if (app_signal || !read_line(p->in, line, sizeof line))
			return false;
		int key = !line[0] ? '\n' : line[1] ? 0 : line[0];
		if (key == '\n' || key == 'y' || key == 'Y' || key == 'n' ||
		    key == 'N' || key == 'q') {
			action_key(a, key);
			return !a->quit;
		}
	}
}

/* Reads and obeys lines until q, the end of input or a signal. */
static void command_loop(struct plain *p)
{
	struct app *a = p->a;
	char line[256];
	print_op(p);
	print_msg(p);
	for (;;) {
		fflush(p->out);
		if (app_signal || a->quit || !read_line(p->in, line, sizeof line))
			return;
		enum next n = a->q_active ? answer_line(p, line)
		                          : command_line(p, line);
		if (n == NEXT_QUIT)
			return;
		if (n == NEXT_SHOW) {
			print_op(p);
			print_msg(p);
		}
	}
}

int plain_run(struct app *a, FILE *in, FILE *out)
{
	struct plain p = {a, in, out, -1, -1, -1};
	fprintf(out, "%s\n", a->lesson.title);
	if (a->lesson.source)
		flat(out, "Source: ", a->lesson.source);
	if (a->notice[0])
		fprintf(out, "note: %s\n", a->notice);
	a->msg[0] = '\0';
	fputs("Enter alone: the next operation; ?: the commands; q: quit.\n",
	      out);
	if (a->mode != MODE_RESUME || resume_offer(&p))
		command_loop(&p);
	if (a->state.n)
		fprintf(out, "Score: %zu right out of %zu question%s.\n",
		        state_right(&a->state), a->state.n,
		        a->state.n == 1 ? "" : "s");
	fflush(out);
	app_save(a);
	if (a->msg[0])
		fprintf(stderr, "nntrace: %s\n", a->msg);
	if (app_signal)
		return 128 + (int)app_signal;
	return a->status;
}
