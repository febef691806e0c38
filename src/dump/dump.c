/* The driver of a handout: which iterations it shows, the engine run up
 * to each (untraced, with one line for the stretch and a progress bar on
 * stderr) and through it (traced, written by the format), then the
 * closing sections and the stream's last errors. */
#include "dump/dump.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dump/format_csv.h"
#include "dump/format_html.h"
#include "dump/format_markdown.h"
#include "dump/format_text.h"
#include "dump/handout.h"
#include "dump/iterlist.h"
#include "dump/predictions_section.h"
#include "dump/reports.h"
#include "dump/summary.h"

static const struct handout_format *const formats[] = {
	[DUMP_TEXT] = &format_text,
	[DUMP_MARKDOWN] = &format_markdown,
	[DUMP_CSV] = &format_csv,
	[DUMP_HTML] = &format_html,
};

struct dump {
	struct handout h;
	const struct dump_options *o;
	/* The progress bar on stderr. */
	double t_start, t_shown;
	bool bar_on;
};

/* A stretch of iterations run untraced. */
struct stretch {
	long from, to;          /* to: the last one completed */
	double first_loss, last_loss;
	bool stopped;           /* a non-finite value ended it */
};

int dump_check_iterations(const char *list, char *err, size_t cap)
{
	return iterlist_parse(list, NULL, err, cap) < 0 ? -1 : 0;
}

int dump_check_options(const struct dump_options *o, char *err, size_t cap)
{
	const char *why = NULL;
	bool ascii_art = o->plots == DUMP_PLOTS_ASCII ||
	                 o->plots == DUMP_PLOTS_BRAILLE;
	if (o->page_length && o->format != DUMP_TEXT)
		why = "pages (--print, --page-length) are for text handouts; "
		      "an HTML handout prints with its own page breaks";
	else if (o->page_length &&
	         (o->page_length < DUMP_PAGE_MIN || o->page_length > DUMP_PAGE_MAX))
		why = "--page-length takes a whole number from 20 to 10000";
	else if (o->plots != DUMP_PLOTS_AUTO && o->format == DUMP_CSV)
		why = "a CSV handout has no plots (--plots)";
	else if (ascii_art && o->format == DUMP_HTML)
		why = "an HTML handout draws its plots in SVG (--plots none "
		      "leaves them out)";
	else if (o->plots == DUMP_PLOTS_BRAILLE && !o->utf8)
		why = "braille plots (--plots braille) need a UTF-8 locale";
	if (why)
		snprintf(err, cap, "%s", why);
	return why ? -1 : 0;
}

/* =====================================================================
 * Progress
 * ===================================================================== */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "\r[#####     ] 45% 12345 it/s 2s left" on stderr, from the third of a
 * second on (short runs stay silent) and at most ten times a second. */
static void progress(struct dump *D, long done, long total)
{
	double t = now_seconds();
	double el = t - D->t_start;
	if (el < 0.3 || t - D->t_shown < 0.1)
		return;
	D->t_shown = t;
	D->bar_on = true;
	double rate = done / (el > 0 ? el : 1e-9);
	double left = rate > 0 ? (total - done) / rate : 0;
	int pct = (int)(100.0 * done / (total ? total : 1));
	char bar[11];
	for (int i = 0; i < 10; i++)
		bar[i] = i < pct / 10 ? '#' : ' ';
	bar[10] = '\0';
	fprintf(stderr, "\r[%s] %d%% %.0f it/s %.0fs left ", bar, pct, rate,
	        left);
	fflush(stderr);
}

static void progress_end(struct dump *D)
{
	if (!D->bar_on)
		return;
	fprintf(stderr, "\r%50s\r", "");
	fflush(stderr);
	D->bar_on = false;
}

/* =====================================================================
 * Running
 * ===================================================================== */

/* Runs the engine's next iteration traced and has the format show it. */
static int traced(struct dump *D, struct diags *d)
{
	struct handout *h = &D->h;
	struct step_result r;
	long it = h->e.iteration;
	if (engine_step(&h->e, &h->t, &r) || h->t.oom) {
		diags_add(d, h->l->path, 0, 0, EXIT_SOFTWARE,
		          "out of memory tracing iteration %ld", it);
		return -1;
	}
	if (r.nonfinite) {
		h->stopped = true;
		h->stop_iter = it;
	} else {
		summary_note(h, it, &r);
	}
	handout_layouts(h);
	return h->fmt->iteration(h, &r, d);
}

/* Runs iterations s->from to s->to untraced, keeping their reports; a
 * non-finite value ends the stretch before its iteration.  Returns 0 or
 * -1 (out of memory). */
static int run_stretch(struct dump *D, struct stretch *s, struct diags *d)
{
	struct handout *h = &D->h;
	long total = s->to - s->from + 1;
	D->t_start = now_seconds();
	D->t_shown = 0;
	while (h->e.iteration <= s->to) {
		long it = h->e.iteration;
		struct step_result r;
		if (engine_step(&h->e, NULL, &r)) {
			diags_add(d, h->l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
		if (r.nonfinite) {
			s->to = it - 1;
			s->stopped = true;
			break;
		}
		summary_note(h, it, &r);
		if (it == s->from)
			s->first_loss = r.loss;
		s->last_loss = r.loss;
		if (h->fmt->prose && reports_queue(h, it, &r)) {
			diags_add(d, h->l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
		if (D->o->progress && ((it - s->from) & 15) == 15)
			progress(D, it - s->from + 1, total);
	}
	return 0;
}

/* The one line that stands for a stretch, with the loss at both ends,
 * then its reports. */
static void stretch_line(struct handout *h, const struct stretch *s)
{
	char a[48], b[48], line[256];
	handout_scalar(h, a, sizeof a, s->first_loss);
	handout_scalar(h, b, sizeof b, s->last_loss);
	if (s->to > s->from)
		snprintf(line, sizeof line,
		         "%s iterations %ld-%ld run without printing (loss %s %s "
		         "%s)", h->g->ell, s->from, s->to, a, h->g->arrow, b);
	else
		snprintf(line, sizeof line,
		         "%s iteration %ld runs without printing (loss %s)",
		         h->g->ell, s->from, a);
	writer_gap(&h->w);
	handout_prose(h, "", 2, line);
	reports_flush(h);
}

/* Runs iterations up to and including `to` without tracing.  A
 * non-finite value ends the run there: that iteration is run again
 * traced, to show where training stopped.  Returns 0 or -1 (out of
 * memory). */
static int untraced(struct dump *D, long to, struct diags *d)
{
	struct handout *h = &D->h;
	struct stretch s = {h->e.iteration, to, 0, 0, false};
	int rc = run_stretch(D, &s, d);
	progress_end(D);
	if (rc)
		return -1;
	if (h->fmt->prose && s.to >= s.from)
		stretch_line(h, &s);
	return s.stopped ? traced(D, d) : 0;
}

/* An answer key ends with its answers, in a list. */
static void answers_write(struct handout *h)
{
	handout_section(h, "Answers");
	writer_gap(&h->w);
	if (!h->n_ex)
		handout_line(h, "", 0, "The iterations shown set no exercise.");
	for (size_t i = 0; i < h->n_ex && !h->w.err; i++) {
		handout_unit_begin(h);
		h->fmt->answer(h, &h->ex[i]);
		handout_unit_end(h);
	}
}

/* The shown iterations, then, in a prose format, the run to the end
 * (reports included) and the trained network; a CSV holds only the
 * shown iterations. */
static int run(struct dump *D, const struct iterlist_range *r, long nr,
               struct diags *d)
{
	struct handout *h = &D->h;
	h->fmt->start(h);
	for (long i = 0; i < nr && !h->stopped && !h->w.err; i++) {
		if (h->e.iteration < r[i].from && untraced(D, r[i].from - 1, d))
			return -1;
		while (!h->stopped && !h->w.err && h->e.iteration <= r[i].to)
			if (traced(D, d))
				return -1;
	}
	if (!h->fmt->prose || h->w.err)
		return 0;
	if (!h->stopped && h->e.iteration <= h->last &&
	    untraced(D, h->last, d))
		return -1;
	if (!h->w.err)
		summary_write(h);
	if (!h->w.err && h->l->n_test && predictions_section_write(h, d))
		return -1;
	if (h->variant == DUMP_ANSWERS)
		answers_write(h);
	if (h->fmt->end)
		h->fmt->end(h);
	return 0;
}

/* =====================================================================
 * Entry point
 * ===================================================================== */

/* The iterations to show: the user's list, else the lesson's, else the
 * ends; resolved against the lesson.  Returns the ranges (the caller
 * frees them) with their number in *n, or NULL with an error in d. */
static struct iterlist_range *choose(const struct lesson *l,
                                     const struct dump_options *o, long *n,
                                     struct diags *d)
{
	const char *list = o->iterations ? o->iterations
	                   : l->handout  ? l->handout
	                                 : "0,last";
	char err[256];
	long past, last = l->iterations - 1;
	struct iterlist_range *r = malloc(iterlist_items(list) * sizeof *r);
	if (!r) {
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
		return NULL;
	}
	*n = iterlist_parse(list, r, err, sizeof err);
	if (*n >= 0 && (*n = iterlist_resolve(r, *n, last, &past)) < 0)
		snprintf(err, sizeof err, "iteration %ld is past the last (%ld)",
		         past, last);
	if (*n < 0) {
		int code = o->iterations ? EXIT_USAGE : EXIT_DATAERR;
		diags_add(d, l->path, 0, 0, code, "%s%s", err,
		          o->iterations ? "" : " (the lesson's handout list)");
		free(r);
		return NULL;
	}
	return r;
}

/* =====================================================================
 * The size of a handout
 * ===================================================================== */

/* Bytes of a handout's pieces: rounded averages of the bundled lessons'
 * handouts (their formulas hold up to FORMAT_MAX_TERMS terms, so a line
 * does not grow with a layer's width).  test_dump holds the estimate to
 * within a factor of two of what dump_write writes. */
#define EST_OP_LINE 90     /* an operation shown in text or Markdown */
#define EST_CSV_ROW 110    /* an operation's CSV row */
#define EST_CELL 12        /* a number of an array shown */
#define EST_ROW 12         /* a row of an array: indent, brackets */
#define EST_ARRAY 40       /* an array's name and brackets */
#define EST_ELIDED 70      /* "... 992 more operations on ..." */
#define EST_ITERATION 300  /* banner, phase headings, blank lines */
#define EST_STRETCH 120    /* the line for iterations run untraced */
#define EST_REPORT 30      /* a report's value and line break */
#define EST_SAMPLE 70      /* a row of the predictions table */
#define EST_SECTIONS 6000  /* header, summary, loss table, plots */
#define EST_HTML 1.9       /* HTML's bytes for one of text's */

/* The bytes of a tensor's array as a handout shows it: numpy's summary
 * keeps the first and last three of each axis beyond `threshold` cells
 * (handout.h's HANDOUT_THRESHOLD, or none with --full), and each row of
 * a matrix starts a line. */
static double array_bytes(const struct tensor *t, size_t threshold)
{
	double rows = (double)t->rows, cols = (double)t->cols;
	if (t->vector) { /* written 1-D, on as few lines as fit */
		cols *= rows;
		rows = 1;
	}
	if (t->rows * t->cols > threshold) {
		rows = rows > 6 ? 6 : rows;
		cols = cols > 6 ? 6 : cols;
	}
	return EST_ARRAY + rows * (EST_ROW + EST_CELL * cols);
}

/* One shown iteration in format f. */
static double iteration_bytes(const struct net *n, enum dump_format f,
                              size_t th)
{
	double b = f == DUMP_CSV ? 0 : EST_ITERATION;
	for (size_t i = 0; i < n->n_tensors; i++) {
		const struct tensor *t = &n->tensors[i];
		double cells = (double)(t->rows * t->cols);
		if (t->given) {
			/* The parameters an iteration starts with. */
			if (f != DUMP_CSV && (size_t)t->offset < n->n_params)
				b += array_bytes(t, th);
		} else if (f == DUMP_CSV) {
			b += EST_CSV_ROW * cells;
		} else {
			/* iteration.c: beyond BIG_TENSOR (64) cells, the first
			 * and last BIG_EDGE (2) operations */
			bool big = cells > 64;
			b += EST_OP_LINE * (big ? 4 : cells) +
			     (big ? EST_ELIDED : 0) +
			     (cells > 1 ? array_bytes(t, th) : 0);
		}
	}
	return b;
}

/* What prose adds around the iterations: the header and summary, the
 * data once, narration, reports, predictions. */
static double prose_bytes(const struct net *n, double shown, size_t th)
{
	const struct lesson *l = n->lesson;
	double b = EST_SECTIONS + array_bytes(&n->tensors[n->input], th) +
	           array_bytes(&n->tensors[n->target], th);
	b += (l->description ? strlen(l->description) : 0) +
	     (l->source ? strlen(l->source) : 0);
	for (size_t i = 0; i < l->n_cues; i++) {
		const struct cue *c = &l->cues[i];
		double len = (double)(c->text ? strlen(c->text) : 0) +
		             (double)(c->hint ? strlen(c->hint) : 0);
		b += len * (c->sel.every_iteration ? shown : 1);
	}
	for (size_t i = 0; i < l->n_reports; i++) {
		const struct report *r = &l->reports[i];
		double count = (double)(l->iterations / r->every + 1);
		b += count * (EST_REPORT + (double)strlen(r->label));
	}
	return b + EST_SAMPLE * (double)l->n_test;
}

/* dump_estimate with the threshold of the arrays shown. */
static double estimate(const struct net *n, enum dump_format f,
                       const char *list, size_t th)
{
	const struct lesson *l = n->lesson;
	list = list ? list : l->handout ? l->handout : "0,last";
	struct iterlist_range *r = malloc(iterlist_items(list) * sizeof *r);
	char err[8];
	long past, nr = r ? iterlist_parse(list, r, err, sizeof err) : -1;
	if (nr >= 0)
		nr = iterlist_resolve(r, nr, l->iterations - 1, &past);
	double shown = 0;
	for (long i = 0; i < nr; i++)
		shown += (double)(r[i].to - r[i].from + 1);
	free(r);
	if (nr < 0)
		return -1;
	double b = shown * iteration_bytes(n, f, th);
	if (f != DUMP_CSV)
		b += prose_bytes(n, shown, th) + EST_STRETCH * (double)(nr + 1);
	/* HTML says the same as text in tags: tables, ids, the styles, the
	 * SVG. */
	return f == DUMP_HTML ? b * EST_HTML : b;
}

double dump_estimate(const struct net *n, enum dump_format f,
                     const char *list)
{
	return estimate(n, f, list, HANDOUT_THRESHOLD);
}

/* "63.4 GiB", "1.0 GiB", "512 MiB": a size as people read it. */
static void size_text(char *buf, size_t cap, double bytes)
{
	if (bytes >= 0x1p30)
		snprintf(buf, cap, "%.1f GiB", bytes / 0x1p30);
	else
		snprintf(buf, cap, "%.0f MiB", bytes / 0x1p20);
}

/* The error for a handout of `bytes` past the cap, at (line, col) of
 * `file`; `how` says what would shorten it. */
static void too_large(struct diags *d, const char *file, int line, int col,
                      int code, double bytes, const char *how)
{
	char size[32], cap[32];
	size_text(size, sizeof size, bytes);
	size_text(cap, sizeof cap, (double)DUMP_MAX_BYTES);
	diags_add(d, file, line, col, code, "the handout would be about %s, "
	          "more than the %s (DUMP_MAX_BYTES) written without --force: "
	          "%s", size, cap, how);
}

int dump_check_size(const struct net *n, struct diags *d)
{
	const struct lesson *l = n->lesson;
	double most = 0;
	for (int f = 0; f < DUMP_FORMAT_COUNT; f++) {
		double b = dump_estimate(n, (enum dump_format)f, NULL);
		most = b > most ? b : most;
	}
	if (most <= (double)DUMP_MAX_BYTES)
		return 0;
	too_large(d, l->path, l->handout_pos.line, l->handout_pos.col,
	          EXIT_DATAERR, most, "list fewer iterations");
	return 1;
}

/* Writes out what is left and reads the stream's verdict.  Returns 0 or
 * -1 with the error in d. */
static int finish(struct dump *D, FILE *out, struct diags *d)
{
	struct writer *w = &D->h.w;
	writer_flush(w);
	errno = 0;
	if (!w->err && fflush(out))
		w->err = errno ? errno : EIO;
	if (!w->err && ferror(out))
		w->err = EIO;
	if (w->err == EPIPE) {
		/* The reader stopped (nntrace dump ... | head): nothing is
		 * wrong with the handout. */
		clearerr(out);
		return 0;
	}
	if (w->err) {
		diags_add(d, D->o->out_name ? D->o->out_name : "", 0, 0,
		          EXIT_IOERR, "write error: %s", strerror(w->err));
		return -1;
	}
	return 0;
}

int dump_write(FILE *out, const struct net *n, const struct dump_options *o,
               struct diags *d)
{
	const struct lesson *l = n->lesson;
	struct dump D = {.o = o};
	long nr;
	struct iterlist_range *ranges = choose(l, o, &nr, d);
	if (!ranges)
		return -1;
	double bytes = estimate(n, o->format, o->iterations,
	                        o->full ? (size_t)-1 : HANDOUT_THRESHOLD);
	if (!o->force && bytes > (double)DUMP_MAX_BYTES) {
		too_large(d, l->path, o->iterations ? 0 : l->handout_pos.line,
		          o->iterations ? 0 : l->handout_pos.col,
		          o->iterations ? EXIT_USAGE : EXIT_DATAERR, bytes,
		          o->iterations ? "choose fewer --iterations, or add "
		                          "--force" : "list fewer iterations in "
		                          "its 'handout' line, choose them with "
		                          "--iterations, or add --force");
		free(ranges);
		return -1;
	}
	int rc = -1;
	if (handout_init(&D.h, out, n, formats[o->format], o)) {
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
		goto cleanup;
	}
	summary_start(&D.h);
	if (run(&D, ranges, nr, d) == 0)
		rc = finish(&D, out, d);
cleanup:
	progress_end(&D);
	/* What was written before a failure goes out, as it did
	 * unbuffered. */
	handout_free(&D.h);
	free(ranges);
	return rc;
}
