/* lesson_list: choose another lesson -- every one a bare name opens
 * (lesson_list: $NNTRACE_LESSONS, lessons/ beside the executable, the
 * installed share folder) and the *.lesson files in the current folder. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/sanitize.h"
#include "tui/lesson_list.h"
#include "tui/panes/theme.h"

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
	struct lesson_entry *grown = grow(a->entries, cap, a->n_entries + 1,
	                                  sizeof *grown, 16);
	if (!grown)
		return;
	a->entries = grown;
	struct lesson_entry *e = &a->entries[a->n_entries++];
	snprintf(e->path, sizeof e->path, "%s", abs);
	e->bundled = bundled;
	struct lesson l;
	struct diags d = {0};
	if (lesson_load(&l, abs, &d) == 0) {
		snprintf(e->title, sizeof e->title, "%s", l.title);
		lesson_free(&l);
	} else {
		/* A file's name, shown: made safe (core/sanitize.h). */
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		char name[sizeof e->title - 40];
		sanitize_text(name, sizeof name, base, strlen(base));
		snprintf(e->title, sizeof e->title,
		         "(does not load: try 'nntrace check %s')", name);
	}
	diags_free(&d);
}

size_t lesson_list_scan(struct app *a)
{
	free(a->entries);
	a->entries = NULL;
	a->n_entries = 0;
	a->list_sel = 0;
	a->list_typing = false;
	size_t cap = 0;
	/* The lessons a bare name opens (lesson_list), then this folder's. */
	struct lesson_files bundled = {0}, here = {0};
	lesson_list(a->exe_dir ? a->exe_dir : ".",
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

/* Opens the lesson at path (saving the place in this one); on an error
 * the message says why and, when typing, the path stays to be fixed. */
static void open_path(struct app *a, const char *path)
{
	char full[PATH_MAX];
	const char *home = getenv("HOME");
	/* "~/x" as a shell would read it: students type it. */
	if (path[0] == '~' && path[1] == '/' && home && *home)
		snprintf(full, sizeof full, "%s%s", home, path + 1);
	else
		snprintf(full, sizeof full, "%s", path);
	char abs[PATH_MAX];
	if (realpath(full, abs) && strcmp(abs, a->path) == 0) {
		a->mode = MODE_NORMAL;
		a->list_typing = false;
		return;
	}
	app_save(a);
	struct diags d = {0};
	if (app_open(a, full, false, &d) == 0) {
		a->list_typing = false;
		diags_free(&d);
		return;
	}
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 32] = "";
	if (d.n)
		diags_format(&d, 0, line, sizeof line);
	if (!a->loaded) {
		/* The old lesson is gone too: nothing to show.  Out of
		 * memory, most likely. */
		diags_add(a->diags, full, 0, 0, EXIT_SOFTWARE, "%s", line);
		a->status = EXIT_SOFTWARE;
		a->quit = true;
	} else {
		app_msg(a, THEME_ERROR, "%s", line);
		if (!a->list_typing)
			a->mode = MODE_NORMAL;
	}
	diags_free(&d);
}

/* Typing a path: characters, Backspace, Enter to open, Esc back to the
 * list. */
static void path_key(struct app *a, int key)
{
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		if (a->list_path_len)
			open_path(a, a->list_path);
	} else if (key == 27) {
		a->list_typing = false;
		a->msg[0] = '\0';
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (a->list_path_len)
			a->list_path[--a->list_path_len] = '\0';
		else
			a->list_typing = false;
		a->msg[0] = '\0';
	} else if (key >= ' ' && key < 256 &&
	           a->list_path_len + 1 < sizeof a->list_path) {
		/* Bytes of UTF-8 names come one by one. */
		a->list_path[a->list_path_len++] = (char)key;
		a->list_path[a->list_path_len] = '\0';
		a->msg[0] = '\0';
	}
}

/* Starts typing a path, with its first character (0: none). */
static void start_path(struct app *a, int first)
{
	a->list_typing = true;
	a->list_path_len = 0;
	a->list_path[0] = '\0';
	a->list_sel = a->n_entries;
	if (first)
		path_key(a, first);
}

void lesson_list_key(struct app *a, int key)
{
	if (a->list_typing) {
		path_key(a, key);
		return;
	}
	switch (key) {
	case KEY_UP:
	case 'k':
		if (a->list_sel > 0)
			a->list_sel--;
		break;
	case KEY_DOWN:
	case 'j':
		/* Past the lessons: the row for typing a path. */
		if (a->list_sel < a->n_entries)
			a->list_sel++;
		break;
	case KEY_HOME:
	case 'g':
		a->list_sel = 0;
		break;
	case KEY_END:
	case 'G':
		a->list_sel = a->n_entries;
		break;
	case '/':
	case '.':
	case '~':
		/* The start of a path: typing it begins. */
		start_path(a, key);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (a->list_sel >= a->n_entries)
			start_path(a, 0);
		else
			open_path(a, a->entries[a->list_sel].path);
		break;
	case 27:
	case 'q':
	case 'o':
		a->mode = a->q_active ? MODE_PREDICT : MODE_NORMAL;
		break;
	default:
		break;
	}
}
