#include "tui/reload.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "tui/move.h"
#include "tui/panes/theme.h"

/* The first error as file:line:col: message, one line of valid UTF-8 for
 * the status line: the file's name is the user's and may hold any byte
 * (the message itself diags_add made clean already). */
static void first_error(struct app *a, struct diags *d)
{
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	diags_sort(d, 0, a->path);
	if (d->n)
		diags_format(d, 0, line, sizeof line);
	else
		snprintf(line, sizeof line, "%.400s: error: cannot load it",
		         a->path);
	size_t o = 0, len = strlen(line);
	char *out = a->reload_error;
	size_t cap = sizeof a->reload_error;
	for (size_t i = 0; i < len && o + 5 < cap;) {
		uint32_t cp;
		size_t n = utf8_decode(line + i, len - i, &cp);
		if (!n || cp < ' ' || cp == 0x7f) {
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x",
			                      (unsigned char)line[i]);
			i++;
			continue;
		}
		memcpy(out + o, line + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
}

int reload_lesson(struct app *a)
{
	long it = a->cur.trace.iteration;
	size_t step = a->cur.step;
	enum mode mode = a->mode;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s", a->path);
	/* The answers stay the student's: held aside while app_open reads a
	 * fresh state, put back after. */
	struct state keep = a->state;
	state_init(&a->state);
	struct diags d = {0};
	int rc = app_open(a, path, true, &d);
	if (rc) {
		state_free(&a->state);
		a->state = keep;
		first_error(a, &d);
		diags_free(&d);
		return -1;
	}
	diags_free(&d);
	state_free(&a->state);
	a->state = keep;
	a->reload_error[0] = '\0';
	/* cursor_goto clamps to the iterations and operations there are. */
	if (move_to(a, it, step, true))
		return -1;
	if (mode == MODE_HELP || mode == MODE_LIST)
		a->mode = mode;
	if (!a->msg[0])
		app_msg(a, THEME_KEY, "Reloaded the lesson: its file was saved.");
	return 0;
}
