/* theme: colours by role from one table.  (The glyphs of the locale are
 * core/glyphs.h's, shared with the handouts.)
 *
 * Every role has an attribute used without colour (NO_COLOR, --no-color,
 * a monochrome terminal) that already tells it apart -- reverse, bold,
 * underline -- and, with colour, a pair chosen to read on dark and light
 * backgrounds alike (explicit background wherever the foreground would be
 * pale).  In plots (TARGET, PREDICTION, LIMIT) the glyphs tell the series
 * apart already -- a line, marks, a dotted rule -- so colour only adds. */
#ifndef NNTRACE_TUI_PANES_THEME_H
#define NNTRACE_TUI_PANES_THEME_H

#include <stdbool.h>

/* X(role, fg, bg, attributes with colour, attributes without) */
#define THEME_ROLES(X)                                                       \
	X(NORMAL, -1, -1, 0, 0)                                              \
	X(STATUS, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE)               \
	X(RULE, -1, -1, A_BOLD, A_BOLD)                                      \
	X(NAME, -1, -1, A_BOLD, A_BOLD)                                      \
	X(INDEX, -1, -1, A_DIM, A_DIM)                                       \
	X(CURRENT, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD)   \
	X(OPERAND, COLOR_BLACK, COLOR_CYAN, A_UNDERLINE, A_UNDERLINE)       \
	X(QUESTION, COLOR_MAGENTA, -1, A_BOLD, A_BOLD)                       \
	X(RIGHT, COLOR_GREEN, -1, A_BOLD, A_BOLD)                            \
	X(WRONG, COLOR_RED, -1, A_BOLD, A_BOLD)                              \
	X(ERROR, COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD)        \
	X(KEY, -1, -1, A_BOLD, A_BOLD)                                       \
	X(MARK, -1, -1, A_REVERSE, A_REVERSE)                                \
	X(DIM, -1, -1, A_DIM, A_DIM)                                         \
	X(TARGET, COLOR_BLUE, -1, A_BOLD, 0)                                 \
	X(PREDICTION, COLOR_MAGENTA, -1, A_BOLD, A_BOLD)                     \
	X(LIMIT, COLOR_RED, -1, 0, 0)

#define THEME_ENUM(name, fg, bg, ca, ma) THEME_##name,
enum theme_role { THEME_ROLES(THEME_ENUM) THEME_COUNT };
#undef THEME_ENUM

/* Starts colours (when `color`) and defines the pairs; call once after
 * the screen is set up.  Returns whether colours are on. */
bool theme_start(bool color);

/* The curses attributes of a role (colour pair included when on). */
int theme_attr(enum theme_role r, bool color);

#endif
