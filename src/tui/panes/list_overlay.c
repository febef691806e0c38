#include "tui/panes/list_overlay.h"

#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "tui/panes/draw.h"

void list_overlay_draw(WINDOW *w, const struct view *v)
{
	draw_box(w, v, "Open a lesson");
	int h = getmaxy(w), width = getmaxx(w);
	int rows = h - 2;
	if (!v->n_entries) {
		draw_text(w, v, 1, 2, "No lessons found beside the program or "
		          "in this folder.", width - 4, THEME_NORMAL);
		wnoutrefresh(w);
		return;
	}
	size_t first = 0;
	if (rows > 0 && v->list_sel >= (size_t)rows)
		first = v->list_sel - (size_t)rows + 1;
	for (int r = 0; r < rows && first + (size_t)r < v->n_entries; r++) {
		size_t i = first + (size_t)r;
		const struct lesson_entry *e = &v->entries[i];
		const char *base = strrchr(e->path, '/');
		base = base ? base + 1 : e->path;
		char line[PATH_MAX + 200];
		snprintf(line, sizeof line, "%-24.*s %s%s", (int)(strlen(base) - 7),
		         base, e->title, e->bundled ? "" : "  (this folder)");
		bool sel = i == v->list_sel;
		draw_text(w, v, 1 + r, 1, sel ? glyphs_for(v->utf8)->pointer : " ",
		          1, THEME_KEY);
		draw_text(w, v, 1 + r, 3, line, width - 4,
		          sel ? THEME_CURRENT : THEME_NORMAL);
	}
	wnoutrefresh(w);
}
