#include "tui/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/infile.h"
#include "core/sanitize.h"

#define MAGIC "nntrace-state 1"

void state_init(struct state *s)
{
	memset(s, 0, sizeof *s);
	s->iteration = -1;
}

void state_free(struct state *s)
{
	struct state_seen seen = s->seen;
	free(s->answers);
	state_init(s);
	s->seen = seen;
}

/* FNV-1a: stable across runs and machines, unlike a pointer or a seed. */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

int state_path(char *out, size_t cap, const char *lesson_abs)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	int n;
	/* The XDG spec says relative values are invalid and to be ignored. */
	if (xdg && xdg[0] == '/')
		n = snprintf(out, cap, "%s/nntrace/%016llx.state", xdg,
		             (unsigned long long)fnv1a(lesson_abs));
	else if (home && *home)
		n = snprintf(out, cap, "%s/.local/state/nntrace/%016llx.state",
		             home, (unsigned long long)fnv1a(lesson_abs));
	else
		return -1;
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

const struct answer *state_find(const struct state *s, long it, uint32_t cue)
{
	return answers_find(s->answers, s->n, it, cue);
}

int state_answer(struct state *s, long it, uint32_t cue, int result,
                 const char *typed)
{
	struct answer *a = (struct answer *)state_find(s, it, cue);
	if (!a) {
		if (s->n >= STATE_MAX_ANSWERS)
			return -1;
		struct answer *p = grow(s->answers, &s->cap, s->n + 1,
		                        sizeof *p, 16);
		if (!p)
			return -1;
		s->answers = p;
		a = &s->answers[s->n++];
		a->iteration = it;
		a->cue = cue;
	}
	a->result = result;
	snprintf(a->typed, sizeof a->typed, "%s", typed ? typed : "");
	return 0;
}

/* Whether w is an answer as the player lets it be typed: the characters
 * of a number only, so that a line of the file is always four or five
 * words. */
static bool typed_ok(const char *w)
{
	size_t n = strlen(w);
	return n > 0 && n < ANSWER_TYPED_MAX &&
	       strspn(w, "0123456789+-.eE") == n;
}

size_t state_right(const struct state *s)
{
	return answers_right(s->answers, s->n);
}

/* A reason for err: the file's name made safe to show (it comes from
 * $XDG_STATE_HOME or $HOME). */
static int fail(struct state *s, char *err, size_t cap, const char *file,
                int line, const char *why)
{
	char name[PATH_MAX];
	sanitize_text(name, sizeof name, file, strlen(file));
	state_free(s);
	if (line)
		snprintf(err, cap, "%s:%d: %s", name, line, why);
	else
		snprintf(err, cap, "%s: %s", name, why);
	return -1;
}

static void remember(struct state_seen *seen, const struct stat *st)
{
	seen->known = true;
	seen->dev = st->st_dev;
	seen->ino = st->st_ino;
	seen->size = st->st_size;
	seen->mtime = st->st_mtim;
}

static bool seen_is(const struct state_seen *seen, const struct stat *st)
{
	return seen->known && seen->dev == st->st_dev &&
	       seen->ino == st->st_ino && seen->size == st->st_size &&
	       seen->mtime.tv_sec == st->st_mtim.tv_sec &&
	       seen->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

int state_load(struct state *s, const char *file, const char *lesson_abs,
               char *err, size_t errcap)
{
	state_free(s);
	s->seen.known = false;
	struct stat st;
	int fd = infile_open(file, &st);
	if (fd == INFILE_SPECIAL) {
		char why[64];
		snprintf(why, sizeof why, "not a regular file (%s)",
		         infile_kind(st.st_mode));
		return fail(s, err, errcap, file, 0, why);
	}
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "r");
	if (!fp) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		if (e == ENOENT)
			return 1;
		return fail(s, err, errcap, file, 0, strerror(e));
	}
	remember(&s->seen, &st);
	char line[PATH_MAX + 64];
	int ln = 0, rc = 0;
	bool seen_lesson = false, seen_position = false;
	const char *why = NULL;
	while (fgets(line, sizeof line, fp)) {
		ln++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(fp)) {
			why = "line too long";
			break;
		}
		if (ln == 1) {
			if (strcmp(line, MAGIC) != 0) {
				why = "not an nntrace state file";
				break;
			}
			continue;
		}
		long it, step, res;
		unsigned long cue;
		char extra, typed[ANSWER_TYPED_MAX + 1];
		int words;
		if (strncmp(line, "lesson ", 7) == 0) {
			if (strcmp(line + 7, lesson_abs) != 0) {
				why = "belongs to another lesson";
				break;
			}
			seen_lesson = true;
		} else if (sscanf(line, "position %ld %ld %c", &it, &step,
		                  &extra) == 2) {
			if (it < 0 || step < 0) {
				why = "negative position";
				break;
			}
			s->iteration = it;
			s->step = step;
			seen_position = true;
		} else if ((words = sscanf(line, "answer %ld %lu %ld %32s %c",
		                           &it, &cue, &res, typed, &extra)) == 3 ||
		           words == 4) {
			if (it < 0 || cue > UINT32_MAX || res < -1 || res > 1) {
				why = "answer out of range";
				break;
			}
			if (words == 4 && !typed_ok(typed)) {
				why = "answer not a number";
				break;
			}
			if (state_answer(s, it, (uint32_t)cue, (int)res,
			                 words == 4 ? typed : NULL)) {
				why = "too many answers";
				break;
			}
		} else if (line[0] != '\0') {
			why = "unexpected line";
			break;
		}
	}
	if (!why && ferror(fp))
		why = strerror(errno);
	if (!why && ln == 0)
		why = "empty file";
	if (!why && (!seen_lesson || !seen_position))
		why = "incomplete";
	fclose(fp);
	if (why)
		rc = fail(s, err, errcap, file, ln, why);
	return rc;
}

/* mkdir -p for the folders above `file`. */
static int make_parents(const char *file)
{
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s", file) >= (int)sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Holds an exclusive lock on the folder of `file` while a save reads,
 * merges and writes: -1 when it could not be had within two seconds (the
 * save goes on unlocked: better saved than not), else a descriptor for
 * unlock. */
static int lock_folder(const char *file)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", file);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	int fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (int tries = 0; tries < 40; tries++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR)
			break;
		nanosleep(&(struct timespec){0, 50000000}, NULL);
	}
	close(fd);
	return -1;
}

static void unlock_folder(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the lock */
}

/* When the file is not the one s saw last, another player saved since:
 * their answers to questions s has not answered join s.  A file that
 * cannot be read, or is another lesson's, merges nothing. */
static void merge(struct state *s, const char *file, const char *lesson_abs)
{
	struct stat st;
	if (stat(file, &st) != 0 || !S_ISREG(st.st_mode) ||
	    seen_is(&s->seen, &st))
		return;
	struct state disk;
	char err[8];
	state_init(&disk);
	if (state_load(&disk, file, lesson_abs, err, sizeof err) == 0)
		for (size_t i = 0; i < disk.n; i++) {
			const struct answer *a = &disk.answers[i];
			if (!state_find(s, a->iteration, a->cue))
				state_answer(s, a->iteration, a->cue, a->result,
				             a->typed);
		}
	state_free(&disk);
}

/* Writes s to the temporary file fp, then renames it over file.  0 or
 * -1 (errno set); on success s has seen the new file. */
static int write_state(struct state *s, FILE *fp, const char *tmp,
                       const char *file, const char *lesson_abs)
{
	fprintf(fp, "%s\nlesson %s\nposition %ld %ld\n", MAGIC, lesson_abs,
	        s->iteration < 0 ? 0 : s->iteration, s->step < 0 ? 0 : s->step);
	for (size_t i = 0; i < s->n; i++) {
		const struct answer *a = &s->answers[i];
		fprintf(fp, "answer %ld %lu %d%s%s\n", a->iteration,
		        (unsigned long)a->cue, a->result, a->typed[0] ? " " : "",
		        a->typed);
	}
	int bad = ferror(fp);
	struct stat st;
	if (fflush(fp) || fsync(fileno(fp)) || fstat(fileno(fp), &st))
		bad = 1;
	int saved = errno;
	if (fclose(fp))
		bad = 1;
	if (bad || rename(tmp, file)) {
		saved = errno ? errno : saved;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	remember(&s->seen, &st);
	return 0;
}

int state_save(struct state *s, const char *file, const char *lesson_abs)
{
	if (make_parents(file))
		return -1;
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", file) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int lock = lock_folder(file);
	merge(s, file, lesson_abs);
	int fd = mkstemp(tmp);
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "w");
	int rc = -1;
	if (fp) {
		rc = write_state(s, fp, tmp, file, lesson_abs);
	} else if (fd >= 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
	}
	int e = errno;
	unlock_folder(lock);
	errno = e;
	return rc;
}
