/* outfile: an output file that appears complete or not at all.
 *
 * Writes go to a temporary file in the target's folder; commit flushes,
 * syncs and renames it over the target, so an interrupted or failed write
 * never leaves a truncated file in its place and an existing file survives
 * a failed write untouched.  With no path, writes go to stdout. */
#ifndef NNTRACE_OUTFILE_H
#define NNTRACE_OUTFILE_H

#include <stdio.h>

#include "core/diag.h"

struct outfile {
	FILE *fp;           /* write here */
	const char *path;   /* target, NULL for stdout */
	char *tmp;          /* temporary file's path; NULL when writing
	                       straight to stdout or to a FIFO or device */
};

/* The temporary file being written, for a signal handler to remove
 * (unlink is async-signal-safe); NULL when there is none. */
extern const char *volatile outfile_pending;

/* Opens the temporary file (or takes stdout; an existing FIFO or device
 * is written in place, since renaming over it would replace it).  Returns 0, or -1 with an
 * error (73) in d. */
int outfile_open(struct outfile *f, const char *path, struct diags *d);

/* Flushes and publishes the output.  Returns 0, or -1 with an error (74)
 * in d, the temporary file removed.  A closed pipe on stdout is no error:
 * the reader chose to stop. */
int outfile_commit(struct outfile *f, struct diags *d);

/* Discards the output: removes the temporary file. */
void outfile_abort(struct outfile *f);

#endif
