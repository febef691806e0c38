/* reload: the player's live reload of the lesson it shows.
 *
 * When the lesson file is saved again, the new text is loaded beside the
 * old; a lesson with errors leaves the old one on screen with its first
 * error on the status line (until a save fixes it), a good one replaces
 * it at the same iteration and operation, or the nearest that still
 * exists, keeping the answers given. */
#ifndef NNTRACE_TUI_RELOAD_H
#define NNTRACE_TUI_RELOAD_H

#include "tui/app.h"

/* Reloads a->path.  Returns 0 when the new text replaced the lesson, -1
 * when it kept the old one (a->reload_error says why) or ran out of
 * memory going back to the place (then quitting, as any move). */
int reload_lesson(struct app *a);

#endif
