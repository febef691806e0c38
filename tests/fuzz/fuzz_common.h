/* What the lesson and pipeline harnesses share. */
#ifndef NNTRACE_FUZZ_COMMON_H
#define NNTRACE_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Data paths that could block on open or read (a FIFO, a terminal) or
 * read without end: a lesson may name any file, but a fuzzer must not
 * wait on one.  Inputs naming them are skipped. */
static inline bool names_special_file(const uint8_t *buf, size_t len)
{
	static const char *const bad[] = {"/dev", "/proc", "/sys", "/run",
	                                  "/var"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t n = strlen(bad[i]);
		for (size_t j = 0; j + n <= len; j++)
			if (memcmp(buf + j, bad[i], n) == 0)
				return true;
	}
	return false;
}

#endif
