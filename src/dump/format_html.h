/* format_html: handouts as one self-contained HTML file -- no script, no
 * font, no image or style sheet from anywhere else: the narration, every
 * shown operation with its hand calculation, tensors as tables whose
 * cells worked out above are marked and linked to their calculation,
 * the loss and accuracy curves and the predictions as inline SVG, and a
 * print style sheet (a page per iteration, no calculation split, the
 * lesson's title and the iteration at the top of each page, page
 * numbers).  Everything written is escaped: a lesson is somebody else's
 * text.  The file is well-formed XML as well as HTML, so a strict parser
 * can check it. */
#ifndef NNTRACE_FORMAT_HTML_H
#define NNTRACE_FORMAT_HTML_H

#include "dump/format.h"

extern const struct handout_format format_html;

#endif
