/* plain: the accessible player, for pipes and screen readers.  Plain
 * text on stdout, one fact a line (an operation is four lines: where,
 * in words, in symbols, in numbers; then what the lesson says there), no
 * escape codes or box drawing; commands are lines on stdin (Enter =
 * next, b = back, g N, q = quit, a number answers a question).  Offers
 * to resume a saved place as the curses player does; reads until EOF,
 * then stops cleanly, saving the student's place. */
#ifndef NNTRACE_TUI_PLAIN_H
#define NNTRACE_TUI_PLAIN_H

#include <stdio.h>

#include "tui/app.h"

/* Plays the lesson a has open, reading commands from in and writing to
 * out.  Returns the exit status (128 + the signal that stopped it). */
int plain_run(struct app *a, FILE *in, FILE *out);

#endif
