/* folders: where lessons and data sets are looked for.  The lesson
 * lookup and the data-file rules walk the same lists in the same order:
 * each non-empty part of a colon-separated environment variable
 * ($NNTRACE_LESSONS, $NNTRACE_DATASETS), then the bundled folder of that
 * kind beside the executable and in its installed share folder. */
#ifndef NNTRACE_FOLDERS_H
#define NNTRACE_FOLDERS_H

#include <stdbool.h>
#include <stddef.h>

struct folders {
	const char *env;     /* the rest of the variable's list, or NULL */
	const char *kind;    /* "lessons" or "datasets" */
	const char *exe_dir; /* or NULL: no bundled folders */
	int bundled;         /* bundled folders given so far */
};

/* Starts a walk over $variable's folders, then (when exe_dir is neither
 * NULL nor "") exe_dir/KIND and exe_dir/../share/nntrace/KIND. */
void folders_start(struct folders *it, const char *variable,
                   const char *kind, const char *exe_dir);

/* The next folder into buf; false after the last.  A folder too long for
 * buf is passed over: no file in it could be named either. */
bool folders_next(struct folders *it, char *buf, size_t cap);

#endif
