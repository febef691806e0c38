/* tui: the interactive player (ncurses) and its plain-text twin. */
#ifndef NNTRACE_TUI_H
#define NNTRACE_TUI_H

#include <stdbool.h>

#include "core/diag.h"

struct tui_options {
	const char *lesson;  /* path of the lesson file to open */
	const char *exe_dir; /* for finding bundled lessons (the lesson list) */
	bool plain;          /* `play --plain`: plain text, no curses */
	bool fresh;          /* ignore a saved position */
	bool no_color;       /* --no-color (NO_COLOR is read too) */
};

/* Runs the player until the student quits.  Returns the process exit
 * status (0, or a sysexits code with errors in d; 69 when stdout is not a
 * usable terminal). */
int tui_run(const struct tui_options *o, struct diags *d);

#endif
