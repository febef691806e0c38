#include "tui/panes/small_screen.h"

#include <stdio.h>

#include "tui/panes/draw.h"
#include "tui/panes/layout.h"
#include "tui/panes/text.h"

void small_screen_draw(WINDOW *w, const struct view *v)
{
	werase(w);
	int rows, cols;
	getmaxyx(w, rows, cols);
	char msg[256];
	snprintf(msg, sizeof msg,
	         "Terminal too small: %dx%d\nnntrace needs at least %dx%d.\n"
	         "Enlarge the window, or press q to quit.",
	         cols, rows, LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	/* Wrapped at spaces to the width there is, each line centred: even
	 * a tiny window shows the sizes whole. */
	struct text_line lines[32];
	size_t n = text_wrap(msg, cols, lines, 32);
	if (n > 32)
		n = 32;
	int y = (rows - (int)n) / 2;
	if (y < 0)
		y = 0;
	for (size_t i = 0; i < n && y < rows; i++, y++) {
		int lw = text_width_n(msg + lines[i].start, lines[i].len);
		int x = (cols - lw) / 2;
		draw_textn(w, v, y, x < 0 ? 0 : x, msg + lines[i].start,
		           lines[i].len, cols, i == 0 ? THEME_NAME : THEME_NORMAL);
	}
	wnoutrefresh(w);
}
