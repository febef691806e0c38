/* glyphs: the symbols of every view, in a UTF-8 locale and in plain ASCII.
 *
 * The player, the handouts and the hand calculations draw with these;
 * outside a UTF-8 locale every one has an ASCII stand-in, so that no
 * output holds a byte the terminal cannot show. */
#ifndef NNTRACE_GLYPHS_H
#define NNTRACE_GLYPHS_H

#include <stdbool.h>

struct glyphs {
	/* in calculations */
	const char *times;   /* × or *: a product in a calculation */
	const char *minus;   /* − or -: subtraction and negative numbers */
	const char *sigma;   /* σ or sigmoid */
	const char *sum;     /* Σ or sum */
	const char *squared; /* ² or ^2 */
	const char *dot;     /* · or .: a product of matrices */
	/* in prose and layout */
	const char *by;      /* × or x: in prose and shapes, "4×3" */
	const char *ell;     /* … or ...: something left out */
	const char *arrow;   /* → or ->: from one value to another */
	const char *pointer; /* ▶ or >: where something points */
	const char *hline, *vline, *corner, *tee; /* ─ │ └ ├ or - | ` | */
	const char *mark;    /* ▲ or ^: a place on a line */
	const char *node;    /* ● or o: a unit of the network */
};

/* The glyphs for a UTF-8 locale, or their ASCII stand-ins. */
const struct glyphs *glyphs_for(bool utf8);

#endif
