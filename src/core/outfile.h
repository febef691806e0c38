/* outfile: an output file that appears complete or not at all, and never
 * where it should not.
 *
 * A regular file is written unnamed (O_TMPFILE) in its folder, or, where
 * the file system cannot, as a hidden temporary file there; commit
 * flushes and syncs it, gives it a name and renames that over the target.
 * So an interrupted, failed or killed write (even kill -9) never leaves a
 * truncated file in the target's place, and with O_TMPFILE nothing named
 * at all.  The output never replaces what it should not:
 *
 *   - a FIFO, a device, or the file standard output or standard error
 *     already is (-o /dev/stdout) is written in place, never replaced;
 *   - a symbolic link stays a link: the file it leads to is replaced;
 *   - a folder, a file that is one of the inputs (same device and inode:
 *     `dump my.lesson -o my.lesson`) or a read-only file (unless forced)
 *     is refused before anything is written;
 *   - a file that is replaced keeps its mode (0600 stays 0600) and, as
 *     far as the system lets us, its owner.
 *
 * With no path, writes go to stdout. */
#ifndef NNTRACE_OUTFILE_H
#define NNTRACE_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/diag.h"

struct outfile {
	FILE *fp;           /* write here */
	const char *path;   /* as named, for messages; NULL for stdout */
	char *target;       /* the file commit replaces (path, or where its
	                       symbolic link leads); NULL when written in
	                       place */
	char *dir;          /* the target's folder */
	char *tmp;          /* the named temporary file, or NULL (unnamed,
	                       or written in place) */
	bool unnamed;       /* fp's file has no name yet (O_TMPFILE) */
	bool in_place;      /* a FIFO, a device, stdout's or stderr's own
	                       file: written where it is */
};

struct outfile_options {
	const char *const *inputs; /* files the output must not be, NULL
	                              ends the list; NULL for none */
	bool force;                /* replace a read-only file too */
};

/* The temporary file being written under a name, for a signal handler
 * to remove (unlink is async-signal-safe); NULL when there is none. */
extern const char *volatile outfile_pending;

/* Opens the output (or takes stdout for NULL or "-").  Returns 0, or -1
 * with an error (73) in d and nothing created. */
int outfile_open(struct outfile *f, const char *path,
                 const struct outfile_options *o, struct diags *d);

/* Flushes and publishes the output.  Returns 0, or -1 with an error (74)
 * in d, the temporary file removed.  A closed pipe is no error: the
 * reader chose to stop. */
int outfile_commit(struct outfile *f, struct diags *d);

/* Discards the output: nothing is published. */
void outfile_abort(struct outfile *f);

#endif
