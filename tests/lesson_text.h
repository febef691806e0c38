/* lesson_text.h: a lesson parsed from a string, for the unit tests that
 * write their networks as lesson text.  The parser's messages are printed,
 * so that a lesson a test got wrong says why.  Include after <cmocka.h>
 * and "lesson/lesson.h". */
#ifndef NNTRACE_TEST_LESSON_TEXT_H
#define NNTRACE_TEST_LESSON_TEXT_H

#include <string.h>

/* lesson_parse of `text` as file `path`: 0, or -1 after printing why. */
static int lesson_from_text(struct lesson *l, const char *path,
                            const char *text)
{
	struct diags d = {0};
	int rc = lesson_parse(l, path, text, strlen(text), &d);
	for (size_t i = 0; i < d.n; i++) {
		char line[1200];
		diags_format(&d, i, line, sizeof line);
		print_error("%s\n", line);
	}
	diags_free(&d);
	return rc;
}

#endif
