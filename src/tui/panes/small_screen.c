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
	char line[128];
	snprintf(line, sizeof line, "Terminal too small: %dx%d", cols, rows);
	char need[128];
	snprintf(need, sizeof need, "nntrace needs at least %dx%d.",
	         LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	const char *lines[] = {line, need, "Enlarge the window, or press q",
	                       "to quit."};
	int y = rows / 2 - 2;
	if (y < 0)
		y = 0;
	for (int i = 0; i < 4; i++) {
		int lw = text_width(lines[i]);
		int x = (cols - lw) / 2;
		draw_text(w, v, y + i, x < 0 ? 0 : x, lines[i], cols,
		          i == 0 ? THEME_NAME : THEME_NORMAL);
	}
	wnoutrefresh(w);
}
