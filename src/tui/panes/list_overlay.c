#include "tui/panes/list_overlay.h"

#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "tui/panes/draw.h"
#include "tui/panes/text.h"

/* The columns of a lesson's name before its title. */
#define NAME_COLS 24

size_t list_overlay_cut(char *out, size_t cap, const char *s, int cols,
                        const char *ell)
{
	size_t len = strlen(s);
	if (!cap)
		return 0;
	if (text_width(s) <= cols) {
		snprintf(out, cap, "%s", s);
		return strlen(out);
	}
	int room = cols - text_width(ell);
	if (room < 0)
		room = 0;
	size_t fit = text_fit(s, len, room, NULL);
	/* Back to the end of a word: the last blank inside what fits, or
	 * the end of what fits when a blank follows it. */
	size_t end = fit;
	if (s[end] != ' ') {
		while (end > 0 && s[end - 1] != ' ')
			end--;
		if (!end)
			end = fit; /* one long word: cut inside it */
	}
	/* No dangling blank or punctuation before the ellipsis. */
	while (end > 0 && strchr(" ,;:-", s[end - 1]))
		end--;
	snprintf(out, cap, "%.*s%s", (int)end, s, ell);
	return strlen(out);
}

/* The row after the lessons: typing a path, or the way to start. */
static void path_row(WINDOW *w, const struct view *v, int y, int width)
{
	const struct glyphs *g = glyphs_for(v->utf8);
	bool sel = v->list_sel >= v->n_entries;
	draw_text(w, v, y, 1, sel ? g->pointer : " ", 1, THEME_KEY);
	if (!v->list_path) {
		draw_text(w, v, y, 3, "Open a file by its path: Enter here, or "
		          "type / . or ~", width - 4,
		          sel ? THEME_CURRENT : THEME_NORMAL);
		return;
	}
	char line[PATH_MAX + 16];
	snprintf(line, sizeof line, "Path: %s", v->list_path);
	/* The end of a long path is what is being typed: keep it in view. */
	int room = width - 5, x = 3;
	const char *s = line;
	while (text_width(s) > room && *s) {
		s++;
		while ((*s & 0xC0) == 0x80) /* inside a UTF-8 character */
			s++;
	}
	x += draw_text(w, v, y, x, s, room, THEME_CURRENT);
	draw_text(w, v, y, x, "_", 1, THEME_CURRENT);
	if (v->msg[0])
		draw_text(w, v, y + 1, 3, v->msg, width - 4, v->msg_role);
}

void list_overlay_draw(WINDOW *w, const struct view *v)
{
	draw_box(w, v, "Open a lesson");
	int h = getmaxy(w), width = getmaxx(w);
	const struct glyphs *g = glyphs_for(v->utf8);
	/* The lessons, then the path row and, while typing, a line for an
	 * error. */
	int rows = h - 2 - (v->list_path ? 2 : 1);
	if (!v->n_entries)
		draw_text(w, v, 1, 3, "No lessons found beside the program or "
		          "in this folder.", width - 4, THEME_NORMAL);
	size_t first = 0;
	if (rows > 0 && v->list_sel < v->n_entries &&
	    v->list_sel >= (size_t)rows)
		first = v->list_sel - (size_t)rows + 1;
	if (rows > 0 && v->list_sel >= v->n_entries &&
	    v->n_entries > (size_t)rows)
		first = v->n_entries - (size_t)rows;
	int r = 0;
	for (; r < rows && first + (size_t)r < v->n_entries; r++) {
		size_t i = first + (size_t)r;
		const struct lesson_entry *e = &v->entries[i];
		const char *base = strrchr(e->path, '/');
		base = base ? base + 1 : e->path;
		size_t bl = strlen(base);
		if (bl > 7 && strcmp(base + bl - 7, ".lesson") == 0)
			bl -= 7;
		const char *where = e->bundled ? "" : "  (this folder)";
		char name[PATH_MAX], title[sizeof e->title + 8];
		char line[PATH_MAX + sizeof title + 32];
		snprintf(name, sizeof name, "%.*s", (int)bl, base);
		int tcols = width - 4 - (text_width(name) > NAME_COLS
		                                 ? text_width(name)
		                                 : NAME_COLS) -
		            1 - text_width(where);
		list_overlay_cut(title, sizeof title, e->title,
		                 tcols > 0 ? tcols : 0, g->ell);
		snprintf(line, sizeof line, "%-*s %s%s", NAME_COLS, name, title,
		         where);
		bool sel = i == v->list_sel;
		draw_text(w, v, 1 + r, 1, sel ? g->pointer : " ", 1, THEME_KEY);
		draw_text(w, v, 1 + r, 3, line, width - 4,
		          sel ? THEME_CURRENT : THEME_NORMAL);
	}
	if (rows > 0)
		path_row(w, v, 1 + (v->n_entries ? r : 1), width);
	wnoutrefresh(w);
}
