/* watch: whether a file was saved again, for the player's live reload.
 *
 * With inotify it watches the file's folder, not the file: an editor
 * that saves by writing a new file and renaming it over the old one (vim)
 * replaces the inode a file watch would follow.  Without inotify (or
 * with NNTRACE_WATCH=poll) it compares the file's modification time,
 * size and inode once a second.  Only tui/ uses this header. */
#ifndef NNTRACE_TUI_WATCH_H
#define NNTRACE_TUI_WATCH_H

#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>

struct watch {
	int fd;                  /* inotify, or -1 when polling */
	char path[PATH_MAX];     /* the file watched; "" for none */
	char name[PATH_MAX];     /* its name in its folder */
	struct stat seen;        /* when polling: at the last look */
	bool exists;             /* when polling: it existed then */
	long due_ms;             /* when polling: the next look */
};

/* Starts watching `path` (absolute), stopping any earlier watch.  Never
 * fails: without inotify it polls. */
void watch_start(struct watch *w, const char *path);

/* Whether the file was written, created or renamed into place since the
 * last call (now_ms: a monotonic clock, for polling). */
bool watch_changed(struct watch *w, long now_ms);

void watch_stop(struct watch *w);

#endif
