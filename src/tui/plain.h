/* plain: the accessible player.  One operation per line on stdout, no
 * escape codes; commands are lines on stdin (Enter = next, b = back,
 * q = quit, a number answers a question).  Reads until EOF, then stops
 * cleanly, like the curses player saving the student's place. */
#ifndef NNTRACE_TUI_PLAIN_H
#define NNTRACE_TUI_PLAIN_H

#include <stdio.h>

#include "tui/app.h"

/* Plays the lesson a has open, reading commands from in and writing to
 * out.  Returns the exit status (128 + the signal that stopped it). */
int plain_run(struct app *a, FILE *in, FILE *out);

#endif
