/* lesson_list: choose another lesson -- the bundled ones (lessons/ beside
 * the executable, or the installed share folder, or $NNTRACE_LESSONS)
 * and the *.lesson files in the current folder. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/lesson_list.h"
#include "tui/panes/theme.h"

#define LIST_MAX 500

static bool is_lesson(const char *name)
{
	size_t n = strlen(name);
	return n > 7 && strcmp(name + n - 7, ".lesson") == 0;
}

static void scan_dir(struct app *a, const char *dir, bool bundled,
                     size_t *cap)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		const char *f = names[i]->d_name;
		char path[PATH_MAX * 2], abs[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, f);
		bool dup = false;
		if (!is_lesson(f) || !realpath(path, abs) ||
		    a->n_entries >= LIST_MAX)
			goto next;
		for (size_t k = 0; k < a->n_entries; k++)
			dup |= strcmp(a->entries[k].path, abs) == 0;
		if (dup)
			goto next;
		if (a->n_entries == *cap) {
			size_t c = *cap ? *cap * 2 : 16;
			struct lesson_entry *e =
				realloc(a->entries, c * sizeof *e);
			if (!e)
				goto next;
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
			snprintf(e->title, sizeof e->title,
			         "(does not load: try 'nntrace check %s')", f);
		}
		diags_free(&d);
	next:
		free(names[i]);
	}
	free(names);
}

size_t lesson_list_scan(struct app *a)
{
	free(a->entries);
	a->entries = NULL;
	a->n_entries = 0;
	a->list_sel = 0;
	size_t cap = 0;
	char dir[PATH_MAX];
	const char *env = getenv("NNTRACE_LESSONS");
	if (env && *env) {
		snprintf(dir, sizeof dir, "%s", env);
		char *colon = strchr(dir, ':');
		if (colon)
			*colon = '\0';
		scan_dir(a, dir, true, &cap);
	}
	const char *exe = a->exe_dir ? a->exe_dir : ".";
	snprintf(dir, sizeof dir, "%s/lessons", exe);
	scan_dir(a, dir, true, &cap);
	snprintf(dir, sizeof dir, "%s/../share/nntrace/lessons", exe);
	scan_dir(a, dir, true, &cap);
	scan_dir(a, ".", false, &cap);
	for (size_t i = 0; i < a->n_entries; i++)
		if (strcmp(a->entries[i].path, a->path) == 0)
			a->list_sel = i;
	return a->n_entries;
}

void lesson_list_key(struct app *a, int key)
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
