#include "tui/panes/draw.h"

#include <string.h>

#include "core/glyphs.h"
#include "core/sanitize.h"
#include "tui/panes/text.h"

int draw_textn(WINDOW *w, const struct view *v, int y, int x, const char *s,
               size_t n, int cols, enum theme_role r)
{
	int maxy, maxx;
	getmaxyx(w, maxy, maxx);
	if (y < 0 || y >= maxy || x < 0 || x >= maxx || cols <= 0)
		return 0;
	if (cols > maxx - x)
		cols = maxx - x;
	/* Every text reaches the terminal through here: what a file or its
	 * name holds that the terminal would act on is made visible. */
	char safe[1024];
	if (sanitize_needed(s, n)) {
		n = sanitize_text(safe, sizeof safe, s, n);
		s = safe;
	}
	char ascii[1024];
	if (!v->utf8) {
		size_t k = n < sizeof ascii - 1 ? n : sizeof ascii - 1;
		memcpy(ascii, s, k);
		ascii[k] = '\0';
		/* text_ascii rewrites in place safely: output never longer */
		n = text_ascii(ascii, sizeof ascii, ascii);
		s = ascii;
	}
	int used;
	size_t fit = text_fit(s, n, cols, &used);
	int attr = theme_attr(r, v->color);
	wattron(w, attr);
	mvwaddnstr(w, y, x, s, (int)fit);
	wattroff(w, attr);
	return used;
}

int draw_text(WINDOW *w, const struct view *v, int y, int x, const char *s,
              int cols, enum theme_role r)
{
	return draw_textn(w, v, y, x, s, strlen(s), cols, r);
}

int draw_words(WINDOW *w, const struct view *v, int y, int x, const char *s,
               int cols, enum theme_role r)
{
	if (text_width(s) <= cols)
		return draw_text(w, v, y, x, s, cols, r);
	const char *ell = glyphs_for(v->utf8)->ell;
	size_t n = text_fit(s, strlen(s), cols - text_width(ell), NULL);
	while (n > 0 && s[n] != ' ')
		n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	int used = draw_textn(w, v, y, x, s, n, cols, r);
	return used + draw_text(w, v, y, x + used, ell, cols - used, r);
}

void draw_rule(WINDOW *w, const struct view *v, const char *title)
{
	const struct glyphs *g = glyphs_for(v->utf8);
	int maxx = getmaxx(w);
	for (int x = 0; x < maxx; x++)
		draw_text(w, v, 0, x, g->hline, 1, THEME_DIM);
	int x = 2;
	x += draw_text(w, v, 0, x, " ", maxx - x, THEME_RULE);
	/* A title too long for the pane ends with "…" at a space, never in
	 * a number ("Lesson (lines 1-6 of 12, J/K)"), and a rule after it. */
	x += draw_words(w, v, 0, x, title, maxx - x - 2, THEME_RULE);
	draw_text(w, v, 0, x, " ", maxx - x, THEME_RULE);
}

void draw_box(WINDOW *w, const struct view *v, const char *title)
{
	werase(w);
	if (v->utf8)
		wborder_set(w, WACS_VLINE, WACS_VLINE, WACS_HLINE, WACS_HLINE,
		            WACS_ULCORNER, WACS_URCORNER, WACS_LLCORNER,
		            WACS_LRCORNER);
	else
		wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
	int maxx = getmaxx(w);
	int x = 2;
	x += draw_text(w, v, 0, x, " ", maxx - x - 2, THEME_RULE);
	x += draw_text(w, v, 0, x, title, maxx - x - 3, THEME_RULE);
	draw_text(w, v, 0, x, " ", maxx - x - 2, THEME_RULE);
}

int draw_wrapped(WINDOW *w, const struct view *v, int y, int x, int rows,
                 int cols, int skip, const char *s, enum theme_role r)
{
	struct text_line lines[256];
	size_t n = text_wrap(s, cols, lines, 256);
	size_t kept = n < 256 ? n : 256;
	for (int i = 0; i < rows; i++) {
		size_t k = (size_t)(skip + i);
		if (k >= kept)
			break;
		draw_textn(w, v, y + i, x, s + lines[k].start, lines[k].len,
		           cols, r);
	}
	return (int)n;
}
