#include "tui/watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/inotify.h>
#define WATCH_INOTIFY 1
#endif

/* Polling's period: a second is soon enough after a save. */
#define WATCH_POLL_MS 1000

static void look(struct watch *w)
{
	w->exists = stat(w->path, &w->seen) == 0;
}

static bool use_inotify(void)
{
	const char *v = getenv("NNTRACE_WATCH");
	return !(v && strcmp(v, "poll") == 0);
}

void watch_start(struct watch *w, const char *path)
{
	watch_stop(w);
	snprintf(w->path, sizeof w->path, "%s", path);
	const char *slash = strrchr(path, '/');
	snprintf(w->name, sizeof w->name, "%s", slash ? slash + 1 : path);
	look(w);
	w->due_ms = 0;
#ifdef WATCH_INOTIFY
	if (!use_inotify())
		return;
	char dir[PATH_MAX];
	size_t len = slash ? (size_t)(slash - path) : 0;
	snprintf(dir, sizeof dir, "%.*s", len ? (int)len : 1,
	         len ? path : (slash ? "/" : "."));
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd >= 0 &&
	    inotify_add_watch(w->fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
		close(w->fd);
		w->fd = -1;
	}
#endif
}

/* When polling: whether the file looks different from the last look. */
static bool polled(struct watch *w, long now_ms)
{
	if (now_ms < w->due_ms)
		return false;
	w->due_ms = now_ms + WATCH_POLL_MS;
	struct stat before = w->seen;
	bool existed = w->exists;
	look(w);
	if (!w->exists)
		return false; /* in the middle of a save: wait for the file */
	return !existed || before.st_ino != w->seen.st_ino ||
	       before.st_size != w->seen.st_size ||
	       before.st_mtim.tv_sec != w->seen.st_mtim.tv_sec ||
	       before.st_mtim.tv_nsec != w->seen.st_mtim.tv_nsec;
}

bool watch_changed(struct watch *w, long now_ms)
{
	if (!w->path[0])
		return false;
	if (w->fd < 0)
		return polled(w, now_ms);
	bool changed = false;
#ifdef WATCH_INOTIFY
	/* Every event queued so far: several saves in a row are one
	 * reload. */
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	while ((n = read(w->fd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const void *)p;
			if (e->len && strcmp(e->name, w->name) == 0)
				changed = true;
			p += sizeof *e + e->len;
		}
	}
#endif
	(void)now_ms;
	return changed;
}

void watch_stop(struct watch *w)
{
	if (w->fd >= 0 && w->path[0])
		close(w->fd);
	w->fd = -1;
	w->path[0] = '\0';
}
