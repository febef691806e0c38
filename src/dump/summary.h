/* summary: how a prose handout closes -- how training ended, the
 * parameters it left, the final loss, a table and a plot of the loss over
 * the run.  The driver notes each completed iteration as it runs. */
#ifndef NNTRACE_SUMMARY_H
#define NNTRACE_SUMMARY_H

struct handout;
struct step_result;

/* Prepares h's record of the run (after handout_init). */
void summary_start(struct handout *h);

/* Notes iteration `it` (completed, finite) for the table and the curve. */
void summary_note(struct handout *h, long it, const struct step_result *r);

/* Writes the summary, once training is over. */
void summary_write(struct handout *h);

#endif
