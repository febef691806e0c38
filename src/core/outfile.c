/* O_TMPFILE and linkat's AT_EMPTY_PATH are Linux's. */
#define _GNU_SOURCE
#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *volatile outfile_pending;

/* Hidden, and short: a name of 255 bytes (NAME_MAX) must still work. */
#define TMP_PREFIX ".nntrace-"

/* =====================================================================
 * What the path names
 * ===================================================================== */

static int refuse(struct diags *d, const char *path, const char *why)
{
	diags_add(d, path, 0, 0, EXIT_CANTCREAT, "%s", why);
	return -1;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The input among o->inputs that `st` is, or NULL. */
static const char *input_named(const struct stat *st,
                               const struct outfile_options *o)
{
	for (const char *const *in = o && o->inputs ? o->inputs : NULL;
	     in && *in; in++) {
		struct stat s;
		if (stat(*in, &s) == 0 && same_file(&s, st))
			return *in;
	}
	return NULL;
}

/* The standard stream whose file `st` is, or NULL: writing to it where
 * it is keeps its offset, its append mode and what the shell put before
 * it (`-o /dev/stdout >out.txt`). */
static FILE *standard_stream(const struct stat *st)
{
	struct stat s;
	if (fstat(STDOUT_FILENO, &s) == 0 && same_file(&s, st))
		return stdout;
	if (fstat(STDERR_FILENO, &s) == 0 && same_file(&s, st))
		return stderr;
	return NULL;
}

/* Everything but a regular file that is to be replaced: written in
 * place.  0, or -1 after an error. */
static int open_in_place(struct outfile *f, const struct stat *st,
                         struct diags *d)
{
	f->in_place = true;
	f->fp = standard_stream(st);
	if (f->fp)
		return 0;
	/* A FIFO or a device: there is nothing to keep whole, and renaming
	 * over it would replace /dev/null itself. */
	int fd = open(f->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	f->fp = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f->fp) {
		diags_add(d, f->path, 0, 0, EXIT_CANTCREAT, "cannot open: %s",
		          strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return 0;
}

/* The folder of `file`, "." for a bare name (caller frees). */
static char *folder_of(const char *file)
{
	const char *slash = strrchr(file, '/');
	if (!slash)
		return strdup(".");
	size_t n = slash == file ? 1 : (size_t)(slash - file);
	char *dir = malloc(n + 1);
	if (dir) {
		memcpy(dir, file, n);
		dir[n] = '\0';
	}
	return dir;
}

/* =====================================================================
 * The temporary file
 * ===================================================================== */

/* An unnamed file in f->dir, when the kernel, the file system and /proc
 * (for linkat to name it) allow: a descriptor, or -1 to fall back. */
static int open_unnamed(struct outfile *f, mode_t mode)
{
	if (access("/proc/self/fd", X_OK) != 0) {
		errno = EOPNOTSUPP;
		return -1;
	}
	int fd = open(f->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
	if (fd >= 0)
		f->unnamed = true;
	return fd;
}

/* A hidden named file in f->dir (a descriptor, or -1 with errno set). */
static int open_named(struct outfile *f)
{
	size_t n = strlen(f->dir) + sizeof "/" TMP_PREFIX "XXXXXX";
	f->tmp = malloc(n);
	if (!f->tmp) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(f->tmp, n, "%s/" TMP_PREFIX "XXXXXX", f->dir);
	int fd = mkstemp(f->tmp);
	if (fd < 0) {
		int e = errno;
		free(f->tmp);
		f->tmp = NULL;
		errno = e;
		return -1;
	}
	outfile_pending = f->tmp;
	return fd;
}

/* The temporary file for f->target, with the mode and owner it will
 * keep.  0, or -1 after an error. */
static int open_temporary(struct outfile *f, const struct stat *old,
                          struct diags *d)
{
	mode_t mask = umask(0);
	umask(mask);
	mode_t mode = old ? old->st_mode & 07777 : 0666 & ~mask;
	int fd = open_unnamed(f, mode);
	/* A missing or closed folder refuses a named file as well. */
	if (fd < 0 && errno != ENOENT && errno != ENOTDIR && errno != EACCES &&
	    errno != EROFS)
		fd = open_named(f);
	if (fd < 0) {
		int e = errno;
		outfile_abort(f); /* frees the target's and folder's names */
		diags_add(d, f->path, 0, 0, EXIT_CANTCREAT, "cannot create: %s",
		          strerror(e));
		return -1;
	}
	/* The umask may have taken bits the old file had (a handout may
	 * hold answers: 0600 stays 0600, and 0644 stays 0644). */
	fchmod(fd, mode);
	/* Only root may give a file away: without it, ours it stays. */
	if (old && fchown(fd, old->st_uid, old->st_gid) != 0)
		errno = 0;
	f->fp = fdopen(fd, "w");
	if (!f->fp) {
		int e = errno;
		close(fd);
		if (f->tmp)
			unlink(f->tmp);
		outfile_abort(f);
		diags_add(d, f->path, 0, 0, EXIT_CANTCREAT, "cannot create: %s",
		          strerror(e));
		return -1;
	}
	return 0;
}

/* A regular file (old, or NULL for a new one) to be replaced whole. */
static int open_replacing(struct outfile *f, const struct stat *old,
                          const struct outfile_options *o, struct diags *d)
{
	if (old && !(o && o->force) &&
	    (access(f->path, W_OK) != 0 || !(old->st_mode & 0222)))
		return refuse(d, f->path, "is read-only (--force replaces it)");
	struct stat l;
	if (lstat(f->path, &l) == 0 && S_ISLNK(l.st_mode)) {
		/* The link stays; what it leads to is replaced. */
		char real[PATH_MAX];
		if (!old || !realpath(f->path, real))
			return refuse(d, f->path, "is a symbolic link to a file "
			                          "that is not there");
		f->target = strdup(real);
	} else {
		f->target = strdup(f->path);
	}
	f->dir = f->target ? folder_of(f->target) : NULL;
	if (!f->dir) {
		outfile_abort(f);
		return refuse(d, f->path, "out of memory");
	}
	return open_temporary(f, old, d);
}

int outfile_open(struct outfile *f, const char *path,
                 const struct outfile_options *o, struct diags *d)
{
	memset(f, 0, sizeof *f);
	if (!path || strcmp(path, "-") == 0) {
		f->fp = stdout;
		return 0;
	}
	f->path = path;
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			diags_add(d, path, 0, 0, EXIT_CANTCREAT, "cannot open: %s",
			          strerror(errno));
			return -1;
		}
		return open_replacing(f, NULL, o, d);
	}
	if (S_ISDIR(st.st_mode))
		return refuse(d, path, "is a directory (-o names a file)");
	const char *in = input_named(&st, o);
	if (in) {
		char why[DIAG_MSG_MAX];
		if (strcmp(in, path) == 0)
			snprintf(why, sizeof why, "is an input of the handout "
			         "(choose another name)");
		else
			snprintf(why, sizeof why, "is the same file as '%s', an "
			         "input of the handout (choose another name)", in);
		return refuse(d, path, why);
	}
	if (!S_ISREG(st.st_mode) || standard_stream(&st))
		return open_in_place(f, &st, d);
	return open_replacing(f, &st, o, d);
}

/* =====================================================================
 * Publishing
 * ===================================================================== */

/* Flushes fp and closes it unless it is a standard stream: 0 or an
 * errno. */
static int finish(FILE *fp)
{
	int err = 0;
	errno = 0;
	if (fflush(fp) || ferror(fp))
		err = errno ? errno : EIO;
	if (fp != stdout && fp != stderr && fclose(fp) && !err)
		err = errno ? errno : EIO;
	return err;
}

/* Gives the unnamed file a hidden name in f->dir, for rename: 0 or an
 * errno.  The name is one nobody holds (linkat never replaces). */
static int name_unnamed(struct outfile *f)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(f->fp));
	size_t n = strlen(f->dir) + sizeof "/" TMP_PREFIX + 32;
	f->tmp = malloc(n);
	if (!f->tmp)
		return ENOMEM;
	for (unsigned k = 0; k < 100; k++) {
		snprintf(f->tmp, n, "%s/" TMP_PREFIX "%ld-%u", f->dir,
		         (long)getpid(), k);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp,
		           AT_SYMLINK_FOLLOW) == 0 ||
		    linkat(fileno(f->fp), "", AT_FDCWD, f->tmp,
		           AT_EMPTY_PATH) == 0) {
			outfile_pending = f->tmp;
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	free(f->tmp);
	f->tmp = NULL;
	return e;
}

/* Frees what f holds, removing nothing. */
static void release(struct outfile *f)
{
	outfile_pending = NULL;
	f->fp = NULL;
	free(f->tmp);
	free(f->target);
	free(f->dir);
	f->tmp = f->target = f->dir = NULL;
	f->unnamed = false;
}

int outfile_commit(struct outfile *f, struct diags *d)
{
	if (!f->fp)
		return -1;
	if (!f->target) {
		/* stdout, or written in place. */
		int err = finish(f->fp);
		f->fp = NULL;
		if (!err || err == EPIPE)
			return 0;
		diags_add(d, f->path ? f->path : "<stdout>", 0, 0, EXIT_IOERR,
		          "write error: %s", strerror(err));
		return -1;
	}
	int err = 0;
	errno = 0;
	if (fflush(f->fp) || ferror(f->fp))
		err = errno ? errno : EIO;
	else if (fsync(fileno(f->fp)) && errno != EINVAL)
		err = errno;
	if (!err && f->unnamed)
		err = name_unnamed(f);
	if (fclose(f->fp) && !err)
		err = errno ? errno : EIO;
	f->fp = NULL;
	if (!err && rename(f->tmp, f->target))
		err = errno;
	if (err) {
		diags_add(d, f->path, 0, 0, EXIT_IOERR, "write error: %s",
		          strerror(err));
		if (f->tmp)
			unlink(f->tmp);
	}
	release(f);
	return err ? -1 : 0;
}

void outfile_abort(struct outfile *f)
{
	if (f->fp && f->fp != stdout && f->fp != stderr)
		fclose(f->fp);
	if (f->fp && f->tmp)
		unlink(f->tmp);
	release(f);
}
