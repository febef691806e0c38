#include "dump/reports.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "dump/format.h"
#include "dump/handout.h"
#include "render/numfmt.h"

/* Report lines of one untraced stretch kept before they are written
 * ahead of the stretch's line (keeps memory bounded when a lesson
 * reports every iteration of a long run). */
#define REPORTS_KEPT 65536

static bool due(const struct report *rp, long it)
{
	return rp->every > 0 && it % rp->every == 0;
}

static void report_line(struct handout *h, long it, size_t r, double value)
{
	const struct report *rp = &h->l->reports[r];
	char num[32], line[512];
	numfmt_repr(num, sizeof num, value);
	const char *label = rp->label ? rp->label : "";
	size_t n = strlen(label);
	/* "Error:0.49..." as the seed's program prints it; a label ending
	 * in a letter gets a space. */
	bool space = n && isalnum((unsigned char)label[n - 1]);
	snprintf(line, sizeof line, "%s%s%s (iteration %ld)", label,
	         space ? " " : "", num, it);
	h->fmt->report(h, line);
}

void reports_due(struct handout *h, long it, double loss, double accuracy)
{
	bool any = false;
	for (size_t r = 0; r < h->l->n_reports; r++) {
		const struct report *rp = &h->l->reports[r];
		if (!due(rp, it))
			continue;
		if (!any) {
			writer_gap(&h->w);
			h->fmt->reports_title(h);
			any = true;
		}
		report_line(h, it, r,
		            rp->what == REPORT_ACCURACY ? accuracy : loss);
	}
}

int reports_queue(struct handout *h, long it, const struct step_result *r)
{
	for (size_t k = 0; k < h->l->n_reports; k++) {
		const struct report *rp = &h->l->reports[k];
		if (!due(rp, it))
			continue;
		if (h->n_reps == REPORTS_KEPT)
			reports_flush(h);
		struct pending_report *p = grow(h->reps, &h->cap_reps,
		                                h->n_reps + 1, sizeof *p, 64);
		if (!p)
			return -1;
		h->reps = p;
		h->reps[h->n_reps++] = (struct pending_report){
			it, k, rp->what == REPORT_ACCURACY ? r->accuracy : r->loss};
	}
	return 0;
}

void reports_flush(struct handout *h)
{
	for (size_t i = 0; i < h->n_reps; i++) {
		if (i == 0)
			writer_gap(&h->w);
		report_line(h, h->reps[i].iteration, h->reps[i].report,
		            h->reps[i].value);
	}
	h->n_reps = 0;
}
