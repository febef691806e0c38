/* action: what each action of the key table (tui/panes/keys.h) does to
 * the app, and what a key means in each mode -- the player's one
 * dispatcher.  The main loop hands it every key; the plain player calls
 * actions directly. */
#ifndef NNTRACE_TUI_ACTION_H
#define NNTRACE_TUI_ACTION_H

#include "tui/app.h"
#include "tui/panes/keys.h"

/* Performs an action of the key table (nothing but DO_QUIT before a
 * lesson is loaded). */
void action_do(struct app *a, enum action act);

/* Handles one key in the current mode. */
void action_key(struct app *a, int key);

#endif
