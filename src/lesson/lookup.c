/* lookup: finding lessons by name.  lesson_find (a name to a path) and
 * lesson_list (every name there is) walk the same folders in the same
 * order, so whatever `nntrace lessons` and the player's list show, a bare
 * name opens -- and the lesson a name opens is the one they show. */
#include "lesson/lesson.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/grow.h"
#include "lesson/folders.h"

#define EXT ".lesson"
#define EXT_LEN 7

/* =====================================================================
 * The folders
 * ===================================================================== */

/* Whether path names something lesson_load can read (not a folder). */
static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* =====================================================================
 * A name to a path
 * ===================================================================== */

int lesson_find(const char *name, const char *exe_dir, char *out,
                size_t cap)
{
	if (!name || !name[0] || !cap)
		return -1;
	if (is_file(name)) {
		if (strlen(name) >= cap)
			return -1;
		memcpy(out, name, strlen(name) + 1);
		return 0;
	}
	if (strchr(name, '/'))
		return -1; /* a path that is not there */
	char file[PATH_MAX];
	size_t n = strlen(name);
	bool has_ext = n > EXT_LEN && strcmp(name + n - EXT_LEN, EXT) == 0;
	if (snprintf(file, sizeof file, "%s%s", name, has_ext ? "" : EXT) >=
	    (int)sizeof file)
		return -1;

	struct folders it;
	char dir[PATH_MAX];
	folders_start(&it, "NNTRACE_LESSONS", "lessons", exe_dir);
	while (folders_next(&it, dir, sizeof dir)) {
		int k = snprintf(out, cap, "%s/%s", dir, file);
		if (k > 0 && (size_t)k < cap && is_file(out))
			return 0;
	}
	out[0] = '\0';
	return -1;
}

/* =====================================================================
 * Every name
 * ===================================================================== */

/* Appends name (without EXT, len bytes) found in dir; -1 when out of
 * memory. */
static int add_file(struct lesson_files *f, const char *dir,
                    const char *name, size_t len)
{
	struct lesson_file *v = grow(f->v, &f->cap, f->n + 1, sizeof *v, 16);
	if (!v)
		return -1;
	f->v = v;
	size_t dl = strlen(dir);
	char *nm = malloc(len + 1);
	char *path = malloc(dl + 1 + len + EXT_LEN + 1);
	if (!nm || !path) {
		free(nm);
		free(path);
		return -1;
	}
	memcpy(nm, name, len);
	nm[len] = '\0';
	sprintf(path, "%s/%s" EXT, dir, nm);
	f->v[f->n++] = (struct lesson_file){nm, path};
	return 0;
}

static bool listed(const struct lesson_files *f, const char *name,
                   size_t len)
{
	for (size_t i = 0; i < f->n; i++)
		if (strlen(f->v[i].name) == len &&
		    memcmp(f->v[i].name, name, len) == 0)
			return true;
	return false;
}

/* The lesson files of dir in name order, appended to f; with `shadow`,
 * not those whose name f holds already. */
static int scan(struct lesson_files *f, const char *dir, bool shadow)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return 0; /* no such folder: nothing in it */
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const char *e = names[i]->d_name;
		size_t len = strlen(e);
		char path[PATH_MAX];
		if (rc == 0 && len > EXT_LEN &&
		    strcmp(e + len - EXT_LEN, EXT) == 0 &&
		    !(shadow && listed(f, e, len - EXT_LEN)) &&
		    snprintf(path, sizeof path, "%s/%s", dir, e) <
		            (int)sizeof path &&
		    is_file(path))
			rc = add_file(f, dir, e, len - EXT_LEN);
		free(names[i]);
	}
	free(names);
	return rc;
}

int lesson_list(const char *exe_dir, struct lesson_files *out)
{
	struct folders it;
	char dir[PATH_MAX];
	folders_start(&it, "NNTRACE_LESSONS", "lessons", exe_dir);
	while (folders_next(&it, dir, sizeof dir))
		if (scan(out, dir, true) != 0)
			return -1;
	return 0;
}

int lesson_list_folder(const char *dir, struct lesson_files *out)
{
	return scan(out, dir, false);
}

void lesson_files_free(struct lesson_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].path);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}
