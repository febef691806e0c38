/* iteration: one traced iteration of a prose handout -- its title, the
 * data (the first time), the parameters it starts with, then every
 * operation as a hand calculation, phase by phase, with the lesson's
 * cues where they attach, each tensor's value after its operations and
 * the reports due. */
#ifndef NNTRACE_ITERATION_H
#define NNTRACE_ITERATION_H

#include "core/diag.h"

struct handout;
struct step_result;

/* Attaches the lesson's cues to h->t, the iteration just traced, and
 * numbers its exercises (worksheet, key).  Returns 0 or -1 with an error
 * in d (out of memory). */
int iteration_cues(struct handout *h, struct diags *d);

/* Writes h->t, the iteration the engine just traced, res what it
 * measured.  Returns 0 or -1 with an error in d (out of memory). */
int iteration_write(struct handout *h, const struct step_result *res,
                    struct diags *d);

#endif
