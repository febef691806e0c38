#include "core/newfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Errors name the file in the message, not as the diagnostic's file:
 * diags_add makes a message one clean line whatever bytes the name has. */
static int fail(struct diags *d, int code, const char *path, const char *why)
{
	diags_add(d, "", 0, 0, code, "cannot create '%s': %s", path, why);
	return -1;
}

int newfile_open(struct newfile *f, const char *path, struct diags *d)
{
	memset(f, 0, sizeof *f);
	f->path = path;
	struct stat st;
	if (lstat(path, &st) == 0)
		return fail(d, EXIT_CANTCREAT, path,
		            "it exists already (nntrace new never overwrites "
		            "a file)");
	/* ".NAME.XXXXXX" beside NAME: the same folder, so the same file
	 * system for link(), and the lesson's relative data paths resolve
	 * from the temporary file as they will from NAME. */
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t len = strlen(path);
	f->tmp = malloc(len + 9);
	if (!f->tmp)
		return fail(d, EXIT_SOFTWARE, path, "out of memory");
	memcpy(f->tmp, path, dir);
	f->tmp[dir] = '.';
	memcpy(f->tmp + dir + 1, path + dir, len - dir);
	memcpy(f->tmp + len + 1, ".XXXXXX", 8);
	int fd = mkstemp(f->tmp);
	if (fd < 0) {
		int e = errno;
		free(f->tmp);
		f->tmp = NULL;
		return fail(d, EXIT_CANTCREAT, path, strerror(e));
	}
	/* mkstemp makes 0600; a lesson is as readable as any new file. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	f->fp = fdopen(fd, "w");
	if (!f->fp) {
		int e = errno;
		close(fd);
		newfile_abort(f);
		return fail(d, EXIT_CANTCREAT, path, strerror(e));
	}
	return 0;
}

int newfile_commit(struct newfile *f, struct diags *d)
{
	int bad = ferror(f->fp) || fflush(f->fp) != 0 ||
	          fsync(fileno(f->fp)) != 0;
	int e = errno;
	if (fclose(f->fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	f->fp = NULL;
	if (bad) {
		newfile_abort(f);
		return fail(d, EXIT_IOERR, f->path, strerror(e ? e : EIO));
	}
	if (link(f->tmp, f->path) != 0) {
		e = errno;
		newfile_abort(f);
		return fail(d, EXIT_CANTCREAT, f->path,
		            e == EEXIST ? "it exists already (nntrace new never "
		                          "overwrites a file)"
		                        : strerror(e));
	}
	newfile_abort(f);
	return 0;
}

void newfile_abort(struct newfile *f)
{
	if (f->fp)
		fclose(f->fp);
	f->fp = NULL;
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
}
