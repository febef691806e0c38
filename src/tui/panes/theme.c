#include <curses.h>

#include "tui/panes/theme.h"

struct role_def {
	short fg, bg;
	int color_attr, mono_attr;
};

#define THEME_DEF(name, fg, bg, ca, ma) {fg, bg, ca, ma},
static const struct role_def roles[THEME_COUNT] = {THEME_ROLES(THEME_DEF)};
#undef THEME_DEF

bool theme_start(bool color)
{
	if (!color || !has_colors() || start_color() == ERR)
		return false;
	use_default_colors();
	for (int r = 1; r < THEME_COUNT; r++)
		init_pair((short)r, roles[r].fg, roles[r].bg);
	return true;
}

int theme_attr(enum theme_role r, bool color)
{
	if ((unsigned)r >= THEME_COUNT)
		return 0;
	if (!color)
		return roles[r].mono_attr;
	int a = roles[r].color_attr;
	if (roles[r].fg >= 0 || roles[r].bg >= 0)
		a |= COLOR_PAIR(r);
	return a;
}
