/* reports: the lesson's `report` lines ("Error:0.49... (iteration 1000)"),
 * as the seed's program prints them while it trains.  Reports due at a
 * traced iteration are written with it; those of an untraced stretch
 * wait for the stretch's line (dump.c) and follow it. */
#ifndef NNTRACE_REPORTS_H
#define NNTRACE_REPORTS_H

struct handout;
struct step_result;

/* Writes the reports due at iteration `it`. */
void reports_due(struct handout *h, long it, double loss, double accuracy);

/* Keeps the reports due at iteration `it` of an untraced stretch (a long
 * queue is written out early, to bound memory).  Returns 0 or -1 (out of
 * memory). */
int reports_queue(struct handout *h, long it, const struct step_result *r);

/* Writes the kept reports, after a blank line, and forgets them. */
void reports_flush(struct handout *h);

#endif
