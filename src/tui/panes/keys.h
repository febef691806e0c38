/* keys: the one table that maps keys to actions and says what they do.
 *
 * tui/action.c dispatches through keys_action(); the help overlay and the
 * hint line are generated from the same table, so they cannot drift.  It
 * lives with the panes because they draw it. */
#ifndef NNTRACE_TUI_PANES_KEYS_H
#define NNTRACE_TUI_PANES_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum action {
	DO_NEXT_OP,
	DO_PREV_OP,
	DO_NEXT_PHASE,
	DO_PREV_PHASE,
	DO_NEXT_ITER,
	DO_PREV_ITER,
	DO_FIRST,
	DO_LAST,
	DO_GOTO,
	DO_RUN,
	DO_FASTER,
	DO_SLOWER,
	DO_NEXT_CUE,
	DO_PREV_CUE,
	DO_WHY,
	DO_TOGGLE_PLOT,
	DO_TOGGLE_NETWORK,
	DO_TOGGLE_PICTURE,
	DO_NEXT_SAMPLE,
	DO_MORE_DIGITS,
	DO_FEWER_DIGITS,
	DO_SCROLL_DOWN,
	DO_SCROLL_UP,
	DO_OPEN,
	DO_HELP,
	DO_REDRAW,
	DO_QUIT,
	DO_COUNT
};

/* One key.  The first binding of an action carries its help text; later
 * bindings of the same action have help == NULL and are listed on the
 * same help line. */
struct binding {
	int key;            /* a character or a curses KEY_ code */
	enum action action;
	const char *help;
};

extern const struct binding keys_table[];
extern const size_t keys_count;

/* The action bound to key, or -1. */
int keys_action(int key);

/* The help text of an action (never NULL for a bound action). */
const char *keys_help(enum action a);

/* A key's name as the help shows it ("→", "Space", "PgDn", "^L");
 * ASCII names when utf8 is false.  Returns buf. */
const char *keys_name(int key, bool utf8, char *buf, size_t cap);

/* All keys of an action, names joined by spaces, into buf ("→ n l Space").
 * Returns buf. */
const char *keys_list(enum action a, bool utf8, char *buf, size_t cap);

/* The actions shown on the one-line hint bar, in order, ending with -1. */
extern const int keys_hint_actions[];

/* A short label for the hint bar ("next", "prev"). */
const char *keys_short(enum action a);

#endif
