/* lesson_list: choose another lesson -- every one a bare name opens
 * (lesson_list: $NNTRACE_LESSONS, lessons/ beside the executable, the
 * installed share folder) and the *.lesson files in the current folder. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/panes.h"

#define LIST_MAX 500

/* Adds the lesson at path unless the list holds that file already. */
static void add_entry(struct app *a, const char *path, bool bundled,
                      size_t *cap)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs) || a->n_entries >= LIST_MAX)
		return;
	for (size_t k = 0; k < a->n_entries; k++)
		if (strcmp(a->entries[k].path, abs) == 0)
			return;
	if (a->n_entries == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct lesson_entry *e = realloc(a->entries, c * sizeof *e);
		if (!e)
			return;
		a->entries = e;
		*cap = c;
	}
	struct lesson_entry *e = &a->entries[a->n_entries++];
	snprintf(e->path, sizeof e->path, "%s", abs);
	e->bundled = bundled;
	struct lesson l;
	struct diags d = {0};
	if (lesson_load(&l, abs, &d) == 0) {
		snprintf(e->title, sizeof e->title, "%s", l.title);
		lesson_free(&l);
	} else {
		const char *base = strrchr(path, '/');
		snprintf(e->title, sizeof e->title,
		         "(does not load: try 'nntrace check %s')",
		         base ? base + 1 : path);
	}
	diags_free(&d);
}

size_t list_scan(struct app *a)
{
	free(a->entries);
	a->entries = NULL;
	a->n_entries = 0;
	a->list_sel = 0;
	size_t cap = 0;
	/* The lessons a bare name opens (lesson_list), then this folder's. */
	struct lesson_files bundled = {0}, here = {0};
	lesson_list(a->opt && a->opt->exe_dir ? a->opt->exe_dir : ".",
	            &bundled);
	lesson_list_folder(".", &here);
	for (size_t i = 0; i < bundled.n; i++)
		add_entry(a, bundled.v[i].path, true, &cap);
	for (size_t i = 0; i < here.n; i++)
		add_entry(a, here.v[i].path, false, &cap);
	lesson_files_free(&bundled);
	lesson_files_free(&here);
	for (size_t i = 0; i < a->n_entries; i++)
		if (strcmp(a->entries[i].path, a->path) == 0)
			a->list_sel = i;
	return a->n_entries;
}

void list_draw(const struct app *a, WINDOW *w)
{
	draw_box(w, a, "Open a lesson");
	int h = getmaxy(w), width = getmaxx(w);
	int rows = h - 2;
	if (!a->n_entries) {
		draw_text(w, a, 1, 2, "No lessons found beside the program or "
		          "in this folder.", width - 4, THEME_NORMAL);
		wnoutrefresh(w);
		return;
	}
	size_t first = 0;
	if (rows > 0 && a->list_sel >= (size_t)rows)
		first = a->list_sel - (size_t)rows + 1;
	for (int r = 0; r < rows && first + (size_t)r < a->n_entries; r++) {
		size_t i = first + (size_t)r;
		const struct lesson_entry *e = &a->entries[i];
		const char *base = strrchr(e->path, '/');
		base = base ? base + 1 : e->path;
		char line[PATH_MAX + 200];
		snprintf(line, sizeof line, "%-24.*s %s%s", (int)(strlen(base) - 7),
		         base, e->title, e->bundled ? "" : "  (this folder)");
		bool sel = i == a->list_sel;
		draw_text(w, a, 1 + r, 1, sel ? theme_glyphs(a->utf8)->arrow : " ",
		          1, THEME_KEY);
		draw_text(w, a, 1 + r, 3, line, width - 4,
		          sel ? THEME_CURRENT : THEME_NORMAL);
	}
	wnoutrefresh(w);
}

void list_key(struct app *a, int key)
{
	switch (key) {
	case KEY_UP:
	case 'k':
		if (a->list_sel > 0)
			a->list_sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (a->list_sel + 1 < a->n_entries)
			a->list_sel++;
		break;
	case KEY_HOME:
	case 'g':
		a->list_sel = 0;
		break;
	case KEY_END:
	case 'G':
		if (a->n_entries)
			a->list_sel = a->n_entries - 1;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER: {
		if (!a->n_entries)
			break;
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s", a->entries[a->list_sel].path);
		a->mode = MODE_NORMAL;
		if (strcmp(path, a->path) == 0)
			break;
		app_save(a);
		struct diags d = {0};
		if (app_open(a, path, false, &d)) {
			char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 32] = "";
			if (d.n)
				diags_format(&d, 0, line, sizeof line);
			if (!a->loaded) {
				/* The old lesson is gone too: nothing to
				 * show.  Out of memory, most likely. */
				diags_add(a->diags, path, 0, 0, EXIT_SOFTWARE,
				          "%s", line);
				a->status = EXIT_SOFTWARE;
				a->quit = true;
			} else {
				app_msg(a, THEME_ERROR, "%s", line);
			}
		}
		diags_free(&d);
		break;
	}
	case 27:
	case 'q':
	case 'o':
		a->mode = a->q_active ? MODE_PREDICT : MODE_NORMAL;
		break;
	default:
		break;
	}
}
