/* libFuzzer harness for the lesson parser: any bytes through lesson_parse,
 * the function lesson_load calls on a file's contents.
 *
 * The lesson is parsed as if it were lessons/fuzz.lesson in the source
 * tree, so `data trask.csv` finds the bundled data sets as a bundled lesson
 * does.  Besides the sanitizers' checks it asserts what lesson.h promises:
 * failure comes with errors (65, or 66 for a data file that cannot be
 * opened) and a zeroed lesson; success with no errors and a lesson within
 * the documented limits.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/sanitize.h"
#include "lesson/lesson.h"
#include "fuzz_common.h"

#ifndef NNTRACE_SRCDIR
#define NNTRACE_SRCDIR "."
#endif

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "fuzz_lesson: %s:%d: check failed: "   \
			        "%s\n", __FILE__, __LINE__, #cond);        \
			abort();                                           \
		}                                                          \
	} while (0)

/* Whether text a lesson holds may be shown as it is: newlines apart
 * (paragraphs), nothing sanitize_text would change and no tab. */
static bool shown_is_clean(const char *s)
{
	if (!s)
		return true;
	for (const char *line = s; *line;) {
		size_t n = strcspn(line, "\n");
		if (memchr(line, '\t', n) || sanitize_needed(line, n))
			return false;
		line += n + (line[n] == '\n');
	}
	return true;
}

static long count_lines(const uint8_t *buf, size_t len)
{
	long n = 1;
	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char path[] = NNTRACE_SRCDIR "/lessons/fuzz.lesson";
	struct lesson l;
	struct diags d = {0};

	unsetenv("NNTRACE_DATASETS");

	int rc = lesson_parse(&l, path, (const char *)data, size, &d);
	long lines = count_lines(data, size);
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < d.n; i++) {
		const struct diag *e = &d.items[i];
		CHECK(e->code == EXIT_DATAERR || e->code == EXIT_NOINPUT);
		CHECK(e->msg[0] != '\0');
		/* Errors in the lesson point inside it; errors in the CSV
		 * it names carry the CSV's path and its own positions. */
		if (strcmp(e->file, path) == 0) {
			CHECK(e->line >= 0 && e->line <= lines + 1);
			CHECK(e->line == 0 || e->col >= 1);
			CHECK(e->col <= (long)size + 1);
		}
		diags_format(&d, i, line, sizeof line);
	}
	if (rc != 0) {
		CHECK(rc == -1);
		CHECK(d.n > 0);
		CHECK(l.path == NULL && l.x == NULL && l.cues == NULL);
		diags_free(&d);
		return 0;
	}
	CHECK(d.n == 0);
	CHECK(l.title != NULL);
	CHECK(l.n_layers >= 1 && l.n_layers <= LESSON_MAX_LAYERS);
	for (int k = 0; k < l.n_layers; k++) {
		const struct layer_spec *ls = &l.layers[k];
		CHECK(ls->units >= 1 && ls->units <= LESSON_MAX_UNITS);
		CHECK((unsigned)ls->act < ACT_COUNT);
		for (int r = 0; r < ROLE_COUNT; r++) {
			CHECK(ls->name[r] != NULL);
			CHECK(strlen(ls->name[r]) <= LESSON_NAME_MAX);
		}
	}
	CHECK(l.iterations >= 1 && l.iterations <= LESSON_MAX_ITERATIONS);
	CHECK(l.n_samples >= 1 && l.n_inputs >= 1 && l.n_outputs >= 1);
	CHECK(l.x != NULL && l.y != NULL);
	CHECK((size_t)l.layers[l.n_layers - 1].units == l.n_outputs);
	CHECK(l.n_cues == 0 || l.cues != NULL);
	for (size_t i = 0; i < l.n_cues; i++)
		/* a pause, and an exercise without text ("Work out CELL."),
		 * have none */
		CHECK(l.cues[i].kind == CUE_PAUSE ||
		      l.cues[i].kind == CUE_EXERCISE || l.cues[i].text != NULL);
	/* The text a lesson shows is safe to show: no tab (read as a
	 * space), nothing a terminal acts on, nothing that hides or
	 * reorders text (core/sanitize.h); the data are a regular file
	 * below the allowed folders. */
	CHECK(shown_is_clean(l.title));
	CHECK(shown_is_clean(l.source));
	CHECK(shown_is_clean(l.description));
	for (size_t i = 0; i < l.n_cues; i++) {
		CHECK(shown_is_clean(l.cues[i].text));
		CHECK(shown_is_clean(l.cues[i].hint));
	}
	for (size_t i = 0; i < l.n_reports; i++)
		CHECK(shown_is_clean(l.reports[i].label));
	for (size_t j = 0; l.input_cols && j < l.n_inputs; j++)
		CHECK(shown_is_clean(l.input_cols[j].name));
	lesson_free(&l);
	lesson_free(&l); /* safe twice */
	diags_free(&d);
	return 0;
}
