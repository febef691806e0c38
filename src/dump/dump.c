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
