#include "core/sanitize.h"

#include <string.h>

#include "core/utf8.h"

/* The Unicode format characters (general category Cf) outside the named
 * classes, from the Unicode Character Database (UnicodeData.txt, 15.0):
 * none of them draws anything, several hide or reorder text. */
static const uint32_t format_ranges[][2] = {
	{0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x06DD, 0x06DD},
	{0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},
	{0x180E, 0x180E},   {0x2061, 0x2064},   {0x206A, 0x206F},
	{0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
	{0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
	{0xE0001, 0xE0001}, {0xE0020, 0xE007F},
};

enum sanitize_class sanitize_class(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return SANITIZE_CONTROL;
	if (cp < 0xAD)
		return SANITIZE_OK; /* printable ASCII and Latin-1 */
	if (cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return SANITIZE_BIDI;
	if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060)
		return SANITIZE_ZERO_WIDTH;
	if (cp == 0xFEFF)
		return SANITIZE_BOM;
	if (cp == 0x2028 || cp == 0x2029)
		return SANITIZE_LINE_SEP;
	for (size_t i = 0; i < sizeof format_ranges / sizeof *format_ranges;
	     i++)
		if (cp >= format_ranges[i][0] && cp <= format_ranges[i][1])
			return SANITIZE_FORMAT;
	return SANITIZE_OK;
}

const char *sanitize_what(enum sanitize_class c)
{
	switch (c) {
	case SANITIZE_CONTROL:
		return "control character";
	case SANITIZE_BIDI:
		return "bidirectional control";
	case SANITIZE_ZERO_WIDTH:
		return "zero-width character";
	case SANITIZE_BOM:
		return "byte-order mark";
	case SANITIZE_LINE_SEP:
		return "line or paragraph separator";
	case SANITIZE_FORMAT:
		return "invisible formatting character";
	default:
		return "character";
	}
}

const char *sanitize_why(enum sanitize_class c)
{
	switch (c) {
	case SANITIZE_CONTROL:
		return "the terminal would act on it";
	case SANITIZE_BIDI:
		return "it reorders the text shown around it";
	case SANITIZE_ZERO_WIDTH:
	case SANITIZE_FORMAT:
		return "it cannot be seen, so two different texts would look "
		       "the same";
	case SANITIZE_BOM:
		return "only the first bytes of a file may be one";
	case SANITIZE_LINE_SEP:
		return "some terminals break the line there";
	default:
		return "";
	}
}

/* The bad piece at s[0..n), if any: its length in *len (1 for a byte
 * that is not UTF-8) and its code point in *cp, which is -1 for a byte
 * that is not UTF-8.  False when s starts with a good character. */
static bool bad_piece(const char *s, size_t n, size_t *len, int32_t *cp)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= 0x20 && c < 0x7F) {
		*len = 1;
		return false;
	}
	uint32_t u;
	size_t k = utf8_decode(s, n, &u);
	if (!k) {
		*len = 1;
		*cp = -1;
		return true;
	}
	*len = k;
	*cp = (int32_t)u;
	return sanitize_class(u) != SANITIZE_OK;
}

bool sanitize_needed(const char *s, size_t n)
{
	size_t i = 0, len;
	int32_t cp = 0;
	while (i < n) {
		if (bad_piece(s + i, n - i, &len, &cp))
			return true;
		i += len;
	}
	return false;
}

/* The escape for a bad piece: \xNN for a byte that is not UTF-8 or an
 * ASCII control, \uNNNN or \UNNNNNNNN for a character. */
static int escape(char *buf, size_t cap, unsigned char byte, int32_t cp)
{
	if (cp < 0 || cp < 0x80)
		return snprintf(buf, cap, "\\x%02x", cp < 0 ? byte : (unsigned)cp);
	if (cp <= 0xFFFF)
		return snprintf(buf, cap, "\\u%04x", (unsigned)cp);
	return snprintf(buf, cap, "\\U%08x", (unsigned)cp);
}

size_t sanitize_text(char *out, size_t cap, const char *s, size_t n)
{
	size_t o = 0, i = 0, len;
	int32_t cp = 0;
	while (i < n) {
		char esc[16];
		const char *piece = s + i;
		size_t plen;
		if (bad_piece(s + i, n - i, &len, &cp)) {
			plen = (size_t)escape(esc, sizeof esc,
			                      (unsigned char)s[i], cp);
			piece = esc;
		} else {
			plen = len;
		}
		if (o + plen >= cap)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
		i += len;
	}
	out[o] = '\0';
	return o;
}

int sanitize_fputs(const char *s, FILE *fp)
{
	size_t n = strlen(s), i = 0, len = 0;
	int32_t cp = 0;
	while (i < n) {
		/* The good run up to the next bad piece, in one write. */
		size_t run = i;
		while (run < n && !bad_piece(s + run, n - run, &len, &cp))
			run += len;
		if (run > i && fwrite(s + i, 1, run - i, fp) != run - i)
			return EOF;
		if (run == n)
			break;
		char esc[16];
		escape(esc, sizeof esc, (unsigned char)s[run], cp);
		if (fputs(esc, fp) == EOF)
			return EOF;
		i = run + len;
	}
	return 0;
}
