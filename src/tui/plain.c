#include "tui/plain.h"

#include <stdlib.h>
#include <string.h>

#include "render/formula.h"
#include "tui/action.h"
#include "tui/predict.h"
#include "tui/panes/op_pane.h"
#include "tui/panes/plans.h"

#define PLAIN_CALC_MAX 8192

/* Prints text on one line (newlines in narration become spaces). */
static void flat(FILE *out, const char *prefix, const char *s)
{
	fputs(prefix, out);
	for (; s && *s; s++)
		fputc(*s == '\n' ? ' ' : *s, out);
	fputc('\n', out);
}

static void print_op(struct app *a, FILE *out)
{
	const struct trace *t = &a->cur.trace;
	if (!t->n_ops)
		return;
	size_t step = a->cur.step;
	const struct op *op = cursor_op(&a->cur);
	struct formula_style fs = {.precision = a->precision, .utf8 = a->utf8,
	                           .max_terms = 12};
	plans_style(a->plans, t, a->precision, &fs);
	char sym[1024], calc[PLAIN_CALC_MAX];
	formula_symbolic(sym, sizeof sym, t, step, &fs);
	formula_numeric(calc, sizeof calc, t, step, &fs);
	if (a->q_active)
		op_pane_hide_result(calc, sizeof calc);
	fprintf(out, "iteration %ld, operation %zu of %zu, %s: %s = %s\n",
	        t->iteration, step + 1, t->n_ops,
	        phase_name((enum phase)op->phase), sym, calc);
	const struct cue_at *first;
	size_t n = script_at(&a->script, step, &first);
	for (size_t i = 0; i < n; i++) {
		const struct cue *c = &a->lesson.cues[first[i].cue];
		if (c->kind == CUE_PREDICT) {
			if (a->q_active && a->q_cue == first[i].cue) {
				flat(out, "  Question: ", c->text);
				fputs("  Type your answer and press Enter (s "
				      "skips).\n",
				      out);
			}
		} else if (c->text) {
			flat(out, "  ", c->text);
		}
	}
}

static void print_msg(struct app *a, FILE *out)
{
	if (a->msg[0])
		fprintf(out, "  %s\n", a->msg);
	a->msg[0] = '\0';
}

static void print_help(FILE *out)
{
	fputs("Commands: Enter next operation, b back, n next phase, "
	      "i next iteration, g N go to iteration N, e end, q quit.\n"
	      "When a question waits: type a number and Enter; s skips.\n",
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

/* A key for the question (predict_key), performing an action it lets
 * through, as the curses player does. */
static void answer_key(struct app *a, int key)
{
	int act = predict_key(a, key);
	if (act >= 0)
		action_do(a, (enum action)act);
}

/* A line while a question waits: an answer, s to skip, b to go back. */
static enum next answer_line(struct app *a, const char *line, FILE *out)
{
	if (strcmp(line, "q") == 0)
		return NEXT_QUIT;
	if (strcmp(line, "b") == 0) {
		action_do(a, DO_PREV_OP);
	} else if (!line[0]) {
		fputs("  Type your answer, or s to skip.\n", out);
		return NEXT_READ;
	} else if (strcmp(line, "s") == 0) {
		answer_key(a, 27);
	} else {
		a->input_len = 0;
		for (const char *p = line; *p; p++)
			answer_key(a, (unsigned char)*p);
		answer_key(a, '\n');
		if (a->q_active) {
			/* Wrong once: the hint, then again. */
			print_msg(a, out);
			const struct cue *c = &a->lesson.cues[a->q_cue];
			if (c->hint)
				flat(out, "  Hint: ", c->hint);
			return NEXT_READ;
		}
	}
	print_msg(a, out);
	if (!a->q_active && a->mode == MODE_NORMAL && strcmp(line, "b") != 0)
		return NEXT_READ;
	print_op(a, out);
	return NEXT_READ;
}

/* The one-letter commands that are an action of the key table. */
static const struct {
	const char *line;
	enum action act;
} commands[] = {
	{"", DO_NEXT_OP},  {"b", DO_PREV_OP},    {"p", DO_PREV_OP},
	{"n", DO_NEXT_PHASE}, {"i", DO_NEXT_ITER}, {"e", DO_LAST},
};

/* "g N": go to iteration N, as typing N and Enter in the player. */
static enum next goto_line(struct app *a, const char *line, FILE *out)
{
	char *end;
	long it = strtol(line + 1, &end, 10);
	if (end == line + 1 || *end) {
		fputs("  g needs an iteration number, like g 12\n", out);
		return NEXT_READ;
	}
	snprintf(a->input, sizeof a->input, "%ld", it);
	a->input_len = strlen(a->input);
	a->mode = MODE_GOTO;
	action_key(a, '\n');
	return NEXT_SHOW;
}

/* A line when no question waits: a command. */
static enum next command_line(struct app *a, const char *line, FILE *out)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(line, commands[i].line) == 0) {
			action_do(a, commands[i].act);
			return NEXT_SHOW;
		}
	if (line[0] == 'g')
		return goto_line(a, line, out);
	if (strcmp(line, "q") == 0)
		return NEXT_QUIT;
	if (strcmp(line, "?") == 0 || strcmp(line, "h") == 0) {
		print_help(out);
		return NEXT_READ;
	}
	double v;
	if (predict_parse(line, &v) == 0)
		fputs("  No question is waiting; g N goes to iteration N.\n",
		      out);
	else
		fprintf(out, "  Unknown command '%s'; ? lists them.\n", line);
	return NEXT_READ;
}

/* The offer to resume at the saved place; false at the end of input. */
static bool resume_offer(struct app *a, FILE *in, FILE *out)
{
	char line[256];
	fprintf(out,
	        "You left off at iteration %ld, operation %ld. Resume "
	        "there? (Enter = yes, n = start over)\n",
	        a->state.iteration, a->state.step + 1);
	fflush(out);
	if (!read_line(in, line, sizeof line))
		return false;
	a->mode = MODE_NORMAL;
	if (line[0] == 'n' || line[0] == 'N') {
		state_free(&a->state);
		app_moved(a, true);
	} else {
		action_key(a, 'y');
	}
	return true;
}

/* Reads and obeys lines until q, the end of input or a signal. */
static void command_loop(struct app *a, FILE *in, FILE *out)
{
	char line[256];
	print_op(a, out);
	for (;;) {
		fflush(out);
		if (app_signal || a->quit || !read_line(in, line, sizeof line))
			return;
		enum next n = a->q_active ? answer_line(a, line, out)
		                          : command_line(a, line, out);
		if (n == NEXT_QUIT)
			return;
		if (n == NEXT_SHOW) {
			print_op(a, out);
			print_msg(a, out);
		}
	}
}

int plain_run(struct app *a, FILE *in, FILE *out)
{
	fprintf(out, "%s\n", a->lesson.title);
	if (a->notice[0])
		fprintf(out, "note: %s\n", a->notice);
	a->msg[0] = '\0';
	print_help(out);
	if (a->mode != MODE_RESUME || resume_offer(a, in, out))
		command_loop(a, in, out);
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
