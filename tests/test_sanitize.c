/* Tests for the defences of core/ against somebody else's files:
 * sanitize (what may be shown as it is), infile (inputs opened without
 * blocking) and termsig (the signals that end a program).
 *
 * Expected values: the Unicode Character Database as Python 3's
 * unicodedata gives it (version 14.0; the ranges below were printed by
 * /usr/bin/python3 with unicodedata.category, for categories Cc, Cf, Zl
 * and Zp), plus the format characters Unicode 15.0 added (U+13439 to
 * U+1343F, from its UnicodeData.txt); the escapes written out by hand
 * from the rules of sanitize.h; signal(7) for the signals. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/infile.h"
#include "core/sanitize.h"
#include "core/termsig.h"
#include "core/utf8.h"

/* Every code point of categories Cc, Cf, Zl and Zp (Python 3,
 * unicodedata 14.0), and Unicode 15's U+13439-1343F. */
static const uint32_t hidden[][2] = {
	{0x0000, 0x001F},   {0x007F, 0x009F},   {0x00AD, 0x00AD},
	{0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
	{0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},
	{0x180E, 0x180E},   {0x200B, 0x200F},   {0x2028, 0x2029},
	{0x202A, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},
	{0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD},
	{0x110CD, 0x110CD}, {0x13430, 0x13438}, {0x13439, 0x1343F},
	{0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
	{0xE0020, 0xE007F},
};

static bool is_hidden(uint32_t cp)
{
	for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++)
		if (cp >= hidden[i][0] && cp <= hidden[i][1])
			return true;
	return false;
}

/* sanitize_class refuses exactly the hidden code points. */
static void test_class_every_code_point(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		bool refused = sanitize_class(cp) != SANITIZE_OK;
		if (refused != is_hidden(cp))
			fail_msg("U+%04X: class %d, Unicode says %s", (unsigned)cp,
			         (int)sanitize_class(cp),
			         is_hidden(cp) ? "hidden" : "visible");
	}
}

/* Each named class, by hand from sanitize.h. */
static void test_class_names(void **state)
{
	(void)state;
	assert_int_equal(sanitize_class(0x1B), SANITIZE_CONTROL);   /* ESC */
	assert_int_equal(sanitize_class(0x09), SANITIZE_CONTROL);   /* tab */
	assert_int_equal(sanitize_class(0x9B), SANITIZE_CONTROL);   /* CSI */
	assert_int_equal(sanitize_class(0x202E), SANITIZE_BIDI);    /* RLO */
	assert_int_equal(sanitize_class(0x2066), SANITIZE_BIDI);    /* LRI */
	assert_int_equal(sanitize_class(0x200F), SANITIZE_BIDI);    /* RLM */
	assert_int_equal(sanitize_class(0x200B), SANITIZE_ZERO_WIDTH);
	assert_int_equal(sanitize_class(0x2060), SANITIZE_ZERO_WIDTH);
	assert_int_equal(sanitize_class(0xFEFF), SANITIZE_BOM);
	assert_int_equal(sanitize_class(0x2028), SANITIZE_LINE_SEP);
	assert_int_equal(sanitize_class(0x00AD), SANITIZE_FORMAT);
	assert_int_equal(sanitize_class(0xE0041), SANITIZE_FORMAT);
	assert_int_equal(sanitize_class('a'), SANITIZE_OK);
	assert_int_equal(sanitize_class(0xE9), SANITIZE_OK);        /* é */
	assert_int_equal(sanitize_class(0x3C3), SANITIZE_OK);       /* σ */
	assert_int_equal(sanitize_class(0x2212), SANITIZE_OK);      /* − */
	assert_int_equal(sanitize_class(0x1F600), SANITIZE_OK);
}

static const char *safe(const char *s)
{
	static char out[256];
	sanitize_text(out, sizeof out, s, strlen(s));
	return out;
}

/* The escapes, by hand: \xNN for a byte that is not UTF-8 or an ASCII
 * control, \uNNNN and \UNNNNNNNN for a character; the rest unchanged. */
static void test_text(void **state)
{
	(void)state;
	assert_string_equal(safe("evil\x1b]0;PWNED\a\x1b[31m"),
	                    "evil\\x1b]0;PWNED\\x07\\x1b[31m");
	assert_string_equal(safe("a\tb\nc\x7f"), "a\\x09b\\x0ac\\x7f");
	assert_string_equal(safe("\xc2\x9b" "31m"), "\\u009b31m");
	assert_string_equal(safe("x\xe2\x80\xaey"), "x\\u202ey");
	assert_string_equal(safe("\xef\xbb\xbfx1"), "\\ufeffx1");
	assert_string_equal(safe("a\xe2\x80\x8b" "b\xe2\x80\xa8"),
	                    "a\\u200bb\\u2028");
	assert_string_equal(safe("tag\xf3\xa0\x81\x81"), "tag\\U000e0041");
	assert_string_equal(safe("\xff\xc3(\x80"), "\\xff\\xc3(\\x80");
	assert_string_equal(safe("R\xc3\xa9seau \xe2\x80\x94 \xcf\x83"),
	                    "R\xc3\xa9seau \xe2\x80\x94 \xcf\x83");
	assert_false(sanitize_needed("R\xc3\xa9seau \xcf\x83", 10));
	assert_true(sanitize_needed("ab\x1b", 3));
	assert_true(sanitize_needed("\xe2\x80\xae", 3));
	assert_true(sanitize_needed("\xff", 1));
	/* n bounds the read: the ESC after it is not looked at. */
	assert_false(sanitize_needed("ab\x1b", 2));
}

/* A cut never leaves half an escape or half a character. */
static void test_text_cut(void **state)
{
	(void)state;
	char out[8];
	/* "ab" (2) + "\x1b" (4) = 6 bytes; the next "\x1b" does not fit
	 * in the 7 left for text, and nothing after it is written. */
	assert_int_equal(sanitize_text(out, sizeof out, "ab\x1b\x1b" "c", 5),
	                 6);
	assert_string_equal(out, "ab\\x1b");
	/* "é" (2 bytes) after 6 bytes does not fit in 7. */
	assert_int_equal(sanitize_text(out, sizeof out, "abcdef\xc3\xa9", 8),
	                 6);
	assert_string_equal(out, "abcdef");
}

static void test_fputs(void **state)
{
	(void)state;
	char buf[128] = {0};
	FILE *f = fmemopen(buf, sizeof buf, "w");
	assert_non_null(f);
	assert_true(sanitize_fputs("d\x1b[2J\xe2\x80\xaeok", f) >= 0);
	fclose(f);
	assert_string_equal(buf, "d\\x1b[2J\\u202eok");
}

/* infile: a FIFO is answered at once, unopened; a folder is EISDIR; a
 * device is refused; a regular file opens. */
static void test_infile(void **state)
{
	(void)state;
	char dir[] = "/tmp/nntrace-infile-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char fifo[64], file[64];
	snprintf(fifo, sizeof fifo, "%s/f", dir);
	snprintf(file, sizeof file, "%s/r", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	FILE *w = fopen(file, "w");
	assert_non_null(w);
	fputs("x\n", w);
	fclose(w);
	struct stat st;
	/* Opening a FIFO for reading would wait for a writer: this call
	 * returning at all is half the test. */
	assert_int_equal(infile_open(fifo, &st), INFILE_SPECIAL);
	assert_string_equal(infile_kind(st.st_mode), "FIFO");
	assert_int_equal(infile_open(dir, &st), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(infile_open("/dev/null", &st), INFILE_SPECIAL);
	assert_string_equal(infile_kind(st.st_mode), "character device");
	assert_int_equal(infile_open("/nonexistent/x", &st), -1);
	assert_int_equal(errno, ENOENT);
	int fd = infile_open(file, &st);
	assert_true(fd >= 0);
	assert_true(S_ISREG(st.st_mode) && st.st_size == 2);
	assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	char c;
	assert_int_equal(read(fd, &c, 1), 1);
	assert_int_equal(c, 'x');
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	unlink(fifo);
	unlink(file);
	rmdir(dir);
}

static bool listed(const int *s, size_t n, int sig)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == sig)
			return true;
	return false;
}

/* termsig: every signal whose default action ends a process (signal(7):
 * Term or Core), but KILL and STOP, the crash signals and the two that
 * main.c ignores. */
static void test_termsig(void **state)
{
	(void)state;
	int s[TERMSIG_MAX];
	size_t n = termsig_list(s, TERMSIG_MAX);
	static const int wanted[] = {SIGHUP,  SIGINT,    SIGQUIT, SIGTERM,
	                             SIGUSR1, SIGUSR2,   SIGALRM, SIGVTALRM,
	                             SIGPROF, SIGXCPU};
	for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
		assert_true(listed(s, n, wanted[i]));
	assert_true(listed(s, n, SIGRTMIN) && listed(s, n, SIGRTMAX));
	static const int not_wanted[] = {SIGKILL, SIGSTOP, SIGPIPE, SIGXFSZ,
	                                 SIGSEGV, SIGABRT, SIGCHLD, SIGWINCH,
	                                 SIGTSTP, SIGCONT};
	for (size_t i = 0; i < sizeof not_wanted / sizeof *not_wanted; i++)
		assert_false(listed(s, n, not_wanted[i]));
	/* A short buffer is filled, not overrun. */
	assert_int_equal(termsig_list(s, 3), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_every_code_point),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_cut),
		cmocka_unit_test(test_fputs),
		cmocka_unit_test(test_infile),
		cmocka_unit_test(test_termsig),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
