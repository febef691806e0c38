#include "tui/panes/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

const struct binding keys_table[] = {
	{KEY_RIGHT, DO_NEXT_OP, "next operation"},
	{'n', DO_NEXT_OP, NULL},
	{'l', DO_NEXT_OP, NULL},
	{' ', DO_NEXT_OP, NULL},
	{KEY_LEFT, DO_PREV_OP, "previous operation (exact, across iterations)"},
	{'p', DO_PREV_OP, NULL},
	{'h', DO_PREV_OP, NULL},
	{KEY_BACKSPACE, DO_PREV_OP, NULL},
	{127, DO_PREV_OP, NULL},
	{CTRL('H'), DO_PREV_OP, NULL},
	{KEY_DOWN, DO_NEXT_PHASE, "next phase (forward, loss, backward, update)"},
	{'j', DO_NEXT_PHASE, NULL},
	{KEY_UP, DO_PREV_PHASE, "start of this phase, then the previous one"},
	{'k', DO_PREV_PHASE, NULL},
	{KEY_NPAGE, DO_NEXT_ITER, "next iteration (same operation)"},
	{']', DO_NEXT_ITER, NULL},
	{KEY_PPAGE, DO_PREV_ITER, "previous iteration (same operation)"},
	{'[', DO_PREV_ITER, NULL},
	{KEY_HOME, DO_FIRST, "first operation of iteration 0"},
	{'g', DO_FIRST, NULL},
	{KEY_END, DO_LAST, "last operation of the last iteration"},
	{'G', DO_LAST, NULL},
	{':', DO_GOTO, "go to iteration N (or just type the number)"},
	{'r', DO_RUN, "run (animate) / pause"},
	{'+', DO_FASTER, "run faster"},
	{'>', DO_FASTER, NULL},
	{'-', DO_SLOWER, "run slower"},
	{'<', DO_SLOWER, NULL},
	{'\t', DO_NEXT_CUE, "next narration, pause or question"},
	{')', DO_NEXT_CUE, NULL},
	{KEY_BTAB, DO_PREV_CUE, "previous narration, pause or question"},
	{'(', DO_PREV_CUE, NULL},
	{'w', DO_WHY, "why: the operations that produced this value"},
	{'P', DO_TOGGLE_PLOT, "show / hide the loss plot"},
	{'N', DO_TOGGLE_NETWORK, "show / hide the network"},
	{'I', DO_TOGGLE_PICTURE, "show / hide the sample's picture and the confusion matrix"},
	{'i', DO_NEXT_SAMPLE, "picture the next sample of the batch"},
	{'.', DO_MORE_DIGITS, "show more decimals"},
	{',', DO_FEWER_DIGITS, "show fewer decimals"},
	{'J', DO_SCROLL_DOWN, "scroll the narration down"},
	{'K', DO_SCROLL_UP, "scroll the narration up"},
	{'o', DO_OPEN, "open another lesson"},
	{'?', DO_HELP, "this help"},
	{KEY_F(1), DO_HELP, NULL},
	{CTRL('L'), DO_REDRAW, "redraw the screen"},
	{'q', DO_QUIT, "quit (your place is saved)"},
};

const size_t keys_count = sizeof keys_table / sizeof keys_table[0];

const int keys_hint_actions[] = {DO_NEXT_OP, DO_PREV_OP, DO_NEXT_PHASE,
                                 DO_NEXT_ITER, DO_GOTO, DO_RUN, DO_WHY,
                                 DO_HELP, DO_QUIT, -1};

int keys_action(int key)
{
	for (size_t i = 0; i < keys_count; i++)
		if (keys_table[i].key == key)
			return (int)keys_table[i].action;
	return -1;
}

const char *keys_help(enum action a)
{
	for (size_t i = 0; i < keys_count; i++)
		if (keys_table[i].action == a && keys_table[i].help)
			return keys_table[i].help;
	return "";
}

const char *keys_short(enum action a)
{
	static const char *const names[DO_COUNT] = {
		[DO_NEXT_OP] = "next",    [DO_PREV_OP] = "back",
		[DO_NEXT_PHASE] = "phase", [DO_PREV_PHASE] = "phase",
		[DO_NEXT_ITER] = "iter",  [DO_PREV_ITER] = "iter",
		[DO_FIRST] = "first",     [DO_LAST] = "last",
		[DO_GOTO] = "goto",       [DO_RUN] = "run",
		[DO_FASTER] = "faster",   [DO_SLOWER] = "slower",
		[DO_NEXT_CUE] = "cue",    [DO_PREV_CUE] = "cue",
		[DO_WHY] = "why",         [DO_TOGGLE_PLOT] = "plot",
		[DO_TOGGLE_NETWORK] = "net", [DO_TOGGLE_PICTURE] = "picture",
		[DO_NEXT_SAMPLE] = "sample", [DO_MORE_DIGITS] = "digits",
		[DO_FEWER_DIGITS] = "digits", [DO_SCROLL_DOWN] = "scroll",
		[DO_SCROLL_UP] = "scroll", [DO_OPEN] = "open",
		[DO_HELP] = "help",       [DO_REDRAW] = "redraw",
		[DO_QUIT] = "quit",
	};
	return (unsigned)a < DO_COUNT && names[a] ? names[a] : "";
}

const char *keys_name(int key, bool utf8, char *buf, size_t cap)
{
	const char *s = NULL;
	switch (key) {
	case KEY_RIGHT: s = utf8 ? "→" : "Right"; break;
	case KEY_LEFT: s = utf8 ? "←" : "Left"; break;
	case KEY_UP: s = utf8 ? "↑" : "Up"; break;
	case KEY_DOWN: s = utf8 ? "↓" : "Down"; break;
	case KEY_NPAGE: s = "PgDn"; break;
	case KEY_PPAGE: s = "PgUp"; break;
	case KEY_HOME: s = "Home"; break;
	case KEY_END: s = "End"; break;
	case KEY_BACKSPACE: s = "Backspace"; break;
	case KEY_BTAB: s = "Shift-Tab"; break;
	case 127: s = "Del"; break;
	case ' ': s = "Space"; break;
	case '\t': s = "Tab"; break;
	case '\n': s = "Enter"; break;
	case 27: s = "Esc"; break;
	default: break;
	}
	if (s)
		snprintf(buf, cap, "%s", s);
	else if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, cap, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(buf, cap, "^%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, cap, "%c", key);
	else
		snprintf(buf, cap, "#%d", key);
	return buf;
}

const char *keys_list(enum action a, bool utf8, char *buf, size_t cap)
{
	size_t len = 0;
	if (cap)
		buf[0] = '\0';
	for (size_t i = 0; i < keys_count; i++) {
		if (keys_table[i].action != a)
			continue;
		/* ^H and Del are Backspace on most terminals: one name is
		 * enough on the help screen. */
		if (keys_table[i].key == 127 || keys_table[i].key == CTRL('H'))
			continue;
		char name[16];
		keys_name(keys_table[i].key, utf8, name, sizeof name);
		int n = snprintf(buf + len, cap > len ? cap - len : 0, "%s%s",
		                 len ? " " : "", name);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
	return buf;
}
