#include "tui/panes/help_overlay.h"

#include <stdio.h>
#include <string.h>

#include "tui/panes/draw.h"
#include "tui/panes/keys.h"

static const char *const extra[] = {
	"",
	"While a question waits: type a number (like -0.97 or 1e-3), Enter "
	"checks it, Esc or Tab skips; after a wrong answer you get the hint, "
	"after a second one the answer.",
	"Digits or : start 'go to iteration'; Enter goes, Esc cancels.",
	"Highlights: the value just computed is in reverse video, the values "
	"it read are underlined; blank cells are not computed yet in this "
	"iteration.",
	"Your place, answers and score are saved when you quit; 'nntrace play "
	"--fresh' starts over.",
};

int help_overlay_lines(void)
{
	return DO_COUNT + (int)(sizeof extra / sizeof *extra);
}

/* Lines of help: one per action, then the extra notes. */
static int help_line(const struct view *v, int i, char *buf, size_t cap)
{
	int k = 0;
	for (int act = 0; act < DO_COUNT; act++, k++) {
		if (k != i)
			continue;
		char keys[96];
		keys_list((enum action)act, v->utf8, keys, sizeof keys);
		snprintf(buf, cap, "%-22s %s", keys, keys_help((enum action)act));
		return 1;
	}
	int e = i - k;
	if (e >= 0 && (size_t)e < sizeof extra / sizeof *extra) {
		snprintf(buf, cap, "%s", extra[e]);
		return 2;
	}
	return 0;
}

void help_overlay_draw(WINDOW *w, const struct view *v)
{
	draw_box(w, v, "Keys (? or Esc closes)");
	int h = getmaxy(w), width = getmaxx(w);
	int y = 1, i = v->overlay_scroll;
	char buf[512];
	int kind;
	while (y < h - 1 && (kind = help_line(v, i, buf, sizeof buf))) {
		if (kind == 1) {
			/* Keys in bold, then the help text. */
			draw_textn(w, v, y, 2, buf, 22, width - 4, THEME_KEY);
			draw_text(w, v, y, 2 + 22, buf + 22, width - 26,
			          THEME_NORMAL);
			y++;
		} else {
			y += draw_wrapped(w, v, y, 2, h - 1 - y, width - 4, 0,
			                  buf, THEME_NORMAL);
			if (!buf[0])
				y++;
		}
		i++;
	}
	wnoutrefresh(w);
}
