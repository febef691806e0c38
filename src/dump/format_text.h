/* format_text: handouts as plain text -- numpy's printout for arrays,
 * underlined headings, hand calculations wrapped at operators, tables
 * aligned in columns. */
#ifndef NNTRACE_FORMAT_TEXT_H
#define NNTRACE_FORMAT_TEXT_H

#include "dump/format.h"

extern const struct handout_format format_text;

#endif
