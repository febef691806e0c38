/* libFuzzer harness for the whole path a lesson takes through `nntrace
 * check` and `nntrace dump`: lesson text and CSV text, parsed, laid out,
 * checked against a traced iteration 0, and dumped.
 *
 * Input: lesson text, then optionally a line "%%" and CSV text.  The CSV
 * is written to d.csv in a temporary folder (one per process, removed at
 * exit) and the lesson is parsed as f.lesson in that folder, so a lesson
 * saying `data d.csv` reads it.  Without "%%" the lesson stands alone
 * (inline `sample` lines, or a data file that does not exist).
 *
 * The calls are the ones main.c makes: lesson_parse (what lesson_load
 * does with a file's bytes), net_init, cursor_init (which runs iteration
 * 0 traced), script_check, dump_write of iteration 0 to /dev/null in a
 * format picked by the input's length.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/cursor.h"
#include "core/diag.h"
#include "dump/dump.h"
#include "lesson/lesson.h"
#include "model/net.h"
#include "model/script.h"
#include "fuzz_common.h"

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "fuzz_pipeline: %s:%d: check failed: " \
			        "%s\n", __FILE__, __LINE__, #cond);        \
			abort();                                           \
		}                                                          \
	} while (0)

/* See the clamp in LLVMFuzzerTestOneInput. */
#define MAX_ITERATIONS 64
/* Samples x weights and biases: the most one input may cost, and the
 * most its iterations may cost together (see LLVMFuzzerTestOneInput). */
#define MAX_WORK 1000000

static char dir[64];
static char lesson_path[96], csv_path[96];
static FILE *devnull;

static void cleanup(void)
{
	unlink(csv_path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "/tmp/nntrace-fuzz-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("fuzz_pipeline: mkdtemp");
		exit(1);
	}
	snprintf(lesson_path, sizeof lesson_path, "%s/f.lesson", dir);
	snprintf(csv_path, sizeof csv_path, "%s/d.csv", dir);
	atexit(cleanup);
	devnull = fopen("/dev/null", "w");
	if (!devnull) {
		perror("fuzz_pipeline: /dev/null");
		exit(1);
	}
	unsetenv("NNTRACE_DATASETS");
	return 0;
}

/* Offset of the "%%" line (at the start or after a '\n'), or len. */
static size_t find_separator(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i + 2 <= len; i++) {
		if ((i == 0 || buf[i - 1] == '\n') && buf[i] == '%' &&
		    buf[i + 1] == '%' && (i + 2 == len || buf[i + 2] == '\n'))
			return i;
	}
	return len;
}

static void write_csv(const uint8_t *buf, size_t len)
{
	FILE *f = fopen(csv_path, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(buf, 1, len, f) == len);
	CHECK(fclose(f) == 0);
}

static void check_codes(const struct diags *d)
{
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < d->n; i++) {
		int c = d->items[i].code;
		CHECK(c == EXIT_DATAERR || c == EXIT_NOINPUT);
		diags_format(d, i, line, sizeof line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sep = find_separator(data, size);
	unlink(csv_path);
	if (sep < size) {
		size_t from = sep + 2 < size ? sep + 3 : size;
		write_csv(data + from, size - from);
	}

	struct lesson l;
	struct net n;
	struct cursor c;
	struct diags d = {0};
	if (lesson_parse(&l, lesson_path, (const char *)data, sep, &d) != 0) {
		CHECK(d.n > 0);
		check_codes(&d);
		diags_free(&d);
		return 0;
	}
	CHECK(d.n == 0);
	/* A network near LESSON_MAX_WORK traces some 2 million operations
	 * an iteration, about 800 MB and a second or two even without the
	 * sanitizers (`nntrace check` on one, measured): past the harness's
	 * 2 GB limit under ASan.  The parser's limits are
	 * fuzzed by fuzz_lesson; here such lessons are skipped. */
	size_t in = l.n_inputs, work = 0;
	for (int k = 0; k < l.n_layers; k++) {
		work += (in + 1) * (size_t)l.layers[k].units;
		in = (size_t)l.layers[k].units;
	}
	work *= l.n_samples;
	if (work > MAX_WORK) {
		lesson_free(&l);
		diags_free(&d);
		return -1;
	}
	/* The dump's reports and summary run every iteration (untraced);
	 * 60,000 of them take seconds under the sanitizers.  Fewer keep the
	 * harness fast and still reach every path ("last", "every N"). */
	long cap = MAX_ITERATIONS;
	if (work && (size_t)cap > MAX_WORK / work)
		cap = (long)(MAX_WORK / work);
	if (cap < 2)
		cap = 2;
	if (l.iterations > cap)
		l.iterations = cap;
	if (net_init(&n, &l, &d) != 0) {
		CHECK(d.n > 0);
		check_codes(&d);
		goto free_lesson;
	}
	if (cursor_init(&c, &n, &d) != 0) {
		/* Out of memory is the only way cursor_init fails, and a
		 * lesson within the limits must fit. */
		CHECK(!"cursor_init failed");
	}
	CHECK(c.trace.n_ops > 0);
	CHECK(c.trace.iteration == 0);
	CHECK(c.last >= 0 && c.last <= l.iterations - 1);
	/* A non-finite value stops training at the op that made it. */
	CHECK(!c.stopped || (c.trace.nonfinite_step >= 0 &&
	                     (size_t)c.trace.nonfinite_step < c.trace.n_ops));

	script_check(&l, &c.trace, l.iterations - 1, &d);
	check_codes(&d);
	diags_clear(&d);

	struct dump_options o = {
		.format = (enum dump_format)(size % 3),
		.precision = -1,
		.width = 80,
		.iterations = "0",
		.utf8 = size & 4,
		.progress = false,
	};
	int rc = dump_write(devnull, &n, &o, &d);
	CHECK(rc == 0);
	CHECK(d.n == 0);
	cursor_free(&c);
	net_free(&n);
free_lesson:
	lesson_free(&l);
	diags_free(&d);
	return 0;
}
