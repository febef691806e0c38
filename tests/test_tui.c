/* Unit tests of the player's pure parts: layout arithmetic, the key table,
 * text wrapping, the state file, answer parsing, the loss plot renderer,
 * the fast-forward's progress text and the prediction plot's data.
 * The screen itself is tested end to end by tests/suite-tui.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <dirent.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/engine.h"
#include "tui/action.h"
#include "tui/app.h"
#include "tui/fit.h"
#include "tui/move.h"
#include "tui/plain.h"
#include "tui/predict.h"
#include "tui/state.h"
#include "tui/panes/keys.h"
#include "tui/panes/layout.h"
#include "tui/panes/list_overlay.h"
#include "tui/panes/picture_pane.h"
#include "tui/panes/resume_overlay.h"
#include "tui/panes/plot_pane.h"
#include "tui/panes/sparkline.h"
#include "tui/panes/status_line.h"
#include "tui/panes/text.h"
#include "tui/panes/view.h"

/* =====================================================================
 * Layout
 * ===================================================================== */

static bool overlap(struct rect a, struct rect b)
{
	if (!a.h || !b.h || !a.w || !b.w)
		return false;
	return a.y < b.y + b.h && b.y < a.y + a.h && a.x < b.x + b.w &&
	       b.x < a.x + a.w;
}

/* layout_compute with the side panes and the matrix pane's wish, the
 * operation pane content with its usual rows. */
static void lay(struct layout *l, int rows, int cols, bool plot, bool net,
                int matrix_need)
{
	struct layout_want w = {plot, net, false, matrix_need, 0, false, 0, 0};
	layout_compute(l, rows, cols, &w);
}

/* Every shown pane inside the screen, none overlapping, status on the
 * first row and hints on the last, the main column stacked without gaps
 * from row 1 to the row above the hints. */
static void check_layout(int rows, int cols, bool plot, bool net, int need)
{
	struct layout l;
	lay(&l, rows, cols, plot, net, need);
	assert_false(l.too_small);
	for (int p = 0; p < PANE_COUNT; p++) {
		struct rect r = l.pane[p];
		if (!r.h)
			continue;
		assert_true(r.y >= 0 && r.x >= 0);
		assert_true(r.y + r.h <= rows);
		assert_true(r.x + r.w <= cols);
		for (int q = p + 1; q < PANE_COUNT; q++)
			assert_false(overlap(r, l.pane[q]));
	}
	assert_int_equal(l.pane[PANE_STATUS].y, 0);
	assert_int_equal(l.pane[PANE_STATUS].w, cols);
	assert_int_equal(l.pane[PANE_HINTS].y, rows - 1);
	struct rect m = l.pane[PANE_MATRIX], o = l.pane[PANE_OP],
		    s = l.pane[PANE_LESSON];
	assert_int_equal(m.y, 1);
	assert_int_equal(o.y, m.y + m.h);
	assert_int_equal(s.y, o.y + o.h);
	assert_int_equal(s.y + s.h, rows - 1);
	assert_true(m.h >= 4);
	assert_true(o.h >= 5);
	assert_true(s.h >= 4);
	/* A side pane on is shown, or left out for want of rows. */
	assert_int_equal(l.pane[PANE_PLOT].h > 0 || l.dropped[PANE_PLOT],
	                 plot);
	assert_int_equal(l.pane[PANE_NETWORK].h > 0 ||
	                         l.dropped[PANE_NETWORK],
	                 net);
	if (l.pane[PANE_PLOT].h)
		assert_true(l.pane[PANE_PLOT].h >= LAYOUT_PLOT_MIN);
	if (l.pane[PANE_NETWORK].h)
		assert_true(l.pane[PANE_NETWORK].h >= LAYOUT_NETWORK_MIN);
}

static void test_layout_sizes(void **state)
{
	(void)state;
	static const int sizes[][2] = {{16, 60}, {24, 80}, {30, 100},
	                               {50, 160}, {60, 240}, {40, 119},
	                               {29, 120}, {100, 400}};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		for (int f = 0; f < 4; f++)
			for (int need = 1; need < 80; need += 13)
				check_layout(sizes[i][0], sizes[i][1], f & 1,
				             f & 2, need);
}

static void test_layout_too_small(void **state)
{
	(void)state;
	struct layout l;
	lay(&l, 15, 80, false, false, 10);
	assert_true(l.too_small);
	lay(&l, 24, 59, false, false, 10);
	assert_true(l.too_small);
	lay(&l, LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, false, false, 10);
	assert_false(l.too_small);
}

static void test_layout_80x24(void **state)
{
	(void)state;
	struct layout l;
	/* Trask's forward phase wants 6 rows: it gets them, the lesson
	 * pane the rest. */
	lay(&l, 24, 80, false, false, 6);
	assert_int_equal(l.pane[PANE_MATRIX].h, 6);
	assert_int_equal(l.pane[PANE_OP].h, 5);
	assert_int_equal(l.pane[PANE_LESSON].h, 24 - 2 - 6 - 5);
	/* A 1,000-row tensor is capped so the other panes keep their
	 * minimum. */
	lay(&l, 24, 80, false, false, 1001);
	assert_int_equal(l.pane[PANE_MATRIX].h, 24 - 2 - 5 - 4);
	assert_int_equal(l.pane[PANE_LESSON].h, 4);
}

static void test_layout_roomy(void **state)
{
	(void)state;
	assert_false(layout_roomy(24, 80));
	assert_true(layout_roomy(50, 160));
	struct layout l;
	lay(&l, 50, 160, true, true, 10);
	assert_true(l.side);
	assert_true(l.pane[PANE_PLOT].x > l.pane[PANE_MATRIX].w);
	assert_int_equal(l.pane[PANE_PLOT].h + l.pane[PANE_NETWORK].h, 48);
	assert_int_equal(layout_main_width(50, 160, false, false), 160);
	assert_true(layout_main_width(50, 160, true, false) < 160);
	/* Narrow: the side panes share the lesson pane's rows. */
	lay(&l, 24, 80, true, false, 6);
	assert_false(l.side);
	assert_int_equal(l.pane[PANE_PLOT].y, l.pane[PANE_LESSON].y);
}

/* The operation pane gets the rows its text needs: from the lesson pane
 * first (down to its 4), then from the matrix pane (down to its 4).
 * 80x24: 22 rows between the status and hint lines. */
static void test_layout_op_need(void **state)
{
	(void)state;
	struct layout l;
	struct layout_want w = {false, false, false, 6, 7, false, 0, 0};
	/* 7 rows: the matrix keeps its 6, the lesson pane 22 - 6 - 7. */
	layout_compute(&l, 24, 80, &w);
	assert_int_equal(l.pane[PANE_MATRIX].h, 6);
	assert_int_equal(l.pane[PANE_OP].h, 7);
	assert_int_equal(l.pane[PANE_LESSON].h, 9);
	/* Less than the usual 5: still 5. */
	w.op_need = 3;
	layout_compute(&l, 24, 80, &w);
	assert_int_equal(l.pane[PANE_OP].h, 5);
	/* 16: the lesson pane keeps 4, the matrix pane gives up 4 of its
	 * 6: 22 - 4 - 16 = 2 is below its 4, so the operation pane gets
	 * 22 - 4 - 4 = 14. */
	w.op_need = 16;
	layout_compute(&l, 24, 80, &w);
	assert_int_equal(l.pane[PANE_OP].h, 14);
	assert_int_equal(l.pane[PANE_MATRIX].h, 4);
	assert_int_equal(l.pane[PANE_LESSON].h, 4);
	/* From 40 rows on the usual height is 7. */
	w.op_need = 0;
	layout_compute(&l, 40, 120, &w);
	assert_int_equal(l.pane[PANE_OP].h, 7);
}

/* Side panes below their fewest rows are left out, their rows going to
 * the others; toggled on in a narrow terminal they take the rows they
 * need from the matrix pane. */
static void test_layout_side_panes(void **state)
{
	(void)state;
	struct layout l;
	/* 80x24, both on: the lesson rows must hold 7 + 5 = 12, so the
	 * matrix pane gets 22 - 5 - 12 = 5 of the 6 it asks for; the plot
	 * 12 / 2 = 6, raised to its 7, the network the other 5. */
	struct layout_want w = {true, true, false, 6, 0, false, 0, 0};
	layout_compute(&l, 24, 80, &w);
	assert_int_equal(l.pane[PANE_MATRIX].h, 5);
	assert_int_equal(l.pane[PANE_LESSON].h, 12);
	assert_int_equal(l.pane[PANE_PLOT].h, 7);
	assert_int_equal(l.pane[PANE_NETWORK].h, 5);
	assert_false(l.dropped[PANE_PLOT] || l.dropped[PANE_NETWORK]);
	/* 60x16, both on: 14 rows, the matrix 4, the operation pane 5,
	 * the lesson rows 5: room for the network (5), not for the plot
	 * (7), whichever was toggled on last. */
	layout_compute(&l, 16, 60, &w);
	assert_int_equal(l.pane[PANE_LESSON].h, 5);
	assert_int_equal(l.pane[PANE_PLOT].h, 0);
	assert_true(l.dropped[PANE_PLOT]);
	assert_int_equal(l.pane[PANE_NETWORK].h, 5);
	w.prefer_network = true;
	layout_compute(&l, 16, 60, &w);
	assert_true(l.dropped[PANE_PLOT]);
	assert_int_equal(l.pane[PANE_NETWORK].h, 5);
	/* 60x16, the plot alone: 5 rows are too few; the lesson pane keeps
	 * the whole width. */
	struct layout_want p = {true, false, false, 6, 0, false, 0, 0};
	layout_compute(&l, 16, 60, &p);
	assert_true(l.dropped[PANE_PLOT]);
	assert_int_equal(l.pane[PANE_PLOT].h, 0);
	assert_int_equal(l.pane[PANE_LESSON].w, 60);
	/* 80x24, an operation pane of 7 rows first: 22 - 7 - 4 = 11 lesson
	 * rows, the matrix pane at its 4.  The two side panes do not both
	 * fit in 11: the one toggled on last shows, with all of them. */
	struct layout_want t = {true, true, true, 6, 7, false, 0, 0};
	layout_compute(&l, 24, 80, &t);
	assert_int_equal(l.pane[PANE_OP].h, 7);
	assert_int_equal(l.pane[PANE_MATRIX].h, 4);
	assert_int_equal(l.pane[PANE_LESSON].h, 11);
	assert_true(l.dropped[PANE_PLOT]);
	assert_int_equal(l.pane[PANE_NETWORK].h, 11);
	t.prefer_network = false;
	layout_compute(&l, 24, 80, &t);
	assert_true(l.dropped[PANE_NETWORK]);
	assert_int_equal(l.pane[PANE_PLOT].h, 11);
}

/* =====================================================================
 * Keys
 * ===================================================================== */

static void test_keys_unique(void **state)
{
	(void)state;
	for (size_t i = 0; i < keys_count; i++)
		for (size_t j = i + 1; j < keys_count; j++)
			if (keys_table[i].key == keys_table[j].key)
				fail_msg("key %d bound twice (rows %zu, %zu)",
				         keys_table[i].key, i, j);
}

static void test_keys_every_action_has_help(void **state)
{
	(void)state;
	for (int a = 0; a < DO_COUNT; a++) {
		int helps = 0, keys = 0;
		for (size_t i = 0; i < keys_count; i++) {
			if ((int)keys_table[i].action != a)
				continue;
			keys++;
			if (keys_table[i].help) {
				helps++;
				assert_true(strlen(keys_table[i].help) > 3);
				/* The help row comes first: the overlay
				 * lists keys in table order. */
				assert_int_equal(keys, 1);
			}
		}
		if (keys == 0 || helps != 1)
			fail_msg("action %d: %d keys, %d help texts", a, keys,
			         helps);
		assert_true(strlen(keys_short((enum action)a)) > 0);
	}
}

static void test_keys_issue_bindings(void **state)
{
	(void)state;
	/* The issue's required keys. */
	assert_int_equal(keys_action(KEY_RIGHT), DO_NEXT_OP);
	assert_int_equal(keys_action('n'), DO_NEXT_OP);
	assert_int_equal(keys_action(' '), DO_NEXT_OP);
	assert_int_equal(keys_action(KEY_LEFT), DO_PREV_OP);
	assert_int_equal(keys_action('p'), DO_PREV_OP);
	assert_int_equal(keys_action(KEY_BACKSPACE), DO_PREV_OP);
	assert_int_equal(keys_action('q'), DO_QUIT);
	assert_int_equal(keys_action('?'), DO_HELP);
	assert_int_equal(keys_action(KEY_NPAGE), DO_NEXT_ITER);
	assert_int_equal(keys_action(KEY_HOME), DO_FIRST);
	assert_int_equal(keys_action(KEY_END), DO_LAST);
	assert_int_equal(keys_action('Z'), -1);
	/* Digits start "go to iteration" and answers: never bound. */
	for (int c = '0'; c <= '9'; c++)
		assert_int_equal(keys_action(c), -1);
}

static void test_keys_names(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(keys_name(KEY_RIGHT, true, b, sizeof b), "→");
	assert_string_equal(keys_name(KEY_RIGHT, false, b, sizeof b), "Right");
	assert_string_equal(keys_name(' ', false, b, sizeof b), "Space");
	assert_string_equal(keys_name(12, false, b, sizeof b), "^L");
	assert_string_equal(keys_name(KEY_F(1), false, b, sizeof b), "F1");
	assert_string_equal(keys_name('q', false, b, sizeof b), "q");
	keys_list(DO_NEXT_OP, false, b, sizeof b);
	assert_string_equal(b, "Right n l Space");
	keys_list(DO_PREV_OP, false, b, sizeof b);
	assert_string_equal(b, "Left p h Backspace");
}

/* =====================================================================
 * Text
 * ===================================================================== */

static void lines_are(const char *s, int width, const char *const *want,
                      size_t n)
{
	struct text_line l[32];
	size_t got = text_wrap(s, width, l, 32);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++) {
		char buf[256];
		snprintf(buf, sizeof buf, "%.*s", (int)l[i].len, s + l[i].start);
		assert_string_equal(buf, want[i]);
		assert_true(text_width(buf) <= width);
	}
}

static void test_wrap(void **state)
{
	(void)state;
	const char *a[] = {"The sigmoid", "turns each", "sum into a",
	                   "number."};
	lines_are("The sigmoid turns each sum into a number.", 11, a, 4);
	const char *b[] = {"one", "", "two three"};
	lines_are("one\n\ntwo three", 20, b, 3);
	const char *c[] = {"abcde", "fghij", "k"};
	lines_are("abcdefghijk", 5, c, 3);
	const char *d[] = {"σ(z) ×", "δ"};
	lines_are("σ(z) × δ", 6, d, 2);
	const char *e[] = {"a", "b"};
	lines_are("a      b", 1, e, 2);
	struct text_line l[1];
	assert_int_equal(text_wrap("", 10, l, 1), 0);
	/* More lines than room: all counted, only max stored. */
	assert_int_equal(text_wrap("a b c d e", 1, l, 1), 5);
	assert_int_equal(text_wrap("a b c", 10, NULL, 0), 1);
}

static void test_text_width_fit(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("σ × −"), 5);
	assert_int_equal(text_width("─│▶"), 3);
	int used;
	/* Never splits a multi-byte character. */
	assert_int_equal(text_fit("σσσ", 6, 2, &used), 4);
	assert_int_equal(used, 2);
	assert_int_equal(text_fit("ab", 2, 10, &used), 2);
	/* Bytes that are not UTF-8 take a column each (text.h): a
	 * truncated sigma, an overlong NUL, a stray continuation byte. */
	assert_int_equal(text_width("\xcf\x83"), 1);
	assert_int_equal(text_width("\xcf"), 1);
	assert_int_equal(text_width("a\xc0\x80" "b"), 4);
	assert_int_equal(text_width("\x83x"), 2);
	assert_int_equal(text_fit("\xc0\x80", 2, 1, &used), 1);
	char out[32];
	text_ascii(out, sizeof out, "σ(−0.5) × 2");
	assert_string_equal(out, "?(?0.5) ? 2");
}

/* =====================================================================
 * State
 * ===================================================================== */

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/nntrace-test-tui-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_state_path(void **state)
{
	(void)state;
	char p[512], q[512];
	setenv("XDG_STATE_HOME", "/x/state", 1);
	assert_int_equal(state_path(p, sizeof p, "/a/b.lesson"), 0);
	assert_true(strncmp(p, "/x/state/nntrace/", 17) == 0);
	assert_int_equal(state_path(q, sizeof q, "/a/c.lesson"), 0);
	assert_string_not_equal(p, q);
	/* A relative XDG_STATE_HOME is invalid: fall back to HOME. */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/home/s", 1);
	assert_int_equal(state_path(p, sizeof p, "/a/b.lesson"), 0);
	assert_true(strncmp(p, "/home/s/.local/state/nntrace/", 29) == 0);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	assert_int_equal(state_path(p, sizeof p, "/a/b.lesson"), -1);
	assert_int_equal(state_path(p, 10, "/a/b.lesson"), -1);
}

static void test_state_roundtrip(void **state)
{
	(void)state;
	char file[512], err[256];
	snprintf(file, sizeof file, "%s/deep/er/x.state", dir);
	struct state s, t;
	state_init(&s);
	state_init(&t);
	s.iteration = 12;
	s.step = 5;
	assert_int_equal(state_answer(&s, 0, 1, ANSWER_RIGHT, "-0.974"), 0);
	assert_int_equal(state_answer(&s, 3, 2, ANSWER_SKIPPED, NULL), 0);
	assert_int_equal(state_answer(&s, 3, 2, ANSWER_WRONG, "1e-3"), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(state_save(&s, file, "/l/a.lesson"), 0);
	assert_int_equal(state_load(&t, file, "/l/a.lesson", err, sizeof err),
	                 0);
	assert_int_equal(t.iteration, 12);
	assert_int_equal(t.step, 5);
	assert_int_equal(t.n, 2);
	assert_int_equal(state_right(&t), 1);
	const struct answer *a = state_find(&t, 3, 2);
	assert_non_null(a);
	assert_int_equal(a->result, ANSWER_WRONG);
	/* What was typed comes back, for the verdict to echo it. */
	assert_string_equal(a->typed, "1e-3");
	assert_string_equal(state_find(&t, 0, 1)->typed, "-0.974");
	assert_null(state_find(&t, 3, 1));
	/* Saved atomically: nothing but the file is left in its folder. */
	char folder[512];
	snprintf(folder, sizeof folder, "%s/deep/er", dir);
	DIR *d = opendir(folder);
	assert_non_null(d);
	int entries = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		entries += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(entries, 1);
	/* Another lesson's file is not ours. */
	assert_int_equal(state_load(&t, file, "/l/b.lesson", err, sizeof err),
	                 -1);
	assert_non_null(strstr(err, "another lesson"));
	assert_int_equal(t.n, 0);
	state_free(&s);
	state_free(&t);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_state_corrupt(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"garbage\n",
		"nntrace-state 1\n",
		"nntrace-state 1\nlesson /l/a.lesson\n",
		"nntrace-state 1\nlesson /l/a.lesson\nposition -1 0\n",
		"nntrace-state 1\nlesson /l/a.lesson\nposition 1 2 3\n",
		"nntrace-state 1\nlesson /l/a.lesson\nposition 1 2\nanswer 0 0 7\n",
		/* What was typed is a number's characters, one word. */
		"nntrace-state 1\nlesson /l/a.lesson\nposition 1 2\n"
		"answer 0 0 1 x\n",
		"nntrace-state 1\nlesson /l/a.lesson\nposition 1 2\n"
		"answer 0 0 1 1 2\n",
		"nntrace-state 1\nlesson /l/a.lesson\nposition 1 2\nwhat\n",
		"nntrace-state 2\nlesson /l/a.lesson\nposition 1 2\n",
		"\x01\x02\xff\xfe binary",
	};
	char file[512], err[256];
	snprintf(file, sizeof file, "%s/bad.state", dir);
	struct state s;
	state_init(&s);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		write_file(file, bad[i]);
		err[0] = '\0';
		if (state_load(&s, file, "/l/a.lesson", err, sizeof err) != -1)
			fail_msg("case %zu was accepted", i);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n')); /* a one-line notice */
		assert_int_equal(s.n, 0);
		assert_int_equal(s.iteration, -1);
	}
	/* An answer without what was typed (an older file) is fine. */
	write_file(file, "nntrace-state 1\nlesson /l/a.lesson\nposition 1 2\n"
	                 "\nanswer 0 0 1\n");
	assert_int_equal(state_load(&s, file, "/l/a.lesson", err, sizeof err),
	                 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.answers[0].typed, "");
	snprintf(file, sizeof file, "%s/missing.state", dir);
	assert_int_equal(state_load(&s, file, "/l/a.lesson", err, sizeof err),
	                 1);
	/* A folder where the file should be: unreadable, not a crash. */
	assert_int_equal(state_load(&s, dir, "/l/a.lesson", err, sizeof err),
	                 -1);
	state_free(&s);
}

/* =====================================================================
 * Answers
 * ===================================================================== */

static void test_answers(void **state)
{
	(void)state;
	const struct answer a[] = {{0, 1, ANSWER_RIGHT, "1"},
	                           {3, 2, ANSWER_WRONG, "2"},
	                           {3, 1, ANSWER_SKIPPED, ""},
	                           {5, 1, ANSWER_RIGHT, "3"}};
	/* Found by iteration and cue together, within the n given. */
	assert_ptr_equal(answers_find(a, 4, 3, 1), &a[2]);
	assert_ptr_equal(answers_find(a, 4, 3, 2), &a[1]);
	assert_ptr_equal(answers_find(a, 4, 5, 1), &a[3]);
	assert_null(answers_find(a, 4, 0, 2));
	assert_null(answers_find(a, 3, 5, 1));
	assert_null(answers_find(NULL, 0, 0, 1));
	/* Right ones only: a wrong answer and a skip count for nothing. */
	assert_int_equal(answers_right(a, 4), 2);
	assert_int_equal(answers_right(a, 3), 1);
	assert_int_equal(answers_right(NULL, 0), 0);
}

/* What a prompt says of the precision wanted, and the verdict echoing
 * what was typed (docs/lesson-format.md, "How answers are judged"). */
static void test_answers_texts(void **state)
{
	(void)state;
	char buf[128];
	struct cue c = {.kind = CUE_PREDICT, .tolerance = -1, .decimals = -1};
	answers_rule(buf, sizeof buf, &c);
	assert_string_equal(buf, "to 2 decimals or more");
	c.decimals = 1;
	answers_rule(buf, sizeof buf, &c);
	assert_string_equal(buf, "to 1 decimal or more");
	c.decimals = -1;
	c.tolerance = 0.0001;
	answers_rule(buf, sizeof buf, &c);
	assert_string_equal(buf, "within 0.0001");
	c.tolerance = 0.000001; /* never 1e-06 */
	answers_rule(buf, sizeof buf, &c);
	assert_string_equal(buf, "within 0.000001");
	c.tolerance = 0;
	answers_rule(buf, sizeof buf, &c);
	assert_string_equal(buf, "exactly");

	struct answer a = {0, 1, ANSWER_RIGHT, "-0.974"};
	answers_verdict(buf, sizeof buf, &a, "-0.97401842");
	assert_string_equal(buf, "You typed -0.974: right; the value is "
	                         "-0.97401842.");
	a.result = ANSWER_WRONG;
	snprintf(a.typed, sizeof a.typed, "-0.5");
	answers_verdict(buf, sizeof buf, &a, "-0.97401842");
	assert_string_equal(buf, "You typed -0.5: not right; the value is "
	                         "-0.97401842.");
	a.result = ANSWER_SKIPPED;
	a.typed[0] = '\0';
	answers_verdict(buf, sizeof buf, &a, "1");
	assert_string_equal(buf, "Skipped; the value is 1.");
}

/* judge TYPED VALUE: predict_judge with the default rule (N = 2) and 8
 * decimals shown. */
static int judge(const char *typed, double value)
{
	struct cue c = {.kind = CUE_PREDICT, .tolerance = -1, .decimals = -1};
	return predict_judge(typed, value, &c, 8);
}

/* The rule of docs/lesson-format.md, "How answers are judged", on its
 * hand-worked cases: each expected verdict is worked out there by
 * rounding the value by hand. */
static void test_predict_judge(void **state)
{
	(void)state;
	/* 0.40131234 to 2, 3 and 4 decimals: 0.40, 0.401, 0.4013. */
	assert_int_equal(judge("0.40", 0.40131234), ANSWER_RIGHT);
	assert_int_equal(judge("0.401", 0.40131234), ANSWER_RIGHT);
	assert_int_equal(judge("0.4013", 0.40131234), ANSWER_RIGHT);
	assert_int_equal(judge("0.4", 0.40131234), ANSWER_RIGHT);
	assert_int_equal(judge("4.013e-1", 0.40131234), ANSWER_RIGHT);
	assert_int_equal(judge("0.41", 0.40131234), ANSWER_WRONG);
	assert_int_equal(judge("0.402", 0.40131234), ANSWER_WRONG);
	assert_int_equal(judge("0.4012", 0.40131234), ANSWER_WRONG);
	assert_int_equal(judge("0.40131", 0.40131234), ANSWER_RIGHT);
	assert_int_equal(judge("0.40132", 0.40131234), ANSWER_WRONG);
	/* -0.97401842: -0.97, -0.974; a lost sign is wrong. */
	assert_int_equal(judge("-0.97", -0.97401842), ANSWER_RIGHT);
	assert_int_equal(judge("-0.974", -0.97401842), ANSWER_RIGHT);
	assert_int_equal(judge("-0.9740", -0.97401842), ANSWER_RIGHT);
	assert_int_equal(judge("-0.98", -0.97401842), ANSWER_WRONG);
	assert_int_equal(judge("-0.975", -0.97401842), ANSWER_WRONG);
	assert_int_equal(judge("0.97", -0.97401842), ANSWER_WRONG);
	assert_int_equal(judge("-1", -0.97401842), ANSWER_WRONG);
	/* Exactly halfway (0.125 is exact in binary): either neighbour. */
	assert_int_equal(judge("0.12", 0.125), ANSWER_RIGHT);
	assert_int_equal(judge("0.13", 0.125), ANSWER_RIGHT);
	assert_int_equal(judge("0.11", 0.125), ANSWER_WRONG);
	assert_int_equal(judge("0.125", 0.125), ANSWER_RIGHT);
	/* 0.405 is 0.40500000000000002665 in binary, but shown as 0.405:
	 * halfway as the student sees it. */
	assert_int_equal(judge("0.40", 0.405), ANSWER_RIGHT);
	assert_int_equal(judge("0.41", 0.405), ANSWER_RIGHT);
	/* Rounding up across a digit: 0.996 to 2 decimals is 1.00. */
	assert_int_equal(judge("1", 0.996), ANSWER_RIGHT);
	assert_int_equal(judge("1.00", 0.996), ANSWER_RIGHT);
	assert_int_equal(judge("0.99", 0.996), ANSWER_WRONG);
	assert_int_equal(judge("-1", -0.996), ANSWER_RIGHT);
	/* Negative zero: -0.001 to 2 decimals is -0.00, which is 0. */
	assert_int_equal(judge("0", -0.001), ANSWER_RIGHT);
	assert_int_equal(judge("0.00", -0.001), ANSWER_RIGHT);
	assert_int_equal(judge("-0.00", -0.001), ANSWER_RIGHT);
	assert_int_equal(judge("-0", 0.0), ANSWER_RIGHT);
	assert_int_equal(judge("0", -0.0), ANSWER_RIGHT);
	assert_int_equal(judge("0.01", -0.001), ANSWER_WRONG);
	/* More decimals than shown: digits past the 8th are not judged. */
	assert_int_equal(judge("-0.9740184249", -0.97401842), ANSWER_RIGHT);
	assert_int_equal(judge("-0.97401842000", -0.97401842), ANSWER_RIGHT);
	assert_int_equal(judge("-0.9740185", -0.97401842), ANSWER_WRONG);
	/* Whole numbers and exponents. */
	assert_int_equal(judge("25", 25.0), ANSWER_RIGHT);
	assert_int_equal(judge("2.5e1", 25.0), ANSWER_RIGHT);
	assert_int_equal(judge("1e-3", 0.001), ANSWER_RIGHT);
	assert_int_equal(judge("24", 25.0), ANSWER_WRONG);
	/* Not a number. */
	assert_int_equal(judge("abc", 1.0), -2);
	assert_int_equal(judge("", 1.0), -2);
	assert_int_equal(judge("1..2", 1.0), -2);

	/* `decimals 4`: 0.40 is judged to 4 decimals, 0.4000 against
	 * 0.4013; the value is shown to 4 decimals even when the player
	 * shows fewer. */
	struct cue c = {.kind = CUE_PREDICT, .tolerance = -1, .decimals = 4};
	assert_int_equal(predict_judge("0.40", 0.40131234, &c, 8),
	                 ANSWER_WRONG);
	assert_int_equal(predict_judge("0.4013", 0.40131234, &c, 8),
	                 ANSWER_RIGHT);
	assert_int_equal(predict_judge("0.4013", 0.40131234, &c, 2),
	                 ANSWER_RIGHT);
	/* `decimals 0`: whole numbers, 2.5 halfway. */
	c.decimals = 0;
	assert_int_equal(predict_judge("2", 2.5, &c, 8), ANSWER_RIGHT);
	assert_int_equal(predict_judge("3", 2.5, &c, 8), ANSWER_RIGHT);
	assert_int_equal(predict_judge("3", 2.7, &c, 8), ANSWER_RIGHT);
	assert_int_equal(predict_judge("2", 2.7, &c, 8), ANSWER_WRONG);
	/* `tolerance`: |answer - value| <= X, whatever the decimals. */
	c.decimals = -1;
	c.tolerance = 0.0001;
	assert_int_equal(predict_judge("-0.974", -0.97401842, &c, 8),
	                 ANSWER_RIGHT);
	assert_int_equal(predict_judge("-0.97", -0.97401842, &c, 8),
	                 ANSWER_WRONG);
	c.tolerance = 0;
	assert_int_equal(predict_judge("0.25", 0.25, &c, 8), ANSWER_RIGHT);
	assert_int_equal(predict_judge("0.2500001", 0.25, &c, 8),
	                 ANSWER_WRONG);
}

static void test_predict_parse(void **state)
{
	(void)state;
	double v;
	assert_int_equal(predict_parse("-0.5", &v), 0);
	assert_true(v == -0.5);
	assert_int_equal(predict_parse(" 1e-3 ", &v), 0);
	assert_true(v == 1e-3);
	assert_int_equal(predict_parse(".5", &v), 0);
	assert_true(v == 0.5);
	assert_int_equal(predict_parse("+2", &v), 0);
	assert_true(v == 2);
	static const char *const bad[] = {"", " ", "abc", "nan", "inf",
	                                  "1.2.3", "0x10", "1e999", "--1",
	                                  "1 2"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (predict_parse(bad[i], &v) == 0)
			fail_msg("'%s' parsed as %g", bad[i], v);
}

/* =====================================================================
 * Plot
 * ===================================================================== */

static void test_plot(void **state)
{
	(void)state;
	char out[8 * SPARKLINE_ROW_BYTES(8)];
	double lo, hi;
	/* A falling line in ASCII: top-left to bottom-right. */
	double fall[4] = {4, 3, 2, 1};
	assert_true(sparkline_range(fall, 4, &lo, &hi));
	assert_true(lo == 1 && hi == 4);
	sparkline_render(out, fall, 4, 4, 4, lo, hi, false);
	assert_string_equal(out + 0 * SPARKLINE_ROW_BYTES(4), "*   ");
	assert_string_equal(out + 1 * SPARKLINE_ROW_BYTES(4), " *  ");
	assert_string_equal(out + 2 * SPARKLINE_ROW_BYTES(4), "  * ");
	assert_string_equal(out + 3 * SPARKLINE_ROW_BYTES(4), "   *");
	/* Braille: a flat line is one row of dots; no data is blank. */
	double flat[3] = {1, 1, 1};
	sparkline_render(out, flat, 3, 2, 1, 0, 2, true);
	assert_int_equal(strlen(out), 6); /* two 3-byte braille cells */
	/* By hand: 4x4 dots, each value 1 of [0, 2] on dot row
	 * lround(0.5 * 3) = 2 of every dot column; dot row 2 is bit 0x04
	 * in a cell's left column and 0x20 in its right one, so both cells
	 * are U+2800 + 0x24 = U+2824, UTF-8 e2 a0 a4. */
	assert_string_equal(out, "\xe2\xa0\xa4\xe2\xa0\xa4");
	sparkline_render(out, NULL, 0, 3, 1, 0, 1, true);
	assert_string_equal(out, "   ");
	/* Non-finite values are skipped, not drawn. */
	double gap[2] = {0.0 / 0.0, 1};
	assert_true(sparkline_range(gap, 2, &lo, &hi));
	assert_true(lo == 1 && hi == 1);
	assert_false(sparkline_range(gap, 1, &lo, &hi));
	/* The current iteration's column. */
	assert_int_equal(sparkline_column(0, 100, 10, false), 0);
	assert_int_equal(sparkline_column(99, 100, 10, false), 9);
	assert_int_equal(sparkline_column(99, 100, 10, true), 9);
	assert_int_equal(sparkline_column(0, 1, 10, true), 0);
}

/* =====================================================================
 * Progress
 * ===================================================================== */

static void progress_is(long done, long total, double rate, const char *want)
{
	char buf[64];
	size_t n = status_line_progress(buf, sizeof buf, done, total, rate);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_progress_text(void **state)
{
	(void)state;
	progress_is(45, 100, 1.2e6, "fast-forward 45% 1.2M it/s");
	/* Rounded down: 100% only once every iteration is done. */
	progress_is(999, 1000, 850, "fast-forward 99% 850 it/s");
	progress_is(99999998, 99999999, 2.5e3, "fast-forward 99% 2.5k it/s");
	progress_is(1000, 1000, 12345, "fast-forward 100% 12k it/s");
	progress_is(1, 3, 25e6, "fast-forward 33% 25M it/s");
	/* No rate yet, nothing to do, nonsense counts. */
	progress_is(0, 100, 0, "fast-forward 0%");
	progress_is(5, 0, 0, "fast-forward 0%");
	progress_is(-5, 10, -1, "fast-forward 0%");
	progress_is(20, 10, 0, "fast-forward 100%");
	/* Cut to the buffer, NUL-terminated. */
	char small[10];
	assert_int_equal(status_line_progress(small, sizeof small, 1, 2, 1e6), 9);
	assert_string_equal(small, "fast-forw");
	assert_int_equal(status_line_progress(small, 0, 1, 2, 1e6), 0);
}

/* =====================================================================
 * Fit
 * ===================================================================== */


static void split_is(int rows, int fit, int loss)
{
	int f = -1, l = -1;
	plot_pane_split(rows, &f, &l);
	assert_int_equal(f, fit);
	assert_int_equal(l, loss);
}

static void test_plot_pane_split(void **state)
{
	(void)state;
	/* The rule of plot_pane.h: a loss plot needs 6 rows, a prediction
	 * plot 12. */
	split_is(-1, 0, 0);
	split_is(0, 0, 0);
	split_is(3, 3, 0);   /* the test loss and a note only */
	split_is(7, 7, 0);
	split_is(8, 2, 6);   /* the test loss and a note, the loss plot */
	split_is(11, 2, 9);
	split_is(12, 12, 0); /* the prediction plot alone */
	split_is(17, 17, 0);
	split_is(18, 12, 6); /* both: 120x40 beside the network */
	split_is(37, 25, 12); /* the loss a third */
}

/* A player (plain, or not: then its predictions follow the cursor)
 * with `lesson` open from its start, no state file read or written; the
 * caller closes it with close_app. */
static struct app *open_app(const char *lesson, bool plain, struct diags *d)
{
	struct app *a = calloc(1, sizeof *a);
	assert_non_null(a);
	a->diags = d;
	a->plain = plain;
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	assert_int_equal(app_open(a, lesson, true, d), 0);
	return a;
}

static void close_app(struct app *a, struct diags *d)
{
	app_close(a);
	diags_free(d);
	free(a);
}

/* The predictions come from the engine, with the parameters of the
 * cursor's iteration, and are remade only when it changes.  The fixture
 * (tests/lessons/predict.lesson, `scale x 0 2`) trains on x 0 to 1 and
 * tests on 0, 1 and 2. */
static void test_fit_engine(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("tests/lessons/predict.lesson", true, &d);
	struct fit *f = &a->fit;
	assert_true(f->on);
	assert_int_equal(f->p.n, 3);
	assert_true(f->p.plot_x[0] == 0 && f->p.plot_x[1] == 1 &&
	            f->p.plot_x[2] == 2);
	/* The ranges in the network's units: x / 2. */
	assert_true(f->p.train_lo[0] == 0 && f->p.train_hi[0] == 0.5);
	assert_true(f->p.test_lo[0] == 0 && f->p.test_hi[0] == 1);
	assert_int_equal(f->iteration, -1);

	fit_sync(f, &a->cur.trace);
	assert_int_equal(f->iteration, 0);
	assert_true(fit_plottable(f, &a->lesson));
	const struct net *tn = &f->p.net;
	int pred = tn->layer_tensor[a->lesson.n_layers][ROLE_A];
	assert_true(pred >= 0 && tn->residual >= 0);
	const double *p = f->p.trace.values + tn->tensors[pred].offset;
	const double *y = f->p.trace.values + tn->tensors[tn->target].offset;
	const double *r = f->p.trace.values + tn->tensors[tn->residual].offset;
	double p0[3];
	for (int s = 0; s < 3; s++) {
		p0[s] = p[s];
		assert_true(isfinite(p[s]));
		/* The residual is the engine's prediction minus target. */
		assert_true(r[s] == p[s] - y[s]);
	}
	assert_true(y[0] == 0 && y[1] == 1 && y[2] == 4);

	/* A memo: the same iteration does not run the net again. */
	double *cell = f->p.trace.values + tn->tensors[pred].offset;
	cell[0] = 42;
	fit_sync(f, &a->cur.trace);
	assert_true(cell[0] == 42);

	/* A later iteration: its own parameters, so other predictions. */
	assert_int_equal(cursor_goto(&a->cur, 4, 0), 0);
	fit_sync(f, &a->cur.trace);
	assert_int_equal(f->iteration, 4);
	bool moved = false;
	for (int s = 0; s < 3; s++)
		moved |= p[s] != p0[s];
	assert_true(moved);
	/* ... the engine's, for the parameters iteration 4 starts with. */
	struct lesson view;
	struct net n2;
	struct trace t2;
	struct step_result res;
	assert_int_equal(net_init_test(&n2, &view, &a->lesson, &d), 0);
	assert_int_equal(trace_init(&t2, &n2), 0);
	assert_int_equal(engine_forward(&n2, a->cur.trace.values, &t2, &res),
	                 0);
	const double *p2 = t2.values + n2.tensors[pred].offset;
	for (int s = 0; s < 3; s++)
		assert_true(p[s] == p2[s]);
	assert_true(f->p.res.loss == res.loss);
	trace_free(&t2);
	net_free(&n2);

	app_close(a);
	assert_false(f->on);
	assert_null(f->p.plot_x);
	close_app(a, &d);
}

/* A lesson without test data has no predictions. */
static void test_fit_none(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("tests/lessons/trask.lesson", true, &d);
	assert_false(a->fit.on);
	fit_sync(&a->fit, &a->cur.trace);
	assert_false(fit_plottable(&a->fit, &a->lesson));
	close_app(a, &d);
}

/* A virtual screen for frames; NULL when the terminal type is unknown.
 * The caller frees it with screen_free. */
static SCREEN *screen_new(FILE **in, FILE **out)
{
	*in = fopen("/dev/null", "r");
	*out = fopen("/dev/null", "w");
	assert_non_null(*in);
	assert_non_null(*out);
	SCREEN *scr = newterm("xterm", *out, *in);
	if (scr) {
		set_term(scr);
		resize_term(40, 120);
	}
	return scr;
}

static void screen_free(SCREEN *scr, FILE *in, FILE *out)
{
	if (scr) {
		endwin();
		delscreen(scr);
	}
	fclose(in);
	fclose(out);
}

/* The predictions are made when the cursor moves, never by a frame: a
 * frame after a cursor move the app was not told of still shows the old
 * iteration's.  Expected iterations: the ones the test moves to. */
static void test_fit_follows_moves(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("tests/lessons/predict.lesson", false, &d);
	/* Opening is a move to iteration 0. */
	assert_int_equal(a->fit.iteration, 0);
	assert_int_equal(move_to(a, 4, 0, false), 0);
	assert_int_equal(a->fit.iteration, 4);

	/* What the plot pane reads: the fixture's test data (x 0, 1, 2;
	 * y 0, 1, 4 in predict-test.csv), x in its own units although the
	 * lesson scales it, named as the lesson names them. */
	struct view v;
	app_view(a, &v);
	assert_true(v.fit.on && v.fit.plottable);
	assert_int_equal(v.fit.iteration, 4);
	assert_int_equal(v.fit.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_true(v.fit.x[i] == i);
		assert_true(v.fit.target[i] == i * i);
	}
	assert_string_equal(v.fit.x_name, "x");
	assert_true(v.fit.train_lo == 0 && v.fit.train_hi == 1);
	/* Training ends at 1 inside the test data's 0 to 2: one rule, at 1. */
	assert_int_equal(v.fit.n_rules, 1);
	assert_true(v.fit.rules[0] == 1);

	assert_int_equal(cursor_goto(&a->cur, 2, 0), 0);
	FILE *in, *out;
	SCREEN *scr = screen_new(&in, &out);
	if (scr) {
		a->show_plot = 1;
		app_frame(a);
		assert_int_equal(a->fit.iteration, 4);
	}
	app_moved(a, false);
	assert_int_equal(a->fit.iteration, 2);
	app_drop_windows(a);
	screen_free(scr, in, out);
	close_app(a, &d);
	if (!scr)
		skip();
}

/* Columns of the status line's separators, into cols (at most max);
 * returns how many. */
static int bars(const char *line, int *cols, int max)
{
	int n = 0;
	for (const char *p = line; (p = strstr(p, "│")) && n < max; p++)
		cols[n++] = text_width_n(line, (size_t)(p - line));
	return n;
}

/* The status line of trask-11 (27 operations: 4 dot products, 4
 * sigmoids, 4 errors, the loss, 4 derivatives, 4 deltas, 3 gradients, 3
 * updates; iterations 0 to 9999) through every operation of its first
 * and last iterations, with a score and while running at 100,000
 * operations a second, at 60 to 120 columns: the separators never move,
 * the line never reaches the last column, the counters are whole, the
 * title is the lesson's, whole or cut once with "…", and the speed is
 * whole or not there (then the hint line shows it). */
static void test_status_fixed(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	struct diags d = {0};
	struct app *a = open_app("lessons/trask-11.lesson", false, &d);
	a->utf8 = true;
	const char *title = "The annotated 11-line network";
	struct answer right = {.result = ANSWER_RIGHT};
	static const int widths[] = {60, 80, 100, 120};
	for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
		int width = widths[wi], first[16], nfirst = -1;
		int plain[16], nplain = 0;
		for (int pass = 0; pass < 4; pass++) {
			if (pass == 2) {
				/* The score and the speed add fields: to the
				 * right of the others, which stay. */
				nplain = nfirst;
				memcpy(plain, first, sizeof first);
				nfirst = -1;
			}
			long it = pass & 1 ? 9999 : 0;
			for (size_t step = 0; step < 27; step++) {
				assert_int_equal(cursor_goto(&a->cur, it, step), 0);
				struct view v;
				app_view(a, &v);
				/* Passes 2 and 3: one question answered, and
				 * running. */
				if (pass >= 2) {
					v.answers = &right;
					v.n_answers = 1;
					v.run_speed = 100000;
				}
				char line[1024], want[64];
				status_line_text(&v, width, line, sizeof line);
				assert_true(text_width(line) <= width - 1);
				int cols[16], n = bars(line, cols, 16);
				if (nfirst < 0) {
					nfirst = n;
					memcpy(first, cols, sizeof cols);
				}
				assert_int_equal(n, nfirst);
				assert_memory_equal(cols, first,
				                    (size_t)n * sizeof *cols);
				if (pass >= 2) {
					assert_true(n >= nplain);
					assert_memory_equal(cols, plain,
					                    (size_t)nplain *
					                            sizeof *cols);
				}
				snprintf(want, sizeof want, " %ld/9999", it);
				assert_non_null(strstr(line, want));
				snprintf(want, sizeof want, "op %zu/27", step + 1);
				assert_non_null(strstr(line, want));
				/* A full-batch lesson: no epoch, no batch. */
				assert_null(strstr(line, "batch"));
				/* The title, when there is one. */
				const char *bar = strstr(line, "│");
				assert_non_null(bar);
				char t[256];
				snprintf(t, sizeof t, "%.*s", (int)(bar - line), line);
				char *end = t + strlen(t);
				while (end > t && end[-1] == ' ')
					*--end = '\0';
				char *tt = t + 1;
				if (!strstr(tt, "it ") && *tt) {
					size_t tl = strlen(tt);
					bool whole = strcmp(tt, title) == 0;
					bool cut = tl > 3 &&
					           strcmp(tt + tl - 3, "…") == 0 &&
					           strncmp(title, tt, tl - 3) == 0;
					assert_true(whole || cut);
				}
				if (pass >= 2) {
					assert_non_null(strstr(line, "1/1"));
					assert_true(status_line_shows_speed(&v, width)
					                    ? strstr(line, "▶ 100000/s") != NULL
					                    : strstr(line, "▶") == NULL);
				}
			}
		}
	}
	close_app(a, &d);
}

/* A mini-batch lesson's epoch and batch, one more fixed field:
 * tests/lessons/minibatch.lesson has 23 samples in batches of 5, so 4
 * batches an epoch (the last 3 samples sit each epoch out) and 5 epochs,
 * iterations 0 to 19; iteration i is epoch i / 4, batch i % 4 + 1 (by
 * hand, docs/lesson-format.md's rule).  At 60 to 120 columns, at the
 * first and last operation of every iteration: the field says so
 * whole, its separators never move, the line never reaches the last
 * column. */
static void test_status_epoch(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	struct diags d = {0};
	struct app *a = open_app("tests/lessons/minibatch.lesson", false, &d);
	a->utf8 = true;
	static const int widths[] = {60, 80, 100, 120};
	for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
		int width = widths[wi], first[16], nfirst = -1;
		for (long it = 0; it < 20; it++) {
			assert_int_equal(cursor_goto(&a->cur, it, 0), 0);
			size_t last = a->cur.trace.n_ops - 1;
			for (size_t step = 0; step <= last; step += last) {
				assert_int_equal(cursor_goto(&a->cur, it, step), 0);
				struct view v;
				app_view(a, &v);
				char line[1024], want[64];
				status_line_text(&v, width, line, sizeof line);
				assert_true(text_width(line) <= width - 1);
				snprintf(want, sizeof want, "%s %ld batch %ld/4 ",
				         width >= 100 ? "epoch" : "ep", it / 4,
				         it % 4 + 1);
				assert_non_null(strstr(line, want));
				int cols[16], n = bars(line, cols, 16);
				if (nfirst < 0) {
					nfirst = n;
					memcpy(first, cols, sizeof cols);
				}
				assert_int_equal(n, nfirst);
				assert_memory_equal(cols, first,
				                    (size_t)n * sizeof *cols);
				if (!last)
					break;
			}
		}
	}
	/* Two-digit epochs and batches: the same lesson's trace told it
	 * has 11 batches an epoch and iterations 0 to 131 (epochs 0 to
	 * 11); "epoch 0 batch 1/11" holds the place of "epoch 11 batch
	 * 11/11", so the separators after it stand still. */
	a->cur.last = 131;
	a->cur.trace.per_epoch = 11;
	static const long eb[][2] = {{0, 0}, {11, 10}, {5, 9}, {10, 2}};
	int first[16], nfirst = -1;
	for (size_t i = 0; i < sizeof eb / sizeof *eb; i++) {
		a->cur.trace.epoch = eb[i][0];
		a->cur.trace.batch = eb[i][1];
		struct view v;
		app_view(a, &v);
		char line[1024], want[64];
		status_line_text(&v, 120, line, sizeof line);
		snprintf(want, sizeof want, "epoch %ld batch %ld/11", eb[i][0],
		         eb[i][1] + 1);
		assert_non_null(strstr(line, want));
		int cols[16], n = bars(line, cols, 16);
		if (nfirst < 0) {
			nfirst = n;
			memcpy(first, cols, sizeof cols);
		}
		assert_int_equal(n, nfirst);
		assert_memory_equal(cols, first, (size_t)n * sizeof *cols);
	}
	close_app(a, &d);
}

/* While a saved lesson does not load, its error stands in the title's
 * place: whole where the fields leave room for it (at 120 columns,
 * without the phase), else cut once with "…"; the position stays. */
static void test_status_reload_error(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	struct diags d = {0};
	struct app *a = open_app("lessons/trask-11.lesson", false, &d);
	a->utf8 = true;
	const char *err = "/tmp/work/trask-11.lesson:23:6: error: seed 'x' "
	                  "is not a whole number";
	snprintf(a->reload_error, sizeof a->reload_error, "%s", err);
	static const int widths[] = {60, 80, 100, 120};
	for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
		int width = widths[wi];
		struct view v;
		app_view(a, &v);
		char line[1024];
		status_line_text(&v, width, line, sizeof line);
		assert_true(text_width(line) <= width - 1);
		assert_non_null(strstr(line, "op 1/27"));
		assert_null(strstr(line, "11-line"));
		const char *bar = strstr(line, " │");
		assert_non_null(bar);
		char t[256];
		snprintf(t, sizeof t, "%.*s", (int)(bar - line - 1), line + 1);
		char *end = t + strlen(t);
		while (end > t && end[-1] == ' ')
			*--end = '\0';
		size_t tl = strlen(t);
		if (width == 120)
			assert_string_equal(t, err);
		else
			assert_true(tl > 3 && strcmp(t + tl - 3, "…") == 0 &&
			            strncmp(err, t, tl - 3) == 0);
	}
	close_app(a, &d);
}

/* While a question waits, predict_key takes the answer's characters,
 * refuses the keys that move on and hands back, for the caller to
 * perform, those allowed meanwhile.  tests/lessons/trask.lesson asks
 * its question at iteration 0's second operation. */
static void test_predict_keys(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("tests/lessons/trask.lesson", true, &d);
	action_do(a, DO_NEXT_OP);
	assert_true(a->q_active);
	assert_int_equal(a->mode, MODE_PREDICT);
	assert_int_equal(a->cur.step, 1);

	/* Moving on is refused, with a message; nothing moves. */
	assert_int_equal(predict_key(a, KEY_RIGHT), -1);
	assert_int_equal(predict_key(a, 'G'), -1);
	assert_true(a->msg[0] != '\0');
	assert_int_equal(a->cur.step, 1);
	/* The answer's characters are typed, not bound keys ('e' too). */
	assert_int_equal(predict_key(a, '-'), -1);
	assert_int_equal(predict_key(a, '1'), -1);
	assert_int_equal(predict_key(a, 'e'), -1);
	assert_string_equal(a->input, "-1e");
	assert_int_equal(predict_key(a, KEY_BACKSPACE), -1);
	assert_string_equal(a->input, "-1");
	/* Allowed meanwhile: handed back as the key table's actions. */
	assert_int_equal(predict_key(a, 'p'), DO_PREV_OP);
	assert_int_equal(predict_key(a, '?'), DO_HELP);
	assert_int_equal(predict_key(a, 'q'), DO_QUIT);
	assert_int_equal(predict_key(a, 'Z'), -1);
	assert_true(a->q_active);

	/* The dispatcher performs what it hands back: back one step. */
	action_key(a, 'p');
	assert_int_equal(a->cur.step, 0);
	assert_false(a->q_active);

	/* Back on the question, Esc skips it: one answer, none right. */
	action_do(a, DO_NEXT_OP);
	assert_true(a->q_active);
	assert_int_equal(predict_key(a, 27), -1);
	assert_false(a->q_active);
	assert_int_equal(a->state.n, 1);
	assert_int_equal(state_right(&a->state), 0);
	assert_int_equal(a->state.answers[0].result, ANSWER_SKIPPED);
	close_app(a, &d);
}

/* =====================================================================
 * Getting around
 * ===================================================================== */

/* The go-to prompt and plain mode's g: a number, `last`, `end`; an empty
 * or bad entry moves nowhere and says so.  tests/lessons/trask.lesson
 * runs 10,000 iterations (0 to 9999) of 27 operations. */
static void test_goto_text(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("tests/lessons/trask.lesson", true, &d);
	assert_int_equal(move_goto(a, "12"), 0);
	assert_int_equal(a->cur.trace.iteration, 12);
	assert_int_equal(a->cur.step, 0);
	assert_int_equal(move_goto(a, ""), -1);
	assert_non_null(strstr(a->msg, "No iteration typed"));
	assert_non_null(strstr(a->msg, "iteration 12"));
	assert_int_equal(a->cur.trace.iteration, 12);
	assert_int_equal(move_goto(a, "abc"), -1);
	assert_non_null(strstr(a->msg, "'abc'"));
	assert_int_equal(a->cur.trace.iteration, 12);
	assert_int_equal(move_goto(a, " last "), 0);
	assert_int_equal(a->cur.trace.iteration, 9999);
	assert_int_equal(a->cur.step, 0);
	assert_int_equal(move_goto(a, "3"), 0);
	assert_int_equal(move_goto(a, "end"), 0);
	assert_int_equal(a->cur.trace.iteration, 9999);
	assert_int_equal(a->cur.step, 26);
	/* Past the last: there, saying so (even past what a long holds). */
	assert_int_equal(move_goto(a, "99999999999999999999999"), 0);
	assert_int_equal(a->cur.trace.iteration, 9999);
	assert_non_null(strstr(a->msg, "The last iteration is 9999"));
	/* The prompt takes the letters: ':' then "last", Enter. */
	move_goto(a, "5");
	action_key(a, ':');
	assert_int_equal(a->mode, MODE_GOTO);
	for (const char *k = "last"; *k; k++)
		action_key(a, *k);
	action_key(a, '\n');
	assert_int_equal(a->mode, MODE_NORMAL);
	assert_int_equal(a->cur.trace.iteration, 9999);
	/* ... and Enter on nothing says what it did. */
	action_key(a, ':');
	action_key(a, '\n');
	assert_int_equal(a->mode, MODE_NORMAL);
	assert_non_null(strstr(a->msg, "No iteration typed"));
	close_app(a, &d);
}

/* Titles in the `o` list are cut at a word, with the ellipsis: the
 * expected texts are counted by hand (29 columns before the … of 30). */
static void test_list_cut(void **state)
{
	(void)state;
	char out[128];
	const char *t = "Backpropagation in matrix form: an MLP on two circles";
	list_overlay_cut(out, sizeof out, t, 80, "…");
	assert_string_equal(out, t);
	list_overlay_cut(out, sizeof out, t, 30, "…");
	assert_string_equal(out, "Backpropagation in matrix…");
	/* 32 columns reach "form: ": no colon or blank before the … */
	list_overlay_cut(out, sizeof out, t, 33, "…");
	assert_string_equal(out, "Backpropagation in matrix form…");
	/* One word longer than the room is cut inside it. */
	list_overlay_cut(out, sizeof out, t, 10, "...");
	assert_string_equal(out, "Backpro...");
	/* A cut just before a blank keeps the whole word. */
	list_overlay_cut(out, sizeof out, "one two three", 8, "…");
	assert_string_equal(out, "one two…");
}

/* The resume offer says nothing about questions before one is
 * answered (a lesson without questions never has one). */
static void test_resume_text(void **state)
{
	(void)state;
	struct lesson l = {.title = "T"};
	struct view v = {.lesson = &l, .saved_iteration = 150,
	                 .saved_step = 0};
	char buf[256];
	resume_overlay_text(buf, sizeof buf, &v);
	assert_string_equal(buf, "You left \"T\" at iteration 150, operation "
	                         "1.");
	const struct answer ans[] = {{0, 1, ANSWER_RIGHT, "1"},
	                             {0, 2, ANSWER_SKIPPED, ""}};
	v.answers = ans;
	v.n_answers = 2;
	resume_overlay_text(buf, sizeof buf, &v);
	assert_string_equal(buf, "You left \"T\" at iteration 150, operation "
	                         "1, with 1 of 2 answered questions right.");
}

/* Plain mode with `input` on standard input; returns what it wrote
 * (the caller frees it). */
static char *run_plain(struct app *a, const char *input)
{
	FILE *in = fmemopen((void *)input, strlen(input), "r");
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(in);
	assert_non_null(out);
	assert_int_equal(plain_run(a, in, out), 0);
	fclose(in);
	fclose(out);
	return text;
}

/* The saved position in the state file of the lesson at path, read
 * back by state_load. */
static long saved_iteration(const char *lesson)
{
	char abs[PATH_MAX], file[PATH_MAX], err[256];
	assert_non_null(realpath(lesson, abs));
	assert_int_equal(state_path(file, sizeof file, abs), 0);
	struct state s;
	state_init(&s);
	assert_int_equal(state_load(&s, file, abs, err, sizeof err), 0);
	long it = s.iteration;
	state_free(&s);
	return it;
}

/* A plain-mode player on `lesson`, its state under the test's folder. */
static struct app *open_saved(const char *lesson, bool fresh,
                              struct diags *d)
{
	struct app *a = calloc(1, sizeof *a);
	assert_non_null(a);
	a->diags = d;
	a->plain = true;
	setenv("XDG_STATE_HOME", dir, 1);
	assert_int_equal(app_open(a, lesson, fresh, d), 0);
	return a;
}

/* Issue 12, item 1: plain mode resumes where it was left, and saves.
 * g 150 then q; the next run offers iteration 150 and Enter goes
 * there; q at the offer keeps the place; n starts over. */
static void test_plain_resume(void **state)
{
	(void)state;
	const char *lesson = "tests/lessons/trask.lesson";
	struct diags d = {0};
	struct app *a = open_saved(lesson, true, &d);
	free(run_plain(a, "g 150\nq\n"));
	close_app(a, &d);
	assert_int_equal(saved_iteration(lesson), 150);

	a = open_saved(lesson, false, &d);
	assert_int_equal(a->mode, MODE_RESUME);
	char *out = run_plain(a, "\nq\n");
	assert_int_equal(a->cur.trace.iteration, 150);
	assert_non_null(strstr(out, "iteration 150, operation 1 of 27"));
	assert_null(strstr(out, "not a key"));
	free(out);
	close_app(a, &d);
	assert_int_equal(saved_iteration(lesson), 150);

	a = open_saved(lesson, false, &d);
	free(run_plain(a, "y\ni\nq\n"));
	assert_int_equal(a->cur.trace.iteration, 151);
	close_app(a, &d);
	assert_int_equal(saved_iteration(lesson), 151);

	a = open_saved(lesson, false, &d);
	free(run_plain(a, "q\n"));
	close_app(a, &d);
	assert_int_equal(saved_iteration(lesson), 151);

	a = open_saved(lesson, false, &d);
	free(run_plain(a, "n\nq\n"));
	assert_int_equal(a->cur.trace.iteration, 0);
	close_app(a, &d);
	assert_int_equal(saved_iteration(lesson), 0);
	unsetenv("XDG_STATE_HOME");
}

/* layout_compute with the picture pane on, wanting `need` rows and of
 * use in `min`. */
static void lay_picture(struct layout *l, int rows, int cols, bool plot,
                        bool net, int matrix_need, int need, int min)
{
	struct layout_want w = {plot, net, false, matrix_need, 0, true, need,
	                        min};
	layout_compute(l, rows, cols, &w);
}

/* The picture pane's rows (digits: 21 wanted, 9 at least), by hand from
 * the layout's rules: narrow, it takes the lesson pane's rows, kept at
 * its minimum from the matrix pane (80x24: 22 body rows - 5 for the
 * operation - 9 leaves the matrix 8); beside plot and network, the
 * top of the side column, leaving them their minimum (7 and 5); where
 * even its own minimum does not fit, it is dropped and the lesson pane
 * is whole. */
static void test_picture_layout(void **state)
{
	(void)state;
	struct layout l;
	lay_picture(&l, 24, 80, false, false, 24, 21, 9);
	struct rect p = l.pane[PANE_PICTURE];
	assert_int_equal(p.h, 9);
	assert_int_equal(p.y, 1 + 8 + 5);
	assert_int_equal(p.x, 41);
	assert_int_equal(p.w, 39);
	assert_int_equal(l.pane[PANE_LESSON].w, 40);
	assert_false(l.dropped[PANE_PICTURE]);

	lay_picture(&l, 20, 60, false, false, 20, 21, 9);
	assert_int_equal(l.pane[PANE_PICTURE].h, 9);
	assert_int_equal(l.pane[PANE_MATRIX].h, 18 - 5 - 9);

	/* Narrow with the plot: the lesson pane keeps 9 + 7 of 80x30's 28
	 * body rows; the picture its 9 on top, the plot the other 7. */
	lay_picture(&l, 30, 80, true, false, 30, 21, 9);
	assert_int_equal(l.pane[PANE_MATRIX].h, 28 - 5 - 16);
	assert_int_equal(l.pane[PANE_PICTURE].h, 9);
	assert_int_equal(l.pane[PANE_PLOT].y, l.pane[PANE_PICTURE].y + 9);
	assert_int_equal(l.pane[PANE_PLOT].h, 7);

	/* 120x40 with plot and network: 38 rows, 21 for the picture, 17
	 * left: 8 for the plot (half), 9 for the network. */
	lay_picture(&l, 40, 120, true, true, 40, 21, 9);
	p = l.pane[PANE_PICTURE];
	assert_int_equal(p.y, 1);
	assert_int_equal(p.h, 21);
	assert_int_equal(l.pane[PANE_PLOT].y, 22);
	assert_int_equal(l.pane[PANE_PLOT].h, 8);
	assert_int_equal(l.pane[PANE_NETWORK].h, 9);
	assert_int_equal(p.x, l.pane[PANE_PLOT].x);
	/* 120x24: 22 rows, 12 kept for the plot and network, 10 for the
	 * picture (of 21). */
	lay_picture(&l, 24, 120, true, true, 24, 21, 9);
	assert_int_equal(l.pane[PANE_PICTURE].h, 10);
	assert_int_equal(l.pane[PANE_PLOT].h, 7);
	assert_int_equal(l.pane[PANE_NETWORK].h, 5);
	/* 120x20: 18 rows, 6 left over the others' 12: dropped, and the
	 * plot and network as without it. */
	lay_picture(&l, 20, 120, true, true, 20, 21, 9);
	assert_true(l.dropped[PANE_PICTURE]);
	assert_int_equal(l.pane[PANE_PICTURE].h, 0);
	assert_int_equal(l.pane[PANE_PLOT].y, 1);
	assert_int_equal(l.pane[PANE_PLOT].h, 9);
	assert_int_equal(l.pane[PANE_NETWORK].h, 9);
	/* Alone in the column: all of it. */
	lay_picture(&l, 40, 120, false, false, 40, 21, 9);
	assert_int_equal(l.pane[PANE_PICTURE].h, 38);
	assert_true(l.side);
	/* 60x16: 14 body rows, 5 for the operation, the matrix's 4: 5
	 * for the lesson, too few for 9. */
	lay_picture(&l, 16, 60, false, false, 16, 21, 9);
	assert_int_equal(l.pane[PANE_PICTURE].h, 0);
	assert_true(l.dropped[PANE_PICTURE]);
	assert_int_equal(l.pane[PANE_LESSON].w, 60);
	/* Off, whatever it would ask for: the layout without it. */
	struct layout m;
	lay(&m, 24, 80, true, false, 10);
	struct layout_want off = {true, false, false, 10, 0, false, 21, 9};
	layout_compute(&l, 24, 80, &off);
	assert_memory_equal(&m, &l, sizeof m);
	lay(&m, 40, 120, true, true, 40);
	off = (struct layout_want){true, true, false, 40, 0, false, 21, 9};
	layout_compute(&l, 40, 120, &off);
	assert_memory_equal(&m, &l, sizeof m);
}

/* =====================================================================
 * The picture pane (tui/classes.h)
 * ===================================================================== */

/* Row `sample` (from 0, after the header) of datasets/digits-train.csv:
 * its 64 pixels and its digit, read here from the CSV itself. */
static void digits_row(size_t sample, double px[64], int *digit)
{
	FILE *f = fopen("datasets/digits-train.csv", "r");
	assert_non_null(f);
	char line[1024];
	assert_non_null(fgets(line, sizeof line, f)); /* the header */
	for (size_t s = 0; s <= sample; s++)
		assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	char *p = line;
	for (int i = 0; i < 64; i++) {
		px[i] = strtod(p, &p);
		assert_int_equal(*p, ',');
		p++;
	}
	*digit = (int)strtol(p, NULL, 10);
}

/* The step that writes the last of batch row `pos`'s outputs (the
 * output tensor's cells of that row, samples as rows in digits). */
static size_t last_output_step(const struct app *a, size_t pos)
{
	const struct net *n = &a->net;
	int o = n->layer_tensor[n->lesson->n_layers][ROLE_A];
	size_t last = 0;
	for (size_t s = 0; s < a->cur.trace.n_ops; s++) {
		const struct op *op = &a->cur.trace.ops[s];
		if (op->tensor == (uint32_t)o &&
		    op->index / n->tensors[o].cols == pos)
			last = s;
	}
	return last;
}

/* digits: the picture is the batch sample's pixels from the CSV scaled
 * by the lesson's `scale-all 0 16` (hand: pixel / 16), shaded against
 * the training pixels' range 0..1 (the CSV's pixels run 0 to 16); its
 * label is the CSV's digit; the guess appears only once the forward
 * phase has computed the sample's ten outputs, and not while a question
 * waits on the last of them. */
static void test_picture_sample(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("lessons/digits.lesson", false, &d);
	struct view v;
	app_view(a, &v);
	const struct view_classes *c = &v.classes;
	assert_true(c->on && c->picture && c->classes && c->counts);
	assert_int_equal(c->rows, 8);
	assert_int_equal(c->cols, 8);
	assert_true(c->lo == 0 && c->hi == 1);
	assert_int_equal(c->batch, 32);
	assert_int_equal(c->pos, 0);
	assert_int_equal(c->sample, a->cur.trace.samples[0]);
	double px[64];
	int digit;
	digits_row(c->sample, px, &digit);
	for (int i = 0; i < 64; i++)
		assert_true(c->pixels[i] == px[i] / 16);
	assert_int_equal(c->label, digit);
	assert_false(c->guessed);

	/* Row 3's outputs: the guess the step they are all computed. */
	size_t last = last_output_step(a, 3);
	assert_true(last > 0);
	assert_int_equal(cursor_goto(&a->cur, 0, last - 1), 0);
	app_moved(a, false);
	app_view(a, &v);
	assert_int_equal(c->pos, 3); /* the cursor's cell is row 3's */
	assert_false(c->guessed);
	assert_int_equal(cursor_goto(&a->cur, 0, last), 0);
	app_moved(a, false);
	app_view(a, &v);
	assert_true(c->guessed);
	assert_true(c->guess < 10);
	/* The guess is the largest of the row's ten outputs. */
	const struct tensor *pt = &a->net.tensors[a->net.layer_tensor[2][ROLE_A]];
	const double *row = a->cur.trace.values + pt->offset + 3 * pt->cols;
	for (size_t j = 0; j < 10; j++)
		assert_true(row[j] <= c->prob);
	assert_true(row[c->guess] == c->prob);
	a->q_active = true; /* a question on this very output */
	app_view(a, &v);
	assert_false(c->guessed);
	a->q_active = false;

	/* A parameter's cell keeps the sample; i steps through the batch. */
	assert_int_equal(cursor_goto(&a->cur, 0, a->cur.trace.n_ops - 1), 0);
	app_moved(a, false);
	app_view(a, &v);
	assert_int_equal(c->pos, 3);
	action_do(a, DO_NEXT_SAMPLE);
	app_view(a, &v);
	assert_int_equal(c->pos, 4);
	assert_int_equal(c->sample, a->cur.trace.samples[4]);
	close_app(a, &d);
}

/* The confusion matrix counts the 359 held-out digits (the lines of
 * datasets/digits-test.csv after its header) for the network at the
 * cursor: at the start of the iteration, then after its update on its
 * last operation; remade only when that changes. */
static void test_picture_confusion(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("lessons/digits.lesson", false, &d);
	struct view v;
	app_view(a, &v);
	const struct view_classes *c = &v.classes;
	assert_non_null(c->matrix);
	assert_int_equal(c->iteration, 0);
	assert_false(c->after);
	assert_int_equal(c->matrix->k, 10);
	assert_int_equal(c->matrix->n, 359);
	size_t sum = 0, diag = 0;
	for (size_t i = 0; i < 100; i++)
		sum += c->matrix->count[i];
	for (size_t i = 0; i < 10; i++)
		diag += c->matrix->count[i * 11];
	assert_int_equal(sum, 359);
	assert_int_equal(diag, c->matrix->right);
	assert_int_equal(move_to(a, 2, CURSOR_END, false), 0);
	app_view(a, &v);
	assert_int_equal(c->iteration, 2);
	assert_true(c->after);
	assert_int_equal(move_to(a, 2, 0, false), 0);
	app_view(a, &v);
	assert_false(c->after);
	close_app(a, &d);
}

/* A lesson without `image` or classes has no picture pane; iris (three
 * classes, test data, no image) has the matrix alone. */
static void test_picture_none(void **state)
{
	(void)state;
	struct diags d = {0};
	struct app *a = open_app("tests/lessons/trask.lesson", false, &d);
	struct view v;
	app_view(a, &v);
	assert_false(v.classes.on);
	assert_int_equal(picture_pane_min(&v), 0);
	assert_int_equal(picture_pane_need(&v), 0);
	assert_false(app_picture_shown(a));
	close_app(a, &d);
	a = open_app("lessons/iris.lesson", false, &d);
	app_view(a, &v);
	assert_true(v.classes.on && v.classes.counts);
	assert_false(v.classes.picture);
	/* The title, the line naming the network, the header, 3 classes. */
	assert_int_equal(picture_pane_min(&v), 6);
	assert_int_equal(picture_pane_need(&v), 6);
	close_app(a, &d);
	a = open_app("lessons/digits.lesson", false, &d);
	app_view(a, &v);
	/* The title and the 8 rows of the picture; then 2 + 10 rows. */
	assert_int_equal(picture_pane_min(&v), 9);
	assert_int_equal(picture_pane_need(&v), 21);
	close_app(a, &d);
}

int main(void)
{
	/* Widths of σ and box drawing need a UTF-8 locale. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_picture_layout),
		cmocka_unit_test(test_picture_sample),
		cmocka_unit_test(test_picture_confusion),
		cmocka_unit_test(test_picture_none),
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_layout_80x24),
		cmocka_unit_test(test_layout_roomy),
		cmocka_unit_test(test_layout_op_need),
		cmocka_unit_test(test_layout_side_panes),
		cmocka_unit_test(test_keys_unique),
		cmocka_unit_test(test_keys_every_action_has_help),
		cmocka_unit_test(test_keys_issue_bindings),
		cmocka_unit_test(test_keys_names),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_text_width_fit),
		cmocka_unit_test(test_state_path),
		cmocka_unit_test_setup_teardown(test_state_roundtrip, make_dir,
		                                remove_dir),
		cmocka_unit_test_setup_teardown(test_state_corrupt, make_dir,
		                                remove_dir),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_answers_texts),
		cmocka_unit_test(test_predict_judge),
		cmocka_unit_test(test_predict_parse),
		cmocka_unit_test(test_predict_keys),
		cmocka_unit_test(test_plot),
		cmocka_unit_test(test_progress_text),
		cmocka_unit_test(test_plot_pane_split),
		cmocka_unit_test(test_status_fixed),
		cmocka_unit_test(test_status_epoch),
		cmocka_unit_test(test_status_reload_error),
		cmocka_unit_test(test_fit_engine),
		cmocka_unit_test(test_fit_none),
		cmocka_unit_test(test_fit_follows_moves),
		cmocka_unit_test(test_goto_text),
		cmocka_unit_test(test_list_cut),
		cmocka_unit_test(test_resume_text),
		cmocka_unit_test_setup_teardown(test_plain_resume, make_dir,
		                                remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
