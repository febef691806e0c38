#include "core/glyphs.h"

static const struct glyphs utf8_glyphs = {
	.times = "×", .minus = "−", .sigma = "σ", .sum = "Σ", .squared = "²",
	.dot = "·", .by = "×", .ell = "…", .arrow = "→", .pointer = "▶",
	.hline = "─", .vline = "│", .corner = "└", .tee = "├", .mark = "▲",
	.node = "●",
};

static const struct glyphs ascii_glyphs = {
	.times = "*", .minus = "-", .sigma = "sigmoid", .sum = "sum",
	.squared = "^2", .dot = ".", .by = "x", .ell = "...", .arrow = "->",
	.pointer = ">", .hline = "-", .vline = "|", .corner = "`", .tee = "|",
	.mark = "^", .node = "o",
};

const struct glyphs *glyphs_for(bool utf8)
{
	return utf8 ? &utf8_glyphs : &ascii_glyphs;
}
