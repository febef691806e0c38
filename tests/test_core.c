/* Tests for core/: utf8, glyphs and grow.
 *
 * Expected values: the UTF-8 definition (RFC 3629) worked by hand for the
 * single cases, and glibc's own decoder (mbrtowc in the C.UTF-8 locale), an
 * independent implementation, for every code point and for random bytes. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "core/glyphs.h"
#include "core/grow.h"
#include "core/utf8.h"

static size_t decode(const char *s, uint32_t *cp)
{
	return utf8_decode(s, strlen(s), cp);
}

static void test_decode_valid(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(decode("A", &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(decode("\xc3\xa9", &cp), 2); /* é U+00E9 */
	assert_int_equal(cp, 0xE9);
	assert_int_equal(decode("\xe2\x88\x92", &cp), 3); /* − U+2212 */
	assert_int_equal(cp, 0x2212);
	assert_int_equal(decode("\xf0\x9f\x98\x80", &cp), 4); /* U+1F600 */
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(decode("\xf4\x8f\xbf\xbf", &cp), 4); /* U+10FFFF */
	assert_int_equal(cp, 0x10FFFF);
	/* Only the first character counts. */
	assert_int_equal(decode("\xc3\xa9xyz", &cp), 2);
}

static void test_decode_invalid(void **state)
{
	(void)state;
	uint32_t cp;
	static const char *const bad[] = {
		"\x80",             /* a stray continuation byte */
		"\xbf",
		"\xc0\x80",         /* overlong NUL */
		"\xc1\xbf",         /* overlong U+007F */
		"\xe0\x80\x80",     /* overlong, three bytes */
		"\xe0\x9f\xbf",     /* overlong U+07FF */
		"\xf0\x8f\xbf\xbf", /* overlong U+FFFF */
		"\xed\xa0\x80",     /* surrogate U+D800 */
		"\xed\xbf\xbf",     /* surrogate U+DFFF */
		"\xf4\x90\x80\x80", /* U+110000 */
		"\xf5\x80\x80\x80", /* lead byte past U+10FFFF */
		"\xff",
		"\xc3",             /* truncated */
		"\xe2\x88",
		"\xf0\x9f\x98",
		"\xc3\x41",         /* lead byte, then no continuation */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(decode(bad[i], &cp), 0);
		assert_int_equal(cp, (unsigned char)bad[i][0]);
	}
	/* n bounds the read even when more bytes follow. */
	assert_int_equal(utf8_decode("\xe2\x88\x92", 2, &cp), 0);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	assert_int_equal(cp, 0);
}

/* Every code point, encoded, decodes to itself in as many bytes as
 * glibc's decoder takes for it. */
static void test_round_trip_against_glibc(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		skip();
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		char buf[UTF8_MAX + 1] = {0};
		size_t n = utf8_encode(buf, c);
		uint32_t back;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		wchar_t wc;
		size_t g = mbrtowc(&wc, buf, n, &st);
		if (c == 0)
			g = 1; /* mbrtowc says 0 for the NUL character */
		if (utf8_decode(buf, n, &back) != n || back != c || g != n ||
		    (uint32_t)wc != c)
			fail_msg("U+%04X: %zu bytes, decoded U+%04X, glibc %zu",
			         (unsigned)c, n, (unsigned)back, g);
	}
	setlocale(LC_CTYPE, "C");
}

/* Random bytes: utf8_decode accepts exactly what glibc's decoder
 * accepts, with the same length and code point. */
static void test_random_bytes_against_glibc(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		skip();
	uint64_t x = 88172645463325252ULL;
	for (int i = 0; i < 1000000; i++) {
		char buf[4];
		for (int k = 0; k < 4; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Bias towards bytes that start or continue sequences. */
			unsigned b = (unsigned)(x >> 56);
			buf[k] = (char)(k == 0 ? b | 0x80 : (b & 0x3F) | (b & 1 ? 0x80 : 0));
		}
		uint32_t cp;
		size_t n = utf8_decode(buf, 4, &cp);
		mbstate_t st;
		memset(&st, 0, sizeof st);
		wchar_t wc;
		size_t g = mbrtowc(&wc, buf, 4, &st);
		/* glibc also takes the old 4-byte forms past U+10FFFF, which
		 * RFC 3629 (and nntrace) refuses. */
		bool glibc_ok = g != (size_t)-1 && g != (size_t)-2 && g != 0 &&
		                (uint32_t)wc <= 0x10FFFF;
		if ((n != 0) != glibc_ok || (n && (n != g || cp != (uint32_t)wc)))
			fail_msg("%02x %02x %02x %02x: ours %zu U+%04X, glibc %zd",
			         (unsigned char)buf[0], (unsigned char)buf[1],
			         (unsigned char)buf[2], (unsigned char)buf[3], n,
			         (unsigned)cp, (ssize_t)g);
	}
	setlocale(LC_CTYPE, "C");
}

static void test_count(void **state)
{
	(void)state;
	/* "σ(−0.5) = 1 / (1 + e^0.5)": 25 characters; σ takes two bytes and
	 * − three, so 28 bytes. */
	const char *s = "σ(−0.5) = 1 / (1 + e^0.5)";
	assert_int_equal(strlen(s), 28);
	assert_int_equal(utf8_count(s, strlen(s)), 25);
	assert_int_equal(utf8_count("", 0), 0);
	/* Every length from 0 to 40 bytes of a mixed string, against a count
	 * of the bytes that are not 10xxxxxx. */
	const char *m = "a×b−c…dé€𝔸 plain ascii here and more ×××";
	size_t len = strlen(m);
	for (size_t n = 0; n <= len; n++) {
		size_t want = 0;
		for (size_t i = 0; i < n; i++)
			want += ((unsigned char)m[i] & 0xC0) != 0x80;
		assert_int_equal(utf8_count(m, n), want);
	}
}

static void test_cut(void **state)
{
	(void)state;
	const char *s = "ab−cd"; /* − is bytes 2, 3, 4 */
	assert_int_equal(utf8_cut(s, 0), 0);
	assert_int_equal(utf8_cut(s, 2), 2);
	assert_int_equal(utf8_cut(s, 3), 2);
	assert_int_equal(utf8_cut(s, 4), 2);
	assert_int_equal(utf8_cut(s, 5), 5);
	assert_int_equal(utf8_cut(s, 7), 7); /* at the NUL */
}

static void check_set(const struct glyphs *g, bool ascii)
{
	const char *all[] = {g->times, g->minus, g->sigma, g->sum, g->squared,
	                     g->dot, g->by, g->ell, g->arrow, g->pointer,
	                     g->hline, g->vline, g->corner, g->tee, g->mark,
	                     g->node};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		assert_non_null(all[i]);
		assert_true(all[i][0] != '\0');
		size_t n = strlen(all[i]);
		for (size_t k = 0; k < n;) {
			uint32_t cp;
			size_t len = utf8_decode(all[i] + k, n - k, &cp);
			assert_true(len > 0);
			if (ascii)
				assert_true(cp < 0x80);
			k += len;
		}
	}
}

static void test_glyphs(void **state)
{
	(void)state;
	check_set(glyphs_for(false), true);
	check_set(glyphs_for(true), false);
	assert_string_equal(glyphs_for(true)->minus, "\xe2\x88\x92"); /* U+2212 */
	assert_string_equal(glyphs_for(false)->minus, "-");
}

/* grow(): the capacities it picks, worked out from its rule (first, then
 * doubling until need fits), and that a failed request leaves the array
 * and its capacity as they were. */
static void test_grow(void **state)
{
	(void)state;
	size_t cap = 0;
	int *v = grow(NULL, &cap, 1, sizeof *v, 16);
	assert_non_null(v);
	assert_int_equal(cap, 16);
	assert_ptr_equal(grow(v, &cap, 16, sizeof *v, 16), v); /* fits */
	assert_int_equal(cap, 16);
	v = grow(v, &cap, 17, sizeof *v, 16);
	assert_non_null(v);
	assert_int_equal(cap, 32);
	v = grow(v, &cap, 100, sizeof *v, 16); /* 32 -> 64 -> 128 */
	assert_non_null(v);
	assert_int_equal(cap, 128);
	for (int i = 0; i < 100; i++)
		v[i] = i; /* the whole new room is there (ASan, valgrind) */
	/* Too large: NULL, nothing changed. */
	assert_null(grow(v, &cap, SIZE_MAX / 2, sizeof *v, 16));
	assert_int_equal(cap, 128);
	assert_int_equal(v[99], 99);
	/* Asking for nothing returns the array as it is, NULL included. */
	size_t none = 0;
	assert_null(grow(NULL, &none, 0, sizeof *v, 16));
	assert_int_equal(none, 0);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_round_trip_against_glibc),
		cmocka_unit_test(test_random_bytes_against_glibc),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_glyphs),
		cmocka_unit_test(test_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
