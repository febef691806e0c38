/* dump: handouts -- the trace of chosen iterations as text, Markdown, CSV
 * or HTML, from the same engine, trace and formulas the player shows. */
#ifndef NNTRACE_DUMP_H
#define NNTRACE_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "core/diag.h"
#include "dump/options.h"
#include "model/net.h"

/* Checks that the options go together (a worksheet is not also a key,
 * pages are for text, braille needs UTF-8, ...).  Returns 0, or -1 with
 * a message in err (cut to cap). */
int dump_check_options(const struct dump_options *o, char *err, size_t cap);

/* Checks the syntax of an iteration list: comma-separated items, each N,
 * A-B (A <= B) or "last", B possibly "last" ("100-last"); or the single
 * word "all".  Whether the iterations exist depends on the lesson and is
 * checked by dump_write.  Returns 0, or -1 with a message in err (always
 * terminated, cut to cap). */
int dump_check_iterations(const char *list, char *err, size_t cap);

/* The size in bytes of the handout of the network's lesson in format f
 * showing the iterations of `list` (NULL: the lesson's handout list),
 * worked out before anything runs from the network's shape: the
 * operations an iteration shows (every one in CSV; elsewhere the first
 * and last 2 of a tensor of more than 64 cells) times a line's usual
 * length, the arrays shown (summarised beyond HANDOUT_THRESHOLD cells;
 * dump_write counts them whole with --full), the reports, the sections
 * around them, and for HTML its tags.  An estimate, within a factor of
 * two of the bundled lessons' handouts (test_dump); -1 when the list is
 * not one dump_write takes. */
double dump_estimate(const struct net *n, enum dump_format f,
                     const char *list);

/* For `check`: an error at the lesson's `handout` line (code 65) when
 * the handout of its own list, in any format, is estimated past
 * DUMP_MAX_BYTES, as dump_write without force would refuse it.  Returns
 * the number of errors added (0 or 1). */
int dump_check_size(const struct net *n, struct diags *d);

/* Writes the handout of the network's lesson to out: the iterations of
 * o->iterations (or the lesson's handout list), in order, each once,
 * reached by running the engine untraced from iteration 0 and never
 * backwards.  Text and Markdown then run to the lesson's last iteration
 * for the reports and the closing summary; CSV stops after the last
 * shown iteration.  A non-finite value stops training: that iteration is
 * shown in full with where it happened, and the handout still counts as
 * complete (returns 0).  With o->progress, long untraced stretches draw
 * a progress bar on stderr (erased afterwards).  Unless o->force, a
 * handout dump_estimate puts past DUMP_MAX_BYTES is refused before
 * anything is written.  Returns 0, or -1 with an error in d: 64 for an
 * iteration past the last or a handout too large (65 when the list is
 * the lesson's), 70 when out of memory, 74 when writing fails.  A reader that
 * went away (EPIPE) is no error: the dump stops, clears out's error flag
 * and returns 0.  out is flushed but not closed. */
int dump_write(FILE *out, const struct net *n, const struct dump_options *o,
               struct diags *d);

#endif
