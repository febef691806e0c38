/* Tests for plot: values mapped to character cells.
 *
 * Expected cells are worked out by hand from the mapping the header
 * documents: a value's dot is the nearest of (cells x dots per cell)
 * evenly spaced dots from the range's low end to its high end, braille
 * cells holding 2 x 4 dots and ASCII cells 1 x 2.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/plot.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct plot_options bare_ascii = {
	.utf8 = false, .frame = false, .x_min = NAN, .x_max = NAN,
	.y_min = NAN, .y_max = NAN};

static char row_buf[PLOT_ROW_BYTES(1000)];

static const char *row(const struct plot_grid *g, int r)
{
	plot_grid_text(g, r, row_buf, sizeof row_buf);
	return row_buf;
}

/* Characters (code points) of UTF-8 text. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static size_t count_role(const struct plot_grid *g, enum plot_role role)
{
	size_t n = 0;
	for (int i = 0; i < g->width * g->height; i++)
		n += g->cells[i].role == role;
	return n;
}

static const struct plot_cell *at(const struct plot_grid *g, int r, int c)
{
	return &g->cells[r * g->width + c];
}

/* y = x from 0 to 9 in a 10 x 5 ASCII grid with both ranges fixed to
 * [0, 9]: dot column x, dot row 9 - y, two dots per cell, so each cell
 * row holds two points: the higher ('-') on the right, the lower ('_')
 * on the left. */
static void test_straight_line_ascii(void **state)
{
	(void)state;
	double x[10], y[10];
	for (int i = 0; i < 10; i++)
		x[i] = y[i] = i;
	struct plot_series s = {"y", x, y, 10, PLOT_LINE, NULL};
	struct plot_options o = bare_ascii;
	o.x_min = o.y_min = 0;
	o.x_max = o.y_max = 9;
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 10, 5, &s, 1, &o), 0);
	assert_int_equal(g.area_left, 0);
	assert_int_equal(g.area_width, 10);
	assert_string_equal(row(&g, 0), "        _-");
	assert_string_equal(row(&g, 1), "      _-");
	assert_string_equal(row(&g, 2), "    _-");
	assert_string_equal(row(&g, 3), "  _-");
	assert_string_equal(row(&g, 4), "_-");
	for (int i = 0; i < 10; i++) {
		assert_int_equal(plot_grid_column(&g, x[i]), i);
		assert_int_equal(plot_grid_row(&g, y[i]), (9 - i) / 2);
		assert_int_equal(at(&g, (9 - i) / 2, i)->role, PLOT_DATA);
	}
	assert_int_equal(count_role(&g, PLOT_DATA), 10);
	plot_grid_free(&g);
}

/* The same in braille: a 5 x 3 grid is 10 x 12 dots; y = x over [0, 9]
 * by [0, 11] puts point i at dot (i, 11 - i), a diagonal through the
 * cells (row (11 - i) / 4, column i / 2). */
static void test_straight_line_braille(void **state)
{
	(void)state;
	double x[10], y[10];
	for (int i = 0; i < 10; i++)
		x[i] = y[i] = i;
	struct plot_series s = {NULL, x, y, 10, PLOT_LINE, NULL};
	struct plot_options o = bare_ascii;
	o.utf8 = true;
	o.x_min = 0;
	o.x_max = 9;
	o.y_min = 0;
	o.y_max = 11;
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 5, 3, &s, 1, &o), 0);
	assert_int_equal(g.dots_x, 2);
	assert_int_equal(g.dots_y, 4);
	size_t lit = 0;
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 5; c++) {
			bool want = false;
			for (int i = 0; i < 10; i++)
				want |= (11 - i) / 4 == r && i / 2 == c;
			assert_int_equal(at(&g, r, c)->role,
			                 want ? PLOT_DATA : PLOT_BLANK);
			lit += want;
		}
	assert_int_equal(lit, 5);
	/* Bottom-left cell: dots (0, 11), (1, 10): the left column's
	 * bottom dot (0x40) and the right column's third (0x20), U+2860. */
	assert_string_equal(at(&g, 2, 0)->glyph, "\xe2\xa1\xa0");
	/* Top-right cell: dots (8, 3), (9, 2): 0x40 and 0x20 again. */
	assert_string_equal(at(&g, 0, 4)->glyph, "\xe2\xa1\xa0");
	plot_grid_free(&g);
}

/* A NaN or infinite value is not drawn, and the line does not join the
 * points either side of it. */
static void test_nonfinite_skipped(void **state)
{
	(void)state;
	double y[7] = {1, 1, NAN, 1, 1, INFINITY, 1};
	struct plot_series s = {NULL, NULL, y, 7, PLOT_LINE, NULL};
	struct plot_options o = bare_ascii;
	o.x_min = 0;
	o.x_max = 6;
	o.y_min = 0;
	o.y_max = 1;
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 7, 1, &s, 1, &o), 0);
	assert_string_equal(row(&g, 0), "-- -- -");
	assert_int_equal(plot_grid_column(&g, NAN), -1);
	assert_int_equal(plot_grid_row(&g, INFINITY), -1);

	/* Nothing finite at all: an empty grid, and no NaN in its ranges. */
	double none[3] = {NAN, NAN, -INFINITY};
	s.y = none;
	s.n = 3;
	assert_int_equal(plot_grid_render(&g, 7, 3, &s, 1, &bare_ascii), 0);
	assert_int_equal(count_role(&g, PLOT_DATA), 0);
	assert_true(isfinite(g.y_lo) && isfinite(g.y_hi) && g.y_lo < g.y_hi);
	assert_true(isfinite(g.x_lo) && isfinite(g.x_hi) && g.x_lo < g.x_hi);
	plot_grid_free(&g);
}

/* A constant has no span: the range is padded around it and the line
 * runs through the middle; one point likewise lands in the middle. */
static void test_zero_span(void **state)
{
	(void)state;
	double y[5] = {5, 5, 5, 5, 5};
	struct plot_series s = {NULL, NULL, y, 5, PLOT_LINE, NULL};
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 5, 5, &s, 1, &bare_ascii), 0);
	assert_true(g.y_lo < 5 && g.y_hi > 5);
	assert_int_equal(plot_grid_row(&g, 5), 2);
	for (int r = 0; r < 5; r++)
		assert_string_equal(row(&g, r), r == 2 ? "_____" : "");

	/* Fixed to zero span: padded the same way. */
	struct plot_options o = bare_ascii;
	o.y_min = o.y_max = 5;
	assert_int_equal(plot_grid_render(&g, 5, 5, &s, 1, &o), 0);
	assert_true(g.y_lo < 5 && g.y_hi > 5);
	assert_int_equal(plot_grid_row(&g, 5), 2);

	/* One point: zero span on both axes. */
	double px = 3, py = -2;
	struct plot_series one = {NULL, &px, &py, 1, PLOT_LINE, NULL};
	assert_int_equal(plot_grid_render(&g, 9, 5, &one, 1, &bare_ascii), 0);
	assert_int_equal(plot_grid_column(&g, 3), 4);
	assert_int_equal(plot_grid_row(&g, -2), 2);
	assert_int_equal(count_role(&g, PLOT_DATA), 1);
	assert_int_equal(at(&g, 2, 4)->role, PLOT_DATA);

	/* Zero is padded by 1 either side. */
	double zero = 0;
	one.x = NULL;
	one.y = &zero;
	assert_int_equal(plot_grid_render(&g, 9, 5, &one, 1, &bare_ascii), 0);
	assert_true(g.y_lo <= -1 && g.y_hi >= 1);
	assert_int_equal(plot_grid_row(&g, 0), 2);
	plot_grid_free(&g);
}

/* Points outside a fixed range are not drawn; a line to one is cut at
 * the edge. */
static void test_clipped(void **state)
{
	(void)state;
	double x[3] = {0, 2, 4}, y[3] = {0, 0, 100};
	struct plot_series s = {NULL, x, y, 3, PLOT_LINE, NULL};
	struct plot_options o = bare_ascii;
	o.x_min = 0;
	o.x_max = 4;
	o.y_min = 0;
	o.y_max = 1;
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 5, 2, &s, 1, &o), 0);
	/* Dots 5 x 4: (0..2, 3) along the bottom, then the segment to
	 * (4, -297) leaves through the top at x = 2.02: straight up
	 * column 2. */
	assert_string_equal(row(&g, 1), "__|");
	assert_string_equal(row(&g, 0), "  |");
	assert_int_equal(plot_grid_row(&g, 100), -1);
	assert_int_equal(plot_grid_column(&g, 5), -1);
	plot_grid_free(&g);
}

/* Marks go over lines and rules; rules fill only empty cells. */
static void test_marks_and_rules(void **state)
{
	(void)state;
	double x[5] = {0, 1, 2, 3, 4}, a[5] = {0, 0, 0, 0, 0};
	double b[5] = {0, 1, 1, 1, 0};
	struct plot_series s[2] = {{"a", x, a, 5, PLOT_LINE, NULL},
	                           {"b", x, b, 5, PLOT_MARKS, "o"}};
	double rule[2] = {2, 99};
	struct plot_options o = bare_ascii;
	o.rules = rule;
	o.n_rules = 2;
	o.x_min = 0;
	o.x_max = 4;
	o.y_min = 0;
	o.y_max = 1;
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 5, 3, &s[0], 2, &o), 0);
	assert_string_equal(row(&g, 0), " ooo");
	assert_string_equal(row(&g, 1), "  :");
	assert_string_equal(row(&g, 2), "o___o");
	assert_int_equal(at(&g, 0, 2)->series, 1);
	assert_int_equal(at(&g, 2, 1)->series, 0);
	assert_int_equal(at(&g, 1, 2)->role, PLOT_RULE);
	plot_grid_free(&g);
}

/* A line from (0, 0) to (10, 1) called `label` in a framed ASCII grid
 * of 30 x 12 cells, with the axes' names and a rule at x = 5 called
 * "rule". */
static void render_framed(struct plot_grid *g, const char *label,
                          const char *x_name, const char *y_name)
{
	static const double x[3] = {0, 5, 10}, y[3] = {0, 0.5, 1};
	static const double rule = 5;
	struct plot_series s = {label, x, y, 3, PLOT_LINE, NULL};
	struct plot_options o = bare_ascii;
	o.frame = true;
	o.x_name = x_name;
	o.y_name = y_name;
	o.rules = &rule;
	o.n_rules = 1;
	o.rule_label = "rule";
	assert_int_equal(plot_grid_render(g, 30, 12, &s, 1, &o), 0);
}

/* Every row of the grid is ASCII. */
static void assert_ascii_rows(const struct plot_grid *g)
{
	for (int r = 0; r < g->height; r++)
		for (const char *p = row(g, r); *p; p++)
			assert_true((unsigned char)*p < 0x80);
}

/* The frame: y ticks with labels right-aligned before the axis, x ticks
 * under the area with centred labels, the axes' names and the legend. */
static void test_frame_ascii(void **state)
{
	(void)state;
	struct plot_grid g = {0};
	render_framed(&g, "line", "x", "y");
	/* 12 rows: name, 7 of area, axis, tick labels, x name, legend. */
	assert_int_equal(g.area_top, 1);
	assert_int_equal(g.area_height, 7);
	assert_string_equal(row(&g, 0), "y");
	assert_int_equal(strncmp(row(&g, 1), "1.0+", 4), 0);
	assert_int_equal(strncmp(row(&g, 7), "0.0+", 4), 0);
	assert_int_equal(strncmp(row(&g, 8), "   +", 4), 0);
	assert_int_equal(g.area_left, 4);
	/* x from 0 to 10 in 26 columns, labels at least 8 apart: ticks at
	 * 0, 5 and 10, in columns 4, 4 + round(12.5) and 29 (its label
	 * pushed left to fit). */
	assert_string_equal(row(&g, 9),
	                    "    0            5          10");
	assert_string_equal(row(&g, 10), "                x");
	assert_string_equal(row(&g, 11), "    -- line   : rule");
	assert_ascii_rows(&g);
	plot_grid_free(&g);
}

/* Text that is not valid UTF-8 (a name cut inside a character, a stray
 * continuation byte, an overlong form) shows "?" for each byte that
 * starts no valid sequence, one cell each, so rows stay valid UTF-8; a
 * name is centred by the cells it takes.  The layout is test_frame_ascii's
 * (area from column 4, 26 columns wide), so by hand: "y\xe2\x94" is
 * "y??"; "a\x80b" is "a?b", 3 cells, centred at 4 + (26 - 3) / 2 = 15;
 * the label "l\xc0\xafe" is "l??e". */
static void test_invalid_utf8_text(void **state)
{
	(void)state;
	struct plot_grid g = {0};
	render_framed(&g, "l\xc0\xaf" "e", "a\x80" "b", "y\xe2\x94");
	assert_int_equal(g.area_left, 4);
	assert_int_equal(g.area_width, 26);
	assert_string_equal(row(&g, 0), "y??");
	assert_string_equal(row(&g, 10), "               a?b");
	assert_string_equal(row(&g, 11), "    -- l??e   : rule");
	assert_ascii_rows(&g);
	plot_grid_free(&g);
}

/* UTF-8: braille dots, box-drawing axes, a true minus sign. */
static void test_frame_utf8(void **state)
{
	(void)state;
	double y[4] = {-1, -0.5, 0, 0.5};
	struct plot_series s = {"v", NULL, y, 4, PLOT_LINE, NULL};
	struct plot_options o = bare_ascii;
	o.utf8 = true;
	o.frame = true;
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 30, 10, &s, 1, &o), 0);
	bool braille = false, minus = false, corner = false;
	for (int r = 0; r < g.height; r++) {
		const char *t = row(&g, r);
		braille |= strstr(t, "\xe2\xa0") || strstr(t, "\xe2\xa1") ||
		           strstr(t, "\xe2\xa2") || strstr(t, "\xe2\xa3");
		minus |= strstr(t, "\xe2\x88\x92") != NULL;
		corner |= strstr(t, "\xe2\x94\x94") != NULL;
		assert_null(strchr(t, '-'));
		assert_true(chars(t) <= 30);
	}
	assert_true(braille && minus && corner);
	plot_grid_free(&g);
}

/* Log scale: decades as ticks, values <= 0 left out. */
static void test_log_scale(void **state)
{
	(void)state;
	double y[5] = {1, 0.01, 0, -3, 1e-6};
	struct plot_series s = {"loss", NULL, y, 5, PLOT_LINE, NULL};
	struct plot_options o = bare_ascii;
	o.frame = true;
	o.log_y = true;
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 40, 16, &s, 1, &o), 0);
	assert_true(g.log_y);
	assert_true(fabs(g.y_lo - 1e-6) < 1e-18 && fabs(g.y_hi - 1) < 1e-12);
	assert_int_equal(plot_grid_row(&g, 1), g.area_top);
	assert_int_equal(plot_grid_row(&g, 1e-6),
	                 g.area_top + g.area_height - 1);
	assert_int_equal(plot_grid_row(&g, 0), -1);
	bool top = false, bottom = false;
	for (int r = 0; r < g.height; r++) {
		top |= strncmp(row(&g, r), " 1e0+", 5) == 0;
		bottom |= strncmp(row(&g, r), "1e-6+", 5) == 0;
	}
	assert_true(top && bottom);
	/* Only the points 0, 1 and 4 are drawn: 0-1 joined, 4 alone. */
	assert_int_equal(at(&g, plot_grid_row(&g, 1e-6),
	                    plot_grid_column(&g, 4))->role,
	                 PLOT_DATA);
	assert_int_equal(at(&g, plot_grid_row(&g, 1e-6),
	                    plot_grid_column(&g, 3))->role,
	                 PLOT_BLANK);

	o.utf8 = true;
	assert_int_equal(plot_grid_render(&g, 40, 16, &s, 1, &o), 0);
	bool sup = false;
	for (int r = 0; r < g.height; r++)
		sup |= strstr(row(&g, r), "10\xe2\x81\xbb\xe2\x81\xb6") != NULL;
	assert_true(sup); /* 10⁻⁶ */
	plot_grid_free(&g);
}

/* Renders at w x h and checks every row fits (in characters), is ASCII
 * without utf8, and that a handout-sized grid has its frame. */
static void check_fit(int w, int h, const struct plot_series *s,
                      const struct plot_options *o)
{
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, w, h, s, 2, o), 0);
	for (int r = 0; r < g.height; r++) {
		const char *t = row(&g, r);
		assert_true(chars(t) <= (size_t)w);
		for (; !o->utf8 && *t; t++)
			assert_true((unsigned char)*t < 0x80);
	}
	if (w >= 80 && h >= 12) {
		assert_true(g.area_left > 0);
		assert_true(count_role(&g, PLOT_RULE) > 0);
		assert_true(count_role(&g, PLOT_LABEL) > 0);
	}
	plot_grid_free(&g);
}

/* A curve with marks, a rule, long labels and a legend: no row longer
 * than the grid, in characters, at any size (and at 80 and 120 columns,
 * the handouts' widths); tiny grids drop the frame rather than fail. */
static void test_fits(void **state)
{
	(void)state;
	double x[51], y[51], p[51];
	for (int i = 0; i < 51; i++) {
		x[i] = i;
		y[i] = -0.0656 - 0.25 * sin(i * 0.03) * sin(i * 0.03);
		p[i] = i <= 30 ? y[i] : y[i] - 0.001 * (i - 30) * (i - 30);
	}
	struct plot_series s[2] = {
		{"target rc (the exact value)", x, y, 51, PLOT_LINE, NULL},
		{"prediction a2", x, p, 51, PLOT_MARKS, "\xc3\x97"}};
	double rule = 30;
	int widths[] = {1, 2, 10, 23, 24, 40, 60, 80, 120, 1000};
	int heights[] = {1, 2, 7, 8, 12, 20, 24};
	for (int u = 0; u < 2; u++) {
		struct plot_options o = {
			.utf8 = u, .frame = true, .x_name = "angle (degrees)",
			.y_name = "rc", .rules = &rule, .n_rules = 1,
			.rule_label = "largest angle trained on: 30",
			.x_min = NAN, .x_max = NAN, .y_min = NAN, .y_max = NAN};
		if (!u)
			s[1].mark = "x";
		for (size_t i = 0; i < ARRAY_LEN(widths); i++)
			for (size_t j = 0; j < ARRAY_LEN(heights); j++)
				check_fit(widths[i], heights[j], s, &o);
	}
	struct plot_grid g = {0};
	assert_int_equal(plot_grid_render(&g, 0, 5, s, 2, &bare_ascii), -1);
	assert_null(g.cells);
	plot_grid_free(&g);
}

/* An SVG plot by hand: 640 x 300 pixels, its box from (64, 24), 544
 * wide and 232 high (the margins plot.c gives its ticks and names).
 * 0 to 1 on both axes are round already (ticks 0.2 apart), so (0, 0)
 * is at (64, 256), (1, 1) at (608, 24), and the mark at (0.5, 0.5) a
 * cross of 3 pixels about (336, 140), the rule at x = 0.5 from y 24 to
 * 256.  Three legend entries add 16 pixels each: 348 high.  Labels are
 * XML text: "a<b" is written "a&lt;b". */
static void test_svg(void **state)
{
	(void)state;
	static const double x[] = {0, 1}, y[] = {0, 1}, mx[] = {0.5},
	                    my[] = {0.5}, rule[] = {0.5};
	struct plot_series s[2] = {{"a<b", x, y, 2, PLOT_LINE, NULL},
	                           {"m", mx, my, 1, PLOT_MARKS, NULL}};
	struct plot_options o = {.frame = true, .x_name = "x & y",
	                         .y_name = "y", .rules = rule, .n_rules = 1,
	                         .rule_label = "r", .x_min = NAN, .x_max = NAN,
	                         .y_min = NAN, .y_max = NAN};
	char *buf = NULL;
	size_t cap = 0, len = 0;
	assert_int_equal(plot_svg(&buf, &cap, &len, 640, 300, s, 2, &o), 0);
	assert_int_equal(strlen(buf), len);
	assert_non_null(strstr(buf, "<svg class=\"plot\" width=\"640\" "
	                            "height=\"348\" viewBox=\"0 0 640 348\""));
	assert_non_null(strstr(buf, "points=\"64.0,256.0 608.0,24.0\"/>"));
	assert_non_null(strstr(buf, "d=\"M333.0 137.0L339.0 143.0"
	                            "M333.0 143.0L339.0 137.0\""));
	assert_non_null(strstr(buf, "d=\"M336.0 24.0V256.0\""));
	assert_non_null(strstr(buf, ">a&lt;b</text>"));
	assert_non_null(strstr(buf, ">x &amp; y</text>"));
	assert_null(strstr(buf, "a<b"));
	assert_int_equal(strcmp(buf + len - 7, "</svg>\n"), 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_straight_line_ascii),
		cmocka_unit_test(test_straight_line_braille),
		cmocka_unit_test(test_nonfinite_skipped),
		cmocka_unit_test(test_zero_span),
		cmocka_unit_test(test_clipped),
		cmocka_unit_test(test_marks_and_rules),
		cmocka_unit_test(test_frame_ascii),
		cmocka_unit_test(test_frame_utf8),
		cmocka_unit_test(test_invalid_utf8_text),
		cmocka_unit_test(test_log_scale),
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_svg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
