/* What the lesson and pipeline harnesses share. */
#ifndef NNTRACE_FUZZ_COMMON_H
#define NNTRACE_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* No input is skipped for the files it names: a lesson reads data only
 * below its folder or a data-set folder, and only a regular file (a FIFO
 * or a terminal is refused unopened), so none can keep a fuzzer waiting.
 * (Until issue 13 inputs naming /dev, /proc, /sys, /run or /var were
 * skipped.) */

#endif
