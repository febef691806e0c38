/* newfile: a new file that appears whole, and never over an existing one.
 *
 * What `nntrace new` writes: the text goes to a temporary file in the
 * target's folder, which the caller may still read (to check it) before
 * commit links it to its name.  link() fails when the name exists, so a
 * file that appeared meanwhile is never replaced, and a reader never sees
 * a half-written file. */
#ifndef NNTRACE_NEWFILE_H
#define NNTRACE_NEWFILE_H

#include <stdio.h>

#include "core/diag.h"

struct newfile {
	FILE *fp;           /* write here */
	const char *path;   /* the name it will have */
	char *tmp;          /* the temporary file, in the same folder */
};

/* Refuses an existing `path` (73) before any work; else opens the
 * temporary file.  Returns 0, or -1 with an error in d. */
int newfile_open(struct newfile *f, const char *path, struct diags *d);

/* Flushes, syncs and gives the file its name.  Returns 0, or -1 with an
 * error in d (73: the name exists now; 74: a write failed), the
 * temporary file removed either way. */
int newfile_commit(struct newfile *f, struct diags *d);

/* Removes the temporary file. */
void newfile_abort(struct newfile *f);

#endif
