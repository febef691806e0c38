/* lesson_list: the lessons the student may open from the player (the `o`
 * key) and the keys that choose one; tui/panes/list_overlay.h draws it. */
#ifndef NNTRACE_TUI_LESSON_LIST_H
#define NNTRACE_TUI_LESSON_LIST_H

#include <stddef.h>

#include "tui/app.h"

/* Scans the bundled lessons and *.lesson in the current folder into
 * a->entries, the open lesson selected.  Returns the number found. */
size_t lesson_list_scan(struct app *a);

/* Handles a key while the list shows: moving the selection, Enter to
 * open the lesson (saving the place in this one), Esc to go back.  The
 * row after the lessons, or typing '/', '.' or '~', starts typing a
 * path instead (relative to the current folder; "~/" is $HOME): Enter
 * opens it, Esc goes back to the list, an error keeps the path for
 * fixing. */
void lesson_list_key(struct app *a, int key);

#endif
