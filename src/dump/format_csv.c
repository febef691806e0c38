#include "dump/format_csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dump/handout.h"
#include "dump/iteration.h"
#include "render/numfmt.h"

static bool needs_quotes(const char *s, size_t n)
{
	return memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
	       memchr(s, '\r', n);
}

size_t format_csv_field(char *out, const char *s, size_t n)
{
	if (!needs_quotes(s, n)) {
		memcpy(out, s, n);
		return n;
	}
	size_t len = 0;
	out[len++] = '"';
	for (size_t i = 0; i < n; i++) {
		out[len++] = s[i];
		if (s[i] == '"')
			out[len++] = '"';
	}
	out[len++] = '"';
	return len;
}

/* A field as format_csv_field writes it.  Most fields need no quotes and
 * go out as they are; a quoted one is built on the stack (or, past 4 KiB,
 * the heap: formulas can be long). */
static void put_field(struct handout *h, const char *s, size_t n)
{
	if (!needs_quotes(s, n)) {
		writer_put(&h->w, s, n);
		return;
	}
	char stack[4096];
	char *q = 2 * n + 2 <= sizeof stack ? stack : malloc(2 * n + 2);
	if (!q) {
		handout_oom(h);
		return;
	}
	writer_put(&h->w, q, format_csv_field(q, s, n));
	if (q != stack)
		free(q);
}

/* A worksheet's and a key's CSV add the exercise's number. */
static void start(struct handout *h)
{
	writer_str(&h->w, "iteration,phase,step,op,target,value,formula");
	writer_str(&h->w, h->variant == DUMP_PLAIN ? "\n" : ",exercise\n");
}

/* A row per operation. */
static int iteration(struct handout *h, const struct step_result *res,
                     struct diags *d)
{
	(void)res;
	if (h->variant != DUMP_PLAIN && iteration_cues(h, d))
		return -1;
	const struct trace *t = &h->t;
	char head[128], name[LESSON_NAME_MAX + 48], value[40];
	for (size_t i = 0; i < t->n_ops && !h->w.err; i++) {
		const struct op *op = &t->ops[i];
		/* "iteration,phase,step,op," and later ",value,", by hand:
		 * printf was a third of a CSV handout's time. */
		size_t hn = numfmt_decimal(head, (unsigned long long)t->iteration);
		head[hn++] = ',';
		writer_put(&h->w, head, hn);
		writer_str(&h->w, phase_name((enum phase)op->phase));
		hn = 0;
		head[hn++] = ',';
		hn += numfmt_decimal(head + hn, i);
		head[hn++] = ',';
		writer_put(&h->w, head, hn);
		writer_str(&h->w, op_kind_name((enum op_kind)op->kind));
		writer_put(&h->w, ",", 1);
		size_t nn = formula_cell_name(name, sizeof name, h->net,
		                              (struct cell_ref){op->tensor,
		                                                op->index});
		put_field(h, name, nn);
		size_t vn = 1;
		value[0] = ',';
		const struct exercise *x = handout_exercise_at(h, t, i);
		if (x && h->variant == DUMP_WORKSHEET) {
			/* the value left blank */
		} else if (isnan(op->value)) { /* never "-nan" */
			memcpy(value + vn, "nan", 3);
			vn += 3;
		} else {
			vn += numfmt_g17(value + vn, sizeof value - 2, op->value);
		}
		value[vn++] = ',';
		writer_put(&h->w, value, vn);
		long fl = handout_shown_formula(h, t, i);
		if (fl < 0)
			return 0;
		put_field(h, h->fbuf, (size_t)fl);
		if (h->variant != DUMP_PLAIN)
			writer_fmt(&h->w, ",%.0d", x ? x->number : 0);
		writer_put(&h->w, "\n", 1);
	}
	return 0;
}

const struct handout_format format_csv = {
	.start = start,
	.iteration = iteration,
	.prose = false,
	.max_terms = 0, /* every term */
};
