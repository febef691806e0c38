/* format_markdown: handouts as Markdown -- headings, arrays as tables,
 * hand calculations as code, the lesson's prose escaped so it prints as
 * written, plots in fenced blocks. */
#ifndef NNTRACE_FORMAT_MARKDOWN_H
#define NNTRACE_FORMAT_MARKDOWN_H

#include "dump/format.h"

extern const struct handout_format format_markdown;

#endif
